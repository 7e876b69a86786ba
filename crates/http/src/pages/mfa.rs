//! Second factors in the browser: the code page that completes a pending sign-in, the
//! recovery code page, setting up an authenticator app (mid sign-in or from the
//! account page), the recovery codes shown once after it, and removing the app. The
//! `guest` module is the second factor a guest gives a resource tenant.
//!
//! The pending sign-in travels in its own HttpOnly cookie, separate from the session
//! cookie, so a half-done sign-in can never be mistaken for a session. Pages holding a
//! secret (the TOTP key, recovery codes) are sent with `Cache-Control: no-store`.
//! Every page speaks the browser's language (`Accept-Language`).

mod guest;

use crate::client_address::ClientAddress;

use crate::texts::signin::{SignInTexts, for_language as sign_in_texts};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::mfa::{
    AccountHolder, Enrolment, EnrolmentOutcome, PENDING_LIFETIME, SecondFactorOutcome,
};
use entente_model::{Tenant, TenantId};
use serde::Deserialize;

use super::{
    PageForm, SESSION_COOKIE, browser_language, check_csrf, cookie, csrf, page, set_cookie,
};
use crate::error::PageError;
use crate::{AppState, now};

/// The cookie holding a pending sign-in's token.
pub const PENDING_COOKIE: &str = "entente_mfa";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/mfa", get(show_code).post(submit_code))
        .route(
            "/{tenant}/mfa/recovery",
            get(show_recovery).post(submit_recovery),
        )
        .route("/{tenant}/mfa/enrol", get(show_enrol).post(submit_enrol))
        .route("/{tenant}/mfa/remove", post(remove_app))
        .merge(guest::router())
}

/// The answer to a right password that still needs a second factor: the pending
/// cookie, and the way to the code page or, without an app yet, to setting one up.
pub(super) fn to_second_factor(
    state: &AppState,
    tenant: TenantId,
    pending_token: &str,
    must_enrol: bool,
) -> Response {
    let path = if must_enrol {
        format!("/{tenant}/mfa/enrol")
    } else {
        format!("/{tenant}/mfa")
    };
    let mut response = Redirect::to(&path).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, PENDING_COOKIE, pending_token, Some(PENDING_LIFETIME)),
    );
    response
}

#[derive(Template)]
#[template(path = "mfa_code.html")]
struct CodePage<'a> {
    texts: &'static SignInTexts,
    tenant_name: &'a str,
    action: String,
    csrf: &'a str,
    recovery_link: String,
    error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "mfa_recovery.html")]
struct RecoveryPage<'a> {
    texts: &'static SignInTexts,
    tenant_name: &'a str,
    action: String,
    csrf: &'a str,
    code_link: String,
    error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "mfa_enrol.html")]
struct EnrolPage<'a> {
    texts: &'static SignInTexts,
    tenant_name: &'a str,
    /// What the tenant asks for and how to set the app up; names the tenant.
    intro: String,
    action: String,
    csrf: &'a str,
    otpauth_uri: &'a str,
    secret: &'a str,
    error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "mfa_recovery_codes.html")]
struct RecoveryCodesPage<'a> {
    texts: &'static SignInTexts,
    tenant_name: &'a str,
    recovery_codes: &'a [String],
    continue_link: &'a str,
}

#[derive(Template)]
#[template(path = "mfa_manage.html")]
struct ManagePage<'a> {
    texts: &'static SignInTexts,
    tenant_name: &'a str,
    remove_action: String,
    account_link: String,
    csrf: &'a str,
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

#[derive(Deserialize)]
struct CodeForm {
    code: String,
    csrf: String,
}

/// Which second factor a page asks for.
#[derive(Clone, Copy)]
enum Factor {
    Code,
    Recovery,
}

async fn show_code(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    show_factor(state, tenant, headers, Factor::Code).await
}

async fn show_recovery(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    show_factor(state, tenant, headers, Factor::Recovery).await
}

async fn show_factor(
    state: AppState,
    tenant: String,
    headers: HeaderMap,
    factor: Factor,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let pending = match cookie(&headers, PENDING_COOKIE) {
        Some(token) => {
            entente_domain::mfa::pending_sign_in(&state.services, tenant.id, &token, now()).await?
        }
        None => None,
    };
    let Some(pending) = pending else {
        return Ok(to_login(&tenant));
    };
    if pending.must_enrol {
        return Ok(Redirect::to(&format!("/{}/mfa/enrol", tenant.id)).into_response());
    }
    let (token, new_cookie) = csrf(&state, &headers);
    let texts = sign_in_texts(browser_language(&headers));
    let response = factor_page(&tenant, texts, factor, &token, None, StatusCode::OK);
    Ok(with_cookie(response, new_cookie))
}

