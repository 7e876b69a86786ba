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

mod activity;
mod applications;
mod audit;
mod auth;
mod backup;
mod bulk_references;
mod code_budgets;
mod collections;
mod cross_tenant;
mod deleted_items;
mod device;
mod directory;
mod federation;
mod groups;
mod health;
mod housekeeping;
mod idn;
mod inactivity;
mod invitations;
mod lifecycle;
mod mfa;
mod migrate;
mod oauth;
mod outbox;
#[cfg(test)]
mod plans;
mod provisioning;
mod query;
mod reviews;
mod rows;
mod saml;
mod scim;
mod service_principals;
mod sign_ins;
mod sponsors;
mod tenants;
#[cfg(test)]
mod test_support;

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor};

pub use activity::SignInActivity;
pub use applications::SecretRecord;
pub use audit::{AuditFilter, AuditNames, AuditPosition};
pub use auth::{SessionRecord, ThrottleState};
pub use bulk_references::NamedObject;
pub use code_budgets::BudgetUse;
pub use collections::{
    ApplicationField, GroupField, GroupScope, InvitationField, UserField, UserScope,
};
pub use cross_tenant::{CrossTenantPair, PartnerField};
pub use deleted_items::{DeletedField, DeletedKind, DeletedRow};
pub use device::DeviceCodeRecord;
pub use directory::{NewUser, UserPatch};
pub use federation::{FederationConfigRecord, FederationLoginRecord};
pub use groups::GroupPatch;
pub use health::Unavailable;
pub use housekeeping::Purged;
pub use idn::AsciiFormUser;
pub use inactivity::DueInactivity;
pub use invitations::{
    BatchRecord, EmailCodeRecord, EmailState, GuestRedemption, Inserts, NewAuditEntry,
};
pub use lifecycle::{AccessEnd, DueStep, LifecycleStep};
pub use mfa::{PendingMfaRecord, TotpEnrolmentRecord};
pub use oauth::{CodeRecord, KeyRecord, RefreshRecord};
pub use outbox::{NewOutboxMessage, OutboxRecord, OutboxStatus, OutboxSummary};
pub use provisioning::{ConnectionRecord, LogPosition, ProvisioningEntry};
pub use query::{
    BadCursor, Column, Comparison, Cursor, Direction, Field, Filter, Kind, Listed, Literal, Order,
    Query, SUBSTRING_MIN_CHARS, Sort,
};
pub use reviews::{
    DecisionCounts, DecisionField, DecisionScope, DueInstanceStep, DueStart, InstanceField,
    InstanceStep, NewDecision, ReviewField, ReviewerInstance, ReviewerLoad, ScopedPerson,
};
pub use saml::{SamlCertificateRecord, SamlRequestRecord};
pub use scim::ScimExtras;
pub use service_principals::{PrincipalField, PrincipalRow, UsableApplication};
pub use sign_ins::{NewSignIn, SIGN_IN_LOG_DAYS, SignInRecord};
pub use sponsors::{Answering, SPONSORED_LIST_LIMIT, SponsorRow, SponsoredUser};

/// A failure reaching or using the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken: the named thing already exists.
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// A stored value could not be read back (an invariant of the schema was broken).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// The database cannot serve now (a full disk, a lost connection, ...); the
    /// request may be retried later. The text is the driver's, for logs only.
    #[error("database unavailable ({0}): {1}")]
    Unavailable(Unavailable, String),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// A query asked for what its collection cannot do (a prefix of a flag, a sort
    /// on a field without an index): a mistake of the caller, never of a client,
    /// whose requests are checked before they become queries.
    #[error("unsupported query: {0}")]
    Query(String),
    #[error("migration failed: {0}")]
    Migration(String),
    /// The database could not be opened at start; the text names it and the cause.
    #[error("{0}")]
    Open(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> StoreError {
        match health::classify(&error) {
            Some(fault) => StoreError::Unavailable(fault, error.to_string()),
            None => StoreError::Database(error),
        }
    }
}

impl StoreError {
    /// The fault, when this error is the database being unavailable.
    pub fn unavailable(&self) -> Option<Unavailable> {
        match self {
            StoreError::Unavailable(fault, _) => Some(*fault),
            _ => None,
        }
    }
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
    /// The SQLite database file, whose file system readiness checks for free space.
    file: Option<PathBuf>,
    /// The database for messages: the file, or the server and database name.
    target: Arc<str>,
    health: Arc<health::Health>,
}

