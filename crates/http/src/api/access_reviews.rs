//! `/v1.0/identityGovernance/accessReviews/definitions`: Graph's access reviews
//! (decision 0016). A definition's `scope`, `reviewers` and `fallbackReviewers` are
//! Graph's query strings, of which Entente understands the ones that name what it
//! reviews: all guests (`/users?$filter=(userType eq 'Guest')`), a group's members
//! (`/groups/{id}/transitiveMembers`, guests only with that filter) and an
//! application's assigned users (`/servicePrincipals/{id}/appRoleAssignedTo`);
//! reviewers `./sponsors`, `/users/{id}`, `/groups/{id}/owners`,
//! `/groups/{id}/transitiveMembers` and the
//! Global Administrators (`/directoryRoles/roleTemplateId=…/members`). Anything
//! else is refused by name rather than read as something it is not.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use entente_domain::reviews::{self, Decider, DecisionReader};
use entente_model::reviews::{
    ApplyAction, Decision, DefaultDecision, Recurrence, RecurrenceEnd, ReviewDecision,
    ReviewDefinition, ReviewInstance, ReviewScope, ReviewSettings, ReviewSpec, Reviewer,
};
use entente_model::{AppId, GroupId, UserId};
use entente_storage::{DecisionField, InstanceField, ReviewField};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{ListOptions, reference};
use super::query::{Collection, Holds, ODataQuery, Property, Schema, Type, counted};
use super::{ApiCaller, ApiJson, date_time, path_id, to_value};
use crate::error::ApiError;
use crate::{AppState, now};

const BASE: &str = "identityGovernance/accessReviews/definitions";

/// The template id of the Global Administrator role, as reviewers name it.
const GLOBAL_ADMIN_TEMPLATE: &str = "62e90394-69f5-4237-9190-012177145e10";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, replace, remove))
        .routes(routes!(stop))
        .routes(routes!(list_instances))
        .routes(routes!(show_instance))
        .routes(routes!(stop_instance))
        .routes(routes!(apply_decisions))
        .routes(routes!(accept_recommendations))
        .routes(routes!(list_decisions))
        .routes(routes!(show_decision, record_decision))
}

reference!(Definitions => DefinitionBody);
reference!(Instances => InstanceBody);
reference!(Decisions => DecisionBody);

const STATUSES: &[&str] = &["NotStarted", "InProgress", "Completed"];
const INSTANCE_STATUSES: &[&str] = &["InProgress", "Completed", "Applying", "Applied"];
const DECISIONS: &[&str] = &["NotReviewed", "Approve", "Deny", "DontKnow"];
const RECOMMENDATIONS: &[&str] = &["Approve", "Deny", "NoInfoAvailable"];

const DEFINITIONS: Schema<ReviewField> = Schema {
    entity: "accessReviewScheduleDefinition",
    resource: "AccessReviewScheduleDefinition",
    properties: &[
        Property::equality("id", Holds::Field(ReviewField::Id, Type::Id)),
        Property::equality(
            "status",
            Holds::Field(ReviewField::Status, Type::Enum(STATUSES)),
        ),
    ],
    selectable: &[
        "id",
        "displayName",
        "descriptionForAdmins",
        "descriptionForReviewers",
        "status",
        "createdDateTime",
        "lastModifiedDateTime",
        "createdBy",
        "scope",
        "reviewers",
        "fallbackReviewers",
        "settings",
    ],
    unkept: &["instanceEnumerationScope", "stageSettings"],
    unkept_lists: &["additionalNotificationRecipients", "backupReviewers"],
};

const INSTANCES: Schema<InstanceField> = Schema {
    entity: "accessReviewInstance",
    resource: "AccessReviewInstance",
    properties: &[
        Property::equality("id", Holds::Field(InstanceField::Id, Type::Id)),
        Property::equality(
            "status",
            Holds::Field(InstanceField::Status, Type::Enum(INSTANCE_STATUSES)),
        ),
    ],
    selectable: &[
        "id",
        "startDateTime",
        "endDateTime",
        "status",
        "scope",
        "reviewers",
        "fallbackReviewers",
    ],
    unkept: &[],
    unkept_lists: &[],
};

const DECISION_ITEMS: Schema<DecisionField> = Schema {
    entity: "accessReviewInstanceDecisionItem",
    resource: "AccessReviewInstanceDecisionItem",
    properties: &[
        Property::equality("id", Holds::Field(DecisionField::Id, Type::Id)),
        Property::equality(
            "decision",
            Holds::Field(DecisionField::Decision, Type::Enum(DECISIONS)),
        ),
        Property::equality(
            "recommendation",
            Holds::Field(DecisionField::Recommendation, Type::Enum(RECOMMENDATIONS)),
        ),
        Property::equality(
            "principal/id",
            Holds::Field(DecisionField::PrincipalId, Type::Id),
        ),
    ],
    selectable: &[
        "id",
        "accessReviewId",
        "decision",
        "justification",
        "recommendation",
        "reviewedBy",
        "reviewedDateTime",
        "appliedBy",
        "appliedDateTime",
        "applyResult",
        "principal",
        "resource",
        "principalLink",
        "resourceLink",
    ],
    unkept: &["insights"],
    unkept_lists: &[],
};

