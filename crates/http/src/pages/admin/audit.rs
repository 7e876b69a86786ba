//! The audit log in the portal: every change to the tenant, newest first, a page at
//! a time, and the whole log (up to the export limit) as a CSV file whose formula
//! cells are neutralized.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use entente_domain::directory::{self, PageRequest};
use serde::Deserialize;

use super::{AdminPage, Gate, Nav, csv_download};
use crate::AppState;
use crate::pages::page;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/audit", get(list))
        .route("/{tenant}/admin/audit.csv", get(export))
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    nav: Nav,
    entries: Vec<AuditLine>,
    next: Option<String>,
    /// The one object whose entries are shown, when the log is filtered.
    target: Option<String>,
}

struct AuditLine {
    at: String,
    actor: String,
    action: String,
    target: String,
    details: String,
}

#[derive(Deserialize)]
struct ListQuery {
    after: Option<String>,
    /// Only the entries about this object (its id).
    target: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let access = admin.caller.audit()?;
    let request = PageRequest {
        top: Some(100),
        skip_token: query.after,
    };
    let target = query.target.filter(|t| !t.trim().is_empty());
    let found =
        directory::list_audit_log_of(&state.services, access, target.as_deref(), request).await?;
    let next = found.skip_token.map(|token| {
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        if let Some(target) = &target {
            url.append_pair("target", target);
        }
        url.append_pair("after", &token);
        admin.path(&format!("/audit?{}", url.finish()))
    });
    let entries = found
        .items
        .into_iter()
        .map(|e| AuditLine {
            at: crate::api::date_time(e.at).unwrap_or_default(),
            actor: match e.actor_id {
                Some(id) => format!("{} {id}", e.actor_type),
                None => e.actor_type,
            },
            action: e.action,
            target: format!("{} {}", e.target_type, e.target_id.unwrap_or_default()),
            details: e.details.to_string(),
        })
        .collect();
    let audit_page = AuditPage {
        nav: admin.nav("audit"),
        entries,
        next,
        target,
    };
    Ok(admin.respond(page(StatusCode::OK, &audit_page)))
}

async fn export(
    State(state): State<AppState>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let access = admin.caller.audit()?;
    let file = directory::export_audit_log(&state.services, access).await?;
    Ok(csv_download("audit-log.csv", file))
}
