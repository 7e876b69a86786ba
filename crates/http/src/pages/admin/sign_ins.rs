//! The sign-in log in the portal: the tenant's sign-ins of the last 30 days, newest
//! first, filtered by outcome, a page at a time; and the whole log as a CSV file.

use crate::texts::logs::{self as log_texts, LogTexts};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use entente_domain::directory::PageRequest;
use entente_domain::sign_in_log::{export_sign_ins, list_sign_ins};
use serde::Deserialize;

use super::{AdminPage, Gate, LocalTime, Nav, csv_download};
use crate::AppState;
use crate::pages::page;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/sign-ins", get(list))
        .route("/{tenant}/admin/sign-ins.csv", get(export))
}

#[derive(Template)]
#[template(path = "admin/sign_ins.html")]
struct SignInsPage {
    nav: Nav,
    outcome: String,
    sign_ins: Vec<SignInLine>,
    next: Option<String>,
    logs: &'static LogTexts,
}

/// A sign-in as the page shows it: the account by the name it had then, a guest's
/// home organization, the outcome and its reason in words.
struct SignInLine {
    at: LocalTime,
    name: String,
    login: String,
    /// `Guest` or `Member` in words; empty when unknown (no account).
    user_type: &'static str,
    home: String,
    /// The stored code (`success`, ...), for scripts and tests.
    outcome: String,
    outcome_text: &'static str,
    detail: String,
    method: String,
    app: String,
    source: String,
}

#[derive(Deserialize)]
struct ListQuery {
    /// `success`, `failure`, `interrupted` or empty for all.
    #[serde(default)]
    outcome: String,
    after: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let access = admin.caller.audit()?;
    let outcome = match query.outcome.as_str() {
        "success" | "failure" | "interrupted" => Some(query.outcome.as_str()),
        _ => None,
    };
    let request = PageRequest {
        top: Some(100),
        skip_token: query.after.clone(),
    };
    let found = list_sign_ins(&state.services, access, outcome, request).await?;
    let next = found.skip_token.map(|token| {
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        url.append_pair("outcome", &query.outcome)
            .append_pair("after", &token);
        admin.path(&format!("/sign-ins?{}", url.finish()))
    });
    let texts = admin.texts();
    let logs = log_texts::for_language(admin.language);
    let sign_ins = found
        .items
        .into_iter()
        .map(|s| SignInLine {
            at: LocalTime::of(s.at),
            name: s.user_name.unwrap_or_default(),
            user_type: match s.user_type.as_deref() {
                Some("Guest") => texts.guest,
                Some("Member") => logs.member,
                _ => "",
            },
            home: s.home_tenant_name.unwrap_or_default(),
            outcome_text: match s.outcome.as_str() {
                "success" => texts.outcome_success,
                "failure" => texts.outcome_failure,
                _ => texts.outcome_interrupted,
            },
            outcome: s.outcome,
            // The reason in the reader's words; what was recorded before reasons were.
            detail: s
                .reason
                .as_deref()
                .and_then(|code| logs.reason(code))
                .map(str::to_owned)
                .or(s.detail)
                .unwrap_or_default(),
            login: s.login,
            method: s.method.unwrap_or_default(),
            app: s.app_name.unwrap_or_default(),
            source: s.source.unwrap_or_default(),
        })
        .collect();
    let listing = SignInsPage {
        nav: admin.nav("sign-ins"),
        outcome: query.outcome,
        sign_ins,
        next,
        logs,
    };
    Ok(admin.respond(page(StatusCode::OK, &listing)))
}

async fn export(
    State(state): State<AppState>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let access = admin.caller.audit()?;
    let file = export_sign_ins(&state.services, access).await?;
    Ok(csv_download("sign-ins.csv", file))
}
