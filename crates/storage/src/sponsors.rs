//! Sponsors (migration 31): the member users and groups of a tenant who answer for
//! one of its users.

use entente_model::{DirectoryRole, ExternalUserState, PrincipalType, TenantId, UnixTime, UserId};

use crate::rows::{flag, int, named, opt_int, opt_named, opt_text, parsed, text};
use crate::{Db, Result};

/// A sponsor of a user, with its name as the directory holds it now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SponsorRow {
    pub sponsor_id: uuid::Uuid,
    /// `User` or `Group`.
    pub sponsor_type: PrincipalType,
    pub display_name: String,
    /// A user sponsor's principal name and mail (none for a group).
    pub user_principal_name: Option<String>,
    pub mail: Option<String>,
    /// False for a user sponsor whose sign-in is blocked (it answers for nobody
    /// then); always true for a group.
    pub account_enabled: bool,
    pub created_at: UnixTime,
}

/// A user someone sponsors, as the sponsor's lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SponsoredUser {
    pub id: UserId,
    pub display_name: String,
    pub mail: Option<String>,
    pub account_enabled: bool,
    pub external_user_state: Option<ExternalUserState>,
    /// When its access ends, if it does.
    pub access_ends_at: Option<UnixTime>,
    /// When it is blocked for not signing in, unless a sponsor keeps it.
    pub inactive_block_at: Option<UnixTime>,
}

/// Someone who answers for a user and can be written to: an enabled member user with
/// an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answering {
    /// The sponsored user.
    pub user_id: UserId,
    pub sponsor_id: UserId,
    pub display_name: String,
    pub mail: String,
    /// Its `preferredLanguage`, when it set one.
    pub language: Option<String>,
}

/// The most users one sponsor's list reads ("my guests"); more are counted only.
pub const SPONSORED_LIST_LIMIT: i64 = 500;

