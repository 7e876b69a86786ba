//! Domains in the portal: the tenant's initial domain and the domains it claims, each
//! with the DNS TXT record that proves it; claiming one, checking its proof (a real
//! DNS lookup, through the resolver the server was given) and removing one. A proven
//! domain finds the tenant in home-realm discovery and may hold its users' names.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::access::Area;
use entente_domain::domains;
use entente_domain::invitations::messages::fill;
use serde::Deserialize;

use super::{Admin, AdminPage, AdminPost, Gate, Nav};
use crate::AppState;
use crate::now;
use crate::pages::page;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/domains", get(list).post(add))
        .route("/{tenant}/admin/domains/verify", post(verify))
        .route("/{tenant}/admin/domains/remove", post(remove))
}

#[derive(Template)]
#[template(path = "admin/domains.html")]
struct DomainsPage {
    nav: Nav,
    domains: Vec<DomainLine>,
    may_write: bool,
    notice: Option<String>,
    error: Option<String>,
}

struct DomainLine {
    name: String,
    verified: bool,
    initial: bool,
    /// The TXT record's value to publish at the domain, while unproven.
    record: String,
}

async fn domains_page(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, Gate> {
    let access = admin.caller.read(Area::Domains)?;
    let found = domains::list_domains(&state.services, access).await?;
    let listing = DomainsPage {
        nav: admin.nav("domains"),
        domains: found
            .into_iter()
            .map(|d| DomainLine {
                record: if d.is_verified {
                    String::new()
                } else {
                    d.verification_code.unwrap_or_default()
                },
                name: d.name,
                verified: d.is_verified,
                initial: d.is_initial,
            })
            .collect(),
        may_write: admin.caller.write(Area::Domains).is_ok(),
        notice,
        error,
    };
    Ok(admin.respond(page(status, &listing)))
}

async fn list(
    State(state): State<AppState>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    domains_page(&state, &admin, StatusCode::OK, None, None).await
}

#[derive(Deserialize)]
struct DomainForm {
    name: String,
}

/// Runs a change and shows the list again with what happened; a refusal the admin
/// can act on (a bad name, a domain proven elsewhere, no record found) is shown on
/// the page rather than as an error page.
async fn after(
    state: &AppState,
    admin: &Admin,
    result: Result<String, entente_domain::DomainError>,
) -> Result<Response, Gate> {
    match result {
        Ok(notice) => domains_page(state, admin, StatusCode::OK, Some(notice), None).await,
        Err(entente_domain::DomainError::Invalid(message))
        | Err(entente_domain::DomainError::Conflict(message)) => {
            domains_page(state, admin, StatusCode::BAD_REQUEST, None, Some(message)).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn add(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<DomainForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Domains)?;
    let result = domains::add_domain(&state.services, &access, &form.name, now())
        .await
        .map(|d| fill(admin.texts().domain_added, &[("domain", &d.name)]));
    after(&state, &admin, result).await
}

async fn verify(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<DomainForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Domains)?;
    let resolver = state.services.resolver.clone();
    let result = domains::verify_domain(
        &state.services,
        &access,
        resolver.as_ref(),
        &form.name,
        now(),
    )
    .await
    .map(|d| fill(admin.texts().domain_verified, &[("domain", &d.name)]));
    after(&state, &admin, result).await
}

async fn remove(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<DomainForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Domains)?;
    domains::remove_domain(&state.services, &access, &form.name, now()).await?;
    Ok(Redirect::to(&admin.path("/domains")).into_response())
}
