//! Second factors: TOTP enrolments, recovery codes, pending (half-done) sign-ins, and
//! the record that a guest's home session proved the guest's factor at a resource
//! tenant.
//!
//! Every secret arrives here already sealed or hashed, and every query takes the
//! tenant id. Single-use rules (a time step, a recovery code, a pending sign-in) are
//! enforced by conditional updates, so two concurrent requests cannot both succeed.

use entente_model::{TenantId, UnixTime, UserId};
use sqlx::any::AnyRow;

use crate::rows::{int, opt_int, parsed, text};
use crate::{Db, Result, conflict_as};

/// A user's authenticator app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotpEnrolmentRecord {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    /// The TOTP secret sealed with the master key.
    pub secret_sealed: String,
    pub created_at: UnixTime,
    /// Set once the user proved the app works by entering a code.
    pub confirmed_at: Option<UnixTime>,
    /// The time step of the last accepted code; codes up to it are refused.
    pub last_used_step: Option<i64>,
}

/// A sign-in whose password succeeded and that waits for a second factor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingMfaRecord {
    pub token_hash: String,
    pub tenant_id: TenantId,
    pub user_id: UserId,
    /// The local path to go to once signed in.
    pub return_to: String,
    /// The account key of the password attempt, shared by second-factor failures.
    pub throttle_key: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}

fn enrolment(r: &AnyRow) -> Result<TotpEnrolmentRecord> {
    Ok(TotpEnrolmentRecord {
        tenant_id: parsed(r, "tenant_id")?,
        user_id: parsed(r, "user_id")?,
        secret_sealed: text(r, "secret_sealed")?,
        created_at: int(r, "created_at")?,
        confirmed_at: opt_int(r, "confirmed_at")?,
        last_used_step: opt_int(r, "last_used_step")?,
    })
}

