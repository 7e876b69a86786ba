//! The first-start setup page, reached through the one-time link printed in the log.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use entente_domain::DomainError;
use entente_domain::invitations::Language;
use entente_domain::setup::NewTenant;
use serde::Deserialize;

use super::admin::field_errors::FieldErrors;
use super::{PageForm, check_csrf, csrf, page};
use crate::error::PageError;
use crate::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new().route("/setup", get(show_setup).post(submit_setup))
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage<'a> {
    token: &'a str,
    csrf: &'a str,
    tenant_name: &'a str,
    admin_name: &'a str,
    admin_email: &'a str,
    error: Option<&'a str>,
    /// A refused field's problem beside it (the page is in English, as its words).
    fields: FieldErrors,
}

#[derive(Template)]
#[template(path = "setup_done.html")]
struct SetupDonePage<'a> {
    tenant_name: &'a str,
    tenant_id: String,
    admin: &'a str,
    /// What the administrator types to sign in (not the address they gave).
    sign_in_name: &'a str,
    /// The organization's initial domain.
    domain: &'a str,
    front_door: String,
    portal: String,
    client_id: &'a str,
    client_secret: &'a str,
    issuer: &'a str,
}

#[derive(Deserialize)]
struct SetupQuery {
    token: Option<String>,
}

fn dead_link() -> PageError {
    PageError::new(
        StatusCode::NOT_FOUND,
        |t| t.setup_link_title,
        |t| t.setup_link,
    )
}

async fn show_setup(
    State(state): State<AppState>,
    Query(query): Query<SetupQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let token = query.token.unwrap_or_default();
    if !entente_domain::setup::setup_token_valid(&state.services, &token, now()).await? {
        return Err(dead_link());
    }
    let (csrf_token, new_cookie) = csrf(&state, &headers);
    let setup = SetupPage {
        token: &token,
        csrf: &csrf_token,
        tenant_name: "",
        admin_name: "",
        admin_email: "",
        error: None,
        fields: FieldErrors::new(Language::En),
    };
    let mut response = page(StatusCode::OK, &setup);
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
struct SetupForm {
    token: String,
    csrf: String,
    tenant_name: String,
    #[serde(default)]
    admin_name: String,
    admin_email: String,
    password: String,
}

async fn submit_setup(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageForm(form): PageForm<SetupForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let request = NewTenant {
        tenant_name: form.tenant_name.clone(),
        admin_email: form.admin_email.clone(),
        admin_password: form.password,
        admin_display_name: Some(form.admin_name.clone()),
    };
    match entente_domain::setup::complete_setup(&state.services, &form.token, request, now()).await
    {
        Ok(created) => {
            let base = &state.services.settings.public_base_url;
            let done = SetupDonePage {
                tenant_name: form.tenant_name.trim(),
                tenant_id: created.tenant_id.to_string(),
                admin: &form.admin_email,
                sign_in_name: &created.admin_sign_in_name,
                domain: &created.initial_domain,
                front_door: format!("{base}/"),
                portal: format!("{base}/{}/admin", created.tenant_id),
                client_id: &created.client_id,
                client_secret: &created.client_secret,
                issuer: &created.issuer,
            };
            Ok(page(StatusCode::OK, &done))
        }
        Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
            let inputs = [
                ("displayName", "tenant_name"),
                ("mail", "admin_email"),
                ("passwordProfile", "password"),
            ];
            let (fields, message) = FieldErrors::refused(Language::En, &error, &inputs, Vec::new());
            let setup = SetupPage {
                token: &form.token,
                csrf: &form.csrf,
                tenant_name: &form.tenant_name,
                admin_name: &form.admin_name,
                admin_email: &form.admin_email,
                error: message.as_deref(),
                fields,
            };
            Ok(page(StatusCode::BAD_REQUEST, &setup))
        }
        Err(other) => Err(other.into()),
    }
}
