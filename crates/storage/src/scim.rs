//! What SCIM provisioning keeps beside the directory's own columns (decision 0017):
//! a user's and a group's `externalId` and `updated_at`, a user's SCIM attributes kept
//! as sent, and group membership changed many members at a time.

use std::collections::HashMap;

use entente_model::{GroupId, TenantId, UnixTime, UserId};
use sqlx::any::AnyRow;

use crate::cross_tenant::placeholders;
use crate::rows::{opt_int, opt_text, parsed, text};
use crate::{Db, Result};

/// The most ids one statement binds (SQLite allows 32,766 parameters; PostgreSQL
/// 65,535): a change of thousands of members is a few statements, not thousands.
const CHUNK: usize = 500;

/// A user's or group's SCIM attributes beyond the directory's: the client's id for
/// it, when it last changed, and (users) the attributes kept as sent, as JSON.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScimExtras {
    pub external_id: Option<String>,
    pub updated_at: Option<UnixTime>,
    pub profile: Option<serde_json::Value>,
}

impl Db<'_> {
    /// Runs a statement once per chunk of `ids`: `sql` gets the chunk's placeholders
    /// (`$n`... after the `leading` values', which are bound first); answers every
    /// row.
    async fn by_chunks(
        &mut self,
        leading: &[String],
        ids: &[String],
        sql: impl Fn(&str) -> String,
    ) -> Result<Vec<AnyRow>> {
        let mut rows = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let text = sql(&placeholders(leading.len() + 1, chunk.len()));
            let mut query = sqlx::query(sqlx::AssertSqlSafe(text));
            for value in leading.iter().chain(chunk) {
                query = query.bind(value.as_str());
            }
            rows.extend(query.fetch_all(&mut *self.conn).await?);
        }
        Ok(rows)
    }

    /// The [`ScimExtras`] of the tenant's users among `ids` (deleted ones too).
    pub async fn user_scim_extras(
        &mut self,
        tenant: TenantId,
        ids: &[UserId],
    ) -> Result<HashMap<UserId, ScimExtras>> {
        let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
        let rows = self
            .by_chunks(&[tenant.to_string()], &ids, |list| {
                format!(
                    "SELECT id, external_id, updated_at, scim_profile FROM users \
                     WHERE tenant_id = $1 AND id IN ({list})"
                )
            })
            .await?;
        rows.iter()
            .map(|row| {
                let profile = opt_text(row, "scim_profile")?
                    .and_then(|json| serde_json::from_str(&json).ok());
                let extras = ScimExtras {
                    external_id: opt_text(row, "external_id")?,
                    updated_at: opt_int(row, "updated_at")?,
                    profile,
                };
                Ok((parsed(row, "id")?, extras))
            })
            .collect()
    }

    /// Sets a user's `externalId` and kept SCIM attributes; `now` becomes its
    /// `updated_at`. False when no such (undeleted) user exists.
    pub async fn set_user_scim(
        &mut self,
        tenant: TenantId,
        id: UserId,
        external_id: Option<&str>,
        profile: Option<&serde_json::Value>,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET external_id = $3, scim_profile = $4, updated_at = $5 \
             WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(external_id)
        .bind(profile.map(|p| p.to_string()))
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The `externalId` and `updated_at` of the tenant's groups among `ids`.
    pub async fn group_scim_extras(
        &mut self,
        tenant: TenantId,
        ids: &[GroupId],
    ) -> Result<HashMap<GroupId, ScimExtras>> {
        let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
        let rows = self
            .by_chunks(&[tenant.to_string()], &ids, |list| {
                format!(
                    "SELECT id, external_id, updated_at FROM groups \
                     WHERE tenant_id = $1 AND id IN ({list})"
                )
            })
            .await?;
        rows.iter()
            .map(|row| {
                let extras = ScimExtras {
                    external_id: opt_text(row, "external_id")?,
                    updated_at: opt_int(row, "updated_at")?,
                    profile: None,
                };
                Ok((parsed(row, "id")?, extras))
            })
            .collect()
    }

    /// Sets a group's `externalId`; `now` becomes its `updated_at` (also what a
    /// membership change calls, with the id it has). False when no such group exists.
    pub async fn set_group_scim(
        &mut self,
        tenant: TenantId,
        id: GroupId,
        external_id: Option<&str>,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE groups SET external_id = $3, updated_at = $4 \
             WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(external_id)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The display names of the tenant's undeleted users among `ids`, by id: which of
    /// them exist.
    pub async fn user_names(
        &mut self,
        tenant: TenantId,
        ids: &[UserId],
    ) -> Result<HashMap<UserId, String>> {
        let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
        let rows = self
            .by_chunks(&[tenant.to_string()], &ids, |list| {
                format!(
                    "SELECT id, display_name FROM users \
                     WHERE tenant_id = $1 AND deleted_at IS NULL AND id IN ({list})"
                )
            })
            .await?;
        rows.iter()
            .map(|row| Ok((parsed(row, "id")?, text(row, "display_name")?)))
            .collect()
    }

    /// Makes the tenant's users `users` members of `group`, a chunk per statement;
    /// answers those that were not members before (the ones to audit).
    pub async fn add_group_members(
        &mut self,
        tenant: TenantId,
        group: GroupId,
        users: &[UserId],
    ) -> Result<Vec<UserId>> {
        let ids: Vec<String> = users.iter().map(ToString::to_string).collect();
        let leading = [tenant.to_string(), group.to_string()];
        // `WHERE` after the `SELECT` also keeps SQLite from reading `ON CONFLICT` as
        // part of a join.
        let rows = self
            .by_chunks(&leading, &ids, |list| {
                format!(
                    "INSERT INTO group_members (tenant_id, group_id, user_id) \
                     SELECT $1, $2, u.id FROM users u \
                     WHERE u.tenant_id = $1 AND u.deleted_at IS NULL AND u.id IN ({list}) \
                     ON CONFLICT DO NOTHING RETURNING user_id"
                )
            })
            .await?;
        rows.iter().map(|row| parsed(row, "user_id")).collect()
    }

    /// Removes `users` from `group`'s members, a chunk per statement; answers those
    /// that were members.
    pub async fn remove_group_members(
        &mut self,
        tenant: TenantId,
        group: GroupId,
        users: &[UserId],
    ) -> Result<Vec<UserId>> {
        let ids: Vec<String> = users.iter().map(ToString::to_string).collect();
        let leading = [tenant.to_string(), group.to_string()];
        let rows = self
            .by_chunks(&leading, &ids, |list| {
                format!(
                    "DELETE FROM group_members WHERE tenant_id = $1 AND group_id = $2 \
                     AND user_id IN ({list}) RETURNING user_id"
                )
            })
            .await?;
        rows.iter().map(|row| parsed(row, "user_id")).collect()
    }

    /// Every (undeleted) member of a group with its display name, in id order.
    pub async fn group_member_names(
        &mut self,
        tenant: TenantId,
        group: GroupId,
    ) -> Result<Vec<(UserId, String)>> {
        let rows = sqlx::query(
            "SELECT m.user_id, u.display_name FROM group_members m CROSS JOIN users u \
             WHERE m.group_id = $2 AND m.tenant_id = $1 AND u.id = m.user_id \
             AND u.tenant_id = $1 AND u.deleted_at IS NULL ORDER BY m.user_id",
        )
        .bind(tenant.to_string())
        .bind(group.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter()
            .map(|row| Ok((parsed(row, "user_id")?, text(row, "display_name")?)))
            .collect()
    }
}
