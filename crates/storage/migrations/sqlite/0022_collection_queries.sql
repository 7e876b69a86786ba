-- The directory API's collection queries (issue 18): every field a $filter, $orderby
-- or $search may name leads an index after the tenant and before the id, so a
-- filter is an index range read in id order and a sort is an index walk.

-- A display name from its second word on (after the first space), for $search's
-- word-start matching of "first last" names; computed by SQLite, never written.
ALTER TABLE users ADD COLUMN display_name_rest TEXT GENERATED ALWAYS AS (
    CASE WHEN instr(display_name_lower, ' ') > 0
    THEN substr(display_name_lower, instr(display_name_lower, ' ') + 1) END
) VIRTUAL;
CREATE INDEX users_display_name_words ON users (tenant_id, display_name_rest, id);
CREATE INDEX users_enabled ON users (tenant_id, account_enabled, id);
CREATE INDEX users_creation ON users (tenant_id, creation_type, id);
CREATE INDEX users_state ON users (tenant_id, external_user_state, id);
CREATE INDEX users_created ON users (tenant_id, created_at, id);

ALTER TABLE groups ADD COLUMN display_name_rest TEXT GENERATED ALWAYS AS (
    CASE WHEN instr(display_name_lower, ' ') > 0
    THEN substr(display_name_lower, instr(display_name_lower, ' ') + 1) END
) VIRTUAL;
CREATE INDEX groups_display_name ON groups (tenant_id, display_name_lower, id);
CREATE INDEX groups_display_name_words ON groups (tenant_id, display_name_rest, id);
CREATE INDEX groups_created ON groups (tenant_id, created_at, id);

-- A user's groups in group id order (memberOf); the index on user_id alone goes.
CREATE INDEX group_members_user_group ON group_members (user_id, group_id);
DROP INDEX group_members_user;
