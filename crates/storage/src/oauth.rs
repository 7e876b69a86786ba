//! OAuth state: token signing keys, authorization codes and refresh tokens.
//! Codes and tokens arrive hashed; private keys arrive sealed (encrypted).

use entente_model::{TenantId, UnixTime, UserId};
use sqlx::any::AnyRow;

use crate::rows::{int, opt_int, opt_text, parsed, text};
use crate::{Db, Result};

/// A token signing key as stored: the private half sealed with the deployment's master key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRecord {
    pub kid: String,
    pub alg: String,
    pub private_key_sealed: String,
    pub public_jwk: String,
    pub created_at: UnixTime,
    /// From this time on the key signs new tokens (until a newer key activates).
    pub activates_at: UnixTime,
    /// After this time the key is no longer published.
    pub retires_at: UnixTime,
}

/// An issued authorization code, waiting to be exchanged once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRecord {
    pub code_hash: String,
    pub tenant_id: TenantId,
    pub client_id: String,
    pub user_id: UserId,
    pub session_hash: String,
    pub redirect_uri: String,
    pub scope: String,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub auth_time: UnixTime,
    pub amr: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub used_at: Option<UnixTime>,
}

/// A refresh token of a rotation family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefreshRecord {
    pub token_hash: String,
    pub family_id: String,
    pub tenant_id: TenantId,
    pub client_id: String,
    pub user_id: UserId,
    pub scope: String,
    pub auth_time: UnixTime,
    pub amr: String,
    /// The code the family was first issued for, so a replayed code can revoke it.
    pub code_hash: Option<String>,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub used_at: Option<UnixTime>,
    pub revoked_at: Option<UnixTime>,
}

fn code(r: &AnyRow) -> Result<CodeRecord> {
    Ok(CodeRecord {
        code_hash: text(r, "code_hash")?,
        tenant_id: parsed(r, "tenant_id")?,
        client_id: text(r, "client_id")?,
        user_id: parsed(r, "user_id")?,
        session_hash: text(r, "session_hash")?,
        redirect_uri: text(r, "redirect_uri")?,
        scope: text(r, "scope")?,
        nonce: opt_text(r, "nonce")?,
        code_challenge: opt_text(r, "code_challenge")?,
        auth_time: int(r, "auth_time")?,
        amr: text(r, "amr")?,
        created_at: int(r, "created_at")?,
        expires_at: int(r, "expires_at")?,
        used_at: opt_int(r, "used_at")?,
    })
}

fn refresh(r: &AnyRow) -> Result<RefreshRecord> {
    Ok(RefreshRecord {
        token_hash: text(r, "token_hash")?,
        family_id: text(r, "family_id")?,
        tenant_id: parsed(r, "tenant_id")?,
        client_id: text(r, "client_id")?,
        user_id: parsed(r, "user_id")?,
        scope: text(r, "scope")?,
        auth_time: int(r, "auth_time")?,
        amr: text(r, "amr")?,
        code_hash: opt_text(r, "code_hash")?,
        created_at: int(r, "created_at")?,
        expires_at: int(r, "expires_at")?,
        used_at: opt_int(r, "used_at")?,
        revoked_at: opt_int(r, "revoked_at")?,
    })
}

