-- The portal's lists (issue 19): users, groups and invitations searched for any part
-- of a name or an address (three characters or more) through FTS5 trigram indexes.
-- A user's and an invitation's searched texts are one generated column, `search_text`
-- (the fields joined by U+001F, which no search contains), so one look-up finds a text
-- in any of them. Each index has external content: it holds the trigrams and the row's
-- rowid only (VACUUM and VACUUM INTO keep rowids), and triggers keep it in step with
-- every write of its table, whatever the write. A search stays scoped to the tenant:
-- the index answers rowids, which the query meets with `tenant_id = ?`.

ALTER TABLE users ADD COLUMN search_text TEXT GENERATED ALWAYS AS (
    display_name_lower || char(31) || upn_lower || char(31) || coalesce(mail_lower, '')
) VIRTUAL;
CREATE VIRTUAL TABLE users_search USING fts5(
    search_text, content = 'users', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER users_search_update AFTER UPDATE OF display_name_lower, upn_lower, mail_lower
ON users BEGIN
    INSERT INTO users_search (users_search, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO users_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
INSERT INTO users_search (users_search) VALUES ('rebuild');

CREATE VIRTUAL TABLE groups_search USING fts5(
    display_name_lower, content = 'groups', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER groups_search_insert AFTER INSERT ON groups BEGIN
    INSERT INTO groups_search (rowid, display_name_lower) VALUES (new.rowid, new.display_name_lower);
END;
CREATE TRIGGER groups_search_delete AFTER DELETE ON groups BEGIN
    INSERT INTO groups_search (groups_search, rowid, display_name_lower)
    VALUES ('delete', old.rowid, old.display_name_lower);
END;
CREATE TRIGGER groups_search_update AFTER UPDATE OF display_name_lower ON groups BEGIN
    INSERT INTO groups_search (groups_search, rowid, display_name_lower)
    VALUES ('delete', old.rowid, old.display_name_lower);
    INSERT INTO groups_search (rowid, display_name_lower) VALUES (new.rowid, new.display_name_lower);
END;
INSERT INTO groups_search (groups_search) VALUES ('rebuild');

-- An invitation's address and the display name given with it, as typed (the trigram
-- tokenizer folds case itself).
ALTER TABLE invitations ADD COLUMN search_text TEXT GENERATED ALWAYS AS (
    invited_email || char(31) || coalesce(display_name, '')
) VIRTUAL;
CREATE VIRTUAL TABLE invitations_search USING fts5(
    search_text, content = 'invitations', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER invitations_search_insert AFTER INSERT ON invitations BEGIN
    INSERT INTO invitations_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER invitations_search_delete AFTER DELETE ON invitations BEGIN
    INSERT INTO invitations_search (invitations_search, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER invitations_search_update AFTER UPDATE OF invited_email, display_name
ON invitations BEGIN
    INSERT INTO invitations_search (invitations_search, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO invitations_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
INSERT INTO invitations_search (invitations_search) VALUES ('rebuild');

-- The invitations list sorted by when they were sent or by address, either way.
CREATE INDEX invitations_created ON invitations (tenant_id, created_at, id);
CREATE INDEX invitations_address ON invitations (tenant_id, invited_email, id);
