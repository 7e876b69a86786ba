-- SCIM provisioning connections and the provisioning log (issue 23, decision 0017).
--
-- A connection is what an HR system's or an identity provider's provisioning form
-- takes: the tenant's SCIM URL and a long-lived secret token, stored as a keyed hash
-- (as client secrets are), acting as an application registered with it (the audit
-- log's actor). A partner's connection names the partner tenant: it provisions that
-- partner's people as guests only, in the partner's domains.
CREATE TABLE provisioning_connections (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    application_id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    partner_tenant_id TEXT,
    token_hash TEXT NOT NULL,
    token_hint TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE UNIQUE INDEX provisioning_connections_token ON provisioning_connections (token_hash);
CREATE INDEX provisioning_connections_tenant ON provisioning_connections (tenant_id, created_at);

-- What each SCIM request changed, or why it failed: one row per change or failure,
-- newest first by (at, id), kept 30 days (as Entra ID keeps its provisioning logs).
CREATE TABLE provisioning_log (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    at BIGINT NOT NULL,
    application_id TEXT NOT NULL,
    connection_id TEXT,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT,
    resource_name TEXT,
    status TEXT NOT NULL,
    http_status INTEGER NOT NULL,
    error_code TEXT,
    error_reason TEXT,
    changes TEXT NOT NULL
);
CREATE INDEX provisioning_log_time ON provisioning_log (tenant_id, at, id);
CREATE INDEX provisioning_log_status ON provisioning_log (tenant_id, status, at, id);

-- A partner connection reads only its partner's guests.
CREATE INDEX users_home_tenant ON users (tenant_id, home_tenant_id);
