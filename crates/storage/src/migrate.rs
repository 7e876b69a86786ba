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
    (
        16,
        include_str!("../migrations/sqlite/0016_invitation_links.sql"),
        include_str!("../migrations/postgres/0016_invitation_links.sql"),
    ),
    (
        17,
        include_str!("../migrations/sqlite/0017_lz4_bodies.sql"),
        include_str!("../migrations/postgres/0017_lz4_bodies.sql"),
    ),
    (
        18,
        include_str!("../migrations/sqlite/0018_sealed_outbox.sql"),
        include_str!("../migrations/postgres/0018_sealed_outbox.sql"),
    ),
    (
        19,
        include_str!("../migrations/sqlite/0019_code_guessing.sql"),
        include_str!("../migrations/postgres/0019_code_guessing.sql"),
    ),
    (
        20,
        include_str!("../migrations/sqlite/0020_write_probe.sql"),
        include_str!("../migrations/postgres/0020_write_probe.sql"),
    ),
    (
        21,
        include_str!("../migrations/sqlite/0021_key_credentials.sql"),
        include_str!("../migrations/postgres/0021_key_credentials.sql"),
    ),
    (
        22,
        include_str!("../migrations/sqlite/0022_collection_queries.sql"),
        include_str!("../migrations/postgres/0022_collection_queries.sql"),
    ),
    (
        23,
        include_str!("../migrations/sqlite/0023_deleted_items.sql"),
        include_str!("../migrations/postgres/0023_deleted_items.sql"),
    ),
    (
        24,
        include_str!("../migrations/sqlite/0024_list_search.sql"),
        include_str!("../migrations/postgres/0024_list_search.sql"),
    ),
    (
        25,
        include_str!("../migrations/sqlite/0025_readable_logs.sql"),
        include_str!("../migrations/postgres/0025_readable_logs.sql"),
    ),
    (
        27,
        include_str!("../migrations/sqlite/0027_idn_rewrite.sql"),
        include_str!("../migrations/postgres/0027_idn_rewrite.sql"),
    ),
    (
        28,
        include_str!("../migrations/sqlite/0028_deleted_items_order.sql"),
        include_str!("../migrations/postgres/0028_deleted_items_order.sql"),
    ),
    (
        29,
        include_str!("../migrations/sqlite/0029_cross_tenant_access.sql"),
        include_str!("../migrations/postgres/0029_cross_tenant_access.sql"),
    ),
    (
        30,
        include_str!("../migrations/sqlite/0030_service_principals.sql"),
        include_str!("../migrations/postgres/0030_service_principals.sql"),
    ),
    (
        31,
        include_str!("../migrations/sqlite/0031_sponsors.sql"),
        include_str!("../migrations/postgres/0031_sponsors.sql"),
    ),
    (
        32,
        include_str!("../migrations/sqlite/0032_guest_access_end.sql"),
        include_str!("../migrations/postgres/0032_guest_access_end.sql"),
    ),
    (
        33,
        include_str!("../migrations/sqlite/0033_access_reviews.sql"),
        include_str!("../migrations/postgres/0033_access_reviews.sql"),
    ),
    (
        34,
        include_str!("../migrations/sqlite/0034_group_owners.sql"),
        include_str!("../migrations/postgres/0034_group_owners.sql"),
    ),
    (
        35,
        include_str!("../migrations/sqlite/0035_scim.sql"),
        include_str!("../migrations/postgres/0035_scim.sql"),
    ),
    (
        36,
        include_str!("../migrations/sqlite/0036_provisioning.sql"),
        include_str!("../migrations/postgres/0036_provisioning.sql"),
    ),
];

/// An arbitrary constant naming Entente's migration lock in `pg_advisory_xact_lock`.
const PG_MIGRATION_LOCK: i64 = 0x456e_7465_6e74;

pub(crate) async fn run(store: &Store) -> Result<()> {
    run_through(store, i64::MAX).await
}

