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
    OpenApiRouter::new().routes(routes!(list))
}

reference!(DirectoryAudits => DirectoryAudit);

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
