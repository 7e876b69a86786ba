-- Second factors that guests prove at a resource tenant; mirrors the SQLite file,
-- which explains the table.
CREATE TABLE guest_mfa_proofs (
    session_hash TEXT NOT NULL REFERENCES sessions(token_hash) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    proven_at BIGINT NOT NULL,
    PRIMARY KEY (session_hash, tenant_id)
);
CREATE INDEX guest_mfa_proofs_user ON guest_mfa_proofs (user_id);
