//! The tenant's SAML signing certificates: self-signed RSA-2048 certificates valid
//! three years (as Entra ID makes them), private keys sealed with the master key.
//!
//! Rollover: an admin adds a certificate, which is published in the metadata at once
//! but does not sign; service providers pick it up; the admin activates it and it
//! signs from then on; the old one is retired and leaves the metadata. At most two are
//! published at a time. The first certificate is made, active, the first time the
//! tenant needs one.
//!
//! [`Signers`] keeps each tenant's signing key ready, loaded at most `SIGNER_TTL`
//! seconds ago, so a change made on another node takes effect within that bound.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use entente_model::{TenantId, UnixTime};
use entente_storage::{SamlCertificateRecord, Store};
use serde_json::json;

use crate::access::{ReadAccess, WriteAccess};
use crate::crypto::MasterKey;
use crate::{DomainError, Services};

/// How long a certificate is valid.
pub const CERTIFICATE_LIFETIME: i64 = 3 * 365 * 24 * 3600;
/// How many certificates a tenant may publish at once (the signing one and the next).
pub const MAX_PUBLISHED: usize = 2;
/// How long a node keeps a tenant's signing material before reading it again.
pub const SIGNER_TTL: i64 = 60;

/// A certificate as the API shows it.
#[derive(Clone, Debug)]
pub struct CertificateView {
    pub id: uuid::Uuid,
    /// SHA-1 of the DER certificate in upper-case hex, as Entra ID and most service
    /// providers show a certificate's thumbprint.
    pub thumbprint: String,
    pub not_before: UnixTime,
    pub not_after: UnixTime,
    /// Signs responses now.
    pub active: bool,
    /// Base64 DER.
    pub certificate: String,
}

/// What signing a response needs: the active key and certificate, and every
/// published certificate for the metadata.
pub struct TenantSigner {
    pub certificate: String,
    pub key: RsaSigner,
    pub published: Vec<String>,
}

/// RSA-SHA256 with a key parsed once. bergshamra's own software signer parses the
/// PKCS#8 key again for every signature (about 0.4 ms of a 0.65 ms signature here);
/// handing it this signer through its `Signer` extension point signs with the key
/// already loaded.
#[derive(Clone)]
pub struct RsaSigner {
    key: Arc<aws_lc_rs::rsa::KeyPair>,
}

impl RsaSigner {
    pub fn from_pkcs8(der: &[u8]) -> Result<RsaSigner, DomainError> {
        let key = aws_lc_rs::rsa::KeyPair::from_pkcs8(der)
            .map_err(|e| DomainError::internal(format!("SAML key: {e}")))?;
        Ok(RsaSigner { key: Arc::new(key) })
    }

    /// A signature context for bergshamra that signs with this key.
    pub fn context(&self) -> bergshamra::DsigContext {
        bergshamra::DsigContext::new(bergshamra::KeysManager::new())
            .with_hsm_signer(Box::new(self.clone()))
    }
}

impl kryptering::traits::Signer for RsaSigner {
    fn algorithm(&self) -> kryptering::SignatureAlgorithm {
        kryptering::SignatureAlgorithm::RsaPkcs1v15(kryptering::HashAlgorithm::Sha256)
    }

    fn sign(&self, data: &[u8]) -> kryptering::Result<Vec<u8>> {
        let mut signature = vec![0; self.key.public_modulus_len()];
        self.key
            .sign(
                &aws_lc_rs::signature::RSA_PKCS1_SHA256,
                &aws_lc_rs::rand::SystemRandom::new(),
                data,
                &mut signature,
            )
            .map_err(|e| kryptering::Error::Crypto(e.to_string()))?;
        Ok(signature)
    }
}

impl std::fmt::Debug for TenantSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TenantSigner(..)")
    }
}

/// Each tenant's signing material, cached for `SIGNER_TTL` seconds.
#[derive(Default)]
pub struct Signers {
    tenants: RwLock<HashMap<TenantId, (Arc<TenantSigner>, UnixTime)>>,
}

impl std::fmt::Debug for Signers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signers(..)")
    }
}

