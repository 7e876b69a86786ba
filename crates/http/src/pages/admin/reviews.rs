//! Access reviews in the portal (decision 0016): the list of reviews with the form
//! that makes one (whose access, who decides, when and how often, what an
//! unanswered decision becomes and what a denial does), a review's page with its
//! occurrences (stop it, delete it), and an occurrence's page with its progress and
//! decisions, 100 at a time, filtered by decision, ended or applied by hand, and
//! exported as CSV. The same use cases as Graph's `accessReviews` (`reviews`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::access::{Area, ReviewAdmin, ReviewReadAccess};
use entente_domain::directory::PageRequest;
use entente_domain::directory_reads::{self, Listing};
use entente_domain::reviews::{self, DecisionReader};
use entente_model::reviews::{
    ApplyAction, Decision, DefaultDecision, InstanceStatus, Recommendation, Recurrence,
    RecurrenceEnd, ReviewDefinition, ReviewId, ReviewInstanceId, ReviewScope, ReviewSettings,
    ReviewSpec, ReviewStatus, Reviewer,
};
use entente_model::{AppId, GroupId};
use entente_storage::{DecisionField, Filter, GroupField, Literal, ReviewField};
use serde::Deserialize;

use super::field_errors::FieldErrors;
use super::{
    Admin, AdminPage, AdminPost, CsrfForm, Gate, LocalTime, Nav, csv_download, find_user, parse_id,
};
use crate::pages::page;
use crate::texts::reviews::{ReviewTexts, for_language};
use crate::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/reviews", get(list).post(create))
        .route("/{tenant}/admin/reviews/{id}", get(show))
        .route("/{tenant}/admin/reviews/{id}/stop", post(stop))
        .route("/{tenant}/admin/reviews/{id}/delete", post(delete))
        .route(
            "/{tenant}/admin/reviews/{id}/instances/{instance}",
            get(occurrence),
        )
        .route(
            "/{tenant}/admin/reviews/{id}/instances/{instance}/end",
            post(end_occurrence),
        )
        .route(
            "/{tenant}/admin/reviews/{id}/instances/{instance}/apply",
            post(apply_occurrence),
        )
        .route(
            "/{tenant}/admin/reviews/{id}/instances/{instance}/decisions.csv",
            get(export),
        )
}

fn words(admin: &Admin) -> &'static ReviewTexts {
    for_language(admin.language)
}

fn reader(admin: &Admin) -> Result<ReviewReadAccess, DomainError> {
    admin.caller.review_reader()
}

fn writer(admin: &Admin) -> Result<ReviewAdmin, DomainError> {
    admin.caller.review_admin()
}

fn status_text(texts: &ReviewTexts, status: &str) -> &'static str {
    match status {
        "NotStarted" => texts.review_status_not_started,
        "InProgress" => texts.review_status_in_progress,
        "Completed" => texts.review_status_completed,
        "Applying" => texts.review_status_applying,
        _ => texts.review_status_applied,
    }
}

/// What a review covers, in words, naming its group or application.
async fn covers(
    state: &AppState,
    admin: &Admin,
    texts: &ReviewTexts,
    scope: &ReviewScope,
) -> Result<String, Gate> {
    let named = |message: &entente_i18n::Message, name: &str| message.arg("name", name).to_string();
    Ok(match *scope {
        ReviewScope::AllGuests => texts.review_covers_guests.to_owned(),
        ReviewScope::Group { id, guests_only } => {
            let access = admin.caller.read(Area::Groups)?;
            let name = entente_domain::directory::get_group(&state.services, access, id)
                .await
                .map(|g| g.display_name)
                .unwrap_or_else(|_| id.to_string());
            match guests_only {
                true => named(&texts.review_covers_group_guests, &name),
                false => named(&texts.review_covers_group, &name),
            }
        }
        ReviewScope::Application { id, guests_only } => {
            let access = admin.caller.read(Area::Applications)?;
            let name = entente_domain::directory::get_application(&state.services, access, id)
                .await
                .map(|a| a.application.display_name)
                .unwrap_or_else(|_| id.to_string());
            match guests_only {
                true => named(&texts.review_covers_application_guests, &name),
                false => named(&texts.review_covers_application, &name),
            }
        }
    })
}

