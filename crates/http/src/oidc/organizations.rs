//! `/organizations` and `/common`: the authorities of multi-organization
//! applications, which name no tenant (decision 0014). Discovery says the issuer is
//! Entra's template (`{public URL}/{tenantid}/v2.0`); authorization first finds the
//! person's organization from the address they type (or `login_hint`,
//! `domain_hint`), as the front door does, and then goes on as that organization's
//! own authorization; the token endpoint continues in the tenant its code or refresh
//! token was issued in. The one JWKS signs for every tenant.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use entente_domain::oauth::AuthorizeRequest;
use serde_json::{Value, json};

use crate::error::PageError;
use crate::pages::front_door::FrontDoorPage;
use crate::pages::{browser_language, page};
use crate::texts::signin::for_language as sign_in_texts;
use crate::{AppState, now};

/// The discovery document of `/organizations` or `/common`.
pub(super) fn discovery(state: &AppState, authority: &str) -> Value {
    let base = &state.services.settings.public_base_url;
    let here = format!("{base}/{authority}");
    json!({
        "issuer": format!("{base}/{{tenantid}}/v2.0"),
        "authorization_endpoint": format!("{here}/oauth2/v2.0/authorize"),
        "token_endpoint": format!("{here}/oauth2/v2.0/token"),
        "jwks_uri": format!("{here}/discovery/v2.0/keys"),
        "end_session_endpoint": format!("{here}/oauth2/v2.0/logout"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "form_post"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": state.services.keys.algorithms(),
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "PS256", "ES256"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["iss", "sub", "aud", "exp", "iat", "nbf", "auth_time", "nonce", "oid", "tid", "name",
            "preferred_username", "email", "email_verified", "groups", "roles", "amr"],
        "prompt_values_supported": ["none", "login"],
        "tenant_region_scope": null,
    })
}

/// An authorization request at `/organizations` or `/common`: checked against the
/// application (which must be open to other organizations, and the `redirect_uri`
/// its own) before anything is shown; then the person's organization is found, or
/// asked for.
pub(super) async fn authorize(
    state: AppState,
    authority: &str,
    headers: HeaderMap,
    request: AuthorizeRequest,
) -> Result<Response, PageError> {
    let services = &state.services;
    let client_id = request.client_id.as_deref().unwrap_or_default();
    let redirect_uri = request.redirect_uri.as_deref().unwrap_or_default();
    if let Err(message) =
        entente_domain::oauth::check_multi_tenant_client(services, client_id, redirect_uri).await?
    {
        return Err(PageError::said(
            StatusCode::BAD_REQUEST,
            |t| t.sign_in_request_title,
            message,
        ));
    }
    let address = request.login_hint.as_deref().unwrap_or_default().trim();
    let domain = request.domain_hint.as_deref().unwrap_or_default().trim();
    let found = match (address.is_empty(), domain.is_empty()) {
        (false, _) => {
            entente_domain::signin::organization_of_address(services, address, now()).await?
        }
        (true, false) => {
            entente_domain::signin::organization_of_address(services, &format!("@{domain}"), now())
                .await?
        }
        (true, true) => None,
    };
    if let Some(tenant) = found {
        let authority = authority.to_ascii_lowercase();
        return super::authorize::authorize_in(state, tenant, Some(&authority), headers, request)
            .await;
    }
    // Ask for the address, carrying the request along; an address given that names
    // no organization is said so.
    let texts = sign_in_texts(browser_language(&headers));
    let shown = if address.is_empty() { domain } else { address };
    let action = format!("/{authority}/oauth2/v2.0/authorize");
    let hidden = hidden_fields(&request);
    let asked = FrontDoorPage {
        texts,
        action: &action,
        method: "get",
        field: "login_hint",
        hidden,
        address: shown,
        error: (!shown.is_empty()).then(|| texts.no_organization.arg("address", shown).to_string()),
        not_set_up: false,
    };
    let status = match shown.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::NOT_FOUND,
    };
    Ok(page(status, &asked))
}

/// The request's parameters but the address, as hidden fields of the address form.
fn hidden_fields(request: &AuthorizeRequest) -> Vec<(String, String)> {
    let value = serde_json::to_value(request).unwrap_or_default();
    let mut fields = Vec::new();
    if let Some(map) = value.as_object() {
        for (key, value) in map {
            if matches!(key.as_str(), "login_hint" | "domain_hint") {
                continue;
            }
            if let Some(text) = value.as_str() {
                fields.push((key.clone(), text.to_owned()));
            }
        }
    }
    fields
}

/// The tenant a logout at `/organizations` ends a session of: the one its
/// `id_token_hint` names (checked there as at the tenant's own endpoint), else the one
/// this browser is signed in at; `None` when neither says.
pub(super) async fn logout_tenant(
    state: &AppState,
    headers: &HeaderMap,
    query: &super::authorize::EndSessionQuery,
) -> Result<Option<entente_model::TenantId>, PageError> {
    if let Some(hint) = &query.id_token_hint {
        return match entente_domain::oauth::hinted_tenant(hint) {
            Some(tenant) => Ok(Some(tenant)),
            None => Err(PageError::new(
                StatusCode::BAD_REQUEST,
                |t| t.sign_out_failed_title,
                |t| t.id_token_hint_invalid,
            )),
        };
    }
    let Some(token) = crate::pages::cookie(headers, crate::pages::SESSION_COOKIE) else {
        return Ok(None);
    };
    let session = entente_domain::signin::session(&state.services, &token, now()).await?;
    Ok(session.map(|s| s.tenant_id))
}

/// The signed-out page, for a logout at `/organizations` of a browser signed in
/// nowhere: the front door leads to sign in again.
pub(super) fn signed_out(headers: &HeaderMap) -> Response {
    page(
        StatusCode::OK,
        &crate::pages::SignedOutPage {
            login_link: "/login",
            language: browser_language(headers),
        },
    )
}