/// Graph's `accessReviewScope` and `accessReviewReviewerScope`: a query string.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(rename_all = "camelCase")]
#[schema(as = AccessReviewQueryScope)]
struct QueryScope {
    #[serde(
        rename = "@odata.type",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    odata_type: Option<String>,
    query: String,
    #[serde(default)]
    query_type: Option<String>,
    #[serde(default)]
    query_root: Option<String>,
}

/// Graph's `patternedRecurrence`: how often, from when, until when.
#[derive(Serialize, Deserialize, ToSchema, Clone, Default)]
#[serde(rename_all = "camelCase")]
#[schema(as = PatternedRecurrence)]
struct RecurrenceBody {
    #[serde(default)]
    pattern: Option<PatternBody>,
    #[serde(default)]
    range: Option<RangeBody>,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(rename_all = "camelCase")]
#[schema(as = RecurrencePattern)]
struct PatternBody {
    /// `weekly` or `absoluteMonthly` (an interval of 3 is quarterly).
    #[serde(rename = "type")]
    kind: String,
    #[serde(default = "one")]
    interval: u32,
}

fn one() -> u32 {
    1
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(rename_all = "camelCase")]
#[schema(as = RecurrenceRange)]
struct RangeBody {
    /// `noEnd`, `endDate` or `numbered`.
    #[serde(rename = "type", default)]
    kind: Option<String>,
    /// A date (`2026-12-07`) or a date and time.
    #[serde(default)]
    start_date: Option<String>,
    #[serde(default)]
    end_date: Option<String>,
    #[serde(default)]
    number_of_occurrences: Option<u32>,
}

/// `@odata.type` of an apply action.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[schema(as = AccessReviewApplyAction)]
struct ApplyActionBody {
    #[serde(rename = "@odata.type")]
    odata_type: String,
}

/// Graph's `accessReviewScheduleSettings`.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(rename_all = "camelCase")]
#[schema(as = AccessReviewScheduleSettings)]
struct SettingsBody {
    #[serde(default = "yes")]
    mail_notifications_enabled: bool,
    #[serde(default = "yes")]
    reminder_notifications_enabled: bool,
    #[serde(default)]
    justification_required_on_approval: bool,
    #[serde(default)]
    default_decision_enabled: bool,
    /// `None`, `Approve`, `Deny` or `Recommendation`.
    #[serde(default)]
    default_decision: Option<String>,
    #[serde(default)]
    instance_duration_in_days: Option<u32>,
    #[serde(default)]
    auto_apply_decisions_enabled: bool,
    #[serde(default = "yes")]
    recommendations_enabled: bool,
    /// An ISO 8601 duration in days (`P30D`).
    #[serde(default)]
    recommendation_look_back_duration: Option<String>,
    #[serde(default)]
    recurrence: Option<RecurrenceBody>,
    #[serde(default)]
    apply_actions: Vec<ApplyActionBody>,
}

fn yes() -> bool {
    true
}

/// What `POST` and `PUT` take.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = AccessReviewScheduleDefinitionInput)]
struct DefinitionInput {
    display_name: String,
    #[serde(default)]
    description_for_admins: Option<String>,
    #[serde(default)]
    description_for_reviewers: Option<String>,
    scope: QueryScope,
    #[serde(default)]
    reviewers: Vec<QueryScope>,
    #[serde(default)]
    fallback_reviewers: Vec<QueryScope>,
    settings: SettingsBody,
}

/// Graph's `userIdentity`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = UserIdentity)]
struct Identity {
    id: String,
    display_name: Option<String>,
    user_principal_name: Option<String>,
}

/// Graph's `accessReviewScheduleDefinition`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = AccessReviewScheduleDefinition)]
struct DefinitionBody {
    #[schema(format = Uuid)]
    id: String,
    display_name: String,
    description_for_admins: String,
    description_for_reviewers: String,
    /// `NotStarted`, `InProgress` or `Completed`.
    status: String,
    created_date_time: Option<String>,
    last_modified_date_time: Option<String>,
    created_by: Option<Identity>,
    scope: QueryScope,
    reviewers: Vec<QueryScope>,
    fallback_reviewers: Vec<QueryScope>,
    settings: SettingsBody,
}

/// Graph's `accessReviewInstance`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = AccessReviewInstance)]
struct InstanceBody {
    #[schema(format = Uuid)]
    id: String,
    start_date_time: Option<String>,
    end_date_time: Option<String>,
    /// `InProgress`, `Completed`, `Applying` or `Applied`.
    status: String,
    scope: QueryScope,
    reviewers: Vec<QueryScope>,
    fallback_reviewers: Vec<QueryScope>,
}

/// The reviewed resource of a decision.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = AccessReviewInstanceDecisionItemResource)]
struct ResourceBody {
    id: String,
    display_name: Option<String>,
    /// `group`, `application` or `tenant`.
    #[serde(rename = "type")]
    kind: &'static str,
}

