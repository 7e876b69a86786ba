//! SCIM provisioning connections (a long-lived token acting as an application, for a
//! tenant's HR system or identity provider, or for a partner limited to its guests)
//! and the provisioning log (what each SCIM request changed, or why it failed).

use entente_model::{AppId, TenantId, UnixTime};
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::rows::{int, opt_int, opt_parsed, opt_text, parsed, text};
use crate::{Db, Result};

/// A provisioning connection, without its token (kept only as a keyed hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionRecord {
    pub id: Uuid,
    pub tenant_id: TenantId,
    /// The application the connection acts as (the audit log's actor).
    pub application_id: AppId,
    pub display_name: String,
    /// A partner's connection: that tenant's people, as guests only.
    pub partner_tenant_id: Option<TenantId>,
    /// The token's first characters, to tell tokens apart.
    pub token_hint: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub last_used_at: Option<UnixTime>,
}

const CONNECTION_COLUMNS: &str = "id, tenant_id, application_id, display_name, \
    partner_tenant_id, token_hint, created_at, expires_at, last_used_at";

fn connection(row: &AnyRow) -> Result<ConnectionRecord> {
    Ok(ConnectionRecord {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        application_id: parsed(row, "application_id")?,
        display_name: text(row, "display_name")?,
        partner_tenant_id: opt_parsed(row, "partner_tenant_id")?,
        token_hint: text(row, "token_hint")?,
        created_at: int(row, "created_at")?,
        expires_at: int(row, "expires_at")?,
        last_used_at: opt_int(row, "last_used_at")?,
    })
}

/// One entry of the provisioning log.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvisioningEntry {
    pub id: Uuid,
    pub tenant_id: TenantId,
    pub at: UnixTime,
    pub application_id: AppId,
    pub connection_id: Option<Uuid>,
    /// `create`, `update`, `disable`, `delete` or `other`.
    pub action: String,
    /// `User` or `Group`.
    pub resource_type: String,
    pub resource_id: Option<String>,
    pub resource_name: Option<String>,
    /// `success` or `failure`.
    pub status: String,
    pub http_status: i64,
    /// The SCIM `scimType` (or the status's name) and the reason given, on failure.
    pub error_code: Option<String>,
    pub error_reason: Option<String>,
    /// What changed: `[{"name", "oldValue", "newValue"}]`.
    pub changes: serde_json::Value,
}

/// Where a page of the log ends: the last entry's time and id (newest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogPosition {
    pub at: UnixTime,
    pub id: Uuid,
}

impl std::fmt::Display for LogPosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.at, self.id)
    }
}

impl std::str::FromStr for LogPosition {
    type Err = ();

    fn from_str(text: &str) -> std::result::Result<Self, ()> {
        let (at, id) = text.split_once('.').ok_or(())?;
        Ok(LogPosition {
            at: at.parse().map_err(|_| ())?,
            id: id.parse().map_err(|_| ())?,
        })
    }
}

const ENTRY_COLUMNS: &str = "id, tenant_id, at, application_id, connection_id, action, \
    resource_type, resource_id, resource_name, status, http_status, error_code, \
    error_reason, changes";

fn entry(row: &AnyRow) -> Result<ProvisioningEntry> {
    Ok(ProvisioningEntry {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        at: int(row, "at")?,
        application_id: parsed(row, "application_id")?,
        connection_id: opt_parsed(row, "connection_id")?,
        action: text(row, "action")?,
        resource_type: text(row, "resource_type")?,
        resource_id: opt_text(row, "resource_id")?,
        resource_name: opt_text(row, "resource_name")?,
        status: text(row, "status")?,
        http_status: int(row, "http_status")?,
        error_code: opt_text(row, "error_code")?,
        error_reason: opt_text(row, "error_reason")?,
        changes: serde_json::from_str(&text(row, "changes")?).unwrap_or_default(),
    })
}

