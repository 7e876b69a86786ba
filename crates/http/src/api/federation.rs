//! `/v1.0/directory/federationConfigurations`: the partners' own identity providers a
//! tenant federates with, per partner domain (docs/decisions/0006).
//!
//! The shape follows Graph's direct federation resources (`displayName`, `issuerUri`,
//! `domains`, `metadataXml` for a SAML IdP), with the client id and secret of an
//! OpenID Connect relying party for an OpenID provider; the secret is write-only. Reading takes a domain read permission, changing takes
//! `Directory.ReadWrite.All` (a Global Administrator).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use entente_domain::access::Area;
use entente_domain::federation::{
    self, FederationConfig, FederationConfigPatch, NewFederationConfig,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::reference;
use super::query::Collection;
use super::{ApiCaller, ApiJson, collection, date_time, path_id, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read, update, remove))
}

reference!(Configs => ConfigBody);

/// A partner's own identity provider (OpenID Connect or SAML) for its domains.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = FederationConfiguration)]
struct ConfigBody {
    #[schema(format = Uuid)]
    id: String,
    display_name: String,
    /// `oidc` or `saml`.
    protocol: String,
    /// The OpenID issuer, or the SAML IdP's entity id.
    issuer_uri: String,
    domains: Vec<DomainBody>,
    #[schema(format = DateTime)]
    created_date_time: Option<String>,
    /// OpenID Connect: the client id, and the redirect URI to register with the
    /// partner's provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect_uri: Option<String>,
    /// SAML: the IdP's SSO URL and signing certificates, and what the partner
    /// registers of this tenant (entity id, ACS URL, or the metadata at the entity id).
    #[serde(skip_serializing_if = "Option::is_none")]
    sso_url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    signing_certificates: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sp_entity_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assertion_consumer_service_url: Option<String>,
}

/// A partner domain whose users sign in at this provider.
#[derive(Serialize, ToSchema)]
#[schema(as = FederatedDomain)]
struct DomainBody {
    id: String,
}

fn body(state: &AppState, config: FederationConfig, tenant: entente_model::TenantId) -> ConfigBody {
    let settings = &state.services.settings;
    let saml = config.protocol == federation::SAML;
    ConfigBody {
        id: config.id.to_string(),
        display_name: config.display_name,
        issuer_uri: config.issuer,
        domains: config
            .domains
            .into_iter()
            .map(|id| DomainBody { id })
            .collect(),
        created_date_time: date_time(config.created_at),
        client_id: config.client_id,
        redirect_uri: (!saml).then(|| federation::redirect_uri(&state.services, tenant)),
        sso_url: config.sso_url,
        signing_certificates: config.signing_certificates,
        sp_entity_id: saml.then(|| federation::saml::sp_entity_id(settings, tenant)),
        assertion_consumer_service_url: saml.then(|| federation::saml::acs_url(settings, tenant)),
        protocol: config.protocol,
    }
}

/// A domain given as `"fabrikam.com"` or as Graph's `{ "id": "fabrikam.com" }`.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
#[schema(as = FederatedDomainInput)]
enum DomainInput {
    Name(String),
    Object { id: String },
}

fn domain_names(domains: Vec<DomainInput>) -> Vec<String> {
    domains
        .into_iter()
        .map(|d| match d {
            DomainInput::Name(name) | DomainInput::Object { id: name } => name,
        })
        .collect()
}

/// A provider to federate with: an OpenID provider (`issuerUri`, `clientId`,
/// `clientSecret`) or a SAML IdP (`metadataXml`).
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = FederationConfigurationCreate)]
struct CreateConfig {
    display_name: String,
    issuer_uri: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    metadata_xml: Option<String>,
    domains: Vec<DomainInput>,
}

/// The properties to change; the others stay.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = FederationConfigurationUpdate)]
struct UpdateConfig {
    display_name: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    metadata_xml: Option<String>,
    domains: Option<Vec<DomainInput>>,
}

/// List federation configurations
#[utoipa::path(get, path = "/v1.0/directory/federationConfigurations",
    operation_id = "federationConfigurations_list", tag = "federation",
    responses((status = 200, description = "Every configuration of the tenant.",
        body = Collection<Configs>)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Domains)?;
    let configs = federation::list_configs(&state.services, access).await?;
    let items = configs
        .into_iter()
        .map(|c| to_value(body(&state, c, access.tenant)))
        .collect();
    Ok(collection(
        &state,
        None,
        "directory/federationConfigurations",
        items,
        None,
    ))
}

/// Create a federation configuration
///
/// Needs a tenant administrator.
#[utoipa::path(post, path = "/v1.0/directory/federationConfigurations",
    operation_id = "federationConfigurations_create", tag = "federation",
    request_body = CreateConfig,
    responses((status = 201, description = "The configuration made.", body = ConfigBody)))]
async fn create(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(input): ApiJson<CreateConfig>,
) -> Result<(StatusCode, Json<ConfigBody>), ApiError> {
    let admin = caller.tenant_admin()?;
    let new = NewFederationConfig {
        display_name: input.display_name,
        issuer: input.issuer_uri,
        client_id: input.client_id,
        client_secret: input.client_secret,
        metadata_xml: input.metadata_xml,
        domains: domain_names(input.domains),
    };
    let config = federation::create_config(&state.services, &admin, new, crate::now()).await?;
    Ok((
        StatusCode::CREATED,
        Json(body(&state, config, admin.tenant)),
    ))
}

/// Get a federation configuration
#[utoipa::path(get, path = "/v1.0/directory/federationConfigurations/{id}",
    operation_id = "federationConfigurations_get", tag = "federation", params(("id" = String, Path, description = "The configuration's id.")),
    responses((status = 200, description = "The configuration.", body = ConfigBody)))]
async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ConfigBody>, ApiError> {
    let access = caller.read(Area::Domains)?;
    let config = federation::get_config(&state.services, access, path_id(&id)?).await?;
    Ok(Json(body(&state, config, access.tenant)))
}

/// Update a federation configuration
#[utoipa::path(patch, path = "/v1.0/directory/federationConfigurations/{id}",
    operation_id = "federationConfigurations_update", tag = "federation", params(("id" = String, Path, description = "The configuration's id.")),
    request_body = UpdateConfig,
    responses((status = 200, description = "The configuration as it now is.", body = ConfigBody)))]
async fn update(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<UpdateConfig>,
) -> Result<Json<ConfigBody>, ApiError> {
    let admin = caller.tenant_admin()?;
    let patch = FederationConfigPatch {
        display_name: input.display_name,
        client_id: input.client_id,
        client_secret: input.client_secret,
        metadata_xml: input.metadata_xml,
        domains: input.domains.map(domain_names),
    };
    let config =
        federation::update_config(&state.services, &admin, path_id(&id)?, patch, crate::now())
            .await?;
    Ok(Json(body(&state, config, admin.tenant)))
}

/// Delete a federation configuration
#[utoipa::path(delete, path = "/v1.0/directory/federationConfigurations/{id}",
    operation_id = "federationConfigurations_delete", tag = "federation", params(("id" = String, Path, description = "The configuration's id.")),
    responses((status = 204, description = "Deleted.")))]
async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.tenant_admin()?;
    federation::delete_config(&state.services, &admin, path_id(&id)?, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