/// How a store connects.
#[derive(Clone, Copy, Debug)]
pub struct StoreOptions {
    /// How long a request waits for a PostgreSQL connection before it is answered
    /// "unavailable": while the database is down, every request waits this long.
    pub acquire_timeout: Duration,
    /// How long opening the database at start may take before start fails.
    pub open_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> StoreOptions {
        StoreOptions {
            acquire_timeout: Duration::from_millis(800),
            open_timeout: Duration::from_secs(5),
        }
    }
}

/// A SQLite file system with less free space than this is reported full by
/// [`Store::readiness`]: a bulk invitation of 2,000 rows writes about 20 MiB to the
/// write-ahead log, and checkpointing needs room too.
pub const MIN_FREE_DISK: u64 = 16 * 1024 * 1024;

/// Why a node is not ready, from [`Store::readiness`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotReady {
    pub fault: Unavailable,
    /// For the operator: what failed. Names no secret, but may name the file.
    pub detail: String,
}

impl Store {
    /// Connects to `url` (`sqlite://path` or `postgres://...`) with default options.
    pub async fn connect(url: &str) -> Result<Store> {
        Store::connect_with(url, StoreOptions::default()).await
    }

    /// Connects to `url`; a SQLite file is created when missing and put in WAL mode.
    /// One connection is opened first, within `open_timeout`, so that a database that
    /// cannot be opened fails at once with its own cause (the file and "unable to open
    /// database file", or the server and "connection refused"), not later as a pool
    /// time-out.
    pub async fn connect_with(url: &str, options: StoreOptions) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::Open(format!(
                "unsupported database URL scheme in {url:?}: use sqlite:// or postgres://"
            )));
        };
        let target = describe_target(url, backend);
        let connect_options = AnyConnectOptions::from_str(&with_create_mode(url, backend))
            .map_err(|e| StoreError::Open(format!("{target}: {e}")))?;
        let file = match backend {
            Backend::Sqlite => {
                create_private_sqlite_file(url)
                    .map_err(|e| StoreError::Open(format!("cannot create {target}: {e}")))?;
                Store::sqlite_file(url)
            }
            Backend::Postgres => None,
        };
        let first = tokio::time::timeout(options.open_timeout, async {
            let mut conn = AnyConnection::connect_with(&connect_options).await?;
            if backend == Backend::Sqlite {
                conn.execute(SQLITE_PRAGMAS).await?;
            }
            conn.execute("SELECT 1").await?;
            conn.close().await
        })
        .await;
        match first {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(StoreError::Open(format!("cannot open {target}: {e}"))),
            Err(_) => {
                return Err(StoreError::Open(format!(
                    "cannot open {target}: no answer within {} s",
                    options.open_timeout.as_secs_f64()
                )));
            }
        }
        let open = |e: sqlx::Error| StoreError::Open(format!("cannot open {target}: {e}"));
        let (reads, writes) = match backend {
            Backend::Sqlite => {
                let reads = sqlite_pool(4, Duration::from_secs(5))
                    .connect_with(connect_options.clone())
                    .await
                    .map_err(open)?;
                // Writers queue for the one connection; a bulk invitation holds it for a
                // second or two, so the wait is longer than for reads.
                let writes = sqlite_pool(1, Duration::from_secs(30))
                    .connect_with(connect_options)
                    .await
                    .map_err(open)?;
                (reads, writes)
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(options.acquire_timeout)
                    .connect_with(connect_options)
                    .await
                    .map_err(open)?;
                (pool.clone(), pool)
            }
        };
        Ok(Store {
            reads,
            writes,
            backend,
            file,
            target: target.into(),
            health: Arc::new(health::Health::default()),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The database, for messages: "the SQLite database /path/entente.db", or
    /// "PostgreSQL at host:port (database name)"; never a password.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Applies every migration not yet applied; safe to run from several nodes at once.
    pub async fn migrate(&self) -> Result<()> {
        migrate::run(self).await
    }

    /// Notes a failure of `result` that is a fault, so the outage is logged once and
    /// counted; a success ends an outage of reaching the database.
    fn watch<T>(&self, result: Result<T>) -> Result<T> {
        match &result {
            Ok(_) => self.health.read_works(),
            Err(StoreError::Unavailable(fault, detail)) => self.health.fault(*fault, detail),
            Err(_) => {}
        }
        result
    }

    /// Counts a fault met outside the store's own calls (say, by a statement a use case
    /// ran), so logs and metrics see it.
    pub fn note_fault(&self, error: &StoreError) {
        if let StoreError::Unavailable(fault, detail) = error {
            self.health.fault(*fault, detail);
        }
    }

    /// A connection for reads outside a transaction.
    pub async fn read(&self) -> Result<Conn> {
        let conn = self.reads.acquire().await.map_err(StoreError::from);
        Ok(Conn {
            inner: self.watch(conn)?,
        })
    }

    /// A transaction for a use case that writes. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`), so a transaction never fails half-way on a lock upgrade.
    ///
    /// The transaction is driven by plain `BEGIN`/`COMMIT`/`ROLLBACK` statements on a
    /// pooled connection rather than by the driver's transaction type. When one of them
    /// fails, the connection's state is unknown (SQLite rolls a transaction back by
    /// itself on a full disk, so the driver's own `ROLLBACK` fails and its transaction
    /// count stays up forever): such a connection is closed instead of going back to
    /// the pool, and the next writer gets a new one.
    pub async fn write(&self) -> Result<Tx> {
        let mut conn = self.watch(self.writes.acquire().await.map_err(StoreError::from))?;
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        if let Err(error) = conn.execute(begin).await {
            conn.close_on_drop();
            return self.watch(Err(error.into()));
        }
        Ok(Tx {
            conn: Some(conn),
            health: self.health.clone(),
        })
    }

    /// Checks that the database answers, for readiness probes.
    pub async fn ping(&self) -> Result<()> {
        let mut conn = self.reads.acquire().await?;
        conn.execute("SELECT 1").await?;
        Ok(())
    }

    /// Whether this node can serve: it can read, its database's file system has room
    /// ([`MIN_FREE_DISK`], SQLite), and a real write commits. Answers within about
    /// `budget`: a write that waits behind others that are committing (a busy writer)
    /// counts as working; one that fails, or waits while nothing has committed for five
    /// seconds, does not.
    ///
    /// The node's readiness turning is logged once each way (with the reason when it
    /// turns not ready), not at every probe.
    pub async fn readiness(&self, now: i64, budget: Duration) -> Result<(), NotReady> {
        let readiness = self.check_readiness(now, budget).await;
        self.health.readiness_is(readiness.as_ref().err());
        readiness
    }

    async fn check_readiness(&self, now: i64, budget: Duration) -> Result<(), NotReady> {
        let half = budget / 2;
        let not_ready = |fault: Unavailable, detail: String| NotReady { fault, detail };
        let fault_of = |error: StoreError| {
            let fault = error.unavailable().unwrap_or(Unavailable::Io);
            not_ready(fault, error.to_string())
        };
        match tokio::time::timeout(half, self.ping()).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => return Err(fault_of(error)),
            Err(_) => {
                return Err(not_ready(
                    Unavailable::Unreachable,
                    format!("a read got no answer within {} ms", half.as_millis()),
                ));
            }
        }
        if let Some(file) = &self.file
            && let Some(free) = free_space(file)
            && free < MIN_FREE_DISK
        {
            let detail = format!(
                "{} bytes free on the file system of {} (at least {MIN_FREE_DISK} are needed)",
                free,
                file.display()
            );
            return Err(not_ready(Unavailable::DiskFull, detail));
        }
        let probe = async {
            let mut tx = self.write().await?;
            sqlx::query("UPDATE write_probe SET probed_at = $1 WHERE id = 1")
                .bind(now)
                .execute(&mut *tx.db().conn)
                .await?;
            tx.commit().await
        };
        match tokio::time::timeout(half, probe).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => {
                self.note_fault(&error);
                Err(fault_of(error))
            }
            Err(_) if self.health.committed_within(Duration::from_secs(5)) => Ok(()),
            Err(_) => Err(not_ready(
                Unavailable::Busy,
                format!(
                    "a write did not commit within {} ms, and none has for 5 s",
                    half.as_millis()
                ),
            )),
        }
    }

    /// Requests that met each kind of fault since start, and the fault of the outage
    /// going on now, if any; for metrics.
    pub fn faults(&self) -> (Vec<(Unavailable, u64)>, Option<Unavailable>) {
        (self.health.counts(), self.health.current())
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
                    "ANALYZE users, group_members, app_role_assignments, invitations, outbox, \
                     sponsors, access_review_decisions, access_review_reviewers",
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Refreshes PostgreSQL's statistics of the access reviews' decisions and
    /// reviewers, after an instance wrote thousands of rows at once. Without them the
    /// planner takes the tables for nearly empty and joins a reviewer's rows the slow
    /// way round: a reviewer's counts over 10,000 decisions took 16 s instead of
    /// milliseconds. SQLite needs nothing: `CROSS JOIN` fixes its join order.
    pub async fn analyze_reviews(&self) -> Result<()> {
        if self.backend == Backend::Postgres {
            let mut conn = self.writes.acquire().await?;
            conn.execute(
                "ANALYZE access_reviews, access_review_instances, access_review_decisions, \
                 access_review_reviewers, sponsors",
            )
            .await?;
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
    ///
    /// A passive checkpoint copies the log but never restarts it: the next write
    /// starts the log again from its beginning only when it finds everything copied,
    /// which a continuous stream of writes never allows (5.3 GiB of log after a sync
    /// of 10,000 users through SCIM, BENCHMARKS.md). Once the log holds
    /// [`RESTART_FRAMES`] frames, a `RESTART` checkpoint runs on the writer's
    /// connection: it waits for the write under way, copies the rest, waits for the
    /// readers to leave the log, and the next write starts it from the beginning, the
    /// file cut to the connections' `journal_size_limit`.
    pub async fn checkpoint(&self) -> Result<()> {
        self.checkpoint_restarting_at(RESTART_FRAMES).await
    }

    /// [`Store::checkpoint`], restarting the log once it holds `frames` frames.
    pub(crate) async fn checkpoint_restarting_at(&self, frames: i64) -> Result<()> {
        use sqlx::Row;
        if self.backend == Backend::Sqlite {
            let logged = {
                let mut conn = self.reads.acquire().await?;
                let row = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .fetch_one(&mut *conn)
                    .await?;
                row.try_get::<i64, _>(1).unwrap_or(0)
            };
            if logged >= frames {
                let mut conn = self.writes.acquire().await?;
                conn.execute("PRAGMA wal_checkpoint(RESTART)").await?;
            }
        }
        Ok(())
    }

    /// Copies SQLite's whole write-ahead log into the database file and truncates the
    /// log to nothing (a `TRUNCATE` checkpoint), waiting for the writer to be done. The
    /// fault tests use it so that the next write must grow the log. Nothing to do on
    /// PostgreSQL.
    pub async fn truncate_wal(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            let mut conn = self.writes.acquire().await?;
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").await?;
        }
        Ok(())
    }

    /// Closes every connection; used on shutdown so SQLite checkpoints its WAL.
    pub async fn close(&self) {
        self.writes.close().await;
        self.reads.close().await;
    }
}

/// The write-ahead log's frames (16 KiB pages) past which a checkpoint restarts it:
/// 64 MiB, the `journal_size_limit` its file is cut to then.
pub const RESTART_FRAMES: i64 = 4096;

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
fn sqlite_pool(size: u32, acquire_timeout: Duration) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(size)
        .min_connections(1)
        .acquire_timeout(acquire_timeout)
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(SQLITE_PRAGMAS).await?;
                Ok(())
            })
        })
}

