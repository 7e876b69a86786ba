//! Signing in to a tenant with a password, the account page, and signing out.

use crate::client_address::ClientAddress;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use entente_domain::signin::{PasswordSignIn, SignInOutcome};
use serde::Deserialize;

use super::{PageForm, check_csrf, cookie, csrf, local_return_path, page, set_cookie};
use crate::error::PageError;
use crate::{AppState, now};

pub const SESSION_COOKIE: &str = "entente_session";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/login", get(show_login).post(submit_login))
        .route("/{tenant}/account", get(account))
        .route("/{tenant}/logout", axum::routing::post(sign_out))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    tenant_name: &'a str,
    action: String,
    csrf: &'a str,
    return_to: &'a str,
    login: &'a str,
    error: Option<&'a str>,
}

#[derive(Deserialize)]
struct LoginQuery {
    return_to: Option<String>,
    login_hint: Option<String>,
}

async fn show_login(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    Query(query): Query<LoginQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let (token, new_cookie) = csrf(&state, &headers);
    let return_to = local_return_path(
        query.return_to.as_deref(),
        format!("/{}/account", tenant.id),
    );
    let login_page = LoginPage {
        tenant_name: &tenant.display_name,
        action: format!("/{}/login", tenant.id),
        csrf: &token,
        return_to: &return_to,
        login: query.login_hint.as_deref().unwrap_or(""),
        error: None,
    };
    let mut response = page(StatusCode::OK, &login_page);
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
struct LoginForm {
    login: String,
    /// Absent for accounts of unmanaged tenants, which sign in by an emailed code.
    #[serde(default)]
    password: String,
    csrf: String,
    return_to: Option<String>,
}

async fn submit_login(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<LoginForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let return_to = local_return_path(form.return_to.as_deref(), format!("/{}/account", tenant.id));
    if let Some(code_form) =
        super::code_signin::offer_code(&state, &tenant, &form.login, &return_to, &form.csrf).await?
    {
        return Ok(code_form);
    }
    let realm =
        entente_domain::signin::realm_for_login(&state.services, tenant.id, &form.login).await?;
    let attempt = PasswordSignIn {
        tenant: realm,
        login: form.login.clone(),
        password: form.password,
        source: client.to_string(),
        return_to: return_to.clone(),
    };
    let outcome =
        entente_domain::signin::sign_in_with_password(&state.services, attempt, now()).await;
    let retry = |status: StatusCode, message: String, after: i64| {
        let login_page = LoginPage {
            tenant_name: &tenant.display_name,
            action: format!("/{}/login", tenant.id),
            csrf: &form.csrf,
            return_to: &return_to,
            login: &form.login,
            error: Some(&message),
        };
        let mut response = page(status, &login_page);
        if after > 0
            && let Ok(value) = HeaderValue::from_str(&after.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    };
    match outcome {
        Ok(SignInOutcome::SignedIn(session)) => {
            state.metrics.count("logins", "success");
            let max_age = session.record.expires_at - now();
            let mut response = Redirect::to(&return_to).into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&state, SESSION_COOKIE, &session.token, Some(max_age)),
            );
            Ok(response)
        }
        Ok(SignInOutcome::SecondFactorRequired {
            pending_token,
            must_enrol,
        }) => {
            state.metrics.count("logins", "second_factor");
            Ok(super::mfa::to_second_factor(
                &state,
                realm,
                &pending_token,
                must_enrol,
            ))
        }
        Ok(SignInOutcome::Rejected) => {
            state.metrics.count("logins", "rejected");
            Ok(retry(
                StatusCode::UNAUTHORIZED,
                "The email address or password is incorrect.".to_owned(),
                0,
            ))
        }
        Ok(SignInOutcome::Throttled { retry_after }) => {
            state.metrics.count("logins", "throttled");
            let message = format!("Too many failed attempts. Try again in {retry_after} seconds.");
            Ok(retry(StatusCode::TOO_MANY_REQUESTS, message, retry_after))
        }
        Err(entente_domain::DomainError::Overloaded) => {
            state.metrics.count("logins", "overloaded");
            Ok(retry(
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is busy. Try again in a moment.".to_owned(),
                1,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage<'a> {
    tenant_name: &'a str,
    display_name: &'a str,
    user_principal_name: &'a str,
    logout_action: String,
    enrol_link: String,
    csrf: &'a str,
}

async fn account(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let session = match cookie(&headers, SESSION_COOKIE) {
        Some(token) => entente_domain::signin::session(&state.services, &token, now()).await?,
        None => None,
    };
    let Some(session) = session.filter(|s| s.tenant_id == tenant.id) else {
        return Ok(Redirect::to(&format!("/{}/login", tenant.id)).into_response());
    };
    let user = entente_domain::signin::session_user(&state.services, &session).await?;
    let (token, new_cookie) = csrf(&state, &headers);
    let account_page = AccountPage {
        tenant_name: &tenant.display_name,
        display_name: &user.display_name,
        user_principal_name: &user.user_principal_name,
        logout_action: format!("/{}/logout", tenant.id),
        enrol_link: format!("/{}/mfa/enrol", tenant.id),
        csrf: &token,
    };
    let mut response = page(StatusCode::OK, &account_page);
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
struct SignOutForm {
    csrf: String,
}

#[derive(Template)]
#[template(path = "signed_out.html")]
pub(crate) struct SignedOutPage<'a> {
    pub login_link: &'a str,
}

async fn sign_out(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    PageForm(form): PageForm<SignOutForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    end_browser_session(&state, &headers).await?;
    let login_link = format!("/{}/login", tenant.id);
    let mut response = page(
        StatusCode::OK,
        &SignedOutPage {
            login_link: &login_link,
        },
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    Ok(response)
}

/// Ends the session of the browser's cookie, if there is one.
pub(crate) async fn end_browser_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(), PageError> {
    if let Some(token) = cookie(headers, SESSION_COOKIE) {
        entente_domain::signin::sign_out(&state.services, &token, now()).await?;
    }
    Ok(())
}