/// Graph's `accessReviewInstanceDecisionItem`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = AccessReviewInstanceDecisionItem)]
struct DecisionBody {
    #[schema(format = Uuid)]
    id: String,
    /// The instance's id.
    access_review_id: String,
    /// `NotReviewed`, `Approve`, `Deny` or `DontKnow`.
    decision: String,
    justification: Option<String>,
    /// `Approve` (a sign-in within the look-back), `Deny` or `NoInfoAvailable`.
    recommendation: String,
    reviewed_by: Option<Identity>,
    reviewed_date_time: Option<String>,
    applied_by: Option<Identity>,
    applied_date_time: Option<String>,
    /// `New`, `AppliedSuccessfully` or `AppliedSuccessfullyButObjectNotFound`.
    apply_result: String,
    principal: Value,
    resource: Option<ResourceBody>,
    principal_link: String,
    resource_link: Option<String>,
}

/// What a reviewer records (`PATCH`).
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = AccessReviewInstanceDecisionItemUpdate)]
struct DecisionInput {
    /// `Approve`, `Deny` or `DontKnow`.
    decision: String,
    #[serde(default)]
    justification: Option<String>,
}

/// A definition's body, read with its `@odata.type` annotations: an apply action is
/// named by its type alone (`ApiJson` takes annotations off as describing only).
fn definition_input(body: &[u8]) -> Result<DefinitionInput, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        bad(format!(
            "Failed to deserialize the JSON body into the target type: {e}"
        ))
    })
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(message.into())
}

/// A query string's path (without a leading `.` or trailing `/`) and its `$filter`.
fn split_query(query: &str) -> (String, String) {
    let (path, options) = query.split_once('?').unwrap_or((query, ""));
    let path = path.trim().trim_end_matches('/').to_owned();
    let filter = options
        .split('&')
        .filter_map(|o| o.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("$filter"))
        .map(|(_, v)| v.replace("%20", " ").replace('+', " "))
        .unwrap_or_default();
    (path, filter)
}

/// Whether a `$filter` keeps guests only (`userType eq 'Guest'`).
fn guests_filter(filter: &str) -> Result<bool, ApiError> {
    let plain: String = filter
        .chars()
        .filter(|c| !matches!(c, '(' | ')'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    match plain.as_str() {
        "" => Ok(false),
        "usertype eq 'guest'" => Ok(true),
        _ => Err(bad(format!(
            "scope: the only $filter understood is (userType eq 'Guest'), not {filter}"
        ))),
    }
}

fn id_in<T: std::str::FromStr>(segment: &str, what: &str) -> Result<T, ApiError> {
    segment
        .parse()
        .map_err(|_| bad(format!("{what}: {segment} is not an object id")))
}

fn scope_of(body: &QueryScope) -> Result<ReviewScope, ApiError> {
    if let Some(kind) = &body.query_type
        && !kind.eq_ignore_ascii_case("MicrosoftGraph")
    {
        return Err(bad("scope: queryType must be MicrosoftGraph"));
    }
    let (path, filter) = split_query(&body.query);
    let guests = guests_filter(&filter)?;
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["users"] if guests => Ok(ReviewScope::AllGuests),
        ["users"] => Err(bad(
            "scope: a review of users reviews guests: add $filter=(userType eq 'Guest')",
        )),
        ["groups", id, "members" | "transitiveMembers", rest @ ..]
            if rest.is_empty() || rest == ["microsoft.graph.user"] =>
        {
            Ok(ReviewScope::Group {
                id: GroupId(id_in(id, "scope")?),
                guests_only: guests,
            })
        }
        ["servicePrincipals", id, "appRoleAssignedTo"] => Ok(ReviewScope::Application {
            id: AppId(id_in(id, "scope")?),
            guests_only: guests,
        }),
        _ => Err(bad(format!(
            "scope: {} is not a scope Entente reviews (all guests, a group's members, an \
             application's assigned users)",
            body.query
        ))),
    }
}

fn scope_body(scope: &ReviewScope) -> QueryScope {
    const GUESTS: &str = "?$filter=(userType eq 'Guest')";
    let query = match scope {
        ReviewScope::AllGuests => format!("/users{GUESTS}"),
        ReviewScope::Group { id, guests_only } => format!(
            "/groups/{id}/transitiveMembers/microsoft.graph.user/{}",
            if *guests_only { GUESTS } else { "" }
        ),
        ReviewScope::Application { id, guests_only } => format!(
            "/servicePrincipals/{id}/appRoleAssignedTo{}",
            if *guests_only { GUESTS } else { "" }
        ),
    };
    QueryScope {
        odata_type: Some("#microsoft.graph.accessReviewQueryScope".to_owned()),
        query,
        query_type: Some("MicrosoftGraph".to_owned()),
        query_root: None,
    }
}

fn reviewer_of(body: &QueryScope) -> Result<Reviewer, ApiError> {
    let (path, _) = split_query(&body.query);
    if path == "./sponsors" || path == "sponsors" {
        return Ok(Reviewer::Sponsors);
    }
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["users", id] => Ok(Reviewer::User(UserId(id_in(id, "reviewers")?))),
        ["groups", id, "members" | "transitiveMembers", rest @ ..]
            if rest.is_empty() || rest == ["microsoft.graph.user"] =>
        {
            Ok(Reviewer::GroupMembers(GroupId(id_in(id, "reviewers")?)))
        }
        ["groups", id, "owners"] => Ok(Reviewer::GroupOwners(GroupId(id_in(id, "reviewers")?))),
        ["directoryRoles", role, "members"]
            if role.trim_start_matches("roleTemplateId=") == GLOBAL_ADMIN_TEMPLATE =>
        {
            Ok(Reviewer::Administrators)
        }
        _ => Err(bad(format!(
            "reviewers: {} is not a reviewer Entente knows (./sponsors, /users/{{id}}, \
             /groups/{{id}}/owners, /groups/{{id}}/transitiveMembers, \
             /directoryRoles/roleTemplateId={GLOBAL_ADMIN_TEMPLATE}/members)",
            body.query
        ))),
    }
}

