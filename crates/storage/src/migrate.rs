//! Schema migrations, one file per version and backend, applied in order at start.
//!
//! Several nodes may start at once on one PostgreSQL: an advisory lock lets one of them
//! migrate while the others wait. On SQLite the write transaction is the lock.

use sqlx::{AssertSqlSafe, Executor, Row};

use crate::{Backend, Result, Store, StoreError};

/// (version, SQLite script, PostgreSQL script); append only, never edit a shipped one.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        include_str!("../migrations/sqlite/0001_directory.sql"),
        include_str!("../migrations/postgres/0001_directory.sql"),
    ),
    (
        2,
        include_str!("../migrations/sqlite/0002_mfa.sql"),
        include_str!("../migrations/postgres/0002_mfa.sql"),
    ),
    (
        3,
        include_str!("../migrations/sqlite/0003_device_codes.sql"),
        include_str!("../migrations/postgres/0003_device_codes.sql"),
    ),
    (
        4,
        include_str!("../migrations/sqlite/0004_user_filter_indexes.sql"),
        include_str!("../migrations/postgres/0004_user_filter_indexes.sql"),
    ),
    (
        5,
        include_str!("../migrations/sqlite/0005_outbox.sql"),
        include_str!("../migrations/postgres/0005_outbox.sql"),
    ),
    (
        6,
        include_str!("../migrations/sqlite/0006_client_assertions.sql"),
        include_str!("../migrations/postgres/0006_client_assertions.sql"),
    ),
    (
        7,
        include_str!("../migrations/sqlite/0007_invitations.sql"),
        include_str!("../migrations/postgres/0007_invitations.sql"),
    ),
    (
        8,
        include_str!("../migrations/sqlite/0008_assignment_required.sql"),
        include_str!("../migrations/postgres/0008_assignment_required.sql"),
    ),
    (
        9,
        include_str!("../migrations/sqlite/0009_guest_mfa.sql"),
        include_str!("../migrations/postgres/0009_guest_mfa.sql"),
    ),
    (
        10,
        include_str!("../migrations/sqlite/0010_invitation_list.sql"),
        include_str!("../migrations/postgres/0010_invitation_list.sql"),
    ),
    (
        11,
        include_str!("../migrations/sqlite/0011_sign_in_log.sql"),
        include_str!("../migrations/postgres/0011_sign_in_log.sql"),
    ),
    (
        12,
        include_str!("../migrations/sqlite/0012_log_filters.sql"),
        include_str!("../migrations/postgres/0012_log_filters.sql"),
    ),
    (
        13,
        include_str!("../migrations/sqlite/0013_audit_actions.sql"),
        include_str!("../migrations/postgres/0013_audit_actions.sql"),
    ),
    (
        14,
        include_str!("../migrations/sqlite/0014_saml.sql"),
        include_str!("../migrations/postgres/0014_saml.sql"),
    ),
    (
        15,
        include_str!("../migrations/sqlite/0015_federation.sql"),
        include_str!("../migrations/postgres/0015_federation.sql"),
    ),
];

/// An arbitrary constant naming Entente's migration lock in `pg_advisory_xact_lock`.
const PG_MIGRATION_LOCK: i64 = 0x456e_7465_6e74;

pub(crate) async fn run(store: &Store) -> Result<()> {
    let mut tx = store.write().await?;
    let conn = &mut *tx.inner;
    if store.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(PG_MIGRATION_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
    )
    .await?;
    // Versions are checked one by one rather than against the highest applied, so a
    // migration merged from a branch with a lower number than one already applied
    // still runs.
    let applied: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| row.try_get::<i64, _>("version"))
        .collect::<Result<_, _>>()?;
    for (version, sqlite, postgres) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        let script = match store.backend {
            Backend::Sqlite => *sqlite,
            Backend::Postgres => *postgres,
        };
        conn.execute(AssertSqlSafe(script))
            .await
            .map_err(|e| StoreError::Migration(format!("version {version}: {e}")))?;
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)")
            .bind(*version)
            .execute(&mut *conn)
            .await?;
        tracing::info!(version, "applied database migration");
    }
    tx.commit().await
}
