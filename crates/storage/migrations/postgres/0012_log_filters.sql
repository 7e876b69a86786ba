-- The portal finds a tenant's invitations of one address, and the audit entries of
-- one object, newest first, from an index each instead of walking the whole list.
CREATE INDEX invitations_email ON invitations (tenant_id, invited_email, id);
CREATE INDEX audit_log_target ON audit_log (tenant_id, target_id, id);
