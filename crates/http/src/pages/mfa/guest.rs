//! The second factor a guest gives a resource tenant that requires MFA of guests and
//! does not take (or did not get) the home tenant's: `/{tenant}/mfa/guest` asks for a
//! code of the authenticator app enrolled with this tenant on the guest object, or sets
//! one up, then sends the browser back to `return_to` (a local path; the authorization
//! request or My Apps).
//!
//! The browser keeps its home session throughout; nothing here creates a session. The
//! domain records the proof against that session, and `session_in_tenant` reads it.
//! The pages speak the browser's language (`Accept-Language`).

use crate::texts::signin::{SignInTexts, for_language as sign_in_texts};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use entente_domain::invitations::redeem::{self, TenantSession};
use entente_domain::mfa::{Enrolment, GuestChallenge, GuestFactorOutcome};
use entente_model::Tenant;
use serde::Deserialize;

use super::{no_store, with_cookie};
use crate::client_address::ClientAddress;
use crate::error::PageError;
use crate::pages::{
    PageForm, SESSION_COOKIE, browser_language, check_csrf, cookie, csrf, local_return_path, page,
};
use crate::{AppState, now};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/{tenant}/mfa/guest", get(show).post(submit))
}

#[derive(Template)]
#[template(path = "mfa_guest_code.html")]
struct GuestCodePage<'a> {
    texts: &'static SignInTexts,
    tenant_name: &'a str,
    /// What the tenant asks of guests; names the tenant.
    intro: String,
    /// Who resets a lost app; names the tenant.
    lost_app: String,
    action: String,
    csrf: &'a str,
    return_to: &'a str,
    error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "mfa_guest_enrol.html")]
struct GuestEnrolPage<'a> {
    texts: &'static SignInTexts,
    tenant_name: &'a str,
    /// What the tenant asks of guests and how to set the app up; names the tenant.
    intro: String,
    action: String,
    csrf: &'a str,
    return_to: &'a str,
    otpauth_uri: &'a str,
    secret: &'a str,
    error: Option<&'a str>,
}

#[derive(Deserialize)]
struct ReturnQuery {
    return_to: Option<String>,
}

#[derive(Deserialize)]
struct GuestCodeForm {
    code: String,
    csrf: String,
    return_to: Option<String>,
}

/// Where the browser stands with this tenant's demand for a guest second factor.
enum Standing {
    Due(GuestChallenge),
    /// Nothing is owed (any more): go on.
    Done,
    /// No home session, or one whose guest may not sign in here.
    SignIn,
}

async fn show(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    Query(query): Query<ReturnQuery>,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let return_to = return_path(&state, &tenant, query.return_to.as_deref());
    let challenge = match standing(&state, &tenant, &headers).await? {
        Standing::Due(challenge) => challenge,
        Standing::Done => return Ok(Redirect::to(&return_to).into_response()),
        Standing::SignIn => return Ok(to_login(&tenant, &return_to)),
    };
    let (token, new_cookie) = csrf(&state, &headers);
    let texts = sign_in_texts(browser_language(&headers));
    let response = if challenge.must_enrol {
        let enrolment =
            entente_domain::mfa::start_guest_enrolment(&state.services, &challenge, now()).await?;
        enrol_page(
            &tenant,
            texts,
            &enrolment,
            &token,
            &return_to,
            None,
            StatusCode::OK,
        )
    } else {
        code_page(&tenant, texts, &token, &return_to, None, StatusCode::OK)
    };
    Ok(with_cookie(response, new_cookie))
}