const SQLITE_PRAGMAS: &str = "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
     PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 0; \
     PRAGMA journal_size_limit = 67108864; PRAGMA mmap_size = 1073741824;";

/// The database a URL names, for messages: the SQLite file, or the PostgreSQL server
/// and database (never the password).
fn describe_target(url: &str, backend: Backend) -> String {
    match backend {
        Backend::Sqlite => match Store::sqlite_file(url) {
            Some(file) => format!("the SQLite database {}", file.display()),
            None => "the SQLite database".to_owned(),
        },
        Backend::Postgres => match sqlx::postgres::PgConnectOptions::from_str(url) {
            Ok(options) => format!(
                "PostgreSQL at {}:{} (database {})",
                options.get_host(),
                options.get_port(),
                options.get_database().unwrap_or("postgres")
            ),
            Err(_) => "PostgreSQL (the database URL does not parse)".to_owned(),
        },
    }
}

/// Bytes an unprivileged writer may still use on the file system holding `file`.
fn free_space(file: &std::path::Path) -> Option<u64> {
    let dir = file.parent().filter(|p| !p.as_os_str().is_empty())?;
    let stats = rustix::fs::statvfs(dir).ok()?;
    Some(stats.f_bavail.saturating_mul(stats.f_frsize))
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
///
/// See [`Store::write`]: a connection whose `COMMIT` or `ROLLBACK` failed is closed,
/// never reused in an unknown state.
pub struct Tx {
    /// Present until the transaction commits or is dropped.
    conn: Option<PoolConnection<Any>>,
    health: Arc<health::Health>,
}

impl Tx {
    pub fn db(&mut self) -> Db<'_> {
        Db { conn: self.conn() }
    }

    fn conn(&mut self) -> &mut AnyConnection {
        match self.conn.as_mut() {
            Some(conn) => conn,
            None => unreachable!("a transaction is used only before it ends"),
        }
    }

    pub async fn commit(mut self) -> Result<()> {
        let Some(mut conn) = self.conn.take() else {
            return Ok(());
        };
        match conn.execute("COMMIT").await {
            Ok(_) => {
                self.health.committed();
                Ok(())
            }
            Err(error) => {
                // Committed or not, the connection cannot be trusted: SQLite may have
                // rolled back by itself, or the commit may have been cut off.
                conn.close_on_drop();
                let error = StoreError::from(error);
                if let StoreError::Unavailable(fault, detail) = &error {
                    self.health.fault(*fault, detail);
                }
                Err(error)
            }
        }
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        // Dropped without a commit: roll back before the connection goes back to the
        // pool (it does so when `conn` is dropped, after the rollback). A failed
        // rollback (the database ended the transaction itself, or the connection is
        // gone) closes the connection instead.
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if conn.execute("ROLLBACK").await.is_err() {
                        conn.close_on_drop();
                    }
                });
            }
            Err(_) => conn.close_on_drop(),
        }
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
        _ => StoreError::from(error),
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

