//! Signing in by a one-time code sent to the address, for accounts of unmanaged
//! tenants, which have no password.
//!
//! The sign-in page hands a login over here when it belongs to an unmanaged tenant's
//! domain; the code form then posts to `/{tenant}/login/code/verify`, and
//! `/{tenant}/login/code` sends a new code. The page reads the same whether or not an
//! account has the address: which it is, is the domain's secret to keep. The page and
//! the code's email speak the browser's language (`Accept-Language`).
//!
//! Sending a code also sets the binding cookie ([`BINDING_COOKIE`], HttpOnly,
//! SameSite=Lax, only sent to `/{tenant}/login/code`): a guess without it is never
//! checked against the code, so nobody but the asking browser can use up its owner's
//! code ([`entente_domain::email_codes`]). Too many requests or wrong guesses from one
//! source are answered 429 with `Retry-After`.

use std::net::IpAddr;

use crate::texts::signin::{SignInTexts, for_language as sign_in_texts};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use entente_domain::email_codes::Wait;
use entente_domain::invitations::Language;
use entente_domain::invitations::redeem::CODE_LIFETIME_MINUTES;
use entente_domain::signin_code::{self, SignInCodeError};
use entente_model::Tenant;
use serde::Deserialize;

use super::signin::SESSION_COOKIE;
use super::{PageForm, browser_language, check_csrf, cookie, local_return_path, page, set_cookie};
use crate::client_address::ClientAddress;
use crate::error::PageError;
use crate::{AppState, now};

/// The cookie binding a code to the browser that asked for it.
const BINDING_COOKIE: &str = "entente_code_binding";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/login/code", post(send_again))
        .route("/{tenant}/login/code/verify", post(verify))
}

/// Sends a code for a login typed at `tenant`'s sign-in page and answers with the
/// code form, both in `language`, or `None` when the login is not an unmanaged
/// tenant's account (it goes on with a password). `client` is the asking source.
pub(super) async fn offer_code(
    state: &AppState,
    tenant: &Tenant,
    login: &str,
    return_to: &str,
    csrf: &str,
    language: Language,
    client: IpAddr,
) -> Result<Option<Response>, PageError> {
    let source = client.to_string();
    let sent =
        signin_code::send_code(&state.services, tenant.id, login, language, &source, now()).await;
    let form = CodeForm {
        texts: sign_in_texts(language),
        tenant,
        csrf,
        return_to,
        login,
    };
    match sent {
        Ok(None) => Ok(None),
        Ok(Some(sent)) => {
            state.metrics.count("logins", "code_sent");
            let code_id = sent.id.to_string();
            let mut response = form.show(StatusCode::OK, Some(code_id.as_str()), None);
            response.headers_mut().append(
                header::SET_COOKIE,
                binding_cookie(state, tenant, &sent.binding),
            );
            Ok(Some(response))
        }
        Err(SignInCodeError::TooManyCodes(wait)) => {
            let minutes = wait.minutes();
            let message = form
                .texts
                .too_many_codes
                .arg("minutes", minutes)
                .to_string();
            Ok(Some(retry_later(
                form.show(StatusCode::TOO_MANY_REQUESTS, None, Some(&message)),
                wait,
            )))
        }
        Err(SignInCodeError::BadCode | SignInCodeError::TooManyGuesses(_)) => Err(PageError::from(
            entente_domain::DomainError::internal("sending a code found a bad code"),
        )),
        Err(SignInCodeError::Domain(error)) => Err(error.into()),
    }
}

#[derive(Deserialize)]
struct SendForm {
    csrf: String,
    login: String,
    return_to: Option<String>,
}

async fn send_again(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<SendForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let return_to = local_return_path(
        &state,
        form.return_to.as_deref(),
        format!("/{}/account", tenant.id),
    );
    let language = browser_language(&headers);
    match offer_code(
        &state,
        &tenant,
        &form.login,
        &return_to,
        &form.csrf,
        language,
        client,
    )
    .await?
    {
        Some(response) => Ok(response),
        // Not (or no longer) an unmanaged account: back to the password form.
        None => Ok(Redirect::to(&format!("/{}/login", tenant.id)).into_response()),
    }
}

#[derive(Deserialize)]
struct VerifyForm {
    csrf: String,
    login: String,
    code_id: String,
    code: String,
    return_to: Option<String>,
}

