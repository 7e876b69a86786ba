//! Groups and their members.

use entente_model::{Group, GroupId, TenantId, UnixTime, User, UserId};
use sqlx::any::AnyRow;

use crate::rows::{int, opt_text, parsed, text};
use crate::{Db, Result, conflict_as};

macro_rules! group_select {
    () => {
        "SELECT id, tenant_id, display_name, description, created_at FROM groups "
    };
}

pub(crate) fn group(row: &AnyRow) -> Result<Group> {
    Ok(Group {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        display_name: text(row, "display_name")?,
        description: opt_text(row, "description")?,
        created_at: int(row, "created_at")?,
    })
}

/// Changes to a group; `None` leaves an attribute as it is.
#[derive(Clone, Debug, Default)]
pub struct GroupPatch {
    pub display_name: Option<String>,
    pub description: Option<Option<String>>,
}

impl Db<'_> {
    pub async fn insert_group(&mut self, g: &Group) -> Result<()> {
        sqlx::query(
            "INSERT INTO groups (id, tenant_id, display_name, display_name_lower, description, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(g.id.to_string())
        .bind(g.tenant_id.to_string())
        .bind(&g.display_name)
        .bind(g.display_name.to_lowercase())
        .bind(g.description.as_deref())
        .bind(g.created_at)
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("group"))?;
        Ok(())
    }

    pub async fn group_by_id(&mut self, tenant: TenantId, id: GroupId) -> Result<Option<Group>> {
        sqlx::query(concat!(
            group_select!(),
            "WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL"
        ))
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| group(&r))
        .transpose()
    }

    /// Changes what `patch` names; `now` becomes the group's `updated_at`.
    pub async fn update_group(
        &mut self,
        tenant: TenantId,
        id: GroupId,
        patch: &GroupPatch,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE groups SET display_name = COALESCE($3, display_name), \
             display_name_lower = COALESCE($4, display_name_lower), \
             description = CASE WHEN $5 = 1 THEN $6 ELSE description END, updated_at = $7 \
             WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(patch.display_name.as_deref())
        .bind(patch.display_name.as_deref().map(str::to_lowercase))
        .bind(i64::from(patch.description.is_some()))
        .bind(patch.description.clone().flatten())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Erases a group with its memberships and assignments: a deleted item's purge.
    pub async fn purge_group(&mut self, tenant: TenantId, id: GroupId) -> Result<bool> {
        for sql in [
            "DELETE FROM app_role_assignments WHERE tenant_id = $1 AND principal_id = $2",
            "DELETE FROM group_members WHERE tenant_id = $1 AND group_id = $2",
            "DELETE FROM sponsors WHERE tenant_id = $1 AND sponsor_id = $2",
            "DELETE FROM group_owners WHERE tenant_id = $1 AND group_id = $2",
        ] {
            sqlx::query(sql)
                .bind(tenant.to_string())
                .bind(id.to_string())
                .execute(&mut *self.conn)
                .await?;
        }
        let done = sqlx::query("DELETE FROM groups WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.to_string())
            .bind(id.to_string())
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Adds a member; returns false when the user already was one.
    pub async fn add_group_member(
        &mut self,
        tenant: TenantId,
        group: GroupId,
        user: UserId,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO group_members (tenant_id, group_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(tenant.to_string())
        .bind(group.to_string())
        .bind(user.to_string())
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn remove_group_member(
        &mut self,
        tenant: TenantId,
        group: GroupId,
        user: UserId,
    ) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM group_members WHERE tenant_id = $1 AND group_id = $2 AND user_id = $3",
        )
        .bind(tenant.to_string())
        .bind(group.to_string())
        .bind(user.to_string())
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The ids of the groups a user belongs to (for the `groups` claim).
    pub async fn group_ids_of_user(
        &mut self,
        tenant: TenantId,
        user: UserId,
    ) -> Result<Vec<GroupId>> {
        // A deleted group keeps its memberships for a restore, but no longer counts.
        let rows = sqlx::query(
            "SELECT m.group_id FROM group_members m JOIN groups g ON g.id = m.group_id \
             WHERE m.tenant_id = $1 AND m.user_id = $2 AND g.deleted_at IS NULL ORDER BY m.group_id",
        )
            .bind(tenant.to_string())
            .bind(user.to_string())
            .fetch_all(&mut *self.conn)
            .await?;
        rows.iter().map(|r| parsed(r, "group_id")).collect()
    }

    /// Makes a user an owner of a group; false when it already was one.
    pub async fn add_group_owner(
        &mut self,
        tenant: TenantId,
        group: GroupId,
        user: UserId,
        now: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO group_owners (tenant_id, group_id, user_id, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(tenant.to_string())
        .bind(group.to_string())
        .bind(user.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn remove_group_owner(
        &mut self,
        tenant: TenantId,
        group: GroupId,
        user: UserId,
    ) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM group_owners WHERE tenant_id = $1 AND group_id = $2 AND user_id = $3",
        )
        .bind(tenant.to_string())
        .bind(group.to_string())
        .bind(user.to_string())
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A group's owners that are live users, by name.
    pub async fn group_owners(&mut self, tenant: TenantId, group: GroupId) -> Result<Vec<User>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM group_owners o CROSS JOIN users u WHERE o.tenant_id = $1 \
             AND o.group_id = $2 AND u.tenant_id = $1 AND u.id = o.user_id \
             AND u.deleted_at IS NULL ORDER BY u.display_name_lower, u.id",
            crate::collections::USER_COLUMNS
        )))
        .bind(tenant.to_string())
        .bind(group.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(crate::directory::user_row).collect()
    }

    /// The enabled owners of a group (its access reviews' reviewers).
    pub async fn enabled_group_owners(
        &mut self,
        tenant: TenantId,
        group: GroupId,
    ) -> Result<Vec<UserId>> {
        let rows = sqlx::query(
            "SELECT u.id FROM group_owners o CROSS JOIN users u WHERE o.tenant_id = $1 \
             AND o.group_id = $2 AND u.tenant_id = $1 AND u.id = o.user_id \
             AND u.deleted_at IS NULL AND u.account_enabled = 1 ORDER BY u.id",
        )
        .bind(tenant.to_string())
        .bind(group.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(|r| parsed(r, "id")).collect()
    }
}
