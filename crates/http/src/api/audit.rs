//! `/v1.0/auditLogs/directoryAudits`: the tenant's audit log, newest first, in the
//! shape of Graph's `directoryAudit`. Reading it needs `AuditLog.Read.All`, which
//! the directory read permissions do not include: the log names who did what.

use axum::Json;
use axum::extract::State;
use entente_domain::audit_changes::OLD_VALUES;
use entente_domain::directory;
use entente_model::AuditEntry;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{PageOptions, reference};
use super::query::Collection;
use super::{ApiCaller, ODataQuery, collection, date_time, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(list_provisioning))
}

reference!(DirectoryAudits => DirectoryAudit);
reference!(ProvisioningObjectSummaries => ProvisioningObjectSummary);

/// List the provisioning log
///
/// What each SCIM request changed, or why it failed, newest first, as Graph's
/// `provisioningObjectSummary`. Needs `AuditLog.Read.All`.
#[utoipa::path(get, path = "/v1.0/auditLogs/provisioning",
    operation_id = "auditLogs_listProvisioning", tag = "auditLogs", params(PageOptions),
    responses((status = 200, description = "A page of the provisioning log.",
        body = Collection<ProvisioningObjectSummaries>)))]
async fn list_provisioning(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.audit()?;
    let page = query.page_only("the provisioning log")?;
    let page =
        entente_domain::provisioning::list_log_page(&state.services, access, None, page).await?;
    let items = page
        .items
        .iter()
        .map(|(entry, name)| to_value(provisioning_summary(entry, name.clone())))
        .collect();
    Ok(collection(
        &state,
        Some(&query),
        "auditLogs/provisioning",
        items,
        page.skip_token,
    ))
}

