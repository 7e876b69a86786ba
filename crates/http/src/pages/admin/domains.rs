//! Domains in the portal: the tenant's initial domain and the domains it claims, each
//! with the DNS TXT record that proves it; claiming one, checking its proof (a real
//! DNS lookup, through the resolver the server was given) and removing one. A proven
//! domain finds the tenant in home-realm discovery and may hold its users' names.
//!
//! The same page lists the partners' own identity providers (OpenID Connect providers
//! and SAML IdPs) federated per partner domain, with what the partner needs from this
//! tenant, and registers or removes one (a Global Administrator's right).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::access::Area;
use entente_domain::domains;
use entente_domain::federation::{self, NewFederationConfig};
use serde::Deserialize;

use super::field_errors::FieldErrors;
use super::{Admin, AdminPage, AdminPost, Gate, Nav, not_found};
use crate::AppState;
use crate::now;
use crate::pages::page;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/domains", get(list).post(add))
        .route("/{tenant}/admin/domains/verify", post(verify))
        .route("/{tenant}/admin/domains/remove", post(remove))
        .route("/{tenant}/admin/domains/federation/oidc", post(add_oidc))
        .route("/{tenant}/admin/domains/federation/saml", post(add_saml))
        .route(
            "/{tenant}/admin/domains/federation/remove",
            post(remove_federation),
        )
}

#[derive(Template)]
#[template(path = "admin/domains.html")]
struct DomainsPage {
    nav: Nav,
    domains: Vec<DomainLine>,
    may_write: bool,
    providers: Vec<ProviderLine>,
    /// The caller may register partners' identity providers.
    may_federate: bool,
    notice: Option<String>,
    error: Option<String>,
    /// The add form's problem beside its field, and what was typed.
    fields: FieldErrors,
}

/// A partner's identity provider and what the partner needs from this tenant.
struct ProviderLine {
    id: String,
    name: String,
    protocol: &'static str,
    issuer: String,
    domains: String,
    for_partner: String,
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
    let fields = FieldErrors::new(admin.language);
    domains_page_with(state, admin, status, notice, (error, fields)).await
}

/// The domains page, with a refused add form's problem beside its field.
async fn domains_page_with(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    notice: Option<String>,
    (error, fields): (Option<String>, FieldErrors),
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
        providers: provider_lines(state, admin, access).await?,
        may_federate: admin.caller.tenant_admin().is_ok(),
        notice,
        error,
        fields,
    };
    Ok(admin.respond(page(status, &listing)))
}

async fn provider_lines(
    state: &AppState,
    admin: &Admin,
    access: entente_domain::access::ReadAccess,
) -> Result<Vec<ProviderLine>, Gate> {
    let texts = admin.texts();
    let tenant = admin.tenant.id;
    let settings = &state.services.settings;
    Ok(federation::list_configs(&state.services, access)
        .await?
        .into_iter()
        .map(|c| {
            let saml = c.protocol == federation::SAML;
            let for_partner = if saml {
                let uri = federation::saml::sp_entity_id(settings, tenant);
                texts.federation_sp_metadata.arg("uri", &uri).to_string()
            } else {
                let uri = federation::redirect_uri(&state.services, tenant);
                texts.federation_redirect_uri.arg("uri", &uri).to_string()
            };
            ProviderLine {
                id: c.id.to_string(),
                name: c.display_name,
                protocol: if saml { "SAML 2.0" } else { "OpenID Connect" },
                issuer: c.issuer,
                domains: c.domains.join(", "),
                for_partner,
            }
        })
        .collect())
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

/// Shows the list again after a domain's verification with what happened; a refusal
/// the admin can act on (no record found, the domain proven elsewhere) is shown on
/// the page rather than as an error page. Adding a domain and a partner's provider
/// answer their refusals beside the form's field instead.
async fn verified(
    state: &AppState,
    admin: &Admin,
    result: Result<String, entente_domain::DomainError>,
) -> Result<Response, Gate> {
    match result {
        Ok(notice) => domains_page(state, admin, StatusCode::OK, Some(notice), None).await,
        Err(entente_domain::DomainError::Invalid(message))
        | Err(entente_domain::DomainError::Field { message, .. })
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
    match domains::add_domain(&state.services, &access, &form.name, now()).await {
        Ok(added) => {
            let notice = admin
                .texts()
                .domain_added
                .arg("domain", &added.name)
                .to_string();
            domains_page(&state, &admin, StatusCode::OK, Some(notice), None).await
        }
        Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
            let typed = vec![("domain-name", form.name)];
            let inputs = [("id", "domain-name")];
            let refused = FieldErrors::refused(admin.language, &error, &inputs, typed);
            let status = StatusCode::BAD_REQUEST;
            domains_page_with(&state, &admin, status, None, (refused.1, refused.0)).await
        }
        // Added here already, or proven by another organization.
        Err(DomainError::Conflict(_)) => {
            let typed = vec![("domain-name", form.name)];
            let mut fields = FieldErrors::new(admin.language).keeping(typed);
            fields.add("domain-name", fields.texts.domain_unavailable.to_owned());
            let status = StatusCode::CONFLICT;
            domains_page_with(&state, &admin, status, None, (None, fields)).await
        }
        Err(other) => Err(other.into()),
    }
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
    .map(|verified| {
        let texts = admin.texts();
        let mut notice = texts
            .domain_verified
            .arg("domain", &verified.domain.name)
            .to_string();
        if verified.moved_accounts > 0 {
            let moved = if admin.tenant.mfa_required {
                texts.accounts_moved_need_password
            } else {
                texts.accounts_moved_keep_codes
            };
            notice.push(' ');
            notice.push_str(&moved.arg("count", verified.moved_accounts).to_string());
        }
        notice
    });
    verified(&state, &admin, result).await
}

async fn remove(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<DomainForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Domains)?;
    domains::remove_domain(&state.services, &access, &form.name, now()).await?;
    Ok(Redirect::to(&admin.path("/domains")).into_response())
}

