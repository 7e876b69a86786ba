-- The `jti` of every client assertion (private_key_jwt) seen, until it expires, so one
-- assertion cannot authenticate twice (RFC 7523 section 3, item 7).
CREATE TABLE client_assertions (
    tenant_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    jti TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, client_id, jti)
);
