-- The portal's lists (issue 19); mirrors the SQLite file with pg_trgm: a GIN index of
-- the trigrams of each searched text serves `LIKE '%text%'` (`ILIKE` for the
-- invitations' text, stored as typed). A user's and an invitation's searched fields
-- are one stored column joined by U+001F, so one index scan finds a text in any of
-- them (three GIN scans OR-ed cost 5 ms where one costs 0.1). pg_trgm ships with
-- PostgreSQL (contrib) and is a trusted extension: the database's owner may create it
-- (docs/operations/postgresql.md).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE users ADD COLUMN search_text TEXT COLLATE "C" GENERATED ALWAYS AS (
    display_name_lower || E'\x1f' || upn_lower || E'\x1f' || coalesce(mail_lower, '')
) STORED;
CREATE INDEX users_search ON users USING gin (search_text gin_trgm_ops);
CREATE INDEX groups_search ON groups USING gin (display_name_lower gin_trgm_ops);

ALTER TABLE invitations ADD COLUMN search_text TEXT GENERATED ALWAYS AS (
    invited_email || E'\x1f' || coalesce(display_name, '')
) STORED;
CREATE INDEX invitations_search ON invitations USING gin (search_text gin_trgm_ops);

-- The invitations list sorted by when they were sent or by address, either way.
CREATE INDEX invitations_created ON invitations (tenant_id, created_at, id);
CREATE INDEX invitations_address ON invitations (tenant_id, invited_email, id);