impl Signers {
    /// The tenant's signer, making its first certificate when it has none.
    pub async fn get(
        &self,
        services: &Services,
        tenant: TenantId,
        now: UnixTime,
    ) -> Result<Arc<TenantSigner>, DomainError> {
        if let Some(hit) = self.tenants.read().ok().and_then(|m| {
            m.get(&tenant)
                .filter(|(_, at)| now - *at < SIGNER_TTL && *at <= now)
                .map(|(s, _)| s.clone())
        }) {
            return Ok(hit);
        }
        let records = published_or_first(services, tenant, now).await?;
        let signer = Arc::new(load(&services.master, &records)?);
        if let Ok(mut map) = self.tenants.write() {
            if map.len() > 100_000 {
                map.clear();
            }
            map.insert(tenant, (signer.clone(), now));
        }
        Ok(signer)
    }

    /// Drops a tenant's signer on this node after its certificates changed.
    pub fn forget(&self, tenant: TenantId) {
        if let Ok(mut map) = self.tenants.write() {
            map.remove(&tenant);
        }
    }
}

/// The certificate that signs: the most recently activated one.
fn signing(records: &[SamlCertificateRecord]) -> Option<&SamlCertificateRecord> {
    records
        .iter()
        .filter(|r| r.activated_at.is_some())
        .max_by_key(|r| (r.activated_at, r.generation))
}

fn load(
    master: &MasterKey,
    records: &[SamlCertificateRecord],
) -> Result<TenantSigner, DomainError> {
    let active =
        signing(records).ok_or_else(|| DomainError::internal("no active SAML certificate"))?;
    let der = master
        .open(&active.private_key_sealed)
        .map_err(|e| DomainError::internal(format!("SAML key: {e}")))?;
    Ok(TenantSigner {
        certificate: active.certificate.clone(),
        key: RsaSigner::from_pkcs8(&der)?,
        published: records.iter().map(|r| r.certificate.clone()).collect(),
    })
}

/// The published certificates, after making the first one if there is none.
async fn published_or_first(
    services: &Services,
    tenant: TenantId,
    now: UnixTime,
) -> Result<Vec<SamlCertificateRecord>, DomainError> {
    let records = read_published(&services.store, tenant).await?;
    if signing(&records).is_some() {
        return Ok(records);
    }
    let mut tx = services.store.write().await?;
    if tx.db().last_saml_generation(tenant).await? == 0 {
        let first = generate(services, tenant, 1, now, Some(now))?;
        // Another node may have made it meanwhile: the unique generation keeps one.
        if tx.db().insert_saml_certificate(&first).await? {
            tracing::info!(%tenant, "made the tenant's first SAML signing certificate");
        }
    }
    tx.commit().await?;
    read_published(&services.store, tenant).await
}

async fn read_published(
    store: &Store,
    tenant: TenantId,
) -> Result<Vec<SamlCertificateRecord>, DomainError> {
    let mut conn = store.read().await?;
    Ok(conn.db().published_saml_certificates(tenant).await?)
}

/// Makes a key pair and its self-signed certificate.
fn generate(
    services: &Services,
    tenant: TenantId,
    generation: i64,
    now: UnixTime,
    activated_at: Option<UnixTime>,
) -> Result<SamlCertificateRecord, DomainError> {
    let failed = |e: rcgen::Error| DomainError::internal(format!("SAML certificate: {e}"));
    let key = rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048)
        .map_err(failed)?;
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
    params.distinguished_name = rcgen::DistinguishedName::new();
    params.distinguished_name.push(
        rcgen::DnType::CommonName,
        format!("Entente SAML signing {tenant}"),
    );
    let at = |t: UnixTime| {
        time::OffsetDateTime::from_unix_timestamp(t)
            .map_err(|_| DomainError::internal("certificate time out of range"))
    };
    // A little back-dated, so a service provider whose clock lags accepts it at once.
    let not_before = now - 24 * 3600;
    let not_after = now + CERTIFICATE_LIFETIME;
    params.not_before = at(not_before)?;
    params.not_after = at(not_after)?;
    let mut serial = [0u8; 16];
    services.entropy.fill(&mut serial);
    serial[0] &= 0x7f;
    params.serial_number = Some(rcgen::SerialNumber::from_slice(&serial));
    let certificate = params.self_signed(&key).map_err(failed)?;
    Ok(SamlCertificateRecord {
        id: uuid::Uuid::new_v4(),
        tenant_id: tenant,
        generation,
        private_key_sealed: services
            .master
            .seal(key.serialized_der(), services.entropy.as_ref()),
        certificate: STANDARD.encode(certificate.der()),
        not_before,
        not_after,
        created_at: now,
        activated_at,
        retired_at: None,
    })
}

