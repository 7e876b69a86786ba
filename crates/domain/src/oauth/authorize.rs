//! The authorization endpoint's checks and the codes it issues.

use entente_model::{TenantId, UnixTime};
use serde::{Deserialize, Serialize};

use super::OAuthFailure;
use crate::{DomainError, Services};

/// The parameters of an authorization request (RFC 6749 section 4.1.1, OIDC Core 3.1.2.1).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AuthorizeRequest {
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub response_type: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub response_mode: Option<String>,
    pub login_hint: Option<String>,
    /// The person's organization by one of its domains (Entra's `domain_hint`),
    /// which `/organizations` takes when no `login_hint` names the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_hint: Option<String>,
    pub max_age: Option<String>,
}

/// An authorization request that passed every check.
#[derive(Clone, Debug)]
pub struct ValidAuthorize {
    pub tenant: TenantId,
    pub client_id: String,
    pub client_name: String,
    pub redirect_uri: String,
    pub scope: String,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    /// `prompt=login` or an exceeded `max_age`: the user must sign in again.
    pub force_login: bool,
    pub max_age: Option<i64>,
    /// `prompt=none`: fail instead of showing a page.
    pub no_prompt: bool,
    pub form_post: bool,
}

/// Why an authorization request failed, and whether the client may be told by redirect.
#[derive(Clone, Debug)]
pub enum AuthorizeFailure {
    /// The client or redirect URI cannot be trusted: show an error page, never redirect.
    Page(String),
    /// Tell the client at its (verified) redirect URI.
    Redirect {
        redirect_uri: String,
        state: Option<String>,
        failure: OAuthFailure,
        form_post: bool,
    },
    /// Another organization's application the tenant's administrator has not
    /// consented to (Entra's AADSTS65001): a page that says so, with the consent link.
    NotConsented(Box<crate::multi_tenant::NotConsented>),
}

/// Checks an authorization request at `/organizations` or `/common` before anything
/// is shown: the client id names an application open to other organizations
/// (`AzureADMultipleOrgs`), and the `redirect_uri` is one of its own. The refusal is
/// said on a page, never sent to an unchecked address.
pub async fn check_multi_tenant_client(
    services: &Services,
    client_id: &str,
    redirect_uri: &str,
) -> Result<Result<(), String>, DomainError> {
    if client_id.is_empty() {
        return Ok(Err("client_id is missing".to_owned()));
    }
    let application = {
        let mut conn = services.store.read().await?;
        conn.db().application_of_client(client_id).await?
    };
    let Some(application) = application else {
        return Ok(Err("no application has this client_id".to_owned()));
    };
    if !application.multiple_orgs {
        // Entra's AADSTS50194.
        return Ok(Err(
            "the application is not configured as a multi-organization application \
             (signInAudience AzureADMultipleOrgs): use its tenant's own authority, \
             /{tenant}/oauth2/v2.0/authorize"
                .to_owned(),
        ));
    }
    if !application
        .redirect_uris
        .iter()
        .any(|registered| redirect_uri_matches(registered, redirect_uri))
    {
        return Ok(Err(
            "the redirect_uri is not registered for this application".to_owned(),
        ));
    }
    Ok(Ok(()))
}

