//! Sign-in state: one-time setup tokens, browser sessions and sign-in throttling.
//! Every secret arrives here already hashed.

use entente_model::{TenantId, UnixTime, UserId};

use crate::rows::{int, opt_int, parsed, text};
use crate::{Db, Result};

/// A live browser session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    pub token_hash: String,
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub auth_time: UnixTime,
    /// Authentication methods, space-separated (`pwd`, `otp`, `mfa`).
    pub amr: String,
}

/// How far one throttling key (an account or a source address) has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ThrottleState {
    pub failures: i64,
    pub blocked_until: UnixTime,
}

impl Db<'_> {
    pub async fn insert_setup_token(
        &mut self,
        token_hash: &str,
        now: UnixTime,
        expires_at: UnixTime,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// Marks a setup token used; true only for the first use of an unexpired token.
    pub async fn consume_setup_token(&mut self, token_hash: &str, now: UnixTime) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE setup_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn setup_token_valid(&mut self, token_hash: &str, now: UnixTime) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM setup_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_one(&mut *self.conn)
        .await?;
        Ok(int(&row, "n")? == 1)
    }

    pub async fn insert_session(&mut self, s: &SessionRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, tenant_id, user_id, created_at, expires_at, auth_time, amr) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&s.token_hash)
        .bind(s.tenant_id.to_string())
        .bind(s.user_id.to_string())
        .bind(s.created_at)
        .bind(s.expires_at)
        .bind(s.auth_time)
        .bind(&s.amr)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// The session for a token, when it is neither expired nor ended and its user is
    /// still enabled.
    pub async fn live_session(
        &mut self,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<SessionRecord>> {
        let row = sqlx::query(
            "SELECT s.token_hash, s.tenant_id, s.user_id, s.created_at, s.expires_at, s.auth_time, s.amr \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2 AND u.account_enabled = 1 \
             AND u.deleted_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *self.conn)
        .await?;
        row.map(|r| {
            Ok(SessionRecord {
                token_hash: text(&r, "token_hash")?,
                tenant_id: parsed(&r, "tenant_id")?,
                user_id: parsed(&r, "user_id")?,
                created_at: int(&r, "created_at")?,
                expires_at: int(&r, "expires_at")?,
                auth_time: int(&r, "auth_time")?,
                amr: text(&r, "amr")?,
            })
        })
        .transpose()
    }

    pub async fn end_session(&mut self, token_hash: &str, now: UnixTime) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends every session of a user; returns how many were live.
    pub async fn end_user_sessions(
        &mut self,
        tenant: TenantId,
        user: UserId,
        now: UnixTime,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE sessions SET ended_at = $3 WHERE tenant_id = $1 AND user_id = $2 AND ended_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected())
    }

    pub async fn throttle_state(&mut self, key: &str) -> Result<ThrottleState> {
        let row = sqlx::query(
            "SELECT failures, blocked_until FROM login_throttle WHERE throttle_key = $1",
        )
        .bind(key)
        .fetch_optional(&mut *self.conn)
        .await?;
        match row {
            None => Ok(ThrottleState::default()),
            Some(r) => Ok(ThrottleState {
                failures: int(&r, "failures")?,
                blocked_until: opt_int(&r, "blocked_until")?.unwrap_or(0),
            }),
        }
    }

    /// Counts one more attempt against a throttling key in one statement, unless the
    /// key is blocked at `now`. Returns the count including this attempt, or `None`
    /// when the key is blocked (and nothing was counted). Concurrent attempts each get
    /// their own number: the upsert takes the row's lock (PostgreSQL) or runs under
    /// the single writer (SQLite), so none is lost.
    pub async fn count_throttle_attempt(
        &mut self,
        key: &str,
        now: UnixTime,
    ) -> Result<Option<i64>> {
        let row = sqlx::query(
            "INSERT INTO login_throttle (throttle_key, failures, blocked_until, updated_at) VALUES ($1, 1, 0, $2) \
             ON CONFLICT (throttle_key) DO UPDATE SET failures = login_throttle.failures + 1, updated_at = $2 \
             WHERE login_throttle.blocked_until <= $2 \
             RETURNING failures",
        )
        .bind(key)
        .bind(now)
        .fetch_optional(&mut *self.conn)
        .await?;
        row.map(|r| int(&r, "failures")).transpose()
    }

    /// Blocks a throttling key until `until` (never shortening a longer block).
    pub async fn block_throttle_key(
        &mut self,
        key: &str,
        until: UnixTime,
        now: UnixTime,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE login_throttle SET blocked_until = $2, updated_at = $3 \
             WHERE throttle_key = $1 AND blocked_until < $2",
        )
        .bind(key)
        .bind(until)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// Takes back one attempt counted by [`Db::count_throttle_attempt`] that turned
    /// out not to be a failure, in one statement. When the count falls to `free` or
    /// below, the key is no longer blocked.
    pub async fn uncount_throttle_attempt(&mut self, key: &str, free: i64) -> Result<()> {
        sqlx::query(
            "UPDATE login_throttle SET failures = failures - 1, \
             blocked_until = CASE WHEN failures - 1 > $2 THEN blocked_until ELSE 0 END \
             WHERE throttle_key = $1 AND failures > 0",
        )
        .bind(key)
        .bind(free)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    pub async fn clear_throttle(&mut self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1")
            .bind(key)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }
}
