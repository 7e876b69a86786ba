//! `/v1.0/organization`: the caller's tenant as Graph's `organization`, a collection
//! of exactly one, and `/v1.0/organization/{id}`.
//!
//! It shows what Entente knows of a tenant: its id, name, creation time and verified
//! domains (the initial one is the default), and Graph's constant answers for what an
//! Entente tenant never has (no on-premises sync, no licences). Every signed-in user
//! may read it, as Graph's `User.Read` allows; an application needs a directory or
//! domain permission.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use entente_domain::directory_reads::{self, Organization};
use entente_model::TenantId;
use serde_json::{Value, json};

use super::query::{NoField, ODataQuery, Schema, counted};
use super::{ApiCaller, date_time};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1.0/organization", get(list))
        .route("/v1.0/organization/{id}", get(read))
}

/// The organization takes `$select` only; it has no field to filter or sort on.
const ORGANIZATION: Schema<NoField> = Schema {
    entity: "organization",
    resource: "Organization",
    properties: &[],
    selectable: &[
        "id",
        "displayName",
        "createdDateTime",
        "tenantType",
        "verifiedDomains",
        "onPremisesSyncEnabled",
        "businessPhones",
        "technicalNotificationMails",
        "securityComplianceNotificationMails",
        "assignedPlans",
        "provisionedPlans",
    ],
    unkept: &[
        "city",
        "country",
        "countryLetterCode",
        "postalCode",
        "state",
        "street",
        "preferredLanguage",
        "defaultUsageLocation",
        "onPremisesLastSyncDateTime",
        "privacyProfile",
        "deletedDateTime",
    ],
    unkept_lists: &[
        "marketingNotificationEmails",
        "securityComplianceNotificationPhones",
    ],
};

async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.organization()?;
    let selection = query.entity(&ORGANIZATION, &[])?;
    let organization = directory_reads::organization(&state.services, access).await?;
    let items = vec![body(&organization)];
    Ok(counted(
        &state,
        None,
        "organization",
        Some(&selection),
        items,
        None,
        None,
    ))
}

async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.organization()?;
    let selection = query.entity(&ORGANIZATION, &[])?;
    // Another tenant's id, or no id at all, names nothing the caller may see.
    if id.parse::<TenantId>().ok() != Some(access.tenant) {
        return Err(ApiError::not_found());
    }
    let organization = directory_reads::organization(&state.services, access).await?;
    Ok(Json(selection.project(body(&organization))))
}

/// The tenant in Graph's `organization` shape.
fn body(organization: &Organization) -> Value {
    let tenant = &organization.tenant;
    let domains: Vec<Value> = organization
        .verified_domains
        .iter()
        .map(|d| {
            json!({
                "capabilities": "None",
                // The initial domain is the default for new users' principal names.
                "isDefault": d.is_initial,
                "isInitial": d.is_initial,
                "name": d.name,
                "type": "Managed",
            })
        })
        .collect();
    json!({
        "id": tenant.id.to_string(),
        "displayName": tenant.display_name,
        "createdDateTime": date_time(tenant.created_at),
        "tenantType": "AAD",
        "verifiedDomains": domains,
        "onPremisesSyncEnabled": null,
        "businessPhones": [],
        "technicalNotificationMails": [],
        "securityComplianceNotificationMails": [],
        "assignedPlans": [],
        "provisionedPlans": [],
    })
}
