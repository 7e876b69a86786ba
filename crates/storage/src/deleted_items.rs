//! Deleted items: users, groups and applications deleted softly. A deleted object
//! keeps its row, with `deleted_at` set, and everything that hangs off it
//! (memberships, roles, assignments, secrets, keys), so a restore brings it back
//! whole; every other query of the directory leaves it out. Its sessions and tokens
//! are erased at deletion, as a hard delete erased them.
//!
//! Restoring and purging are each one conditional statement on the object's row
//! (`deleted_at IS NOT NULL`), so of two restores, or of a restore and a purge, exactly
//! one wins; the loser finds nothing to do. Listing, counting and reading one item
//! are each one function, generic over the kind's row type ([`DeletedRow`]), through
//! the collections' one query mechanism on sources scoped to the deleted rows, whose
//! fields are the kind's own and the deletion time ([`DeletedField`]).
//!
//! A guest object deleted because its home account was deleted keeps the home user's
//! id in `deleted_with` (migration 28), so the home account's restore finds exactly
//! the guests its deletion took along; every restore clears it.

use entente_model::{AppId, Application, Group, GroupId, TenantId, UnixTime, User, UserId};
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::collections::{APPLICATION_COLUMNS, GROUP_COLUMNS, USER_COLUMNS};
use crate::query::{Bind, Column, Field, Filter, Kind, Listed, Query, Source, count_sql};
use crate::rows::{int, parsed, text};
use crate::{ApplicationField, Db, GroupField, Result, UserField, conflict_as};

/// What kind of object a deleted item is; Graph's type names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeletedKind {
    User,
    Group,
    Application,
}

impl DeletedKind {
    pub const ALL: [DeletedKind; 3] = [
        DeletedKind::User,
        DeletedKind::Group,
        DeletedKind::Application,
    ];

    fn table(self) -> &'static str {
        match self {
            DeletedKind::User => "users",
            DeletedKind::Group => "groups",
            DeletedKind::Application => "applications",
        }
    }

    /// The columns a row of this kind is read from, its deletion time last.
    fn columns(self) -> String {
        let (columns, alias) = match self {
            DeletedKind::User => (USER_COLUMNS, "u"),
            DeletedKind::Group => (GROUP_COLUMNS, "g"),
            DeletedKind::Application => (APPLICATION_COLUMNS, "a"),
        };
        format!("{columns}, {alias}.deleted_at")
    }
}

/// An object deleted items hold (a user, a group, an application), as its row reads:
/// every listing, count and look-up of deleted items is one generic function over it.
pub trait DeletedRow: Sized {
    const KIND: DeletedKind;
    /// The fields a query of this kind's deleted items names, besides the deletion time.
    type Field: Field;
    /// Reads the object from a row of [`DeletedKind::columns`].
    fn read(row: &AnyRow) -> Result<Self>;
    fn id(&self) -> Uuid;
}

impl DeletedRow for User {
    const KIND: DeletedKind = DeletedKind::User;
    type Field = UserField;

    fn read(row: &AnyRow) -> Result<User> {
        crate::directory::user_row(row)
    }

    fn id(&self) -> Uuid {
        self.id.0
    }
}

impl DeletedRow for Group {
    const KIND: DeletedKind = DeletedKind::Group;
    type Field = GroupField;

    fn read(row: &AnyRow) -> Result<Group> {
        crate::groups::group(row)
    }

    fn id(&self) -> Uuid {
        self.id.0
    }
}

impl DeletedRow for Application {
    const KIND: DeletedKind = DeletedKind::Application;
    type Field = ApplicationField;

    fn read(row: &AnyRow) -> Result<Application> {
        crate::applications::application(row)
    }

    fn id(&self) -> Uuid {
        self.id.0
    }
}

/// A field of a deleted item: one of its kind's own fields, or when it was deleted
/// (the portal's order: the newest deletion first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeletedField<F> {
    Of(F),
    /// Unix seconds; read in order through `*_deleted_order` (migration 28).
    DeletedAt,
}

impl<F: Field> Field for DeletedField<F> {
    fn column(self) -> Column {
        match self {
            DeletedField::Of(field) => field.column(),
            DeletedField::DeletedAt => Column {
                name: "deleted_at",
                kind: Kind::Int,
                // Never null within deleted items, whose scope says so.
                nullable: false,
                sortable: true,
                ordered: true,
                words: None,
                substring: None,
                index: None,
            },
        }
    }
}

fn deleted_row<T: DeletedRow>(row: &AnyRow) -> Result<(T, UnixTime)> {
    Ok((T::read(row)?, int(row, "deleted_at")?))
}