impl Db<'_> {
    /// Records a connection with its token's keyed hash.
    pub async fn insert_connection(
        &mut self,
        record: &ConnectionRecord,
        token_hash: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO provisioning_connections (id, tenant_id, application_id, display_name, \
             partner_tenant_id, token_hash, token_hint, created_at, expires_at, last_used_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(record.id.to_string())
        .bind(record.tenant_id.to_string())
        .bind(record.application_id.to_string())
        .bind(&record.display_name)
        .bind(record.partner_tenant_id.map(|t| t.to_string()))
        .bind(token_hash)
        .bind(&record.token_hint)
        .bind(record.created_at)
        .bind(record.expires_at)
        .bind(record.last_used_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// The connection whose token has this keyed hash (the hash is the lookup key:
    /// a token is 256 random bits, so equal hashes are equal tokens).
    pub async fn connection_by_token(
        &mut self,
        token_hash: &str,
    ) -> Result<Option<ConnectionRecord>> {
        let sql = format!(
            "SELECT {CONNECTION_COLUMNS} FROM provisioning_connections WHERE token_hash = $1"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token_hash)
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| connection(&r))
            .transpose()
    }

    pub async fn connection_by_id(
        &mut self,
        tenant: TenantId,
        id: Uuid,
    ) -> Result<Option<ConnectionRecord>> {
        let sql = format!(
            "SELECT {CONNECTION_COLUMNS} FROM provisioning_connections \
             WHERE tenant_id = $1 AND id = $2"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(id.to_string())
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| connection(&r))
            .transpose()
    }

    /// A tenant's connections, oldest first.
    pub async fn connections(&mut self, tenant: TenantId) -> Result<Vec<ConnectionRecord>> {
        let sql = format!(
            "SELECT {CONNECTION_COLUMNS} FROM provisioning_connections \
             WHERE tenant_id = $1 ORDER BY created_at, id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .fetch_all(&mut *self.conn)
            .await?
            .iter()
            .map(connection)
            .collect()
    }

    /// Replaces a connection's token (the old one stops working at once); false when
    /// no such connection exists.
    pub async fn set_connection_token(
        &mut self,
        tenant: TenantId,
        id: Uuid,
        token_hash: &str,
        token_hint: &str,
        expires_at: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE provisioning_connections SET token_hash = $3, token_hint = $4, \
             expires_at = $5 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(token_hash)
        .bind(token_hint)
        .bind(expires_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Notes a connection's use, at most once a minute (one write per request would
    /// serialize a sync's requests on SQLite's writer).
    pub async fn touch_connection(&mut self, id: Uuid, now: UnixTime) -> Result<()> {
        sqlx::query(
            "UPDATE provisioning_connections SET last_used_at = $2 \
             WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(id.to_string())
        .bind(now)
        .bind(now - 60)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    pub async fn delete_connection(&mut self, tenant: TenantId, id: Uuid) -> Result<bool> {
        let done =
            sqlx::query("DELETE FROM provisioning_connections WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.to_string())
                .bind(id.to_string())
                .execute(&mut *self.conn)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn append_provisioning(&mut self, e: &ProvisioningEntry) -> Result<()> {
        let sql = format!(
            "INSERT INTO provisioning_log ({ENTRY_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(e.id.to_string())
            .bind(e.tenant_id.to_string())
            .bind(e.at)
            .bind(e.application_id.to_string())
            .bind(e.connection_id.map(|c| c.to_string()))
            .bind(&e.action)
            .bind(&e.resource_type)
            .bind(e.resource_id.as_deref())
            .bind(e.resource_name.as_deref())
            .bind(&e.status)
            .bind(e.http_status)
            .bind(e.error_code.as_deref())
            .bind(e.error_reason.as_deref())
            .bind(e.changes.to_string())
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    /// The newest entries first, older than `before` when given, of one `status`
    /// when given.
    pub async fn provisioning_log(
        &mut self,
        tenant: TenantId,
        status: Option<&str>,
        before: Option<LogPosition>,
        limit: i64,
    ) -> Result<Vec<ProvisioningEntry>> {
        let (at, id) = match before {
            Some(p) => (p.at, p.id.to_string()),
            None => (i64::MAX, String::new()),
        };
        let status_clause = if status.is_some() {
            " AND status = $5"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM provisioning_log WHERE tenant_id = $1 \
             AND (at < $2 OR (at = $2 AND id < $3)){status_clause} \
             ORDER BY at DESC, id DESC LIMIT $4"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(at)
            .bind(if before.is_some() { id } else { "~".to_owned() })
            .bind(limit);
        if let Some(status) = status {
            query = query.bind(status);
        }
        query
            .fetch_all(&mut *self.conn)
            .await?
            .iter()
            .map(entry)
            .collect()
    }

    /// Removes entries older than `before` (housekeeping); answers how many.
    pub async fn purge_provisioning_log(&mut self, before: UnixTime) -> Result<u64> {
        let done = sqlx::query("DELETE FROM provisioning_log WHERE at < $1")
            .bind(before)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected())
    }
}
