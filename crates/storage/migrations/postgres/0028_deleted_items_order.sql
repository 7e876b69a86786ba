-- Deleted items (issue 19 follow-up; mirrors the SQLite file): the portal lists a tenant's deleted items newest
-- deletion first, a page at a time, so each kind has an index in that order.
CREATE INDEX users_deleted_order ON users (tenant_id, deleted_at, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX groups_deleted_order ON groups (tenant_id, deleted_at, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX applications_deleted_order ON applications (tenant_id, deleted_at, id) WHERE deleted_at IS NOT NULL;

-- A guest object deleted because its home account was deleted names that home user
-- here, so restoring the home account restores exactly these guests, never one its
-- inviting tenant's administrator deleted on their own. Null for every live user and
-- for every user deleted on its own; a restore clears it.
ALTER TABLE users ADD COLUMN deleted_with TEXT;
CREATE INDEX users_deleted_with ON users (deleted_with) WHERE deleted_with IS NOT NULL;