#[cfg(test)]
mod wal_tests {
    use super::*;

    /// The log's frames after a passive checkpoint.
    async fn logged(store: &Store) -> i64 {
        use sqlx::Row;
        let mut conn = store.reads.acquire().await.unwrap();
        let row = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        row.try_get::<i64, _>(1).unwrap()
    }

    /// Under a continuous stream of writes, the log stays short: once long, a
    /// checkpoint restarts it (a passive one alone never does, and the log grows with
    /// every write).
    #[tokio::test]
    async fn a_log_written_without_pause_is_restarted_once_long() {
        let dir = test_support::ScratchDir::new();
        let store = std::sync::Arc::new(dir.sqlite("wal.db").await);
        {
            let mut tx = store.write().await.unwrap();
            tx.conn()
                .execute("CREATE TABLE t (x BLOB NOT NULL)")
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
        let writes = 600;
        let writer = {
            let store = store.clone();
            tokio::spawn(async move {
                for n in 0..writes {
                    let mut tx = store.write().await.unwrap();
                    sqlx::query("INSERT INTO t (x) VALUES (zeroblob(20000))")
                        .execute(tx.conn())
                        .await
                        .unwrap();
                    sqlx::query("DELETE FROM t WHERE rowid < $1")
                        .bind(n - 5)
                        .execute(tx.conn())
                        .await
                        .unwrap();
                    tx.commit().await.unwrap();
                }
            })
        };
        let mut longest = 0;
        while !writer.is_finished() {
            store.checkpoint_restarting_at(100).await.unwrap();
            longest = longest.max(logged(&store).await);
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        writer.await.unwrap();
        // Each write adds a few frames (two 16 KiB overflow pages and the table's
        // pages): 600 writes without a restart leave well over 1,000.
        let last = logged(&store).await;
        assert!(longest < 400, "the log reached {longest} frames");
        assert!(last < 400, "the log ended with {last} frames");
    }
}
