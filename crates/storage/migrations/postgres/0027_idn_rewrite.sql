-- Addresses and domains have one canonical form since docs/decisions/0011: domains in
-- Unicode. Names stored before in their ASCII (xn--) form are rewritten once, at the
-- next start, by the domain crate (entente_domain::address::rewrite_stored_names),
-- which clears this marker in the same transaction.
CREATE TABLE idn_rewrite (
    id BIGINT PRIMARY KEY
);
INSERT INTO idn_rewrite (id) VALUES (1);
