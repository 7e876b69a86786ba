-- PostgreSQL only (lz4 compression of email bodies and bulk previews); SQLite stores
-- text as written.
SELECT 1;
