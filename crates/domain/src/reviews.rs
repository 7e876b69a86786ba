//! Access reviews (issue 22 part 4, decision 0016): Graph's
//! `accessReviewScheduleDefinition`, its `instances` and their `decisions`.
//!
//! A definition names whose access is reviewed (all guests, a group's members, an
//! application's assigned users), who decides (sponsors, named users, a group's
//! members, the administrators; fallback reviewers for a person none of them
//! resolves to), when the first instance starts, how long each lasts and how often
//! it comes back. [`run_due`], called by the server's minute tick and by tests with
//! any `now`, starts due instances (one transaction writes the instance, a decision
//! per person with its recommendation from sign-in activity, and who may decide
//! each), reminds reviewers halfway, ends instances (the default decision for what
//! nobody answered) and applies denials. Every step is taken by compare-and-set on
//! the due time read, so it happens once whatever the number of nodes.

use std::collections::{BTreeMap, BTreeSet};

use entente_i18n::Language;
use entente_model::reviews::{
    ApplyAction, Decision, InstanceStatus, Recommendation, Recurrence, ReviewDecision,
    ReviewDecisionId, ReviewDefinition, ReviewId, ReviewInstance, ReviewInstanceId, ReviewScope,
    ReviewSpec, ReviewStatus, Reviewer,
};
use entente_model::{Actor, DirectoryRole, Tenant, TenantId, UnixTime, UserId};
use entente_storage::{
    AccessEnd, DecisionCounts, DecisionField, DecisionScope, DueInstanceStep, DueStart,
    InstanceField, InstanceStep, LifecycleStep, NewDecision, ReviewField, ReviewerInstance,
    ReviewerLoad, ScopedPerson, Tx,
};
use serde_json::json;

use crate::access::{ReviewAdmin, ReviewReadAccess};
use crate::directory_reads::{Found, Listing, found, query_of};
use crate::invitations::messages::format_date;
use crate::lifecycle::{drain_due, rfc3339};
use crate::mail::{OutgoingEmail, enqueue_email};
use crate::sponsors::language_of;
use crate::{DomainError, Services};

const DAY: i64 = 86_400;

/// How many denials one transaction applies.
const APPLY_BATCH: i64 = 200;

/// How many due starts or steps one round reads.
const BATCH: i64 = 50;

/// The longest instance, and the most days a recommendation looks back.
const MAX_DAYS: u32 = 365;

/// The name Graph gives the reviewer of a default decision.
pub const DEFAULT_DECIDER: &str = "Entente Access Reviews";

/// Checks what an administrator wrote, against the rules and the tenant's
/// directory (the group, application and named reviewers are the tenant's own).
async fn check_spec(tx: &mut Tx, tenant: TenantId, spec: &ReviewSpec) -> Result<(), DomainError> {
    let name = spec.display_name.trim();
    if name.is_empty() || name.chars().count() > 256 {
        return Err(DomainError::invalid(
            "displayName is required (up to 256 characters)",
        ));
    }
    let s = &spec.settings;
    if !(1..=MAX_DAYS).contains(&s.instance_duration_days) {
        return Err(DomainError::invalid(
            "instanceDurationInDays must be from 1 to 365",
        ));
    }
    if !(1..=MAX_DAYS).contains(&s.recommendation_days) {
        return Err(DomainError::invalid(
            "recommendationLookBackDuration must be from 1 to 365 days",
        ));
    }
    let period_days = match s.recurrence {
        Recurrence::Once => None,
        Recurrence::Weekly { interval } if (1..=52).contains(&interval) => Some(interval * 7),
        Recurrence::Monthly { interval } if (1..=12).contains(&interval) => Some(interval * 28),
        _ => {
            return Err(DomainError::invalid(
                "recurrence interval must be 1 to 52 weeks or 1 to 12 months",
            ));
        }
    };
    if let Some(period) = period_days
        && s.instance_duration_days > period
    {
        return Err(DomainError::invalid(
            "instanceDurationInDays must not be longer than the recurrence",
        ));
    }
    let guests_only = match spec.scope {
        ReviewScope::AllGuests => true,
        ReviewScope::Group { id, guests_only } => {
            if tx.db().group_by_id(tenant, id).await?.is_none() {
                return Err(DomainError::invalid("scope: no such group"));
            }
            guests_only
        }
        ReviewScope::Application { id, guests_only } => {
            if tx.db().application_by_id(tenant, id).await?.is_none() {
                return Err(DomainError::invalid("scope: no such application"));
            }
            guests_only
        }
    };
    if s.apply_action == ApplyAction::DisableAndDelete && !guests_only {
        return Err(DomainError::invalid(
            "disableAndDeleteUserApplyAction applies to reviews of guests only",
        ));
    }
    if spec.reviewers.is_empty() {
        return Err(DomainError::invalid("reviewers must name at least one"));
    }
    if spec.reviewers.len() + spec.fallback_reviewers.len() > 50 {
        return Err(DomainError::invalid("at most 50 reviewers"));
    }
    for reviewer in spec.reviewers.iter().chain(&spec.fallback_reviewers) {
        match *reviewer {
            Reviewer::User(id) => {
                if tx.db().user_by_id(tenant, id).await?.is_none() {
                    return Err(DomainError::invalid("reviewers: no such user"));
                }
            }
            Reviewer::GroupMembers(id) | Reviewer::GroupOwners(id) => {
                if tx.db().group_by_id(tenant, id).await?.is_none() {
                    return Err(DomainError::invalid("reviewers: no such group"));
                }
            }
            Reviewer::Sponsors | Reviewer::Administrators => {}
        }
    }
    Ok(())
}

/// When occurrence `n` (0 for the first) of a definition starts.
pub fn start_of(spec: &ReviewSpec, n: u32) -> Option<UnixTime> {
    let first = spec.start_at;
    match spec.settings.recurrence {
        Recurrence::Once => (n == 0).then_some(first),
        Recurrence::Weekly { interval } => Some(first + i64::from(n * interval) * 7 * DAY),
        Recurrence::Monthly { interval } => add_months(first, n * interval),
    }
}

