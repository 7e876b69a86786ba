//! Deleted items: users, groups and applications deleted softly. A deleted object
//! keeps its row, with `deleted_at` set, and everything that hangs off it
//! (memberships, roles, assignments, secrets, keys), so a restore brings it back
//! whole; every other query of the directory leaves it out. Its sessions and tokens
//! are erased at deletion, as a hard delete erased them.
//!
//! Restoring and purging are each one conditional statement on the object's row
//! (`deleted_at IS NOT NULL`), so of two restores, or of a restore and a purge, exactly
//! one wins; the loser finds nothing to do. Listing goes through the collections'
//! one query mechanism, on sources scoped to the deleted rows.

use entente_model::{AppId, Application, Group, GroupId, TenantId, UnixTime, User, UserId};
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::collections::{APPLICATION_COLUMNS, GROUP_COLUMNS, USER_COLUMNS};
use crate::query::{Bind, Filter, Listed, Query, Source, count_sql};
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
}

fn user_columns() -> String {
    format!("{USER_COLUMNS}, u.deleted_at")
}

fn deleted_user_row(row: &AnyRow) -> Result<(User, UnixTime)> {
    Ok((crate::directory::user_row(row)?, int(row, "deleted_at")?))
}

fn deleted_group_row(row: &AnyRow) -> Result<(Group, UnixTime)> {
    Ok((crate::groups::group(row)?, int(row, "deleted_at")?))
}

fn deleted_application_row(row: &AnyRow) -> Result<(Application, UnixTime)> {
    Ok((
        crate::applications::application(row)?,
        int(row, "deleted_at")?,
    ))
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

    pub async fn deleted_user(
        &mut self,
        tenant: TenantId,
        id: UserId,
    ) -> Result<Option<(User, UnixTime)>> {
        let sql = format!(
            "SELECT {} FROM users u WHERE u.tenant_id = $1 AND u.id = $2 \
             AND u.deleted_at IS NOT NULL",
            user_columns()
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(id.to_string())
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| deleted_user_row(&r))
            .transpose()
    }

    pub async fn deleted_group(
        &mut self,
        tenant: TenantId,
        id: GroupId,
    ) -> Result<Option<(Group, UnixTime)>> {
        let sql = format!(
            "SELECT {GROUP_COLUMNS}, g.deleted_at FROM groups g WHERE g.tenant_id = $1 \
             AND g.id = $2 AND g.deleted_at IS NOT NULL"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(id.to_string())
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| deleted_group_row(&r))
            .transpose()
    }

    pub async fn deleted_application(
        &mut self,
        tenant: TenantId,
        id: AppId,
    ) -> Result<Option<(Application, UnixTime)>> {
        let sql = format!(
            "SELECT {APPLICATION_COLUMNS}, a.deleted_at FROM applications a \
             WHERE a.tenant_id = $1 AND a.id = $2 AND a.deleted_at IS NOT NULL"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(id.to_string())
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| deleted_application_row(&r))
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
                "UPDATE users SET deleted_at = NULL, \
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

    /// One page of the tenant's deleted users matching a query, each with when it was
    /// deleted.
    pub async fn list_deleted_users(
        &mut self,
        tenant: TenantId,
        query: &Query<UserField>,
    ) -> Result<Listed<(User, UnixTime)>> {
        let columns = user_columns();
        let source = deleted_source(DeletedKind::User, tenant, &columns);
        self.page(&source, query, deleted_user_row, |(u, _)| u.id.0)
            .await
    }

    pub async fn count_deleted_users(
        &mut self,
        tenant: TenantId,
        filter: Option<&Filter<UserField>>,
    ) -> Result<i64> {
        let sql = count_sql(&deleted_source(DeletedKind::User, tenant, ""), filter)?;
        self.count(&sql).await
    }

    pub async fn list_deleted_groups(
        &mut self,
        tenant: TenantId,
        query: &Query<GroupField>,
    ) -> Result<Listed<(Group, UnixTime)>> {
        let columns = format!("{GROUP_COLUMNS}, g.deleted_at");
        let source = deleted_source(DeletedKind::Group, tenant, &columns);
        self.page(&source, query, deleted_group_row, |(g, _)| g.id.0)
            .await
    }

    pub async fn count_deleted_groups(
        &mut self,
        tenant: TenantId,
        filter: Option<&Filter<GroupField>>,
    ) -> Result<i64> {
        let sql = count_sql(&deleted_source(DeletedKind::Group, tenant, ""), filter)?;
        self.count(&sql).await
    }

    pub async fn list_deleted_applications(
        &mut self,
        tenant: TenantId,
        query: &Query<ApplicationField>,
    ) -> Result<Listed<(Application, UnixTime)>> {
        let columns = format!("{APPLICATION_COLUMNS}, a.deleted_at");
        let source = deleted_source(DeletedKind::Application, tenant, &columns);
        self.page(&source, query, deleted_application_row, |(a, _)| a.id.0)
            .await
    }

    pub async fn count_deleted_applications(
        &mut self,
        tenant: TenantId,
        filter: Option<&Filter<ApplicationField>>,
    ) -> Result<i64> {
        let sql = count_sql(
            &deleted_source(DeletedKind::Application, tenant, ""),
            filter,
        )?;
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
