//! Sending a partner to their own provider and taking them back: redeeming an
//! invitation there, or signing in again as the guest that redemption linked.
//!
//! The browser leaves with a fresh `state` (SAML's `RelayState`); the row kept under
//! its hash says what the sign-in is for. The `nonce`, the PKCE verifier and the SAML
//! request's ID are derived from the state with the master key, so none is stored,
//! and the state itself also goes into a cookie the callback compares, so a sign-in
//! started in one browser cannot be finished in another.

use entente_model::{Invitation, InvitationStatus, TenantId, UnixTime, User};
use entente_storage::{FederationConfigRecord, FederationLoginRecord, GuestRedemption, Tx};
use serde_json::json;

use super::oidc::{self, AuthorizationRequest, ClientCredentials, Expected, IdentityClaims};
use super::saml;
use crate::crypto::{constant_time_eq, new_token, token_hash};
use crate::invitations::redeem::{RedeemError, destination, invitation_of_link, record_redemption};
use crate::signin::{NewSession, open_session};
use crate::{DomainError, Services};

/// How long a sign-in at a provider may take.
pub const LOGIN_LIFETIME: i64 = 600;

/// A sign-in sent to a provider: where the browser goes, and the state it keeps.
#[derive(Clone, Debug)]
pub struct Begun {
    pub redirect: String,
    pub state: String,
}

/// Why a sign-in at a provider did not end in a session.
#[derive(Debug, thiserror::Error)]
pub enum FederationError {
    /// The state is unknown, used, expired, or from another browser.
    #[error("this sign-in has expired or was already used")]
    Expired,
    /// The provider signed in someone else than the invited address.
    #[error("this invitation was sent to {invited}, not to {account}")]
    WrongAccount { invited: String, account: String },
    /// The provider did not say the address is verified.
    #[error("the provider did not confirm {invited} as a verified address")]
    Unverified { invited: String },
    /// The identity redeemed no invitation of this tenant, or its guest is blocked.
    #[error("this account has no access here")]
    NoAccess,
    /// The invitation no longer opens.
    #[error("the invitation is no longer valid")]
    NotOpen,
    /// The identity already redeemed another guest object of this tenant.
    #[error("this account has already accepted another invitation of this organization")]
    AlreadyGuest,
    /// The provider answered with an error, or with something that does not hold.
    #[error("{0}")]
    Provider(String),
    /// The inviting tenant's cross-tenant access settings keep this partner's people
    /// out.
    #[error("{}", .0.message())]
    CrossTenant(crate::cross_tenant::enforce::Refusal),
    #[error(transparent)]
    Domain(DomainError),
}

impl From<DomainError> for FederationError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Invalid(why) => FederationError::Provider(why),
            other => FederationError::Domain(other),
        }
    }
}

impl From<entente_storage::StoreError> for FederationError {
    fn from(error: entente_storage::StoreError) -> Self {
        FederationError::Domain(error.into())
    }
}

/// The provider a tenant federates an address's domain with, if any.
pub async fn provider_for(
    services: &Services,
    tenant: TenantId,
    address: &str,
) -> Result<Option<FederationConfigRecord>, DomainError> {
    let domain = crate::address::domain_of(address);
    if domain.is_empty() {
        return Ok(None);
    }
    let mut conn = services.store.read().await?;
    Ok(conn
        .db()
        .federation_config_for_domain(tenant, &domain)
        .await?)
}

/// Sends the invited person to their organization's provider to redeem.
pub async fn begin_redemption(
    services: &Services,
    secret: &str,
    now: UnixTime,
) -> Result<Begun, RedeemError> {
    let invitation = {
        let mut conn = services.store.read().await?;
        match invitation_of_link(&mut conn.db(), secret).await? {
            Some(i) if i.status == InvitationStatus::PendingAcceptance && i.expires_at > now => i,
            _ => return Err(RedeemError::NotOpen),
        }
    };
    let config = provider_for(services, invitation.tenant_id, &invitation.invited_email)
        .await?
        .ok_or(RedeemError::NotOpen)?;
    Ok(begin(
        services,
        &config,
        Some(&invitation),
        String::new(),
        &invitation.invited_email,
        now,
    )
    .await?)
}

/// Sends a guest of a federated domain to their provider to sign in to `tenant`, or
/// answers `None` when the login's domain is not federated there.
pub async fn begin_sign_in(
    services: &Services,
    tenant: TenantId,
    login: &str,
    return_to: &str,
    now: UnixTime,
) -> Result<Option<Begun>, DomainError> {
    let Some(config) = provider_for(services, tenant, login).await? else {
        return Ok(None);
    };
    begin(
        services,
        &config,
        None,
        return_to.to_owned(),
        login.trim(),
        now,
    )
    .await
    .map(Some)
}

