-- Federation with partners' own identity providers (docs/decisions/0006). A tenant
-- registers an OpenID Connect provider (issuer, client id and sealed secret) or a SAML
-- IdP (entity id as issuer, SSO URL, signing certificates as base64 DER, one per line)
-- and the partner domains whose people sign in there; a domain goes to one provider
-- per tenant. A sign-in on its way to a provider is kept by the hash of its state for
-- ten minutes (its nonce, PKCE verifier or SAML request id are derived from the state
-- with the master key, so nothing secret is stored).
-- A guest redeemed through a provider records that provider's issuer.
CREATE TABLE federation_configs (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    display_name TEXT NOT NULL,
    protocol TEXT NOT NULL,
    issuer TEXT NOT NULL,
    client_id TEXT,
    client_secret_sealed TEXT,
    sso_url TEXT,
    signing_certificates TEXT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX federation_configs_issuer ON federation_configs (tenant_id, issuer);
CREATE TABLE federation_domains (
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    domain TEXT NOT NULL,
    config_id TEXT NOT NULL REFERENCES federation_configs(id) ON DELETE CASCADE,
    PRIMARY KEY (tenant_id, domain)
);
CREATE INDEX federation_domains_config ON federation_domains (config_id);
CREATE TABLE federation_logins (
    state_hash TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    config_id TEXT NOT NULL REFERENCES federation_configs(id) ON DELETE CASCADE,
    invitation_id TEXT,
    return_to TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX federation_logins_expiry ON federation_logins (expires_at);
ALTER TABLE users ADD COLUMN external_issuer TEXT;
-- Only guests of partners' providers are in it, so inviting (which adds users by the
-- thousand) does not pay for it.
CREATE INDEX users_external_identity ON users (tenant_id, external_issuer, alternative_security_id)
    WHERE external_issuer IS NOT NULL;