impl Db<'_> {
    pub async fn insert_signing_key(&mut self, k: &KeyRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO signing_keys (kid, alg, private_key_sealed, public_jwk, created_at, activates_at, retires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&k.kid)
        .bind(&k.alg)
        .bind(&k.private_key_sealed)
        .bind(&k.public_jwk)
        .bind(k.created_at)
        .bind(k.activates_at)
        .bind(k.retires_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// Keys not yet retired at `now`, oldest activation first.
    pub async fn published_signing_keys(&mut self, now: UnixTime) -> Result<Vec<KeyRecord>> {
        let rows = sqlx::query(
            "SELECT kid, alg, private_key_sealed, public_jwk, created_at, activates_at, retires_at \
             FROM signing_keys WHERE retires_at > $1 ORDER BY activates_at, kid",
        )
        .bind(now)
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(KeyRecord {
                    kid: text(r, "kid")?,
                    alg: text(r, "alg")?,
                    private_key_sealed: text(r, "private_key_sealed")?,
                    public_jwk: text(r, "public_jwk")?,
                    created_at: int(r, "created_at")?,
                    activates_at: int(r, "activates_at")?,
                    retires_at: int(r, "retires_at")?,
                })
            })
            .collect()
    }

    pub async fn insert_code(&mut self, c: &CodeRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO authorization_codes (code_hash, tenant_id, client_id, user_id, session_hash, redirect_uri, \
             scope, nonce, code_challenge, auth_time, amr, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&c.code_hash)
        .bind(c.tenant_id.to_string())
        .bind(&c.client_id)
        .bind(c.user_id.to_string())
        .bind(&c.session_hash)
        .bind(&c.redirect_uri)
        .bind(&c.scope)
        .bind(c.nonce.as_deref())
        .bind(c.code_challenge.as_deref())
        .bind(c.auth_time)
        .bind(c.amr.as_str())
        .bind(c.created_at)
        .bind(c.expires_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// An authorization code as stored, used or not.
    pub async fn authorization_code(
        &mut self,
        tenant: TenantId,
        code_hash: &str,
    ) -> Result<Option<CodeRecord>> {
        sqlx::query(
            "SELECT code_hash, tenant_id, client_id, user_id, session_hash, redirect_uri, scope, nonce, \
             code_challenge, auth_time, amr, created_at, expires_at, used_at \
             FROM authorization_codes WHERE tenant_id = $1 AND code_hash = $2",
        )
        .bind(tenant.to_string())
        .bind(code_hash)
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| code(&r))
        .transpose()
    }

    /// The tenant an authorization code was issued in, whichever it is: the token
    /// endpoint of `/organizations`, which no tenant names, starts from it (the hash
    /// is the table's key, and unique across tenants).
    pub async fn code_tenant(&mut self, code_hash: &str) -> Result<Option<TenantId>> {
        sqlx::query("SELECT tenant_id FROM authorization_codes WHERE code_hash = $1")
            .bind(code_hash)
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| crate::rows::parsed(&r, "tenant_id"))
            .transpose()
    }

    /// The tenant a refresh token was issued in (see [`Db::code_tenant`]).
    pub async fn refresh_tenant(&mut self, token_hash: &str) -> Result<Option<TenantId>> {
        sqlx::query("SELECT tenant_id FROM refresh_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| crate::rows::parsed(&r, "tenant_id"))
            .transpose()
    }

    /// Marks a code used; true only for the one request that does so first.
    pub async fn consume_code(
        &mut self,
        tenant: TenantId,
        code_hash: &str,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE authorization_codes SET used_at = $3 WHERE tenant_id = $1 AND code_hash = $2 AND used_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(code_hash)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn insert_refresh_token(&mut self, r: &RefreshRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO refresh_tokens (token_hash, family_id, tenant_id, client_id, user_id, scope, auth_time, amr, \
             code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&r.token_hash)
        .bind(&r.family_id)
        .bind(r.tenant_id.to_string())
        .bind(&r.client_id)
        .bind(r.user_id.to_string())
        .bind(&r.scope)
        .bind(r.auth_time)
        .bind(&r.amr)
        .bind(r.code_hash.as_deref())
        .bind(r.created_at)
        .bind(r.expires_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    pub async fn refresh_token(
        &mut self,
        tenant: TenantId,
        token_hash: &str,
    ) -> Result<Option<RefreshRecord>> {
        sqlx::query(
            "SELECT token_hash, family_id, tenant_id, client_id, user_id, scope, auth_time, amr, code_hash, \
             created_at, expires_at, used_at, revoked_at FROM refresh_tokens WHERE tenant_id = $1 AND token_hash = $2",
        )
        .bind(tenant.to_string())
        .bind(token_hash)
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| refresh(&r))
        .transpose()
    }

    /// Marks a refresh token used by rotation; true only for the one request that
    /// does so first, and only while the token is neither revoked nor expired. The
    /// caller inserts the family's next token in the same transaction: on PostgreSQL
    /// the row lock taken here makes a concurrent rotation or revocation of this token
    /// wait for that transaction (see [`Db::revoke_refresh_family`]).
    pub async fn rotate_refresh_token(
        &mut self,
        tenant: TenantId,
        token_hash: &str,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE refresh_tokens SET used_at = $3 WHERE tenant_id = $1 AND token_hash = $2 \
             AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $3",
        )
        .bind(tenant.to_string())
        .bind(token_hash)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Revokes every token of a family, including one a concurrent rotation adds.
    pub async fn revoke_refresh_family(
        &mut self,
        tenant: TenantId,
        family_id: &str,
        now: UnixTime,
    ) -> Result<u64> {
        self.revoke_until_none_left(
            "UPDATE refresh_tokens SET revoked_at = $3 WHERE tenant_id = $1 AND family_id = $2 AND revoked_at IS NULL",
            tenant,
            family_id,
            now,
        )
        .await
    }

    /// Revokes every family first issued for a code (a replayed code's tokens).
    pub async fn revoke_refresh_by_code(
        &mut self,
        tenant: TenantId,
        code_hash: &str,
        now: UnixTime,
    ) -> Result<u64> {
        self.revoke_until_none_left(
            "UPDATE refresh_tokens SET revoked_at = $3 WHERE tenant_id = $1 AND revoked_at IS NULL AND family_id IN \
             (SELECT family_id FROM refresh_tokens WHERE tenant_id = $1 AND code_hash = $2)",
            tenant,
            code_hash,
            now,
        )
        .await
    }

    /// Revokes every refresh token of a user.
    pub async fn revoke_user_refresh_tokens(
        &mut self,
        tenant: TenantId,
        user: UserId,
        now: UnixTime,
    ) -> Result<u64> {
        self.revoke_until_none_left(
            "UPDATE refresh_tokens SET revoked_at = $3 WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL",
            tenant,
            &user.to_string(),
            now,
        )
        .await
    }

    /// Runs a revoking `UPDATE` (binding the tenant, `key` and `now` as `$1`..`$3`)
    /// until it revokes nothing, and answers how many tokens it revoked.
    ///
    /// On PostgreSQL (read committed) one statement sees only the tokens committed
    /// when it began, so it runs again until it revokes nothing: a rotation that
    /// marked its token used before this statement reached it made the statement wait
    /// for its commit, and the next run sees the token it added; one that comes later
    /// finds its token revoked and adds nothing. On SQLite the second run is a no-op.
    async fn revoke_until_none_left(
        &mut self,
        statement: &'static str,
        tenant: TenantId,
        key: &str,
        now: UnixTime,
    ) -> Result<u64> {
        let mut total = 0;
        loop {
            let done = sqlx::query(statement)
                .bind(tenant.to_string())
                .bind(key)
                .bind(now)
                .execute(&mut *self.conn)
                .await?;
            if done.rows_affected() == 0 {
                return Ok(total);
            }
            total += done.rows_affected();
        }
    }
}

impl Db<'_> {
    /// Records a client assertion's `jti`; false when the same client used it before.
    pub async fn record_client_assertion(
        &mut self,
        tenant: TenantId,
        client_id: &str,
        jti: &str,
        expires_at: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO client_assertions (tenant_id, client_id, jti, expires_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(tenant.to_string())
        .bind(client_id)
        .bind(jti)
        .bind(expires_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