#[derive(Template)]
#[template(path = "admin/reviews.html")]
struct ReviewsPage {
    nav: Nav,
    texts: &'static ReviewTexts,
    reviews: Vec<ReviewLine>,
    next: Option<String>,
    may_write: bool,
    error: Option<String>,
    fields: FieldErrors,
    /// The new review form's choices, as sent (or the defaults).
    form: NewReviewForm,
}

struct ReviewLine {
    link: String,
    name: String,
    covers: String,
    status: &'static str,
    next: String,
}

#[derive(Deserialize)]
struct ListQuery {
    after: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let fields = FieldErrors::new(admin.language);
    let form = NewReviewForm::defaults(now());
    reviews_page(
        &state,
        &admin,
        query.after,
        StatusCode::OK,
        None,
        fields,
        form,
    )
    .await
}

async fn reviews_page(
    state: &AppState,
    admin: &Admin,
    after: Option<String>,
    status: StatusCode,
    error: Option<String>,
    fields: FieldErrors,
    form: NewReviewForm,
) -> Result<Response, Gate> {
    let access = reader(admin)?;
    let texts = words(admin);
    let listing: Listing<ReviewField> = Listing::page(PageRequest {
        top: Some(50),
        skip_token: after,
    });
    let found = reviews::definitions(&state.services, access, &listing).await?;
    let mut lines = Vec::with_capacity(found.items.len());
    for review in &found.items {
        lines.push(ReviewLine {
            link: admin.path(&format!("/reviews/{}", review.id)),
            name: review.spec.display_name.clone(),
            covers: covers(state, admin, texts, &review.spec.scope).await?,
            status: status_text(texts, review.status.as_str()),
            next: review
                .next_start_at
                .map(|at| LocalTime::of(at).text)
                .unwrap_or_else(|| texts.reviews_never.to_owned()),
        });
    }
    let next = found
        .skip_token
        .map(|token| format!("{}?after={}", admin.path("/reviews"), encoded(&token)));
    let body = ReviewsPage {
        nav: admin.nav("reviews"),
        texts,
        reviews: lines,
        next,
        may_write: admin.caller.review_admin().is_ok(),
        error,
        fields,
        form,
    };
    Ok(admin.respond(page(status, &body)))
}

/// The new review form as sent; every field keeps what was chosen when the form
/// comes back with a refusal.
#[derive(Deserialize, Clone)]
struct NewReviewForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    guests_only: Option<String>,
    #[serde(default)]
    reviewers: String,
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    fallback: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    duration: String,
    #[serde(default)]
    recurrence: String,
    #[serde(default)]
    default_decision: String,
    #[serde(default)]
    apply_action: String,
    #[serde(default)]
    auto_apply: Option<String>,
    #[serde(default)]
    justification_required: Option<String>,
}

impl NewReviewForm {
    fn defaults(now: i64) -> NewReviewForm {
        NewReviewForm {
            display_name: String::new(),
            description: String::new(),
            scope: "guests".to_owned(),
            target: String::new(),
            guests_only: Some("on".to_owned()),
            reviewers: "sponsors".to_owned(),
            reviewer: String::new(),
            fallback: String::new(),
            start: date_of(now),
            duration: "14".to_owned(),
            recurrence: "quarterly".to_owned(),
            default_decision: "None".to_owned(),
            apply_action: ApplyAction::RemoveAccess.as_str().to_owned(),
            auto_apply: None,
            justification_required: None,
        }
    }

