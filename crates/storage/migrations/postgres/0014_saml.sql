-- SAML 2.0. An application signed in to with SAML has one row of settings here (its
-- entity id is unique in its tenant; its ACS URLs are the application's redirect
-- URIs). Each tenant signs with certificates of its own, numbered by generation: the
-- newest activated one signs, the others stay published until retired (rollover).
-- An AuthnRequest waiting for its user to sign in is kept for ten minutes.
CREATE TABLE saml_service_providers (
    application_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    entity_id TEXT NOT NULL,
    name_id_format TEXT NOT NULL,
    signing TEXT NOT NULL,
    sp_certificate TEXT,
    require_signed_requests BIGINT NOT NULL,
    logout_url TEXT,
    encryption_certificate TEXT,
    attributes TEXT
);
CREATE UNIQUE INDEX saml_service_providers_entity ON saml_service_providers (tenant_id, entity_id);
CREATE TABLE saml_certificates (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    generation BIGINT NOT NULL,
    private_key_sealed TEXT NOT NULL,
    certificate TEXT NOT NULL,
    not_before BIGINT NOT NULL,
    not_after BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    activated_at BIGINT,
    retired_at BIGINT
);
CREATE UNIQUE INDEX saml_certificates_generation ON saml_certificates (tenant_id, generation);
CREATE TABLE saml_requests (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    acs_url TEXT NOT NULL,
    relay_state TEXT,
    force_authn BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX saml_requests_expiry ON saml_requests (expires_at);
