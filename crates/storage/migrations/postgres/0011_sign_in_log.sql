-- The sign-in log: one row per interactive sign-in attempt (password, email code,
-- second factor) at the tenant whose account signed in, and one per application
-- sign-in (an authorization code issued) at the tenant of the application, which for
-- a guest is the resource tenant. Kept 30 days, as Entra keeps its sign-in logs.
CREATE TABLE sign_in_log (
    id BIGSERIAL PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    user_id TEXT,
    login TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT,
    method TEXT,
    client_id TEXT,
    app_name TEXT,
    source TEXT
);
CREATE INDEX sign_in_log_tenant ON sign_in_log (tenant_id, id);
CREATE INDEX sign_in_log_at ON sign_in_log (at);
