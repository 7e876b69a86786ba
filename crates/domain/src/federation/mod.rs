//! Federation with partners' own identity providers (docs/decisions/0006).
//!
//! A tenant registers a partner's OpenID Connect provider (its issuer, and the client
//! id and secret the partner gave it) or SAML IdP (its metadata) for the partner's
//! domains. Invited people of those domains then redeem, and later sign in again, at
//! that provider: [`login`] sends them there and checks what comes back ([`oidc`],
//! [`saml`]). The guest object records the provider's issuer
//! and `{issuer}|{subject}` as its alternative security id, and every new session asks
//! the provider again, so a person the partner disables there gets no new one here.
//!
//! Like DNS for domain verification, the network is reached only through the
//! [`FederationClient`] the services were built with; no transaction is held while a
//! provider answers.

pub mod login;
pub mod oidc;
pub mod saml;

use std::future::Future;
use std::pin::Pin;

use entente_model::UnixTime;
use entente_storage::FederationConfigRecord;
use serde_json::json;

use crate::access::{ReadAccess, TenantAdmin};
use crate::{DomainError, Services};

/// A provider's answer: its status and body.
#[derive(Clone, Debug)]
pub struct HttpAnswer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// An HTTP exchange under way. The error says why it failed in words for the server
/// log (the address refused, the connection refused, the time-out); callers log it and
/// show a tenant's admin one text for every cause.
pub type Fetch<'a> = Pin<Box<dyn Future<Output = Result<HttpAnswer, String>> + Send + 'a>>;

/// Speaks HTTP to partners' identity providers: discovery documents and key sets
/// (GET), and the token endpoint (a form POST, with HTTP Basic client credentials when
/// given). Implementations follow no redirects and give up after a few seconds.
pub trait FederationClient: Send + Sync + std::fmt::Debug {
    fn get(&self, url: &str) -> Fetch<'_>;
    fn post_form(
        &self,
        url: &str,
        form: Vec<(String, String)>,
        basic_auth: Option<(String, String)>,
    ) -> Fetch<'_>;
}

/// A client that reaches no provider, for programs that never federate (benchmarks).
#[derive(Debug, Default)]
pub struct NoFederation;

impl FederationClient for NoFederation {
    fn get(&self, _url: &str) -> Fetch<'_> {
        Box::pin(async { Err("this program does not reach identity providers".to_owned()) })
    }

    fn post_form(
        &self,
        _url: &str,
        _form: Vec<(String, String)>,
        _basic_auth: Option<(String, String)>,
    ) -> Fetch<'_> {
        self.get("")
    }
}

/// The two protocols a partner's provider may speak.
pub const OIDC: &str = "oidc";
pub const SAML: &str = "saml";

/// A registered provider as the API shows it (never its secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FederationConfig {
    pub id: uuid::Uuid,
    pub display_name: String,
    /// [`OIDC`] or [`SAML`].
    pub protocol: String,
    /// The OpenID issuer, or the SAML IdP's entity id.
    pub issuer: String,
    pub client_id: Option<String>,
    pub sso_url: Option<String>,
    pub signing_certificates: Vec<String>,
    pub domains: Vec<String>,
    pub created_at: UnixTime,
}

impl From<FederationConfigRecord> for FederationConfig {
    fn from(r: FederationConfigRecord) -> Self {
        FederationConfig {
            id: r.id,
            display_name: r.display_name,
            protocol: r.protocol,
            issuer: r.issuer,
            client_id: r.client_id,
            sso_url: r.sso_url,
            signing_certificates: r.signing_certificates,
            domains: r.domains,
            created_at: r.created_at,
        }
    }
}

/// What an admin gives to register a provider: an OpenID Connect provider's issuer,
/// client id and secret, or a SAML IdP's metadata.
#[derive(Clone, Debug, Default)]
pub struct NewFederationConfig {
    pub display_name: String,
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub metadata_xml: Option<String>,
    pub domains: Vec<String>,
}

/// Changes to a provider; `None` keeps a field. The protocol and issuer never change:
/// a new issuer is a new provider, and its guests are other identities. A SAML IdP's
/// new metadata (say, for a certificate rollover) must name the same entity id.
#[derive(Clone, Debug, Default)]
pub struct FederationConfigPatch {
    pub display_name: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub metadata_xml: Option<String>,
    pub domains: Option<Vec<String>>,
}