async fn verify(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<VerifyForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let return_to = local_return_path(
        &state,
        form.return_to.as_deref(),
        format!("/{}/account", tenant.id),
    );
    let outcome = match form.code_id.parse() {
        Ok(code_id) => {
            let source = client.to_string();
            let binding = cookie(&headers, BINDING_COOKIE);
            signin_code::verify_code(
                &state.services,
                tenant.id,
                code_id,
                &form.code,
                binding.as_deref(),
                &source,
                now(),
            )
            .await
        }
        Err(_) => Err(SignInCodeError::BadCode),
    };
    match outcome {
        Ok(session) => {
            state.metrics.count("logins", "success");
            let max_age = session.record.expires_at - now();
            let mut response = Redirect::to(&return_to).into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&state, SESSION_COOKIE, &session.token, Some(max_age)),
            );
            response.headers_mut().append(
                header::SET_COOKIE,
                binding_cookie_with_age(&state, &tenant, "", 0),
            );
            Ok(response)
        }
        Err(
            error @ (SignInCodeError::BadCode
            | SignInCodeError::TooManyCodes(_)
            | SignInCodeError::TooManyGuesses(_)),
        ) => {
            state.metrics.count("logins", "rejected");
            // Stay on the code form: another try needs no new email.
            let form_view = CodeForm {
                texts: sign_in_texts(browser_language(&headers)),
                tenant: &tenant,
                csrf: &form.csrf,
                return_to: &return_to,
                login: &form.login,
            };
            let code_id = Some(form.code_id.as_str());
            Ok(match error {
                SignInCodeError::TooManyGuesses(wait) | SignInCodeError::TooManyCodes(wait) => {
                    let seconds = wait.retry_after;
                    let message = form_view
                        .texts
                        .too_many_attempts
                        .arg("seconds", seconds)
                        .to_string();
                    retry_later(
                        form_view.show(StatusCode::TOO_MANY_REQUESTS, code_id, Some(&message)),
                        wait,
                    )
                }
                _ => form_view.show(
                    StatusCode::BAD_REQUEST,
                    code_id,
                    Some(form_view.texts.code_wrong),
                ),
            })
        }
        Err(SignInCodeError::Domain(error)) => Err(error.into()),
    }
}

/// The binding cookie of a code just sent, for as long as the code lives.
fn binding_cookie(state: &AppState, tenant: &Tenant, value: &str) -> HeaderValue {
    binding_cookie_with_age(state, tenant, value, i64::from(CODE_LIFETIME_MINUTES) * 60)
}

/// The binding cookie, sent back only to the code routes of the page's tenant.
fn binding_cookie_with_age(
    state: &AppState,
    tenant: &Tenant,
    value: &str,
    max_age: i64,
) -> HeaderValue {
    let path = format!("/{}/login/code", tenant.id);
    scoped_cookie(state, BINDING_COOKIE, value, &path, max_age)
}

/// A `Set-Cookie` value like [`set_cookie`]'s, but sent back only under `path`: a
/// code's cookie has no business anywhere else.
pub(super) fn scoped_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    path: &str,
    max_age: i64,
) -> HeaderValue {
    let mut text =
        format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={max_age}");
    if state.secure_cookies {
        text.push_str("; Secure");
    }
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

/// Adds `Retry-After` to a 429 answer.
pub(super) fn retry_later(mut response: Response, wait: Wait) -> Response {
    if let Ok(value) = HeaderValue::from_str(&wait.retry_after.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// What every rendering of the code form carries over from the request.
struct CodeForm<'a> {
    texts: &'static SignInTexts,
    tenant: &'a Tenant,
    csrf: &'a str,
    return_to: &'a str,
    login: &'a str,
}

#[derive(Template)]
#[template(path = "code_signin.html")]
struct CodeSignInPage<'a> {
    texts: &'static SignInTexts,
    tenant_name: &'a str,
    /// "to sign in to {tenant}", under the heading.
    subtitle: String,
    send_action: String,
    verify_action: String,
    csrf: &'a str,
    return_to: &'a str,
    login: &'a str,
    code_id: Option<&'a str>,
    /// Where the code went and for how long it works.
    sent_line: String,
    error: Option<&'a str>,
}

impl CodeForm<'_> {
    fn show(&self, status: StatusCode, code_id: Option<&str>, error: Option<&str>) -> Response {
        let login = entente_domain::address::normalize(self.login).to_lowercase();
        let texts = self.texts;
        let minutes = CODE_LIFETIME_MINUTES;
        page(
            status,
            &CodeSignInPage {
                texts,
                tenant_name: &self.tenant.display_name,
                subtitle: texts
                    .code_sign_in_to
                    .arg("tenant", &self.tenant.display_name)
                    .to_string(),
                send_action: format!("/{}/login/code", self.tenant.id),
                verify_action: format!("/{}/login/code/verify", self.tenant.id),
                csrf: self.csrf,
                return_to: self.return_to,
                login: &login,
                code_id,
                sent_line: texts
                    .code_sent
                    .arg("email", &login)
                    .arg("minutes", minutes)
                    .to_string(),
                error,
            },
        )
    }
}
