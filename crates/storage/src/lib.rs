//! All of Entente's SQL, for SQLite (the embedded default) and PostgreSQL.
//!
//! The rest of the system reaches the database only through [`Store`], which hands out
//! a [`Tx`] for work that writes and a [`Conn`] for reads; both give a [`Db`] on which
//! every query is a typed method. Both backends share one schema shape: ids are UUID
//! text, times are Unix seconds in 64-bit integers and flags are 0/1 integers, so one
//! set of queries, written in the SQL both understand, serves both.
//!
//! This crate holds no business rules: it never decides who may do what, never reads
//! the clock (times come in as arguments) and never hashes or generates secrets.

mod applications;
mod audit;
mod auth;
mod code_budgets;
mod device;
mod directory;
mod federation;
mod groups;
mod housekeeping;
mod invitations;
mod mfa;
mod migrate;
mod oauth;
mod outbox;
#[cfg(test)]
mod plans;
mod rows;
mod saml;
mod sign_ins;
mod tenants;
#[cfg(test)]
mod test_support;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor};

pub use applications::SecretRecord;
pub use audit::{AuditFilter, AuditPosition};
pub use auth::{SessionRecord, ThrottleState};
pub use code_budgets::BudgetUse;
pub use device::DeviceCodeRecord;
pub use directory::{NewUser, UserFilter, UserPatch};
pub use federation::{FederationConfigRecord, FederationLoginRecord};
pub use groups::GroupPatch;
pub use housekeeping::Purged;
pub use invitations::{
    BatchRecord, EmailCodeRecord, EmailState, GuestRedemption, Inserts, NewAuditEntry,
};
pub use mfa::{PendingMfaRecord, TotpEnrolmentRecord};
pub use oauth::{CodeRecord, KeyRecord, RefreshRecord};
pub use outbox::{NewOutboxMessage, OutboxRecord, OutboxStatus, OutboxSummary};
pub use saml::{SamlCertificateRecord, SamlRequestRecord};
pub use sign_ins::{NewSignIn, SIGN_IN_LOG_DAYS, SignInRecord};

/// A failure reaching or using the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken: the named thing already exists.
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// A stored value could not be read back (an invariant of the schema was broken).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database a store talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database: a pool for reads and, on SQLite, a single-connection pool for writes
/// so that writers queue in-process instead of failing with `SQLITE_BUSY`.
#[derive(Clone, Debug)]
pub struct Store {
    reads: AnyPool,
    writes: AnyPool,
    backend: Backend,
}

impl Store {
    /// Connects to `url` (`sqlite://path` or `postgres://...`); a SQLite file is
    /// created when missing and put in WAL mode.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::Database(sqlx::Error::Configuration(
                format!("unsupported database URL scheme in {url:?}: use sqlite:// or postgres://")
                    .into(),
            )));
        };
        let options = AnyConnectOptions::from_str(&with_create_mode(url, backend))?;
        match backend {
            Backend::Sqlite => {
                create_private_sqlite_file(url)?;
                let reads = sqlite_pool(4).connect_with(options.clone()).await?;
                let writes = sqlite_pool(1).connect_with(options).await?;
                Ok(Store {
                    reads,
                    writes,
                    backend,
                })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?;
                Ok(Store {
                    reads: pool.clone(),
                    writes: pool,
                    backend,
                })
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies every migration not yet applied; safe to run from several nodes at once.
    pub async fn migrate(&self) -> Result<()> {
        migrate::run(self).await
    }

    /// A connection for reads outside a transaction.
    pub async fn read(&self) -> Result<Conn> {
        Ok(Conn {
            inner: self.reads.acquire().await?,
        })
    }

    /// A transaction for a use case that writes. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`), so a transaction never fails half-way on a lock upgrade.
    pub async fn write(&self) -> Result<Tx> {
        let inner = match self.backend {
            Backend::Sqlite => self.writes.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.writes.begin().await?,
        };
        Ok(Tx { inner })
    }

    /// Checks that the database answers, for readiness probes.
    pub async fn ping(&self) -> Result<()> {
        let mut conn = self.reads.acquire().await?;
        conn.execute("SELECT 1").await?;
        Ok(())
    }

    /// Refreshes the query planner's statistics where they are stale, so plans follow
    /// the data as it grows. On SQLite this is `PRAGMA optimize`, which SQLite asks
    /// long-lived connections to run at start and periodically (it analyzes only the
    /// tables whose size changed a lot). PostgreSQL's autovacuum keeps statistics by
    /// itself; analyzing the directory's big tables here only helps one loaded moments ago
    /// (or one whose autovacuum is off).
    pub async fn optimize(&self) -> Result<()> {
        let mut conn = self.writes.acquire().await?;
        match self.backend {
            Backend::Sqlite => {
                conn.execute("PRAGMA optimize=0x10002").await?;
            }
            Backend::Postgres => {
                conn.execute(
                    "ANALYZE users, group_members, app_role_assignments, invitations, outbox",
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Copies SQLite's write-ahead log back into the database file without blocking
    /// readers or the writer (a passive checkpoint). Connections never checkpoint on
    /// their own (`wal_autocheckpoint = 0`): done at commit, it made the committing
    /// request pay for copying everything written since the last one (a 2,000-row
    /// invitation file's commit went from about 20 ms to 60-120 ms). The server runs
    /// this every second instead; a store used without it checkpoints when closed.
    /// Nothing to do on PostgreSQL.
    pub async fn checkpoint(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            let mut conn = self.reads.acquire().await?;
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").await?;
        }
        Ok(())
    }

    /// Closes every connection; used on shutdown so SQLite checkpoints its WAL.
    pub async fn close(&self) {
        self.writes.close().await;
        self.reads.close().await;
    }
}

/// SQLite connections: 16 KiB pages in a new database, write-ahead log, checkpoints
/// left to [`Store::checkpoint`], a 64 MiB page cache, and reads memory-mapped (up to
/// 1 GiB of the file).
///
/// Pages of 16 KiB rather than SQLite's 4 KiB: an invitation email's body (4 to 8 KiB)
/// fills most of a small page by itself or spills onto an overflow page, and every
/// page a transaction changes is one more frame written to the log; a 2,000-row bulk
/// invitation commits 15 % faster with them (BENCHMARKS.md). The size only takes on a
/// database that has no table yet; an existing one keeps its own (changing it would
/// mean leaving WAL mode and a `VACUUM`).
///
/// With memory-mapped reads, a database past the page cache (a tenant with tens of
/// thousands of guests and their emails) reads dropped pages from the OS page cache
/// without a system call each, which made the later batches of a bulk invitation
/// cheaper (BENCHMARKS.md). The cost SQLite
/// documents for it: an I/O error on a mapped page ends the process instead of failing
/// the statement, which on a local disk means the disk is failing anyway.
fn sqlite_pool(size: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(size)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(
                    "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                     PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 0; \
                     PRAGMA journal_size_limit = 67108864; PRAGMA mmap_size = 1073741824;",
                )
                .await?;
                Ok(())
            })
        })
}

