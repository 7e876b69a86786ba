//! The inactive-guest policy (migration 32; decision 0015): which guests have not
//! signed in since a time, the step each one found so owes (block, then delete) and
//! when, and a sponsor's keeping it (which counts as activity). Steps are taken by
//! compare-and-set, as the access end's are.

use entente_model::{CollaborationPolicy, TenantId, UnixTime, UserId};

use crate::lifecycle::LifecycleStep;
use crate::rows::{int, parsed, text};
use crate::{Db, Result};

/// A guest is inactive since `$2` when it is enabled, was created before, and neither
/// signed in (either way) nor was kept by a sponsor since.
const INACTIVE_SINCE: &str = "user_type = 'Guest' AND deleted_at IS NULL AND account_enabled = 1 \
     AND created_at < $2 AND COALESCE(last_sign_in_at, 0) < $2 \
     AND COALESCE(last_non_interactive_at, 0) < $2 AND COALESCE(kept_at, 0) < $2";

/// An inactivity step whose time has come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueInactivity {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    /// `Block` or `Delete`.
    pub step: LifecycleStep,
    pub due_at: UnixTime,
}

impl Db<'_> {
    /// The tenants whose inactive-guest policy is on, with their policies.
    pub async fn tenants_with_inactive_guest_policy(
        &mut self,
    ) -> Result<Vec<(TenantId, CollaborationPolicy)>> {
        let rows = sqlx::query("SELECT id, collaboration FROM tenants")
            .fetch_all(&mut *self.conn)
            .await?;
        let mut on = Vec::new();
        for row in &rows {
            let policy: CollaborationPolicy = crate::rows::json(row, "collaboration")?;
            if policy.inactive_guest_policy {
                on.push((parsed(row, "id")?, policy));
            }
        }
        Ok(on)
    }

    /// Marks up to `limit` guests of `tenant` inactive since `since` (and owing none
    /// of this policy's steps yet) as owing a block at `block_at`; answers them.
    pub async fn flag_inactive_guests(
        &mut self,
        tenant: TenantId,
        since: UnixTime,
        block_at: UnixTime,
        limit: i64,
    ) -> Result<Vec<UserId>> {
        let sql = format!(
            "UPDATE users SET inactivity_step = 'block', inactivity_due_at = $3 \
             WHERE tenant_id = $1 AND inactivity_step IS NULL AND id IN ( \
                SELECT id FROM users WHERE tenant_id = $1 AND inactivity_step IS NULL \
                AND {INACTIVE_SINCE} ORDER BY id LIMIT $4) \
             RETURNING id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(since)
            .bind(block_at)
            .bind(limit)
            .fetch_all(&mut *self.conn)
            .await?;
        rows.iter().map(|row| parsed(row, "id")).collect()
    }

    /// Whether `user` has been inactive since `since`.
    pub async fn inactive_since(
        &mut self,
        tenant: TenantId,
        user: UserId,
        since: UnixTime,
    ) -> Result<bool> {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM users WHERE tenant_id = $1 AND id = $3 AND {INACTIVE_SINCE}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(since)
            .bind(user.to_string())
            .fetch_one(&mut *self.conn)
            .await?;
        Ok(int(&row, "n")? > 0)
    }

    /// Up to `limit` inactivity steps due at `now`, oldest first.
    pub async fn due_inactivity_steps(
        &mut self,
        now: UnixTime,
        limit: i64,
    ) -> Result<Vec<DueInactivity>> {
        let rows = sqlx::query(
            "SELECT tenant_id, id, inactivity_step, inactivity_due_at FROM users \
             WHERE inactivity_due_at IS NOT NULL AND inactivity_due_at <= $1 \
             AND deleted_at IS NULL ORDER BY inactivity_due_at LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *self.conn)
        .await?;
        let mut due = Vec::with_capacity(rows.len());
        for row in &rows {
            let step = text(row, "inactivity_step")?;
            let Some(step) = LifecycleStep::parse(&step) else {
                return Err(crate::StoreError::Corrupt(format!(
                    "inactivity_step {step}"
                )));
            };
            due.push(DueInactivity {
                tenant_id: parsed(row, "tenant_id")?,
                user_id: parsed(row, "id")?,
                step,
                due_at: int(row, "inactivity_due_at")?,
            });
        }
        Ok(due)
    }

    /// Takes `seen` and owes `next` instead; false when another node took it, or a
    /// sponsor kept the guest, since it was read.
    pub async fn take_inactivity_step(
        &mut self,
        seen: &DueInactivity,
        next: Option<(LifecycleStep, UnixTime)>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET inactivity_step = $5, inactivity_due_at = $6 \
             WHERE tenant_id = $1 AND id = $2 AND inactivity_step = $3 \
             AND inactivity_due_at = $4 AND deleted_at IS NULL",
        )
        .bind(seen.tenant_id.to_string())
        .bind(seen.user_id.to_string())
        .bind(seen.step.as_str())
        .bind(seen.due_at)
        .bind(next.map(|(step, _)| step.as_str()))
        .bind(next.map(|(_, due)| due))
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A sponsor keeps a guest: it counts as active from `now`, and a block it owed
    /// for inactivity is called off. False when it was already blocked for it (or is
    /// not a live user).
    pub async fn keep_guest(
        &mut self,
        tenant: TenantId,
        guest: UserId,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET kept_at = $3, inactivity_step = NULL, inactivity_due_at = NULL \
             WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL \
             AND (inactivity_step IS NULL OR inactivity_step = 'block')",
        )
        .bind(tenant.to_string())
        .bind(guest.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

impl Db<'_> {
    /// Sets when a user was created: for a directory imported from elsewhere, and
    /// for tests of what time does to a guest.
    pub async fn set_user_created_at(
        &mut self,
        tenant: TenantId,
        user: UserId,
        at: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query("UPDATE users SET created_at = $3 WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.to_string())
            .bind(user.to_string())
            .bind(at)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
