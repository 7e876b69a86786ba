//! SAML single sign-on settings of applications and the tenant's SAML signing
//! certificates (Entente's resources; Graph keeps these on service principals):
//!
//! * `GET|PUT|PATCH|DELETE /v1.0/applications/{id}/samlSettings`: entity id, NameID
//!   format, what is signed, the service provider's certificates (signing, and
//!   encryption to encrypt assertions), logout URL and the attributes assertions carry
//!   (`[{"name", "source"}]`, sources as Entra names them: `user.mail`, ...). The
//!   assertion consumer service URLs are the application's `web.redirectUris`.
//! * `POST /v1.0/applications/{id}/samlSettings/importMetadata`: the service
//!   provider's metadata XML (body `application/xml`, or JSON `{"metadataXml": ...}`).
//! * `GET|POST /v1.0/saml/certificates`, `POST .../{id}/activate`, `DELETE .../{id}`:
//!   the rollover of the tenant's signing certificates.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post};
use axum::{Json, Router};
use entente_domain::access::Area;
use entente_domain::saml;
use entente_domain::saml::settings::SamlSettingsPatch;
use entente_model::{AppId, NameIdFormat, SamlAttribute, SamlSettings, SamlSigning};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{ApiCaller, ApiJson, date_time, nullable, path_id};
use crate::error::ApiError;
use crate::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1.0/applications/{id}/samlSettings",
            get(read).put(update).patch(update).delete(remove),
        )
        .route(
            "/v1.0/applications/{id}/samlSettings/importMetadata",
            post(import_metadata),
        )
        .route(
            "/v1.0/saml/certificates",
            get(certificates).post(add_certificate),
        )
        .route(
            "/v1.0/saml/certificates/{id}",
            axum::routing::delete(retire_certificate),
        )
        .route(
            "/v1.0/saml/certificates/{id}/activate",
            post(activate_certificate),
        )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SettingsInput {
    #[serde(default)]
    entity_id: Option<String>,
    #[serde(default)]
    name_id_format: Option<String>,
    #[serde(default)]
    signing: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    sp_certificate: Option<Option<String>>,
    #[serde(default)]
    require_signed_requests: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    logout_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    encryption_certificate: Option<Option<String>>,
    /// `[{"name", "source"}]`; `null` goes back to the default set.
    #[serde(default, deserialize_with = "nullable")]
    attributes: Option<Option<Vec<SamlAttribute>>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SettingsBody {
    entity_id: String,
    name_id_format: &'static str,
    signing: &'static str,
    sp_certificate: Option<String>,
    require_signed_requests: bool,
    logout_url: Option<String>,
    encryption_certificate: Option<String>,
    /// The attributes sent: the application's own list, or the default set.
    attributes: Vec<SamlAttribute>,
    /// Whether `attributes` is the application's own list.
    custom_attributes: bool,
    /// Where the service provider sends requests and finds the IdP.
    sso_url: String,
    metadata_url: String,
    idp_entity_id: String,
}

fn body(state: &AppState, s: SamlSettings) -> SettingsBody {
    let settings = &state.services.settings;
    let idp = saml::entity_id(settings, s.tenant_id);
    SettingsBody {
        entity_id: s.entity_id,
        name_id_format: s.name_id_format.as_str(),
        signing: s.signing.as_str(),
        sp_certificate: s.sp_certificate,
        require_signed_requests: s.require_signed_requests,
        logout_url: s.logout_url,
        encryption_certificate: s.encryption_certificate,
        custom_attributes: s.attributes.is_some(),
        attributes: s.attributes.unwrap_or_else(|| {
            saml::sso::DEFAULT_ATTRIBUTES
                .iter()
                .map(|(name, source)| SamlAttribute {
                    name: (*name).to_owned(),
                    source: (*source).to_owned(),
                })
                .collect()
        }),
        sso_url: saml::sso_url(settings, s.tenant_id),
        metadata_url: format!("{idp}/metadata"),
        idp_entity_id: idp,
    }
}

async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<SettingsBody>, ApiError> {
    let access = caller.read(Area::Applications)?;
    let app: AppId = path_id(&id)?;
    match saml::settings::get(&state.services, access, app).await? {
        Some(settings) => Ok(Json(body(&state, settings))),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            "This application does not sign in with SAML.",
        )),
    }
}

async fn update(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<SettingsInput>,
) -> Result<Json<SettingsBody>, ApiError> {
    let access = caller.write(Area::Applications)?;
    let patch = SamlSettingsPatch {
        entity_id: input.entity_id,
        name_id_format: input
            .name_id_format
            .map(|f| {
                name_id_format(&f).ok_or_else(|| {
                    ApiError::bad_request(
                        "nameIdFormat must be emailAddress, persistent, transient or unspecified \
                         (or the full SAML URI).",
                    )
                })
            })
            .transpose()?,
        signing: input
            .signing
            .map(|s| {
                SamlSigning::parse(&s).ok_or_else(|| {
                    ApiError::bad_request("signing must be assertion, response or both.")
                })
            })
            .transpose()?,
        sp_certificate: input.sp_certificate,
        require_signed_requests: input.require_signed_requests,
        logout_url: input.logout_url,
        encryption_certificate: input.encryption_certificate,
        attributes: input.attributes,
    };
    let settings =
        saml::settings::set(&state.services, &access, path_id(&id)?, patch, now()).await?;
    Ok(Json(body(&state, settings)))
}

/// The SAML URI of a NameID format, or its short name.
fn name_id_format(text: &str) -> Option<NameIdFormat> {
    NameIdFormat::parse(text).or(match text {
        "emailAddress" | "email" => Some(NameIdFormat::Email),
        "persistent" => Some(NameIdFormat::Persistent),
        "transient" => Some(NameIdFormat::Transient),
        "unspecified" => Some(NameIdFormat::Unspecified),
        _ => None,
    })
}

async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Applications)?;
    saml::settings::remove(&state.services, &access, path_id(&id)?, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn import_metadata(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body_bytes: Bytes,
) -> Result<Json<SettingsBody>, ApiError> {
    let access = caller.write(Area::Applications)?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let text = String::from_utf8(body_bytes.to_vec())
        .map_err(|_| ApiError::bad_request("The metadata must be UTF-8."))?;
    let xml = if is_json {
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| ApiError::bad_request(format!("The body is not JSON: {e}")))?;
        value["metadataXml"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| ApiError::bad_request("metadataXml is required."))?
    } else {
        text
    };
    let settings =
        saml::settings::import_metadata(&state.services, &access, path_id(&id)?, &xml, now())
            .await?;
    Ok(Json(body(&state, settings)))
}

fn certificate_json(c: &saml::certificates::CertificateView) -> Value {
    json!({
        "id": c.id,
        "thumbprint": c.thumbprint,
        "startDateTime": date_time(c.not_before),
        "endDateTime": date_time(c.not_after),
        "isActive": c.active,
        "certificate": c.certificate,
    })
}

async fn certificates(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Applications)?;
    let list = saml::certificates::list(&state.services, access, now()).await?;
    Ok(Json(
        json!({ "value": list.iter().map(certificate_json).collect::<Vec<_>>() }),
    ))
}

async fn add_certificate(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let access = caller.write(Area::Applications)?;
    let added = saml::certificates::add(&state.services, &access, now()).await?;
    Ok((StatusCode::CREATED, Json(certificate_json(&added))))
}

async fn activate_certificate(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Applications)?;
    saml::certificates::activate(&state.services, &access, path_id(&id)?, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn retire_certificate(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Applications)?;
    saml::certificates::retire(&state.services, &access, path_id(&id)?, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