impl Db<'_> {
    pub async fn totp_enrolment(
        &mut self,
        tenant: TenantId,
        user: UserId,
    ) -> Result<Option<TotpEnrolmentRecord>> {
        sqlx::query(
            "SELECT tenant_id, user_id, secret_sealed, created_at, confirmed_at, last_used_step \
             FROM totp_enrolments WHERE tenant_id = $1 AND user_id = $2",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| enrolment(&r))
        .transpose()
    }

    /// Stores a new, unconfirmed enrolment in place of any unconfirmed one; a confirmed
    /// enrolment is left alone and reported as a conflict.
    pub async fn replace_unconfirmed_totp(&mut self, e: &TotpEnrolmentRecord) -> Result<()> {
        sqlx::query(
            "DELETE FROM totp_enrolments WHERE tenant_id = $1 AND user_id = $2 AND confirmed_at IS NULL",
        )
        .bind(e.tenant_id.to_string())
        .bind(e.user_id.to_string())
        .execute(&mut *self.conn)
        .await?;
        sqlx::query(
            "INSERT INTO totp_enrolments (tenant_id, user_id, secret_sealed, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(e.tenant_id.to_string())
        .bind(e.user_id.to_string())
        .bind(&e.secret_sealed)
        .bind(e.created_at)
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("authenticator app"))?;
        Ok(())
    }

    /// Confirms an unconfirmed enrolment, recording the step of the code that proved
    /// it; false when there was none to confirm.
    pub async fn confirm_totp(
        &mut self,
        tenant: TenantId,
        user: UserId,
        step: i64,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE totp_enrolments SET confirmed_at = $3, last_used_step = $4 \
             WHERE tenant_id = $1 AND user_id = $2 AND confirmed_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(now)
        .bind(step)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records `step` as used when it is later than the last used one; false when it
    /// is not (the code was already used), so a code works once even under races.
    pub async fn advance_totp_step(
        &mut self,
        tenant: TenantId,
        user: UserId,
        step: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE totp_enrolments SET last_used_step = $3 \
             WHERE tenant_id = $1 AND user_id = $2 AND confirmed_at IS NOT NULL \
             AND (last_used_step IS NULL OR last_used_step < $3)",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(step)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes a user's authenticator app and recovery codes; false when there was no app.
    pub async fn delete_totp(&mut self, tenant: TenantId, user: UserId) -> Result<bool> {
        self.delete_recovery_codes(tenant, user).await?;
        let done = sqlx::query("DELETE FROM totp_enrolments WHERE tenant_id = $1 AND user_id = $2")
            .bind(tenant.to_string())
            .bind(user.to_string())
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn delete_recovery_codes(&mut self, tenant: TenantId, user: UserId) -> Result<()> {
        sqlx::query("DELETE FROM recovery_codes WHERE tenant_id = $1 AND user_id = $2")
            .bind(tenant.to_string())
            .bind(user.to_string())
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    pub async fn insert_recovery_code(
        &mut self,
        tenant: TenantId,
        user: UserId,
        code_hash: &str,
        now: UnixTime,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO recovery_codes (tenant_id, user_id, code_hash, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(code_hash)
        .bind(now)
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("recovery code"))?;
        Ok(())
    }

    /// Marks a recovery code used; true only for the first use of an existing code.
    pub async fn use_recovery_code(
        &mut self,
        tenant: TenantId,
        user: UserId,
        code_hash: &str,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $4 \
             WHERE tenant_id = $1 AND user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(code_hash)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn insert_pending_mfa(&mut self, p: &PendingMfaRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO pending_mfa (token_hash, tenant_id, user_id, return_to, throttle_key, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&p.token_hash)
        .bind(p.tenant_id.to_string())
        .bind(p.user_id.to_string())
        .bind(&p.return_to)
        .bind(&p.throttle_key)
        .bind(p.created_at)
        .bind(p.expires_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// The pending sign-in for a token, when unused, unexpired, of this tenant, and its
    /// user is still enabled.
    pub async fn live_pending_mfa(
        &mut self,
        tenant: TenantId,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<Option<PendingMfaRecord>> {
        let row = sqlx::query(
            "SELECT p.token_hash, p.tenant_id, p.user_id, p.return_to, p.throttle_key, p.created_at, p.expires_at \
             FROM pending_mfa p JOIN users u ON u.id = p.user_id \
             WHERE p.tenant_id = $1 AND p.token_hash = $2 AND p.used_at IS NULL AND p.expires_at > $3 \
             AND u.account_enabled = 1 AND u.deleted_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *self.conn)
        .await?;
        row.map(|r| {
            Ok(PendingMfaRecord {
                token_hash: text(&r, "token_hash")?,
                tenant_id: parsed(&r, "tenant_id")?,
                user_id: parsed(&r, "user_id")?,
                return_to: text(&r, "return_to")?,
                throttle_key: text(&r, "throttle_key")?,
                created_at: int(&r, "created_at")?,
                expires_at: int(&r, "expires_at")?,
            })
        })
        .transpose()
    }

    /// Marks a pending sign-in done; true only for the first use of a live one.
    pub async fn consume_pending_mfa(
        &mut self,
        tenant: TenantId,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE pending_mfa SET used_at = $3 \
             WHERE tenant_id = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(tenant.to_string())
        .bind(token_hash)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records that a home session proved the second factor of `guest` at `tenant`;
    /// proving it again keeps the first record.
    pub async fn insert_guest_mfa_proof(
        &mut self,
        session_hash: &str,
        tenant: TenantId,
        guest: UserId,
        now: UnixTime,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO guest_mfa_proofs (session_hash, tenant_id, user_id, proven_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (session_hash, tenant_id) DO NOTHING",
        )
        .bind(session_hash)
        .bind(tenant.to_string())
        .bind(guest.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// When a home session proved the second factor of `guest` at `tenant`, if it did.
    pub async fn guest_mfa_proven_at(
        &mut self,
        session_hash: &str,
        tenant: TenantId,
        guest: UserId,
    ) -> Result<Option<UnixTime>> {
        let row = sqlx::query(
            "SELECT proven_at FROM guest_mfa_proofs \
             WHERE session_hash = $1 AND tenant_id = $2 AND user_id = $3",
        )
        .bind(session_hash)
        .bind(tenant.to_string())
        .bind(guest.to_string())
        .fetch_optional(&mut *self.conn)
        .await?;
        row.map(|r| int(&r, "proven_at")).transpose()
    }
}