/// Validates an authorization request against the tenant's registered client.
pub async fn validate_authorize(
    services: &Services,
    tenant: TenantId,
    request: &AuthorizeRequest,
) -> Result<ValidAuthorize, AuthorizeFailure> {
    let page = |m: &str| AuthorizeFailure::Page(m.to_owned());
    let client_id = request
        .client_id
        .as_deref()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| page("client_id is missing"))?;
    let app = {
        let mut conn = services
            .store
            .read()
            .await
            .map_err(|_| page("the service is unavailable"))?;
        conn.db()
            .usable_application(tenant, client_id)
            .await
            .map_err(|_| page("the service is unavailable"))?
    };
    let Some(usable) = app else {
        // Another organization's application this one has not consented to: the
        // page says so and shows administrators where to consent.
        return match crate::multi_tenant::not_consented(services, tenant, client_id).await {
            Ok(Some(missing)) => Err(AuthorizeFailure::NotConsented(Box::new(missing))),
            Ok(None) => Err(page(
                "the application is not registered in this organization",
            )),
            Err(_) => Err(page("the service is unavailable")),
        };
    };
    let app = usable.application;
    let redirect_uri = request
        .redirect_uri
        .as_deref()
        .ok_or_else(|| page("redirect_uri is missing"))?;
    if !app
        .redirect_uris
        .iter()
        .any(|registered| redirect_uri_matches(registered, redirect_uri))
    {
        return Err(page(
            "the redirect_uri is not registered for this application",
        ));
    }
    let form_post = match request.response_mode.as_deref() {
        None | Some("query") => false,
        Some("form_post") => true,
        Some(_) => false,
    };
    let fail = |error: &'static str, description: &str| AuthorizeFailure::Redirect {
        redirect_uri: redirect_uri.to_owned(),
        state: request.state.clone(),
        failure: OAuthFailure::new(error, description),
        form_post,
    };
    if let Some(mode) = request.response_mode.as_deref()
        && !matches!(mode, "query" | "form_post")
    {
        return Err(fail(
            "invalid_request",
            "response_mode must be query or form_post",
        ));
    }
    if request.response_type.as_deref() != Some("code") {
        return Err(fail(
            "unsupported_response_type",
            "only response_type=code is supported",
        ));
    }
    let challenge = request.code_challenge.as_deref().filter(|c| !c.is_empty());
    match (challenge, request.code_challenge_method.as_deref()) {
        (None, _) if app.public_client => {
            return Err(fail(
                "invalid_request",
                "public clients must use PKCE (code_challenge with S256)",
            ));
        }
        (Some(_), Some("S256")) => {}
        (Some(_), _) => {
            return Err(fail(
                "invalid_request",
                "code_challenge_method must be S256",
            ));
        }
        (None, _) => {}
    }
    if let Some(c) = challenge
        && (c.len() < 43 || c.len() > 128)
    {
        return Err(fail(
            "invalid_request",
            "code_challenge must be a base64url SHA-256 digest",
        ));
    }
    let scope = normalize_scope(request.scope.as_deref().unwrap_or("openid"));
    let prompts: Vec<&str> = request
        .prompt
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let max_age = match request.max_age.as_deref() {
        None | Some("") => None,
        Some(text) => Some(
            text.parse::<i64>()
                .map_err(|_| fail("invalid_request", "max_age must be a number"))?,
        ),
    };
    Ok(ValidAuthorize {
        tenant,
        client_id: app.client_id,
        client_name: app.display_name,
        redirect_uri: redirect_uri.to_owned(),
        scope,
        state: request.state.clone(),
        nonce: request.nonce.clone().filter(|n| !n.is_empty()),
        code_challenge: challenge.map(str::to_owned),
        force_login: prompts.contains(&"login"),
        max_age,
        no_prompt: prompts.contains(&"none"),
        form_post,
    })
}

