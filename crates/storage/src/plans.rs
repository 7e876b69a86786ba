//! How SQLite and PostgreSQL run the queries whose plans the bulk invitation benchmark
//! and the directory API's collection queries depend on, and how SQLite is built for
//! that (`.cargo/config.toml`).

use entente_model::{GroupId, TenantId, UserId};
use sqlx::Row;

use crate::Store;
use crate::collections::{GroupField, GroupScope, UserField, UserScope, group_source, user_source};
use crate::directory::GUEST_OF_EXTERNAL_IDENTITY;
use crate::invitations::{INVITATION_BY_V1_LINK, users_by_mails_sql};
use crate::query::{
    Comparison, Cursor, Direction, Drive, Filter, Literal, Query, Sort, count_sql, page_sql,
    page_sql_driven,
};
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

/// The lifecycle tick finds the due steps in their partial index, whatever the number
/// of users without one.
#[tokio::test]
async fn due_lifecycle_steps_read_their_partial_index() {
    assert_plan_uses(crate::lifecycle::DUE_LIFECYCLE_STEPS, "users_lifecycle_due").await;
}

/// The access reviews' tick finds due starts and due instance steps in their partial
/// indexes, however many reviews and instances are done.
#[tokio::test]
async fn due_review_starts_and_steps_read_their_partial_indexes() {
    assert_plan_uses(crate::reviews::DUE_REVIEW_STARTS, "access_reviews_due").await;
    assert_plan_uses(
        crate::reviews::DUE_INSTANCE_STEPS,
        "access_review_instances_due",
    )
    .await;
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

/// A SQLite store holding one tenant of 50,000 people as `entente-bench seed --people`
/// makes them (names "First Last" from 40 x 40, one in ten an invited guest, 30 % of
/// those pending, one in fifty disabled), with the statistics `ANALYZE` wrote for them.
struct People {
    scratch: Scratch,
    tenant: TenantId,
}

/// The people's rows, generated in SQL; `$1` is the tenant.
const PEOPLE: &str = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n \
     WHERE i < 50000) \
     INSERT INTO users (id, tenant_id, user_type, creation_type, external_user_state, \
     user_principal_name, upn_lower, mail, mail_lower, display_name, display_name_lower, \
     account_enabled, created_at) \
     SELECT printf('%08d-0000-7000-8000-000000000000', i), $1, \
     CASE WHEN i % 10 = 0 THEN 'Guest' ELSE 'Member' END, \
     CASE WHEN i % 10 = 0 THEN 'Invitation' END, \
     CASE WHEN i % 10 = 0 THEN CASE WHEN i % 100 < 30 THEN 'PendingAcceptance' \
     ELSE 'Accepted' END END, \
     'u' || i || '@bench', 'u' || i || '@bench', 'u' || i || '@example.com', \
     'u' || i || '@example.com', 'F' || (i % 40) || ' L' || (i / 40 % 40), \
     'f' || (i % 40) || ' l' || (i / 40 % 40), \
     CASE WHEN i % 50 = 7 THEN 0 ELSE 1 END, 1640995200 + i * 947 % 94608000 FROM n";

impl People {
    async fn new() -> People {
        let scratch = Scratch::new().await;
        let tenant = TenantId::new_id();
        let mut tx = scratch.store.write().await.unwrap();
        let conn = tx.conn();
        sqlx::query(
            "INSERT INTO tenants (id, display_name, initial_domain, created_at, mfa_required) \
             VALUES ($1, 'Bench', 'bench.entente.test', 0, 0)",
        )
        .bind(tenant.to_string())
        .execute(&mut *conn)
        .await
        .unwrap();
        sqlx::query(PEOPLE)
            .bind(tenant.to_string())
            .execute(&mut *conn)
            .await
            .unwrap();
        sqlx::query("ANALYZE").execute(&mut *conn).await.unwrap();
        tx.commit().await.unwrap();
        People { scratch, tenant }
    }

    /// The plan SQLite makes for `sql` on these people.
    async fn plan(&self, sql: &crate::query::Sql) -> Vec<String> {
        let mut conn = self.scratch.store.read().await.unwrap();
        plan(&mut conn.inner, &sql.text).await
    }

    fn users(
        &self,
        filter: Option<Filter<UserField>>,
        sort: Option<Sort<UserField>>,
    ) -> crate::query::Sql {
        let query = Query {
            filter,
            sort,
            after: None,
            limit: 100,
        };
        page_sql(&user_source(self.tenant, UserScope::Tenant), &query).unwrap()
    }
}