async fn submit(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<GuestCodeForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let return_to = return_path(&state, &tenant, form.return_to.as_deref());
    let challenge = match standing(&state, &tenant, &headers).await? {
        Standing::Due(challenge) => challenge,
        Standing::Done => return Ok(Redirect::to(&return_to).into_response()),
        Standing::SignIn => return Ok(to_login(&tenant, &return_to)),
    };
    let outcome = entente_domain::mfa::prove_guest_factor(
        &state.services,
        &challenge,
        &form.code,
        &client.to_string(),
        now(),
    )
    .await?;
    let texts = sign_in_texts(browser_language(&headers));
    match outcome {
        GuestFactorOutcome::Proven => {
            state.metrics.count("logins", "guest_second_factor");
            Ok(Redirect::to(&return_to).into_response())
        }
        GuestFactorOutcome::Rejected(Some(enrolment)) => Ok(enrol_page(
            &tenant,
            texts,
            &enrolment,
            &form.csrf,
            &return_to,
            Some(texts.code_mismatch),
            StatusCode::BAD_REQUEST,
        )),
        GuestFactorOutcome::Rejected(None) => {
            state.metrics.count("logins", "second_factor_rejected");
            Ok(code_page(
                &tenant,
                texts,
                &form.csrf,
                &return_to,
                Some(texts.code_incorrect),
                StatusCode::UNAUTHORIZED,
            ))
        }
        GuestFactorOutcome::Throttled { retry_after } => {
            state.metrics.count("logins", "throttled");
            let seconds = retry_after;
            let message = texts.too_many_attempts.arg("seconds", seconds).to_string();
            let mut response = code_page(
                &tenant,
                texts,
                &form.csrf,
                &return_to,
                Some(&message),
                StatusCode::TOO_MANY_REQUESTS,
            );
            if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
    }
}

/// The browser's home session as this tenant sees it.
async fn standing(
    state: &AppState,
    tenant: &Tenant,
    headers: &HeaderMap,
) -> Result<Standing, PageError> {
    let session = match cookie(headers, SESSION_COOKIE) {
        Some(token) => entente_domain::signin::session(&state.services, &token, now()).await?,
        None => None,
    };
    let Some(session) = session else {
        return Ok(Standing::SignIn);
    };
    Ok(
        match redeem::session_in_tenant(&state.services, tenant.id, session, now()).await? {
            TenantSession::SecondFactorDue(challenge) => Standing::Due(challenge),
            TenantSession::Ready(_) => Standing::Done,
            TenantSession::NoAccess => Standing::SignIn,
            TenantSession::Refused(refusal) => {
                return Err(crate::pages::cross_tenant_refusal(state, tenant.id, &refusal).await?);
            }
        },
    )
}

fn return_path(state: &AppState, tenant: &Tenant, candidate: Option<&str>) -> String {
    local_return_path(state, candidate, format!("/{}/myapps", tenant.id))
}

fn to_login(tenant: &Tenant, return_to: &str) -> Response {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("return_to", return_to)
        .finish();
    Redirect::to(&format!("/{}/login?{query}", tenant.id)).into_response()
}

fn code_page(
    tenant: &Tenant,
    texts: &'static SignInTexts,
    csrf: &str,
    return_to: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    page(
        status,
        &GuestCodePage {
            texts,
            tenant_name: &tenant.display_name,
            intro: texts
                .guest_code_intro
                .arg("tenant", &tenant.display_name)
                .to_string(),
            lost_app: texts
                .guest_lost_app
                .arg("tenant", &tenant.display_name)
                .to_string(),
            action: format!("/{}/mfa/guest", tenant.id),
            csrf,
            return_to,
            error,
        },
    )
}

fn enrol_page(
    tenant: &Tenant,
    texts: &'static SignInTexts,
    enrolment: &Enrolment,
    csrf: &str,
    return_to: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    no_store(page(
        status,
        &GuestEnrolPage {
            texts,
            tenant_name: &tenant.display_name,
            intro: texts
                .guest_enrol_intro
                .arg("tenant", &tenant.display_name)
                .to_string(),
            action: format!("/{}/mfa/guest", tenant.id),
            csrf,
            return_to,
            otpauth_uri: &enrolment.otpauth_uri,
            secret: &enrolment.secret_base32,
            error,
        },
    ))
}
