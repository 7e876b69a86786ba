//! Users (members and guests) and the directory roles they hold.

use entente_model::{
    CreationType, DirectoryRole, ExternalUserState, TenantId, UnixTime, User, UserId, UserType,
};
use sqlx::any::AnyRow;

use crate::rows::{flag, int, named, opt_int, opt_named, opt_parsed, opt_text, parsed, text};
use crate::{Db, Result, conflict_as};

macro_rules! user_select {
    () => {
        "SELECT id, tenant_id, user_type, creation_type, external_user_state, \
         external_user_state_changed_at, sign_in_name, alternative_security_id, \
         home_tenant_id, home_user_id, external_issuer, user_principal_name, mail, display_name, \
         account_enabled, created_at FROM users "
    };
}

/// The query of [`Db::guest_of_external_identity`]; it finds the guest in the partial
/// index `users_external_identity`.
pub(crate) const GUEST_OF_EXTERNAL_IDENTITY: &str = concat!(
    user_select!(),
    "WHERE tenant_id = $1 AND external_issuer = $2 AND alternative_security_id = $3 \
     AND user_type = 'Guest' AND deleted_at IS NULL LIMIT 1"
);

pub(crate) fn user_row(row: &AnyRow) -> Result<User> {
    Ok(User {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        user_type: named(row, "user_type", UserType::parse)?,
        creation_type: opt_named(row, "creation_type", CreationType::parse)?,
        external_user_state: opt_named(row, "external_user_state", ExternalUserState::parse)?,
        external_user_state_changed_at: opt_int(row, "external_user_state_changed_at")?,
        sign_in_name: opt_text(row, "sign_in_name")?,
        alternative_security_id: opt_text(row, "alternative_security_id")?,
        home_tenant_id: opt_parsed(row, "home_tenant_id")?,
        home_user_id: opt_parsed(row, "home_user_id")?,
        external_issuer: opt_text(row, "external_issuer")?,
        user_principal_name: text(row, "user_principal_name")?,
        mail: opt_text(row, "mail")?,
        display_name: text(row, "display_name")?,
        account_enabled: flag(row, "account_enabled")?,
        created_at: int(row, "created_at")?,
    })
}

/// A user to create, with the password hash for members who sign in with a password.
pub struct NewUser<'a> {
    pub user: &'a User,
    pub password_hash: Option<&'a str>,
}

/// Changes to a user's editable attributes; `None` leaves one as it is.
#[derive(Clone, Debug, Default)]
pub struct UserPatch {
    pub display_name: Option<String>,
    pub mail: Option<Option<String>>,
    pub account_enabled: Option<bool>,
    pub user_principal_name: Option<String>,
}

