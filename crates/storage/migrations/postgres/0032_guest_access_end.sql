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
-- Sign-in activity (Graph's `signInActivity`): the last interactive sign-in (any
-- outcome), the last non-interactive one (a refresh token grant; written by each
-- node in batches, never moved back) and the last successful one. The index serves
-- `signInActivity/lastSignInDateTime le ...` within a tenant.
ALTER TABLE users ADD COLUMN last_sign_in_at BIGINT;
ALTER TABLE users ADD COLUMN last_non_interactive_at BIGINT;
ALTER TABLE users ADD COLUMN last_successful_at BIGINT;
CREATE INDEX users_last_sign_in ON users (tenant_id, last_sign_in_at, id);
-- The inactive-guest policy: the step a guest found inactive owes ('block', then
-- 'delete') and when, beside the access end's own, and when a sponsor last kept it
-- (which counts as activity).
ALTER TABLE users ADD COLUMN inactivity_step TEXT;
ALTER TABLE users ADD COLUMN inactivity_due_at BIGINT;
ALTER TABLE users ADD COLUMN kept_at BIGINT;
CREATE INDEX users_inactivity_due ON users (inactivity_due_at) WHERE inactivity_due_at IS NOT NULL;