fn text(value: &str) -> Literal {
    Literal::Text(value.into())
}

/// Asserts that a plan reads `index` (a range or lookup of it, not a walk of the whole
/// table) and, when `sorted_by_index`, needs no sort of its own.
fn assert_reads(steps: &[String], index: &str, sorted_by_index: bool) {
    assert!(
        steps
            .iter()
            .any(|s| s.contains(&format!("INDEX {index} ")) && s.starts_with("SEARCH")),
        "{index}: {steps:#?}"
    );
    assert!(!steps.iter().any(|s| s.starts_with("SCAN")), "{steps:#?}");
    if sorted_by_index {
        assert!(
            !steps.iter().any(|s| s.contains("TEMP B-TREE")),
            "{steps:#?}"
        );
    }
}

/// Every field a user filter may name is read through its own index, in id order (so
/// a page stops after its rows) wherever the index's order allows, and so is its count.
#[tokio::test]
async fn each_user_filter_reads_its_index() {
    let people = People::new().await;
    let id = uuid::Uuid::now_v7();
    for (filter, index) in [
        (
            Filter::eq(UserField::AccountEnabled, Literal::Bool(false)),
            "users_enabled",
        ),
        (Filter::eq(UserField::UserType, text("Guest")), "users_type"),
        (
            Filter::eq(UserField::CreationType, text("Invitation")),
            "users_creation",
        ),
        (
            Filter::eq(UserField::ExternalUserState, text("PendingAcceptance")),
            "users_state",
        ),
        (
            Filter::eq(UserField::Mail, text("a@b.example")),
            "users_mail",
        ),
        (
            Filter::eq(UserField::DisplayName, text("Alice Moreau")),
            "users_display_name",
        ),
        (
            Filter::In(UserField::Id, vec![Literal::Id(id), Literal::Id(id)]),
            "users_page",
        ),
        // `ne` on a flag is an equality of the other value.
        (
            Filter::Compare(
                UserField::AccountEnabled,
                Comparison::Ne,
                Literal::Bool(true),
            ),
            "users_enabled",
        ),
        // The benchmark's two-property filter reads one of its indexes in id order and
        // checks the other property on the way.
        (
            Filter::And(vec![
                Filter::eq(UserField::CreationType, text("Invitation")),
                Filter::eq(UserField::ExternalUserState, text("PendingAcceptance")),
            ]),
            "users_state",
        ),
        // Prefixes and ranges are read in the field's order (pages by it).
        (
            Filter::starts_with(UserField::DisplayName, "f1"),
            "users_display_name",
        ),
        (Filter::starts_with(UserField::Mail, "u1"), "users_mail"),
        (
            Filter::starts_with(UserField::UserPrincipalName, "u1"),
            "users_upn",
        ),
        (
            Filter::Compare(
                UserField::CreatedAt,
                Comparison::Ge,
                Literal::Int(1_700_000_000),
            ),
            "users_created",
        ),
        // Who has not signed in since a day (issue 22): the sign-in activity's index.
        (
            Filter::Compare(
                UserField::LastSignIn,
                Comparison::Le,
                Literal::Int(1_700_000_000),
            ),
            "users_last_sign_in",
        ),
    ] {
        let steps = people.plan(&people.users(Some(filter.clone()), None)).await;
        let sorted = !matches!(filter, Filter::In(..));
        assert_reads(&steps, index, sorted);
        let source = user_source(people.tenant, UserScope::Tenant);
        let count = people
            .plan(&crate::query::count_sql_indexed(&source, Some(&filter), true).unwrap())
            .await;
        assert_reads(&count, index, true);
    }
}

