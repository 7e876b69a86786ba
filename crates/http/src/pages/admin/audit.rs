//! The audit log in the portal: every change to the tenant, newest first, a page at
//! a time, and the whole log (up to the export limit) as a CSV file whose formula
//! cells are neutralized.

use super::audit_changes;
use crate::texts::logs::{self as log_texts, LogTexts};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use entente_domain::directory::{self, PageRequest};
use entente_storage::AuditFilter;
use serde::Deserialize;

use super::{AdminPage, Gate, LocalTime, Nav, csv_download};
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
    /// The one object whose entries are shown, when the log is filtered by object.
    target: Option<String>,
    /// The filter form's values, as typed.
    action: String,
    from: String,
    to: String,
    /// The actions the log holds, offered in the action field.
    actions: Vec<String>,
    /// The export link, with the same filter.
    export: String,
    /// A date that could not be read, to say so above the table.
    error: Option<String>,
    logs: &'static LogTexts,
}

/// An entry as the page shows it: names kept at the time, the change as sentences,
/// and the recorded JSON behind a disclosure.
struct AuditLine {
    at: LocalTime,
    actor: String,
    action: String,
    target_kind: String,
    target: String,
    changes: Vec<String>,
    details: String,
}

/// The filter of the audit page and its export, from the address's query.
#[derive(Deserialize, Default)]
struct ListQuery {
    after: Option<String>,
    /// Only the entries about this object (its id).
    target: Option<String>,
    /// Only the entries of this action.
    #[serde(default)]
    action: String,
    /// Only the entries of this day (UTC, `yyyy-mm-dd`) or later.
    #[serde(default)]
    from: String,
    /// Only the entries of this day (UTC, `yyyy-mm-dd`) or earlier.
    #[serde(default)]
    to: String,
}

impl ListQuery {
    /// The storage filter, or the field whose date cannot be read.
    fn filter(&self) -> Result<AuditFilter, &'static str> {
        let present = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        Ok(AuditFilter {
            target: self.target.as_deref().and_then(present),
            action: present(&self.action),
            since: day_start(&self.from).map_err(|()| "from")?,
            until: day_start(&self.to)
                .map_err(|()| "to")?
                .map(|start| start + 24 * 3600),
        })
    }

    /// The query that repeats this filter (without the page), for links.
    fn repeat(&self) -> url::form_urlencoded::Serializer<'static, String> {
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("target", self.target.as_deref().unwrap_or("")),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !value.trim().is_empty() {
                url.append_pair(name, value.trim());
            }
        }
        url
    }
}

/// The first second (UTC) of a `yyyy-mm-dd` day; `None` for an empty field.
fn day_start(text: &str) -> Result<Option<i64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format)
        .map(|day| Some(day.midnight().assume_utc().unix_timestamp()))
        .map_err(|_| ())
}

async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let access = admin.caller.audit()?;
    let (filter, error, status) = match query.filter() {
        Ok(filter) => (filter, None, StatusCode::OK),
        Err(field) => {
            let label = if field == "from" {
                admin.texts().date_from
            } else {
                admin.texts().date_to
            };
            let message = admin
                .texts()
                .date_unreadable
                .arg("field", label)
                .to_string();
            (
                AuditFilter::default(),
                Some(message),
                StatusCode::BAD_REQUEST,
            )
        }
    };
    let request = PageRequest {
        top: Some(100),
        skip_token: query.after.clone(),
    };
    let found = directory::list_audit_log_of(&state.services, access, &filter, request).await?;
    let actions = directory::audit_actions(&state.services, access).await?;
    let next = found.skip_token.map(|token| {
        let mut url = query.repeat();
        url.append_pair("after", &token);
        admin.path(&format!("/audit?{}", url.finish()))
    });
    let export = admin.path(&format!("/audit.csv?{}", query.repeat().finish()));
    let entries = found
        .items
        .into_iter()
        .map(|e| AuditLine {
            at: LocalTime::of(e.at),
            actor: audit_changes::actor(&e, admin.language),
            target_kind: audit_changes::kind(&e.target_type, admin.language),
            target: audit_changes::target(&e),
            changes: audit_changes::changes(&e, admin.language),
            details: e.details.to_string(),
            action: e.action,
        })
        .collect();
    let audit_page = AuditPage {
        nav: admin.nav("audit"),
        entries,
        next,
        target: filter.target,
        action: query.action.trim().to_owned(),
        from: query.from.trim().to_owned(),
        to: query.to.trim().to_owned(),
        actions,
        export,
        error,
        logs: log_texts::for_language(admin.language),
    };
    Ok(admin.respond(page(status, &audit_page)))
}

/// The log as a CSV file, with the page's filter (a date that cannot be read
/// exports nothing rather than everything).
async fn export(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let access = admin.caller.audit()?;
    let filter = query.filter().map_err(|field| {
        Gate::Refused(crate::error::PageError::invalid(format!(
            "{field}: not a date (yyyy-mm-dd)"
        )))
    })?;
    let file = directory::export_audit_log(&state.services, access, &filter).await?;
    Ok(csv_download("audit-log.csv", file))
}