    fn is(&self, field: &str, value: &str) -> bool {
        let chosen = match field {
            "scope" => &self.scope,
            "reviewers" => &self.reviewers,
            "recurrence" => &self.recurrence,
            "default_decision" => &self.default_decision,
            "apply_action" => &self.apply_action,
            _ => return false,
        };
        chosen == value
    }
}

/// A value as a query string's part.
fn encoded(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn date_of(at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .map(|t| t.date().to_string())
        .unwrap_or_default()
}

/// Midnight UTC of a `yyyy-mm-dd` date.
fn day_of(text: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim(), &format)
        .ok()
        .map(|d| d.midnight().assume_utc().unix_timestamp())
}

/// The group or application the form's target names, by id or name.
async fn target_of(
    state: &AppState,
    admin: &Admin,
    kind: &str,
    text: &str,
) -> Result<Option<ReviewScopeTarget>, Gate> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match kind {
        "group" => Ok(group_named(state, admin, text)
            .await?
            .map(ReviewScopeTarget::Group)),
        _ => {
            let access = admin.caller.read(Area::Applications)?;
            if let Ok(id) = text.parse::<AppId>()
                && entente_domain::directory::get_application(&state.services, access, id)
                    .await
                    .is_ok()
            {
                return Ok(Some(ReviewScopeTarget::Application(id)));
            }
            let listing = Listing::page(PageRequest {
                top: Some(999),
                skip_token: None,
            });
            let apps =
                directory_reads::list_applications(&state.services, access, &listing).await?;
            Ok(apps
                .items
                .iter()
                .find(|a| {
                    a.application.display_name.eq_ignore_ascii_case(text)
                        || a.application.client_id == text
                })
                .map(|a| ReviewScopeTarget::Application(a.application.id)))
        }
    }
}

enum ReviewScopeTarget {
    Group(GroupId),
    Application(AppId),
}

/// The tenant's group with this id or name.
async fn group_named(state: &AppState, admin: &Admin, text: &str) -> Result<Option<GroupId>, Gate> {
    let access = admin.caller.read(Area::Groups)?;
    if let Ok(id) = text.parse::<GroupId>() {
        return Ok(
            entente_domain::directory::get_group(&state.services, access, id)
                .await
                .ok()
                .map(|g| g.id),
        );
    }
    let listing = Listing::page(PageRequest {
        top: Some(2),
        skip_token: None,
    })
    .filtered(Filter::eq(
        GroupField::DisplayName,
        Literal::Text(text.to_owned()),
    ));
    let found = directory_reads::list_groups(&state.services, access, &listing).await?;
    Ok(found.items.first().map(|g| g.id))
}