fn reviewer_body(reviewer: &Reviewer) -> QueryScope {
    let (query, root) = match reviewer {
        Reviewer::Sponsors => ("./sponsors".to_owned(), Some("decisions".to_owned())),
        Reviewer::User(id) => (format!("/users/{id}"), None),
        Reviewer::GroupMembers(id) => (format!("/groups/{id}/transitiveMembers"), None),
        Reviewer::GroupOwners(id) => (format!("/groups/{id}/owners"), None),
        Reviewer::Administrators => (
            format!("/directoryRoles/roleTemplateId={GLOBAL_ADMIN_TEMPLATE}/members"),
            None,
        ),
    };
    QueryScope {
        odata_type: Some("#microsoft.graph.accessReviewReviewerScope".to_owned()),
        query,
        query_type: Some("MicrosoftGraph".to_owned()),
        query_root: root,
    }
}

/// A `startDate`/`endDate`: a date (00:00 UTC) or a date and time.
fn instant(text: &str, field: &str) -> Result<i64, ApiError> {
    if let Ok(at) = super::parse_date_time(text, field) {
        return Ok(at);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim(), &format)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .map_err(|_| bad(format!("{field}: {text} is not a date")))
}

fn days_of(duration: &str) -> Result<u32, ApiError> {
    duration
        .trim()
        .strip_prefix('P')
        .and_then(|d| d.strip_suffix('D'))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| bad("recommendationLookBackDuration must be days, as P30D"))
}

fn spec_of(input: DefinitionInput, now: i64) -> Result<ReviewSpec, ApiError> {
    let s = input.settings;
    let recurrence = s.recurrence.unwrap_or_default();
    let range = recurrence.range.clone();
    let start_at = match range.as_ref().and_then(|r| r.start_date.as_deref()) {
        Some(text) => instant(text, "settings.recurrence.range.startDate")?,
        None => now,
    };
    let end_at = match range.as_ref().and_then(|r| r.end_date.as_deref()) {
        Some(text) if !text.starts_with("9999") => {
            Some(instant(text, "settings.recurrence.range.endDate")?)
        }
        _ => None,
    };
    let pattern = match recurrence.pattern {
        None => Recurrence::Once,
        Some(p) => match p.kind.as_str() {
            "weekly" => Recurrence::Weekly {
                interval: p.interval,
            },
            "absoluteMonthly" => Recurrence::Monthly {
                interval: p.interval,
            },
            other => {
                return Err(bad(format!(
                    "settings.recurrence.pattern.type: {other} is not weekly or absoluteMonthly"
                )));
            }
        },
    };
    let range_kind = range.as_ref().and_then(|r| r.kind.clone());
    let occurrences = match range_kind.as_deref() {
        Some("numbered") => range
            .as_ref()
            .and_then(|r| r.number_of_occurrences)
            .filter(|n| *n > 0),
        _ => None,
    };
    let duration = match (
        s.instance_duration_in_days.filter(|d| *d > 0),
        pattern,
        end_at,
    ) {
        (Some(days), _, _) => days,
        (None, Recurrence::Once, Some(end)) if end > start_at => {
            u32::try_from((end - start_at + 86_399) / 86_400).unwrap_or(u32::MAX)
        }
        _ => return Err(bad("settings.instanceDurationInDays is required")),
    };
    let default_decision = if s.default_decision_enabled {
        let text = s.default_decision.as_deref().unwrap_or("None");
        DefaultDecision::parse(text)
            .ok_or_else(|| bad(format!("settings.defaultDecision: {text} is not known")))?
    } else {
        DefaultDecision::None
    };
    let apply_action = match s.apply_actions.first().map(|a| a.odata_type.as_str()) {
        None => ApplyAction::RemoveAccess,
        Some(kind) => ApplyAction::parse(kind.trim_start_matches("#microsoft.graph."))
            .ok_or_else(|| bad(format!("settings.applyActions: {kind} is not known")))?,
    };
    let recommendation_days = match s.recommendation_look_back_duration.as_deref() {
        Some(text) => days_of(text)?,
        None => 30,
    };
    let reviewers = input
        .reviewers
        .iter()
        .map(reviewer_of)
        .collect::<Result<Vec<_>, _>>()?;
    let fallback_reviewers = input
        .fallback_reviewers
        .iter()
        .map(reviewer_of)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ReviewSpec {
        display_name: input.display_name,
        description_for_admins: input.description_for_admins.unwrap_or_default(),
        description_for_reviewers: input.description_for_reviewers.unwrap_or_default(),
        scope: scope_of(&input.scope)?,
        reviewers,
        fallback_reviewers,
        settings: ReviewSettings {
            instance_duration_days: duration,
            recurrence: pattern,
            recurrence_end: RecurrenceEnd {
                end_at: if pattern == Recurrence::Once {
                    None
                } else {
                    end_at
                },
                occurrences,
            },
            default_decision,
            auto_apply: s.auto_apply_decisions_enabled,
            apply_action,
            recommendations: s.recommendations_enabled,
            recommendation_days,
            mail_notifications: s.mail_notifications_enabled,
            reminders: s.reminder_notifications_enabled,
            justification_required: s.justification_required_on_approval,
        },
        start_at,
    })
}

