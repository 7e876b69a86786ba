-- Readable logs. An audit entry keeps the names its actor and its target had when it
-- was written, so a later rename or deletion does not change the log (older rows
-- have none and show ids). A sign-in keeps the account's name and type and, for a
-- guest, its home organization, a stable reason code, and for a guest's entry into
-- a tenant a reference derived from the browser session: the partial unique index
-- makes that entry one row per session, tenant and outcome however often the
-- session is seen.
ALTER TABLE audit_log ADD COLUMN actor_name TEXT;
ALTER TABLE audit_log ADD COLUMN target_name TEXT;
ALTER TABLE sign_in_log ADD COLUMN user_name TEXT;
ALTER TABLE sign_in_log ADD COLUMN user_type TEXT;
ALTER TABLE sign_in_log ADD COLUMN home_tenant_id TEXT;
ALTER TABLE sign_in_log ADD COLUMN home_tenant_name TEXT;
ALTER TABLE sign_in_log ADD COLUMN reason TEXT;
ALTER TABLE sign_in_log ADD COLUMN session_ref TEXT;
CREATE UNIQUE INDEX sign_in_log_session ON sign_in_log (tenant_id, session_ref)
    WHERE session_ref IS NOT NULL;
