//! The sign-in log: who signed in where, how, and with what outcome. Rows are
//! appended in the transaction of the sign-in they record and removed after
//! [`SIGN_IN_LOG_DAYS`] days by housekeeping; never changed.

use entente_model::{TenantId, UnixTime, UserId};

use crate::rows::{int, opt_parsed, opt_text, parsed, text};
use crate::{Db, Result};

/// How long sign-ins are kept.
pub const SIGN_IN_LOG_DAYS: i64 = 30;

/// A sign-in to record.
#[derive(Clone, Debug)]
pub struct NewSignIn<'a> {
    pub tenant_id: TenantId,
    pub at: UnixTime,
    /// The account, when the login named one.
    pub user_id: Option<UserId>,
    /// What was typed, or the account's name.
    pub login: &'a str,
    /// `success`, `failure` or `interrupted` (a second factor is due).
    pub outcome: &'a str,
    /// Why it failed or was interrupted.
    pub detail: Option<&'a str>,
    /// The methods proven (`pwd`, `otp`, `mfa`).
    pub method: Option<&'a str>,
    pub client_id: Option<&'a str>,
    pub app_name: Option<&'a str>,
    /// The client's address.
    pub source: Option<&'a str>,
    /// A stable code saying why (`wrong_password`, `guest_blocked`, ...).
    pub reason: Option<&'a str>,
    /// Set for a guest's entry into a tenant: one row per session, tenant and
    /// outcome; a second row with the same reference is not written.
    pub session_ref: Option<&'a str>,
}

/// A recorded sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInRecord {
    pub id: i64,
    pub tenant_id: TenantId,
    pub at: UnixTime,
    pub user_id: Option<UserId>,
    pub login: String,
    pub outcome: String,
    pub detail: Option<String>,
    pub method: Option<String>,
    pub client_id: Option<String>,
    pub app_name: Option<String>,
    pub source: Option<String>,
    /// The account's display name and type (`Member`, `Guest`) when it signed in.
    pub user_name: Option<String>,
    pub user_type: Option<String>,
    /// A guest's home organization, by id (when in this deployment) and by name.
    pub home_tenant_id: Option<String>,
    pub home_tenant_name: Option<String>,
    pub reason: Option<String>,
}

/// The columns a listing reads.
const COLUMNS: &str = "id, tenant_id, at, user_id, login, outcome, detail, method, client_id, \
     app_name, source, user_name, user_type, home_tenant_id, home_tenant_name, reason";