impl Db<'_> {
    pub async fn insert_user(&mut self, new: NewUser<'_>) -> Result<()> {
        let u = new.user;
        sqlx::query(
            "INSERT INTO users (id, tenant_id, user_type, creation_type, external_user_state, \
             external_user_state_changed_at, sign_in_name, alternative_security_id, \
             user_principal_name, upn_lower, mail, mail_lower, display_name, display_name_lower, \
             account_enabled, created_at, password_hash, home_tenant_id, home_user_id, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $19, $16)",
        )
        .bind(u.id.to_string())
        .bind(u.tenant_id.to_string())
        .bind(u.user_type.as_str())
        .bind(u.creation_type.map(|c| c.as_str()))
        .bind(u.external_user_state.map(|s| s.as_str()))
        .bind(u.external_user_state_changed_at)
        .bind(u.sign_in_name.as_deref())
        .bind(u.alternative_security_id.as_deref())
        .bind(&u.user_principal_name)
        .bind(u.user_principal_name.to_lowercase())
        .bind(u.mail.as_deref())
        .bind(u.mail.as_deref().map(str::to_lowercase))
        .bind(&u.display_name)
        .bind(u.display_name.to_lowercase())
        .bind(i64::from(u.account_enabled))
        .bind(u.created_at)
        .bind(new.password_hash)
        .bind(u.home_tenant_id.map(|t| t.to_string()))
        .bind(u.home_user_id.map(|t| t.to_string()))
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("userPrincipalName"))?;
        Ok(())
    }

    pub async fn user_by_id(&mut self, tenant: TenantId, id: UserId) -> Result<Option<User>> {
        sqlx::query(concat!(
            user_select!(),
            "WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL"
        ))
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| user_row(&r))
        .transpose()
    }

    /// A user by principal name, case-insensitively (the unique index `users_upn`).
    pub async fn user_by_principal_name(
        &mut self,
        tenant: TenantId,
        upn: &str,
    ) -> Result<Option<User>> {
        sqlx::query(concat!(
            user_select!(),
            "WHERE tenant_id = $1 AND upn_lower = $2 AND deleted_at IS NULL"
        ))
        .bind(tenant.to_string())
        .bind(upn.to_lowercase())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| user_row(&r))
        .transpose()
    }

    /// The guest object of a tenant redeemed through a partner's identity provider by
    /// the identity `{issuer}|{subject}`, if any.
    pub async fn guest_of_external_identity(
        &mut self,
        tenant: TenantId,
        issuer: &str,
        alternative_security_id: &str,
    ) -> Result<Option<User>> {
        sqlx::query(GUEST_OF_EXTERNAL_IDENTITY)
            .bind(tenant.to_string())
            .bind(issuer)
            .bind(alternative_security_id)
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| user_row(&r))
            .transpose()
    }

    /// A user who may get tokens now: enabled and, for a guest, redeemed with a home
    /// account that still exists and is enabled, or through a partner's identity
    /// provider (which is asked again at every sign-in).
    pub async fn live_user(&mut self, tenant: TenantId, id: UserId) -> Result<Option<User>> {
        sqlx::query(
            "SELECT u.id, u.tenant_id, u.user_type, u.creation_type, u.external_user_state, \
             u.external_user_state_changed_at, u.sign_in_name, u.alternative_security_id, \
             u.home_tenant_id, u.home_user_id, u.external_issuer, u.user_principal_name, u.mail, u.display_name, \
             u.account_enabled, u.created_at FROM users u \
             LEFT JOIN users h ON h.id = u.home_user_id AND h.tenant_id = u.home_tenant_id \
             WHERE u.tenant_id = $1 AND u.id = $2 AND u.account_enabled = 1 \
             AND u.deleted_at IS NULL \
             AND (u.user_type = 'Member' OR (u.external_user_state = 'Accepted' \
             AND ((h.account_enabled = 1 AND h.deleted_at IS NULL) \
             OR u.external_issuer IS NOT NULL)))",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| user_row(&r))
        .transpose()
    }

    /// Finds a member who may sign in with a password, by UPN or mail, and returns
    /// the user with the stored password hash.
    pub async fn user_for_password_sign_in(
        &mut self,
        tenant: TenantId,
        login: &str,
    ) -> Result<Option<(User, String)>> {
        let login = login.to_lowercase();
        let row = sqlx::query(
            "SELECT id, tenant_id, user_type, creation_type, external_user_state, \
             external_user_state_changed_at, sign_in_name, alternative_security_id, \
             home_tenant_id, home_user_id, external_issuer, user_principal_name, mail, display_name, \
             account_enabled, created_at, password_hash \
             FROM users WHERE tenant_id = $1 AND password_hash IS NOT NULL AND deleted_at IS NULL \
             AND (upn_lower = $2 OR mail_lower = $2) ORDER BY upn_lower = $2 DESC LIMIT 1",
        )
        .bind(tenant.to_string())
        .bind(login)
        .fetch_optional(&mut *self.conn)
        .await?;
        match row {
            None => Ok(None),
            Some(row) => Ok(Some((user_row(&row)?, text(&row, "password_hash")?))),
        }
    }

    pub async fn set_password_hash(
        &mut self,
        tenant: TenantId,
        id: UserId,
        hash: &str,
    ) -> Result<bool> {
        let done =
            sqlx::query("UPDATE users SET password_hash = $3 WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL")
                .bind(tenant.to_string())
                .bind(id.to_string())
                .bind(hash)
                .execute(&mut *self.conn)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Changes what `patch` names; `now` becomes the user's `updated_at` (SCIM's
    /// `meta.lastModified`).
    pub async fn update_user(
        &mut self,
        tenant: TenantId,
        id: UserId,
        patch: &UserPatch,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET \
             display_name = COALESCE($3, display_name), \
             display_name_lower = COALESCE($4, display_name_lower), \
             mail = CASE WHEN $5 = 1 THEN $6 ELSE mail END, \
             mail_lower = CASE WHEN $5 = 1 THEN $7 ELSE mail_lower END, \
             account_enabled = COALESCE($8, account_enabled), \
             user_principal_name = COALESCE($9, user_principal_name), \
             upn_lower = COALESCE($10, upn_lower), updated_at = $11 \
             WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(patch.display_name.as_deref())
        .bind(patch.display_name.as_deref().map(str::to_lowercase))
        .bind(i64::from(patch.mail.is_some()))
        .bind(patch.mail.clone().flatten())
        .bind(patch.mail.clone().flatten().map(|m| m.to_lowercase()))
        .bind(patch.account_enabled.map(i64::from))
        .bind(patch.user_principal_name.as_deref())
        .bind(patch.user_principal_name.as_deref().map(str::to_lowercase))
        .bind(now)
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("userPrincipalName"))?;
        Ok(done.rows_affected() == 1)
    }

    /// Erases a user and everything that hangs off it (memberships, roles, sessions,
    /// assignments, tokens): a deleted item's purge.
    pub async fn purge_user(&mut self, tenant: TenantId, id: UserId) -> Result<bool> {
        let id_text = id.to_string();
        for sql in [
            "DELETE FROM app_role_assignments WHERE tenant_id = $1 AND principal_id = $2",
            "DELETE FROM refresh_tokens WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM authorization_codes WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM group_members WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM group_owners WHERE tenant_id = $1 AND user_id = $2",
            "DELETE FROM user_directory_roles WHERE tenant_id = $1 AND user_id = $2",
            // Whom it sponsored and who sponsored it (a deleted one is kept for a
            // restore; a purged one is gone).
            "DELETE FROM sponsors WHERE tenant_id = $1 AND (user_id = $2 OR sponsor_id = $2)",
        ] {
            sqlx::query(sql)
                .bind(tenant.to_string())
                .bind(&id_text)
                .execute(&mut *self.conn)
                .await?;
        }
        let done = sqlx::query("DELETE FROM users WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.to_string())
            .bind(&id_text)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn grant_directory_role(
        &mut self,
        tenant: TenantId,
        user: UserId,
        role: DirectoryRole,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO user_directory_roles (tenant_id, user_id, role) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(role.as_str())
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// How many enabled users of a tenant other than `except` hold `role`.
    pub async fn enabled_role_holders_besides(
        &mut self,
        tenant: TenantId,
        role: DirectoryRole,
        except: UserId,
    ) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM user_directory_roles r \
             JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.user_id \
             WHERE r.tenant_id = $1 AND r.role = $2 AND u.id <> $3 AND u.account_enabled = 1 \
             AND u.deleted_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(role.as_str())
        .bind(except.to_string())
        .fetch_one(&mut *self.conn)
        .await?;
        int(&row, "n")
    }

    pub async fn directory_roles(
        &mut self,
        tenant: TenantId,
        user: UserId,
    ) -> Result<Vec<DirectoryRole>> {
        let rows = sqlx::query(
            "SELECT role FROM user_directory_roles WHERE tenant_id = $1 AND user_id = $2",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter()
            .map(|r| named(r, "role", DirectoryRole::parse))
            .collect()
    }

    pub async fn count_users(&mut self, tenant: TenantId) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM users WHERE tenant_id = $1 AND deleted_at IS NULL",
        )
        .bind(tenant.to_string())
        .fetch_one(&mut *self.conn)
        .await?;
        int(&row, "n")
    }
}
