//! Provisioning in the portal (issue 23, decision 0017): the organization's SCIM
//! address and how to connect, its provisioning connections (made, given a new token,
//! deleted: a Global Administrator's right), and the provisioning log (what each SCIM
//! request changed or why it failed: readers of the audit log), filtered by result
//! and downloadable as CSV.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::provisioning::{self, NewConnection};
use serde::Deserialize;

use super::field_errors::FieldErrors;
use super::{Admin, AdminPage, AdminPost, Gate, LocalTime, Nav, csv_download};
use crate::AppState;
use crate::now;
use crate::pages::page;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/provisioning", get(show).post(create))
        .route("/{tenant}/admin/provisioning/token", post(new_token))
        .route("/{tenant}/admin/provisioning/delete", post(delete))
        .route("/{tenant}/admin/provisioning/log.csv", get(export))
}

/// How many log entries the page shows (the CSV has them all).
const LOG_SHOWN: i64 = 100;

#[derive(Template)]
#[template(path = "admin/provisioning.html")]
struct ProvisioningPage {
    nav: Nav,
    scim_url: String,
    /// Connections are shown and changed by Global Administrators.
    may_connect: bool,
    connections: Vec<ConnectionLine>,
    /// A token made just now, shown this once: the connection's name and the token.
    issued: Option<(String, String)>,
    may_read_log: bool,
    failures_only: bool,
    log: Vec<LogLine>,
    export: String,
    fields: FieldErrors,
    error: Option<String>,
}

struct ConnectionLine {
    id: String,
    name: String,
    /// The partner's name, for a partner's connection.
    partner: Option<String>,
    token_hint: String,
    expires: LocalTime,
    used: Option<LocalTime>,
}

struct LogLine {
    at: LocalTime,
    failure: bool,
    action: String,
    target_kind: String,
    target: String,
    application: String,
    /// The changes as `name: old → new`, or the failure's reason.
    details: Vec<String>,
}

#[derive(Deserialize, Default)]
struct LogQuery {
    status: Option<String>,
}

impl LogQuery {
    fn failures_only(&self) -> bool {
        self.status.as_deref() == Some("failure")
    }
}

async fn render(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    query: &LogQuery,
    issued: Option<(String, String)>,
    (error, fields): (Option<String>, FieldErrors),
) -> Result<Response, Gate> {
    let admin_access = admin.caller.tenant_admin().ok();
    let log_access = admin.caller.audit().ok();
    if admin_access.is_none() && log_access.is_none() {
        return Err(DomainError::Forbidden("AuditLog.Read.All").into());
    }
    let connections = match &admin_access {
        Some(access) => provisioning::list_connections(&state.services, access)
            .await?
            .into_iter()
            .map(|view| ConnectionLine {
                id: view.connection.id.to_string(),
                name: view.connection.display_name,
                partner: view
                    .partner_name
                    .or_else(|| view.connection.partner_tenant_id.map(|t| t.to_string())),
                token_hint: format!("{}…", view.connection.token_hint),
                expires: LocalTime::of(view.connection.expires_at),
                used: view.connection.last_used_at.map(LocalTime::of),
            })
            .collect(),
        None => Vec::new(),
    };
    let texts = admin.nav("provisioning").provisioning();
    let failures_only = query.failures_only();
    let status_filter = failures_only.then_some("failure");
    let log = match log_access {
        Some(access) => {
            provisioning::list_log(&state.services, access, status_filter, None, LOG_SHOWN)
                .await?
                .into_iter()
                .map(|(entry, application)| {
                    let failure = entry.status == "failure";
                    let details = if failure {
                        vec![format!(
                            "{} {}: {}",
                            entry.http_status,
                            entry.error_code.unwrap_or_default(),
                            entry.error_reason.unwrap_or_default()
                        )]
                    } else {
                        change_lines(&entry.changes)
                    };
                    LogLine {
                        at: LocalTime::of(entry.at),
                        failure,
                        action: match entry.action.as_str() {
                            "create" => texts.log_action_create,
                            "update" => texts.log_action_update,
                            "disable" => texts.log_action_disable,
                            "delete" => texts.log_action_delete,
                            _ => texts.log_action_other,
                        }
                        .to_owned(),
                        target_kind: entry.resource_type,
                        target: entry
                            .resource_name
                            .or(entry.resource_id)
                            .unwrap_or_default(),
                        application: application
                            .unwrap_or_else(|| entry.application_id.to_string()),
                        details,
                    }
                })
                .collect()
        }
        None => Vec::new(),
    };
    let listing = ProvisioningPage {
        nav: admin.nav("provisioning"),
        scim_url: format!(
            "{}/scim/v2/{}",
            state.services.settings.public_base_url, admin.tenant.id
        ),
        may_connect: admin_access.is_some(),
        connections,
        issued,
        may_read_log: log_access.is_some(),
        failures_only,
        log,
        export: admin.path(if failures_only {
            "/provisioning/log.csv?status=failure"
        } else {
            "/provisioning/log.csv"
        }),
        fields,
        error,
    };
    Ok(admin.respond(page(status, &listing)))
}

