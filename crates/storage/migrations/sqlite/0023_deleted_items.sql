-- Deleted items (issue 19): a deleted user, group or application keeps its row, and
-- everything that hangs off it, with the time it was deleted; it is left out of every
-- listing, lookup and token path until it is restored, or purged 30 days on.

ALTER TABLE users ADD COLUMN deleted_at INTEGER;
ALTER TABLE groups ADD COLUMN deleted_at INTEGER;
ALTER TABLE applications ADD COLUMN deleted_at INTEGER;

-- A deleted user's principal name is free for a new user; restoring it then finds the
-- name taken, which this index refuses.
DROP INDEX users_upn;
CREATE UNIQUE INDEX users_upn ON users (tenant_id, upn_lower) WHERE deleted_at IS NULL;

-- Counting a tenant's users still reads this index alone, the deletion time beside
-- each id (a partial index would not do: SQLite reads the table to check its
-- condition, and another index of the tenant misleads its choice of filter indexes).
DROP INDEX users_page;
CREATE INDEX users_page ON users (tenant_id, id, deleted_at);

-- A tenant's deleted items, for their listing and for the purge.
CREATE INDEX users_deleted ON users (tenant_id, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX groups_deleted ON groups (tenant_id, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX applications_deleted ON applications (tenant_id, id) WHERE deleted_at IS NOT NULL;
CREATE INDEX users_deleted_at ON users (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX groups_deleted_at ON groups (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX applications_deleted_at ON applications (deleted_at) WHERE deleted_at IS NOT NULL;
