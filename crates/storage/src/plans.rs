//! How SQLite and PostgreSQL run the queries whose plans the bulk invitation benchmark
//! depends on, and how SQLite is built for that (`.cargo/config.toml`).

use sqlx::Row;

use crate::Store;
use crate::directory::GUEST_OF_EXTERNAL_IDENTITY;
use crate::invitations::{INVITATION_BY_V1_LINK, users_by_mails_sql};
use crate::test_support::{ScratchDir, ScratchPostgres};

/// A migrated SQLite store in a directory of its own, removed on drop.
struct Scratch {
    store: Store,
    _dir: ScratchDir,
}

impl Scratch {
    async fn new() -> Scratch {
        let dir = ScratchDir::new();
        let store = dir.sqlite("plan.db").await;
        store.migrate().await.unwrap();
        Scratch { store, _dir: dir }
    }
}

/// The steps of `EXPLAIN QUERY PLAN sql`, as SQLite words them.
async fn plan(conn: &mut sqlx::AnyConnection, sql: &str) -> Vec<String> {
    sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
        .fetch_all(conn)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get::<String, _>("detail"))
        .collect()
}

/// Without the query planner stability guarantee SQLite compiles a statement again at
/// every execution that binds a new value to a parameter its plan looked at (any
/// `LIMIT ?`, such as the delivery worker's claim): a tenth of the writer's time in a
/// bulk confirmation went to parsing statements again.
#[tokio::test]
async fn sqlite_is_built_with_stable_query_plans() {
    let scratch = Scratch::new().await;
    let mut conn = scratch.store.read().await.unwrap();
    let options: Vec<String> = sqlx::query("PRAGMA compile_options")
        .fetch_all(&mut *conn.inner)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get::<String, _>(0))
        .collect();
    assert!(options.iter().any(|o| o == "ENABLE_QPSG"), "{options:?}");
}

/// A tenant grown tenfold since the last `ANALYZE` (2,000 users then, as after a
/// first bulk file) must still have its addresses looked up in `users_mail`, not
/// the whole table scanned for each chunk of 500.
#[tokio::test]
async fn address_lookup_searches_the_mail_index_whatever_the_statistics_say() {
    let scratch = Scratch::new().await;
    let mut tx = scratch.store.write().await.unwrap();
    let conn = tx.conn();
    sqlx::query("ANALYZE").execute(&mut *conn).await.unwrap();
    sqlx::query("DELETE FROM sqlite_stat1 WHERE tbl = 'users'")
        .execute(&mut *conn)
        .await
        .unwrap();
    for (index, stat) in [
        ("sqlite_autoindex_users_1", "2001 1"),
        ("users_upn", "2001 2001 1"),
        ("users_mail", "2001 2001 1 1"),
        ("users_display_name", "2001 2001 1 1"),
        ("users_page", "2001 2001 1"),
        ("users_type", "2001 2001 1001 1"),
        ("users_home_user", "2001 2001"),
    ] {
        sqlx::query("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('users', ?, ?)")
            .bind(index)
            .bind(stat)
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    // Makes this connection's planner read the statistics just written.
    sqlx::query("ANALYZE sqlite_schema")
        .execute(&mut *conn)
        .await
        .unwrap();
    let steps = plan(conn, &users_by_mails_sql(true, 500)).await;
    assert!(
        steps.iter().any(|s| s.contains("USING INDEX users_mail")),
        "{steps:?}"
    );
    assert!(
        !steps.iter().any(|s| s.starts_with("SCAN users")),
        "{steps:?}"
    );
}

/// With plans that ignore bound values, the partial index of partners' identities
/// still serves the look-up by identity: `external_issuer = ?` implies the index's
/// `external_issuer IS NOT NULL` whatever the value.
#[tokio::test]
async fn external_identity_lookup_uses_its_partial_index() {
    assert_plan_uses(GUEST_OF_EXTERNAL_IDENTITY, "users_external_identity").await;
}

/// A link sent before links named their invitation is found through the partial index
/// of such links, not by reading every invitation.
#[tokio::test]
async fn a_link_of_the_old_kind_is_found_in_its_partial_index() {
    assert_plan_uses(INVITATION_BY_V1_LINK, "invitations_v1_link").await;
}

/// Asserts that SQLite, on a freshly migrated database, runs `sql` through `index`.
async fn assert_plan_uses(sql: &str, index: &str) {
    let scratch = Scratch::new().await;
    let mut conn = scratch.store.read().await.unwrap();
    let steps = plan(&mut conn.inner, sql).await;
    let wanted = format!("USING INDEX {index}");
    assert!(steps.iter().any(|s| s.contains(&wanted)), "{steps:?}");
}

/// PostgreSQL, statistics fresh, 18,000 guests in the tenant (the tenant of the bulk
/// benchmark's last file): the file's 500 addresses are each looked up in `users_mail`.
/// Written as `mail_lower IN (...)`, the planner preferred reading the whole tenant.
/// Runs when `ENTENTE_TEST_POSTGRES` names a server, as the rest of the suite does.
#[tokio::test]
async fn address_lookup_probes_the_mail_index_on_postgres() {
    let Some(scratch) = ScratchPostgres::new().await else {
        return;
    };
    scratch.store.migrate().await.unwrap();
    let tenant = uuid::Uuid::now_v7().to_string();
    let mut tx = scratch.store.write().await.unwrap();
    let conn = tx.conn();
    sqlx::query(
        "INSERT INTO tenants (id, display_name, initial_domain, created_at, mfa_required) \
         VALUES ($1, 'Bench', 'bench.entente.test', 0, 0)",
    )
    .bind(&tenant)
    .execute(&mut *conn)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO users (id, tenant_id, user_type, user_principal_name, upn_lower, mail, \
         mail_lower, display_name, display_name_lower, account_enabled, created_at) \
         SELECT gen_random_uuid()::text, $1, 'Guest', 'g' || i || '#EXT#@bench', \
         'g' || i || '#ext#@bench', 'guest' || i || '@partner' || i % 50 || '.example', \
         'guest' || i || '@partner' || i % 50 || '.example', 'Guest ' || i, 'guest ' || i, 1, 0 \
         FROM generate_series(1, 18000) AS i",
    )
    .bind(&tenant)
    .execute(&mut *conn)
    .await
    .unwrap();
    sqlx::query("ANALYZE users")
        .execute(&mut *conn)
        .await
        .unwrap();
    let mut explain = sqlx::query(sqlx::AssertSqlSafe(format!(
        "EXPLAIN {}",
        users_by_mails_sql(false, 500)
    )))
    .bind(&tenant);
    for i in 0..500 {
        explain = explain.bind(format!("new{i}@partner{}.example", i % 50));
    }
    let steps: Vec<String> = explain
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get::<String, _>(0))
        .collect();
    drop(tx);
    scratch.finish().await;
    assert!(
        steps
            .iter()
            .any(|s| s.contains("Index Scan using users_mail")),
        "{steps:#?}"
    );
    assert!(
        !steps.iter().any(|s| s.contains("Seq Scan on users")),
        "{steps:#?}"
    );
}
