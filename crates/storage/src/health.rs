//! What the database can do right now: the faults that make it unavailable (a full
//! disk, a read-only file system, a database that cannot be reached), how a driver
//! error is told apart as one of them, and the store's running account of them.
//!
//! A fault is not a bug: the request that meets one is answered "unavailable, retry
//! later" (503 with `Retry-After`), not "internal error", and the operator gets one
//! log line when the database becomes unavailable and one when it is back, with how
//! long it lasted and how many requests were refused, instead of a line per request.
//! [`Store::readiness`](crate::Store::readiness) is the truth `/readyz` reports.
//!
//! This module decides nothing about HTTP; it only names the fault and keeps counts.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Why the database cannot serve a request now; each is worth retrying later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unavailable {
    /// The disk holding the database is full (SQLite `SQLITE_FULL`, PostgreSQL 53100).
    DiskFull,
    /// The database cannot be written: a read-only file or file system, or a
    /// PostgreSQL standby.
    ReadOnly,
    /// The storage under the database failed a read or a write (an I/O error).
    Io,
    /// The database cannot be reached: connections refused, cut, or shut down.
    Unreachable,
    /// No connection came free within the acquire timeout, or a lock was held too long.
    Busy,
}

impl Unavailable {
    pub const ALL: [Unavailable; 5] = [
        Unavailable::DiskFull,
        Unavailable::ReadOnly,
        Unavailable::Io,
        Unavailable::Unreachable,
        Unavailable::Busy,
    ];

    /// A stable name, for metrics labels and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Unavailable::DiskFull => "disk_full",
            Unavailable::ReadOnly => "read_only",
            Unavailable::Io => "io_error",
            Unavailable::Unreachable => "unreachable",
            Unavailable::Busy => "busy",
        }
    }

    /// What a client is told, without naming anything of the deployment.
    pub fn describe(self) -> &'static str {
        match self {
            Unavailable::DiskFull => "the service cannot store data right now: its storage is full",
            Unavailable::ReadOnly => {
                "the service cannot store data right now: its storage is read-only"
            }
            Unavailable::Io => "the service cannot store data right now: its storage is failing",
            Unavailable::Unreachable => "the service cannot reach its database right now",
            Unavailable::Busy => "the service is busy",
        }
    }

    /// How long a client should wait before trying again, in seconds: an operator has
    /// to act on a full or read-only disk; a lost connection or a queue clears sooner.
    pub fn retry_after(self) -> u32 {
        match self {
            Unavailable::DiskFull | Unavailable::ReadOnly | Unavailable::Io => 10,
            Unavailable::Unreachable => 2,
            Unavailable::Busy => 1,
        }
    }
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The fault a driver error stands for, if it is one; `None` for everything else
/// (a broken rule, a bad statement, data that does not decode).
pub(crate) fn classify(error: &sqlx::Error) -> Option<Unavailable> {
    match error {
        sqlx::Error::PoolTimedOut => Some(Unavailable::Busy),
        sqlx::Error::Io(io) => Some(match io.raw_os_error() {
            Some(28) => Unavailable::DiskFull, // ENOSPC
            Some(30) => Unavailable::ReadOnly, // EROFS
            _ => match io.kind() {
                std::io::ErrorKind::StorageFull => Unavailable::DiskFull,
                std::io::ErrorKind::ReadOnlyFilesystem => Unavailable::ReadOnly,
                _ => Unavailable::Unreachable,
            },
        }),
        sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed | sqlx::Error::Tls(_) => {
            Some(Unavailable::Unreachable)
        }
        sqlx::Error::Protocol(_) => Some(Unavailable::Unreachable),
        sqlx::Error::Database(db) => {
            // Both backends' codes are digits (SQLite's extended result code, a
            // PostgreSQL SQLSTATE such as 25006), so the driver's type says which.
            let code = db.code()?;
            if db
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some()
            {
                postgres_fault(&code)
            } else {
                sqlite_fault(code.parse().ok()?)
            }
        }
        _ => None,
    }
}

