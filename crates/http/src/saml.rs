//! The SAML 2.0 identity provider's endpoints, per tenant:
//!
//! * `GET /{tenant}/saml2/metadata`: the IdP metadata;
//! * `GET|POST /{tenant}/saml2`: single sign-on, HTTP-Redirect or HTTP-POST binding;
//! * `GET /{tenant}/saml2/continue/{id}`: back from signing in, the kept request answered;
//! * `GET /{tenant}/saml2/launch/{app}`: IdP-initiated sign-in, from My Apps;
//! * `GET|POST /{tenant}/saml2/logout`: SP-initiated single logout.
//!
//! Responses reach the service provider by the HTTP-POST binding: a page that posts
//! itself (the same one the OIDC `form_post` response mode uses).

use axum::Router;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use entente_domain::invitations::redeem::TenantSession;
use entente_domain::saml::request::{Binding, Incoming};
use entente_domain::saml::sso::Answer;
use entente_domain::saml::{self, SamlFailure};
use entente_model::{AppId, Tenant};
use entente_storage::SamlRequestRecord;
use serde::Deserialize;

use crate::error::PageError;
use crate::oidc::authorize::FormPostPage;
use crate::pages::{PageForm, SESSION_COOKIE, cookie, page, set_cookie};
use crate::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/saml2/metadata", get(metadata))
        .route("/{tenant}/saml2", get(sso_redirect).post(sso_post))
        .route("/{tenant}/saml2/continue/{id}", get(resume))
        .route("/{tenant}/saml2/launch/{app}", get(launch))
        .route(
            "/{tenant}/saml2/logout",
            get(logout_redirect).post(logout_post),
        )
}

/// The parameters of both bindings.
#[derive(Deserialize)]
struct SamlParams {
    #[serde(rename = "SAMLRequest")]
    request: Option<String>,
    #[serde(rename = "RelayState")]
    relay_state: Option<String>,
    #[serde(rename = "SigAlg")]
    sig_alg: Option<String>,
    #[serde(rename = "Signature")]
    signature: Option<String>,
    /// Set on the copy of a cross-site post that this site posted again (see
    /// [`bounce`]).
    bounced: Option<String>,
}

fn incoming(
    binding: Binding,
    params: SamlParams,
    raw_query: Option<String>,
) -> Result<Incoming, PageError> {
    let message = params
        .request
        .ok_or_else(|| PageError::invalid("the SAMLRequest parameter is missing"))?;
    Ok(Incoming {
        binding,
        message,
        relay_state: params.relay_state,
        sig_alg: params.sig_alg,
        signature: params.signature,
        raw_query,
    })
}

async fn tenant_of(state: &AppState, segment: &str) -> Result<std::sync::Arc<Tenant>, PageError> {
    Ok(entente_domain::oauth::resolve_tenant(&state.services, segment, now()).await?)
}

async fn metadata(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
) -> Result<Response, PageError> {
    let tenant = tenant_of(&state, &tenant).await?;
    let xml = saml::metadata::idp_metadata(&state.services, tenant.id, now()).await?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/samlmetadata+xml"),
        )],
        xml,
    )
        .into_response())
}

async fn sso_redirect(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    Query(params): Query<SamlParams>,
) -> Result<Response, PageError> {
    let incoming = incoming(Binding::Redirect, params, raw)?;
    sso(state, tenant, headers, incoming).await
}

async fn sso_post(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    PageForm(params): PageForm<SamlParams>,
) -> Result<Response, PageError> {
    if let Some(page) = bounce(&headers, &params) {
        return Ok(page);
    }
    let incoming = incoming(Binding::Post, params, None)?;
    sso(state, tenant, headers, incoming).await
}

