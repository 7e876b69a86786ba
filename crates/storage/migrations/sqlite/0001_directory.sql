-- The directory, sign-in state and OAuth state. Times are Unix seconds; ids are
-- hyphenated UUID text; flags are 0/1. The PostgreSQL file mirrors this one.

CREATE TABLE tenants (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    initial_domain TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    mfa_required INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tenant_domains (
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    domain TEXT NOT NULL,
    verification_code TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    verified_at INTEGER,
    PRIMARY KEY (tenant_id, domain)
);
CREATE UNIQUE INDEX tenant_domains_verified ON tenant_domains (domain) WHERE verified_at IS NOT NULL;

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    user_type TEXT NOT NULL,
    creation_type TEXT,
    external_user_state TEXT,
    external_user_state_changed_at INTEGER,
    sign_in_name TEXT,
    alternative_security_id TEXT,
    user_principal_name TEXT NOT NULL,
    upn_lower TEXT NOT NULL,
    mail TEXT,
    mail_lower TEXT,
    display_name TEXT NOT NULL,
    display_name_lower TEXT NOT NULL,
    account_enabled INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    password_hash TEXT
);
CREATE UNIQUE INDEX users_upn ON users (tenant_id, upn_lower);
CREATE INDEX users_mail ON users (tenant_id, mail_lower);
CREATE INDEX users_display_name ON users (tenant_id, display_name_lower, id);
CREATE INDEX users_page ON users (tenant_id, id);

CREATE TABLE user_directory_roles (
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    display_name TEXT NOT NULL,
    display_name_lower TEXT NOT NULL,
    description TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX groups_page ON groups (tenant_id, id);

CREATE TABLE group_members (
    tenant_id TEXT NOT NULL,
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    client_id TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    public_client INTEGER NOT NULL,
    redirect_uris TEXT NOT NULL,
    home_page_url TEXT,
    logo_url TEXT,
    app_roles TEXT NOT NULL,
    jwks TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX applications_page ON applications (tenant_id, id);

CREATE TABLE application_secrets (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    hint TEXT NOT NULL,
    display_name TEXT,
    secret_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX application_secrets_app ON application_secrets (application_id);

CREATE TABLE app_role_assignments (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    principal_id TEXT NOT NULL,
    principal_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    app_role_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX app_role_assignments_unique ON app_role_assignments (principal_id, resource_id, app_role_id);
CREATE INDEX app_role_assignments_resource ON app_role_assignments (resource_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor_type TEXT NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT,
    details TEXT NOT NULL
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id);

CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    alg TEXT NOT NULL,
    private_key_sealed TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    activates_at INTEGER NOT NULL,
    retires_at INTEGER NOT NULL
);

CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    auth_time INTEGER NOT NULL,
    amr TEXT NOT NULL,
    ended_at INTEGER
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    blocked_until INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE authorization_codes (
    code_hash TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    session_hash TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    nonce TEXT,
    code_challenge TEXT,
    auth_time INTEGER NOT NULL,
    amr TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    auth_time INTEGER NOT NULL,
    amr TEXT NOT NULL,
    code_hash TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_code ON refresh_tokens (code_hash);