fn date(at: i64) -> Option<String> {
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .map(|t| t.date().to_string())
}

fn settings_body(spec: &ReviewSpec) -> SettingsBody {
    let s = &spec.settings;
    let pattern = match s.recurrence {
        Recurrence::Once => None,
        Recurrence::Weekly { interval } => Some(PatternBody {
            kind: "weekly".to_owned(),
            interval,
        }),
        Recurrence::Monthly { interval } => Some(PatternBody {
            kind: "absoluteMonthly".to_owned(),
            interval,
        }),
    };
    let kind = match (s.recurrence_end.occurrences, s.recurrence_end.end_at) {
        (Some(_), _) => "numbered",
        (None, Some(_)) => "endDate",
        (None, None) => "noEnd",
    };
    SettingsBody {
        mail_notifications_enabled: s.mail_notifications,
        reminder_notifications_enabled: s.reminders,
        justification_required_on_approval: s.justification_required,
        default_decision_enabled: s.default_decision != DefaultDecision::None,
        default_decision: Some(s.default_decision.as_str().to_owned()),
        instance_duration_in_days: Some(s.instance_duration_days),
        auto_apply_decisions_enabled: s.auto_apply,
        recommendations_enabled: s.recommendations,
        recommendation_look_back_duration: Some(format!("P{}D", s.recommendation_days)),
        recurrence: Some(RecurrenceBody {
            pattern,
            range: Some(RangeBody {
                kind: Some(kind.to_owned()),
                start_date: date(spec.start_at),
                end_date: s.recurrence_end.end_at.and_then(date),
                number_of_occurrences: Some(s.recurrence_end.occurrences.unwrap_or(0)),
            }),
        }),
        apply_actions: vec![ApplyActionBody {
            odata_type: format!("#microsoft.graph.{}", s.apply_action.as_str()),
        }],
    }
}

fn definition_body(review: &ReviewDefinition) -> DefinitionBody {
    let spec = &review.spec;
    DefinitionBody {
        id: review.id.to_string(),
        display_name: spec.display_name.clone(),
        description_for_admins: spec.description_for_admins.clone(),
        description_for_reviewers: spec.description_for_reviewers.clone(),
        status: review.status.as_str().to_owned(),
        created_date_time: date_time(review.created_at),
        last_modified_date_time: date_time(review.updated_at),
        created_by: review.created_by.map(|id| Identity {
            id: id.to_string(),
            display_name: None,
            user_principal_name: None,
        }),
        scope: scope_body(&spec.scope),
        reviewers: spec.reviewers.iter().map(reviewer_body).collect(),
        fallback_reviewers: spec.fallback_reviewers.iter().map(reviewer_body).collect(),
        settings: settings_body(spec),
    }
}

fn instance_body(instance: &ReviewInstance, review: &ReviewDefinition) -> InstanceBody {
    InstanceBody {
        id: instance.id.to_string(),
        start_date_time: date_time(instance.start_at),
        end_date_time: date_time(instance.end_at),
        status: instance.status.as_str().to_owned(),
        scope: scope_body(&review.spec.scope),
        reviewers: review.spec.reviewers.iter().map(reviewer_body).collect(),
        fallback_reviewers: review
            .spec
            .fallback_reviewers
            .iter()
            .map(reviewer_body)
            .collect(),
    }
}

fn decision_body(state: &AppState, d: &ReviewDecision, scope: &ReviewScope) -> DecisionBody {
    let base = &state.services.settings.public_base_url;
    let reviewed_by = match (d.reviewed_by, d.reviewed_at, d.decision) {
        (Some(id), _, _) => Some(Identity {
            id: id.to_string(),
            display_name: d.reviewed_by_name.clone(),
            user_principal_name: None,
        }),
        (None, Some(_), decision) if decision != Decision::NotReviewed => Some(Identity {
            id: uuid::Uuid::nil().to_string(),
            display_name: Some(reviews::DEFAULT_DECIDER.to_owned()),
            user_principal_name: None,
        }),
        _ => None,
    };
    let kind = match scope {
        ReviewScope::AllGuests => "tenant",
        ReviewScope::Group { .. } => "group",
        ReviewScope::Application { .. } => "application",
    };
    let resource_link = d.resource_id.map(|id| match scope {
        ReviewScope::Group { .. } => format!("{base}/v1.0/groups/{id}"),
        _ => format!("{base}/v1.0/servicePrincipals/{id}"),
    });
    DecisionBody {
        id: d.id.to_string(),
        access_review_id: d.instance_id.to_string(),
        decision: d.decision.as_str().to_owned(),
        justification: d.justification.clone(),
        recommendation: d.recommendation.as_str().to_owned(),
        reviewed_by,
        reviewed_date_time: d.reviewed_at.and_then(date_time),
        applied_by: d.applied_at.map(|_| Identity {
            id: uuid::Uuid::nil().to_string(),
            display_name: Some(reviews::DEFAULT_DECIDER.to_owned()),
            user_principal_name: None,
        }),
        applied_date_time: d.applied_at.and_then(date_time),
        apply_result: d.apply_result.clone().unwrap_or_else(|| "New".to_owned()),
        principal: json!({
            "@odata.type": "#microsoft.graph.userIdentity",
            "id": d.principal_id.to_string(),
            "displayName": d.principal_name,
            "userPrincipalName": d.principal_upn,
        }),
        resource: d.resource_id.map(|id| ResourceBody {
            id: id.to_string(),
            display_name: d.resource_name.clone(),
            kind,
        }),
        principal_link: format!("{base}/v1.0/users/{}", d.principal_id),
        resource_link,
    }
}

