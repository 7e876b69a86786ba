//! `/v1.0/organization`: the caller's tenant as Graph's `organization`, a collection
//! of exactly one, and `/v1.0/organization/{id}`.
//!
//! It shows what Entente knows of a tenant: its id, name, creation time and verified
//! domains (the initial one is the default), and Graph's constant answers for what an
//! Entente tenant never has (no on-premises sync, no licences). Every signed-in user
//! may read it, as Graph's `User.Read` allows; an application needs a directory or
//! domain permission.

use axum::Json;
use axum::extract::{Path, State};
use entente_domain::directory_reads::{self, Organization};
use entente_model::TenantId;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{SelectOptions, reference};
use super::query::{Collection, NoField, ODataQuery, Schema, counted};
use super::{ApiCaller, date_time, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(read))
}

reference!(Organizations => OrganizationBody);

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

/// List the organization
///
/// The caller's tenant, as a collection of one.
#[utoipa::path(get, path = "/v1.0/organization", operation_id = "organization_list",
    tag = "organization", params(SelectOptions),
    responses((status = 200, description = "The caller's tenant.",
        body = Collection<Organizations>)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.organization()?;
    let selection = query.entity(&ORGANIZATION, &[])?;
    let organization = directory_reads::organization(&state.services, access).await?;
    let items = vec![to_value(body(&organization))];
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

/// Get the organization
///
/// Only the caller's own tenant exists here.
#[utoipa::path(get, path = "/v1.0/organization/{id}", operation_id = "organization_get",
    tag = "organization",
    params(("id" = String, Path, description = "The tenant's id."), SelectOptions),
    responses((status = 200, description = "The caller's tenant.", body = OrganizationBody)))]
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
    Ok(Json(selection.project(to_value(body(&organization)))))
}

/// The tenant in Graph's `organization` shape.
fn body(organization: &Organization) -> OrganizationBody {
    let tenant = &organization.tenant;
    let domains = organization
        .verified_domains
        .iter()
        .map(|d| VerifiedDomain {
            capabilities: "None",
            // The initial domain is the default for new users' principal names.
            is_default: d.is_initial,
            is_initial: d.is_initial,
            name: d.name.clone(),
            kind: "Managed",
        })
        .collect();
    OrganizationBody {
        id: tenant.id.to_string(),
        display_name: tenant.display_name.clone(),
        created_date_time: date_time(tenant.created_at),
        tenant_type: "AAD",
        verified_domains: domains,
        on_premises_sync_enabled: None,
        business_phones: Vec::new(),
        technical_notification_mails: Vec::new(),
        security_compliance_notification_mails: Vec::new(),
        assigned_plans: Vec::new(),
        provisioned_plans: Vec::new(),
    }
}

/// The tenant as Graph's `organization`, with Graph's constant answers for what an
/// Entente tenant never has. With `$select`, only `id` and the properties selected
/// are present.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Organization)]
struct OrganizationBody {
    #[schema(format = Uuid)]
    id: String,
    #[schema(required = false)]
    display_name: String,
    #[schema(format = DateTime)]
    created_date_time: Option<String>,
    /// `AAD`.
    #[schema(required = false)]
    tenant_type: &'static str,
    #[schema(required = false)]
    verified_domains: Vec<VerifiedDomain>,
    /// Always `null`: no on-premises directory.
    on_premises_sync_enabled: Option<bool>,
    /// Always empty.
    #[schema(required = false)]
    business_phones: Vec<String>,
    /// Always empty.
    #[schema(required = false)]
    technical_notification_mails: Vec<String>,
    /// Always empty.
    #[schema(required = false)]
    security_compliance_notification_mails: Vec<String>,
    /// Always empty: no licences.
    #[schema(required = false, value_type = Vec<Object>)]
    assigned_plans: Vec<Value>,
    /// Always empty: no licences.
    #[schema(required = false, value_type = Vec<Object>)]
    provisioned_plans: Vec<Value>,
}

/// A verified domain of the tenant.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct VerifiedDomain {
    /// `None`.
    capabilities: &'static str,
    is_default: bool,
    is_initial: bool,
    name: String,
    /// `Managed`.
    #[serde(rename = "type")]
    kind: &'static str,
}
