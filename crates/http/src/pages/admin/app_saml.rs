//! An application's SAML single sign-on in the portal: its settings typed in or read
//! from the service provider's metadata, turning SAML off, and the rollover of the
//! organization's signing certificates (add, activate, retire). Each goes through the
//! same service methods as `/v1.0/applications/{id}/samlSettings` and
//! `/v1.0/saml/certificates`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use entente_domain::DomainError;
use entente_domain::access::Area;
use entente_domain::saml;
use entente_domain::saml::settings::SamlSettingsPatch;
use entente_model::{AppId, NameIdFormat, SamlAttribute, SamlSigning};
use serde::Deserialize;

use super::apps::app_page;
use super::{Admin, AdminPost, CsrfForm, Gate, not_found, parse_id};
use crate::AppState;
use crate::now;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/apps/{id}/saml", post(save))
        .route("/{tenant}/admin/apps/{id}/saml/import", post(import))
        .route("/{tenant}/admin/apps/{id}/saml/remove", post(remove))
        .route(
            "/{tenant}/admin/apps/{id}/saml/certificates",
            post(add_certificate),
        )
        .route(
            "/{tenant}/admin/apps/{id}/saml/certificates/activate",
            post(activate_certificate),
        )
        .route(
            "/{tenant}/admin/apps/{id}/saml/certificates/retire",
            post(retire_certificate),
        )
}

#[derive(Deserialize)]
struct SettingsForm {
    entity_id: String,
    name_id_format: String,
    signing: String,
    #[serde(default)]
    sp_certificate: String,
    #[serde(default)]
    encryption_certificate: String,
    require_signed: Option<String>,
    #[serde(default)]
    logout_url: String,
    /// `name = source` a line; empty for the default set.
    #[serde(default)]
    attributes: String,
}

async fn save(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<SettingsForm>,
) -> Result<Response, Gate> {
    let id = parse_id::<AppId>(&id)?;
    let access = admin.caller.write(Area::Applications)?;
    let text = |value: &str| Some(Some(value.trim().to_owned()).filter(|v| !v.is_empty()));
    let patch = SamlSettingsPatch {
        entity_id: Some(form.entity_id),
        name_id_format: Some(NameIdFormat::parse(&form.name_id_format).ok_or_else(not_found)?),
        signing: Some(SamlSigning::parse(&form.signing).ok_or_else(not_found)?),
        sp_certificate: text(&form.sp_certificate),
        encryption_certificate: text(&form.encryption_certificate),
        require_signed_requests: Some(form.require_signed.is_some()),
        logout_url: text(&form.logout_url),
        attributes: Some(match attribute_lines(&form.attributes) {
            Ok(list) => list,
            Err(message) => {
                return app_page(
                    &state,
                    &admin,
                    id,
                    StatusCode::BAD_REQUEST,
                    None,
                    Some(message),
                )
                .await;
            }
        }),
    };
    let done = saml::settings::set(&state.services, &access, id, patch, now()).await;
    back(&state, &admin, id, done.map(|_| ())).await
}

#[derive(Deserialize)]
struct ImportForm {
    metadata: String,
}

async fn import(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<ImportForm>,
) -> Result<Response, Gate> {
    let id = parse_id::<AppId>(&id)?;
    let access = admin.caller.write(Area::Applications)?;
    let done =
        saml::settings::import_metadata(&state.services, &access, id, &form.metadata, now()).await;
    back(&state, &admin, id, done.map(|_| ())).await
}

async fn remove(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, .. }: AdminPost<CsrfForm>,
) -> Result<Response, Gate> {
    let id = parse_id::<AppId>(&id)?;
    let access = admin.caller.write(Area::Applications)?;
    let done = saml::settings::remove(&state.services, &access, id, now()).await;
    back(&state, &admin, id, done).await
}

async fn add_certificate(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, .. }: AdminPost<CsrfForm>,
) -> Result<Response, Gate> {
    let id = parse_id::<AppId>(&id)?;
    let access = admin.caller.write(Area::Applications)?;
    let done = saml::certificates::add(&state.services, &access, now()).await;
    back(&state, &admin, id, done.map(|_| ())).await
}

#[derive(Deserialize)]
struct CertificateForm {
    certificate: String,
}

async fn activate_certificate(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<CertificateForm>,
) -> Result<Response, Gate> {
    change_certificate(&state, &admin, &id, &form, true).await
}

async fn retire_certificate(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<CertificateForm>,
) -> Result<Response, Gate> {
    change_certificate(&state, &admin, &id, &form, false).await
}

/// Activates (or retires) the certificate the form names, from an application's page.
async fn change_certificate(
    state: &AppState,
    admin: &Admin,
    app: &str,
    form: &CertificateForm,
    activate: bool,
) -> Result<Response, Gate> {
    let id = parse_id::<AppId>(app)?;
    let access = admin.caller.write(Area::Applications)?;
    let certificate = form.certificate.parse().map_err(|_| not_found())?;
    let services = &state.services;
    let done = if activate {
        saml::certificates::activate(services, &access, certificate, now()).await
    } else {
        saml::certificates::retire(services, &access, certificate, now()).await
    };
    back(state, admin, id, done).await
}

/// The attribute list of the form: `name = source` a line; none for the default set.
fn attribute_lines(text: &str) -> Result<Option<Vec<SamlAttribute>>, String> {
    let list = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match line.rsplit_once('=') {
            Some((name, source)) => Ok(SamlAttribute {
                name: name.trim().to_owned(),
                source: source.trim().to_owned(),
            }),
            None => Err(format!("{line:?}: write an attribute as name = source")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((!list.is_empty()).then_some(list))
}

/// Back to the application's page; a change the rules refuse shows there with why.
async fn back(
    state: &AppState,
    admin: &Admin,
    id: AppId,
    done: Result<(), DomainError>,
) -> Result<Response, Gate> {
    match done {
        Ok(()) => Ok(Redirect::to(&admin.path(&format!("/apps/{id}"))).into_response()),
        Err(DomainError::Invalid(message))
        | Err(DomainError::Field { message, .. })
        | Err(DomainError::Conflict(message)) => {
            app_page(
                state,
                admin,
                id,
                StatusCode::BAD_REQUEST,
                None,
                Some(message),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