fn normalize_scope(scope: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for s in scope.split_whitespace() {
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    seen.join(" ")
}

/// Whether a session can answer an authorization request without a new sign-in.
pub fn session_satisfies(
    valid: &ValidAuthorize,
    session: &entente_storage::SessionRecord,
    now: UnixTime,
) -> bool {
    session.tenant_id == valid.tenant
        && !valid.force_login
        && valid
            .max_age
            .is_none_or(|max_age| now - session.auth_time <= max_age)
}

/// Issues a single-use authorization code for a signed-in user, unless the
/// cross-tenant access settings keep a guest from this application (a refusal the
/// tenant's sign-in log records).
pub async fn issue_code(
    services: &Services,
    valid: &ValidAuthorize,
    session: &entente_storage::SessionRecord,
    now: UnixTime,
) -> Result<Result<String, crate::cross_tenant::enforce::Refusal>, DomainError> {
    let code = crate::crypto::new_token(services.entropy.as_ref());
    let record = entente_storage::CodeRecord {
        code_hash: crate::crypto::token_hash(&code),
        tenant_id: valid.tenant,
        client_id: valid.client_id.clone(),
        user_id: session.user_id,
        session_hash: session.token_hash.clone(),
        redirect_uri: valid.redirect_uri.clone(),
        scope: valid.scope.clone(),
        nonce: valid.nonce.clone(),
        code_challenge: valid.code_challenge.clone(),
        auth_time: session.auth_time,
        amr: session.amr.clone(),
        created_at: now,
        expires_at: now + services.settings.code_lifetime,
        used_at: None,
    };
    // An application sign-in is logged at the application's tenant (a guest's resource
    // tenant) under the user's name, read before the write transaction so the (single,
    // on SQLite) writer is not held for it.
    let (login, refused) = {
        let mut conn = services.store.read().await?;
        let mut db = conn.db();
        match db.user_by_id(valid.tenant, session.user_id).await? {
            Some(user) => {
                let refused = crate::cross_tenant::enforce::may_sign_in(
                    services,
                    &mut db,
                    &user,
                    Some(&valid.client_id),
                    now,
                )
                .await?
                .err();
                (user.mail.unwrap_or(user.user_principal_name), refused)
            }
            None => (session.user_id.to_string(), None),
        }
    };
    let mut tx = services.store.write().await?;
    if refused.is_none() {
        tx.db().insert_code(&record).await?;
    }
    let event = crate::sign_in_log::SignInEvent {
        tenant: valid.tenant,
        user: Some(session.user_id),
        login: &login,
        outcome: if refused.is_none() {
            "success"
        } else {
            "failure"
        },
        detail: None,
        method: Some(&session.amr),
        client_id: Some(&valid.client_id),
        app_name: Some(&valid.client_name),
        source: None,
        reason: refused
            .as_ref()
            .map(|_| crate::sign_in_log::reason::CROSS_TENANT_BLOCKED),
    };
    crate::sign_in_log::record(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok(match refused {
        Some(refusal) => Err(refusal),
        None => Ok(code),
    })
}

/// Whether a requested `redirect_uri` is the registered one: the same string (RFC 9700
/// section 2.1: no prefixes, no wildcards), except that for a loopback address
/// (`http://localhost`, `127.0.0.1`, `[::1]`) any port matches, since a native app
/// listens on whichever port it gets (RFC 8252 section 7.3; Entra ID does the same).
/// Both are read as a browser reads them, and everything but the port must be equal.
pub fn redirect_uri_matches(registered: &str, requested: &str) -> bool {
    if registered == requested {
        return true;
    }
    let (Ok(registered), Ok(requested)) = (url::Url::parse(registered), url::Url::parse(requested))
    else {
        return false;
    };
    let loopback = |url: &url::Url| {
        url.scheme() == "http"
            && match url.host() {
                Some(url::Host::Domain(name)) => name == "localhost",
                Some(url::Host::Ipv4(ip)) => ip == std::net::Ipv4Addr::LOCALHOST,
                Some(url::Host::Ipv6(ip)) => ip == std::net::Ipv6Addr::LOCALHOST,
                None => false,
            }
    };
    loopback(&registered)
        && loopback(&requested)
        && registered.host() == requested.host()
        && registered.username() == requested.username()
        && registered.password() == requested.password()
        && registered.path() == requested.path()
        && registered.query() == requested.query()
        && registered.fragment() == requested.fragment()
}

#[cfg(test)]
mod tests {
    use super::redirect_uri_matches;

    #[test]
    fn loopback_redirects_match_on_any_port_and_nothing_else_does() {
        let yes = [
            ("http://localhost", "http://localhost:53211"),
            ("http://localhost/", "http://localhost:53211/"),
            (
                "http://127.0.0.1/callback",
                "http://127.0.0.1:8400/callback",
            ),
            (
                "http://127.0.0.1:3000/callback",
                "http://127.0.0.1:8400/callback",
            ),
            ("http://[::1]/cb?x=1", "http://[::1]:9/cb?x=1"),
            ("https://app.example.com/cb", "https://app.example.com/cb"),
        ];
        for (registered, requested) in yes {
            assert!(
                redirect_uri_matches(registered, requested),
                "{registered} should take {requested}"
            );
        }
        let no = [
            // Another port on a host that is not loopback.
            (
                "https://app.example.com/cb",
                "https://app.example.com:8443/cb",
            ),
            // Another path, query or host on loopback.
            ("http://localhost/cb", "http://localhost:5000/cb/more"),
            ("http://localhost/cb", "http://localhost:5000/cb?next=evil"),
            ("http://localhost/cb", "http://127.0.0.1:5000/cb"),
            ("http://127.0.0.1/cb", "http://127.0.0.2:5000/cb"),
            // https on loopback and names that only look like loopback.
            ("http://localhost/cb", "https://localhost:5000/cb"),
            (
                "http://localhost/cb",
                "http://localhost.evil.example:5000/cb",
            ),
            (
                "http://127.0.0.1/cb",
                "http://127.0.0.1@evil.example:5000/cb",
            ),
            ("http://localhost/cb", "http://user@localhost:5000/cb"),
            ("http://localhost/cb", "not a url"),
        ];
        for (registered, requested) in no {
            assert!(
                !redirect_uri_matches(registered, requested),
                "{registered} must not take {requested}"
            );
        }
    }
}
