//! `/v1.0/auditLogs/directoryAudits`: the tenant's audit log, newest first, in the
//! shape of Graph's `directoryAudit`. Reading it needs `AuditLog.Read.All`, which
//! the directory read permissions do not include: the log names who did what.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use entente_domain::directory;
use entente_model::AuditEntry;
use serde_json::{Value, json};

use super::{ApiCaller, ODataQuery, collection, date_time};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1.0/auditLogs/directoryAudits", get(list))
}

async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.audit()?;
    let page = query.page_only("the audit log")?;
    let page = directory::list_audit_log(&state.services, access, page).await?;
    let items = page.items.iter().map(directory_audit).collect();
    Ok(collection(
        &state,
        Some(&query),
        "auditLogs/directoryAudits",
        items,
        page.skip_token,
    ))
}

/// One entry as a Graph `directoryAudit`. The recorded details become the target's
/// `modifiedProperties`, with values as JSON text as Graph writes them.
fn directory_audit(entry: &AuditEntry) -> Value {
    let id = entry.actor_id.map(|id| id.to_string());
    let initiated_by = match entry.actor_type.as_str() {
        "User" => json!({ "user": { "id": id }, "app": null }),
        "Application" => json!({ "user": null, "app": { "servicePrincipalId": id } }),
        _ => json!({ "user": null, "app": null }),
    };
    let modified: Vec<Value> = entry
        .details
        .as_object()
        .map(|fields| {
            fields
                .iter()
                .map(|(name, value)| {
                    json!({ "displayName": name, "oldValue": null, "newValue": value.to_string() })
                })
                .collect()
        })
        .unwrap_or_default();
    let operation = entry.action.split(' ').next().unwrap_or_default();
    json!({
        "id": entry.id.to_string(),
        "category": "Core Directory",
        "activityDateTime": date_time(entry.at),
        "activityDisplayName": entry.action,
        "operationType": operation,
        "result": "success",
        "initiatedBy": initiated_by,
        "targetResources": [{
            "id": entry.target_id,
            "type": entry.target_type,
            "modifiedProperties": modified,
        }],
    })
}
