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
    /// Appends one entry, in the same transaction as the change it records. The
    /// actor's and the target's display names are read in the same statement and
    /// kept with the entry (a target deleted before its entry is written is named by
    /// its `displayName` or `userPrincipalName` in `details`), so a later rename or
    /// deletion does not change what the log says.
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
        let sqlite = self.conn.backend_name() == "SQLite";
        let sql = format!(
            "INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES {}",
            audit_row(sqlite, &mut 0)
        );
        let entry = AuditRow {
            tenant: tenant.to_string(),
            at,
            actor,
            action,
            target_type,
            target_id,
            details,
        };
        entry
            .bind(sqlx::query(sqlx::AssertSqlSafe(sql)))
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
            "SELECT id, tenant_id, at, actor_type, actor_id, action, target_type, target_id, details, \
             actor_name, target_name FROM audit_log WHERE tenant_id = $1 AND (at, id) < ($2, $3)",
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
                    actor_name: opt_text(r, "actor_name")?,
                    target_name: opt_text(r, "target_name")?,
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

/// The columns an entry is written with; [`audit_row`] gives their values.
pub(crate) const AUDIT_COLUMNS: &str = "tenant_id, at, actor_type, actor_id, action, \
     target_type, target_id, details, actor_name, target_name";

/// One row of values for [`AUDIT_COLUMNS`]: the bound values, then the actor's and
/// the target's display names read where they live (by the kind of each, in the
/// entry's tenant), the target's falling back to the name `details` gives. Each
/// placeholder is numbered from `*n` on (`?` on SQLite); [`AuditRow::bind`] binds
/// them in this order.
pub(crate) fn audit_row(sqlite: bool, n: &mut usize) -> String {
    let mut p = || {
        *n += 1;
        if sqlite {
            "?".to_owned()
        } else {
            format!("${n}")
        }
    };
    let mut row = String::from("(");
    for i in 0..8 {
        if i > 0 {
            row.push_str(", ");
        }
        row.push_str(&p());
    }
    let (kind, t1, a1, t2, a2) = (p(), p(), p(), p(), p());
    row.push_str(&format!(
        ", CASE {kind} WHEN 'User' THEN (SELECT display_name FROM users WHERE tenant_id = {t1} AND id = {a1}) \
         WHEN 'Application' THEN (SELECT display_name FROM applications WHERE tenant_id = {t2} AND id = {a2}) END"
    ));
    let kind = p();
    let mut lookups = String::new();
    for (name, table) in [
        ("User", "users"),
        ("Group", "groups"),
        ("Application", "applications"),
        ("FederationConfiguration", "federation_configs"),
    ] {
        let (t, id) = (p(), p());
        lookups.push_str(&format!(
            " WHEN '{name}' THEN (SELECT display_name FROM {table} WHERE tenant_id = {t} AND id = {id})"
        ));
    }
    let tenant_id = p();
    let fallback = p();
    row.push_str(&format!(
        ", COALESCE(CASE {kind}{lookups} WHEN 'Tenant' THEN (SELECT display_name FROM tenants WHERE id = {tenant_id}) END, {fallback}))"
    ));
    row
}

/// One row of values for [`AUDIT_COLUMNS`] whose names the caller gives (a bulk
/// file's audit entries, several per guest, all by one inviter): every value bound,
/// nothing read. Bound by [`AuditRow::bind_named`].
pub(crate) fn named_audit_row(sqlite: bool, n: &mut usize) -> String {
    let values: Vec<String> = (0..10)
        .map(|_| {
            *n += 1;
            if sqlite {
                "?".to_owned()
            } else {
                format!("${n}")
            }
        })
        .collect();
    format!("({})", values.join(", "))
}

/// An entry's actor's and target's display names as the caller knows them, written
/// as given instead of read where they live.
#[derive(Clone, Debug, Default)]
pub struct AuditNames {
    pub actor: Option<String>,
    pub target: Option<String>,
}

/// The values of one [`audit_row`].
pub(crate) struct AuditRow<'a> {
    pub tenant: String,
    pub at: UnixTime,
    pub actor: &'a Actor,
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: Option<&'a str>,
    pub details: &'a serde_json::Value,
}

impl AuditRow<'_> {
    /// Binds the values of [`named_audit_row`], in its order, with the names given.
    pub(crate) fn bind_named<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
        names: &AuditNames,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
        query
            .bind(self.tenant.clone())
            .bind(self.at)
            .bind(self.actor.kind())
            .bind(self.actor.id().map(|id| id.to_string()))
            .bind(self.action.to_owned())
            .bind(self.target_type.to_owned())
            .bind(self.target_id.map(str::to_owned))
            .bind(to_json(self.details))
            .bind(names.actor.clone())
            .bind(names.target.clone())
    }

    /// Binds the values of [`audit_row`], in its order.
    pub(crate) fn bind<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
        let actor_id = self.actor.id().map(|id| id.to_string());
        let target_id = self.target_id.map(str::to_owned);
        let fallback = ["displayName", "userPrincipalName"]
            .iter()
            .find_map(|key| self.details.get(key).and_then(|v| v.as_str()))
            .map(str::to_owned);
        let mut query = query
            .bind(self.tenant.clone())
            .bind(self.at)
            .bind(self.actor.kind())
            .bind(actor_id.clone())
            .bind(self.action.to_owned())
            .bind(self.target_type.to_owned())
            .bind(target_id.clone())
            .bind(to_json(self.details))
            .bind(self.actor.kind())
            .bind(self.tenant.clone())
            .bind(actor_id.clone())
            .bind(self.tenant.clone())
            .bind(actor_id)
            .bind(self.target_type.to_owned());
        for _ in 0..4 {
            query = query.bind(self.tenant.clone()).bind(target_id.clone());
        }
        query.bind(target_id).bind(fallback)
    }
}