impl Db<'_> {
    /// Makes `sponsor` a sponsor of `user`; false when it was one already.
    pub async fn add_sponsor(
        &mut self,
        tenant: TenantId,
        user: UserId,
        sponsor: uuid::Uuid,
        kind: PrincipalType,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO sponsors (tenant_id, user_id, sponsor_id, sponsor_type, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, user_id, sponsor_id) DO NOTHING",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(sponsor.to_string())
        .bind(kind.as_str())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends `sponsor`'s sponsorship of `user`; false when it was none.
    pub async fn remove_sponsor(
        &mut self,
        tenant: TenantId,
        user: UserId,
        sponsor: uuid::Uuid,
    ) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM sponsors WHERE tenant_id = $1 AND user_id = $2 AND sponsor_id = $3",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(sponsor.to_string())
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The sponsors of `user` that still exist (deleted ones are left out), users
    /// first, each by name.
    pub async fn sponsors_of(&mut self, tenant: TenantId, user: UserId) -> Result<Vec<SponsorRow>> {
        let rows = sqlx::query(
            "SELECT s.sponsor_id, s.sponsor_type, s.created_at, \
             COALESCE(u.display_name, g.display_name) AS display_name, \
             u.user_principal_name, u.mail, COALESCE(u.account_enabled, 1) AS account_enabled \
             FROM sponsors s \
             LEFT JOIN users u ON s.sponsor_type = 'User' AND u.tenant_id = s.tenant_id \
                AND u.id = s.sponsor_id AND u.deleted_at IS NULL \
             LEFT JOIN groups g ON s.sponsor_type = 'Group' AND g.tenant_id = s.tenant_id \
                AND g.id = s.sponsor_id AND g.deleted_at IS NULL \
             WHERE s.tenant_id = $1 AND s.user_id = $2 \
             AND (u.id IS NOT NULL OR g.id IS NOT NULL) \
             ORDER BY s.sponsor_type DESC, display_name, s.sponsor_id",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(SponsorRow {
                    sponsor_id: parsed(row, "sponsor_id")?,
                    sponsor_type: named(row, "sponsor_type", PrincipalType::parse)?,
                    display_name: text(row, "display_name")?,
                    user_principal_name: opt_text(row, "user_principal_name")?,
                    mail: opt_text(row, "mail")?,
                    account_enabled: flag(row, "account_enabled")?,
                    created_at: int(row, "created_at")?,
                })
            })
            .collect()
    }

    /// The users `sponsor` (a user or a group) sponsors directly, not deleted, by
    /// name, at most `limit`.
    pub async fn sponsored_by(
        &mut self,
        tenant: TenantId,
        sponsor: uuid::Uuid,
        limit: i64,
    ) -> Result<Vec<SponsoredUser>> {
        let rows = sqlx::query(
            "SELECT u.id, u.display_name, u.mail, u.account_enabled, u.external_user_state, \
             u.access_ends_at, \
             CASE WHEN u.inactivity_step = 'block' THEN u.inactivity_due_at END AS inactive_block_at \
             FROM sponsors s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id \
             WHERE s.tenant_id = $1 AND s.sponsor_id = $2 AND u.deleted_at IS NULL \
             ORDER BY u.display_name_lower, u.id LIMIT $3",
        )
        .bind(tenant.to_string())
        .bind(sponsor.to_string())
        .bind(limit)
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(sponsored_row).collect()
    }

    /// The users `user` answers for: those it sponsors itself, and those sponsored by
    /// a group it is a member of; not deleted, by name, at most `limit`.
    pub async fn sponsored_through(
        &mut self,
        tenant: TenantId,
        user: UserId,
        limit: i64,
    ) -> Result<Vec<SponsoredUser>> {
        let rows = sqlx::query(
            "SELECT u.id, u.display_name, u.mail, u.account_enabled, u.external_user_state, \
             u.access_ends_at, \
             CASE WHEN u.inactivity_step = 'block' THEN u.inactivity_due_at END AS inactive_block_at \
             FROM users u WHERE u.tenant_id = $1 AND u.deleted_at IS NULL AND u.id IN ( \
                SELECT s.user_id FROM sponsors s WHERE s.tenant_id = $1 AND s.sponsor_id = $2 \
                UNION SELECT s.user_id FROM sponsors s \
                JOIN group_members m ON m.group_id = s.sponsor_id AND m.user_id = $2 \
                JOIN groups g ON g.tenant_id = s.tenant_id AND g.id = s.sponsor_id \
                   AND g.deleted_at IS NULL \
                WHERE s.tenant_id = $1 AND s.sponsor_type = 'Group') \
             ORDER BY u.display_name_lower, u.id LIMIT $3",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(limit)
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(sponsored_row).collect()
    }

    /// Of `users`, those that still have an active sponsor (an enabled user or a
    /// group, neither deleted), and the enabled user sponsors with an address who can
    /// be written to about them.
    pub async fn active_sponsors(
        &mut self,
        tenant: TenantId,
        users: &[UserId],
    ) -> Result<(Vec<UserId>, Vec<Answering>)> {
        let mut sponsored = Vec::new();
        let mut answering = Vec::new();
        for chunk in users.chunks(500) {
            let placeholders: Vec<String> =
                (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT s.user_id, s.sponsor_type, su.id AS sponsor_user, su.display_name, su.mail, \
                 su.preferred_language \
                 FROM sponsors s \
                 LEFT JOIN users su ON s.sponsor_type = 'User' AND su.tenant_id = s.tenant_id \
                    AND su.id = s.sponsor_id AND su.deleted_at IS NULL AND su.account_enabled = 1 \
                 LEFT JOIN groups sg ON s.sponsor_type = 'Group' AND sg.tenant_id = s.tenant_id \
                    AND sg.id = s.sponsor_id AND sg.deleted_at IS NULL \
                 WHERE s.tenant_id = $1 AND s.user_id IN ({}) \
                 AND (su.id IS NOT NULL OR sg.id IS NOT NULL) \
                 ORDER BY s.user_id, su.display_name",
                placeholders.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.to_string());
            for user in chunk {
                query = query.bind(user.to_string());
            }
            for row in query.fetch_all(&mut *self.conn).await? {
                let user: UserId = parsed(&row, "user_id")?;
                if sponsored.last() != Some(&user) {
                    sponsored.push(user);
                }
                if let (Some(sponsor), Some(mail)) =
                    (opt_text(&row, "sponsor_user")?, opt_text(&row, "mail")?)
                {
                    answering.push(Answering {
                        user_id: user,
                        sponsor_id: sponsor
                            .parse()
                            .map_err(|_| crate::StoreError::Corrupt("sponsor_user".into()))?,
                        display_name: text(&row, "display_name")?,
                        mail,
                        language: opt_text(&row, "preferred_language")?,
                    });
                }
            }
        }
        Ok((sponsored, answering))
    }

    /// The enabled holders of `role` with an address, as (id, mail, language).
    pub async fn role_holders_with_mail(
        &mut self,
        tenant: TenantId,
        role: DirectoryRole,
    ) -> Result<Vec<(UserId, String, Option<String>)>> {
        let rows = sqlx::query(
            "SELECT u.id, u.mail, u.preferred_language FROM user_directory_roles r \
             JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.user_id \
             WHERE r.tenant_id = $1 AND r.role = $2 AND u.account_enabled = 1 \
             AND u.deleted_at IS NULL AND u.mail IS NOT NULL ORDER BY u.id",
        )
        .bind(tenant.to_string())
        .bind(role.as_str())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    parsed(row, "id")?,
                    text(row, "mail")?,
                    opt_text(row, "preferred_language")?,
                ))
            })
            .collect()
    }
}