/// SQLite's result codes (the primary code is the low byte of an extended one).
fn sqlite_fault(extended: i64) -> Option<Unavailable> {
    match extended & 0xff {
        13 => Some(Unavailable::DiskFull), // SQLITE_FULL
        8 => Some(Unavailable::ReadOnly),  // SQLITE_READONLY
        // SQLITE_IOERR, SQLITE_CANTOPEN; SQLITE_IOERR_NOSPC is an I/O error whose cause
        // is a full disk.
        10 if extended == 13 << 8 | 10 => Some(Unavailable::DiskFull),
        10 | 14 => Some(Unavailable::Io),
        5 | 6 => Some(Unavailable::Busy), // SQLITE_BUSY, SQLITE_LOCKED
        _ => None,
    }
}

/// PostgreSQL's SQLSTATE classes: 08 connection exception, 53 insufficient resources
/// (53100 disk full), 57P01-57P03 the server is shutting down or starting, 25006 a
/// read-only transaction (a standby).
fn postgres_fault(state: &str) -> Option<Unavailable> {
    match state {
        "53100" => Some(Unavailable::DiskFull),
        "25006" => Some(Unavailable::ReadOnly),
        "57P01" | "57P02" | "57P03" => Some(Unavailable::Unreachable),
        "58030" => Some(Unavailable::Io),
        _ if state.starts_with("08") => Some(Unavailable::Unreachable),
        _ if state.starts_with("53") => Some(Unavailable::Busy),
        _ => None,
    }
}

/// The store's account of faults: whether the database is unavailable now (since
/// when, how many requests met it), counts per kind for metrics, and when a write last
/// committed.
#[derive(Debug)]
pub(crate) struct Health {
    origin: Instant,
    /// Milliseconds after `origin` of the last commit, plus one (0: none yet).
    last_commit: AtomicU64,
    /// Set while an outage is on record, so the common path checks one flag.
    out: AtomicBool,
    outage: Mutex<Option<Outage>>,
    counts: [AtomicU64; Unavailable::ALL.len()],
    /// What the last readiness check found: 0 none yet, 1 ready, 2 not ready.
    ready: AtomicU8,
}

#[derive(Debug)]
struct Outage {
    first: Unavailable,
    since: Instant,
    refused: u64,
}

impl Default for Health {
    fn default() -> Health {
        Health {
            origin: Instant::now(),
            last_commit: AtomicU64::new(0),
            out: AtomicBool::new(false),
            outage: Mutex::new(None),
            counts: Default::default(),
            ready: AtomicU8::new(0),
        }
    }
}

impl Health {
    /// A request met `fault`. The first one of an outage is logged; the rest counted.
    pub fn fault(&self, fault: Unavailable, detail: &dyn std::fmt::Display) {
        let index = Unavailable::ALL
            .iter()
            .position(|f| *f == fault)
            .unwrap_or_default();
        self.counts[index].fetch_add(1, Ordering::Relaxed);
        // A busy moment is load, not an outage: it is counted, never logged as one.
        if fault == Unavailable::Busy {
            return;
        }
        let Ok(mut outage) = self.outage.lock() else {
            return;
        };
        match outage.as_mut() {
            Some(outage) => outage.refused += 1,
            None => {
                tracing::error!(
                    fault = fault.as_str(),
                    error = %detail,
                    "the database is unavailable ({}); requests that need it are answered 503 until it recovers",
                    fault.describe()
                );
                *outage = Some(Outage {
                    first: fault,
                    since: Instant::now(),
                    refused: 1,
                });
                self.out.store(true, Ordering::Release);
            }
        }
    }

    /// A read went through: an outage of reaching the database is over. One of
    /// writing (a full or read-only disk) is not: reads work through it.
    pub fn read_works(&self) {
        if self.out.load(Ordering::Acquire) {
            self.end(|fault| matches!(fault, Unavailable::Unreachable | Unavailable::Busy));
        }
    }

    /// Ends the outage on record if `over` says its fault is over.
    fn end(&self, over: impl Fn(Unavailable) -> bool) {
        let Ok(mut outage) = self.outage.lock() else {
            return;
        };
        if outage.as_ref().is_some_and(|o| over(o.first))
            && let Some(over) = outage.take()
        {
            self.out.store(false, Ordering::Release);
            let lasted = over.since.elapsed().as_secs_f64();
            tracing::warn!(
                fault = over.first.as_str(),
                lasted_seconds = lasted,
                refused = over.refused,
                "the database is available again after {lasted:.1} s; {} requests were refused meanwhile",
                over.refused
            );
        }
    }