async fn begin(
    services: &Services,
    config: &FederationConfigRecord,
    invitation: Option<&Invitation>,
    return_to: String,
    login_hint: &str,
    now: UnixTime,
) -> Result<Begun, DomainError> {
    let state = new_token(services.entropy.as_ref());
    let tenant = config.tenant_id;
    let redirect = if config.protocol == super::SAML {
        let sso_url = config
            .sso_url
            .as_deref()
            .ok_or_else(|| DomainError::internal("a SAML federation has no SSO URL"))?;
        saml::authn_request_url(
            sso_url,
            &request_id_of(services, &state),
            &saml::sp_entity_id(&services.settings, tenant),
            &saml::acs_url(&services.settings, tenant),
            &state,
            now,
        )?
    } else {
        let discovery = oidc::discover(services, tenant, &config.issuer).await?;
        oidc::authorization_url(
            &discovery,
            &AuthorizationRequest {
                client_id: config.client_id.as_deref().unwrap_or_default(),
                redirect_uri: &super::redirect_uri(services, tenant),
                state: &state,
                nonce: &derived(services, "nonce", &state),
                code_verifier: &derived(services, "pkce", &state),
                login_hint: Some(login_hint),
            },
        )
    };
    let mut tx = services.store.write().await?;
    tx.db()
        .insert_federation_login(&FederationLoginRecord {
            state_hash: token_hash(&state),
            tenant_id: tenant,
            config_id: config.id,
            invitation_id: invitation.map(|i| i.id),
            return_to,
            created_at: now,
            expires_at: now + LOGIN_LIFETIME,
        })
        .await?;
    tx.commit().await?;
    Ok(Begun { redirect, state })
}

/// A value derived from a sign-in's state with the master key, for one `purpose`: so
/// the nonce, the PKCE verifier and the SAML request's ID need not be stored, and
/// nobody without the key can compute them from the state.
fn derived(services: &Services, purpose: &str, state: &str) -> String {
    services
        .master
        .client_secret_hash(&format!("federation {purpose} {state}"))
}

/// The SAML AuthnRequest's ID for a state (an NCName: it starts with `_`).
fn request_id_of(services: &Services, state: &str) -> String {
    format!("_{}", &derived(services, "saml", state)[..40])
}

