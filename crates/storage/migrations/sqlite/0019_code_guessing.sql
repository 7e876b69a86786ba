-- Email one-time codes are bound to the browser that asked for them (the SHA-256 of
-- a random cookie), and wrong guesses and code requests are counted per source
-- address and per account in fixed windows (issue 16). Codes made before this
-- migration have no binding and can no longer be used; they expire within minutes.
ALTER TABLE email_codes ADD COLUMN binding_hash TEXT;

CREATE TABLE code_budgets (
    budget_key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    used BIGINT NOT NULL
);