/// The address an OpenID provider sends people back to, registered with the partner.
pub fn redirect_uri(services: &Services, tenant: entente_model::TenantId) -> String {
    format!(
        "{}/{tenant}/federation/callback",
        services.settings.public_base_url
    )
}

/// Registers a partner's provider for its domains. An OpenID provider's discovery
/// document is read now, so a wrong issuer is refused before the first partner's
/// sign-in; a SAML IdP's metadata must name its SSO endpoint and signing certificate.
pub async fn create_config(
    services: &Services,
    admin: &TenantAdmin,
    new: NewFederationConfig,
    now: UnixTime,
) -> Result<FederationConfig, DomainError> {
    let display_name = required("displayName", &new.display_name, 256)?;
    let domains = checked_domains(services, admin, &new.domains).await?;
    let mut record = FederationConfigRecord {
        id: uuid::Uuid::now_v7(),
        tenant_id: admin.tenant,
        display_name,
        protocol: OIDC.to_owned(),
        issuer: String::new(),
        client_id: None,
        client_secret_sealed: None,
        sso_url: None,
        signing_certificates: Vec::new(),
        domains,
        created_at: now,
    };
    match (
        new.metadata_xml,
        new.issuer,
        new.client_id,
        new.client_secret,
    ) {
        (Some(metadata), None, None, None) => {
            let idp = saml::read_idp_metadata(&metadata).map_err(DomainError::invalid)?;
            record.protocol = SAML.to_owned();
            record.issuer = idp.entity_id;
            record.sso_url = Some(idp.sso_url);
            record.signing_certificates = idp.certificates;
        }
        (None, Some(issuer), Some(client_id), Some(secret)) => {
            let issuer = oidc::issuer_url(&issuer)?;
            let client_id = required("clientId", &client_id, 512)?;
            let secret = required("clientSecret", &secret, 1024)?;
            oidc::discover(services, admin.tenant, &issuer).await?;
            record.issuer = issuer;
            record.client_id = Some(client_id);
            record.client_secret_sealed = Some(seal(services, &secret));
        }
        _ => {
            return Err(DomainError::invalid(
                "give either metadataXml (a SAML IdP) or issuerUri, clientId and clientSecret \
                 (an OpenID Connect provider)",
            ));
        }
    }
    let mut tx = services.store.write().await?;
    tx.db().insert_federation_config(&record).await?;
    audit(&mut tx, admin, now, "Add federation configuration", &record).await?;
    tx.commit().await?;
    Ok(record.into())
}

fn seal(services: &Services, secret: &str) -> String {
    services
        .master
        .seal(secret.as_bytes(), services.entropy.as_ref())
}

pub async fn list_configs(
    services: &Services,
    access: ReadAccess,
) -> Result<Vec<FederationConfig>, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn
        .db()
        .federation_configs(access.tenant)
        .await?
        .into_iter()
        .map(FederationConfig::from)
        .collect())
}

pub async fn get_config(
    services: &Services,
    access: ReadAccess,
    id: uuid::Uuid,
) -> Result<FederationConfig, DomainError> {
    let mut conn = services.store.read().await?;
    conn.db()
        .federation_config(access.tenant, id)
        .await?
        .map(FederationConfig::from)
        .ok_or(DomainError::NotFound)
}