/// Creates a missing SQLite database file readable and writable by its owner only
/// (0600) before SQLite opens it: SQLite would create it under the process's umask,
/// commonly world-readable, and the file holds the directory, the outbox and sealed
/// keys. SQLite gives the write-ahead log and its index (`-wal`, `-shm`) the mode of
/// the database file, so they are private too. An existing file keeps its mode (an
/// operator may have chosen it); URLs that do not ask SQLite to create the file
/// (`mode=ro`, `mode=rw`, in-memory databases) are left alone.
fn create_private_sqlite_file(url: &str) -> Result<()> {
    let creates = !url.contains("mode=") || url.contains("mode=rwc");
    if !creates || url.contains(":memory:") {
        return Ok(());
    }
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?;
    let path = options.get_filename();
    if path.as_os_str().is_empty() || path.exists() {
        return Ok(());
    }
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    match file.open(path) {
        Ok(_) => Ok(()),
        // Another process created it meanwhile; it is theirs to have made.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(StoreError::Database(sqlx::Error::Io(error))),
    }
}

/// SQLite only creates a missing file when asked to with `mode=rwc`.
fn with_create_mode(url: &str, backend: Backend) -> String {
    if backend == Backend::Sqlite && !url.contains("mode=") && !url.contains(":memory:") {
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}mode=rwc")
    } else {
        url.to_owned()
    }
}

/// A write transaction; dropped without [`Tx::commit`] it rolls back.
pub struct Tx {
    inner: sqlx::Transaction<'static, Any>,
}

impl Tx {
    pub fn db(&mut self) -> Db<'_> {
        Db {
            conn: &mut self.inner,
        }
    }

    pub async fn commit(self) -> Result<()> {
        self.inner.commit().await?;
        Ok(())
    }
}

/// A pooled connection for reads.
pub struct Conn {
    inner: PoolConnection<Any>,
}

impl Conn {
    pub fn db(&mut self) -> Db<'_> {
        Db {
            conn: &mut self.inner,
        }
    }
}

/// The queries, usable inside a transaction or on a plain connection.
pub struct Db<'c> {
    conn: &'c mut AnyConnection,
}

/// Maps a unique-constraint violation to [`StoreError::Conflict`] naming `what`.
fn conflict_as(what: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |error| match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Database(error),
    }
}

impl Store {
    /// Creates an empty database beside the connected one (PostgreSQL only); the test
    /// kit gives each test server its own. `name` must be a plain identifier.
    pub async fn create_scratch_database(&self, name: &str) -> Result<()> {
        let name = plain_identifier(name)?;
        let mut conn = self.writes.acquire().await?;
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await?;
        Ok(())
    }

    /// Drops a database made by [`Store::create_scratch_database`].
    pub async fn drop_scratch_database(&self, name: &str) -> Result<()> {
        let name = plain_identifier(name)?;
        let mut conn = self.writes.acquire().await?;
        conn.execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .await?;
        Ok(())
    }
}

fn plain_identifier(name: &str) -> Result<&str> {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        Ok(name)
    } else {
        Err(StoreError::Corrupt(format!(
            "{name:?} is not a plain database name"
        )))
    }
}
