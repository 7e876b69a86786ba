//! The reviewer's page of an access review (decision 0016), under My Apps:
//! `/{tenant}/myapps/reviews/{instance}` lists the people the signed-in reviewer
//! decides about, 100 at a time, with their last sign-in, sponsors, what they reach
//! and the recommendation; each is approved, denied or left as "don't know" with a
//! reason, or every recommendation is accepted at once. The decisions are the
//! domain's (`entente_domain::reviews`); a person who is not a reviewer of the
//! instance gets "not found".

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::invitations::messages::format_date;
use entente_domain::reviews::{self, Decider, DecisionRef};
use entente_model::reviews::{
    Decision, InstanceStatus, Recommendation, ReviewInstanceId, ReviewScope,
};
use entente_storage::SessionRecord;
use serde::Deserialize;

use super::redeem::acting_session;
use super::{check_csrf, csrf, page};
use crate::error::PageError;
use crate::texts::redeem::{PageTexts, for_language as page_texts};
use crate::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/myapps/reviews/{instance}", get(show))
        .route(
            "/{tenant}/myapps/reviews/{instance}/decisions/{decision}",
            post(decide),
        )
        .route("/{tenant}/myapps/reviews/{instance}/accept", post(accept))
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage<'a> {
    lang: &'a str,
    texts: &'a PageTexts,
    tenant_name: &'a str,
    user_name: &'a str,
    tenant_id: String,
    instance_id: String,
    title: String,
    description: String,
    intro: String,
    progress: String,
    done: i64,
    total: i64,
    ended: bool,
    open_only: bool,
    notice: Option<String>,
    rows: Vec<Row>,
    /// The next page's address.
    next: Option<String>,
    /// Where a decision's form returns to: this page.
    back: String,
    csrf: &'a str,
}

struct Row {
    id: String,
    name: String,
    upn: String,
    last_sign_in: String,
    sponsors: String,
    reaches: String,
    recommendation: String,
    state: &'static str,
    justification: String,
    /// The reason this row's approval was refused for (none given).
    error: bool,
}

#[derive(Deserialize, Default)]
struct PageQuery {
    #[serde(default)]
    open: Option<String>,
    #[serde(default)]
    after: Option<String>,
    /// The decision whose approval lacked a reason.
    #[serde(default)]
    missing: Option<String>,
    /// How many recommendations were just accepted.
    #[serde(default)]
    accepted: Option<u64>,
}

fn instance_id(text: &str) -> Result<ReviewInstanceId, PageError> {
    text.parse().map_err(|_| PageError::not_found())
}