async fn create(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<NewReviewForm>,
) -> Result<Response, Gate> {
    let writer = writer(&admin)?;
    let texts = words(&admin);
    let mut fields = FieldErrors::new(admin.language);
    let guests_only = form.guests_only.is_some();
    let scope = match form.scope.as_str() {
        "group" | "application" => {
            match target_of(&state, &admin, &form.scope, &form.target).await? {
                Some(ReviewScopeTarget::Group(id)) => Some(ReviewScope::Group { id, guests_only }),
                Some(ReviewScopeTarget::Application(id)) => {
                    Some(ReviewScope::Application { id, guests_only })
                }
                None => {
                    fields.add("target", texts.review_target_unknown.to_owned());
                    None
                }
            }
        }
        _ => Some(ReviewScope::AllGuests),
    };
    let named_user = |text: String| {
        let (state, admin) = (&state, &admin);
        async move { find_user(state, admin, &text).await }
    };
    let reviewer = match form.reviewers.as_str() {
        "user" => match named_user(form.reviewer.clone()).await? {
            Some(user) => Some(Reviewer::User(user.id)),
            None => None,
        },
        "group" => group_named(&state, &admin, form.reviewer.trim())
            .await?
            .map(Reviewer::GroupMembers),
        "admins" => Some(Reviewer::Administrators),
        _ => Some(Reviewer::Sponsors),
    };
    if reviewer.is_none() {
        fields.add("reviewer", texts.review_reviewer_unknown.to_owned());
    }
    let fallback = match form.fallback.trim() {
        "" => Vec::new(),
        text => match named_user(text.to_owned()).await? {
            Some(user) => vec![Reviewer::User(user.id)],
            None => {
                fields.add("fallback", texts.review_reviewer_unknown.to_owned());
                Vec::new()
            }
        },
    };
    let start = day_of(&form.start).unwrap_or_else(now);
    let (Some(scope), Some(reviewer), true) = (scope, reviewer, fields.is_empty()) else {
        let status = StatusCode::BAD_REQUEST;
        return reviews_page(&state, &admin, None, status, None, fields, form).await;
    };
    let recurrence = match form.recurrence.as_str() {
        "weekly" => Recurrence::Weekly { interval: 1 },
        "monthly" => Recurrence::Monthly { interval: 1 },
        "quarterly" => Recurrence::Monthly { interval: 3 },
        _ => Recurrence::Once,
    };
    let spec = ReviewSpec {
        display_name: form.display_name.clone(),
        description_for_admins: String::new(),
        description_for_reviewers: form.description.trim().to_owned(),
        scope,
        reviewers: vec![reviewer],
        fallback_reviewers: fallback,
        settings: ReviewSettings {
            instance_duration_days: form.duration.trim().parse().unwrap_or(0),
            recurrence,
            recurrence_end: RecurrenceEnd::default(),
            default_decision: DefaultDecision::parse(&form.default_decision)
                .unwrap_or(DefaultDecision::None),
            auto_apply: form.auto_apply.is_some(),
            apply_action: ApplyAction::parse(&form.apply_action)
                .unwrap_or(ApplyAction::RemoveAccess),
            justification_required: form.justification_required.is_some(),
            ..ReviewSettings::default()
        },
        start_at: start,
    };
    match reviews::create(&state.services, &writer, spec, now()).await {
        Ok(made) => Ok(Redirect::to(&admin.path(&format!("/reviews/{}", made.id))).into_response()),
        Err(DomainError::Invalid(message) | DomainError::Field { message, .. }) => {
            let status = StatusCode::BAD_REQUEST;
            reviews_page(&state, &admin, None, status, Some(message), fields, form).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "admin/review.html")]
struct ReviewPage {
    nav: Nav,
    texts: &'static ReviewTexts,
    id: String,
    name: String,
    description: String,
    covers: String,
    status: &'static str,
    schedule: String,
    occurrences: Vec<OccurrenceLine>,
    may_write: bool,
    /// The review still starts occurrences or has one in progress.
    may_stop: bool,
}

struct OccurrenceLine {
    link: String,
    start: LocalTime,
    end: LocalTime,
    status: &'static str,
    decided: String,
}

async fn show(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let access = reader(&admin)?;
    let texts = words(&admin);
    let id: ReviewId = parse_id(&id)?;
    let review = reviews::definition(&state.services, access, id).await?;
    let listing = Listing::page(PageRequest {
        top: Some(100),
        skip_token: None,
    });
    let found = reviews::instances(&state.services, access, id, &listing).await?;
    let mut occurrences = Vec::new();
    for instance in found.items.iter().rev() {
        let (_, counts) = reviews::instance(&state.services, access, id, instance.id).await?;
        occurrences.push(OccurrenceLine {
            link: admin.path(&format!("/reviews/{id}/instances/{}", instance.id)),
            start: LocalTime::of(instance.start_at),
            end: LocalTime::of(instance.end_at),
            status: status_text(texts, instance.status.as_str()),
            decided: texts
                .review_decided_of
                .arg("done", counts.total() - counts.not_reviewed)
                .arg("total", counts.total())
                .to_string(),
        });
    }
    let schedule = match review.next_start_at {
        Some(at) => texts
            .review_next_start
            .arg("date", LocalTime::of(at).text.as_str())
            .to_string(),
        None => texts.review_no_next.to_owned(),
    };
    let body = ReviewPage {
        nav: admin.nav("reviews"),
        texts,
        id: id.to_string(),
        covers: covers(&state, &admin, texts, &review.spec.scope).await?,
        name: review.spec.display_name.clone(),
        description: review.spec.description_for_reviewers.clone(),
        status: status_text(texts, review.status.as_str()),
        schedule,
        occurrences,
        may_write: admin.caller.review_admin().is_ok(),
        may_stop: review.status != ReviewStatus::Completed,
    };
    Ok(admin.respond(page(StatusCode::OK, &body)))
}

async fn stop(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, .. }: AdminPost<CsrfForm>,
) -> Result<Response, Gate> {
    let writer = writer(&admin)?;
    let id: ReviewId = parse_id(&id)?;
    reviews::stop_definition(&state.services, &writer, id, now()).await?;
    Ok(Redirect::to(&admin.path(&format!("/reviews/{id}"))).into_response())
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    confirm: Option<String>,
}