fn deleted_source(kind: DeletedKind, tenant: TenantId, columns: &str) -> Source<'_> {
    let (from, alias, id, scope) = match kind {
        DeletedKind::User => (
            "users u",
            "u",
            "u.id",
            "u.tenant_id = $1 AND u.deleted_at IS NOT NULL",
        ),
        DeletedKind::Group => (
            "groups g",
            "g",
            "g.id",
            "g.tenant_id = $1 AND g.deleted_at IS NOT NULL",
        ),
        DeletedKind::Application => (
            "applications a",
            "a",
            "a.id",
            "a.tenant_id = $1 AND a.deleted_at IS NOT NULL",
        ),
    };
    Source {
        from,
        alias,
        id,
        scope,
        scope_values: vec![Bind::Text(tenant.to_string())],
        columns,
        // Never `INDEXED BY`: the principal names' index holds live users only.
        single_table: false,
        // Deleted items take no substring search; see `Source::on`.
        sqlite: true,
    }
}

impl Db<'_> {
    /// Moves a user to deleted items at `now`, ending its sessions and erasing its
    /// refresh tokens and authorization codes; false when there is no such live user.
    pub async fn soft_delete_user(
        &mut self,
        tenant: TenantId,
        id: UserId,
        now: UnixTime,
    ) -> Result<bool> {
        if !self
            .mark_deleted(DeletedKind::User, tenant, id.0, now)
            .await?
        {
            return Ok(false);
        }
        for sql in [
            "DELETE FROM refresh_tokens WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM authorization_codes WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM pending_mfa WHERE tenant_id = $1 AND user_id = $2",
        ] {
            sqlx::query(sql)
                .bind(tenant.to_string())
                .bind(id.to_string())
                .execute(&mut *self.conn)
                .await?;
        }
        Ok(true)
    }

    /// Moves a guest object to deleted items as [`Db::soft_delete_user`] does, because
    /// its home account `home` was deleted: restoring `home` brings it back (see
    /// [`Db::guests_deleted_with`]); false when there is no such live user.
    pub async fn soft_delete_guest_with(
        &mut self,
        tenant: TenantId,
        id: UserId,
        home: UserId,
        now: UnixTime,
    ) -> Result<bool> {
        if !self.soft_delete_user(tenant, id, now).await? {
            return Ok(false);
        }
        sqlx::query("UPDATE users SET deleted_with = $3 WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.to_string())
            .bind(id.to_string())
            .bind(home.to_string())
            .execute(&mut *self.conn)
            .await?;
        Ok(true)
    }

    /// The guest objects, in any tenant, still in deleted items because the deletion
    /// of their home account `home` took them along (not those deleted on their own,
    /// nor those restored or purged since).
    pub async fn guests_deleted_with(&mut self, home: UserId) -> Result<Vec<User>> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.deleted_with = $1 \
             AND u.deleted_at IS NOT NULL ORDER BY u.tenant_id, u.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(home.to_string())
            .fetch_all(&mut *self.conn)
            .await?;
        rows.iter().map(crate::directory::user_row).collect()
    }

    /// Moves a group to deleted items; its memberships and assignments stay for a
    /// restore and count for nothing meanwhile.
    pub async fn soft_delete_group(
        &mut self,
        tenant: TenantId,
        id: GroupId,
        now: UnixTime,
    ) -> Result<bool> {
        self.mark_deleted(DeletedKind::Group, tenant, id.0, now)
            .await
    }

    /// Moves an application to deleted items, erasing the tokens, codes and SAML
    /// requests in flight for it; its secrets, keys, settings and assignments stay.
    pub async fn soft_delete_application(
        &mut self,
        tenant: TenantId,
        id: AppId,
        now: UnixTime,
    ) -> Result<bool> {
        if !self
            .mark_deleted(DeletedKind::Application, tenant, id.0, now)
            .await?
        {
            return Ok(false);
        }
        for sql in [
            "DELETE FROM refresh_tokens WHERE tenant_id = $1 AND client_id = \
             (SELECT client_id FROM applications WHERE id = $2)",
            "DELETE FROM authorization_codes WHERE tenant_id = $1 AND client_id = \
             (SELECT client_id FROM applications WHERE id = $2)",
            "DELETE FROM saml_requests WHERE tenant_id = $1 AND application_id = $2",
        ] {
            sqlx::query(sql)
                .bind(tenant.to_string())
                .bind(id.to_string())
                .execute(&mut *self.conn)
                .await?;
        }
        Ok(true)
    }

    async fn mark_deleted(
        &mut self,
        kind: DeletedKind,
        tenant: TenantId,
        id: Uuid,
        now: UnixTime,
    ) -> Result<bool> {
        let sql = format!(
            "UPDATE {} SET deleted_at = $3 WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL",
            kind.table()
        );
        let done = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(id.to_string())
            .bind(now)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Which kind of deleted item of the tenant `id` is, and when it was deleted.
    pub async fn deleted_kind(
        &mut self,
        tenant: TenantId,
        id: Uuid,
    ) -> Result<Option<(DeletedKind, UnixTime)>> {
        for kind in DeletedKind::ALL {
            let sql = format!(
                "SELECT deleted_at FROM {} WHERE tenant_id = $1 AND id = $2 \
                 AND deleted_at IS NOT NULL",
                kind.table()
            );
            let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(tenant.to_string())
                .bind(id.to_string())
                .fetch_optional(&mut *self.conn)
                .await?;
            if let Some(row) = row {
                return Ok(Some((kind, int(&row, "deleted_at")?)));
            }
        }
        Ok(None)
    }

    /// The deleted item `id` of the tenant, of `T`'s kind, and when it was deleted.
    pub async fn deleted<T: DeletedRow>(
        &mut self,
        tenant: TenantId,
        id: Uuid,
    ) -> Result<Option<(T, UnixTime)>> {
        let source = deleted_source(T::KIND, tenant, "");
        let sql = format!(
            "SELECT {} FROM {} WHERE {} AND {} = $2",
            T::KIND.columns(),
            source.from,
            source.scope,
            source.id
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(id.to_string())
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| deleted_row::<T>(&r))
            .transpose()
    }

    /// Brings a deleted item back, a user under `new_principal_name` if given; false
    /// when it is not (or no longer) a deleted item. A user whose principal name has
    /// been taken meanwhile is refused as a conflict.
    pub async fn restore(
        &mut self,
        kind: DeletedKind,
        tenant: TenantId,
        id: Uuid,
        new_principal_name: Option<&str>,
    ) -> Result<bool> {
        let done = match kind {
            DeletedKind::User => sqlx::query(
                "UPDATE users SET deleted_at = NULL, deleted_with = NULL, \
                 user_principal_name = COALESCE($3, user_principal_name), \
                 upn_lower = COALESCE($4, upn_lower) \
                 WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NOT NULL",
            )
            .bind(tenant.to_string())
            .bind(id.to_string())
            .bind(new_principal_name)
            .bind(new_principal_name.map(str::to_lowercase))
            .execute(&mut *self.conn)
            .await
            .map_err(conflict_as("userPrincipalName"))?,
            DeletedKind::Group | DeletedKind::Application => {
                let sql = format!(
                    "UPDATE {} SET deleted_at = NULL WHERE tenant_id = $1 AND id = $2 \
                     AND deleted_at IS NOT NULL",
                    kind.table()
                );
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(tenant.to_string())
                    .bind(id.to_string())
                    .execute(&mut *self.conn)
                    .await?
            }
        };
        Ok(done.rows_affected() == 1)
    }

    /// Erases a deleted item deleted before `before`, with everything that hung off
    /// it; false when it is not such a deleted item (restored or purged meanwhile).
    /// The first statement claims the row (on PostgreSQL it holds the row's lock, so a
    /// restore waits and then finds nothing), the rest erase.
    pub async fn purge_deleted(
        &mut self,
        kind: DeletedKind,
        tenant: TenantId,
        id: Uuid,
        before: UnixTime,
    ) -> Result<bool> {
        let sql = format!(
            "UPDATE {} SET deleted_at = deleted_at WHERE tenant_id = $1 AND id = $2 \
             AND deleted_at IS NOT NULL AND deleted_at < $3",
            kind.table()
        );
        let claimed = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(id.to_string())
            .bind(before)
            .execute(&mut *self.conn)
            .await?
            .rows_affected()
            == 1;
        if !claimed {
            return Ok(false);
        }
        match kind {
            DeletedKind::User => self.purge_user(tenant, UserId(id)).await,
            DeletedKind::Group => self.purge_group(tenant, GroupId(id)).await,
            DeletedKind::Application => self.purge_application(tenant, AppId(id)).await,
        }
    }

    /// Deleted items of every tenant deleted before `before`, at most `limit`, oldest
    /// first: what the housekeeping purges.
    pub async fn deleted_before(
        &mut self,
        before: UnixTime,
        limit: i64,
    ) -> Result<Vec<(TenantId, DeletedKind, Uuid)>> {
        let mut found = Vec::new();
        for kind in DeletedKind::ALL {
            let sql = format!(
                "SELECT tenant_id, id FROM {} WHERE deleted_at IS NOT NULL AND deleted_at < $1 \
                 ORDER BY deleted_at LIMIT $2",
                kind.table()
            );
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(before)
                .bind(limit)
                .fetch_all(&mut *self.conn)
                .await?;
            for row in rows {
                found.push((parsed(&row, "tenant_id")?, kind, parsed(&row, "id")?));
            }
        }
        Ok(found)
    }

    /// One page of the tenant's deleted items of `T`'s kind matching a query, each
    /// with when it was deleted.
    pub async fn list_deleted<T: DeletedRow>(
        &mut self,
        tenant: TenantId,
        query: &Query<DeletedField<T::Field>>,
    ) -> Result<Listed<(T, UnixTime)>> {
        let columns = T::KIND.columns();
        let source = deleted_source(T::KIND, tenant, &columns);
        self.page(&source, query, deleted_row::<T>, |(item, _)| item.id())
            .await
    }

    /// How many of the tenant's deleted items of `T`'s kind match a filter.
    pub async fn count_deleted<T: DeletedRow>(
        &mut self,
        tenant: TenantId,
        filter: Option<&Filter<DeletedField<T::Field>>>,
    ) -> Result<i64> {
        let sql = count_sql(&deleted_source(T::KIND, tenant, ""), filter)?;
        self.count(&sql).await
    }

    /// The display name of a deleted item, for messages about it.
    pub async fn deleted_item_name(
        &mut self,
        kind: DeletedKind,
        tenant: TenantId,
        id: Uuid,
    ) -> Result<Option<String>> {
        let sql = format!(
            "SELECT display_name FROM {} WHERE tenant_id = $1 AND id = $2",
            kind.table()
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(id.to_string())
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| text(&r, "display_name"))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use entente_model::{TenantId, User, UserId};
    use sqlx::Row;

    use super::{DeletedField, DeletedKind, deleted_source};
    use crate::query::{Direction, Query, Sort, page_sql};
    use crate::test_support::ScratchDir;
    use crate::{NewUser, UserField};

    /// The portal's page of deleted users, newest first, walks `users_deleted_order`
    /// from the cursor: no sort of its own, whatever the tenant's size.
    #[tokio::test]
    async fn newest_deleted_first_walks_its_index() {
        let dir = ScratchDir::new();
        let store = dir.sqlite("deleted.db").await;
        store.migrate().await.unwrap();
        let tenant = TenantId::new_id();
        let mut tx = store.write().await.unwrap();
        sqlx::query(
            "INSERT INTO tenants (id, display_name, initial_domain, created_at, mfa_required) \
             VALUES ($1, 'T', 't.entente.test', 0, 0)",
        )
        .bind(tenant.to_string())
        .execute(&mut *tx.conn())
        .await
        .unwrap();
        for i in 0..400 {
            let user = User::new_member(tenant, format!("u{i}@t"), None, format!("U {i}"), 0);
            tx.db()
                .insert_user(NewUser {
                    user: &user,
                    password_hash: None,
                })
                .await
                .unwrap();
            if i % 4 == 0 {
                tx.db()
                    .soft_delete_user(tenant, UserId(user.id.0), i)
                    .await
                    .unwrap();
            }
        }
        sqlx::query("ANALYZE")
            .execute(&mut *tx.conn())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let id = uuid::Uuid::now_v7();
        for after in [None, Some(format!("n200.{id}"))] {
            let query: Query<DeletedField<UserField>> = Query {
                filter: None,
                sort: Some(Sort {
                    field: DeletedField::DeletedAt,
                    direction: Direction::Descending,
                }),
                after: after.map(|a| a.parse().unwrap()),
                limit: 50,
            };
            let columns = DeletedKind::User.columns();
            let sql =
                page_sql(&deleted_source(DeletedKind::User, tenant, &columns), &query).unwrap();
            let mut conn = store.read().await.unwrap();
            let steps: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!(
                "EXPLAIN QUERY PLAN {}",
                sql.text
            )))
            .fetch_all(&mut *conn.inner)
            .await
            .unwrap()
            .iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect();
            assert!(
                steps.iter().any(|s| s.contains("users_deleted_order")),
                "{steps:#?}"
            );
            assert!(
                !steps.iter().any(|s| s.contains("TEMP B-TREE")),
                "{steps:#?}"
            );
        }
    }
}