/// List access review definitions
#[utoipa::path(get, path = "/v1.0/identityGovernance/accessReviews/definitions",
    operation_id = "accessReviews_listDefinitions", tag = "identityGovernance", params(ListOptions),
    responses((status = 200, description = "A page of definitions.", body = Collection<Definitions>)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.review_reader()?;
    let listing = query.listing(&DEFINITIONS, false)?;
    let selection = query.selection(&DEFINITIONS)?;
    let found = reviews::definitions(&state.services, access, &listing).await?;
    let items = found
        .items
        .iter()
        .map(|r| to_value(definition_body(r)))
        .collect();
    Ok(counted(
        &state,
        Some(&query),
        BASE,
        Some(&selection),
        items,
        found.skip_token,
        found.count,
    ))
}

/// Create an access review definition
///
/// Its first instance starts at `settings.recurrence.range.startDate` (now when it
/// is past or missing) and comes back by the recurrence's pattern.
#[utoipa::path(post, path = "/v1.0/identityGovernance/accessReviews/definitions",
    operation_id = "accessReviews_createDefinition", tag = "identityGovernance",
    request_body = DefinitionInput,
    responses((status = 201, description = "The definition made.", body = DefinitionBody)))]
async fn create(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<DefinitionBody>), ApiError> {
    let admin = caller.review_admin()?;
    let spec = spec_of(definition_input(&body)?, now())?;
    let made = reviews::create(&state.services, &admin, spec, now()).await?;
    Ok((StatusCode::CREATED, Json(definition_body(&made))))
}

/// Get an access review definition
#[utoipa::path(get, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}",
    operation_id = "accessReviews_getDefinition", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id.")),
    responses((status = 200, description = "The definition.", body = DefinitionBody)))]
async fn show(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.review_reader()?;
    let selection = query.selection(&DEFINITIONS)?;
    let review = reviews::definition(&state.services, access, path_id(&id)?).await?;
    Ok(Json(selection.project(to_value(definition_body(&review)))))
}

/// Replace an access review definition
///
/// Everything but the scope may change; instances already started keep their
/// decisions.
#[utoipa::path(put, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}",
    operation_id = "accessReviews_replaceDefinition", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id.")),
    request_body = DefinitionInput, responses((status = 204, description = "Replaced.")))]
async fn replace(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<StatusCode, ApiError> {
    let admin = caller.review_admin()?;
    let spec = spec_of(definition_input(&body)?, now())?;
    reviews::update(&state.services, &admin, path_id(&id)?, spec, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete an access review definition
#[utoipa::path(delete, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}",
    operation_id = "accessReviews_deleteDefinition", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id.")),
    responses((status = 204, description = "Deleted.")))]
async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.review_admin()?;
    reviews::delete(&state.services, &admin, path_id(&id)?, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop an access review definition
///
/// No more instances start; the one in progress ends now.
#[utoipa::path(post, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}/stop",
    operation_id = "accessReviews_stopDefinition", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id.")),
    responses((status = 204, description = "Stopped.")))]
async fn stop(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.review_admin()?;
    reviews::stop_definition(&state.services, &admin, path_id(&id)?, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// List the instances of an access review
#[utoipa::path(get, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}/instances",
    operation_id = "accessReviews_listInstances", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id."), ListOptions),
    responses((status = 200, description = "A page of instances.", body = Collection<Instances>)))]
async fn list_instances(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.review_reader()?;
    let id = path_id(&id)?;
    let listing = query.listing(&INSTANCES, false)?;
    let selection = query.selection(&INSTANCES)?;
    let review = reviews::definition(&state.services, access, id).await?;
    let found = reviews::instances(&state.services, access, id, &listing).await?;
    let items = found
        .items
        .iter()
        .map(|i| to_value(instance_body(i, &review)))
        .collect();
    Ok(counted(
        &state,
        Some(&query),
        &format!("{BASE}('{id}')/instances"),
        Some(&selection),
        items,
        found.skip_token,
        found.count,
    ))
}

