-- Redemption links name their invitation: `/redeem/{invitation id}.{secret}`. The id
-- finds the row through the primary key and the secret's hash is compared with the
-- stored one in constant time, so no index over the secrets' hashes is needed: it held
-- one random key per invitation, and a bulk file of 2,000 rows rewrote most of its
-- pages (a cost that grew with the tenant). Links sent before this version carry the
-- secret alone (`link_version` 1); a partial index keeps finding them by the hash, and
-- holds nothing else. Renewing an invitation gives it a link of the new kind.
--
-- SQLite cannot drop a column's UNIQUE constraint, so the table is rebuilt (nothing
-- refers to it by foreign key).
CREATE TABLE invitations_next (
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
    secret_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    redeemed_at INTEGER,
    revoked_at INTEGER,
    outbox_id TEXT,
    link_version INTEGER NOT NULL DEFAULT 2
);
INSERT INTO invitations_next (id, tenant_id, user_id, invited_email, display_name,
    redirect_url, language, message, cc, branding_app_id, contact_url, send_message,
    invited_by_type, invited_by_id, secret_hash, created_at, expires_at, status,
    redeemed_at, revoked_at, outbox_id, link_version)
SELECT id, tenant_id, user_id, invited_email, display_name, redirect_url, language,
    message, cc, branding_app_id, contact_url, send_message, invited_by_type,
    invited_by_id, secret_hash, created_at, expires_at, status, redeemed_at, revoked_at,
    outbox_id, 1
FROM invitations;
DROP TABLE invitations;
ALTER TABLE invitations_next RENAME TO invitations;
CREATE INDEX invitations_user ON invitations (tenant_id, user_id);
CREATE INDEX invitations_page ON invitations (tenant_id, id);
CREATE INDEX invitations_email ON invitations (tenant_id, invited_email, id);
CREATE UNIQUE INDEX invitations_v1_link ON invitations (secret_hash) WHERE link_version = 1;
