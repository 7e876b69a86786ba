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

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use entente_domain::access::Area;
use entente_domain::saml;
use entente_domain::saml::settings::SamlSettingsPatch;
use entente_model::{AppId, NameIdFormat, SamlAttribute, SamlSettings, SamlSigning};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiCaller, ApiJson, date_time, nullable, path_id};
use crate::error::ApiError;
use crate::{AppState, now};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(read, replace, update, remove))
        .routes(routes!(import_metadata))
        .routes(routes!(certificates, add_certificate))
        .routes(routes!(retire_certificate))
        .routes(routes!(activate_certificate))
}

/// An application's SAML settings to set; absent ones keep their value (or their
/// default, for an application that had none).
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = SamlSettingsInput)]
struct SettingsInput {
    #[serde(default)]
    entity_id: Option<String>,
    /// `emailAddress`, `persistent`, `transient` or `unspecified`, or the full SAML URI.
    #[serde(default)]
    name_id_format: Option<String>,
    /// `assertion`, `response` or `both`.
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

/// An application's SAML settings, and where its service provider finds this IdP.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = SamlSettings)]
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

/// Get an application's SAML settings
#[utoipa::path(get, path = "/v1.0/applications/{id}/samlSettings",
    operation_id = "applications_getSamlSettings", tag = "saml", params(("id" = String, Path, description = "The application's object id.")),
    responses((status = 200, description = "The settings.", body = SettingsBody)))]
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

/// Set an application's SAML settings
///
/// The same as PATCH: the properties given change, the others stay.
#[utoipa::path(put, path = "/v1.0/applications/{id}/samlSettings",
    operation_id = "applications_setSamlSettings", tag = "saml", params(("id" = String, Path, description = "The application's object id.")),
    request_body = SettingsInput,
    responses((status = 200, description = "The settings as they now are.", body = SettingsBody)))]
async fn replace(
    state: State<AppState>,
    caller: ApiCaller,
    id: Path<String>,
    input: ApiJson<SettingsInput>,
) -> Result<Json<SettingsBody>, ApiError> {
    update(state, caller, id, input).await
}

/// Update an application's SAML settings
///
/// Makes the application a SAML application if it was not one.
#[utoipa::path(patch, path = "/v1.0/applications/{id}/samlSettings",
    operation_id = "applications_updateSamlSettings", tag = "saml", params(("id" = String, Path, description = "The application's object id.")),
    request_body = SettingsInput,
    responses((status = 200, description = "The settings as they now are.", body = SettingsBody)))]
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

/// Remove an application's SAML settings
///
/// The application no longer signs in with SAML.
#[utoipa::path(delete, path = "/v1.0/applications/{id}/samlSettings",
    operation_id = "applications_deleteSamlSettings", tag = "saml", params(("id" = String, Path, description = "The application's object id.")),
    responses((status = 204, description = "Removed.")))]
async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Applications)?;
    saml::settings::remove(&state.services, &access, path_id(&id)?, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Import a service provider's metadata
///
/// Sets the entity id, the ACS URLs (as `web.redirectUris`), the certificates and the
/// logout URL from the metadata XML.
#[utoipa::path(post, path = "/v1.0/applications/{id}/samlSettings/importMetadata",
    operation_id = "applications_importSamlMetadata", tag = "saml", params(("id" = String, Path, description = "The application's object id.")),
    request_body(description = "The metadata XML, as the body or as `metadataXml` of a JSON object.",
        content((String = "application/xml"), (MetadataJson = "application/json"))),
    responses((status = 200, description = "The settings as they now are.", body = SettingsBody)))]
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

/// `importMetadata`'s JSON body, which the handler reads from any JSON object.
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = SamlMetadataImport)]
#[allow(dead_code)] // Describes a body for the OpenAPI document; `import_metadata` reads it.
struct MetadataJson {
    metadata_xml: String,
}

/// One of the tenant's SAML signing certificates.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = SamlCertificate)]
struct CertificateBody {
    id: uuid::Uuid,
    /// SHA-1 of the DER certificate, in upper-case hex.
    thumbprint: String,
    #[schema(format = DateTime)]
    start_date_time: Option<String>,
    #[schema(format = DateTime)]
    end_date_time: Option<String>,
    /// Signs responses now.
    is_active: bool,
    /// Base64 DER.
    certificate: String,
}

/// The tenant's SAML signing certificates.
#[derive(Serialize, ToSchema)]
#[schema(as = SamlCertificateList)]
struct CertificateList {
    value: Vec<CertificateBody>,
}

fn certificate_json(c: &saml::certificates::CertificateView) -> CertificateBody {
    CertificateBody {
        id: c.id,
        thumbprint: c.thumbprint.clone(),
        start_date_time: date_time(c.not_before),
        end_date_time: date_time(c.not_after),
        is_active: c.active,
        certificate: c.certificate.clone(),
    }
}

/// List the SAML signing certificates
#[utoipa::path(get, path = "/v1.0/saml/certificates", operation_id = "samlCertificates_list",
    tag = "saml",
    responses((status = 200, description = "The certificates, published and active.",
        body = CertificateList)))]
async fn certificates(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<CertificateList>, ApiError> {
    let access = caller.read(Area::Applications)?;
    let list = saml::certificates::list(&state.services, access, now()).await?;
    Ok(Json(CertificateList {
        value: list.iter().map(certificate_json).collect(),
    }))
}

/// Add a SAML signing certificate
///
/// Published in the metadata at once; it signs once activated.
#[utoipa::path(post, path = "/v1.0/saml/certificates", operation_id = "samlCertificates_create",
    tag = "saml",
    responses((status = 201, description = "The certificate made.", body = CertificateBody)))]
async fn add_certificate(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<(StatusCode, Json<CertificateBody>), ApiError> {
    let access = caller.write(Area::Applications)?;
    let added = saml::certificates::add(&state.services, &access, now()).await?;
    Ok((StatusCode::CREATED, Json(certificate_json(&added))))
}

/// Activate a SAML signing certificate
///
/// It signs from now on; the one it replaces stays published.
#[utoipa::path(post, path = "/v1.0/saml/certificates/{id}/activate",
    operation_id = "samlCertificates_activate", tag = "saml", params(("id" = String, Path, description = "The certificate's id.")),
    responses((status = 204, description = "Activated.")))]
async fn activate_certificate(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Applications)?;
    saml::certificates::activate(&state.services, &access, path_id(&id)?, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Retire a SAML signing certificate
///
/// It leaves the metadata; the signing one cannot be retired.
#[utoipa::path(delete, path = "/v1.0/saml/certificates/{id}",
    operation_id = "samlCertificates_delete", tag = "saml", params(("id" = String, Path, description = "The certificate's id.")),
    responses((status = 204, description = "Retired.")))]
async fn retire_certificate(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Applications)?;
    saml::certificates::retire(&state.services, &access, path_id(&id)?, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
