//! The device verification page (RFC 8628 section 3.3): a signed-in user enters the
//! code a device shows, sees which application asks, and allows or denies it.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use entente_storage::SessionRecord;
use serde::Deserialize;

use super::{PageForm, SESSION_COOKIE, check_csrf, cookie, csrf, page};
use crate::error::PageError;
use crate::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new().route("/{tenant}/device", get(show).post(decide))
}

#[derive(Template)]
#[template(path = "device.html")]
struct DevicePage<'a> {
    tenant_name: &'a str,
    action: String,
    csrf: &'a str,
    user_code: &'a str,
    client_name: Option<&'a str>,
    scope: &'a str,
    message: Option<&'a str>,
}

#[derive(Deserialize)]
struct DeviceQuery {
    user_code: Option<String>,
}

/// The signed-in session for this tenant, or a redirect to its login page that comes
/// back to `return_to`.
async fn session_or_login(
    state: &AppState,
    headers: &HeaderMap,
    tenant: &entente_model::Tenant,
    return_to: &str,
) -> Result<Result<SessionRecord, Response>, PageError> {
    let session = match cookie(headers, SESSION_COOKIE) {
        Some(token) => entente_domain::signin::session(&state.services, &token, now()).await?,
        None => None,
    };
    match session.filter(|s| s.tenant_id == tenant.id) {
        Some(session) => Ok(Ok(session)),
        None => {
            let mut login = url::form_urlencoded::Serializer::new(String::new());
            login.append_pair("return_to", return_to);
            let target = format!("/{}/login?{}", tenant.id, login.finish());
            Ok(Err(Redirect::to(&target).into_response()))
        }
    }
}

async fn show(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    Query(query): Query<DeviceQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let code = query.user_code.unwrap_or_default();
    // The serializer is not Send, so it must be gone before the next await.
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("user_code", &code)
        .finish();
    let return_to = format!("/{}/device?{query}", tenant.id);
    if let Err(redirect) = session_or_login(&state, &headers, &tenant, &return_to).await? {
        return Ok(redirect);
    }
    let pending = if code.is_empty() {
        None
    } else {
        entente_domain::oauth::pending_device_request(&state.services, tenant.id, &code, now())
            .await?
    };
    let (token, new_cookie) = csrf(&state, &headers);
    let message = (!code.is_empty() && pending.is_none()).then_some(
        "This code is not valid. It may have expired or been used; check it and try again.",
    );
    let view = DevicePage {
        tenant_name: &tenant.display_name,
        action: format!("/{}/device", tenant.id),
        csrf: &token,
        user_code: &code,
        client_name: pending.as_ref().map(|p| p.client_name.as_str()),
        scope: pending.as_ref().map(|p| p.scope.as_str()).unwrap_or(""),
        message,
    };
    let status = if message.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut response = page(status, &view);
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
struct DecisionForm {
    csrf: String,
    user_code: String,
    decision: String,
}

async fn decide(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    PageForm(form): PageForm<DecisionForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let return_to = format!("/{}/device", tenant.id);
    let session = match session_or_login(&state, &headers, &tenant, &return_to).await? {
        Ok(session) => session,
        Err(redirect) => return Ok(redirect),
    };
    let allow = form.decision == "allow";
    let decided = entente_domain::oauth::decide_device_request(
        &state.services,
        &session,
        &form.user_code,
        allow,
        now(),
    )
    .await?;
    let message = match (decided, allow) {
        (true, true) => "Done. You can return to your device.",
        (true, false) => "The request was denied. Nothing was signed in.",
        (false, _) => "This code is not valid. It may have expired or been used.",
    };
    let view = DevicePage {
        tenant_name: &tenant.display_name,
        action: return_to.clone(),
        csrf: &form.csrf,
        user_code: "",
        client_name: None,
        scope: "",
        message: Some(message),
    };
    Ok(page(
        if decided {
            StatusCode::OK
        } else {
            StatusCode::BAD_REQUEST
        },
        &view,
    ))
}
