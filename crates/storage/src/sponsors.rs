//! Sponsors (migration 31): the member users and groups of a tenant who answer for
//! one of its users.

use entente_model::{PrincipalType, TenantId, UnixTime, UserId};

use crate::rows::{int, named, parsed, text};
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
    pub created_at: UnixTime,
}

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
             u.user_principal_name, u.mail \
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
                    user_principal_name: crate::rows::opt_text(row, "user_principal_name")?,
                    mail: crate::rows::opt_text(row, "mail")?,
                    created_at: int(row, "created_at")?,
                })
            })
            .collect()
    }
}
