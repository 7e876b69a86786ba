//! Single sign-on: an AuthnRequest is checked and kept ([`receive`]) while the user
//! signs in; then [`answer`] (or [`launch`], IdP-initiated from My Apps) builds the
//! signed response the browser posts to the service provider's ACS URL.
//!
//! The session is the one the OIDC endpoints use, mapped to the tenant: a guest signs
//! in at home and is answered as the guest object here. Every answer re-checks the
//! user (blocked here, or disabled or deleted at home) and the application's
//! assignment rule; a refusal goes back to the service provider as a SAML error
//! response, never as an assertion.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use entente_model::{
    AppId, Application, NameIdFormat, SamlSettings, SamlSigning, TenantId, UnixTime, User,
};
use entente_storage::{SamlRequestRecord, SessionRecord};

use super::request::{self, Incoming};
use super::xml::{attr, signature_template, text};
use super::{ASSERTION_LIFETIME, CLOCK_SKEW, POST_BINDING, REQUEST_LIFETIME, SamlFailure};
use crate::{DomainError, Services};

/// Status codes of error responses.
pub const REQUESTER: &str = "urn:oasis:names:tc:SAML:2.0:status:Requester";
pub const RESPONDER: &str = "urn:oasis:names:tc:SAML:2.0:status:Responder";
pub const REQUEST_DENIED: &str = "urn:oasis:names:tc:SAML:2.0:status:RequestDenied";
pub const NO_PASSIVE: &str = "urn:oasis:names:tc:SAML:2.0:status:NoPassive";
pub const UNSUPPORTED_BINDING: &str = "urn:oasis:names:tc:SAML:2.0:status:UnsupportedBinding";

/// A response for the browser to post to the service provider: its ACS URL, the
/// base64 `SAMLResponse` and the `RelayState` to return.
#[derive(Clone, Debug)]
pub struct Answer {
    pub acs_url: String,
    pub saml_response: String,
    pub relay_state: Option<String>,
}

/// A SAML error response, for a request whose ACS URL is trusted.
pub type ErrorResponse = Answer;

/// A request checked and kept while its user signs in.
#[derive(Clone, Debug)]
pub struct Received {
    pub pending: SamlRequestRecord,
    pub is_passive: bool,
}

/// Checks an AuthnRequest; [`keep`] it when the user must sign in first, or [`answer`]
/// it at once for a signed-in user. A request from an unknown service provider,
/// to an ACS URL that is not registered, or with a bad signature gets a page; other
/// faults go back to the (registered) ACS URL as SAML error responses.
pub async fn receive(
    services: &Services,
    tenant: TenantId,
    incoming: &Incoming,
    now: UnixTime,
) -> Result<Received, SamlFailure> {
    let xml = request::decode(incoming).map_err(SamlFailure::Page)?;
    let parsed = request::parse_authn_request(&xml).map_err(SamlFailure::Page)?;
    let (app, settings) = {
        let mut conn = services.store.read().await?;
        let mut db = conn.db();
        let Some(settings) = db.saml_settings_by_entity(tenant, &parsed.issuer).await? else {
            return Err(SamlFailure::Page(format!(
                "no application of this organization has the SAML entity id {:?}",
                parsed.issuer
            )));
        };
        let Some(app) = db
            .application_by_id(tenant, settings.application_id)
            .await?
        else {
            return Err(SamlFailure::Page("the application no longer exists".into()));
        };
        (app, settings)
    };
    let acs_url = match &parsed.acs_url {
        Some(url) if app.redirect_uris.iter().any(|u| u == url) => url.clone(),
        Some(url) => {
            return Err(SamlFailure::Page(format!(
                "the assertion consumer service URL {url:?} is not registered for {}",
                app.display_name
            )));
        }
        None => app.redirect_uris.first().cloned().ok_or_else(|| {
            SamlFailure::Page(format!(
                "{} has no assertion consumer service URL (reply URL)",
                app.display_name
            ))
        })?,
    };
    // From here on the ACS URL is trusted: faults are answered there.
    let refuse = async |status: &str, message: String| {
        error_response(
            services,
            tenant,
            &acs_url,
            Some(&parsed.id),
            incoming.relay_state.clone(),
            status,
            &message,
            now,
        )
        .await
        .map(SamlFailure::Respond)
        .unwrap_or_else(SamlFailure::Domain)
    };
    match &settings.sp_certificate {
        Some(certificate) => {
            match request::verify_signature(incoming, &xml, &parsed.id, certificate) {
                Ok(true) => {}
                Ok(false) if settings.require_signed_requests => {
                    return Err(refuse(REQUEST_DENIED, "the request must be signed".into()).await);
                }
                Ok(false) => {}
                // A signature that does not verify may be a forgery: say nothing to
                // the ACS URL it names.
                Err(reason) => return Err(SamlFailure::Page(reason)),
            }
        }
        None if parsed.signed_inside || incoming.signature.is_some() => {
            // Signed, but no certificate is registered to check it with: the request is
            // treated as unsigned, as Entra ID does.
        }
        None => {}
    }
    if let Some(binding) = &parsed.protocol_binding
        && binding != POST_BINDING
    {
        return Err(refuse(
            UNSUPPORTED_BINDING,
            format!("responses are sent with {POST_BINDING} only"),
        )
        .await);
    }
    let sso = super::sso_url(&services.settings, tenant);
    if let Some(destination) = &parsed.destination
        && destination != &sso
    {
        return Err(refuse(
            REQUEST_DENIED,
            format!("the request is for {destination}, not {sso}"),
        )
        .await);
    }
    let issued = parsed.issue_instant;
    if issued > now + CLOCK_SKEW || issued < now - REQUEST_LIFETIME - CLOCK_SKEW {
        return Err(refuse(
            REQUESTER,
            "the request's IssueInstant is too far from now".into(),
        )
        .await);
    }
    let pending = SamlRequestRecord {
        id: uuid::Uuid::new_v4(),
        tenant_id: tenant,
        application_id: app.id,
        request_id: parsed.id.clone(),
        acs_url,
        relay_state: incoming.relay_state.clone().filter(|r| r.len() <= 1024),
        force_authn: parsed.force_authn,
        created_at: now,
        expires_at: now + REQUEST_LIFETIME,
    };
    Ok(Received {
        pending,
        is_passive: parsed.is_passive,
    })
}

