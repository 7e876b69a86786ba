//! Sign-in activity (migration 32; Graph's `signInActivity`): when a user last signed
//! in interactively, non-interactively, and successfully. Every write keeps the later
//! of the stored and the new time, so nodes flushing in any order, and retries, never
//! move one back.

use std::collections::HashMap;

use entente_model::{TenantId, UnixTime, UserId};

use crate::rows::{opt_int, parsed};
use crate::{Db, Result};

/// A user's sign-in activity; `None` where it never happened (since it was recorded).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignInActivity {
    pub last_sign_in: Option<UnixTime>,
    pub last_non_interactive: Option<UnixTime>,
    pub last_successful: Option<UnixTime>,
}

/// `column = the later of column and $n`, in SQL both backends speak.
fn later(column: &str, parameter: &str) -> String {
    format!(
        "{column} = CASE WHEN {column} IS NULL OR {column} < {parameter} THEN {parameter} \
         ELSE {column} END"
    )
}

impl Db<'_> {
    /// Records an interactive sign-in of `user` at `at`; `success` also moves the last
    /// successful one.
    pub async fn record_interactive_sign_in(
        &mut self,
        tenant: TenantId,
        user: UserId,
        at: UnixTime,
        success: bool,
    ) -> Result<()> {
        let mut sql = format!("UPDATE users SET {}", later("last_sign_in_at", "$3"));
        if success {
            sql.push_str(&format!(", {}", later("last_successful_at", "$3")));
        }
        sql.push_str(" WHERE tenant_id = $1 AND id = $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.to_string())
            .bind(user.to_string())
            .bind(at)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    /// Records the latest non-interactive (and so successful) sign-in of each user.
    pub async fn record_non_interactive_sign_ins(
        &mut self,
        latest: &[(TenantId, UserId, UnixTime)],
    ) -> Result<()> {
        let sql = format!(
            "UPDATE users SET {}, {} WHERE tenant_id = $1 AND id = $2",
            later("last_non_interactive_at", "$3"),
            later("last_successful_at", "$3")
        );
        for (tenant, user, at) in latest {
            sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(tenant.to_string())
                .bind(user.to_string())
                .bind(*at)
                .execute(&mut *self.conn)
                .await?;
        }
        Ok(())
    }

    /// The sign-in activity of the given users of a tenant (those without any are
    /// left out).
    pub async fn sign_in_activities(
        &mut self,
        tenant: TenantId,
        users: &[UserId],
    ) -> Result<HashMap<UserId, SignInActivity>> {
        let mut found = HashMap::new();
        for chunk in users.chunks(500) {
            let placeholders: Vec<String> =
                (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT id, last_sign_in_at, last_non_interactive_at, last_successful_at \
                 FROM users WHERE tenant_id = $1 AND id IN ({})",
                placeholders.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.to_string());
            for user in chunk {
                query = query.bind(user.to_string());
            }
            for row in query.fetch_all(&mut *self.conn).await? {
                let activity = SignInActivity {
                    last_sign_in: opt_int(&row, "last_sign_in_at")?,
                    last_non_interactive: opt_int(&row, "last_non_interactive_at")?,
                    last_successful: opt_int(&row, "last_successful_at")?,
                };
                if activity != SignInActivity::default() {
                    found.insert(parsed(&row, "id")?, activity);
                }
            }
        }
        Ok(found)
    }
}