/// `at` plus `months` calendar months, on the same day of the month (the month's
/// last day when it is shorter) and time of day.
fn add_months(at: UnixTime, months: u32) -> Option<UnixTime> {
    let start = time::OffsetDateTime::from_unix_timestamp(at).ok()?;
    let index = i64::from(start.month() as u8) - 1 + i64::from(months);
    let year = start.year() + i32::try_from(index / 12).ok()?;
    let month = time::Month::try_from(u8::try_from(index % 12 + 1).ok()?).ok()?;
    let day = start.day().min(time::util::days_in_month(month, year));
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    Some(start.replace_date(date).unix_timestamp())
}

/// The first start after `now` once `started` instances have started, unless the
/// recurrence ends before it. Occurrences whose time passed while no node ran are
/// skipped, not started late one after another.
fn next_start(spec: &ReviewSpec, started: u32, now: UnixTime) -> Option<UnixTime> {
    let end = spec.settings.recurrence_end;
    if end.occurrences.is_some_and(|max| started >= max) {
        return None;
    }
    let next = (started..started.saturating_add(1_000))
        .filter_map(|k| start_of(spec, k))
        .find(|at| *at > now)?;
    match end.end_at {
        Some(until) if next > until => None,
        _ => Some(next),
    }
}

/// Creates a definition; its first instance starts at its start (at the next run
/// when that is now or past).
pub async fn create(
    services: &Services,
    admin: &ReviewAdmin,
    spec: ReviewSpec,
    now: UnixTime,
) -> Result<ReviewDefinition, DomainError> {
    let mut tx = services.store.write().await?;
    check_spec(&mut tx, admin.tenant, &spec).await?;
    let mut spec = spec;
    spec.display_name = spec.display_name.trim().to_owned();
    spec.start_at = spec.start_at.max(now);
    let review = ReviewDefinition {
        id: ReviewId::new_id(),
        tenant_id: admin.tenant,
        next_start_at: Some(spec.start_at),
        spec,
        status: ReviewStatus::NotStarted,
        occurrences: 0,
        created_by: match admin.actor {
            Actor::User(user) => Some(user),
            _ => None,
        },
        created_at: now,
        updated_at: now,
    };
    tx.db().insert_review(&review).await?;
    let details = json!({
        "displayName": review.spec.display_name,
        "startDateTime": rfc3339(review.spec.start_at),
    });
    audit(
        &mut tx,
        admin.tenant,
        &admin.actor,
        now,
        "Create access review",
        review.id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(review)
}

async fn audit(
    tx: &mut Tx,
    tenant: TenantId,
    actor: &Actor,
    now: UnixTime,
    action: &str,
    review: ReviewId,
    details: serde_json::Value,
) -> Result<(), DomainError> {
    tx.db()
        .append_audit(
            tenant,
            now,
            actor,
            action,
            "AccessReview",
            Some(&review.to_string()),
            &details,
        )
        .await?;
    Ok(())
}

/// A definition of the caller's tenant.
pub async fn definition(
    services: &Services,
    admin: ReviewReadAccess,
    id: ReviewId,
) -> Result<ReviewDefinition, DomainError> {
    let mut conn = services.store.read().await?;
    conn.db()
        .review(admin.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)
}

/// A page of the tenant's definitions.
pub async fn definitions(
    services: &Services,
    admin: ReviewReadAccess,
    listing: &Listing<ReviewField>,
) -> Result<Found<ReviewDefinition>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let page = db.list_reviews(admin.tenant, &query).await?;
    let count = match listing.count {
        true => Some(db.count_reviews(admin.tenant, &query).await?),
        false => None,
    };
    Ok(found(page, count))
}