/// Keeps a checked request while its user signs in.
pub async fn keep(services: &Services, pending: &SamlRequestRecord) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    tx.db().insert_saml_request(pending).await?;
    tx.commit().await?;
    Ok(())
}

/// A kept request of the tenant, if it has not expired.
pub async fn pending(
    services: &Services,
    tenant: TenantId,
    id: uuid::Uuid,
    now: UnixTime,
) -> Result<Option<SamlRequestRecord>, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn.db().saml_request(tenant, id, now).await?)
}

/// Whether a session may answer a request without signing in again.
pub fn session_satisfies(pending: &SamlRequestRecord, session: &SessionRecord) -> bool {
    session.tenant_id == pending.tenant_id
        && (!pending.force_authn || session.auth_time >= pending.created_at)
}

/// Answers a request for the signed-in user; a kept one (`kept`) is used up first, so
/// it is answered once.
pub async fn answer(
    services: &Services,
    pending: &SamlRequestRecord,
    kept: bool,
    session: &SessionRecord,
    now: UnixTime,
) -> Result<Answer, SamlFailure> {
    if kept {
        let mut tx = services.store.write().await?;
        if !tx
            .db()
            .delete_saml_request(pending.tenant_id, pending.id)
            .await?
        {
            return Err(SamlFailure::Page(
                "this sign-in request was answered already".into(),
            ));
        }
        tx.commit().await?;
    }
    let (app, settings) =
        app_and_settings(services, pending.tenant_id, pending.application_id).await?;
    respond(
        services,
        &app,
        &settings,
        &pending.acs_url,
        Some(&pending.request_id),
        pending.relay_state.clone(),
        session,
        now,
    )
    .await
}

/// IdP-initiated sign-in (from My Apps): an unsolicited response to the application's
/// default ACS URL.
pub async fn launch(
    services: &Services,
    tenant: TenantId,
    app: AppId,
    session: &SessionRecord,
    now: UnixTime,
) -> Result<Answer, SamlFailure> {
    let (app, settings) = app_and_settings(services, tenant, app).await?;
    let acs = app
        .redirect_uris
        .first()
        .cloned()
        .ok_or_else(|| SamlFailure::Page(format!("{} has no reply URL", app.display_name)))?;
    respond(services, &app, &settings, &acs, None, None, session, now).await
}

