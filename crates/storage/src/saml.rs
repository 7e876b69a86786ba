//! SAML 2.0: service provider settings, the tenants' signing certificates, and the
//! requests waiting for their user to sign in.

use entente_model::{AppId, NameIdFormat, SamlSettings, SamlSigning, TenantId, UnixTime};
use sqlx::any::AnyRow;

use crate::rows::{flag, int, named, opt_int, opt_text, parsed, text};
use crate::{Db, Result, conflict_as};

/// One of a tenant's SAML signing certificates, with its sealed private key.
#[derive(Clone, Debug)]
pub struct SamlCertificateRecord {
    pub id: uuid::Uuid,
    pub tenant_id: TenantId,
    /// 1 for the tenant's first certificate, then one more for each new one.
    pub generation: i64,
    pub private_key_sealed: String,
    /// The X.509 certificate, base64 DER (as metadata and KeyInfo carry it).
    pub certificate: String,
    pub not_before: UnixTime,
    pub not_after: UnixTime,
    pub created_at: UnixTime,
    /// When it started signing; `None` while it is only published (the next one).
    pub activated_at: Option<UnixTime>,
    pub retired_at: Option<UnixTime>,
}

/// A validated AuthnRequest kept while its user signs in.
#[derive(Clone, Debug)]
pub struct SamlRequestRecord {
    pub id: uuid::Uuid,
    pub tenant_id: TenantId,
    pub application_id: AppId,
    /// The request's `ID`, echoed as `InResponseTo`.
    pub request_id: String,
    pub acs_url: String,
    pub relay_state: Option<String>,
    pub force_authn: bool,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}

macro_rules! sp_select {
    () => {
        "SELECT application_id, tenant_id, entity_id, name_id_format, signing, sp_certificate, \
         require_signed_requests, logout_url, encryption_certificate, attributes FROM saml_service_providers "
    };
}

fn settings(row: &AnyRow) -> Result<SamlSettings> {
    Ok(SamlSettings {
        application_id: parsed(row, "application_id")?,
        tenant_id: parsed(row, "tenant_id")?,
        entity_id: text(row, "entity_id")?,
        name_id_format: named(row, "name_id_format", NameIdFormat::parse)?,
        signing: named(row, "signing", SamlSigning::parse)?,
        sp_certificate: opt_text(row, "sp_certificate")?,
        require_signed_requests: flag(row, "require_signed_requests")?,
        logout_url: opt_text(row, "logout_url")?,
        encryption_certificate: opt_text(row, "encryption_certificate")?,
        attributes: opt_text(row, "attributes")?
            .map(|text| serde_json::from_str(&text))
            .transpose()
            .map_err(|e| crate::StoreError::Corrupt(format!("SAML attributes: {e}")))?,
    })
}

macro_rules! certificate_select {
    () => {
        "SELECT id, tenant_id, generation, private_key_sealed, certificate, not_before, not_after, \
         created_at, activated_at, retired_at FROM saml_certificates "
    };
}

fn certificate(row: &AnyRow) -> Result<SamlCertificateRecord> {
    Ok(SamlCertificateRecord {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        generation: int(row, "generation")?,
        private_key_sealed: text(row, "private_key_sealed")?,
        certificate: text(row, "certificate")?,
        not_before: int(row, "not_before")?,
        not_after: int(row, "not_after")?,
        created_at: int(row, "created_at")?,
        activated_at: opt_int(row, "activated_at")?,
        retired_at: opt_int(row, "retired_at")?,
    })
}

