-- (Mirrors the SQLite file.)
-- SCIM provisioning (issue 23, decision 0017). A user's and a group's `externalId`
-- (the provisioning client's own id for it: compared exactly, as RFC 7643 says), when
-- it last changed (`meta.lastModified`, which clients filter on), and a user's SCIM
-- attributes Entente keeps as they were sent without acting on them (name parts,
-- title, phone numbers, addresses, the enterprise extension's employee number,
-- department and manager...), as JSON. Each filterable one leads an index after the
-- tenant, so a filter on it never scans the tenant.
ALTER TABLE users ADD COLUMN external_id TEXT;
ALTER TABLE users ADD COLUMN updated_at BIGINT;
ALTER TABLE users ADD COLUMN scim_profile TEXT;
UPDATE users SET updated_at = created_at;
CREATE INDEX users_external_id ON users (tenant_id, external_id);
CREATE INDEX users_updated ON users (tenant_id, updated_at, id);

ALTER TABLE groups ADD COLUMN external_id TEXT;
ALTER TABLE groups ADD COLUMN updated_at BIGINT;
UPDATE groups SET updated_at = created_at;
CREATE INDEX groups_external_id ON groups (tenant_id, external_id);
CREATE INDEX groups_updated ON groups (tenant_id, updated_at, id);
