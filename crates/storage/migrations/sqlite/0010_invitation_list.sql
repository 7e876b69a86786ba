-- The portal lists a tenant's invitations newest first, a page at a time by cursor:
-- ids are time-ordered (UUIDv7), so (tenant_id, id) serves every page from an index
-- instead of sorting the tenant's invitations. New invitations land at its end.
CREATE INDEX invitations_page ON invitations (tenant_id, id);
