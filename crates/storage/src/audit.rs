//! The append-only audit log: rows are inserted, never updated or deleted.

use entente_model::{Actor, AuditEntry, TenantId, UnixTime};

use crate::rows::{int, json, opt_parsed, opt_text, parsed, text, to_json};
use crate::{Db, Result};

/// Which audit entries a listing keeps; each field left `None` keeps all.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Entries about this object (its id).
    pub target: Option<String>,
    /// Entries of exactly this action ("Update user").
    pub action: Option<String>,
    /// Entries at or after this time.
    pub since: Option<UnixTime>,
    /// Entries before this time.
    pub until: Option<UnixTime>,
}

/// Where a page of the log starts: the entries older than this (time, then id).
/// Written `at.id` in page tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuditPosition(pub UnixTime, pub i64);

impl std::fmt::Display for AuditPosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

impl std::str::FromStr for AuditPosition {
    type Err = ();

    fn from_str(text: &str) -> std::result::Result<Self, ()> {
        let (at, id) = text.split_once('.').ok_or(())?;
        Ok(AuditPosition(
            at.parse().map_err(|_| ())?,
            id.parse().map_err(|_| ())?,
        ))
    }
}

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

    /// The newest entries first (by time, then id), older than `before` when given.
    pub async fn list_audit(
        &mut self,
        tenant: TenantId,
        before: Option<AuditPosition>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        self.list_audit_of(tenant, &AuditFilter::default(), before, limit)
            .await
    }

    /// As [`Db::list_audit`], only the entries that pass `filter`.
    pub async fn list_audit_of(
        &mut self,
        tenant: TenantId,
        filter: &AuditFilter,
        before: Option<AuditPosition>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        // Newest first by (time, id): each filter's index ends in (at, id), so a day's
        // entries are one index range and the page starts where the range ends.
        let mut sql = String::from(
            "SELECT id, tenant_id, at, actor_type, actor_id, action, target_type, target_id, details \
             FROM audit_log WHERE tenant_id = $1 AND (at, id) < ($2, $3)",
        );
        let mut n = 4;
        let mut clause = |column: &str, op: &str| {
            sql.push_str(&format!(" AND {column} {op} ${n}"));
            n += 1;
        };
        if filter.target.is_some() {
            clause("target_id", "=");
        }
        if filter.action.is_some() {
            clause("action", "=");
        }
        if filter.since.is_some() {
            clause("at", ">=");
        }
        if filter.until.is_some() {
            clause("at", "<");
        }
        sql.push_str(&format!(" ORDER BY at DESC, id DESC LIMIT ${n}"));
        // Built from fixed fragments only; every value is bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(before.map_or(i64::MAX, |p| p.0))
            .bind(before.map_or(i64::MAX, |p| p.1));
        if let Some(target) = &filter.target {
            query = query.bind(target);
        }
        if let Some(action) = &filter.action {
            query = query.bind(action);
        }
        if let Some(since) = filter.since {
            query = query.bind(since);
        }
        if let Some(until) = filter.until {
            query = query.bind(until);
        }
        let query = query.bind(limit);
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

    /// The actions the tenant's audit log holds, in order: one index probe per
    /// distinct action (a skip scan), however long the log.
    pub async fn audit_actions(&mut self, tenant: TenantId) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "WITH RECURSIVE seen(action) AS ( \
               SELECT MIN(action) FROM audit_log WHERE tenant_id = $1 \
               UNION ALL \
               SELECT (SELECT MIN(action) FROM audit_log WHERE tenant_id = $1 AND action > seen.action) \
               FROM seen WHERE seen.action IS NOT NULL \
             ) SELECT action FROM seen WHERE action IS NOT NULL",
        )
        .bind(tenant.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(|r| text(r, "action")).collect()
    }
}