async fn show(
    State(state): State<AppState>,
    Path((tenant, instance)): Path<(String, String)>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let id = instance_id(&instance)?;
    let back = format!("myapps/reviews/{id}");
    let (tenant, session) = match acting_session(&state, &tenant, &headers, &back).await? {
        Ok(found) => found,
        Err(sign_in) => return Ok(sign_in),
    };
    let open_only = query.open.is_some();
    let found = reviews::reviewer_page(
        &state.services,
        tenant.id,
        session.user_id,
        id,
        open_only,
        query.after.clone(),
    )
    .await?;
    let language = super::browser_language(&headers);
    let texts = page_texts(language);
    let spec = &found.review.spec;
    let end = format_date(language, found.instance.end_at);
    let resource = match spec.scope {
        ReviewScope::AllGuests => texts
            .review_resource_all
            .arg("tenant", tenant.display_name.as_str())
            .to_string(),
        _ => found.resource_name.clone().unwrap_or_default(),
    };
    let days = spec.settings.recommendation_days;
    let rows = found
        .rows
        .iter()
        .map(|row| {
            let d = &row.decision;
            Row {
                id: d.id.to_string(),
                name: d.principal_name.clone(),
                upn: d.principal_upn.clone(),
                last_sign_in: match d.last_sign_in_at {
                    Some(at) => texts
                        .review_last_sign_in
                        .arg("date", format_date(language, at).as_str())
                        .to_string(),
                    None => texts.review_never_signed_in.to_owned(),
                },
                sponsors: if row.sponsors.is_empty() {
                    texts.review_no_sponsors.to_owned()
                } else {
                    texts
                        .review_sponsors
                        .arg("names", row.sponsors.join(", ").as_str())
                        .to_string()
                },
                reaches: if row.reaches.is_empty() {
                    texts.review_reaches_nothing.to_owned()
                } else {
                    texts
                        .review_reaches
                        .arg("names", row.reaches.join(", ").as_str())
                        .to_string()
                },
                recommendation: match d.recommendation {
                    Recommendation::Approve => texts.review_recommended_approve.to_owned(),
                    Recommendation::Deny => {
                        texts.review_recommended_deny.arg("days", days).to_string()
                    }
                    Recommendation::NoInfoAvailable => String::new(),
                },
                state: match d.decision {
                    Decision::NotReviewed => texts.review_state_open,
                    Decision::Approve => texts.review_state_approved,
                    Decision::Deny => texts.review_state_denied,
                    Decision::DontKnow => texts.review_state_dont_know,
                },
                justification: d.justification.clone().unwrap_or_default(),
                error: query.missing.as_deref() == Some(d.id.to_string().as_str()),
            }
        })
        .collect();
    let base = format!("/{}/myapps/reviews/{id}", tenant.id);
    let next = found.next.as_ref().map(|token| {
        let token: String = url::form_urlencoded::byte_serialize(token.as_bytes()).collect();
        match open_only {
            true => format!("{base}?open=1&after={token}"),
            false => format!("{base}?after={token}"),
        }
    });
    let done = found.counts.total() - found.counts.not_reviewed;
    let (token, new_cookie) = csrf(&state, &headers);
    let mut response = page(
        StatusCode::OK,
        &ReviewPage {
            lang: texts.html_lang,
            texts,
            tenant_name: &tenant.display_name,
            user_name: &found.reviewer_name,
            tenant_id: tenant.id.to_string(),
            instance_id: id.to_string(),
            title: texts
                .review_title
                .arg("review", spec.display_name.as_str())
                .to_string(),
            description: spec.description_for_reviewers.clone(),
            intro: texts
                .review_intro
                .arg("resource", resource.as_str())
                .arg("date", end.as_str())
                .to_string(),
            progress: texts
                .review_progress
                .arg("done", done)
                .arg("total", found.counts.total())
                .to_string(),
            done,
            total: found.counts.total(),
            ended: found.instance.status != InstanceStatus::InProgress,
            open_only,
            notice: query
                .accepted
                .map(|n| texts.review_accepted.arg("count", n).to_string()),
            rows,
            next,
            back: match (open_only, &query.after) {
                (true, _) => "open".to_owned(),
                _ => String::new(),
            },
            csrf: &token,
        },
    );
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// A reviewer's form: its CSRF token checked, the instance it names, and the
/// browser's session acting in the tenant; else the response that sends the browser
/// to sign in and back to the review.
async fn reviewer(
    state: &AppState,
    (tenant, instance): (&str, &str),
    headers: &HeaderMap,
    csrf: &str,
) -> Result<
    Result<
        (
            std::sync::Arc<entente_model::Tenant>,
            SessionRecord,
            ReviewInstanceId,
        ),
        Response,
    >,
    PageError,
> {
    check_csrf(state, headers, csrf)?;
    let id = instance_id(instance)?;
    let back = format!("myapps/reviews/{id}");
    Ok(acting_session(state, tenant, headers, &back)
        .await?
        .map(|(tenant, session)| (tenant, session, id)))
}

#[derive(Deserialize)]
struct DecideForm {
    csrf: String,
    decision: String,
    #[serde(default)]
    justification: Option<String>,
    /// `open` when the form was on the undecided-only list.
    #[serde(default)]
    back: String,
}

async fn decide(
    State(state): State<AppState>,
    Path((tenant, instance, decision)): Path<(String, String, String)>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<DecideForm>,
) -> Result<Response, PageError> {
    let (tenant, session, id) =
        match reviewer(&state, (&tenant, &instance), &headers, &form.csrf).await? {
            Ok(found) => found,
            Err(sign_in) => return Ok(sign_in),
        };
    let decision_id = decision.parse().map_err(|_| PageError::not_found())?;
    let value = Decision::parse(&form.decision)
        .filter(|d| *d != Decision::NotReviewed)
        .ok_or_else(|| PageError::invalid("decision must be Approve, Deny or DontKnow"))?;
    let who = Decider::Reviewer {
        tenant: tenant.id,
        user: session.user_id,
    };
    let at = DecisionRef {
        review: None,
        instance: id,
        id: decision_id,
    };
    let page = format!("/{}/myapps/reviews/{id}", tenant.id);
    let open = if form.back == "open" { "open=1&" } else { "" };
    match reviews::decide(&state.services, &who, at, value, form.justification, now()).await {
        Ok(_) => {}
        Err(DomainError::Field { .. }) => {
            let target = format!("{page}?{open}missing={decision_id}#d-{decision_id}");
            return Ok(Redirect::to(&target).into_response());
        }
        Err(other) => return Err(other.into()),
    }
    let target = match open {
        "" => format!("{page}#d-{decision_id}"),
        _ => format!("{page}?open=1"),
    };
    Ok(Redirect::to(&target).into_response())
}

#[derive(Deserialize)]
struct AcceptForm {
    csrf: String,
}

async fn accept(
    State(state): State<AppState>,
    Path((tenant, instance)): Path<(String, String)>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<AcceptForm>,
) -> Result<Response, PageError> {
    let (tenant, session, id) =
        match reviewer(&state, (&tenant, &instance), &headers, &form.csrf).await? {
            Ok(found) => found,
            Err(sign_in) => return Ok(sign_in),
        };
    // Only a reviewer of the instance reaches it (else "not found").
    reviews::reviewer_view(&state.services, tenant.id, session.user_id, id).await?;
    let accepted =
        reviews::accept_recommendations(&state.services, tenant.id, session.user_id, id, now())
            .await?;
    let target = format!("/{}/myapps/reviews/{id}?accepted={accepted}", tenant.id);
    Ok(Redirect::to(&target).into_response())
}
