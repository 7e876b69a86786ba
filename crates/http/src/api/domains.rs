//! `/v1.0/domains`: the tenant's domains, their DNS verification records and their
//! verification, in Graph's JSON.
//!
//! A domain's id is its DNS name. Every domain is `Managed`: Entente holds the
//! passwords of its users; federation to another identity provider is configured per
//! partner elsewhere, not by a domain's authentication type.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use entente_domain::access::Area;
use entente_domain::domains::{self, Domain};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::reference;
use super::query::Collection;
use super::{ApiCaller, ApiJson, collection, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read, remove))
        .routes(routes!(verification_records))
        .routes(routes!(verify))
}

reference!(Domains => DomainBody);
reference!(DnsTxtRecords => DnsTxtRecord);

/// A domain as Graph shows it.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Domain)]
struct DomainBody {
    /// The DNS name.
    id: String,
    /// `Managed`: Entente holds its users' passwords.
    authentication_type: &'static str,
    is_default: bool,
    is_initial: bool,
    is_verified: bool,
    supported_services: Vec<String>,
}

impl From<&Domain> for DomainBody {
    fn from(d: &Domain) -> Self {
        DomainBody {
            id: d.name.clone(),
            authentication_type: "Managed",
            // The initial domain is the default for new users' principal names.
            is_default: d.is_initial,
            is_initial: d.is_initial,
            is_verified: d.is_verified,
            supported_services: Vec::new(),
        }
    }
}

/// Graph's `domainDnsTxtRecord`: what to publish for a domain to be verified.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = DomainDnsTxtRecord)]
struct DnsTxtRecord {
    #[serde(rename = "@odata.type")]
    odata_type: &'static str,
    id: String,
    is_optional: bool,
    /// The record's name: the domain itself.
    label: String,
    /// `Txt`.
    record_type: &'static str,
    supported_service: &'static str,
    /// The value to publish.
    text: String,
    ttl: u32,
}

/// The domain to claim, by its DNS name.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = DomainCreate)]
struct CreateDomain {
    id: String,
}

/// List domains
#[utoipa::path(get, path = "/v1.0/domains", operation_id = "domains_list", tag = "domains",
    responses((status = 200, description = "Every domain of the tenant.",
        body = Collection<Domains>)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Domains)?;
    let domains = domains::list_domains(&state.services, access).await?;
    let items = domains
        .iter()
        .map(|d| to_value(DomainBody::from(d)))
        .collect();
    Ok(collection(&state, None, "domains", items, None))
}

/// Add a domain
///
/// Claims the domain, unverified; its verification record says what to publish.
#[utoipa::path(post, path = "/v1.0/domains", operation_id = "domains_create", tag = "domains",
    request_body = CreateDomain,
    responses((status = 201, description = "The domain, unverified.", body = DomainBody)))]
async fn create(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<CreateDomain>,
) -> Result<(StatusCode, Json<DomainBody>), ApiError> {
    let access = caller.write(Area::Domains)?;
    let domain = domains::add_domain(&state.services, &access, &body.id, crate::now()).await?;
    Ok((StatusCode::CREATED, Json(DomainBody::from(&domain))))
}

/// Get a domain
#[utoipa::path(get, path = "/v1.0/domains/{id}", operation_id = "domains_get", tag = "domains",
    params(("id" = String, Path, description = "The domain's DNS name.")), responses((status = 200, description = "The domain.", body = DomainBody)))]
async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<DomainBody>, ApiError> {
    let access = caller.read(Area::Domains)?;
    let domain = domains::get_domain(&state.services, access, &id).await?;
    Ok(Json(DomainBody::from(&domain)))
}

/// Delete a domain
#[utoipa::path(delete, path = "/v1.0/domains/{id}", operation_id = "domains_delete",
    tag = "domains", params(("id" = String, Path, description = "The domain's DNS name.")), responses((status = 204, description = "Deleted.")))]
async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Domains)?;
    domains::remove_domain(&state.services, &access, &id, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// List a domain's verification records
///
/// The TXT record to publish at the domain before `verify`.
#[utoipa::path(get, path = "/v1.0/domains/{id}/verificationDnsRecords",
    operation_id = "domains_listVerificationDnsRecords", tag = "domains", params(("id" = String, Path, description = "The domain's DNS name.")),
    responses((status = 200, description = "The TXT record.",
        body = Collection<DnsTxtRecords>)))]
async fn verification_records(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Domains)?;
    let records = domains::verification_records(&state.services, access, &id).await?;
    let items = records
        .iter()
        .map(|r| {
            to_value(DnsTxtRecord {
                odata_type: "#microsoft.graph.domainDnsTxtRecord",
                id: format!("txt-{}", r.label),
                is_optional: false,
                label: r.label.clone(),
                record_type: "Txt",
                supported_service: "None",
                text: r.text.clone(),
                ttl: r.ttl,
            })
        })
        .collect();
    let entity_set = format!(
        "domains('{}')/verificationDnsRecords",
        id.to_ascii_lowercase()
    );
    Ok(collection(&state, None, &entity_set, items, None))
}

/// Verify a domain
///
/// Looks the TXT record up in DNS; a domain an unmanaged tenant held has its
/// accounts taken over by this tenant.
#[utoipa::path(post, path = "/v1.0/domains/{id}/verify", operation_id = "domains_verify",
    tag = "domains", params(("id" = String, Path, description = "The domain's DNS name.")),
    responses((status = 200, description = "The domain, verified.", body = DomainBody)))]
async fn verify(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<DomainBody>, ApiError> {
    let access = caller.write(Area::Domains)?;
    let resolver = state.services.resolver.clone();
    let verified = domains::verify_domain(
        &state.services,
        &access,
        resolver.as_ref(),
        &id,
        crate::now(),
    )
    .await?;
    Ok(Json(DomainBody::from(&verified.domain)))
}
