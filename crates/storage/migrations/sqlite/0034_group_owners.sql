-- Group owners (Graph's `owners` of a group; issue 22, decision 0016): the users who
-- answer for a group, who may be its access reviews' reviewers. Purging the group or
-- the user removes the rows.
CREATE TABLE group_owners (
    tenant_id TEXT NOT NULL,
    group_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, group_id, user_id)
);
CREATE INDEX group_owners_user ON group_owners (tenant_id, user_id);
