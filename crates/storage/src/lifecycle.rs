//! Time-boxed access (migration 32; decision 0015): when a user's access ends, and
//! the next step owed for it with its due time. A step is taken by a compare-and-set
//! on the step and due time seen, so of several nodes (or a retry) one takes it.

use entente_model::{TenantId, UnixTime, UserId};

use crate::rows::{int, opt_int, opt_text, parsed, text};
use crate::{Db, Result};

/// A step of a user's time-boxed access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LifecycleStep {
    /// Remind the sponsors that access ends soon.
    Remind,
    /// Block sign-in: access has ended.
    Block,
    /// Move the blocked user to deleted items: the grace is over.
    Delete,
}

impl LifecycleStep {
    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleStep::Remind => "remind",
            LifecycleStep::Block => "block",
            LifecycleStep::Delete => "delete",
        }
    }

    pub fn parse(text: &str) -> Option<LifecycleStep> {
        match text {
            "remind" => Some(LifecycleStep::Remind),
            "block" => Some(LifecycleStep::Block),
            "delete" => Some(LifecycleStep::Delete),
            _ => None,
        }
    }
}

/// Where a user's time-boxed access stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccessEnd {
    pub ends_at: Option<UnixTime>,
    pub next: Option<(LifecycleStep, UnixTime)>,
}

/// A step whose time has come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueStep {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub step: LifecycleStep,
    pub due_at: UnixTime,
    pub ends_at: UnixTime,
}

/// The query of [`Db::due_lifecycle_steps`]: it reads the partial index
/// `users_lifecycle_due` from its start (the `plans` tests pin it), never the users.
pub(crate) const DUE_LIFECYCLE_STEPS: &str = "SELECT tenant_id, id, lifecycle_step, lifecycle_due_at, access_ends_at FROM users \
     WHERE lifecycle_due_at IS NOT NULL AND lifecycle_due_at <= $1 \
     AND deleted_at IS NULL ORDER BY lifecycle_due_at LIMIT $2";

impl Db<'_> {
    /// Sets when a user's access ends and the first step owed for it (`None`: never,
    /// and nothing is owed). False when there is no such live user.
    pub async fn set_access_end(
        &mut self,
        tenant: TenantId,
        user: UserId,
        end: AccessEnd,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET access_ends_at = $3, lifecycle_step = $4, lifecycle_due_at = $5 \
             WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(end.ends_at)
        .bind(end.next.map(|(step, _)| step.as_str()))
        .bind(end.next.map(|(_, due)| due))
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Where a user's time-boxed access stands.
    pub async fn access_end(&mut self, tenant: TenantId, user: UserId) -> Result<AccessEnd> {
        let row = sqlx::query(
            "SELECT access_ends_at, lifecycle_step, lifecycle_due_at FROM users \
             WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .fetch_optional(&mut *self.conn)
        .await?;
        let Some(row) = row else {
            return Ok(AccessEnd {
                ends_at: None,
                next: None,
            });
        };
        let step = opt_text(&row, "lifecycle_step")?.and_then(|s| LifecycleStep::parse(&s));
        let due = opt_int(&row, "lifecycle_due_at")?;
        Ok(AccessEnd {
            ends_at: opt_int(&row, "access_ends_at")?,
            next: step.zip(due),
        })
    }

    /// Up to `limit` steps due at `now`, oldest first, of live users.
    pub async fn due_lifecycle_steps(&mut self, now: UnixTime, limit: i64) -> Result<Vec<DueStep>> {
        let rows = sqlx::query(DUE_LIFECYCLE_STEPS)
            .bind(now)
            .bind(limit)
            .fetch_all(&mut *self.conn)
            .await?;
        let mut due = Vec::with_capacity(rows.len());
        for row in &rows {
            let step = text(row, "lifecycle_step")?;
            let Some(step) = LifecycleStep::parse(&step) else {
                return Err(crate::StoreError::Corrupt(format!("lifecycle_step {step}")));
            };
            due.push(DueStep {
                tenant_id: parsed(row, "tenant_id")?,
                user_id: parsed(row, "id")?,
                step,
                due_at: int(row, "lifecycle_due_at")?,
                ends_at: opt_int(row, "access_ends_at")?.unwrap_or_default(),
            });
        }
        Ok(due)
    }

    /// Takes `seen` (a step read as due) and owes `next` instead; false when another
    /// node took it, or the end moved, since it was read.
    pub async fn take_lifecycle_step(
        &mut self,
        seen: &DueStep,
        next: Option<(LifecycleStep, UnixTime)>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET lifecycle_step = $5, lifecycle_due_at = $6 \
             WHERE tenant_id = $1 AND id = $2 AND lifecycle_step = $3 AND lifecycle_due_at = $4 \
             AND deleted_at IS NULL",
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
}

impl crate::Inserts {
    /// Sets the same access end and first step on many users (a file's new guests).
    pub fn access_ends(&mut self, tenant: TenantId, users: &[UserId], end: AccessEnd) {
        for chunk in users.chunks(crate::invitations::BULK_CHUNK) {
            let placeholders: Vec<String> =
                (0..chunk.len()).map(|i| format!("${}", i + 5)).collect();
            let sql = format!(
                "UPDATE users SET access_ends_at = $2, lifecycle_step = $3, lifecycle_due_at = $4 \
                 WHERE tenant_id = $1 AND id IN ({})",
                placeholders.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(tenant.to_string())
                .bind(end.ends_at)
                .bind(end.next.map(|(step, _)| step.as_str()))
                .bind(end.next.map(|(_, due)| due));
            for user in chunk {
                query = query.bind(user.to_string());
            }
            self.statements.push((query, None));
        }
    }
}
