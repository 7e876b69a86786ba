//! Federation with partners' own identity providers: each tenant's registered
//! providers and the partner domains they serve, and the sign-ins on their way to a
//! provider.

use entente_model::{InvitationId, TenantId, UnixTime};
use sqlx::any::AnyRow;

use crate::rows::{int, opt_parsed, opt_text, parsed, text};
use crate::{Db, Result, conflict_as};

/// A partner's identity provider a tenant federates with, and its domains.
#[derive(Clone, Debug)]
pub struct FederationConfigRecord {
    pub id: uuid::Uuid,
    pub tenant_id: TenantId,
    pub display_name: String,
    /// `oidc` or `saml`.
    pub protocol: String,
    /// The provider's issuer as its tokens carry it (a SAML IdP's entity id).
    pub issuer: String,
    /// OpenID Connect: the client id, and the secret sealed with the master key.
    pub client_id: Option<String>,
    pub client_secret_sealed: Option<String>,
    /// SAML: the IdP's single sign-on URL (HTTP-Redirect binding) and its signing
    /// certificates (base64 DER).
    pub sso_url: Option<String>,
    pub signing_certificates: Vec<String>,
    /// The lower-case partner domains whose people sign in there.
    pub domains: Vec<String>,
    pub created_at: UnixTime,
}

/// A sign-in sent to a provider, found again by the hash of its `state`.
#[derive(Clone, Debug)]
pub struct FederationLoginRecord {
    pub state_hash: String,
    pub tenant_id: TenantId,
    pub config_id: uuid::Uuid,
    /// The invitation being redeemed; `None` for a guest signing in again.
    pub invitation_id: Option<InvitationId>,
    /// The local path a sign-in goes on to; empty when redeeming (the invitation
    /// says where).
    pub return_to: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}

fn config_row(row: &AnyRow) -> Result<FederationConfigRecord> {
    Ok(FederationConfigRecord {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        display_name: text(row, "display_name")?,
        protocol: text(row, "protocol")?,
        issuer: text(row, "issuer")?,
        client_id: opt_text(row, "client_id")?,
        client_secret_sealed: opt_text(row, "client_secret_sealed")?,
        sso_url: opt_text(row, "sso_url")?,
        signing_certificates: opt_text(row, "signing_certificates")?
            .map(|text| text.lines().map(str::to_owned).collect())
            .unwrap_or_default(),
        domains: Vec::new(),
        created_at: int(row, "created_at")?,
    })
}

const CONFIG_COLUMNS: &str = "id, tenant_id, display_name, protocol, issuer, client_id, \
     client_secret_sealed, sso_url, signing_certificates, created_at";

fn certificates(c: &FederationConfigRecord) -> Option<String> {
    (!c.signing_certificates.is_empty()).then(|| c.signing_certificates.join("\n"))
}