/// Get an instance of an access review
#[utoipa::path(get, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}/instances/{instance}",
    operation_id = "accessReviews_getInstance", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id."),
        ("instance" = String, Path, description = "The instance's id.")),
    responses((status = 200, description = "The instance.", body = InstanceBody)))]
async fn show_instance(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, instance)): Path<(String, String)>,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.review_reader()?;
    let selection = query.selection(&INSTANCES)?;
    let id = path_id(&id)?;
    let review = reviews::definition(&state.services, access, id).await?;
    let (found, _) = reviews::instance(&state.services, access, id, path_id(&instance)?).await?;
    Ok(Json(
        selection.project(to_value(instance_body(&found, &review))),
    ))
}

/// Stop an instance
///
/// It ends now: no more decisions, the default decision for the rest, and the
/// apply when the definition applies by itself.
#[utoipa::path(post, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}/instances/{instance}/stop",
    operation_id = "accessReviews_stopInstance", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id."),
        ("instance" = String, Path, description = "The instance's id.")),
    responses((status = 204, description = "Stopped.")))]
async fn stop_instance(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, instance)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.review_admin()?;
    reviews::stop_instance(
        &state.services,
        &admin,
        path_id(&id)?,
        path_id(&instance)?,
        now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Apply the decisions of an instance
///
/// For a definition that does not apply by itself: removes what was denied.
#[utoipa::path(post, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}/instances/{instance}/applyDecisions",
    operation_id = "accessReviews_applyDecisions", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id."),
        ("instance" = String, Path, description = "The instance's id.")),
    responses((status = 204, description = "Applied.")))]
async fn apply_decisions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, instance)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.review_admin()?;
    reviews::apply_instance(
        &state.services,
        &admin,
        path_id(&id)?,
        path_id(&instance)?,
        now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accept the recommendations
///
/// The signed-in reviewer's undecided decisions take their recommendation.
#[utoipa::path(post, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}/instances/{instance}/acceptRecommendations",
    operation_id = "accessReviews_acceptRecommendations", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id."),
        ("instance" = String, Path, description = "The instance's id.")),
    responses((status = 204, description = "Accepted.")))]
async fn accept_recommendations(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, instance)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let Some(own) = caller.own_account() else {
        return Err(bad(
            "acceptRecommendations is a reviewer's: call it as a signed-in user",
        ));
    };
    let _: entente_model::reviews::ReviewId = path_id(&id)?;
    reviews::accept_recommendations(
        &state.services,
        own.tenant,
        own.user,
        path_id(&instance)?,
        now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who reads decisions: a reader of reviews sees all, a signed-in reviewer its own
/// (Graph's `filterByCurrentUser(on='reviewer')`).
fn reader(caller: &entente_domain::access::Caller) -> Result<DecisionReader, ApiError> {
    match (caller.review_reader(), caller.own_account()) {
        (Ok(access), _) => Ok(DecisionReader::All(access)),
        (Err(_), Some(own)) => Ok(DecisionReader::Own {
            tenant: own.tenant,
            user: own.user,
        }),
        (Err(e), None) => Err(e.into()),
    }
}

/// List the decisions of an instance
///
/// Every decision for a reader of the tenant's reviews; a signed-in reviewer
/// without that permission sees its own.
#[utoipa::path(get, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}/instances/{instance}/decisions",
    operation_id = "accessReviews_listDecisions", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id."),
        ("instance" = String, Path, description = "The instance's id."), ListOptions),
    responses((status = 200, description = "A page of decisions.", body = Collection<Decisions>)))]
async fn list_decisions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, instance)): Path<(String, String)>,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let who = reader(&caller)?;
    let review_id = path_id(&id)?;
    let instance_id = path_id(&instance)?;
    let listing = query.listing(&DECISION_ITEMS, false)?;
    let selection = query.selection(&DECISION_ITEMS)?;
    let found = reviews::decisions(
        &state.services,
        &who,
        Some(review_id),
        instance_id,
        &listing,
    )
    .await?;
    let scope = reviews::scope_of(&state.services, who_tenant(&who), review_id).await?;
    let items = found
        .items
        .iter()
        .map(|d| to_value(decision_body(&state, d, &scope)))
        .collect();
    Ok(counted(
        &state,
        Some(&query),
        &format!("{BASE}('{id}')/instances('{instance}')/decisions"),
        Some(&selection),
        items,
        found.skip_token,
        found.count,
    ))
}

fn who_tenant(who: &DecisionReader) -> entente_model::TenantId {
    match who {
        DecisionReader::All(access) => access.tenant,
        DecisionReader::Own { tenant, .. } => *tenant,
    }
}

/// Get a decision
#[utoipa::path(get, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}/instances/{instance}/decisions/{decision}",
    operation_id = "accessReviews_getDecision", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id."),
        ("instance" = String, Path, description = "The instance's id."),
        ("decision" = String, Path, description = "The decision's id.")),
    responses((status = 200, description = "The decision.", body = DecisionBody)))]
async fn show_decision(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, instance, decision)): Path<(String, String, String)>,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let who = reader(&caller)?;
    let selection = query.selection(&DECISION_ITEMS)?;
    let review_id = path_id(&id)?;
    let found = reviews::decision(
        &state.services,
        &who,
        Some(review_id),
        path_id(&instance)?,
        path_id(&decision)?,
    )
    .await?;
    let scope = reviews::scope_of(&state.services, who_tenant(&who), review_id).await?;
    Ok(Json(
        selection.project(to_value(decision_body(&state, &found, &scope))),
    ))
}