/// The answer for a browser signed in with an account that has no access to the
/// tenant (a guest it blocked or removed, a person never invited): a RequestDenied
/// error response, a kept request used up.
pub async fn no_access(
    services: &Services,
    pending: &SamlRequestRecord,
    kept: bool,
    now: UnixTime,
) -> Result<Answer, DomainError> {
    if kept {
        let mut tx = services.store.write().await?;
        tx.db()
            .delete_saml_request(pending.tenant_id, pending.id)
            .await?;
        tx.commit().await?;
    }
    error_response(
        services,
        pending.tenant_id,
        &pending.acs_url,
        Some(&pending.request_id),
        pending.relay_state.clone(),
        REQUEST_DENIED,
        "the signed-in account has no access to this organization",
        now,
    )
    .await
}

/// The answer to a passive request nobody is signed in for.
pub async fn no_passive(
    services: &Services,
    pending: &SamlRequestRecord,
    now: UnixTime,
) -> Result<Answer, DomainError> {
    error_response(
        services,
        pending.tenant_id,
        &pending.acs_url,
        Some(&pending.request_id),
        pending.relay_state.clone(),
        NO_PASSIVE,
        "the user is not signed in",
        now,
    )
    .await
}

async fn app_and_settings(
    services: &Services,
    tenant: TenantId,
    app: AppId,
) -> Result<(Application, SamlSettings), SamlFailure> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let application = db.application_by_id(tenant, app).await?;
    let settings = db.saml_settings(tenant, app).await?;
    match (application, settings) {
        (Some(a), Some(s)) => Ok((a, s)),
        _ => Err(SamlFailure::Page(
            "this application does not sign in with SAML".into(),
        )),
    }
}

/// A fresh SAML `ID`: an NCName, so it starts with a letter or underscore.
pub(crate) fn new_id(services: &Services) -> String {
    let mut bytes = [0u8; 16];
    services.entropy.fill(&mut bytes);
    format!("_{}", crate::crypto::hex(&bytes))
}