/// SCIM's filters (issue 23) read an index each, never the tenant: `userName eq` (the
/// principal name's unique index), `externalId eq`, `meta.lastModified gt` (in its
/// order), and a partner connection's scope (its guests by home tenant); each count
/// too.
#[tokio::test]
async fn scim_filters_read_their_indexes() {
    let people = People::new().await;
    for (filter, index, sorted) in [
        (
            Filter::eq(UserField::UserPrincipalName, text("u7@bench")),
            "users_upn",
            false,
        ),
        (
            Filter::eq(UserField::ExternalId, text("E-7")),
            "users_external_id",
            false,
        ),
        (
            Filter::Compare(
                UserField::UpdatedAt,
                Comparison::Gt,
                Literal::Int(1_700_000_000),
            ),
            "users_updated",
            true,
        ),
        (
            Filter::And(vec![
                Filter::eq(UserField::HomeTenant, Literal::Id(uuid::Uuid::now_v7())),
                Filter::eq(UserField::UserType, text("Guest")),
            ]),
            "users_home_tenant",
            false,
        ),
    ] {
        // As SCIM reads a page when the probe found few matches (`Db::page_from`).
        let query = Query {
            filter: Some(filter.clone()),
            sort: None,
            after: None,
            limit: 100,
        };
        let source = user_source(people.tenant, UserScope::Tenant);
        // A range is read in its index's order; an equality, probed, through its index.
        let drive = if sorted {
            Drive::Planner
        } else {
            Drive::Matches { indexed_by: true }
        };
        let sql = page_sql_driven(&source, &query, drive).unwrap();
        let steps = people.plan(&sql).await;
        assert_reads(&steps, index, sorted);
        if sorted {
            continue;
        }
        let probe = people
            .plan(&crate::query::probe_sql(&source, &filter).unwrap())
            .await;
        assert!(
            probe.iter().any(|s| s.contains(&format!("INDEX {index} ")))
                && !probe.iter().any(|s| s.starts_with("SCAN u")),
            "{index}: {probe:#?}"
        );
    }
}

/// `$orderby` walks its index from the cursor: the first page and a deep one cost the
/// same, and no page sorts.
#[tokio::test]
async fn sorted_pages_walk_their_index_from_the_cursor() {
    let people = People::new().await;
    let id = uuid::Uuid::now_v7();
    for (field, direction, index, after) in [
        (
            UserField::DisplayName,
            Direction::Ascending,
            "users_display_name",
            None,
        ),
        (
            UserField::DisplayName,
            Direction::Ascending,
            "users_display_name",
            Some(format!("t6d617269652073696d6f6e.{id}")),
        ),
        (
            UserField::CreatedAt,
            Direction::Descending,
            "users_created",
            None,
        ),
        (
            UserField::CreatedAt,
            Direction::Descending,
            "users_created",
            Some(format!("n1700000000.{id}")),
        ),
    ] {
        let query = Query {
            filter: None,
            sort: Some(Sort { field, direction }),
            after: after.map(|a| a.parse::<Cursor>().unwrap()),
            limit: 100,
        };
        let sql = page_sql(&user_source(people.tenant, UserScope::Tenant), &query).unwrap();
        assert_reads(&people.plan(&sql).await, index, true);
    }
}

/// A sorted page whose filter has few matches (the probe counted them) is read through
/// the filter's own index and sorted, whatever the statistics' averages say; with
/// many, the name index is walked, which soon fills a page.
#[tokio::test]
async fn a_sorted_page_reads_the_filters_index_when_matches_are_few() {
    let people = People::new().await;
    let by_name = Some(Sort {
        field: UserField::DisplayName,
        direction: Direction::Ascending,
    });
    let source = user_source(people.tenant, UserScope::Tenant);
    for (filter, index) in [
        // Nine in ten have no creation type: averaged, a value seems to match half.
        (
            Filter::eq(UserField::CreationType, text("SignInLink")),
            "users_creation",
        ),
        (Filter::eq(UserField::UserType, text("Robot")), "users_type"),
        (
            Filter::eq(UserField::AccountEnabled, Literal::Bool(false)),
            "users_enabled",
        ),
        (
            Filter::And(vec![
                Filter::Compare(UserField::CreatedAt, Comparison::Ge, Literal::Int(1)),
                Filter::In(
                    UserField::ExternalUserState,
                    vec![text("PendingAcceptance")],
                ),
            ]),
            "users_state",
        ),
    ] {
        let query = Query {
            filter: Some(filter),
            sort: by_name,
            after: Some(
                format!("t616c696365.{}", uuid::Uuid::nil())
                    .parse()
                    .unwrap(),
            ),
            limit: 100,
        };
        let few = people
            .plan(&page_sql_driven(&source, &query, Drive::Matches { indexed_by: true }).unwrap())
            .await;
        assert_reads(&few, index, false);
        assert!(
            !few.iter().any(|s| s.contains("users_display_name")),
            "{few:#?}"
        );
        let many = people
            .plan(&page_sql_driven(&source, &query, Drive::Planner).unwrap())
            .await;
        assert_reads(&many, "users_display_name", true);
    }
}

/// `$search` on a display name reads two index ranges (the name's start, and its
/// second word's) and sorts only what they matched.
#[tokio::test]
async fn a_name_search_reads_both_word_indexes() {
    let people = People::new().await;
    let steps = people
        .plan(&people.users(
            Some(Filter::Search(UserField::DisplayName, "l3".into())),
            None,
        ))
        .await;
    assert_reads(&steps, "users_display_name", false);
    assert_reads(&steps, "users_display_name_words", false);
}