/// A log entry's changes as lines: `name: old → new` (JSON values as written).
fn change_lines(changes: &serde_json::Value) -> Vec<String> {
    changes
        .as_array()
        .into_iter()
        .flatten()
        .map(|change| {
            let name = change["name"].as_str().unwrap_or_default();
            let value = |key: &str| match change.get(key) {
                None | Some(serde_json::Value::Null) => "—".to_owned(),
                Some(v) => v.to_string(),
            };
            match change.get("count") {
                Some(count) => format!("{name}: {count}"),
                None if change.get("oldValue").is_none() && change.get("newValue").is_none() => {
                    name.to_owned()
                }
                None => format!("{name}: {} → {}", value("oldValue"), value("newValue")),
            }
        })
        .collect()
}

async fn show(
    State(state): State<AppState>,
    AdminPage(admin): AdminPage,
    Query(query): Query<LogQuery>,
) -> Result<Response, Gate> {
    let fields = FieldErrors::new(admin.language);
    render(&state, &admin, StatusCode::OK, &query, None, (None, fields)).await
}

#[derive(Deserialize)]
struct ConnectionForm {
    name: String,
    #[serde(default)]
    partner: String,
}

/// Makes a connection and shows its token this once; a refused form keeps what was
/// typed, its problem beside the field.
async fn create(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<ConnectionForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.tenant_admin()?;
    let request = NewConnection {
        display_name: form.name.clone(),
        partner: Some(form.partner.clone()).filter(|p| !p.trim().is_empty()),
    };
    let query = LogQuery::default();
    match provisioning::create_connection(&state.services, &access, request, now()).await {
        Ok(issued) => {
            let shown = Some((issued.connection.display_name, issued.token));
            let fields = FieldErrors::new(admin.language);
            render(
                &state,
                &admin,
                StatusCode::OK,
                &query,
                shown,
                (None, fields),
            )
            .await
        }
        Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
            let typed = vec![
                ("connection-name", form.name),
                ("connection-partner", form.partner),
            ];
            let inputs = [
                ("displayName", "connection-name"),
                ("partner", "connection-partner"),
            ];
            let (fields, message) = FieldErrors::refused(admin.language, &error, &inputs, typed);
            let status = StatusCode::BAD_REQUEST;
            render(&state, &admin, status, &query, None, (message, fields)).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct ConnectionRef {
    id: String,
    /// The deletion's confirmation.
    confirm: Option<String>,
}

/// Replaces a connection's token and shows the new one this once.
async fn new_token(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<ConnectionRef>,
) -> Result<Response, Gate> {
    let access = admin.caller.tenant_admin()?;
    let id = super::parse_id(&form.id)?;
    let issued = provisioning::new_connection_token(&state.services, &access, id, now()).await?;
    let shown = Some((issued.connection.display_name, issued.token));
    let fields = FieldErrors::new(admin.language);
    let query = LogQuery::default();
    render(
        &state,
        &admin,
        StatusCode::OK,
        &query,
        shown,
        (None, fields),
    )
    .await
}

/// Deletes a connection, once its confirmation is ticked.
async fn delete(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<ConnectionRef>,
) -> Result<Response, Gate> {
    let access = admin.caller.tenant_admin()?;
    let id = super::parse_id(&form.id)?;
    if form.confirm.is_none() {
        return Ok(Redirect::to(&admin.path("/provisioning")).into_response());
    }
    let name = provisioning::list_connections(&state.services, &access)
        .await?
        .into_iter()
        .find(|c| c.connection.id == id)
        .map(|c| c.connection.display_name)
        .ok_or_else(super::not_found)?;
    provisioning::delete_connection(&state.services, &access, id, now()).await?;
    let notice = admin
        .nav("provisioning")
        .provisioning()
        .connection_deleted
        .arg("name", &name)
        .to_string();
    let admin = Admin {
        notice: Some(notice),
        ..admin
    };
    let fields = FieldErrors::new(admin.language);
    let query = LogQuery::default();
    render(&state, &admin, StatusCode::OK, &query, None, (None, fields)).await
}

/// The provisioning log as CSV (the page's filter kept).
async fn export(
    State(state): State<AppState>,
    AdminPage(admin): AdminPage,
    Query(query): Query<LogQuery>,
) -> Result<Response, Gate> {
    let access = admin.caller.audit()?;
    let status = query.failures_only().then_some("failure");
    let file = provisioning::export_log(&state.services, access, status).await?;
    Ok(csv_download("provisioning-log.csv", file))
}