/// Record a decision
///
/// A reviewer records its own decisions (an administrator any) while the instance
/// is in progress: `Approve`, `Deny` or `DontKnow`, with a justification.
#[utoipa::path(patch, path = "/v1.0/identityGovernance/accessReviews/definitions/{id}/instances/{instance}/decisions/{decision}",
    operation_id = "accessReviews_recordDecision", tag = "identityGovernance",
    params(("id" = String, Path, description = "The definition's id."),
        ("instance" = String, Path, description = "The instance's id."),
        ("decision" = String, Path, description = "The decision's id.")),
    request_body = DecisionInput, responses((status = 204, description = "Recorded.")))]
async fn record_decision(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, instance, decision)): Path<(String, String, String)>,
    ApiJson(body): ApiJson<DecisionInput>,
) -> Result<StatusCode, ApiError> {
    let who = match (caller.review_admin(), caller.own_account()) {
        (Ok(admin), _) => Decider::Admin(admin),
        (Err(_), Some(own)) => Decider::Reviewer {
            tenant: own.tenant,
            user: own.user,
        },
        (Err(e), None) => return Err(e.into()),
    };
    let value = Decision::parse(&body.decision)
        .ok_or_else(|| bad("decision must be Approve, Deny or DontKnow"))?;
    let at = reviews::DecisionRef {
        review: Some(path_id(&id)?),
        instance: path_id(&instance)?,
        id: path_id(&decision)?,
    };
    reviews::decide(&state.services, &who, at, value, body.justification, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(query: &str) -> Result<ReviewScope, ApiError> {
        scope_of(&QueryScope {
            odata_type: None,
            query: query.to_owned(),
            query_type: Some("MicrosoftGraph".to_owned()),
            query_root: None,
        })
    }

    #[test]
    fn graph_scopes_read_as_what_they_review() {
        let group = uuid::Uuid::new_v4();
        assert_eq!(
            scope(&format!(
                "/groups/{group}/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')"
            ))
            .ok(),
            Some(ReviewScope::Group {
                id: GroupId(group),
                guests_only: true
            })
        );
        assert_eq!(
            scope(&format!("/groups/{group}/members")).ok(),
            Some(ReviewScope::Group {
                id: GroupId(group),
                guests_only: false
            })
        );
        assert_eq!(
            scope("/users?$filter=(userType eq 'Guest')").ok(),
            Some(ReviewScope::AllGuests)
        );
        assert!(
            scope("/users").is_err(),
            "members are not reviewed wholesale"
        );
        assert!(scope("/users?$filter=(department eq 'x')").is_err());
        assert!(
            scope(&format!("/groups/{group}/owners")).is_err(),
            "owners review nothing"
        );
        // Each scope reads back as the query it writes.
        for s in [
            ReviewScope::AllGuests,
            ReviewScope::Group {
                id: GroupId(group),
                guests_only: true,
            },
            ReviewScope::Application {
                id: AppId(group),
                guests_only: false,
            },
        ] {
            assert_eq!(scope(&scope_body(&s).query).ok(), Some(s));
        }
    }

    #[test]
    fn a_definition_body_as_graph_sends_it_parses() {
        let group = uuid::Uuid::new_v4();
        let body = json!({
            "displayName": "Review",
            "scope": { "@odata.type": "#microsoft.graph.accessReviewQueryScope",
                "query": format!("/groups/{group}/transitiveMembers"), "queryType": "MicrosoftGraph" },
            "reviewers": [{ "query": "./sponsors", "queryType": "MicrosoftGraph", "queryRoot": "decisions" },
                { "query": "/directoryRoles/roleTemplateId=62e90394-69f5-4237-9190-012177145e10/members" }],
            "settings": { "instanceDurationInDays": 3,
                "recurrence": { "pattern": { "type": "weekly", "interval": 2 },
                    "range": { "type": "endDate", "startDate": "2026-12-07", "endDate": "2027-06-30" } },
                "applyActions": [{ "@odata.type": "#microsoft.graph.removeAccessApplyAction" }] }
        });
        let input: DefinitionInput = serde_json::from_value(body).expect("parses");
        let spec = spec_of(input, 0).expect("a spec");
        assert_eq!(
            spec.reviewers,
            [Reviewer::Sponsors, Reviewer::Administrators]
        );
        assert_eq!(spec.settings.recurrence, Recurrence::Weekly { interval: 2 });
        assert_eq!(spec.settings.instance_duration_days, 3);
        assert_eq!(spec.start_at, 1_796_601_600);
        assert!(spec.settings.recurrence_end.end_at.is_some());
        // A scope without its type parses too.
        let bare = json!({ "displayName": "x", "scope": { "query": "/users?$filter=(userType eq 'Guest')" },
            "settings": { "instanceDurationInDays": 1 } });
        let input: DefinitionInput = serde_json::from_value(bare).expect("parses");
        assert_eq!(
            spec_of(input, 0).expect("a spec").scope,
            ReviewScope::AllGuests
        );
    }
}
