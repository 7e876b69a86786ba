-- B2B collaboration: tenants' collaboration policy and branding, invitations and the
-- guest objects they create, bulk uploads awaiting confirmation, and the one-time
-- codes that prove an email address.

-- 0 marks a tenant created by email-verified sign-up for a domain nobody manages yet.
ALTER TABLE tenants ADD COLUMN managed INTEGER NOT NULL DEFAULT 1;
-- JSON: who may invite whom, invitation lifetime, guests' second factor.
ALTER TABLE tenants ADD COLUMN collaboration TEXT NOT NULL DEFAULT '{}';
-- JSON: logo and colour of the tenant's emails and pages.
ALTER TABLE tenants ADD COLUMN branding TEXT NOT NULL DEFAULT '{}';

-- A redeemed guest points at its home identity; the home user's disabling or deletion
-- finds its guests through this index.
ALTER TABLE users ADD COLUMN home_tenant_id TEXT;
ALTER TABLE users ADD COLUMN home_user_id TEXT;
CREATE INDEX users_home_user ON users (home_user_id);

CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    user_id TEXT NOT NULL,
    invited_email TEXT NOT NULL,
    display_name TEXT,
    redirect_url TEXT,
    language TEXT NOT NULL,
    message TEXT,
    cc TEXT NOT NULL,
    branding_app_id TEXT,
    contact_url TEXT,
    send_message INTEGER NOT NULL,
    invited_by_type TEXT NOT NULL,
    invited_by_id TEXT,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    redeemed_at INTEGER,
    revoked_at INTEGER,
    outbox_id TEXT
);
CREATE INDEX invitations_user ON invitations (tenant_id, user_id);

CREATE TABLE invitation_batches (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    created_by_type TEXT NOT NULL,
    created_by_id TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    preview TEXT NOT NULL,
    result TEXT,
    completed_at INTEGER
);

CREATE TABLE email_codes (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    invitation_id TEXT,
    email TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    used_at INTEGER
);