async fn submit_code(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<CodeForm>,
) -> Result<Response, PageError> {
    submit_factor(state, tenant, client, headers, form, Factor::Code).await
}

async fn submit_recovery(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<CodeForm>,
) -> Result<Response, PageError> {
    submit_factor(state, tenant, client, headers, form, Factor::Recovery).await
}

async fn submit_factor(
    state: AppState,
    tenant: String,
    client: std::net::IpAddr,
    headers: HeaderMap,
    form: CodeForm,
    factor: Factor,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let texts = sign_in_texts(browser_language(&headers));
    let pending = cookie(&headers, PENDING_COOKIE).unwrap_or_default();
    let source = client.to_string();
    let services = &state.services;
    let outcome = match factor {
        Factor::Code => {
            entente_domain::mfa::verify_code(
                services,
                tenant.id,
                &pending,
                &form.code,
                &source,
                now(),
            )
            .await?
        }
        Factor::Recovery => {
            entente_domain::mfa::use_recovery_code(
                services,
                tenant.id,
                &pending,
                &form.code,
                &source,
                now(),
            )
            .await?
        }
    };
    match outcome {
        SecondFactorOutcome::SignedIn { session, return_to } => {
            state.metrics.count("logins", "success");
            let return_to = super::local_return_path(
                &state,
                Some(&return_to),
                format!("/{}/account", tenant.id),
            );
            let mut response = Redirect::to(&return_to).into_response();
            set_session_cookies(
                &state,
                &mut response,
                &session.token,
                session.record.expires_at,
            );
            Ok(response)
        }
        SecondFactorOutcome::Rejected => {
            state.metrics.count("logins", "second_factor_rejected");
            let message = match factor {
                Factor::Code => texts.code_incorrect,
                Factor::Recovery => texts.recovery_code_incorrect,
            };
            Ok(factor_page(
                &tenant,
                texts,
                factor,
                &form.csrf,
                Some(message),
                StatusCode::UNAUTHORIZED,
            ))
        }
        SecondFactorOutcome::Throttled { retry_after } => {
            state.metrics.count("logins", "throttled");
            let seconds = retry_after;
            let message = texts.too_many_attempts.arg("seconds", seconds).to_string();
            let mut response = factor_page(
                &tenant,
                texts,
                factor,
                &form.csrf,
                Some(&message),
                StatusCode::TOO_MANY_REQUESTS,
            );
            if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            Ok(response)
        }
        SecondFactorOutcome::Expired => Ok(to_login(&tenant)),
    }
}

async fn show_enrol(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let Some(holder) = account_holder(&state, tenant.id, &headers).await? else {
        return Ok(to_login(&tenant));
    };
    let (token, new_cookie) = csrf(&state, &headers);
    let texts = sign_in_texts(browser_language(&headers));
    let response = match entente_domain::mfa::start_enrolment(&state.services, &holder, now()).await
    {
        Ok(enrolment) => enrol_page(&tenant, texts, &enrolment, &token, None, StatusCode::OK),
        // Someone with an app already who got here mid sign-in just needs the code page;
        // signed in, they may remove it to set up another.
        Err(DomainError::Conflict(_)) if !holder.is_signed_in() => {
            Redirect::to(&format!("/{}/mfa", tenant.id)).into_response()
        }
        Err(DomainError::Conflict(_)) => {
            let manage_page = ManagePage {
                texts,
                tenant_name: &tenant.display_name,
                remove_action: format!("/{}/mfa/remove", tenant.id),
                account_link: format!("/{}/account", tenant.id),
                csrf: &token,
            };
            page(StatusCode::OK, &manage_page)
        }
        Err(e) => return Err(e.into()),
    };
    Ok(with_cookie(response, new_cookie))
}