#[derive(Deserialize)]
struct OidcForm {
    name: String,
    issuer: String,
    client_id: String,
    client_secret: String,
    domains: String,
}

#[derive(Deserialize)]
struct SamlForm {
    name: String,
    metadata: String,
    domains: String,
}

fn domain_list(text: &str) -> Vec<String> {
    text.split([' ', ',', ';', '\n'])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Registers a partner's identity provider; a refusal comes back on the page with
/// the form open, its problem beside the field when it is about one, and what was
/// typed kept (never the client secret).
async fn add_provider(
    state: &AppState,
    admin: &Admin,
    new: NewFederationConfig,
    inputs: &[(&str, &'static str)],
    typed: Vec<(&'static str, String)>,
) -> Result<Response, Gate> {
    let tenant_admin = admin.caller.tenant_admin()?;
    match federation::create_config(&state.services, &tenant_admin, new, now()).await {
        Ok(config) => {
            let notice = admin
                .texts()
                .federation_added
                .arg("name", &config.display_name)
                .to_string();
            domains_page(state, admin, StatusCode::OK, Some(notice), None).await
        }
        Err(
            error
            @ (DomainError::Invalid(_) | DomainError::Field { .. } | DomainError::Conflict(_)),
        ) => {
            let refused = FieldErrors::refused(admin.language, &error, inputs, typed);
            let status = StatusCode::BAD_REQUEST;
            domains_page_with(state, admin, status, None, (refused.1, refused.0)).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn add_oidc(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<OidcForm>,
) -> Result<Response, Gate> {
    let new = NewFederationConfig {
        display_name: form.name.clone(),
        issuer: Some(form.issuer.clone()),
        client_id: Some(form.client_id.clone()),
        client_secret: Some(form.client_secret),
        metadata_xml: None,
        domains: domain_list(&form.domains),
    };
    let inputs = [
        ("displayName", "oidc-name"),
        ("issuerUri", "oidc-issuer"),
        ("clientId", "oidc-client-id"),
        ("clientSecret", "oidc-client-secret"),
        ("domains", "oidc-domains"),
    ];
    let typed = vec![
        ("oidc-name", form.name),
        ("oidc-issuer", form.issuer),
        ("oidc-client-id", form.client_id),
        ("oidc-domains", form.domains),
    ];
    add_provider(&state, &admin, new, &inputs, typed).await
}

async fn add_saml(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<SamlForm>,
) -> Result<Response, Gate> {
    let new = NewFederationConfig {
        display_name: form.name.clone(),
        metadata_xml: Some(form.metadata.clone()),
        domains: domain_list(&form.domains),
        ..NewFederationConfig::default()
    };
    let inputs = [
        ("displayName", "saml-name"),
        ("metadataXml", "saml-metadata"),
        ("domains", "saml-domains"),
    ];
    let typed = vec![
        ("saml-name", form.name),
        ("saml-metadata", form.metadata),
        ("saml-domains", form.domains),
    ];
    add_provider(&state, &admin, new, &inputs, typed).await
}

#[derive(Deserialize)]
struct RemoveProviderForm {
    id: String,
}

async fn remove_federation(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<RemoveProviderForm>,
) -> Result<Response, Gate> {
    let tenant_admin = admin.caller.tenant_admin()?;
    let id = form.id.parse().map_err(|_| not_found())?;
    let removed = federation::delete_config(&state.services, &tenant_admin, id, now()).await?;
    let notice = admin
        .texts()
        .federation_removed
        .arg("name", &removed.display_name)
        .to_string();
    domains_page(&state, &admin, StatusCode::OK, Some(notice), None).await
}
