//! Names stored before addresses and domains had one canonical form (docs/decisions/
//! 0011): internationalized domains were kept in their ASCII (`xn--`) form, which
//! look-ups in Unicode no longer find. Migration 27 leaves a marker; the domain crate
//! reads the rows whose names hold an `xn--` label, rewrites each in canonical form
//! through these queries, and clears the marker, once, in one transaction.
//!
//! Only the reading and writing is here; what the canonical form is, is the domain's.

use entente_model::{InvitationId, TenantId, UserId};

use crate::rows::{opt_text, parsed, text};
use crate::{Db, Result};

/// A user whose principal name or mail holds an `xn--` label.
#[derive(Clone, Debug)]
pub struct AsciiFormUser {
    pub tenant: TenantId,
    pub id: UserId,
    pub user_principal_name: String,
    pub mail: Option<String>,
}

impl Db<'_> {
    /// Whether the rewrite of migration 27 is still to be done.
    pub async fn idn_rewrite_pending(&mut self) -> Result<bool> {
        Ok(sqlx::query("SELECT id FROM idn_rewrite")
            .fetch_optional(&mut *self.conn)
            .await?
            .is_some())
    }

    /// Asks for the rewrite again, as migration 27 does (for tests: a restored older
    /// backup gets it from its migration).
    pub async fn request_idn_rewrite(&mut self) -> Result<()> {
        sqlx::query("DELETE FROM idn_rewrite")
            .execute(&mut *self.conn)
            .await?;
        sqlx::query("INSERT INTO idn_rewrite (id) VALUES (1)")
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    /// Marks the rewrite done.
    pub async fn finish_idn_rewrite(&mut self) -> Result<()> {
        sqlx::query("DELETE FROM idn_rewrite")
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    /// Tenants' domains (claimed or verified) with an `xn--` label.
    pub async fn tenant_domains_in_ascii_form(&mut self) -> Result<Vec<(TenantId, String)>> {
        self.tenant_and_name(
            "SELECT tenant_id, domain FROM tenant_domains WHERE domain LIKE '%xn--%'",
        )
        .await
    }

    pub async fn rename_tenant_domain(
        &mut self,
        tenant: TenantId,
        from: &str,
        to: &str,
    ) -> Result<()> {
        sqlx::query("UPDATE tenant_domains SET domain = $3 WHERE tenant_id = $1 AND domain = $2")
            .bind(tenant.to_string())
            .bind(from)
            .bind(to)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    /// Federated partner domains with an `xn--` label.
    pub async fn federation_domains_in_ascii_form(&mut self) -> Result<Vec<(TenantId, String)>> {
        self.tenant_and_name(
            "SELECT tenant_id, domain FROM federation_domains WHERE domain LIKE '%xn--%'",
        )
        .await
    }

    pub async fn rename_federation_domain(
        &mut self,
        tenant: TenantId,
        from: &str,
        to: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE federation_domains SET domain = $3 WHERE tenant_id = $1 AND domain = $2",
        )
        .bind(tenant.to_string())
        .bind(from)
        .bind(to)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// Users whose principal name or mail holds an `xn--` label.
    pub async fn users_in_ascii_form(&mut self) -> Result<Vec<AsciiFormUser>> {
        sqlx::query(
            "SELECT tenant_id, id, user_principal_name, mail FROM users \
             WHERE upn_lower LIKE '%xn--%' OR mail_lower LIKE '%xn--%'",
        )
        .fetch_all(&mut *self.conn)
        .await?
        .iter()
        .map(|row| {
            Ok(AsciiFormUser {
                tenant: parsed(row, "tenant_id")?,
                id: parsed(row, "id")?,
                user_principal_name: text(row, "user_principal_name")?,
                mail: opt_text(row, "mail")?,
            })
        })
        .collect()
    }

    /// Sets a user's principal name and mail, with their folded columns.
    pub async fn rename_user(
        &mut self,
        tenant: TenantId,
        id: UserId,
        user_principal_name: &str,
        mail: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE users SET user_principal_name = $3, upn_lower = $4, mail = $5, \
             mail_lower = $6 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(user_principal_name)
        .bind(user_principal_name.to_lowercase())
        .bind(mail)
        .bind(mail.map(str::to_lowercase))
        .execute(&mut *self.conn)
        .await
        .map_err(crate::conflict_as("userPrincipalName"))?;
        Ok(())
    }

    /// Invitations whose invited address holds an `xn--` label.
    pub async fn invitations_in_ascii_form(&mut self) -> Result<Vec<(InvitationId, String)>> {
        sqlx::query("SELECT id, invited_email FROM invitations WHERE invited_email LIKE '%xn--%'")
            .fetch_all(&mut *self.conn)
            .await?
            .iter()
            .map(|row| Ok((parsed(row, "id")?, text(row, "invited_email")?)))
            .collect()
    }

    pub async fn set_invited_email(&mut self, id: InvitationId, email: &str) -> Result<()> {
        sqlx::query("UPDATE invitations SET invited_email = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(email)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn tenant_and_name(&mut self, sql: &'static str) -> Result<Vec<(TenantId, String)>> {
        sqlx::query(sql)
            .fetch_all(&mut *self.conn)
            .await?
            .iter()
            .map(|row| Ok((parsed(row, "tenant_id")?, text(row, "domain")?)))
            .collect()
    }
}