impl Db<'_> {
    pub async fn insert_federation_config(&mut self, c: &FederationConfigRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO federation_configs (id, tenant_id, display_name, protocol, issuer, \
             client_id, client_secret_sealed, sso_url, signing_certificates, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(c.id.to_string())
        .bind(c.tenant_id.to_string())
        .bind(&c.display_name)
        .bind(&c.protocol)
        .bind(&c.issuer)
        .bind(c.client_id.as_deref())
        .bind(c.client_secret_sealed.as_deref())
        .bind(c.sso_url.as_deref())
        .bind(certificates(c))
        .bind(c.created_at)
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("a federation configuration for this issuer"))?;
        self.set_federation_domains(c.tenant_id, c.id, &c.domains)
            .await
    }

    /// Replaces a provider's domains; a domain another provider of the tenant serves
    /// is a conflict.
    pub async fn set_federation_domains(
        &mut self,
        tenant: TenantId,
        config: uuid::Uuid,
        domains: &[String],
    ) -> Result<()> {
        sqlx::query("DELETE FROM federation_domains WHERE tenant_id = $1 AND config_id = $2")
            .bind(tenant.to_string())
            .bind(config.to_string())
            .execute(&mut *self.conn)
            .await?;
        for domain in domains {
            sqlx::query(
                "INSERT INTO federation_domains (tenant_id, domain, config_id) VALUES ($1, $2, $3)",
            )
            .bind(tenant.to_string())
            .bind(domain)
            .bind(config.to_string())
            .execute(&mut *self.conn)
            .await
            .map_err(conflict_as("a federation configuration for this domain"))?;
        }
        Ok(())
    }

    /// Changes what may change of a provider: its name, client id and sealed secret,
    /// SSO URL and certificates (never its protocol or issuer).
    pub async fn update_federation_config(
        &mut self,
        tenant: TenantId,
        c: &FederationConfigRecord,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE federation_configs SET display_name = $3, client_id = $4, \
             client_secret_sealed = $5, sso_url = $6, signing_certificates = $7 \
             WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.to_string())
        .bind(c.id.to_string())
        .bind(&c.display_name)
        .bind(c.client_id.as_deref())
        .bind(c.client_secret_sealed.as_deref())
        .bind(c.sso_url.as_deref())
        .bind(certificates(c))
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every provider of a tenant, oldest first, with its domains.
    pub async fn federation_configs(
        &mut self,
        tenant: TenantId,
    ) -> Result<Vec<FederationConfigRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CONFIG_COLUMNS} FROM federation_configs WHERE tenant_id = $1 \
             ORDER BY created_at, id"
        )))
        .bind(tenant.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        let mut configs = rows.iter().map(config_row).collect::<Result<Vec<_>>>()?;
        for config in &mut configs {
            config.domains = self.federation_domains(tenant, config.id).await?;
        }
        Ok(configs)
    }

    pub async fn federation_config(
        &mut self,
        tenant: TenantId,
        id: uuid::Uuid,
    ) -> Result<Option<FederationConfigRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CONFIG_COLUMNS} FROM federation_configs WHERE tenant_id = $1 AND id = $2"
        )))
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut config = config_row(&row)?;
        config.domains = self.federation_domains(tenant, id).await?;
        Ok(Some(config))
    }

    /// The provider of a tenant that serves a (lower-case) domain.
    pub async fn federation_config_for_domain(
        &mut self,
        tenant: TenantId,
        domain: &str,
    ) -> Result<Option<FederationConfigRecord>> {
        let id = sqlx::query(
            "SELECT config_id FROM federation_domains WHERE tenant_id = $1 AND domain = $2",
        )
        .bind(tenant.to_string())
        .bind(domain)
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| parsed::<uuid::Uuid>(&r, "config_id"))
        .transpose()?;
        match id {
            Some(id) => self.federation_config(tenant, id).await,
            None => Ok(None),
        }
    }

    /// The id of the tenant's federation configuration with this issuer: the partner
    /// of a guest it redeemed.
    pub async fn federation_config_id_by_issuer(
        &mut self,
        tenant: TenantId,
        issuer: &str,
    ) -> Result<Option<uuid::Uuid>> {
        let row =
            sqlx::query("SELECT id FROM federation_configs WHERE tenant_id = $1 AND issuer = $2")
                .bind(tenant.to_string())
                .bind(issuer)
                .fetch_optional(&mut *self.conn)
                .await?;
        row.map(|r| parsed(&r, "id")).transpose()
    }

    async fn federation_domains(
        &mut self,
        tenant: TenantId,
        id: uuid::Uuid,
    ) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT domain FROM federation_domains WHERE tenant_id = $1 AND config_id = $2 \
             ORDER BY domain",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(|r| text(r, "domain")).collect()
    }

    /// Removes a provider, its domains, the sign-ins on their way to it and the
    /// cross-tenant access entry that named it.
    pub async fn delete_federation_config(
        &mut self,
        tenant: TenantId,
        id: uuid::Uuid,
    ) -> Result<bool> {
        for table in ["federation_domains", "federation_logins"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE tenant_id = $1 AND config_id = $2"
            )))
            .bind(tenant.to_string())
            .bind(id.to_string())
            .execute(&mut *self.conn)
            .await?;
        }
        // A partner entry of the cross-tenant access settings named this provider.
        sqlx::query(
            "DELETE FROM cross_tenant_access WHERE tenant_id = $1 AND partner = $2 \
             AND kind = 'federation'",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .execute(&mut *self.conn)
        .await?;
        let done = sqlx::query("DELETE FROM federation_configs WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.to_string())
            .bind(id.to_string())
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn insert_federation_login(&mut self, l: &FederationLoginRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO federation_logins (state_hash, tenant_id, config_id, invitation_id, \
             return_to, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&l.state_hash)
        .bind(l.tenant_id.to_string())
        .bind(l.config_id.to_string())
        .bind(l.invitation_id.map(|i| i.to_string()))
        .bind(&l.return_to)
        .bind(l.created_at)
        .bind(l.expires_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// Removes and returns the sign-in of a state hash (each comes back once).
    pub async fn take_federation_login(
        &mut self,
        state_hash: &str,
    ) -> Result<Option<FederationLoginRecord>> {
        let row = sqlx::query(
            "SELECT state_hash, tenant_id, config_id, invitation_id, return_to, created_at, \
             expires_at FROM federation_logins WHERE state_hash = $1",
        )
        .bind(state_hash)
        .fetch_optional(&mut *self.conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let done = sqlx::query("DELETE FROM federation_logins WHERE state_hash = $1")
            .bind(state_hash)
            .execute(&mut *self.conn)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(None);
        }
        Ok(Some(FederationLoginRecord {
            state_hash: text(&row, "state_hash")?,
            tenant_id: parsed(&row, "tenant_id")?,
            config_id: parsed(&row, "config_id")?,
            invitation_id: opt_parsed(&row, "invitation_id")?,
            return_to: text(&row, "return_to")?,
            created_at: int(&row, "created_at")?,
            expires_at: int(&row, "expires_at")?,
        }))
    }
}