/// Applies the missing migrations up to version `last`.
async fn run_through(store: &Store, last: i64) -> Result<()> {
    let mut tx = store.write().await?;
    let conn = tx.conn();
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
        if applied.contains(version) || *version > last {
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

#[cfg(test)]
mod tests {
    use entente_model::{
        Actor, Invitation, InvitationId, InvitationStatus, Tenant, TenantId, UserId,
    };

    use sqlx::Row;

    use super::run_through;
    use crate::Store;
    use crate::test_support::{ScratchDir, ScratchPostgres};

    fn invitation(tenant: TenantId, email: &str) -> Invitation {
        Invitation {
            id: InvitationId::new_id(),
            tenant_id: tenant,
            user_id: UserId::new_id(),
            invited_email: email.to_owned(),
            display_name: None,
            redirect_url: None,
            language: "en".to_owned(),
            message: None,
            cc: Vec::new(),
            branding_app_id: None,
            contact_url: None,
            send_message: false,
            invited_by: Actor::System,
            created_at: 1_000,
            expires_at: 2_000,
            status: InvitationStatus::PendingAcceptance,
            redeemed_at: None,
            revoked_at: None,
            outbox_id: None,
        }
    }

    /// An invitation made before links named their invitation (migration 16) keeps
    /// opening by its secret's hash; one made after is found by its id only, and
    /// renewing the old one moves it to the new kind of link.
    async fn links_sent_before_version_16_keep_working(store: &Store) {
        run_through(store, 15).await.unwrap();
        let tenant = Tenant::new(
            TenantId::new_id(),
            "Contoso".into(),
            "contoso.entente.test".into(),
            1_000,
        );
        let old = invitation(tenant.id, "old@example.org");
        let mut tx = store.write().await.unwrap();
        tx.db().insert_tenant(&tenant).await.unwrap();
        tx.db().insert_invitation(&old, "old-hash").await.unwrap();
        tx.commit().await.unwrap();

        store.migrate().await.unwrap();
        let new = invitation(tenant.id, "new@example.org");
        let mut tx = store.write().await.unwrap();
        let mut db = tx.db();
        db.insert_invitation(&new, "new-hash").await.unwrap();
        // The hashes are no longer unique keys; only links of the old kind are.
        db.insert_invitation(&invitation(tenant.id, "twin@example.org"), "new-hash")
            .await
            .unwrap();
        let found = db.invitation_by_v1_link("old-hash").await.unwrap();
        assert_eq!(found.map(|i| i.id), Some(old.id));
        assert_eq!(db.invitation_by_v1_link("new-hash").await.unwrap(), None);
        let (found, hash) = db
            .invitation_with_secret_hash(new.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((found, hash.as_str()), (new.clone(), "new-hash"));
        let (_, hash) = db
            .invitation_with_secret_hash(old.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(hash, "old-hash");

        assert!(
            db.renew_invitation(tenant.id, old.id, "renewed-hash", 3_000, None)
                .await
                .unwrap()
        );
        assert_eq!(db.invitation_by_v1_link("old-hash").await.unwrap(), None);
        assert_eq!(
            db.invitation_by_v1_link("renewed-hash").await.unwrap(),
            None
        );
        let (found, hash) = db
            .invitation_with_secret_hash(old.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((found.expires_at, hash.as_str()), (3_000, "renewed-hash"));
        tx.commit().await.unwrap();
    }

    #[tokio::test]
    async fn links_sent_before_version_16_keep_working_on_sqlite() {
        let dir = ScratchDir::new();
        let store = dir.sqlite("up.db").await;
        links_sent_before_version_16_keep_working(&store).await;
        store.close().await;
    }

    /// Emails queued before version 18 have plaintext bodies: a pending one is still
    /// claimed as it was written (marked not sealed, so it is sent as it is), while
    /// those already sent or given up lose their bodies in the migration.
    async fn bodies_queued_before_version_18_stay_deliverable(store: &Store) {
        run_through(store, 17).await.unwrap();
        let tenant = Tenant::new(
            TenantId::new_id(),
            "Contoso".into(),
            "contoso.entente.test".into(),
            1_000,
        );
        let mut tx = store.write().await.unwrap();
        tx.db().insert_tenant(&tenant).await.unwrap();
        let mut ids = Vec::new();
        for status in ["pending", "sent", "failed"] {
            let id = uuid::Uuid::new_v4();
            sqlx::query(
                "INSERT INTO outbox (id, tenant_id, created_at, sender, recipients, subject, \
                 text_body, html_body, status, attempts, next_attempt_at) \
                 VALUES ($1, $2, 1000, 'no-reply@contoso.com', '{\"to\":[\"ann@fabrikam.com\"]}', \
                 'Invitation', 'Open https://x/redeem/secret', '<a href=\"https://x/redeem/secret\">', \
                 $3, 0, 1000)",
            )
            .bind(id.to_string())
            .bind(tenant.id.to_string())
            .bind(status)
            .execute(tx.conn())
            .await
            .unwrap();
            ids.push(id);
        }
        tx.commit().await.unwrap();

        store.migrate().await.unwrap();
        let mut tx = store.write().await.unwrap();
        let claimed = tx
            .db()
            .claim_outbox(store.backend(), "w1", 2_000, 3_000, 10)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(claimed.len(), 1);
        let pending = &claimed[0];
        assert_eq!(pending.id, ids[0]);
        assert!(!pending.sealed);
        assert_eq!(pending.text_body, "Open https://x/redeem/secret");
        assert_eq!(
            pending.html_body.as_deref(),
            Some("<a href=\"https://x/redeem/secret\">")
        );
        let mut conn = store.read().await.unwrap();
        for id in &ids[1..] {
            let done = conn
                .db()
                .outbox_message(tenant.id, *id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!((done.text_body.as_str(), done.html_body), ("", None));
            assert_eq!(done.subject, "Invitation", "who, when and what stay");
        }
    }

    #[tokio::test]
    async fn bodies_queued_before_version_18_stay_deliverable_on_sqlite() {
        let dir = ScratchDir::new();
        let store = dir.sqlite("outbox.db").await;
        bodies_queued_before_version_18_stay_deliverable(&store).await;
        store.close().await;
    }

    #[tokio::test]
    async fn bodies_queued_before_version_18_stay_deliverable_on_postgres() {
        let Some(scratch) = ScratchPostgres::new().await else {
            return;
        };
        bodies_queued_before_version_18_stay_deliverable(&scratch.store).await;
        scratch.finish().await;
    }

    async fn page_size(store: &Store) -> i64 {
        let mut conn = store.read().await.unwrap();
        sqlx::query("PRAGMA page_size")
            .fetch_one(&mut *conn.inner)
            .await
            .unwrap()
            .get(0)
    }

    /// A new SQLite database gets 16 KiB pages; one made before keeps its 4 KiB pages
    /// (SQLite cannot change them in WAL mode) and still migrates and works.
    #[tokio::test]
    async fn new_sqlite_databases_get_16_kib_pages_and_old_ones_keep_theirs() {
        use sqlx::{ConnectOptions, Connection};
        let dir = ScratchDir::new();
        let new = dir.sqlite("new.db").await;
        new.migrate().await.unwrap();
        assert_eq!(page_size(&new).await, 16_384);
        new.close().await;

        let mut old = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(dir.path().join("old.db"))
            .create_if_missing(true)
            .page_size(4_096)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE kept (x INTEGER)")
            .execute(&mut old)
            .await
            .unwrap();
        old.close().await.unwrap();
        let old = dir.sqlite("old.db").await;
        old.migrate().await.unwrap();
        assert_eq!(page_size(&old).await, 4_096);
        let tenant = Tenant::new(
            TenantId::new_id(),
            "Contoso".into(),
            "contoso.test".into(),
            1,
        );
        let mut tx = old.write().await.unwrap();
        tx.db().insert_tenant(&tenant).await.unwrap();
        tx.commit().await.unwrap();
        old.close().await;
    }

    #[tokio::test]
    async fn links_sent_before_version_16_keep_working_on_postgres() {
        let Some(scratch) = ScratchPostgres::new().await else {
            return;
        };
        links_sent_before_version_16_keep_working(&scratch.store).await;
        scratch.finish().await;
    }

    /// Email bodies and bulk previews are compressed with lz4 where the server has it.
    #[tokio::test]
    async fn postgres_compresses_bodies_and_previews_with_lz4_where_it_can() {
        let Some(scratch) = ScratchPostgres::new().await else {
            return;
        };
        scratch.store.migrate().await.unwrap();
        let mut conn = scratch.store.read().await.unwrap();
        let has_lz4: bool = sqlx::query(
            "SELECT 'lz4' = ANY (enumvals) FROM pg_settings WHERE name = 'default_toast_compression'",
        )
        .fetch_one(&mut *conn.inner)
        .await
        .unwrap()
        .get(0);
        let methods: Vec<String> = sqlx::query(
            "SELECT attrelid::regclass::text || '.' || attname || '=' || attcompression::text \
             FROM pg_attribute WHERE (attrelid = 'outbox'::regclass \
             AND attname IN ('text_body', 'html_body')) OR (attrelid = 'invitation_batches'::regclass \
             AND attname IN ('preview', 'result')) ORDER BY 1",
        )
        .fetch_all(&mut *conn.inner)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
        drop(conn);
        scratch.finish().await;
        let method = if has_lz4 { "l" } else { "" };
        let want: Vec<String> = [
            "invitation_batches.preview",
            "invitation_batches.result",
            "outbox.html_body",
            "outbox.text_body",
        ]
        .iter()
        .map(|column| format!("{column}={method}"))
        .collect();
        assert_eq!(methods, want);
    }
}