/// The portal's search for any part of a name or an address: one look-up of the
/// users' trigram index, each match read by its rowid, never a walk of the users;
/// sorted by name when matches are few (after the probe), and counted the same way.
#[tokio::test]
async fn a_substring_search_reads_the_trigram_index() {
    let people = People::new().await;
    let source = user_source(people.tenant, UserScope::Tenant);
    let anywhere = |text: &str| Filter::Contains(UserField::Text, text.into());
    let reads_the_trigrams = |steps: &[String]| {
        assert!(
            steps
                .iter()
                .any(|s| s.starts_with("SCAN users_search VIRTUAL TABLE INDEX")),
            "{steps:#?}"
        );
        assert!(
            steps
                .iter()
                .any(|s| s.starts_with("SEARCH u USING INTEGER PRIMARY KEY (rowid=?)")),
            "{steps:#?}"
        );
        assert!(
            !steps
                .iter()
                .any(|s| s == "SCAN u" || s.starts_with("SCAN u ")),
            "{steps:#?}"
        );
    };
    let query = Query {
        filter: Some(anywhere("2 l3")),
        sort: Some(Sort {
            field: UserField::DisplayName,
            direction: Direction::Ascending,
        }),
        after: None,
        limit: 100,
    };
    let sorted = page_sql_driven(&source, &query, Drive::Matches { indexed_by: true }).unwrap();
    reads_the_trigrams(&people.plan(&sorted).await);
    let counted = count_sql(&source, Some(&anywhere("example"))).unwrap();
    reads_the_trigrams(&people.plan(&counted).await);
}

/// Counting a tenant's users reads an index of the tenant, never the table.
#[tokio::test]
async fn counting_reads_an_index() {
    let people = People::new().await;
    let everyone =
        count_sql::<UserField>(&user_source(people.tenant, UserScope::Tenant), None).unwrap();
    let steps = people.plan(&everyone).await;
    assert!(
        steps
            .iter()
            .all(|s| s.starts_with("SEARCH") && s.contains("COVERING INDEX")),
        "{steps:#?}"
    );
}

/// A group's members come from the membership's key in id order, and a user's groups
/// from `group_members_user_group`; group filters and sorts have their indexes.
#[tokio::test]
async fn memberships_and_groups_read_their_indexes() {
    let people = People::new().await;
    let tenant = people.tenant;
    let every: Query<UserField> = Query {
        filter: None,
        sort: None,
        after: None,
        limit: 100,
    };
    let members = page_sql(
        &user_source(tenant, UserScope::MembersOf(GroupId::new_id())),
        &every,
    )
    .unwrap();
    assert_reads(
        &people.plan(&members).await,
        "sqlite_autoindex_group_members_1",
        true,
    );
    let groups = page_sql(
        &group_source(tenant, GroupScope::GroupsOf(UserId::new_id())),
        &Query::<GroupField> {
            filter: None,
            sort: None,
            after: None,
            limit: 100,
        },
    )
    .unwrap();
    assert_reads(
        &people.plan(&groups).await,
        "group_members_user_group",
        true,
    );
    for (filter, sort, index) in [
        (
            Some(Filter::starts_with(GroupField::DisplayName, "sales")),
            None,
            "groups_display_name",
        ),
        (
            None,
            Some(Sort {
                field: GroupField::CreatedAt,
                direction: Direction::Descending,
            }),
            "groups_created",
        ),
    ] {
        let query = Query {
            filter,
            sort,
            after: None,
            limit: 100,
        };
        let sql = page_sql(&group_source(tenant, GroupScope::Tenant), &query).unwrap();
        assert_reads(&people.plan(&sql).await, index, true);
    }
}

