-- (Mirrors the SQLite file.)
-- Time-boxed guest access (issue 22, decision 0015). `access_ends_at` is when a
-- user's access ends (Unix seconds; null: never). `lifecycle_step` is the next step
-- owed for it ('remind' the sponsors, 'block' at the end, 'delete' after the grace)
-- and `lifecycle_due_at` when; the housekeeping tick takes the due ones through the
-- partial index and moves each on with a compare-and-set, so a step runs once even
-- with several nodes.
ALTER TABLE users ADD COLUMN access_ends_at BIGINT;
ALTER TABLE users ADD COLUMN lifecycle_step TEXT;
ALTER TABLE users ADD COLUMN lifecycle_due_at BIGINT;
CREATE INDEX users_lifecycle_due ON users (lifecycle_due_at) WHERE lifecycle_due_at IS NOT NULL;
-- The language a user reads Entente's emails to it in (Graph's `preferredLanguage`,
-- one of Entente's twelve tags); null: English.
ALTER TABLE users ADD COLUMN preferred_language TEXT;