fn view(record: &SamlCertificateRecord, active: bool) -> CertificateView {
    let der = STANDARD.decode(&record.certificate).unwrap_or_default();
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, &der);
    CertificateView {
        id: record.id,
        thumbprint: digest.as_ref().iter().map(|b| format!("{b:02X}")).collect(),
        not_before: record.not_before,
        not_after: record.not_after,
        active,
        certificate: record.certificate.clone(),
    }
}

fn views(records: &[SamlCertificateRecord]) -> Vec<CertificateView> {
    let active = signing(records).map(|r| r.id);
    records
        .iter()
        .map(|r| view(r, Some(r.id) == active))
        .collect()
}

/// The tenant's published certificates, the signing one marked.
pub async fn list(
    services: &Services,
    access: ReadAccess,
    now: UnixTime,
) -> Result<Vec<CertificateView>, DomainError> {
    Ok(views(
        &published_or_first(services, access.tenant, now).await?,
    ))
}

/// Publishes a new certificate that does not sign until activated.
pub async fn add(
    services: &Services,
    access: &WriteAccess,
    now: UnixTime,
) -> Result<CertificateView, DomainError> {
    published_or_first(services, access.tenant, now).await?;
    let mut tx = services.store.write().await?;
    let published = tx.db().published_saml_certificates(access.tenant).await?;
    if published.len() >= MAX_PUBLISHED {
        return Err(DomainError::invalid(
            "two certificates are published already: retire one before adding another",
        ));
    }
    let generation = tx.db().last_saml_generation(access.tenant).await? + 1;
    let record = generate(services, access.tenant, generation, now, None)?;
    if !tx.db().insert_saml_certificate(&record).await? {
        return Err(DomainError::Conflict(
            "another certificate was added at the same time".into(),
        ));
    }
    let details = json!({ "notAfter": super::instant(record.not_after) });
    crate::directory::audit(
        &mut tx,
        access,
        now,
        "Add SAML signing certificate",
        "SamlCertificate",
        record.id,
        details,
    )
    .await?;
    tx.commit().await?;
    services.saml_signers.forget(access.tenant);
    Ok(view(&record, false))
}

/// Makes a published certificate the signing one.
pub async fn activate(
    services: &Services,
    access: &WriteAccess,
    id: uuid::Uuid,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    if !tx
        .db()
        .activate_saml_certificate(access.tenant, id, now)
        .await?
    {
        return Err(DomainError::NotFound);
    }
    let details = json!({});
    crate::directory::audit(
        &mut tx,
        access,
        now,
        "Activate SAML signing certificate",
        "SamlCertificate",
        id,
        details,
    )
    .await?;
    tx.commit().await?;
    services.saml_signers.forget(access.tenant);
    Ok(())
}

/// Takes a certificate out of the metadata; the signing one cannot be retired.
pub async fn retire(
    services: &Services,
    access: &WriteAccess,
    id: uuid::Uuid,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let published = tx.db().published_saml_certificates(access.tenant).await?;
    if !published.iter().any(|r| r.id == id) {
        return Err(DomainError::NotFound);
    }
    if signing(&published).map(|r| r.id) == Some(id) {
        return Err(DomainError::invalid(
            "this certificate signs now: activate another one before retiring it",
        ));
    }
    tx.db()
        .retire_saml_certificate(access.tenant, id, now)
        .await?;
    let details = json!({});
    crate::directory::audit(
        &mut tx,
        access,
        now,
        "Retire SAML signing certificate",
        "SamlCertificate",
        id,
        details,
    )
    .await?;
    tx.commit().await?;
    services.saml_signers.forget(access.tenant);
    Ok(())
}
