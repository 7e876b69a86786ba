-- Certificate credentials of applications (Graph's keyCredentials, issue 18): an
-- X.509 certificate whose key signs the application's client assertions
-- (private_key_jwt). The assertion names its key by the certificate's SHA-1 or
-- SHA-256 thumbprint (`x5t`, `x5t#S256`, base64url) or by the credential's key id.
CREATE TABLE application_keys (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    display_name TEXT,
    custom_key_identifier TEXT,
    certificate TEXT NOT NULL,
    thumbprint_sha1 TEXT NOT NULL,
    thumbprint_sha256 TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX application_keys_app ON application_keys (tenant_id, application_id);