/// Replaces what an administrator wrote (Graph's `PUT`); the scope stays what it
/// was (a new scope is a new review). The next start follows a new start or
/// recurrence; instances already started keep their decisions.
pub async fn update(
    services: &Services,
    admin: &ReviewAdmin,
    id: ReviewId,
    spec: ReviewSpec,
    now: UnixTime,
) -> Result<ReviewDefinition, DomainError> {
    let mut tx = services.store.write().await?;
    let Some(mut review) = tx.db().review(admin.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    if spec.scope != review.spec.scope {
        return Err(DomainError::invalid("the scope of a review cannot change"));
    }
    check_spec(&mut tx, admin.tenant, &spec).await?;
    let mut spec = spec;
    spec.display_name = spec.display_name.trim().to_owned();
    if review.occurrences > 0 {
        // The first start has passed: keep it, the recurrence counts from it.
        spec.start_at = review.spec.start_at;
    } else {
        spec.start_at = spec.start_at.max(now);
    }
    review.next_start_at = match review.occurrences {
        0 => Some(spec.start_at),
        n => next_start(&spec, n, now),
    };
    review.spec = spec;
    review.updated_at = now;
    tx.db().update_review(&review).await?;
    tx.db().complete_review_if_done(admin.tenant, id).await?;
    let details = json!({ "displayName": review.spec.display_name });
    audit(
        &mut tx,
        admin.tenant,
        &admin.actor,
        now,
        "Update access review",
        id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(review)
}

/// Deletes a definition with its instances and decisions (what was applied stays
/// applied).
pub async fn delete(
    services: &Services,
    admin: &ReviewAdmin,
    id: ReviewId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let Some(review) = tx.db().review(admin.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    tx.db().delete_review(admin.tenant, id).await?;
    let details = json!({ "displayName": review.spec.display_name });
    audit(
        &mut tx,
        admin.tenant,
        &admin.actor,
        now,
        "Delete access review",
        id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Stops a definition: no more instances start; the one in progress ends now.
pub async fn stop_definition(
    services: &Services,
    admin: &ReviewAdmin,
    id: ReviewId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let Some(mut review) = tx.db().review(admin.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    review.next_start_at = None;
    review.updated_at = now;
    tx.db().update_review(&review).await?;
    let open = tx.db().instances_in_progress(admin.tenant, id).await?;
    for instance in &open {
        tx.db()
            .end_instance_at(admin.tenant, *instance, now)
            .await?;
    }
    tx.db().complete_review_if_done(admin.tenant, id).await?;
    let details = json!({ "endedInstances": open.len() });
    audit(
        &mut tx,
        admin.tenant,
        &admin.actor,
        now,
        "Stop access review",
        id,
        details,
    )
    .await?;
    tx.commit().await?;
    for instance in open {
        let step = DueInstanceStep {
            tenant_id: admin.tenant,
            instance_id: instance,
            step: InstanceStep::End,
            due_at: now,
        };
        take_step(services, &step, now).await?;
    }
    Ok(())
}

/// An instance of a definition of the caller's tenant, with its progress.
pub async fn instance(
    services: &Services,
    access: ReviewReadAccess,
    review: ReviewId,
    id: ReviewInstanceId,
) -> Result<(ReviewInstance, DecisionCounts), DomainError> {
    let tenant = access.tenant;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let Some((instance, _)) = db.review_instance(tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    if instance.review_id != review {
        return Err(DomainError::NotFound);
    }
    let counts = db.review_decision_counts(tenant, id, None).await?;
    Ok((instance, counts))
}

/// A page of a definition's instances.
pub async fn instances(
    services: &Services,
    admin: ReviewReadAccess,
    review: ReviewId,
    listing: &Listing<InstanceField>,
) -> Result<Found<ReviewInstance>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    if db.review(admin.tenant, review).await?.is_none() {
        return Err(DomainError::NotFound);
    }
    let page = db
        .list_review_instances(admin.tenant, review, &query)
        .await?;
    let count = match listing.count {
        true => Some(
            db.count_review_instances(admin.tenant, review, &query)
                .await?,
        ),
        false => None,
    };
    Ok(found(page, count))
}

/// Who records decisions: an administrator (any decision of an instance) or a
/// reviewer (its own).
#[derive(Clone, Debug)]
pub enum Decider {
    Admin(ReviewAdmin),
    Reviewer { tenant: TenantId, user: UserId },
}

impl Decider {
    fn tenant(&self) -> TenantId {
        match self {
            Decider::Admin(admin) => admin.tenant,
            Decider::Reviewer { tenant, .. } => *tenant,
        }
    }
}

/// Who reads decisions: a reader of the tenant's reviews (every decision of an
/// instance) or a reviewer (its own).
#[derive(Clone, Copy, Debug)]
pub enum DecisionReader {
    All(ReviewReadAccess),
    Own { tenant: TenantId, user: UserId },
}

impl DecisionReader {
    fn tenant(&self) -> TenantId {
        match self {
            DecisionReader::All(access) => access.tenant,
            DecisionReader::Own { tenant, .. } => *tenant,
        }
    }

    fn scope(&self, instance: ReviewInstanceId) -> DecisionScope {
        match self {
            DecisionReader::All(_) => DecisionScope::Instance(instance),
            DecisionReader::Own { user, .. } => DecisionScope::Reviewer(instance, *user),
        }
    }

    fn reviewer(&self) -> Option<UserId> {
        match self {
            DecisionReader::All(_) => None,
            DecisionReader::Own { user, .. } => Some(*user),
        }
    }
}

/// The instance `id` of `review` (the definition given, when one is).
async fn instance_of(
    tx: &mut entente_storage::Db<'_>,
    tenant: TenantId,
    review: Option<ReviewId>,
    id: ReviewInstanceId,
) -> Result<ReviewInstance, DomainError> {
    match tx.review_instance(tenant, id).await? {
        Some((instance, _)) if review.is_none_or(|r| r == instance.review_id) => Ok(instance),
        _ => Err(DomainError::NotFound),
    }
}

/// A page of an instance's decisions: all of them for an administrator, its own
/// for a reviewer.
pub async fn decisions(
    services: &Services,
    who: &DecisionReader,
    review: Option<ReviewId>,
    instance: ReviewInstanceId,
    listing: &Listing<DecisionField>,
) -> Result<Found<ReviewDecision>, DomainError> {
    let query = query_of(listing)?;
    let tenant = who.tenant();
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    instance_of(&mut db, tenant, review, instance).await?;
    let scope = who.scope(instance);
    let page = db.list_review_decisions(tenant, scope, &query).await?;
    let count = match listing.count {
        true => Some(db.count_review_decisions(tenant, scope, &query).await?),
        false => None,
    };
    Ok(found(page, count))
}

/// One decision, for an administrator or one of its reviewers.
pub async fn decision(
    services: &Services,
    who: &DecisionReader,
    review: Option<ReviewId>,
    instance: ReviewInstanceId,
    id: ReviewDecisionId,
) -> Result<ReviewDecision, DomainError> {
    let tenant = who.tenant();
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    instance_of(&mut db, tenant, review, instance).await?;
    if let Some(user) = who.reviewer()
        && !db.is_reviewer_of(tenant, instance, user, id).await?
    {
        return Err(DomainError::NotFound);
    }
    db.review_decision(tenant, instance, id)
        .await?
        .ok_or(DomainError::NotFound)
}

/// How far a reviewer (or, for an administrator, everyone) has got.
pub async fn progress(
    services: &Services,
    who: &DecisionReader,
    instance: ReviewInstanceId,
) -> Result<DecisionCounts, DomainError> {
    let reviewer = who.reviewer();
    let mut conn = services.store.read().await?;
    Ok(conn
        .db()
        .review_decision_counts(who.tenant(), instance, reviewer)
        .await?)
}

/// Which decision: of an instance (of a definition, when the caller names one).
#[derive(Clone, Copy, Debug)]
pub struct DecisionRef {
    pub review: Option<ReviewId>,
    pub instance: ReviewInstanceId,
    pub id: ReviewDecisionId,
}

/// What a definition reviews (for showing its decisions).
pub async fn scope_of(
    services: &Services,
    tenant: TenantId,
    review: ReviewId,
) -> Result<ReviewScope, DomainError> {
    let mut conn = services.store.read().await?;
    match conn.db().review(tenant, review).await? {
        Some(found) => Ok(found.spec.scope),
        None => Err(DomainError::NotFound),
    }
}

/// Records a decision (approve, deny, don't know) while the instance is in
/// progress. A reviewer records only its own; an administrator any.
pub async fn decide(
    services: &Services,
    who: &Decider,
    at: DecisionRef,
    decision: Decision,
    justification: Option<String>,
    now: UnixTime,
) -> Result<ReviewDecision, DomainError> {
    let DecisionRef {
        review,
        instance,
        id,
    } = at;
    if decision == Decision::NotReviewed {
        return Err(DomainError::invalid(
            "decision must be Approve, Deny or DontKnow",
        ));
    }
    let justification = justification
        .map(|j| j.trim().to_owned())
        .filter(|j| !j.is_empty());
    if justification
        .as_ref()
        .is_some_and(|j| j.chars().count() > 1000)
    {
        return Err(DomainError::invalid(
            "justification is up to 1,000 characters",
        ));
    }
    let tenant = who.tenant();
    let mut tx = services.store.write().await?;
    let found = instance_of(&mut tx.db(), tenant, review, instance).await?;
    let (by, actor) = match who {
        Decider::Reviewer { user, .. } => {
            if !tx.db().is_reviewer_of(tenant, instance, *user, id).await? {
                return Err(DomainError::NotFound);
            }
            (Some(*user), Actor::User(*user))
        }
        Decider::Admin(admin) => match admin.actor {
            Actor::User(user) => (Some(user), admin.actor.clone()),
            _ => (None, admin.actor.clone()),
        },
    };
    let Some(definition) = tx.db().review(tenant, found.review_id).await? else {
        return Err(DomainError::NotFound);
    };
    if definition.spec.settings.justification_required
        && decision == Decision::Approve
        && justification.is_none()
    {
        return Err(crate::fields::Fault::error(
            "justification",
            crate::fields::Rule::Empty,
            "a justification is required to approve",
        ));
    }
    let by_name = match by {
        Some(user) => tx
            .db()
            .user_by_id(tenant, user)
            .await?
            .map(|u| u.display_name),
        None => None,
    };
    let recorded = tx
        .db()
        .record_review_decision(
            tenant,
            instance,
            id,
            decision,
            justification.as_deref(),
            by.zip(by_name.as_deref()),
            now,
        )
        .await?;
    if !recorded {
        return match tx.db().review_decision(tenant, instance, id).await? {
            None => Err(DomainError::NotFound),
            Some(_) => Err(DomainError::Conflict(
                "the review has ended: decisions can no longer change".to_owned(),
            )),
        };
    }
    let Some(saved) = tx.db().review_decision(tenant, instance, id).await? else {
        return Err(DomainError::NotFound);
    };
    let details = json!({
        "instanceId": instance.to_string(),
        "decisionId": id.to_string(),
        "principalId": saved.principal_id.to_string(),
        "principalName": saved.principal_name,
        "decision": decision.as_str(),
        "justification": justification,
    });
    audit(
        &mut tx,
        tenant,
        &actor,
        now,
        "Record access review decision",
        found.review_id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// A reviewer accepts the recommendation for each person of its still undecided;
/// answers how many.
pub async fn accept_recommendations(
    services: &Services,
    tenant: TenantId,
    reviewer: UserId,
    instance: ReviewInstanceId,
    now: UnixTime,
) -> Result<u64, DomainError> {
    let mut tx = services.store.write().await?;
    let found = instance_of(&mut tx.db(), tenant, None, instance).await?;
    if found.status != InstanceStatus::InProgress {
        return Err(DomainError::Conflict(
            "the review has ended: decisions can no longer change".to_owned(),
        ));
    }
    let Some(user) = tx.db().user_by_id(tenant, reviewer).await? else {
        return Err(DomainError::NotFound);
    };
    let accepted = tx
        .db()
        .accept_review_recommendations(tenant, instance, (reviewer, &user.display_name), now)
        .await?;
    let details = json!({ "instanceId": instance.to_string(), "accepted": accepted });
    audit(
        &mut tx,
        tenant,
        &Actor::User(reviewer),
        now,
        "Accept access review recommendations",
        found.review_id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(accepted)
}

/// The instances in progress in which a user decides (My Apps).
pub async fn reviews_of(
    services: &Services,
    tenant: TenantId,
    reviewer: UserId,
) -> Result<Vec<ReviewerInstance>, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn.db().instances_of_reviewer(tenant, reviewer).await?)
}

/// What a reviewer's page shows above the decisions: the definition and instance.
pub async fn reviewer_view(
    services: &Services,
    tenant: TenantId,
    reviewer: UserId,
    instance: ReviewInstanceId,
) -> Result<(ReviewDefinition, ReviewInstance, DecisionCounts), DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let found = instance_of(&mut db, tenant, None, instance).await?;
    let counts = db
        .review_decision_counts(tenant, instance, Some(reviewer))
        .await?;
    if counts.total() == 0 {
        return Err(DomainError::NotFound);
    }
    let Some(definition) = db.review(tenant, found.review_id).await? else {
        return Err(DomainError::NotFound);
    };
    Ok((definition, found, counts))
}

/// A person on a reviewer's page, with whom it is sponsored by and what it reaches.
#[derive(Clone, Debug)]
pub struct ReviewerRow {
    pub decision: ReviewDecision,
    pub sponsors: Vec<String>,
    pub reaches: Vec<String>,
}

/// One page of a reviewer's decisions (100 at a time).
#[derive(Clone, Debug)]
pub struct ReviewerPage {
    pub review: ReviewDefinition,
    pub instance: ReviewInstance,
    /// The reviewer's own progress.
    pub counts: DecisionCounts,
    pub rows: Vec<ReviewerRow>,
    /// The next page's cursor.
    pub next: Option<String>,
    /// The reviewer's own name.
    pub reviewer_name: String,
    /// The group's or application's name (none for all guests).
    pub resource_name: Option<String>,
}

/// How many people a reviewer's page shows.
pub const REVIEWER_PAGE: i64 = 100;

/// A page of the decisions `reviewer` makes in an instance (the undecided only, with
/// `open_only`), after the cursor `after`.
pub async fn reviewer_page(
    services: &Services,
    tenant: TenantId,
    reviewer: UserId,
    instance: ReviewInstanceId,
    open_only: bool,
    after: Option<String>,
) -> Result<ReviewerPage, DomainError> {
    let (review, found, counts) = reviewer_view(services, tenant, reviewer, instance).await?;
    let listing = Listing {
        filter: open_only.then(|| {
            entente_storage::Filter::eq(
                DecisionField::Decision,
                entente_storage::Literal::Text(Decision::NotReviewed.as_str().to_owned()),
            )
        }),
        sort: None,
        page: crate::directory::PageRequest {
            top: Some(REVIEWER_PAGE),
            skip_token: after,
        },
        count: false,
    };
    let page = decisions(
        services,
        &DecisionReader::Own {
            tenant,
            user: reviewer,
        },
        None,
        instance,
        &listing,
    )
    .await?;
    let people: Vec<UserId> = page.items.iter().map(|d| d.principal_id).collect();
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let sponsors = db.sponsor_names_of(tenant, &people).await?;
    let reaches = db.reach_names_of(tenant, &people).await?;
    let reviewer_name = db
        .user_by_id(tenant, reviewer)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let resource_name = match review.spec.scope {
        ReviewScope::AllGuests => None,
        ReviewScope::Group { id, .. } => db.group_by_id(tenant, id).await?.map(|g| g.display_name),
        ReviewScope::Application { id, .. } => db
            .application_by_id(tenant, id)
            .await?
            .map(|a| a.display_name),
    };
    let names = |pairs: &[(UserId, String)], person: UserId| -> Vec<String> {
        pairs
            .iter()
            .filter(|(user, _)| *user == person)
            .map(|(_, name)| name.clone())
            .collect()
    };
    let rows = page
        .items
        .into_iter()
        .map(|decision| ReviewerRow {
            sponsors: names(&sponsors, decision.principal_id),
            reaches: names(&reaches, decision.principal_id),
            decision,
        })
        .collect();
    Ok(ReviewerPage {
        review,
        instance: found,
        counts,
        rows,
        next: page.skip_token,
        reviewer_name,
        resource_name,
    })
}

/// An instance's decisions as a CSV file for a spreadsheet (read a thousand at a
/// time): who was reviewed, the recommendation, the decision with its reason, who
/// decided and when, and what applying it did. Cells a spreadsheet would run as a
/// formula are neutralized.
pub async fn export_decisions(
    services: &Services,
    access: ReviewReadAccess,
    review: ReviewId,
    instance: ReviewInstanceId,
) -> Result<String, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    instance_of(&mut db, access.tenant, Some(review), instance).await?;
    let mut decisions = Vec::new();
    let mut query = entente_storage::Query {
        filter: None,
        sort: None,
        after: None,
        limit: 1_000,
    };
    loop {
        let page = db
            .list_review_decisions(access.tenant, DecisionScope::Instance(instance), &query)
            .await?;
        decisions.extend(page.items);
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    drop(conn);
    let time = |at: Option<UnixTime>| at.map(crate::directory::time_text).unwrap_or_default();
    let rows = decisions.into_iter().map(|d| {
        let reviewer = match (&d.reviewed_by_name, d.reviewed_at, d.decision) {
            (Some(name), _, _) => name.clone(),
            (None, Some(_), decision) if decision != Decision::NotReviewed => {
                DEFAULT_DECIDER.to_owned()
            }
            _ => String::new(),
        };
        vec![
            std::borrow::Cow::Owned(d.principal_id.to_string()),
            std::borrow::Cow::Owned(d.principal_name),
            std::borrow::Cow::Owned(d.principal_upn),
            std::borrow::Cow::Owned(d.resource_name.unwrap_or_default()),
            std::borrow::Cow::Owned(time(d.last_sign_in_at)),
            std::borrow::Cow::Borrowed(d.recommendation.as_str()),
            std::borrow::Cow::Borrowed(d.decision.as_str()),
            std::borrow::Cow::Owned(d.justification.unwrap_or_default()),
            std::borrow::Cow::Owned(reviewer),
            std::borrow::Cow::Owned(time(d.reviewed_at)),
            std::borrow::Cow::Owned(d.apply_result.unwrap_or_else(|| "New".to_owned())),
            std::borrow::Cow::Owned(time(d.applied_at)),
        ]
    });
    Ok(crate::invitations::csv_report::write_table(
        &[
            "principalId",
            "displayName",
            "userPrincipalName",
            "resource",
            "lastSignInDateTime",
            "recommendation",
            "decision",
            "justification",
            "reviewedBy",
            "reviewedDateTime",
            "applyResult",
            "appliedDateTime",
        ],
        rows,
    ))
}

/// Stops an instance in progress: it ends now (the default decision for the rest,
/// and the apply when the definition applies by itself).
pub async fn stop_instance(
    services: &Services,
    admin: &ReviewAdmin,
    review: ReviewId,
    id: ReviewInstanceId,
    now: UnixTime,
) -> Result<(), DomainError> {
    by_hand(services, admin, (review, id), InstanceStep::End, now).await
}

/// Applies an ended instance's decisions that were not applied by themselves.
pub async fn apply_instance(
    services: &Services,
    admin: &ReviewAdmin,
    review: ReviewId,
    id: ReviewInstanceId,
    now: UnixTime,
) -> Result<(), DomainError> {
    by_hand(services, admin, (review, id), InstanceStep::Apply, now).await
}

/// An administrator's end or apply of an instance: the step is owed now (by one
/// conditional statement, so of two at once one wins and the other is a conflict),
/// audited, then taken as the schedule would take it.
async fn by_hand(
    services: &Services,
    admin: &ReviewAdmin,
    (review, id): (ReviewId, ReviewInstanceId),
    step: InstanceStep,
    now: UnixTime,
) -> Result<(), DomainError> {
    {
        let mut tx = services.store.write().await?;
        instance_of(&mut tx.db(), admin.tenant, Some(review), id).await?;
        let (owed, refusal, action) = match step {
            InstanceStep::Apply => (
                tx.db().apply_instance_at(admin.tenant, id, now).await?,
                "only a completed instance not applied yet can be applied",
                "Apply access review decisions",
            ),
            _ => (
                tx.db().end_instance_at(admin.tenant, id, now).await?,
                "the instance is not in progress",
                "Stop access review instance",
            ),
        };
        if !owed {
            return Err(DomainError::Conflict(refusal.to_owned()));
        }
        let details = json!({ "instanceId": id.to_string() });
        audit(
            &mut tx,
            admin.tenant,
            &admin.actor,
            now,
            action,
            review,
            details,
        )
        .await?;
        tx.commit().await?;
    }
    let due = DueInstanceStep {
        tenant_id: admin.tenant,
        instance_id: id,
        step,
        due_at: now,
    };
    take_step(services, &due, now).await?;
    Ok(())
}

/// Starts every due instance and takes every due instance step at `now`;
/// answers how many this node took.
pub async fn run_due(services: &Services, now: UnixTime) -> Result<usize, DomainError> {
    let mut taken = 0;
    // A step taken may make the next one due at the same `now` (a moved clock
    // passes a reminder and the end at once): go on until a round takes nothing.
    loop {
        let started = drain_due(
            || async move {
                let mut conn = services.store.read().await?;
                Ok(conn.db().due_review_starts(now, BATCH).await?)
            },
            |due| async move { start(services, &due, now).await },
        )
        .await?;
        let stepped = drain_due(
            || async move {
                let mut conn = services.store.read().await?;
                Ok(conn.db().due_instance_steps(now, BATCH).await?)
            },
            |due| async move { take_step(services, &due, now).await },
        )
        .await?;
        if started + stepped == 0 {
            return Ok(taken);
        }
        taken += started + stepped;
    }
}

/// The reviewers of each person of a scope, by the definition's reviewers, else its
/// fallback reviewers, else the administrators; a person never reviews itself.
async fn reviewers_of(
    tx: &mut Tx,
    tenant: TenantId,
    spec: &ReviewSpec,
    people: &[ScopedPerson],
) -> Result<BTreeMap<UserId, Vec<UserId>>, DomainError> {
    let mut sponsors: BTreeMap<UserId, BTreeSet<UserId>> = BTreeMap::new();
    let wants_sponsors = spec
        .reviewers
        .iter()
        .chain(&spec.fallback_reviewers)
        .any(|r| *r == Reviewer::Sponsors);
    if wants_sponsors {
        for (user, reviewer) in tx.db().sponsor_reviewers(tenant).await? {
            sponsors.entry(user).or_default().insert(reviewer);
        }
    }
    let mut fixed: BTreeMap<Reviewer, Vec<UserId>> = BTreeMap::new();
    for reviewer in spec
        .reviewers
        .iter()
        .chain(&spec.fallback_reviewers)
        .copied()
        .chain([Reviewer::Administrators])
    {
        if fixed.contains_key(&reviewer) {
            continue;
        }
        let users = match reviewer {
            Reviewer::Sponsors => continue,
            Reviewer::User(id) => match tx.db().user_by_id(tenant, id).await? {
                Some(user) if user.account_enabled => vec![id],
                _ => Vec::new(),
            },
            Reviewer::GroupMembers(group) => tx.db().enabled_group_members(tenant, group).await?,
            Reviewer::GroupOwners(group) => tx.db().enabled_group_owners(tenant, group).await?,
            Reviewer::Administrators => {
                tx.db()
                    .enabled_role_holders(tenant, DirectoryRole::GlobalAdministrator)
                    .await?
            }
        };
        fixed.insert(reviewer, users);
    }
    let resolve = |list: &[Reviewer], person: UserId| -> Vec<UserId> {
        let mut out = BTreeSet::new();
        for reviewer in list {
            match reviewer {
                Reviewer::Sponsors => {
                    if let Some(set) = sponsors.get(&person) {
                        out.extend(set.iter().copied());
                    }
                }
                other => {
                    if let Some(users) = fixed.get(other) {
                        out.extend(users.iter().copied());
                    }
                }
            }
        }
        out.remove(&person);
        out.into_iter().collect()
    };
    let mut by_person = BTreeMap::new();
    for person in people {
        let mut chosen = resolve(&spec.reviewers, person.id);
        if chosen.is_empty() {
            chosen = resolve(&spec.fallback_reviewers, person.id);
        }
        if chosen.is_empty() {
            chosen = resolve(&[Reviewer::Administrators], person.id);
        }
        by_person.insert(person.id, chosen);
    }
    Ok(by_person)
}

/// Starts the instance `due` names, with its decisions and reviewers, in one
/// transaction; false when another node took it first.
async fn start(services: &Services, due: &DueStart, now: UnixTime) -> Result<bool, DomainError> {
    let mut tx = services.store.write().await?;
    let Some(review) = tx.db().review(due.tenant_id, due.review_id).await? else {
        return Ok(false);
    };
    let Some(tenant) = tx.db().tenant_by_id(due.tenant_id).await? else {
        return Ok(false);
    };
    let spec = &review.spec;
    let next = next_start(spec, review.occurrences + 1, now);
    if !tx.db().take_review_start(due, next).await? {
        return Ok(false);
    }
    let settings = &spec.settings;
    let start_at = now;
    let end_at = start_at + i64::from(settings.instance_duration_days) * DAY;
    let instance = ReviewInstance {
        id: ReviewInstanceId::new_id(),
        tenant_id: tenant.id,
        review_id: review.id,
        start_at,
        end_at,
        status: InstanceStatus::InProgress,
    };
    let first_step = if settings.reminders && settings.instance_duration_days >= 2 {
        (InstanceStep::Remind, start_at + (end_at - start_at) / 2)
    } else {
        (InstanceStep::End, end_at)
    };
    tx.db()
        .insert_review_instance(&instance, Some(first_step))
        .await?;
    let people = tx.db().review_scope_people(tenant.id, &spec.scope).await?;
    let resource = match spec.scope {
        ReviewScope::AllGuests => None,
        ReviewScope::Group { id, .. } => tx
            .db()
            .group_by_id(tenant.id, id)
            .await?
            .map(|g| (id.0, g.display_name)),
        ReviewScope::Application { id, .. } => tx
            .db()
            .application_by_id(tenant.id, id)
            .await?
            .map(|a| (id.0, a.display_name)),
    };
    let reviewers = reviewers_of(&mut tx, tenant.id, spec, &people).await?;
    let cut = now - i64::from(settings.recommendation_days) * DAY;
    let decisions: Vec<NewDecision> = people
        .iter()
        .map(|person| NewDecision {
            id: ReviewDecisionId::new_id(),
            person,
            resource: resource.as_ref().map(|(id, name)| (*id, name.as_str())),
            recommendation: if !settings.recommendations {
                Recommendation::NoInfoAvailable
            } else if person.last_activity.unwrap_or(person.created_at) >= cut {
                Recommendation::Approve
            } else {
                Recommendation::Deny
            },
        })
        .collect();
    let pairs: Vec<(UserId, ReviewDecisionId)> = decisions
        .iter()
        .flat_map(|d| {
            reviewers
                .get(&d.person.id)
                .into_iter()
                .flatten()
                .map(move |r| (*r, d.id))
        })
        .collect();
    let mut inserts = tx.db().inserts();
    inserts.review_decisions(tenant.id, instance.id, &decisions);
    inserts.review_reviewers(tenant.id, instance.id, &pairs);
    tx.db().run(inserts).await?;
    let mut mailed = 0;
    if settings.mail_notifications {
        // Each reviewer's count comes from the rows just written, not from a query:
        // PostgreSQL has no statistics of them yet inside this transaction, and
        // planned the join of a reviewer's rows as if both tables were empty (8 s
        // for 10,000 decisions).
        let mut counts: BTreeMap<UserId, i64> = BTreeMap::new();
        for (reviewer, _) in &pairs {
            *counts.entry(*reviewer).or_default() += 1;
        }
        let ids: Vec<UserId> = counts.keys().copied().collect();
        let loads = tx
            .db()
            .reviewers_to_write(tenant.id, &ids)
            .await?
            .into_iter()
            .map(|(id, mail, language)| ReviewerLoad {
                reviewer_id: id,
                mail,
                language,
                open: counts[&id],
                total: counts[&id],
            })
            .collect();
        let subject = (&tenant, &review, &instance);
        mailed = notify(&mut tx, services, subject, loads, false, now).await?;
    }
    let details = json!({
        "instanceId": instance.id.to_string(),
        "people": decisions.len(),
        "reviewers": pairs.iter().map(|(r, _)| *r).collect::<BTreeSet<_>>().len(),
        "notified": mailed,
        "endDateTime": rfc3339(end_at),
    });
    audit(
        &mut tx,
        tenant.id,
        &Actor::System,
        now,
        "Start access review",
        review.id,
        details,
    )
    .await?;
    tx.commit().await?;
    if mailed > 0 {
        services.wake_mail_delivery();
    }
    // The planner's statistics must see the rows just written before reviewers read
    // them (decision 0016); a failure only leaves autovacuum to do it later.
    if let Err(e) = services.store.analyze_reviews().await {
        tracing::warn!(error = %e, "analyzing the access reviews' tables failed");
    }
    Ok(true)
}

/// Emails each reviewer of `loads` with an address, in its language, about its
/// decisions of the instance (`reminder`: those still open); answers how many emails.
async fn notify(
    tx: &mut Tx,
    services: &Services,
    (tenant, review, instance): (&Tenant, &ReviewDefinition, &ReviewInstance),
    loads: Vec<ReviewerLoad>,
    reminder: bool,
    now: UnixTime,
) -> Result<usize, DomainError> {
    let link = format!(
        "{}/{}/myapps/reviews/{}",
        services.settings.public_base_url, tenant.id, instance.id
    );
    let mut sent = 0;
    for load in loads {
        let Some(mail) = load.mail else { continue };
        let language: Language = language_of(load.language.as_deref());
        let texts = crate::texts::email::for_language(language);
        let date = format_date(language, instance.end_at);
        let name = review.spec.display_name.as_str();
        let tenant_name = tenant.display_name.as_str();
        let count = if reminder { load.open } else { load.total };
        let (subject, body) = if reminder {
            (&texts.review_reminder_subject, &texts.review_reminder_body)
        } else {
            (&texts.review_start_subject, &texts.review_start_body)
        };
        let subject = subject
            .arg("tenant", tenant_name)
            .arg("review", name)
            .arg("date", date.as_str())
            .to_string();
        let body = body
            .arg("tenant", tenant_name)
            .arg("review", name)
            .arg("date", date.as_str())
            .arg("count", count)
            .to_string();
        let mut text = body;
        if !review.spec.description_for_reviewers.is_empty() {
            text = format!("{}\n\n{text}", review.spec.description_for_reviewers);
        }
        let text = format!("{text}\n{link}\n\n{}\n", texts.review_how);
        let email = OutgoingEmail {
            from: services.settings.mail_sender.of(&tenant.display_name),
            to: vec![mail],
            cc: Vec::new(),
            subject,
            text,
            html: None,
        };
        enqueue_email(&mut tx.db(), services, tenant.id, &email, now).await?;
        sent += 1;
    }
    Ok(sent)
}

/// Takes one due instance step; false when another node took it first.
async fn take_step(
    services: &Services,
    due: &DueInstanceStep,
    now: UnixTime,
) -> Result<bool, DomainError> {
    match due.step {
        InstanceStep::Remind => remind(services, due, now).await,
        InstanceStep::End => end(services, due, now).await,
        InstanceStep::Apply => apply_denials(services, due, now).await,
    }
}

/// An instance with its definition and tenant, read in the step's transaction.
async fn subject(
    tx: &mut Tx,
    tenant: TenantId,
    instance: ReviewInstanceId,
) -> Result<Option<(ReviewInstance, ReviewDefinition, Tenant)>, DomainError> {
    let Some((instance, _)) = tx.db().review_instance(tenant, instance).await? else {
        return Ok(None);
    };
    let Some(review) = tx.db().review(tenant, instance.review_id).await? else {
        return Ok(None);
    };
    let Some(tenant) = tx.db().tenant_by_id(tenant).await? else {
        return Ok(None);
    };
    Ok(Some((instance, review, tenant)))
}

/// Halfway: reminds the reviewers with decisions still open.
async fn remind(
    services: &Services,
    due: &DueInstanceStep,
    now: UnixTime,
) -> Result<bool, DomainError> {
    let mut tx = services.store.write().await?;
    let Some((instance, review, tenant)) = subject(&mut tx, due.tenant_id, due.instance_id).await?
    else {
        return Ok(false);
    };
    let next = Some((InstanceStep::End, instance.end_at));
    if !tx
        .db()
        .take_instance_step(due, next, InstanceStatus::InProgress)
        .await?
    {
        return Ok(false);
    }
    let loads = tx
        .db()
        .review_reviewer_loads(tenant.id, instance.id)
        .await?;
    let subject = (&tenant, &review, &instance);
    let sent = notify(&mut tx, services, subject, loads, true, now).await?;
    let details = json!({ "instanceId": instance.id.to_string(), "notified": sent });
    audit(
        &mut tx,
        tenant.id,
        &Actor::System,
        now,
        "Remind access reviewers",
        review.id,
        details,
    )
    .await?;
    tx.commit().await?;
    if sent > 0 {
        services.wake_mail_delivery();
    }
    Ok(true)
}

/// The end: no more decisions, the default decision for what nobody answered, and
/// the apply when the definition applies by itself.
async fn end(
    services: &Services,
    due: &DueInstanceStep,
    now: UnixTime,
) -> Result<bool, DomainError> {
    let mut tx = services.store.write().await?;
    let Some((instance, review, tenant)) = subject(&mut tx, due.tenant_id, due.instance_id).await?
    else {
        return Ok(false);
    };
    let settings = &review.spec.settings;
    let (next, status) = if settings.auto_apply {
        (Some((InstanceStep::Apply, now)), InstanceStatus::Applying)
    } else {
        (None, InstanceStatus::Completed)
    };
    if !tx.db().take_instance_step(due, next, status).await? {
        return Ok(false);
    }
    let defaulted = tx
        .db()
        .apply_default_decisions(tenant.id, instance.id, settings.default_decision, now)
        .await?;
    tx.db()
        .complete_review_if_done(tenant.id, review.id)
        .await?;
    let counts = tx
        .db()
        .review_decision_counts(tenant.id, instance.id, None)
        .await?;
    let details = json!({
        "instanceId": instance.id.to_string(),
        "defaultDecisions": defaulted,
        "approved": counts.approved,
        "denied": counts.denied,
        "notReviewed": counts.not_reviewed,
    });
    audit(
        &mut tx,
        tenant.id,
        &Actor::System,
        now,
        "End access review",
        review.id,
        details,
    )
    .await?;
    tx.commit().await?;
    if settings.auto_apply {
        let apply = DueInstanceStep {
            tenant_id: tenant.id,
            instance_id: instance.id,
            step: InstanceStep::Apply,
            due_at: now,
        };
        apply_denials(services, &apply, now).await?;
    }
    Ok(true)
}

/// Applies an instance's denials a batch per transaction, each denial once (its
/// `applied_at` is set by compare-and-set with its effect and audit entry); the last
/// batch marks the approvals and the instance applied. False when there was
/// nothing left for this node to do.
async fn apply_denials(
    services: &Services,
    due: &DueInstanceStep,
    now: UnixTime,
) -> Result<bool, DomainError> {
    let tenant_id = due.tenant_id;
    let mut took = false;
    loop {
        let mut tx = services.store.write().await?;
        let Some((instance, step)) = tx.db().review_instance(tenant_id, due.instance_id).await?
        else {
            return Ok(took);
        };
        if step.map(|(s, _)| s) != Some(InstanceStep::Apply) {
            return Ok(took);
        }
        let Some(review) = tx.db().review(tenant_id, instance.review_id).await? else {
            return Ok(took);
        };
        let Some(tenant) = tx.db().tenant_by_id(tenant_id).await? else {
            return Ok(took);
        };
        let denials = tx
            .db()
            .unapplied_denials(tenant_id, instance.id, APPLY_BATCH)
            .await?;
        let last = (denials.len() as i64) < APPLY_BATCH;
        for denial in &denials {
            if apply_one(&mut tx, &tenant, &review, denial, now).await? {
                took = true;
            }
        }
        if last {
            let seen = DueInstanceStep {
                tenant_id,
                instance_id: instance.id,
                step: InstanceStep::Apply,
                due_at: step.map(|(_, at)| at).unwrap_or(now),
            };
            if tx
                .db()
                .take_instance_step(&seen, None, InstanceStatus::Applied)
                .await?
            {
                tx.db()
                    .mark_approvals_applied(tenant_id, instance.id, now)
                    .await?;
                let counts = tx
                    .db()
                    .review_decision_counts(tenant_id, instance.id, None)
                    .await?;
                let details = json!({
                    "instanceId": instance.id.to_string(),
                    "denied": counts.denied,
                    "applied": counts.applied,
                });
                audit(
                    &mut tx,
                    tenant_id,
                    &Actor::System,
                    now,
                    "Applied access review",
                    review.id,
                    details,
                )
                .await?;
                took = true;
            }
            tx.commit().await?;
            return Ok(took);
        }
        tx.commit().await?;
    }
}

/// Applies one denial, once: claims it (its `applied_at`, by compare-and-set), then
/// removes the membership or assignment, or blocks the guest (and, for "disable and
/// delete", owes its deletion after the grace). False when another node claimed it.
async fn apply_one(
    tx: &mut Tx,
    tenant: &Tenant,
    review: &ReviewDefinition,
    denial: &ReviewDecision,
    now: UnixTime,
) -> Result<bool, DomainError> {
    const DONE: &str = "AppliedSuccessfully";
    const GONE: &str = "AppliedSuccessfullyButObjectNotFound";
    if !tx
        .db()
        .mark_decision_applied(tenant.id, denial.instance_id, denial.id, DONE, now)
        .await?
    {
        return Ok(false);
    }
    let user = tx.db().user_by_id(tenant.id, denial.principal_id).await?;
    let action = review.spec.settings.apply_action;
    let done = match (&user, action, review.spec.scope) {
        (None, _, _) => None,
        (Some(_), ApplyAction::RemoveAccess, ReviewScope::Group { id, .. }) => tx
            .db()
            .remove_group_member(tenant.id, id, denial.principal_id)
            .await?
            .then_some("Remove member from group: access review"),
        (Some(_), ApplyAction::RemoveAccess, ReviewScope::Application { id, .. }) => (tx
            .db()
            .remove_user_assignments_to(tenant.id, denial.principal_id, id)
            .await?
            > 0)
        .then_some("Remove app role assignment: access review"),
        (Some(user), ApplyAction::RemoveAccess, ReviewScope::AllGuests) => {
            crate::directory::block_sign_in(tx, tenant.id, user.id, now).await?;
            Some("Block guest: access review")
        }
        (Some(user), ApplyAction::DisableAndDelete, _) => {
            crate::directory::block_sign_in(tx, tenant.id, user.id, now).await?;
            let grace = i64::from(tenant.collaboration.expired_guest_grace_days) * DAY;
            let end = AccessEnd {
                ends_at: Some(now),
                next: Some((LifecycleStep::Delete, now + grace)),
            };
            tx.db().set_access_end(tenant.id, user.id, end).await?;
            Some("Block guest: access review, deleted after the grace")
        }
    };
    let Some(action) = done else {
        tx.db()
            .set_decision_apply_result(tenant.id, denial.instance_id, denial.id, GONE)
            .await?;
        return Ok(true);
    };
    let details = json!({
        "accessReviewId": review.id.to_string(),
        "instanceId": denial.instance_id.to_string(),
        "userPrincipalName": denial.principal_upn,
        "resourceId": denial.resource_id.map(|r| r.to_string()),
        "resourceName": denial.resource_name,
    });
    tx.db()
        .append_audit(
            tenant.id,
            now,
            &Actor::System,
            action,
            "User",
            Some(&denial.principal_id.to_string()),
            &details,
        )
        .await?;
    Ok(true)
}