#[allow(clippy::too_many_arguments)]
async fn respond(
    services: &Services,
    app: &Application,
    settings: &SamlSettings,
    acs_url: &str,
    in_response_to: Option<&str>,
    relay_state: Option<String>,
    session: &SessionRecord,
    now: UnixTime,
) -> Result<Answer, SamlFailure> {
    let tenant = app.tenant_id;
    let refuse = async |status: &str, message: &str| {
        error_response(
            services,
            tenant,
            acs_url,
            in_response_to,
            relay_state.clone(),
            status,
            message,
            now,
        )
        .await
        .map(SamlFailure::Respond)
        .unwrap_or_else(SamlFailure::Domain)
    };
    if session.tenant_id != tenant {
        return Err(refuse(
            REQUEST_DENIED,
            "the session belongs to another organization",
        )
        .await);
    }
    let (user, groups, role_ids, idp) = {
        let mut conn = services.store.read().await?;
        let mut db = conn.db();
        // A guest also needs its home account: disabled or deleted at home, it ends here.
        let Some(user) = db.live_user(tenant, session.user_id).await? else {
            drop(conn);
            return Err(refuse(
                REQUEST_DENIED,
                "the account is disabled or no longer exists",
            )
            .await);
        };
        let refused = crate::cross_tenant::enforce::may_sign_in(
            services,
            &mut db,
            &user,
            Some(&app.client_id),
            now,
        )
        .await?;
        if let Err(refusal) = refused {
            drop(conn);
            return Err(refuse(REQUEST_DENIED, &refusal.message()).await);
        }
        let groups = db.group_ids_of_user(tenant, user.id).await?;
        let role_ids = db.user_role_ids_on(tenant, user.id, app.id.0).await?;
        let idp = crate::oauth::claims::home_idp(services, &mut db, &user).await?;
        (user, groups, role_ids, idp)
    };
    if app.assignment_required && role_ids.is_empty() {
        return Err(refuse(
            REQUEST_DENIED,
            "the user is not assigned to this application",
        )
        .await);
    }
    let roles: Vec<String> = app
        .app_roles
        .iter()
        .filter(|r| r.is_enabled && role_ids.contains(&r.id))
        .map(|r| r.value.clone())
        .collect();
    let name_id = name_id(services, settings, &user)?;
    let session_index = format!(
        "_{}",
        &services
            .master
            .pairwise_id(&format!("saml-session|{}", session.token_hash))[..32]
    );
    // Each source's values; an attribute whose source has none is left out.
    let value_of = |source: &str| -> Vec<String> {
        match source {
            "user.mail" => user.mail.iter().cloned().collect(),
            "user.userprincipalname" => vec![user.user_principal_name.clone()],
            "user.displayname" => vec![user.display_name.clone()],
            "user.objectid" => vec![user.id.to_string()],
            "user.tenantid" => vec![tenant.to_string()],
            "user.groups" => groups.iter().map(|g| g.to_string()).collect(),
            "user.roles" => roles.clone(),
            "user.identityprovider" => idp.iter().cloned().collect(),
            "user.altsecid" => user.alternative_security_id.iter().cloned().collect(),
            "user.authnmethods" => session.amr.split_whitespace().map(str::to_owned).collect(),
            _ => Vec::new(),
        }
    };
    let chosen: Vec<(&str, &str)> = match &settings.attributes {
        Some(list) => list
            .iter()
            .map(|a| (a.name.as_str(), a.source.as_str()))
            .collect(),
        None => DEFAULT_ATTRIBUTES.to_vec(),
    };
    let attributes: Vec<(&str, Vec<String>)> = chosen
        .into_iter()
        .map(|(name, source)| (name, value_of(source)))
        .filter(|(_, values)| !values.is_empty())
        .collect();
    let signer = services.saml_signers.get(services, tenant, now).await?;
    let issuer = super::entity_id(&services.settings, tenant);
    let assertion_id = new_id(services);
    let assertion = Assertion {
        id: &assertion_id,
        issuer: &issuer,
        now,
        name_id: &name_id,
        name_id_format: settings.name_id_format,
        in_response_to,
        acs_url,
        audience: &settings.entity_id,
        auth_time: session.auth_time,
        session_index: &session_index,
        mfa: session.amr.split_whitespace().any(|m| m == "mfa"),
        attributes: &attributes,
    }
    .to_xml();
    let sign_assertion = matches!(settings.signing, SamlSigning::Assertion | SamlSigning::Both);
    let sign_response = matches!(settings.signing, SamlSigning::Response | SamlSigning::Both);
    let assertion = if sign_assertion {
        sign(&signer, &assertion, &assertion_id, "<saml:Issuer>", &issuer)?
    } else {
        assertion
    };
    let assertion = match &settings.encryption_certificate {
        Some(certificate) => encrypt(&assertion, certificate)?,
        None => assertion,
    };
    let response_id = new_id(services);
    let response = response_xml(
        &response_id,
        &issuer,
        now,
        acs_url,
        in_response_to,
        sign_response.then_some(signer.certificate.as_str()),
        &format!("<samlp:Status><samlp:StatusCode Value=\"{SUCCESS}\"/></samlp:Status>"),
        &assertion,
    );
    let response = if sign_response {
        sign_prepared(&signer, response)?
    } else {
        response
    };
    log_sign_in(services, app, &user, session, now).await?;
    Ok(Answer {
        acs_url: acs_url.to_owned(),
        saml_response: STANDARD.encode(response),
        relay_state,
    })
}

pub const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";

/// Attribute names: Entra ID's claim URIs where it has one, so service providers'
/// templates for Entra work unchanged; the alternative security id is Entente's.
pub const CLAIM_OBJECT_ID: &str = "http://schemas.microsoft.com/identity/claims/objectidentifier";
pub const CLAIM_TENANT_ID: &str = "http://schemas.microsoft.com/identity/claims/tenantid";
pub const CLAIM_NAME: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
pub const CLAIM_DISPLAY_NAME: &str = "http://schemas.microsoft.com/identity/claims/displayname";
pub const CLAIM_EMAIL: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
pub const CLAIM_IDENTITY_PROVIDER: &str =
    "http://schemas.microsoft.com/identity/claims/identityprovider";
pub const CLAIM_ALTSECID: &str = "urn:entente:claims:altsecid";
pub const CLAIM_GROUPS: &str = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups";
pub const CLAIM_ROLE: &str = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
pub const CLAIM_AUTHN_METHODS: &str = "http://schemas.microsoft.com/claims/authnmethodsreferences";

