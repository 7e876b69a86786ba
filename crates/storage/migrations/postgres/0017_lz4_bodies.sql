-- The large text a bulk invitation writes (2,000 email bodies of about 3 KB, the
-- file's preview of about 1 MB and its result) is compressed with lz4 where the
-- server has it (PostgreSQL 14 and later, built with lz4 as the common packages are)
-- instead of the default pglz: compressing a file's 2,000 bodies took 60 ms with pglz
-- and 33 ms with lz4 (2-core VM, BENCHMARKS.md), for about the same size. Values
-- written before keep their compression; a server without lz4 keeps pglz.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings
               WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE outbox ALTER COLUMN text_body SET COMPRESSION lz4,
            ALTER COLUMN html_body SET COMPRESSION lz4;
        ALTER TABLE invitation_batches ALTER COLUMN preview SET COMPRESSION lz4,
            ALTER COLUMN result SET COMPRESSION lz4;
    END IF;
END
$$;