pub async fn update_config(
    services: &Services,
    admin: &TenantAdmin,
    id: uuid::Uuid,
    patch: FederationConfigPatch,
    now: UnixTime,
) -> Result<FederationConfig, DomainError> {
    let domains = match &patch.domains {
        Some(domains) => Some(checked_domains(services, admin, domains).await?),
        None => None,
    };
    let idp = match &patch.metadata_xml {
        Some(xml) => Some(saml::read_idp_metadata(xml).map_err(DomainError::invalid)?),
        None => None,
    };
    let mut tx = services.store.write().await?;
    let mut record = tx
        .db()
        .federation_config(admin.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let saml = record.protocol == SAML;
    if saml && (patch.client_id.is_some() || patch.client_secret.is_some()) {
        return Err(DomainError::invalid(
            "a SAML IdP has no clientId or clientSecret; give its metadataXml",
        ));
    }
    if let Some(name) = &patch.display_name {
        record.display_name = required("displayName", name, 256)?;
    }
    if let Some(client_id) = &patch.client_id {
        record.client_id = Some(required("clientId", client_id, 512)?);
    }
    if let Some(secret) = &patch.client_secret {
        record.client_secret_sealed =
            Some(seal(services, &required("clientSecret", secret, 1024)?));
    }
    if let Some(idp) = idp {
        if !saml {
            return Err(DomainError::invalid(
                "metadataXml is for SAML IdPs; this is an OpenID Connect provider",
            ));
        }
        if idp.entity_id != record.issuer {
            return Err(DomainError::invalid(format!(
                "the metadata names the entity {:?}, not {:?}; register a new IdP instead",
                idp.entity_id, record.issuer
            )));
        }
        record.sso_url = Some(idp.sso_url);
        record.signing_certificates = idp.certificates;
    }
    tx.db()
        .update_federation_config(admin.tenant, &record)
        .await?;
    if let Some(domains) = domains {
        tx.db()
            .set_federation_domains(admin.tenant, id, &domains)
            .await?;
        record.domains = domains;
    }
    audit(
        &mut tx,
        admin,
        now,
        "Update federation configuration",
        &record,
    )
    .await?;
    tx.commit().await?;
    Ok(record.into())
}

/// Removes a provider, and answers what it was. Guests it redeemed stay, but cannot
/// sign in until their domain is federated again with the same issuer (or their
/// redemption is reset).
pub async fn delete_config(
    services: &Services,
    admin: &TenantAdmin,
    id: uuid::Uuid,
    now: UnixTime,
) -> Result<FederationConfig, DomainError> {
    let mut tx = services.store.write().await?;
    let record = tx
        .db()
        .federation_config(admin.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    tx.db().delete_federation_config(admin.tenant, id).await?;
    audit(
        &mut tx,
        admin,
        now,
        "Delete federation configuration",
        &record,
    )
    .await?;
    tx.commit().await?;
    Ok(record.into())
}

fn required(field: &'static str, value: &str, max: usize) -> Result<String, DomainError> {
    use crate::fields::{Fault, Rule};
    let value = value.trim();
    if value.is_empty() {
        return Err(Fault::error(
            field,
            Rule::Empty,
            format!("{field} is required"),
        ));
    }
    let length = value.chars().count();
    if length > max {
        return Err(Fault::error(
            field,
            Rule::TooLong { length, max },
            format!("{field} is longer than {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

/// The partner domains, checked and lower-cased: at least one, none of this tenant's
/// own, and none that an organization of this deployment has proven (its people sign
/// in there, as Entra federates only domains it does not manage).
async fn checked_domains(
    services: &Services,
    admin: &TenantAdmin,
    domains: &[String],
) -> Result<Vec<String>, DomainError> {
    let mut checked: Vec<String> = Vec::new();
    for raw in domains {
        let name = crate::domains::domain_name(raw, &services.settings.initial_domain_suffix)
            .map_err(crate::fields::about("domains"))?;
        if !checked.contains(&name) {
            checked.push(name);
        }
    }
    if checked.is_empty() {
        return Err(crate::fields::Fault::error(
            "domains",
            crate::fields::Rule::Empty,
            "domains must name at least one partner domain",
        ));
    }
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    for name in &checked {
        if let Some(owner) = db.tenant_by_domain(name).await? {
            if owner.id == admin.tenant {
                return Err(DomainError::invalid(format!(
                    "{name} is a domain of this organization; only partner domains are federated"
                )));
            }
            if owner.managed {
                return Err(DomainError::Conflict(format!(
                    "{name} belongs to {}, an organization here: its people sign in there",
                    owner.display_name
                )));
            }
        }
    }
    Ok(checked)
}

async fn audit(
    tx: &mut entente_storage::Tx,
    admin: &TenantAdmin,
    now: UnixTime,
    action: &str,
    record: &FederationConfigRecord,
) -> Result<(), DomainError> {
    tx.db()
        .append_audit(
            admin.tenant,
            now,
            &admin.actor,
            action,
            "FederationConfiguration",
            Some(&record.id.to_string()),
            &json!({
                "displayName": record.display_name, "protocol": record.protocol,
                "issuer": record.issuer, "clientId": record.client_id,
                "domains": record.domains,
            }),
        )
        .await?;
    Ok(())
}