/// One provisioning log entry, as Graph's `provisioningObjectSummary`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ProvisioningObjectSummary {
    id: String,
    #[schema(format = DateTime)]
    activity_date_time: Option<String>,
    /// The entry's id (each request is its own change).
    change_id: String,
    /// The provisioning connection's id, or the application's for an access token.
    job_id: String,
    /// `create`, `update`, `disable`, `delete` or `other`.
    provisioning_action: String,
    provisioning_status_info: ProvisioningStatusInfo,
    initiated_by: ProvisioningIdentity,
    service_principal: ProvisioningIdentity,
    /// The user or group the request was about (`identityType` `User` or `Group`).
    target_identity: ProvisioningIdentity,
    modified_properties: Vec<ModifiedProperty>,
    /// The HTTP status the request was answered with.
    status_code: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ProvisioningStatusInfo {
    /// `success` or `failure`.
    status: String,
    error_information: Option<ProvisioningError>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ProvisioningError {
    /// The SCIM `scimType`, or the status's name.
    error_code: Option<String>,
    reason: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ProvisioningIdentity {
    id: Option<String>,
    display_name: Option<String>,
    /// `application`, `User` or `Group`.
    identity_type: String,
}

fn provisioning_summary(
    entry: &entente_storage::ProvisioningEntry,
    application: Option<String>,
) -> ProvisioningObjectSummary {
    let app = || ProvisioningIdentity {
        id: Some(entry.application_id.to_string()),
        display_name: application.clone(),
        identity_type: "application".to_owned(),
    };
    let modified = entry
        .changes
        .as_array()
        .into_iter()
        .flatten()
        .map(|change| ModifiedProperty {
            display_name: change["name"].as_str().unwrap_or_default().to_owned(),
            old_value: change
                .get("oldValue")
                .filter(|v| !v.is_null())
                .map(Value::to_string),
            new_value: change
                .get("newValue")
                .map(Value::to_string)
                .unwrap_or_else(|| "null".to_owned()),
        })
        .collect();
    ProvisioningObjectSummary {
        id: entry.id.to_string(),
        activity_date_time: date_time(entry.at),
        change_id: entry.id.to_string(),
        job_id: entry
            .connection_id
            .map(|c| c.to_string())
            .unwrap_or_else(|| entry.application_id.to_string()),
        provisioning_action: entry.action.clone(),
        provisioning_status_info: ProvisioningStatusInfo {
            status: entry.status.clone(),
            error_information: (entry.status == "failure").then(|| ProvisioningError {
                error_code: entry.error_code.clone(),
                reason: entry.error_reason.clone(),
            }),
        },
        initiated_by: app(),
        service_principal: app(),
        target_identity: ProvisioningIdentity {
            id: entry.resource_id.clone(),
            display_name: entry.resource_name.clone(),
            identity_type: entry.resource_type.clone(),
        },
        modified_properties: modified,
        status_code: entry.http_status,
    }
}

/// List the directory audit log
///
/// Newest first. Needs `AuditLog.Read.All`.
#[utoipa::path(get, path = "/v1.0/auditLogs/directoryAudits",
    operation_id = "auditLogs_listDirectoryAudits", tag = "auditLogs", params(PageOptions),
    responses((status = 200, description = "A page of the audit log.",
        body = Collection<DirectoryAudits>)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.audit()?;
    let page = query.page_only("the audit log")?;
    let page = directory::list_audit_log(&state.services, access, page).await?;
    let items = page
        .items
        .iter()
        .map(|entry| to_value(directory_audit(entry)))
        .collect();
    Ok(collection(
        &state,
        Some(&query),
        "auditLogs/directoryAudits",
        items,
        page.skip_token,
    ))
}

/// One entry of the audit log, as Graph's `directoryAudit`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct DirectoryAudit {
    id: String,
    /// `Core Directory`.
    category: &'static str,
    #[schema(format = DateTime)]
    activity_date_time: Option<String>,
    /// What was done, such as `Add user`.
    activity_display_name: String,
    /// The activity's first word, such as `Add`.
    operation_type: String,
    /// `success`: only what happened is recorded.
    result: &'static str,
    initiated_by: InitiatedBy,
    /// The one object the activity changed.
    target_resources: Vec<TargetResource>,
}

/// Who did it: a user or an application; neither for the system itself.
#[derive(Serialize, ToSchema)]
struct InitiatedBy {
    user: Option<UserIdentity>,
    app: Option<AppIdentity>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct UserIdentity {
    id: Option<String>,
    /// The user's display name when the entry was written.
    display_name: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct AppIdentity {
    /// The application's object id.
    service_principal_id: Option<String>,
    /// The application's display name when the entry was written.
    display_name: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct TargetResource {
    id: Option<String>,
    /// The object's display name when the entry was written.
    display_name: Option<String>,
    /// `User`, `Group`, `Application`, ...
    #[serde(rename = "type")]
    kind: String,
    modified_properties: Vec<ModifiedProperty>,
}

/// A recorded detail of the change, its value as JSON text as Graph writes it.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ModifiedProperty {
    display_name: String,
    /// What the change replaced, for the properties an update records it of;
    /// otherwise `null`.
    old_value: Option<String>,
    new_value: String,
}

/// One entry as a Graph `directoryAudit`. The recorded details become the target's
/// `modifiedProperties`, with values as JSON text as Graph writes them.
fn directory_audit(entry: &AuditEntry) -> DirectoryAudit {
    let id = entry.actor_id.map(|id| id.to_string());
    let display_name = entry.actor_name.clone();
    let initiated_by = match entry.actor_type.as_str() {
        "User" => InitiatedBy {
            user: Some(UserIdentity { id, display_name }),
            app: None,
        },
        "Application" => InitiatedBy {
            user: None,
            app: Some(AppIdentity {
                service_principal_id: id,
                display_name,
            }),
        },
        _ => InitiatedBy {
            user: None,
            app: None,
        },
    };
    let old = entry
        .details
        .get(OLD_VALUES)
        .and_then(|old| old.as_object());
    let modified = entry
        .details
        .as_object()
        .map(|fields| {
            fields
                .iter()
                .filter(|(name, _)| *name != OLD_VALUES)
                .map(|(name, value)| ModifiedProperty {
                    display_name: name.clone(),
                    old_value: old.and_then(|o| o.get(name)).map(|v| v.to_string()),
                    new_value: value.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let operation = entry.action.split(' ').next().unwrap_or_default();
    DirectoryAudit {
        id: entry.id.to_string(),
        category: "Core Directory",
        activity_date_time: date_time(entry.at),
        activity_display_name: entry.action.clone(),
        operation_type: operation.to_owned(),
        result: "success",
        initiated_by,
        target_resources: vec![TargetResource {
            id: entry.target_id.clone(),
            display_name: entry.target_name.clone(),
            kind: entry.target_type.clone(),
            modified_properties: modified,
        }],
    }
}
