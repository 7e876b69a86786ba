//! Online backups of a SQLite deployment, and the checks a restore makes first.
//!
//! A backup is `VACUUM INTO` run on a read connection: it copies the database as of
//! one read transaction (a consistent snapshot, every transaction committed before it
//! began and none after), while the writer goes on committing to the write-ahead log.
//! SQLite's online backup API (`sqlite3_backup_step`) was the other candidate; copied
//! in steps it starts over whenever another connection writes, so under steady writes
//! it may never finish, and copied in one step it holds a read transaction just as
//! `VACUUM INTO` does while needing the raw handle sqlx does not expose
//! (docs/operations/backups.md has the figures).
//!
//! The checks read only: a restore asks whether a file is a whole, sound Entente
//! database, and whether another process (a running server) holds the database it
//! would replace. Nothing here writes a deployment's database or decides what to do.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteLockingMode};
use sqlx::{Connection, Row, SqliteConnection};

use crate::{Backend, Result, Store, StoreError};

impl Store {
    /// Writes a consistent copy of this SQLite database to `path`, which must not
    /// exist or be empty (SQLite refuses anything else). Runs in one read transaction
    /// on a read connection, so writers are not stopped; the caller fsyncs and renames
    /// the file into place.
    pub async fn backup_into(&self, path: &Path) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Corrupt(
                "an online backup by Entente is for SQLite only".to_owned(),
            ));
        }
        let target = path.to_str().ok_or_else(|| {
            StoreError::Corrupt(format!("{} is not a UTF-8 path", path.display()))
        })?;
        let mut conn = self.reads.acquire().await?;
        sqlx::query("VACUUM INTO ?")
            .bind(target)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// The database file a `sqlite://` URL names; `None` for PostgreSQL or an
    /// in-memory database.
    pub fn sqlite_file(url: &str) -> Option<PathBuf> {
        if !url.starts_with("sqlite:") || url.contains(":memory:") {
            return None;
        }
        let options = SqliteConnectOptions::from_str(url).ok()?;
        let path = options.get_filename();
        (!path.as_os_str().is_empty()).then(|| path.to_path_buf())
    }

    /// Checks that `path` holds a whole, sound Entente database: SQLite's header,
    /// as many bytes as the header counts (a cut-off copy is refused before SQLite
    /// reads it), `PRAGMA integrity_check`, and the schema migrations table. Answers
    /// the migration versions applied, lowest first. Opens the file read-only and
    /// immutable, so it leaves no `-wal` or `-shm` behind.
    pub async fn check_sqlite_backup(path: &Path) -> Result<Vec<i64>> {
        check_header(path)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .immutable(true);
        let mut conn = SqliteConnection::connect_with(&options)
            .await
            .map_err(|e| corrupt(path, &format!("SQLite cannot open it: {e}")))?;
        let problems: Vec<String> = sqlx::query("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await
            .map_err(|e| corrupt(path, &format!("the integrity check could not run: {e}")))?
            .iter()
            .map(|row| row.try_get::<String, _>(0))
            .collect::<Result<_, _>>()?;
        if problems != ["ok"] {
            let shown = problems.iter().take(5).cloned().collect::<Vec<_>>();
            return Err(corrupt(
                path,
                &format!("the integrity check failed: {}", shown.join("; ")),
            ));
        }
        let has_migrations: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        )
        .fetch_one(&mut conn)
        .await?;
        if has_migrations == 0 {
            return Err(corrupt(
                path,
                "it is a SQLite database but not Entente's (no schema_migrations table)",
            ));
        }
        let versions: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM schema_migrations ORDER BY version")
                .fetch_all(&mut conn)
                .await?;
        conn.close().await?;
        if versions.is_empty() {
            return Err(corrupt(path, "it has no migration applied"));
        }
        Ok(versions)
    }

    /// Whether another connection holds the SQLite database at `path`, such as a
    /// running server. A connection to a database in WAL mode keeps a shared lock on
    /// the file for as long as it is open, even idle, so asking for an exclusive
    /// lock without waiting (locking mode `EXCLUSIVE`, then a read) fails exactly
    /// while any other connection, in this process or another, has it open;
    /// `BEGIN IMMEDIATE` then also catches a writer of a database in rollback mode.
    /// Changes nothing: the lock is let go when the connection closes.
    pub async fn sqlite_file_in_use(path: &Path) -> Result<bool> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(false)
            .busy_timeout(Duration::ZERO)
            .locking_mode(SqliteLockingMode::Exclusive);
        let mut conn = match SqliteConnection::connect_with(&options).await {
            Ok(conn) => conn,
            Err(error) if is_busy(&error) => return Ok(true),
            Err(error) => return Err(error.into()),
        };
        let probe = async {
            sqlx::query("SELECT count(*) FROM sqlite_master")
                .execute(&mut conn)
                .await?;
            sqlx::query("BEGIN IMMEDIATE").execute(&mut conn).await?;
            sqlx::query("ROLLBACK").execute(&mut conn).await?;
            Ok::<(), sqlx::Error>(())
        };
        let answer = match probe.await {
            Ok(()) => Ok(false),
            Err(error) if is_busy(&error) => Ok(true),
            Err(error) => Err(error.into()),
        };
        let _ = conn.close().await;
        answer
    }
}

/// SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock.
fn is_busy(error: &sqlx::Error) -> bool {
    crate::health::classify(error) == Some(crate::Unavailable::Busy)
}

fn corrupt(path: &Path, why: &str) -> StoreError {
    StoreError::Corrupt(format!("{} is not a usable backup: {why}", path.display()))
}

/// The first check of a backup, on the bytes: SQLite's magic string, and a length
/// that holds every page the header counts (a copy cut off in transfer is shorter).
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)
        .map_err(|e| StoreError::Corrupt(format!("cannot read {}: {e}", path.display())))?;
    let length = file
        .metadata()
        .map_err(|e| StoreError::Corrupt(format!("cannot read {}: {e}", path.display())))?
        .len();
    let mut header = [0u8; 100];
    if file.read_exact(&mut header).is_err() {
        return Err(corrupt(
            path,
            &format!("it is {length} bytes, shorter than a SQLite header"),
        ));
    }
    if &header[..16] != b"SQLite format 3\0" {
        return Err(corrupt(path, "it is not a SQLite database"));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        size => u64::from(size),
    };
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    // The header's page count is only valid when written by the same change as the
    // change counter (SQLite's own rule); older writers left it stale.
    let counted = header[24..28] == header[92..96] && pages > 0;
    if counted && length < pages * page_size {
        return Err(corrupt(
            path,
            &format!(
                "it is cut off: {length} bytes where its header counts {pages} pages of {page_size}"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::ScratchDir;

    #[tokio::test]
    async fn a_backup_is_checked_whole_and_a_cut_or_foreign_file_is_refused() {
        let dir = ScratchDir::new();
        let url = format!("sqlite://{}", dir.path().join("live.db").display());
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        assert_eq!(
            Store::sqlite_file(&url).as_deref(),
            Some(dir.path().join("live.db").as_path())
        );
        assert!(Store::sqlite_file("postgres://localhost/x").is_none());

        // The open store holds its file; a copy nobody opened is free.
        assert!(
            Store::sqlite_file_in_use(&dir.path().join("live.db"))
                .await
                .unwrap()
        );
        let copy = dir.path().join("copy.db");
        store.backup_into(&copy).await.unwrap();
        assert!(!Store::sqlite_file_in_use(&copy).await.unwrap());
        let versions = Store::check_sqlite_backup(&copy).await.unwrap();
        assert_eq!(versions.first(), Some(&1));
        assert!(versions.len() > 10, "{versions:?}");
        // VACUUM INTO will not write over a database.
        assert!(store.backup_into(&copy).await.is_err());

        let bytes = std::fs::read(&copy).unwrap();
        let cut = dir.path().join("cut.db");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let error = Store::check_sqlite_backup(&cut).await.unwrap_err();
        assert!(error.to_string().contains("cut off"), "{error}");

        let garbage = dir.path().join("garbage.db");
        std::fs::write(&garbage, vec![0x5a; 40_000]).unwrap();
        let error = Store::check_sqlite_backup(&garbage).await.unwrap_err();
        assert!(
            error.to_string().contains("not a SQLite database"),
            "{error}"
        );

        let foreign = dir.path().join("foreign.db");
        let other = Store::connect(&format!("sqlite://{}", foreign.display()))
            .await
            .unwrap();
        let mut tx = other.write().await.unwrap();
        sqlx::query("CREATE TABLE notes (body TEXT)")
            .execute(tx.conn())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        other.close().await;
        let error = Store::check_sqlite_backup(&foreign).await.unwrap_err();
        assert!(error.to_string().contains("schema_migrations"), "{error}");

        // Pages overwritten after the first are caught by the integrity check.
        let mut damaged = bytes.clone();
        let page = 16_384;
        for byte in &mut damaged[page..page * 4] {
            *byte = 0xa5;
        }
        let broken = dir.path().join("broken.db");
        std::fs::write(&broken, &damaged).unwrap();
        let error = Store::check_sqlite_backup(&broken).await.unwrap_err();
        assert!(error.to_string().contains("not a usable backup"), "{error}");
        store.close().await;
    }
}