impl Db<'_> {
    /// Appends a sign-in, with the account's name and type and a guest's home
    /// organization as they are now (read in the same statement); `false` when a row
    /// with the same `session_ref` exists already and nothing was written.
    ///
    /// Five look-ups of one account by its id (each a page SQLite or PostgreSQL holds
    /// in memory already), on purpose: reading the account once, with `INSERT … SELECT`
    /// over a row of the bound values or with a one-row `WITH` table, measured slower
    /// on SQLite (three times and one and a half times this statement) and no faster
    /// on PostgreSQL (BENCHMARKS.md, "The sign-in log's insert").
    /// `a_sign_in_is_written_with_its_accounts_names_on_both_backends` pins what it
    /// writes.
    pub async fn append_sign_in(&mut self, s: &NewSignIn<'_>) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO sign_in_log (tenant_id, at, user_id, login, outcome, detail, method, \
             client_id, app_name, source, reason, session_ref, user_name, user_type, \
             home_tenant_id, home_tenant_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
             $11, $12, \
             (SELECT display_name FROM users WHERE tenant_id = $1 AND id = $3), \
             (SELECT user_type FROM users WHERE tenant_id = $1 AND id = $3), \
             (SELECT home_tenant_id FROM users WHERE tenant_id = $1 AND id = $3), \
             COALESCE((SELECT t.display_name FROM users u JOIN tenants t ON t.id = u.home_tenant_id \
                       WHERE u.tenant_id = $1 AND u.id = $3 AND u.user_type = 'Guest'), \
                      (SELECT f.display_name FROM users u JOIN federation_configs f \
                       ON f.tenant_id = u.tenant_id AND f.issuer = u.external_issuer \
                       WHERE u.tenant_id = $1 AND u.id = $3))) \
             ON CONFLICT DO NOTHING",
        )
        .bind(s.tenant_id.to_string())
        .bind(s.at)
        .bind(s.user_id.map(|id| id.to_string()))
        .bind(s.login)
        .bind(s.outcome)
        .bind(s.detail)
        .bind(s.method)
        .bind(s.client_id)
        .bind(s.app_name)
        .bind(s.source)
        .bind(s.reason)
        .bind(s.session_ref)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Whether the tenant's log holds the row of a guest's entry `session_ref` names.
    pub async fn sign_in_recorded(&mut self, tenant: TenantId, session_ref: &str) -> Result<bool> {
        let found = sqlx::query(
            "SELECT 1 AS one FROM sign_in_log WHERE tenant_id = $1 AND session_ref = $2",
        )
        .bind(tenant.to_string())
        .bind(session_ref)
        .fetch_optional(&mut *self.conn)
        .await?;
        Ok(found.is_some())
    }

    /// The newest sign-ins of a tenant first, older than `before` (an id) when given,
    /// of one outcome when given.
    pub async fn list_sign_ins(
        &mut self,
        tenant: TenantId,
        outcome: Option<&str>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<SignInRecord>> {
        let filter = if outcome.is_some() {
            " AND outcome = $4"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM sign_in_log WHERE tenant_id = $1 AND id < $2{filter} \
             ORDER BY id DESC LIMIT $3"
        );
        // Built from fixed fragments only; every value is bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit);
        if let Some(outcome) = outcome {
            query = query.bind(outcome);
        }
        let rows = query.fetch_all(&mut *self.conn).await?;
        rows.iter()
            .map(|r| {
                Ok(SignInRecord {
                    id: int(r, "id")?,
                    tenant_id: parsed(r, "tenant_id")?,
                    at: int(r, "at")?,
                    user_id: opt_parsed(r, "user_id")?,
                    login: text(r, "login")?,
                    outcome: text(r, "outcome")?,
                    detail: opt_text(r, "detail")?,
                    method: opt_text(r, "method")?,
                    client_id: opt_text(r, "client_id")?,
                    app_name: opt_text(r, "app_name")?,
                    source: opt_text(r, "source")?,
                    user_name: opt_text(r, "user_name")?,
                    user_type: opt_text(r, "user_type")?,
                    home_tenant_id: opt_text(r, "home_tenant_id")?,
                    home_tenant_name: opt_text(r, "home_tenant_name")?,
                    reason: opt_text(r, "reason")?,
                })
            })
            .collect()
    }

    /// Removes sign-ins recorded before `before`; answers how many.
    pub async fn purge_sign_ins(&mut self, before: UnixTime) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sign_in_log WHERE at < $1")
            .bind(before)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use entente_model::{Tenant, TenantId, User, UserId, UserType};

    use super::NewSignIn;
    use crate::Store;
    use crate::federation::FederationConfigRecord;
    use crate::test_support::{ScratchDir, ScratchPostgres};

    /// What the one statement reads with each row: a member's name and type, a
    /// guest's home organization by id and name, a federated guest's provider by name,
    /// nothing for no account or an unknown one or another tenant's; and a guest's
    /// entry written once per session reference.
    #[tokio::test]
    async fn a_sign_in_is_written_with_its_accounts_names_on_both_backends() {
        let dir = ScratchDir::new();
        let sqlite = dir.sqlite("log.db").await;
        check(&sqlite).await;
        if let Some(postgres) = ScratchPostgres::new().await {
            check(&postgres.store).await;
            postgres.finish().await;
        }
    }

    async fn check(store: &Store) {
        store.migrate().await.unwrap();
        let contoso = Tenant::new(TenantId::new_id(), "Contoso".into(), "c.test".into(), 1);
        let fabrikam = Tenant::new(TenantId::new_id(), "Fabrikam".into(), "f.test".into(), 1);
        let member = User::new_member(contoso.id, "ann@c.test".into(), None, "Ann".into(), 1);
        let guest = User {
            user_type: UserType::Guest,
            home_tenant_id: Some(fabrikam.id),
            ..User::new_member(contoso.id, "bob#EXT#@c.test".into(), None, "Bob".into(), 1)
        };
        let issuer = "https://idp.woodgrove.test";
        let federated = User {
            user_type: UserType::Guest,
            external_issuer: Some(issuer.into()),
            ..User::new_member(contoso.id, "cy#EXT#@c.test".into(), None, "Cy".into(), 1)
        };
        let elsewhere = User::new_member(fabrikam.id, "dee@f.test".into(), None, "Dee".into(), 1);
        let mut tx = store.write().await.unwrap();
        let mut db = tx.db();
        db.insert_tenant(&contoso).await.unwrap();
        db.insert_tenant(&fabrikam).await.unwrap();
        for user in [&member, &guest, &federated, &elsewhere] {
            db.insert_user(crate::NewUser {
                user,
                password_hash: None,
            })
            .await
            .unwrap();
        }
        // Only redemption sets a user's provider; here it is set directly.
        sqlx::query("UPDATE users SET external_issuer = $1 WHERE id = $2")
            .bind(issuer)
            .bind(federated.id.to_string())
            .execute(&mut *tx.conn())
            .await
            .unwrap();
        let mut db = tx.db();
        db.insert_federation_config(&FederationConfigRecord {
            id: uuid::Uuid::new_v4(),
            tenant_id: contoso.id,
            display_name: "Woodgrove".into(),
            protocol: "oidc".into(),
            issuer: issuer.into(),
            client_id: Some("client".into()),
            client_secret_sealed: None,
            sso_url: None,
            signing_certificates: Vec::new(),
            domains: vec!["woodgrove.test".into()],
            created_at: 1,
        })
        .await
        .unwrap();
        let row = |user_id: Option<UserId>, login: &'static str, session_ref| NewSignIn {
            tenant_id: contoso.id,
            at: 10,
            user_id,
            login,
            outcome: "success",
            detail: None,
            method: Some("pwd"),
            client_id: None,
            app_name: None,
            source: Some("127.0.0.1"),
            reason: Some("home_session"),
            session_ref,
        };
        for sign_in in [
            row(Some(member.id), "member", None),
            row(Some(guest.id), "guest", Some("s1")),
            row(Some(federated.id), "federated", None),
            row(None, "nobody", None),
            row(Some(UserId::new_id()), "unknown", None),
            row(Some(elsewhere.id), "elsewhere", None),
        ] {
            assert!(db.append_sign_in(&sign_in).await.unwrap(), "{sign_in:?}");
        }
        // The same guest entry again writes nothing.
        assert!(
            !db.append_sign_in(&row(Some(guest.id), "guest", Some("s1")))
                .await
                .unwrap()
        );
        let rows = db.list_sign_ins(contoso.id, None, None, 50).await.unwrap();
        tx.commit().await.unwrap();
        let seen: Vec<_> = rows
            .iter()
            .rev()
            .map(|r| {
                (
                    r.login.as_str(),
                    r.user_name.as_deref(),
                    r.user_type.as_deref(),
                    r.home_tenant_id.clone(),
                    r.home_tenant_name.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("member", Some("Ann"), Some("Member"), None, None),
                (
                    "guest",
                    Some("Bob"),
                    Some("Guest"),
                    Some(fabrikam.id.to_string()),
                    Some("Fabrikam")
                ),
                (
                    "federated",
                    Some("Cy"),
                    Some("Guest"),
                    None,
                    Some("Woodgrove")
                ),
                ("nobody", None, None, None, None),
                ("unknown", None, None, None, None),
                ("elsewhere", None, None, None, None),
            ]
        );
        let first = rows.last().unwrap();
        assert_eq!(
            (first.at, first.method.as_deref(), first.source.as_deref()),
            (10, Some("pwd"), Some("127.0.0.1"))
        );
        assert_eq!(first.reason.as_deref(), Some("home_session"));
        assert_eq!(first.user_id, Some(member.id));
    }
}
