-- Second factors: TOTP enrolments, recovery codes, and sign-ins waiting for a second
-- factor. Times are Unix seconds; ids are hyphenated UUID text. The PostgreSQL file
-- mirrors this one.

-- One authenticator app per user. The secret is sealed with the master key; an
-- enrolment without confirmed_at is one the user has not yet proven with a code.
-- last_used_step is the TOTP time step of the last accepted code, so that code (and
-- any older one) is refused afterwards.
CREATE TABLE totp_enrolments (
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret_sealed TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    last_used_step INTEGER
);

-- Single-use recovery codes, stored as SHA-256 of the normalised code.
CREATE TABLE recovery_codes (
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (user_id, code_hash)
);

-- A password sign-in that still needs its second factor. The token is stored hashed;
-- throttle_key is the account key the password attempt used, so second-factor
-- failures count against the same account.
CREATE TABLE pending_mfa (
    token_hash TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    return_to TEXT NOT NULL,
    throttle_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX pending_mfa_user ON pending_mfa (user_id);
