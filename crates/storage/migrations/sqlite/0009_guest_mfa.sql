-- Second factors that guests prove at a resource tenant. A guest signs in with its
-- home session; when the resource tenant requires MFA of guests and the home session
-- does not satisfy it, the guest proves a TOTP enrolled here (on the guest object),
-- and this row records that the home session (by its token hash) did so. The row goes
-- with the session, the guest, or at housekeeping once its session is over. The
-- PostgreSQL file mirrors this one.
CREATE TABLE guest_mfa_proofs (
    session_hash TEXT NOT NULL REFERENCES sessions(token_hash) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    proven_at INTEGER NOT NULL,
    PRIMARY KEY (session_hash, tenant_id)
);
CREATE INDEX guest_mfa_proofs_user ON guest_mfa_proofs (user_id);