/// The attributes of an application that chose none: name and source.
pub const DEFAULT_ATTRIBUTES: &[(&str, &str)] = &[
    (CLAIM_OBJECT_ID, "user.objectid"),
    (CLAIM_TENANT_ID, "user.tenantid"),
    (CLAIM_NAME, "user.userprincipalname"),
    (CLAIM_DISPLAY_NAME, "user.displayname"),
    (CLAIM_EMAIL, "user.mail"),
    (CLAIM_IDENTITY_PROVIDER, "user.identityprovider"),
    (CLAIM_ALTSECID, "user.altsecid"),
    (CLAIM_GROUPS, "user.groups"),
    (CLAIM_ROLE, "user.roles"),
    (CLAIM_AUTHN_METHODS, "user.authnmethods"),
];

/// The subject's NameID in the application's format. Persistent ids are pairwise:
/// stable for one user and one service provider, unlinkable across providers.
fn name_id(
    services: &Services,
    settings: &SamlSettings,
    user: &User,
) -> Result<String, SamlFailure> {
    Ok(match settings.name_id_format {
        NameIdFormat::Email | NameIdFormat::Unspecified => user
            .mail
            .clone()
            .unwrap_or_else(|| user.user_principal_name.clone()),
        NameIdFormat::Persistent => services.master.pairwise_id(&format!(
            "saml-persistent|{}|{}|{}",
            user.tenant_id, settings.entity_id, user.id
        )),
        NameIdFormat::Transient => new_id(services),
    })
}

struct Assertion<'a> {
    id: &'a str,
    issuer: &'a str,
    now: UnixTime,
    name_id: &'a str,
    name_id_format: NameIdFormat,
    in_response_to: Option<&'a str>,
    acs_url: &'a str,
    audience: &'a str,
    auth_time: UnixTime,
    session_index: &'a str,
    mfa: bool,
    attributes: &'a [(&'a str, Vec<String>)],
}

impl Assertion<'_> {
    fn to_xml(&self) -> String {
        use std::fmt::Write;
        let instant = super::instant(self.now);
        let expires = super::instant(self.now + ASSERTION_LIFETIME);
        let in_response_to = self
            .in_response_to
            .map(|id| format!(" InResponseTo=\"{}\"", attr(id)))
            .unwrap_or_default();
        let context = if self.mfa {
            "http://schemas.microsoft.com/claims/multipleauthn"
        } else {
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
        };
        let mut out = String::with_capacity(4096);
        let _ = write!(
            out,
            "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"{id}\" \
             Version=\"2.0\" IssueInstant=\"{instant}\"><saml:Issuer>{issuer}</saml:Issuer>\
             <saml:Subject><saml:NameID Format=\"{format}\">{name_id}</saml:NameID>\
             <saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">\
             <saml:SubjectConfirmationData{in_response_to} NotOnOrAfter=\"{expires}\" Recipient=\"{acs}\"/>\
             </saml:SubjectConfirmation></saml:Subject>\
             <saml:Conditions NotBefore=\"{not_before}\" NotOnOrAfter=\"{expires}\">\
             <saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction>\
             </saml:Conditions>\
             <saml:AuthnStatement AuthnInstant=\"{auth}\" SessionIndex=\"{session}\">\
             <saml:AuthnContext><saml:AuthnContextClassRef>{context}</saml:AuthnContextClassRef></saml:AuthnContext>\
             </saml:AuthnStatement><saml:AttributeStatement>",
            id = attr(self.id),
            issuer = text(self.issuer),
            format = attr(self.name_id_format.as_str()),
            name_id = text(self.name_id),
            acs = attr(self.acs_url),
            // A little slack for service providers whose clocks run behind.
            not_before = super::instant(self.now - 60),
            audience = text(self.audience),
            auth = super::instant(self.auth_time),
            session = attr(self.session_index),
        );
        for (name, values) in self.attributes {
            let _ = write!(out, "<saml:Attribute Name=\"{}\">", attr(name));
            for value in values {
                let _ = write!(
                    out,
                    "<saml:AttributeValue>{}</saml:AttributeValue>",
                    text(value)
                );
            }
            out.push_str("</saml:Attribute>");
        }
        out.push_str("</saml:AttributeStatement></saml:Assertion>");
        out
    }
}