/// What the provider sent back to the callback.
#[derive(Clone, Debug, Default)]
pub struct Callback {
    pub state: String,
    /// The state kept in the browser's cookie.
    pub browser_state: Option<String>,
    pub code: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// A finished sign-in: the guest's new session at the resource tenant and where to go.
#[derive(Debug)]
pub struct Finished {
    pub session: NewSession,
    pub redirect: String,
}

/// What a provider vouched for, whatever its protocol.
#[derive(Clone, Debug)]
struct ExternalIdentity {
    /// The subject at the provider (OpenID `sub`, SAML NameID).
    subject: String,
    /// The address it gave, and whether it vouches for it.
    email: Option<String>,
    verified: bool,
    multi_factor: bool,
}

/// Takes the browser back from an OpenID provider: checks the state, exchanges the
/// code, checks the ID token, then redeems the invitation or finds the guest, and
/// opens a session for the guest at `tenant`.
pub async fn finish(
    services: &Services,
    tenant: TenantId,
    callback: &Callback,
    source: &str,
    now: UnixTime,
) -> Result<Finished, FederationError> {
    let (login, config) = take_login(
        services,
        tenant,
        &callback.state,
        callback.browser_state.as_deref(),
        super::OIDC,
        now,
    )
    .await?;
    if let Some(error) = &callback.error {
        let description = callback.error_description.as_deref().unwrap_or_default();
        return Err(FederationError::Provider(format!(
            "the provider answered {error}: {description}"
        )));
    }
    let code = callback
        .code
        .as_deref()
        .ok_or_else(|| FederationError::Provider("the provider sent no code".to_owned()))?;
    let claims = identity(services, &config, &callback.state, code, now).await?;
    let found = ExternalIdentity {
        verified: claims.verified_email().is_some(),
        multi_factor: claims.multi_factor(),
        email: claims.email,
        subject: claims.sub,
    };
    complete(services, &login, &config, found, source, now).await
}

/// What a SAML IdP posted to the ACS.
#[derive(Clone, Debug, Default)]
pub struct SamlPost {
    /// The `SAMLResponse` field, base64.
    pub response: String,
    /// `RelayState`: the state this sign-in left with.
    pub relay_state: String,
    pub browser_state: Option<String>,
}

/// Takes the browser back from a SAML IdP: checks the state and the Response, then
/// goes on as [`finish`] does. The IdP vouches for addresses of the domains it is
/// registered for, and only those.
pub async fn finish_saml(
    services: &Services,
    tenant: TenantId,
    post: &SamlPost,
    source: &str,
    now: UnixTime,
) -> Result<Finished, FederationError> {
    let (login, config) = take_login(
        services,
        tenant,
        &post.relay_state,
        post.browser_state.as_deref(),
        super::SAML,
        now,
    )
    .await?;
    let xml = crate::saml::request::decode(&crate::saml::request::Incoming {
        binding: crate::saml::request::Binding::Post,
        message: post.response.clone(),
        relay_state: None,
        sig_alg: None,
        signature: None,
        raw_query: None,
    })
    .map_err(FederationError::Provider)?;
    let asserted = saml::check_response(
        &xml,
        &saml::Expected {
            issuer: &config.issuer,
            certificates: &config.signing_certificates,
            audience: &saml::sp_entity_id(&services.settings, tenant),
            acs_url: &saml::acs_url(&services.settings, tenant),
            request_id: &request_id_of(services, &post.relay_state),
        },
        now,
    )
    .map_err(FederationError::Provider)?;
    let in_its_domains = asserted.email.as_deref().is_some_and(|email| {
        let domain = crate::address::domain_of(email);
        config.domains.contains(&domain)
    });
    let found = ExternalIdentity {
        subject: asserted.name_id,
        email: asserted.email,
        verified: in_its_domains,
        multi_factor: asserted.multi_factor,
    };
    complete(services, &login, &config, found, source, now).await
}

/// Takes (once) the sign-in a state names, when this browser started it for this
/// tenant with a provider of this protocol and it has not expired.
async fn take_login(
    services: &Services,
    tenant: TenantId,
    state: &str,
    browser_state: Option<&str>,
    protocol: &str,
    now: UnixTime,
) -> Result<(FederationLoginRecord, FederationConfigRecord), FederationError> {
    let same_browser = !state.is_empty()
        && browser_state.is_some_and(|s| constant_time_eq(s.as_bytes(), state.as_bytes()));
    if !same_browser {
        return Err(FederationError::Expired);
    }
    let login = {
        let mut tx = services.store.write().await?;
        let login = tx.db().take_federation_login(&token_hash(state)).await?;
        tx.commit().await?;
        login
    };
    let login = login
        .filter(|l| l.tenant_id == tenant && l.expires_at > now)
        .ok_or(FederationError::Expired)?;
    let mut conn = services.store.read().await?;
    let config = conn
        .db()
        .federation_config(tenant, login.config_id)
        .await?
        .filter(|c| c.protocol == protocol)
        .ok_or(FederationError::Expired)?;
    Ok((login, config))
}

/// Redeems the sign-in's invitation with the identity, or finds the guest it
/// redeemed before, and opens the guest's session at the resource tenant.
async fn complete(
    services: &Services,
    login: &FederationLoginRecord,
    config: &FederationConfigRecord,
    found: ExternalIdentity,
    source: &str,
    now: UnixTime,
) -> Result<Finished, FederationError> {
    let tenant = login.tenant_id;
    let mut tx = services.store.write().await?;
    let (guest, redirect) = match login.invitation_id {
        Some(invitation) => {
            let invitation = tx
                .db()
                .invitation_by_id(tenant, invitation)
                .await?
                .filter(|i| i.status == InvitationStatus::PendingAcceptance && i.expires_at > now)
                .ok_or(FederationError::NotOpen)?;
            let guest = redeem(&mut tx, services, config, &invitation, &found, now).await?;
            (guest, destination(services, &invitation))
        }
        None => {
            let altsecid = alternative_security_id(config, &found.subject);
            let guest = tx
                .db()
                .guest_of_external_identity(tenant, &config.issuer, &altsecid)
                .await?
                .ok_or(FederationError::NoAccess)?;
            if tx.db().live_user(tenant, guest.id).await?.is_none() {
                return Err(FederationError::NoAccess);
            }
            (guest, login.return_to.clone())
        }
    };
    let amr = if found.multi_factor { "fed mfa" } else { "fed" };
    let session = open_session(&mut tx, services, &guest, amr, Some(source), now).await?;
    tx.commit().await?;
    Ok(Finished { session, redirect })
}

/// Exchanges the code and checks the ID token it brings.
async fn identity(
    services: &Services,
    config: &FederationConfigRecord,
    state: &str,
    code: &str,
    now: UnixTime,
) -> Result<IdentityClaims, FederationError> {
    let (Some(client_id), Some(sealed)) = (&config.client_id, &config.client_secret_sealed) else {
        return Err(DomainError::internal("an OpenID federation has no client").into());
    };
    let discovery = oidc::discover(services, config.tenant_id, &config.issuer).await?;
    let secret = services
        .master
        .open(sealed)
        .map_err(|_| DomainError::internal("a federation client secret does not unseal"))?;
    let secret = String::from_utf8(secret)
        .map_err(|_| DomainError::internal("a federation client secret is not text"))?;
    let id_token = oidc::exchange_code(
        services,
        config.tenant_id,
        &discovery,
        &ClientCredentials {
            client_id,
            client_secret: &secret,
        },
        code,
        &super::redirect_uri(services, config.tenant_id),
        &derived(services, "pkce", state),
    )
    .await?;
    let jwks = oidc::key_set(services, config.tenant_id, &discovery).await?;
    Ok(oidc::check_id_token(
        &id_token,
        &jwks,
        &Expected {
            issuer: &config.issuer,
            client_id,
            nonce: &derived(services, "nonce", state),
        },
        now,
    )?)
}

/// The guest's link to its identity at the provider.
fn alternative_security_id(config: &FederationConfigRecord, subject: &str) -> String {
    format!("{}|{subject}", config.issuer)
}

/// Links the invited guest object to the provider's identity, which must own the
/// invited address, and marks the invitation redeemed.
async fn redeem(
    tx: &mut Tx,
    services: &Services,
    config: &FederationConfigRecord,
    invitation: &Invitation,
    found: &ExternalIdentity,
    now: UnixTime,
) -> Result<User, FederationError> {
    let invited = &invitation.invited_email;
    let Some(email) = found.email.as_deref().filter(|_| found.verified) else {
        return Err(match &found.email {
            Some(account) if !crate::address::same_address(account, invited) => {
                FederationError::WrongAccount {
                    invited: invited.clone(),
                    account: account.clone(),
                }
            }
            _ => FederationError::Unverified {
                invited: invited.clone(),
            },
        });
    };
    if !crate::address::same_address(email, invited) {
        return Err(FederationError::WrongAccount {
            invited: invited.clone(),
            account: email.to_owned(),
        });
    }
    let tenant = invitation.tenant_id;
    // The redemption order must lead here: a tenant here that comes first for the
    // domain redeems there instead.
    let (realm, _) = crate::invitations::redeem::home_realm(
        services,
        &mut tx.db(),
        tenant,
        &invitation.invited_email,
        now,
    )
    .await?;
    if !matches!(
        realm,
        crate::invitations::redeem::HomeRealm::Federated { .. }
    ) {
        return Err(FederationError::NotOpen);
    }
    let ask = crate::cross_tenant::enforce::Ask {
        resource: tenant,
        partner: crate::cross_tenant::enforce::Partner::Federation(config.id),
        application: None,
        outbound: true,
    };
    crate::cross_tenant::enforce::check(services, &mut tx.db(), ask, now)
        .await?
        .map_err(FederationError::CrossTenant)?;
    let altsecid = alternative_security_id(config, &found.subject);
    if let Some(other) = tx
        .db()
        .guest_of_external_identity(tenant, &config.issuer, &altsecid)
        .await?
        && other.id != invitation.user_id
    {
        return Err(FederationError::AlreadyGuest);
    }
    let guest = tx
        .db()
        .user_by_id(tenant, invitation.user_id)
        .await?
        .ok_or(FederationError::NotOpen)?;
    // PRODUCT.md: without a display name from the invitation, the guest is shown by
    // its sign-in name once redeemed.
    let display_name = invitation.display_name.is_none().then_some(email);
    let redemption = GuestRedemption {
        sign_in_name: email,
        alternative_security_id: &altsecid,
        home: None,
        external_issuer: Some(&config.issuer),
        display_name,
    };
    let details = json!({ "identityProvider": config.issuer });
    if !record_redemption(tx, invitation, guest.id, &redemption, details, now).await? {
        return Err(FederationError::NotOpen);
    }
    tx.db()
        .user_by_id(tenant, guest.id)
        .await?
        .ok_or(FederationError::NotOpen)
}