async fn submit_enrol(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<CodeForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let Some(holder) = account_holder(&state, tenant.id, &headers).await? else {
        return Ok(to_login(&tenant));
    };
    let texts = sign_in_texts(browser_language(&headers));
    let outcome = entente_domain::mfa::confirm_enrolment(
        &state.services,
        &holder,
        &form.code,
        &client.to_string(),
        now(),
    )
    .await?;
    match outcome {
        EnrolmentOutcome::Confirmed {
            recovery_codes,
            session,
            return_to,
        } => {
            let continue_link = super::local_return_path(
                &state,
                return_to.as_deref(),
                format!("/{}/account", tenant.id),
            );
            let codes_page = RecoveryCodesPage {
                texts,
                tenant_name: &tenant.display_name,
                recovery_codes: &recovery_codes,
                continue_link: &continue_link,
            };
            let mut response = no_store(page(StatusCode::OK, &codes_page));
            if let Some(session) = session {
                state.metrics.count("logins", "success");
                set_session_cookies(
                    &state,
                    &mut response,
                    &session.token,
                    session.record.expires_at,
                );
            }
            Ok(response)
        }
        EnrolmentOutcome::WrongCode(enrolment) => Ok(enrol_page(
            &tenant,
            texts,
            &enrolment,
            &form.csrf,
            Some(texts.code_mismatch),
            StatusCode::BAD_REQUEST,
        )),
    }
}

/// Removes the signed-in member's own app; a pending sign-in is not enough for this.
async fn remove_app(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    PageForm(form): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let holder = match cookie(&headers, SESSION_COOKIE) {
        Some(token) => {
            entente_domain::mfa::holder_from_session(&state.services, tenant.id, &token, now())
                .await?
        }
        None => None,
    };
    let Some(holder) = holder else {
        return Ok(to_login(&tenant));
    };
    entente_domain::mfa::remove_own_enrolment(&state.services, &holder, now()).await?;
    Ok(Redirect::to(&format!("/{}/account", tenant.id)).into_response())
}

/// Who is setting up an app: the pending sign-in of this browser if there is one,
/// otherwise its session.
async fn account_holder(
    state: &AppState,
    tenant: TenantId,
    headers: &HeaderMap,
) -> Result<Option<AccountHolder>, PageError> {
    if let Some(token) = cookie(headers, PENDING_COOKIE) {
        let holder =
            entente_domain::mfa::holder_from_pending(&state.services, tenant, &token, now())
                .await?;
        if holder.is_some() {
            return Ok(holder);
        }
    }
    match cookie(headers, SESSION_COOKIE) {
        Some(token) => {
            Ok(
                entente_domain::mfa::holder_from_session(&state.services, tenant, &token, now())
                    .await?,
            )
        }
        None => Ok(None),
    }
}

fn factor_page(
    tenant: &Tenant,
    texts: &'static SignInTexts,
    factor: Factor,
    csrf: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    match factor {
        Factor::Code => page(
            status,
            &CodePage {
                texts,
                tenant_name: &tenant.display_name,
                action: format!("/{}/mfa", tenant.id),
                csrf,
                recovery_link: format!("/{}/mfa/recovery", tenant.id),
                error,
            },
        ),
        Factor::Recovery => page(
            status,
            &RecoveryPage {
                texts,
                tenant_name: &tenant.display_name,
                action: format!("/{}/mfa/recovery", tenant.id),
                csrf,
                code_link: format!("/{}/mfa", tenant.id),
                error,
            },
        ),
    }
}

fn enrol_page(
    tenant: &Tenant,
    texts: &'static SignInTexts,
    enrolment: &Enrolment,
    csrf: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    no_store(page(
        status,
        &EnrolPage {
            texts,
            tenant_name: &tenant.display_name,
            intro: texts
                .enrol_intro
                .arg("tenant", &tenant.display_name)
                .to_string(),
            action: format!("/{}/mfa/enrol", tenant.id),
            csrf,
            otpauth_uri: &enrolment.otpauth_uri,
            secret: &enrolment.secret_base32,
            error,
        },
    ))
}

/// Sets the session cookie exactly as the password sign-in does, and drops the
/// pending sign-in's cookie, which has served its purpose.
fn set_session_cookies(state: &AppState, response: &mut Response, token: &str, expires_at: i64) {
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        set_cookie(state, SESSION_COOKIE, token, Some(expires_at - now())),
    );
    headers.append(
        header::SET_COOKIE,
        set_cookie(state, PENDING_COOKIE, "", Some(0)),
    );
}

fn to_login(tenant: &Tenant) -> Response {
    Redirect::to(&format!("/{}/login", tenant.id)).into_response()
}

fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// Keeps pages that show a secret out of every cache.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