impl Db<'_> {
    /// Sets (adds or replaces) an application's SAML settings; another application of
    /// the tenant with the same entity id is a conflict.
    pub async fn put_saml_settings(&mut self, s: &SamlSettings) -> Result<()> {
        sqlx::query(
            "DELETE FROM saml_service_providers WHERE tenant_id = $1 AND application_id = $2",
        )
        .bind(s.tenant_id.to_string())
        .bind(s.application_id.to_string())
        .execute(&mut *self.conn)
        .await?;
        sqlx::query(
            "INSERT INTO saml_service_providers (application_id, tenant_id, entity_id, name_id_format, \
             signing, sp_certificate, require_signed_requests, logout_url, encryption_certificate, \
             attributes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(s.application_id.to_string())
        .bind(s.tenant_id.to_string())
        .bind(&s.entity_id)
        .bind(s.name_id_format.as_str())
        .bind(s.signing.as_str())
        .bind(s.sp_certificate.as_deref())
        .bind(i64::from(s.require_signed_requests))
        .bind(s.logout_url.as_deref())
        .bind(s.encryption_certificate.as_deref())
        .bind(s.attributes.as_ref().map(crate::rows::to_json))
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("a SAML application with this entity id"))?;
        Ok(())
    }

    pub async fn delete_saml_settings(&mut self, tenant: TenantId, app: AppId) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM saml_service_providers WHERE tenant_id = $1 AND application_id = $2",
        )
        .bind(tenant.to_string())
        .bind(app.to_string())
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn saml_settings(
        &mut self,
        tenant: TenantId,
        app: AppId,
    ) -> Result<Option<SamlSettings>> {
        sqlx::query(concat!(
            sp_select!(),
            "WHERE tenant_id = $1 AND application_id = $2"
        ))
        .bind(tenant.to_string())
        .bind(app.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| settings(&r))
        .transpose()
    }

    pub async fn saml_settings_by_entity(
        &mut self,
        tenant: TenantId,
        entity_id: &str,
    ) -> Result<Option<SamlSettings>> {
        sqlx::query(concat!(
            sp_select!(),
            "WHERE tenant_id = $1 AND entity_id = $2 AND application_id IN \
             (SELECT id FROM applications WHERE tenant_id = $1 AND deleted_at IS NULL)"
        ))
        .bind(tenant.to_string())
        .bind(entity_id)
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| settings(&r))
        .transpose()
    }

    /// Adds a certificate; `false` when the tenant already has one of its generation
    /// (another node made it first).
    pub async fn insert_saml_certificate(&mut self, c: &SamlCertificateRecord) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO saml_certificates (id, tenant_id, generation, private_key_sealed, certificate, \
             not_before, not_after, created_at, activated_at, retired_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (tenant_id, generation) DO NOTHING",
        )
        .bind(c.id.to_string())
        .bind(c.tenant_id.to_string())
        .bind(c.generation)
        .bind(&c.private_key_sealed)
        .bind(&c.certificate)
        .bind(c.not_before)
        .bind(c.not_after)
        .bind(c.created_at)
        .bind(c.activated_at)
        .bind(c.retired_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The tenant's certificates that are not retired, newest generation first.
    pub async fn published_saml_certificates(
        &mut self,
        tenant: TenantId,
    ) -> Result<Vec<SamlCertificateRecord>> {
        let rows = sqlx::query(concat!(
            certificate_select!(),
            "WHERE tenant_id = $1 AND retired_at IS NULL ORDER BY generation DESC"
        ))
        .bind(tenant.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(certificate).collect()
    }

    /// The highest generation the tenant has used (0 when none).
    pub async fn last_saml_generation(&mut self, tenant: TenantId) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COALESCE(MAX(generation), 0) AS generation FROM saml_certificates WHERE tenant_id = $1",
        )
        .bind(tenant.to_string())
        .fetch_one(&mut *self.conn)
        .await?;
        int(&row, "generation")
    }

    pub async fn activate_saml_certificate(
        &mut self,
        tenant: TenantId,
        id: uuid::Uuid,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE saml_certificates SET activated_at = $3 \
             WHERE tenant_id = $1 AND id = $2 AND retired_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn retire_saml_certificate(
        &mut self,
        tenant: TenantId,
        id: uuid::Uuid,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE saml_certificates SET retired_at = $3 \
             WHERE tenant_id = $1 AND id = $2 AND retired_at IS NULL",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn insert_saml_request(&mut self, r: &SamlRequestRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO saml_requests (id, tenant_id, application_id, request_id, acs_url, relay_state, \
             force_authn, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(r.id.to_string())
        .bind(r.tenant_id.to_string())
        .bind(r.application_id.to_string())
        .bind(&r.request_id)
        .bind(&r.acs_url)
        .bind(r.relay_state.as_deref())
        .bind(i64::from(r.force_authn))
        .bind(r.created_at)
        .bind(r.expires_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// A waiting request of the tenant that has not expired.
    pub async fn saml_request(
        &mut self,
        tenant: TenantId,
        id: uuid::Uuid,
        now: UnixTime,
    ) -> Result<Option<SamlRequestRecord>> {
        sqlx::query(
            "SELECT id, tenant_id, application_id, request_id, acs_url, relay_state, force_authn, \
             created_at, expires_at FROM saml_requests WHERE tenant_id = $1 AND id = $2 AND expires_at > $3",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(now)
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| {
            Ok(SamlRequestRecord {
                id: parsed(&r, "id")?,
                tenant_id: parsed(&r, "tenant_id")?,
                application_id: parsed(&r, "application_id")?,
                request_id: text(&r, "request_id")?,
                acs_url: text(&r, "acs_url")?,
                relay_state: opt_text(&r, "relay_state")?,
                force_authn: flag(&r, "force_authn")?,
                created_at: int(&r, "created_at")?,
                expires_at: int(&r, "expires_at")?,
            })
        })
        .transpose()
    }

    /// Removes a waiting request once answered, so it is answered once.
    pub async fn delete_saml_request(&mut self, tenant: TenantId, id: uuid::Uuid) -> Result<bool> {
        let done = sqlx::query("DELETE FROM saml_requests WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.to_string())
            .bind(id.to_string())
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
