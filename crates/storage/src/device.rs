//! Device authorization requests (RFC 8628). Both codes arrive hashed.

use entente_model::{TenantId, UnixTime, UserId};
use sqlx::any::AnyRow;

use crate::rows::{int, opt_int, opt_parsed, opt_text, parsed, text};
use crate::{Db, Result};

/// A device authorization request and how far it has got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceCodeRecord {
    pub device_code_hash: String,
    pub user_code_hash: String,
    pub tenant_id: TenantId,
    pub client_id: String,
    pub scope: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub poll_interval: i64,
    pub last_polled_at: Option<UnixTime>,
    /// `pending`, `approved`, `denied` or `consumed`.
    pub status: String,
    pub user_id: Option<UserId>,
    pub auth_time: Option<UnixTime>,
    pub amr: Option<String>,
}

macro_rules! device_select {
    () => {
        "SELECT device_code_hash, user_code_hash, tenant_id, client_id, scope, created_at, expires_at, \
         poll_interval, last_polled_at, status, user_id, auth_time, amr FROM device_codes "
    };
}

fn device(r: &AnyRow) -> Result<DeviceCodeRecord> {
    Ok(DeviceCodeRecord {
        device_code_hash: text(r, "device_code_hash")?,
        user_code_hash: text(r, "user_code_hash")?,
        tenant_id: parsed(r, "tenant_id")?,
        client_id: text(r, "client_id")?,
        scope: text(r, "scope")?,
        created_at: int(r, "created_at")?,
        expires_at: int(r, "expires_at")?,
        poll_interval: int(r, "poll_interval")?,
        last_polled_at: opt_int(r, "last_polled_at")?,
        status: text(r, "status")?,
        user_id: opt_parsed(r, "user_id")?,
        auth_time: opt_int(r, "auth_time")?,
        amr: opt_text(r, "amr")?,
    })
}

impl Db<'_> {
    pub async fn insert_device_code(&mut self, d: &DeviceCodeRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO device_codes (device_code_hash, user_code_hash, tenant_id, client_id, scope, created_at, \
             expires_at, poll_interval, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&d.device_code_hash)
        .bind(&d.user_code_hash)
        .bind(d.tenant_id.to_string())
        .bind(&d.client_id)
        .bind(&d.scope)
        .bind(d.created_at)
        .bind(d.expires_at)
        .bind(d.poll_interval)
        .bind(&d.status)
        .execute(&mut *self.conn)
        .await
        .map_err(crate::conflict_as("user code"))?;
        Ok(())
    }

    pub async fn device_code(
        &mut self,
        tenant: TenantId,
        device_code_hash: &str,
    ) -> Result<Option<DeviceCodeRecord>> {
        sqlx::query(concat!(
            device_select!(),
            "WHERE tenant_id = $1 AND device_code_hash = $2"
        ))
        .bind(tenant.to_string())
        .bind(device_code_hash)
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| device(&r))
        .transpose()
    }

    pub async fn device_code_by_user_code(
        &mut self,
        tenant: TenantId,
        user_code_hash: &str,
    ) -> Result<Option<DeviceCodeRecord>> {
        sqlx::query(concat!(
            device_select!(),
            "WHERE tenant_id = $1 AND user_code_hash = $2"
        ))
        .bind(tenant.to_string())
        .bind(user_code_hash)
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| device(&r))
        .transpose()
    }

    /// Records the user's answer to a pending request; false when it is no longer pending.
    pub async fn decide_device_code(
        &mut self,
        tenant: TenantId,
        user_code_hash: &str,
        approved_by: Option<(UserId, UnixTime, &str)>,
        now: UnixTime,
    ) -> Result<bool> {
        let (status, user, auth_time, amr) = match approved_by {
            Some((user, auth_time, amr)) => (
                "approved",
                Some(user.to_string()),
                Some(auth_time),
                Some(amr),
            ),
            None => ("denied", None, None, None),
        };
        let done = sqlx::query(
            "UPDATE device_codes SET status = $3, user_id = $4, auth_time = $5, amr = $6 \
             WHERE tenant_id = $1 AND user_code_hash = $2 AND status = 'pending' AND expires_at > $7",
        )
        .bind(tenant.to_string())
        .bind(user_code_hash)
        .bind(status)
        .bind(user)
        .bind(auth_time)
        .bind(amr)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Notes a poll. One that comes at least the interval after the last one is in
    /// time (`None`); one sooner raises the interval by `penalty` and returns the new
    /// interval. Each is one conditional statement, so of polls arriving together only
    /// one can be in time (on PostgreSQL the later ones wait for its row lock and then
    /// see its `last_polled_at`). A code removed meanwhile counts as in time; the
    /// next poll finds it gone.
    pub async fn note_device_poll(
        &mut self,
        tenant: TenantId,
        device_code_hash: &str,
        penalty: i64,
        now: UnixTime,
    ) -> Result<Option<i64>> {
        let in_time = sqlx::query(
            "UPDATE device_codes SET last_polled_at = $3 WHERE tenant_id = $1 AND device_code_hash = $2 \
             AND (last_polled_at IS NULL OR last_polled_at <= $3 - poll_interval)",
        )
        .bind(tenant.to_string())
        .bind(device_code_hash)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        if in_time.rows_affected() == 1 {
            return Ok(None);
        }
        let row = sqlx::query(
            "UPDATE device_codes SET last_polled_at = $3, poll_interval = poll_interval + $4 \
             WHERE tenant_id = $1 AND device_code_hash = $2 RETURNING poll_interval",
        )
        .bind(tenant.to_string())
        .bind(device_code_hash)
        .bind(now)
        .bind(penalty)
        .fetch_optional(&mut *self.conn)
        .await?;
        row.map(|r| int(&r, "poll_interval")).transpose()
    }

    /// Turns an approved request into a consumed one; true only once.
    pub async fn consume_device_code(
        &mut self,
        tenant: TenantId,
        device_code_hash: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE device_codes SET status = 'consumed' WHERE tenant_id = $1 AND device_code_hash = $2 \
             AND status = 'approved'",
        )
        .bind(tenant.to_string())
        .bind(device_code_hash)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
