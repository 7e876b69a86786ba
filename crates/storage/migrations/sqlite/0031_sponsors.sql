-- Sponsors (issue 22, decision 0015): the member users and groups of a tenant who
-- answer for one of its users (a guest, mostly), as Graph's `sponsors`. A sponsor
-- is a user or a group of the same tenant (`sponsor_type` User or Group). The second
-- index finds the guests a sponsor answers for.
CREATE TABLE sponsors (
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    user_id TEXT NOT NULL,
    sponsor_id TEXT NOT NULL,
    sponsor_type TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, user_id, sponsor_id)
);
CREATE INDEX sponsors_of_sponsor ON sponsors (tenant_id, sponsor_id);