async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<DeleteForm>,
) -> Result<Response, Gate> {
    let writer = writer(&admin)?;
    let id: ReviewId = parse_id(&id)?;
    if form.confirm.is_none() {
        return Ok(Redirect::to(&admin.path(&format!("/reviews/{id}"))).into_response());
    }
    reviews::delete(&state.services, &writer, id, now()).await?;
    Ok(Redirect::to(&admin.path("/reviews")).into_response())
}

#[derive(Template)]
#[template(path = "admin/review_instance.html")]
struct OccurrencePage {
    nav: Nav,
    texts: &'static ReviewTexts,
    review_link: String,
    review_name: String,
    title: String,
    status: &'static str,
    counts: String,
    decisions: Vec<DecisionLine>,
    next: Option<String>,
    show: String,
    base: String,
    may_end: bool,
    may_apply: bool,
}

struct DecisionLine {
    name: String,
    upn: String,
    last_sign_in: String,
    recommendation: &'static str,
    decision: &'static str,
    reviewer: String,
    reason: String,
    applied: String,
}

#[derive(Deserialize)]
struct OccurrenceQuery {
    #[serde(default)]
    show: String,
    after: Option<String>,
}

fn decision_text(texts: &ReviewTexts, decision: Decision) -> &'static str {
    match decision {
        Decision::NotReviewed => texts.review_decision_not_reviewed,
        Decision::Approve => texts.review_decision_approve,
        Decision::Deny => texts.review_decision_deny,
        Decision::DontKnow => texts.review_decision_dont_know,
    }
}

