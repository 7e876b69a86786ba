//! `/v1.0/domains`: the tenant's domains, their DNS verification records and their
//! verification, in Graph's JSON.
//!
//! A domain's id is its DNS name. Every domain is `Managed`: Entente holds the
//! passwords of its users; federation to another identity provider is configured per
//! partner elsewhere, not by a domain's authentication type.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use entente_domain::access::Area;
use entente_domain::domains::{self, Domain};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{ApiCaller, ApiJson, collection, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1.0/domains", get(list).post(create))
        .route("/v1.0/domains/{id}", get(read).delete(remove))
        .route(
            "/v1.0/domains/{id}/verificationDnsRecords",
            get(verification_records),
        )
        .route("/v1.0/domains/{id}/verify", post(verify))
}

/// A domain as Graph shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DomainBody {
    id: String,
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CreateDomain {
    id: String,
}

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

async fn create(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<CreateDomain>,
) -> Result<(StatusCode, Json<DomainBody>), ApiError> {
    let access = caller.write(Area::Domains)?;
    let domain = domains::add_domain(&state.services, &access, &body.id, crate::now()).await?;
    Ok((StatusCode::CREATED, Json(DomainBody::from(&domain))))
}

async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<DomainBody>, ApiError> {
    let access = caller.read(Area::Domains)?;
    let domain = domains::get_domain(&state.services, access, &id).await?;
    Ok(Json(DomainBody::from(&domain)))
}

async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Domains)?;
    domains::remove_domain(&state.services, &access, &id, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

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
            json!({
                "@odata.type": "#microsoft.graph.domainDnsTxtRecord",
                "id": format!("txt-{}", r.label),
                "isOptional": false,
                "label": r.label,
                "recordType": "Txt",
                "supportedService": "None",
                "text": r.text,
                "ttl": r.ttl,
            })
        })
        .collect();
    let entity_set = format!(
        "domains('{}')/verificationDnsRecords",
        id.to_ascii_lowercase()
    );
    Ok(collection(&state, None, &entity_set, items, None))
}

async fn verify(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<DomainBody>, ApiError> {
    let access = caller.write(Area::Domains)?;
    let resolver = state.services.resolver.clone();
    let domain = domains::verify_domain(
        &state.services,
        &access,
        resolver.as_ref(),
        &id,
        crate::now(),
    )
    .await?;
    Ok(Json(DomainBody::from(&domain)))
}