    pub fn committed(&self) {
        let ms = u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_commit
            .store(ms.saturating_add(1), Ordering::Relaxed);
        if self.out.load(Ordering::Acquire) {
            self.end(|_| true);
        }
    }

    /// Records what a readiness check found, logging when it differs from the last.
    pub fn readiness_is(&self, not_ready: Option<&crate::NotReady>) {
        let now = if not_ready.is_some() { 2 } else { 1 };
        let before = self.ready.swap(now, Ordering::AcqRel);
        match not_ready {
            Some(not_ready) if before != 2 => tracing::warn!(
                fault = not_ready.fault.as_str(),
                detail = %not_ready.detail,
                "this node is not ready: {}",
                not_ready.fault.describe()
            ),
            None if before == 2 => tracing::info!("this node is ready again"),
            _ => {}
        }
    }

    /// Whether a write committed within `window`.
    pub fn committed_within(&self, window: Duration) -> bool {
        match self.last_commit.load(Ordering::Relaxed) {
            0 => false,
            at => {
                let now = self.origin.elapsed().as_millis();
                now.saturating_sub(u128::from(at - 1)) <= window.as_millis()
            }
        }
    }

    /// The fault of the outage on record, if the database is unavailable now.
    pub fn current(&self) -> Option<Unavailable> {
        if !self.out.load(Ordering::Acquire) {
            return None;
        }
        self.outage.lock().ok()?.as_ref().map(|o| o.first)
    }

    /// Requests that met each kind of fault since start.
    pub fn counts(&self) -> Vec<(Unavailable, u64)> {
        Unavailable::ALL
            .iter()
            .zip(&self.counts)
            .map(|(fault, n)| (*fault, n.load(Ordering::Relaxed)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_codes_name_their_fault() {
        assert_eq!(sqlite_fault(13), Some(Unavailable::DiskFull));
        assert_eq!(sqlite_fault(13 << 8 | 10), Some(Unavailable::DiskFull));
        assert_eq!(sqlite_fault(3 << 8 | 10), Some(Unavailable::Io)); // IOERR_WRITE
        assert_eq!(sqlite_fault(8), Some(Unavailable::ReadOnly));
        assert_eq!(sqlite_fault(5), Some(Unavailable::Busy));
        assert_eq!(sqlite_fault(2067), None); // SQLITE_CONSTRAINT_UNIQUE
        assert_eq!(sqlite_fault(1), None);
    }

    #[test]
    fn postgres_states_name_their_fault() {
        assert_eq!(postgres_fault("53100"), Some(Unavailable::DiskFull));
        assert_eq!(postgres_fault("08006"), Some(Unavailable::Unreachable));
        assert_eq!(postgres_fault("57P01"), Some(Unavailable::Unreachable));
        assert_eq!(postgres_fault("25006"), Some(Unavailable::ReadOnly));
        assert_eq!(postgres_fault("23505"), None); // unique violation
        assert_eq!(postgres_fault("42P01"), None);
    }

    #[test]
    fn an_outage_is_on_record_until_something_works() {
        let health = Health::default();
        assert_eq!(health.current(), None);
        health.fault(Unavailable::Busy, &"queue");
        assert_eq!(health.current(), None, "busy is load, not an outage");
        health.fault(Unavailable::DiskFull, &"full");
        health.fault(Unavailable::DiskFull, &"full");
        assert_eq!(health.current(), Some(Unavailable::DiskFull));
        assert!(!health.committed_within(Duration::from_secs(5)));
        health.read_works();
        assert_eq!(
            health.current(),
            Some(Unavailable::DiskFull),
            "reads work through a full disk"
        );
        health.committed();
        assert_eq!(health.current(), None);
        assert!(health.committed_within(Duration::from_secs(5)));
        health.fault(Unavailable::Unreachable, &"refused");
        health.read_works();
        assert_eq!(health.current(), None, "a read reaches the database again");
        let counts = health.counts();
        assert!(counts.contains(&(Unavailable::DiskFull, 2)));
        assert!(counts.contains(&(Unavailable::Busy, 1)));
    }
}