async fn occurrence(
    State(state): State<AppState>,
    Path((_, id, instance)): Path<(String, String, String)>,
    Query(query): Query<OccurrenceQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let access = reader(&admin)?;
    let texts = words(&admin);
    let id: ReviewId = parse_id(&id)?;
    let instance_id: ReviewInstanceId = parse_id(&instance)?;
    let review: ReviewDefinition = reviews::definition(&state.services, access, id).await?;
    let (found, counts) = reviews::instance(&state.services, access, id, instance_id).await?;
    // Only a known choice goes back into the page and its next link.
    let (show, shown) = match query.show.as_str() {
        "open" => ("open", Some(Decision::NotReviewed)),
        "denied" => ("denied", Some(Decision::Deny)),
        "approved" => ("approved", Some(Decision::Approve)),
        _ => ("", None),
    };
    let listing = Listing {
        filter: shown.map(|d| {
            Filter::eq(
                DecisionField::Decision,
                Literal::Text(d.as_str().to_owned()),
            )
        }),
        ..Listing::page(PageRequest {
            top: Some(100),
            skip_token: query.after.clone(),
        })
    };
    let page_of = reviews::decisions(
        &state.services,
        &DecisionReader::All(access),
        Some(id),
        instance_id,
        &listing,
    )
    .await?;
    let base = admin.path(&format!("/reviews/{id}/instances/{instance_id}"));
    let next = page_of
        .skip_token
        .map(|token| format!("{base}?show={show}&after={}", encoded(&token)));
    let decisions = page_of
        .items
        .into_iter()
        .map(|d| DecisionLine {
            last_sign_in: d
                .last_sign_in_at
                .map(|at| LocalTime::of(at).text)
                .unwrap_or_default(),
            recommendation: match d.recommendation {
                Recommendation::Approve => texts.review_decision_approve,
                Recommendation::Deny => texts.review_decision_deny,
                Recommendation::NoInfoAvailable => texts.review_decision_none,
            },
            decision: decision_text(texts, d.decision),
            reviewer: match (&d.reviewed_by_name, d.decision) {
                (Some(name), _) => name.clone(),
                (None, Decision::NotReviewed) => String::new(),
                (None, _) => texts.review_default_decider.to_owned(),
            },
            reason: d.justification.unwrap_or_default(),
            applied: d
                .applied_at
                .map(|at| LocalTime::of(at).text)
                .unwrap_or_default(),
            name: d.principal_name,
            upn: d.principal_upn,
        })
        .collect();
    let body = OccurrencePage {
        nav: admin.nav("reviews"),
        texts,
        review_link: admin.path(&format!("/reviews/{id}")),
        review_name: review.spec.display_name.clone(),
        title: texts
            .review_occurrence
            .arg("start", LocalTime::of(found.start_at).text.as_str())
            .arg("end", LocalTime::of(found.end_at).text.as_str())
            .to_string(),
        status: status_text(texts, found.status.as_str()),
        counts: texts
            .review_counts
            .arg("approved", counts.approved)
            .arg("denied", counts.denied)
            .arg("unknown", counts.dont_know)
            .arg("open", counts.not_reviewed)
            .arg("applied", counts.applied)
            .to_string(),
        decisions,
        next,
        show: show.to_owned(),
        base,
        may_end: admin.caller.review_admin().is_ok() && found.status == InstanceStatus::InProgress,
        may_apply: admin.caller.review_admin().is_ok() && found.status == InstanceStatus::Completed,
    };
    Ok(admin.respond(page(StatusCode::OK, &body)))
}

async fn end_occurrence(
    State(state): State<AppState>,
    Path((_, id, instance)): Path<(String, String, String)>,
    AdminPost { admin, .. }: AdminPost<CsrfForm>,
) -> Result<Response, Gate> {
    by_hand(&state, &admin, (&id, &instance), false).await
}

async fn apply_occurrence(
    State(state): State<AppState>,
    Path((_, id, instance)): Path<(String, String, String)>,
    AdminPost { admin, .. }: AdminPost<CsrfForm>,
) -> Result<Response, Gate> {
    by_hand(&state, &admin, (&id, &instance), true).await
}

/// An occurrence ended (or, with `apply`, applied) by hand, then its page again.
async fn by_hand(
    state: &AppState,
    admin: &Admin,
    (id, instance): (&str, &str),
    apply: bool,
) -> Result<Response, Gate> {
    let writer = writer(admin)?;
    let id: ReviewId = parse_id(id)?;
    let instance: ReviewInstanceId = parse_id(instance)?;
    let services = &state.services;
    match apply {
        true => reviews::apply_instance(services, &writer, id, instance, now()).await?,
        false => reviews::stop_instance(services, &writer, id, instance, now()).await?,
    }
    Ok(Redirect::to(&admin.path(&format!("/reviews/{id}/instances/{instance}"))).into_response())
}

async fn export(
    State(state): State<AppState>,
    Path((_, id, instance)): Path<(String, String, String)>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let access = reader(&admin)?;
    let id: ReviewId = parse_id(&id)?;
    let instance: ReviewInstanceId = parse_id(&instance)?;
    let body = reviews::export_decisions(&state.services, access, id, instance).await?;
    Ok(admin.respond(csv_download(&format!("access-review-{instance}.csv"), body)))
}
