//! The append-only audit log: rows are inserted, never updated or deleted.

use entente_model::{Actor, AuditEntry, TenantId, UnixTime};

use crate::rows::{int, json, opt_parsed, opt_text, parsed, text, to_json};
use crate::{Db, Result};

impl Db<'_> {
    /// Appends one entry, in the same transaction as the change it records.
    #[allow(clippy::too_many_arguments)]
    pub async fn append_audit(
        &mut self,
        tenant: TenantId,
        at: UnixTime,
        actor: &Actor,
        action: &str,
        target_type: &str,
        target_id: Option<&str>,
        details: &serde_json::Value,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (tenant_id, at, actor_type, actor_id, action, target_type, target_id, details) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(tenant.to_string())
        .bind(at)
        .bind(actor.kind())
        .bind(actor.id().map(|id| id.to_string()))
        .bind(action)
        .bind(target_type)
        .bind(target_id)
        .bind(to_json(details))
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// The newest entries first, older than `before` (an entry id) when given.
    pub async fn list_audit(
        &mut self,
        tenant: TenantId,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        self.list_audit_of(tenant, None, before, limit).await
    }

    /// As [`Db::list_audit`], only the entries about `target` (an object id) when given.
    pub async fn list_audit_of(
        &mut self,
        tenant: TenantId,
        target: Option<&str>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        let sql = if target.is_some() {
            "SELECT id, tenant_id, at, actor_type, actor_id, action, target_type, target_id, details \
             FROM audit_log WHERE tenant_id = $1 AND target_id = $4 AND id < $2 \
             ORDER BY id DESC LIMIT $3"
        } else {
            "SELECT id, tenant_id, at, actor_type, actor_id, action, target_type, target_id, details \
             FROM audit_log WHERE tenant_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
        };
        let mut query = sqlx::query(sql)
            .bind(tenant.to_string())
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit);
        if let Some(target) = target {
            query = query.bind(target);
        }
        let rows = query.fetch_all(&mut *self.conn).await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: int(r, "id")?,
                    tenant_id: parsed(r, "tenant_id")?,
                    at: int(r, "at")?,
                    actor_type: text(r, "actor_type")?,
                    actor_id: opt_parsed(r, "actor_id")?,
                    action: text(r, "action")?,
                    target_type: text(r, "target_type")?,
                    target_id: opt_text(r, "target_id")?,
                    details: json(r, "details")?,
                })
            })
            .collect()
    }
}
