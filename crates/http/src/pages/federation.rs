//! The way to and back from a partner's own identity provider: the redirect there
//! (with the state in a cookie of this browser) and where the provider sends the
//! browser back, which opens the guest's session and goes on: an OpenID provider to
//! `/{tenant}/federation/callback`, a SAML IdP to `/{tenant}/federation/saml/acs`
//! (this tenant's SP metadata is at `/{tenant}/federation/saml`, its entity id).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::federation::login::{
    self, Begun, Callback, FederationError, Finished, LOGIN_LIFETIME, SamlPost,
};
use serde::Deserialize;

use super::signin::SESSION_COOKIE;
use super::{PageForm, cookie, set_cookie};
use crate::client_address::ClientAddress;
use crate::error::PageError;
use crate::{AppState, now};

/// The state of the browser's sign-in at a provider.
const STATE_COOKIE: &str = "entente_federation";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/federation/callback", get(callback))
        .route("/{tenant}/federation/saml", get(sp_metadata))
        .route("/{tenant}/federation/saml/acs", post(acs))
}

/// Sends the browser to the provider, keeping the state in a cookie.
pub(crate) fn to_provider(state: &AppState, begun: &Begun) -> Response {
    let target = super::registered_target(state, &begun.redirect, "/".to_owned());
    let mut response = Redirect::to(&target).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, STATE_COOKIE, &begun.state, Some(LOGIN_LIFETIME)),
    );
    response
}

#[derive(Deserialize)]
struct CallbackQuery {
    #[serde(default)]
    state: String,
    code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    Query(query): Query<CallbackQuery>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let answer = Callback {
        state: query.state,
        browser_state: cookie(&headers, STATE_COOKIE),
        code: query.code,
        error: query.error,
        error_description: query.error_description,
    };
    let finished = login::finish(
        &state.services,
        tenant.id,
        &answer,
        &client.to_string(),
        now(),
    )
    .await;
    signed_in(&state, &tenant, finished)
}

/// This tenant's SAML service provider metadata, for partners' IdPs to import.
async fn sp_metadata(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let xml = entente_domain::federation::saml::sp_metadata(&state.services.settings, tenant.id);
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/samlmetadata+xml"),
        )],
        xml,
    )
        .into_response())
}

#[derive(Deserialize)]
struct AcsForm {
    #[serde(rename = "SAMLResponse", default)]
    response: String,
    #[serde(rename = "RelayState", default)]
    relay_state: String,
    /// Set on the copy this site posted again (see [`acs`]).
    bounced: Option<String>,
}

/// The IdP's post of its Response. Posted from the IdP's site, it carries no
/// SameSite=Lax cookie, so the state cookie is missing: a page of this site posts the
/// same fields again, and that copy carries it.
async fn acs(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<AcsForm>,
) -> Result<Response, PageError> {
    let browser_state = cookie(&headers, STATE_COOKIE);
    if browser_state.is_none() && form.bounced.is_none() {
        let fields = vec![
            ("SAMLResponse", form.response),
            ("RelayState", form.relay_state),
        ];
        return Ok(crate::saml::post_again(fields));
    }
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let post = SamlPost {
        response: form.response,
        relay_state: form.relay_state,
        browser_state,
    };
    let finished = login::finish_saml(
        &state.services,
        tenant.id,
        &post,
        &client.to_string(),
        now(),
    )
    .await;
    signed_in(&state, &tenant, finished)
}

/// The answer to a finished sign-in: the guest's session cookie and the way on, or
/// the page that says what went wrong.
fn signed_in(
    state: &AppState,
    tenant: &entente_model::Tenant,
    finished: Result<Finished, FederationError>,
) -> Result<Response, PageError> {
    let finished = match finished {
        Ok(finished) => finished,
        Err(error) => return Err(failure(error, &tenant.display_name)),
    };
    state.metrics.count("logins", "federated");
    let max_age = finished.session.record.expires_at - now();
    let fallback = format!("/{}/myapps", tenant.id);
    let target = super::registered_target(state, &finished.redirect, fallback);
    let mut response = Redirect::to(&target).into_response();
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        set_cookie(
            state,
            SESSION_COOKIE,
            &finished.session.token,
            Some(max_age),
        ),
    );
    headers.append(
        header::SET_COOKIE,
        set_cookie(state, STATE_COOKIE, "", Some(0)),
    );
    Ok(response)
}

/// The page for a sign-in that did not end in a session, in the browser's language.
fn failure(error: FederationError, tenant: &str) -> PageError {
    let status = StatusCode::BAD_REQUEST;
    let title = |t: &crate::texts::errors::ErrorTexts| t.federation_title;
    match error {
        FederationError::Expired => PageError::new(status, title, |t| t.federation_expired),
        FederationError::WrongAccount { invited, account } => PageError::filled(
            status,
            title,
            |t| t.federation_wrong_account,
            &[("email", &invited), ("account", &account)],
        ),
        FederationError::Unverified { invited } => PageError::filled(
            status,
            title,
            |t| t.federation_unverified,
            &[("email", &invited)],
        ),
        FederationError::NoAccess => PageError::filled(
            StatusCode::FORBIDDEN,
            |t| t.no_access_title,
            |t| t.no_access,
            &[("tenant", tenant)],
        ),
        FederationError::NotOpen => {
            PageError::new(status, title, |t| t.federation_invitation_closed)
        }
        FederationError::AlreadyGuest => PageError::filled(
            status,
            title,
            |t| t.federation_already_guest,
            &[("tenant", tenant)],
        ),
        FederationError::Provider(why) => {
            // What the provider did wrong is for the administrators, in the log; the
            // person sees that their organization's side failed.
            tracing::warn!(reason = %why, "a sign-in at a partner's identity provider failed");
            PageError::new(StatusCode::BAD_GATEWAY, title, |t| t.federation_refused)
        }
        FederationError::CrossTenant(_) => PageError::filled(
            StatusCode::FORBIDDEN,
            |t| t.cross_tenant_title,
            |t| t.cross_tenant_inbound,
            &[("tenant", tenant)],
        ),
        FederationError::Domain(error) => error.into(),
    }
}