impl Db<'_> {
    /// Whether `user` answers for `guest`: it sponsors it, or a group it is a member
    /// of does.
    pub async fn answers_for(
        &mut self,
        tenant: TenantId,
        user: UserId,
        guest: UserId,
    ) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM sponsors s \
             LEFT JOIN group_members m ON s.sponsor_type = 'Group' AND m.group_id = s.sponsor_id \
                AND m.user_id = $3 \
             LEFT JOIN groups g ON g.tenant_id = s.tenant_id AND g.id = m.group_id \
                AND g.deleted_at IS NULL \
             WHERE s.tenant_id = $1 AND s.user_id = $2 \
             AND (s.sponsor_id = $3 OR g.id IS NOT NULL)",
        )
        .bind(tenant.to_string())
        .bind(guest.to_string())
        .bind(user.to_string())
        .fetch_one(&mut *self.conn)
        .await?;
        Ok(int(&row, "n")? > 0)
    }
}

fn sponsored_row(row: &sqlx::any::AnyRow) -> Result<SponsoredUser> {
    Ok(SponsoredUser {
        id: parsed(row, "id")?,
        display_name: text(row, "display_name")?,
        mail: opt_text(row, "mail")?,
        account_enabled: flag(row, "account_enabled")?,
        external_user_state: opt_named(row, "external_user_state", ExternalUserState::parse)?,
        access_ends_at: opt_int(row, "access_ends_at")?,
        inactive_block_at: opt_int(row, "inactive_block_at")?,
    })
}

impl Db<'_> {
    /// A user's `preferredLanguage`, when it set one.
    pub async fn preferred_language(
        &mut self,
        tenant: TenantId,
        user: UserId,
    ) -> Result<Option<String>> {
        let row =
            sqlx::query("SELECT preferred_language FROM users WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.to_string())
                .bind(user.to_string())
                .fetch_optional(&mut *self.conn)
                .await?;
        Ok(match row {
            Some(row) => opt_text(&row, "preferred_language")?,
            None => None,
        })
    }

    /// Sets (or clears) a user's `preferredLanguage`; false when there is no such
    /// live user.
    pub async fn set_preferred_language(
        &mut self,
        tenant: TenantId,
        user: UserId,
        language: Option<&str>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET preferred_language = $3 \
             WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(language)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