#[allow(clippy::too_many_arguments)]
fn response_xml(
    id: &str,
    issuer: &str,
    now: UnixTime,
    destination: &str,
    in_response_to: Option<&str>,
    signing_certificate: Option<&str>,
    status: &str,
    assertion: &str,
) -> String {
    let in_response_to = in_response_to
        .map(|r| format!(" InResponseTo=\"{}\"", attr(r)))
        .unwrap_or_default();
    let signature = signing_certificate
        .map(|c| signature_template(id, c))
        .unwrap_or_default();
    format!(
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" \
         xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"{}\" Version=\"2.0\" \
         IssueInstant=\"{}\" Destination=\"{}\"{in_response_to}><saml:Issuer>{}</saml:Issuer>\
         {signature}{status}{assertion}</samlp:Response>",
        attr(id),
        super::instant(now),
        attr(destination),
        text(issuer),
    )
}

/// Inserts a signature template right after the element's `Issuer` and signs.
fn sign(
    signer: &super::certificates::TenantSigner,
    xml: &str,
    id: &str,
    issuer_open: &str,
    issuer: &str,
) -> Result<String, SamlFailure> {
    let issuer_element = format!("{issuer_open}{}</saml:Issuer>", text(issuer));
    let at = xml
        .find(&issuer_element)
        .map(|i| i + issuer_element.len())
        .ok_or_else(|| SamlFailure::Domain(DomainError::internal("no Issuer to sign after")))?;
    let mut template = String::with_capacity(xml.len() + 2048);
    template.push_str(&xml[..at]);
    template.push_str(&signature_template(id, &signer.certificate));
    template.push_str(&xml[at..]);
    sign_prepared(signer, template)
}

/// Encrypts a (signed) assertion to the service provider's certificate: AES-256-GCM
/// for the assertion, its key wrapped with RSA-OAEP (MGF1, SHA-1 as the SAML profile
/// and most service providers expect), as an `EncryptedAssertion`.
fn encrypt(assertion: &str, certificate: &str) -> Result<String, SamlFailure> {
    let failed = |e: bergshamra::Error| {
        SamlFailure::Domain(DomainError::internal(format!("SAML encryption: {e}")))
    };
    let key = super::request::certificate_key(certificate)
        .map_err(|e| SamlFailure::Domain(DomainError::internal(e)))?;
    let mut keys = bergshamra::KeysManager::new();
    keys.add_key(key);
    let ctx = bergshamra::EncContext::new(keys);
    let template = "<saml:EncryptedAssertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">\
        <xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" \
        Type=\"http://www.w3.org/2001/04/xmlenc#Element\">\
        <xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2009/xmlenc11#aes256-gcm\"/>\
        <ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><xenc:EncryptedKey>\
        <xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p\">\
        <ds:DigestMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#sha1\"/></xenc:EncryptionMethod>\
        <xenc:CipherData><xenc:CipherValue></xenc:CipherValue></xenc:CipherData>\
        </xenc:EncryptedKey></ds:KeyInfo>\
        <xenc:CipherData><xenc:CipherValue></xenc:CipherValue></xenc:CipherData>\
        </xenc:EncryptedData></saml:EncryptedAssertion>";
    bergshamra::encrypt(&ctx, template, assertion.as_bytes()).map_err(failed)
}

/// Signs a document whose first `Signature` is an empty template.
fn sign_prepared(
    signer: &super::certificates::TenantSigner,
    template: String,
) -> Result<String, SamlFailure> {
    bergshamra::dsig::sign::sign_owned(&signer.key.context(), template)
        .map_err(|e| SamlFailure::Domain(DomainError::internal(format!("SAML signing: {e}"))))
}