/// A post from the service provider's site does not carry the browser's session
/// cookie (SameSite=Lax). Posting the same fields again from a page of this site does,
/// so a signed-in user is answered (or signed out) without a sign-in page and without
/// the request being stored. `None` when the cookie came, or this is the copy.
fn bounce(headers: &HeaderMap, params: &SamlParams) -> Option<Response> {
    if cookie(headers, SESSION_COOKIE).is_some() || params.bounced.is_some() {
        return None;
    }
    let mut fields = vec![("SAMLRequest", params.request.clone()?)];
    fields.extend(params.relay_state.clone().map(|r| ("RelayState", r)));
    Some(post_again(fields))
}

/// A page of this site that posts `fields` again to the same address, marked
/// `bounced=1`: the copy of a cross-site post, which carries the SameSite=Lax cookies
/// the original could not (the IdP's SSO endpoint here, the SP's ACS for federation).
pub(crate) fn post_again(mut fields: Vec<(&'static str, String)>) -> Response {
    fields.push(("bounced", "1".to_owned()));
    page(StatusCode::OK, &FormPostPage { action: "", fields })
}

async fn sso(
    state: AppState,
    tenant: String,
    headers: HeaderMap,
    incoming: Incoming,
) -> Result<Response, PageError> {
    let tenant = tenant_of(&state, &tenant).await?;
    let received = match saml::sso::receive(&state.services, tenant.id, &incoming, now()).await {
        Ok(received) => received,
        Err(failure) => return failed(failure),
    };
    let session = crate::pages::tenant_session(&state, tenant.id, &headers).await?;
    if received.is_passive && !matches!(session.0, TenantSession::Ready(_)) {
        let answer = saml::sso::no_passive(&state.services, &received.pending, now()).await?;
        return Ok(post_to(&answer));
    }
    // Over the Redirect binding the same address brings the request back after signing
    // in, so nothing is stored for a browser that is not signed in (ForceAuthn needs
    // the time the request came, so it is kept).
    let again = match (&incoming.raw_query, incoming.binding) {
        (Some(query), Binding::Redirect) if !received.pending.force_authn => {
            Some(format!("/{}/saml2?{query}", tenant.id))
        }
        _ => None,
    };
    continue_with(&state, &tenant, &received.pending, Kept::No(again), session).await
}

async fn resume(
    State(state): State<AppState>,
    Path((tenant, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tenant = tenant_of(&state, &tenant).await?;
    let id: uuid::Uuid = id.parse().map_err(|_| PageError::not_found())?;
    let pending = saml::sso::pending(&state.services, tenant.id, id, now())
        .await?
        .ok_or_else(PageError::not_found)?;
    let session = crate::pages::tenant_session(&state, tenant.id, &headers).await?;
    continue_with(&state, &tenant, &pending, Kept::Yes, session).await
}

/// Whether a request is kept in the database already, and if not, the address that
/// brings it again (if any) instead of keeping it.
enum Kept {
    Yes,
    No(Option<String>),
}

/// Answers a request for a signed-in user at once, or sends the browser to sign in
/// (or to prove the guest's second factor) and back: to the request's own address
/// when it has one, else to the continuation of the request, kept for it.
async fn continue_with(
    state: &AppState,
    tenant: &Tenant,
    pending: &SamlRequestRecord,
    kept: Kept,
    (session, signed_in): (TenantSession, bool),
) -> Result<Response, PageError> {
    let is_kept = matches!(kept, Kept::Yes);
    match session {
        TenantSession::Ready(session) if saml::sso::session_satisfies(pending, &session) => {
            match saml::sso::answer(&state.services, pending, is_kept, &session, now()).await {
                Ok(answer) => Ok(post_to(&answer)),
                Err(failure) => failed(failure),
            }
        }
        TenantSession::NoAccess if signed_in => {
            let answer = saml::sso::no_access(&state.services, pending, is_kept, now()).await?;
            Ok(post_to(&answer))
        }
        session => {
            let back = match kept {
                Kept::No(Some(again)) => again,
                Kept::No(None) => {
                    saml::sso::keep(&state.services, pending).await?;
                    format!("/{}/saml2/continue/{}", tenant.id, pending.id)
                }
                Kept::Yes => format!("/{}/saml2/continue/{}", tenant.id, pending.id),
            };
            let to = match session {
                TenantSession::SecondFactorDue(_) => {
                    with_return(&format!("/{}/mfa/guest", tenant.id), &back, false)
                }
                _ => with_return(&format!("/{}/login", tenant.id), &back, pending.force_authn),
            };
            Ok(Redirect::to(&to).into_response())
        }
    }
}

async fn launch(
    State(state): State<AppState>,
    Path((tenant, app)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tenant = tenant_of(&state, &tenant).await?;
    let app: AppId = app.parse().map_err(|_| PageError::not_found())?;
    let back = format!("/{}/saml2/launch/{app}", tenant.id);
    match crate::pages::tenant_session(&state, tenant.id, &headers).await? {
        (TenantSession::Ready(session), _) => {
            match saml::sso::launch(&state.services, tenant.id, app, &session, now()).await {
                Ok(answer) => Ok(post_to(&answer)),
                Err(failure) => failed(failure),
            }
        }
        (TenantSession::SecondFactorDue(_), _) => Ok(Redirect::to(&with_return(
            &format!("/{}/mfa/guest", tenant.id),
            &back,
            false,
        ))
        .into_response()),
        // `tenant_session` answers a refusal as its page already.
        (TenantSession::NoAccess, true) | (TenantSession::Refused(_), _) => Err(PageError::filled(
            StatusCode::FORBIDDEN,
            |t| t.no_access_title,
            |t| t.no_access,
            &[("tenant", &tenant.display_name)],
        )
        .with_sign_out(tenant.id)),
        (TenantSession::NoAccess, false) => {
            Ok(
                Redirect::to(&with_return(&format!("/{}/login", tenant.id), &back, false))
                    .into_response(),
            )
        }
    }
}

async fn logout_redirect(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    Query(params): Query<SamlParams>,
) -> Result<Response, PageError> {
    let incoming = incoming(Binding::Redirect, params, raw)?;
    logout(state, tenant, headers, incoming).await
}

async fn logout_post(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    PageForm(params): PageForm<SamlParams>,
) -> Result<Response, PageError> {
    if let Some(page) = bounce(&headers, &params) {
        return Ok(page);
    }
    let incoming = incoming(Binding::Post, params, None)?;
    logout(state, tenant, headers, incoming).await
}

async fn logout(
    state: AppState,
    tenant: String,
    headers: HeaderMap,
    incoming: Incoming,
) -> Result<Response, PageError> {
    let tenant = tenant_of(&state, &tenant).await?;
    let answer = match saml::logout::receive(&state.services, tenant.id, &incoming, now()).await {
        Ok(answer) => answer,
        Err(failure) => return failed(failure),
    };
    crate::pages::end_browser_session(&state, &headers).await?;
    let mut fields = vec![("SAMLResponse", answer.saml_response.clone())];
    fields.extend(answer.relay_state.clone().map(|r| ("RelayState", r)));
    let mut response = page(
        StatusCode::OK,
        &FormPostPage {
            action: &answer.url,
            fields,
        },
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    Ok(response)
}

fn with_return(path: &str, back: &str, force: bool) -> String {
    if force {
        crate::pages::with_query(path, &[("return_to", back), ("prompt", "login")])
    } else {
        crate::pages::with_query(path, &[("return_to", back)])
    }
}

/// The page that posts a response to the service provider.
fn post_to(answer: &Answer) -> Response {
    let mut fields = vec![("SAMLResponse", answer.saml_response.clone())];
    fields.extend(answer.relay_state.clone().map(|r| ("RelayState", r)));
    page(
        StatusCode::OK,
        &FormPostPage {
            action: &answer.acs_url,
            fields,
        },
    )
}

fn failed(failure: SamlFailure) -> Result<Response, PageError> {
    match failure {
        SamlFailure::Respond(answer) => Ok(post_to(&answer)),
        SamlFailure::Page(reason) => Err(PageError::said(
            StatusCode::BAD_REQUEST,
            |t| t.sign_in_request_title,
            reason,
        )),
        SamlFailure::Domain(error) => Err(error.into()),
    }
}