/// PostgreSQL, statistics fresh, 50,000 people in the tenant: the benchmark's filters,
/// sort and search read indexes, never the whole table.
#[tokio::test]
async fn collection_queries_read_indexes_on_postgres() {
    let Some(scratch) = ScratchPostgres::new().await else {
        return;
    };
    scratch.store.migrate().await.unwrap();
    let tenant = TenantId::new_id();
    let mut tx = scratch.store.write().await.unwrap();
    let conn = tx.conn();
    sqlx::query(
        "INSERT INTO tenants (id, display_name, initial_domain, created_at, mfa_required) \
         VALUES ($1, 'Bench', 'bench.entente.test', 0, 0)",
    )
    .bind(tenant.to_string())
    .execute(&mut *conn)
    .await
    .unwrap();
    // The same people as `People`, with PostgreSQL's own series.
    sqlx::query(
        "INSERT INTO users (id, tenant_id, user_type, creation_type, external_user_state, \
         user_principal_name, upn_lower, mail, mail_lower, display_name, display_name_lower, \
         account_enabled, created_at) \
         SELECT gen_random_uuid()::text, $1, \
         CASE WHEN i % 10 = 0 THEN 'Guest' ELSE 'Member' END, \
         CASE WHEN i % 10 = 0 THEN 'Invitation' END, \
         CASE WHEN i % 10 = 0 THEN CASE WHEN i % 100 < 30 THEN 'PendingAcceptance' \
         ELSE 'Accepted' END END, \
         'u' || i || '@bench', 'u' || i || '@bench', 'u' || i || '@example.com', \
         'u' || i || '@example.com', 'F' || (i % 40) || ' L' || (i / 40 % 40), \
         'f' || (i % 40) || ' l' || (i / 40 % 40), \
         CASE WHEN i % 50 = 7 THEN 0 ELSE 1 END, 1640995200 + i * 947 % 94608000 \
         FROM generate_series(1, 50000) AS i",
    )
    .bind(tenant.to_string())
    .execute(&mut *conn)
    .await
    .unwrap();
    sqlx::query("ANALYZE users")
        .execute(&mut *conn)
        .await
        .unwrap();
    let source = user_source(tenant, UserScope::Tenant).on(false);
    let page = |filter: Option<Filter<UserField>>, sort: Option<Sort<UserField>>| Query {
        filter,
        sort,
        after: None,
        limit: 100,
    };
    let by_name = Some(Sort {
        field: UserField::DisplayName,
        direction: Direction::Ascending,
    });
    let disabled = Filter::eq(UserField::AccountEnabled, Literal::Bool(false));
    let anywhere = Filter::Contains(UserField::Text, "u4321@".into());
    let queries = [
        page_sql(&source, &page(Some(disabled.clone()), None)),
        page_sql(
            &source,
            &page(
                Some(Filter::And(vec![
                    Filter::eq(UserField::CreationType, text("Invitation")),
                    Filter::eq(UserField::ExternalUserState, text("PendingAcceptance")),
                ])),
                None,
            ),
        ),
        page_sql(
            &source,
            &Query {
                after: Some(format!("t6632302e.{}", uuid::Uuid::nil()).parse().unwrap()),
                ..page(None, by_name)
            },
        ),
        page_sql(&source, &page(Some(disabled.clone()), by_name)),
        page_sql_driven(
            &source,
            &page(Some(disabled.clone()), by_name),
            Drive::Matches { indexed_by: false },
        ),
        page_sql(
            &source,
            &page(
                Some(Filter::eq(UserField::CreationType, text("SignInLink"))),
                by_name,
            ),
        ),
        page_sql(
            &source,
            &page(
                Some(Filter::Search(UserField::DisplayName, "l3".into())),
                None,
            ),
        ),
        count_sql(&source, Some(&disabled)),
        // The portal's search for any part (pg_trgm's GIN indexes).
        page_sql_driven(
            &source,
            &page(Some(anywhere.clone()), by_name),
            Drive::Matches { indexed_by: false },
        ),
        count_sql(&source, Some(&anywhere)),
    ];
    let mut plans = Vec::new();
    for sql in queries {
        let sql = sql.unwrap();
        let explain = crate::query::Sql {
            text: format!("EXPLAIN {}", sql.text),
            binds: sql.binds.clone(),
            sqlite: false,
        };
        let steps: Vec<String> = explain
            .query()
            .fetch_all(&mut *conn)
            .await
            .unwrap()
            .iter()
            .map(|row| row.get::<String, _>(0))
            .collect();
        plans.push(steps);
    }
    drop(tx);
    scratch.finish().await;
    for steps in &plans {
        assert!(
            !steps.iter().any(|s| s.contains("Seq Scan on users")),
            "{steps:#?}"
        );
        assert!(steps.iter().any(|s| s.contains("Index")), "{steps:#?}");
    }
    // Read through its filter, the page of disabled users sorted by name reads the
    // flag's index, not the name's.
    assert!(
        plans[4].iter().any(|s| s.contains("users_enabled"))
            && !plans[4].iter().any(|s| s.contains("users_display_name")),
        "{:#?}",
        plans[4]
    );
    for steps in &plans[9..] {
        assert!(
            steps
                .iter()
                .any(|s| s.contains("Bitmap Index Scan on users_search")),
            "{steps:#?}"
        );
    }
}