/// An error response: the status says why, no assertion. It is signed (the Response
/// element, with the tenant's key as a success is) whatever the application's signing
/// choice, which only says where a success's signatures go: without an assertion the
/// Response's is the only one an error can carry, and service providers that require
/// signed responses (node-saml by default) reject an unsigned one as a forgery before
/// reading its status, so the user would see "invalid signature" instead of the reason.
#[allow(clippy::too_many_arguments)]
async fn error_response(
    services: &Services,
    tenant: TenantId,
    acs_url: &str,
    in_response_to: Option<&str>,
    relay_state: Option<String>,
    second_level: &str,
    message: &str,
    now: UnixTime,
) -> Result<Answer, DomainError> {
    // The first-level code says whose fault it is; the second names the fault.
    let (first_level, second) = match second_level {
        REQUESTER => (REQUESTER, None),
        UNSUPPORTED_BINDING => (REQUESTER, Some(UNSUPPORTED_BINDING)),
        REQUEST_DENIED | NO_PASSIVE => (RESPONDER, Some(second_level)),
        _ => (RESPONDER, None),
    };
    let status = format!(
        "<samlp:Status><samlp:StatusCode Value=\"{}\">{}</samlp:StatusCode>\
         <samlp:StatusMessage>{}</samlp:StatusMessage></samlp:Status>",
        attr(first_level),
        second
            .map(|s| format!("<samlp:StatusCode Value=\"{}\"/>", attr(s)))
            .unwrap_or_default(),
        text(message)
    );
    let signer = services.saml_signers.get(services, tenant, now).await?;
    let issuer = super::entity_id(&services.settings, tenant);
    let response = response_xml(
        &new_id(services),
        &issuer,
        now,
        acs_url,
        in_response_to,
        Some(&signer.certificate),
        &status,
        "",
    );
    let response = sign_prepared(&signer, response).map_err(|failure| match failure {
        SamlFailure::Domain(error) => error,
        _ => DomainError::internal("SAML signing"),
    })?;
    Ok(Answer {
        acs_url: acs_url.to_owned(),
        saml_response: STANDARD.encode(response),
        relay_state,
    })
}

/// An application sign-in is logged at the application's tenant, as for OIDC.
async fn log_sign_in(
    services: &Services,
    app: &Application,
    user: &User,
    session: &SessionRecord,
    now: UnixTime,
) -> Result<(), DomainError> {
    let login = user
        .mail
        .clone()
        .unwrap_or_else(|| user.user_principal_name.clone());
    let mut tx = services.store.write().await?;
    let event = crate::sign_in_log::SignInEvent {
        tenant: app.tenant_id,
        user: Some(user.id),
        login: &login,
        outcome: "success",
        detail: Some("SAML"),
        method: Some(&session.amr),
        client_id: Some(&app.client_id),
        app_name: Some(&app.display_name),
        source: None,
        reason: None,
    };
    crate::sign_in_log::record(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The signed assertion verifies with the certificate's key (bergshamra's own
    /// verifier), and a changed value breaks it.
    #[test]
    fn a_signed_assertion_verifies_and_tampering_breaks_it() {
        let key =
            rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048)
                .unwrap();
        let params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        let certificate = params.self_signed(&key).unwrap();
        let certificate = STANDARD.encode(certificate.der());
        let signer = super::super::certificates::TenantSigner {
            certificate: certificate.clone(),
            key: super::super::certificates::RsaSigner::from_pkcs8(key.serialized_der()).unwrap(),
            published: vec![],
        };
        let attributes = vec![(CLAIM_DISPLAY_NAME, vec!["Carol <Finance> & co".to_owned()])];
        let xml = Assertion {
            id: "_a1",
            issuer: "https://idp.example/t/saml2",
            now: 1_800_000_000,
            name_id: "carol@contoso.com",
            name_id_format: NameIdFormat::Email,
            in_response_to: Some("id-1"),
            acs_url: "https://sp.example/acs",
            audience: "urn:sp",
            auth_time: 1_800_000_000,
            session_index: "_s",
            mfa: false,
            attributes: &attributes,
        }
        .to_xml();
        let signed = sign(
            &signer,
            &xml,
            "_a1",
            "<saml:Issuer>",
            "https://idp.example/t/saml2",
        )
        .unwrap();
        let verify = |xml: &str| {
            let der = STANDARD.decode(&certificate).unwrap();
            let mut keys = bergshamra::KeysManager::new();
            keys.add_key(bergshamra::keys::loader::load_x509_cert_der(&der).unwrap());
            let mut ctx = bergshamra::DsigContext::new(keys);
            ctx.trusted_keys_only = true;
            matches!(
                bergshamra::verify(&ctx, xml),
                Ok(bergshamra::VerifyResult::Valid { .. })
            )
        };
        assert!(verify(&signed), "{signed}");
        assert!(signed.contains("Carol &lt;Finance&gt; &amp; co"));
        let tampered = signed.replace("carol@contoso.com", "mallory@contoso.com");
        assert!(!verify(&tampered));
    }
}
