//! Access reviews (issue 22 part 4, decision 0016): a definition says whose access is
//! reviewed, by whom, when and how often, and what happens to what reviewers deny;
//! each occurrence is an instance with one decision per person reviewed.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{AppId, GroupId, TenantId, UnixTime, UserId};

uuid_id!(
    /// An access review's definition (Graph's `accessReviewScheduleDefinition`).
    ReviewId
);
uuid_id!(
    /// One occurrence of an access review (Graph's `accessReviewInstance`).
    ReviewInstanceId
);
uuid_id!(
    /// One person's decision in an instance (Graph's
    /// `accessReviewInstanceDecisionItem`).
    ReviewDecisionId
);

/// Whose access a review asks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ReviewScope {
    /// Every guest of the tenant; to "remove access" is to block the guest.
    AllGuests,
    /// The members of a group (guests only, or everyone); to remove access is to
    /// remove the membership.
    Group { id: GroupId, guests_only: bool },
    /// The users assigned to an application directly (guests only, or everyone); to
    /// remove access is to remove their assignments to it.
    Application { id: AppId, guests_only: bool },
}

/// Who decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
pub enum Reviewer {
    /// Each person's own sponsors (the enabled users, and the members of sponsor
    /// groups).
    Sponsors,
    /// A named user.
    User(UserId),
    /// The enabled members of a group.
    GroupMembers(GroupId),
    /// The enabled owners of a group.
    GroupOwners(GroupId),
    /// The tenant's Global Administrators.
    Administrators,
}

wire_enum!(
    /// A reviewer's (or the default) decision about one person.
    Decision {
        NotReviewed => "NotReviewed",
        Approve => "Approve",
        Deny => "Deny",
        DontKnow => "DontKnow",
    }
);

wire_enum!(
    /// What the sign-in activity suggests.
    Recommendation {
        Approve => "Approve",
        Deny => "Deny",
        NoInfoAvailable => "NoInfoAvailable",
    }
);

wire_enum!(
    /// What an unanswered decision becomes when the instance ends.
    DefaultDecision {
        None => "None",
        Approve => "Approve",
        Deny => "Deny",
        Recommendation => "Recommendation",
    }
);

wire_enum!(
    /// What applying a denial does: remove the membership or assignment (for all
    /// guests: block the guest), or block the user at once and move it to deleted
    /// items after the tenant's grace (`expiredGuestGraceInDays`).
    ApplyAction {
        RemoveAccess => "removeAccessApplyAction",
        DisableAndDelete => "disableAndDeleteUserApplyAction",
    }
);

wire_enum!(
    /// Where an instance stands, as Graph names it.
    InstanceStatus {
        InProgress => "InProgress",
        Completed => "Completed",
        Applying => "Applying",
        Applied => "Applied",
    }
);

wire_enum!(
    /// Where a definition stands, as Graph names it.
    ReviewStatus {
        NotStarted => "NotStarted",
        InProgress => "InProgress",
        Completed => "Completed",
    }
);

/// How often a review comes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Recurrence {
    /// One instance only.
    Once,
    /// Every `interval` weeks.
    Weekly { interval: u32 },
    /// Every `interval` months (3: quarterly), on the start's day of the month (or
    /// the month's last day when it is shorter).
    Monthly { interval: u32 },
}

/// When recurring instances stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct RecurrenceEnd {
    /// No instance starts after this time.
    pub end_at: Option<UnixTime>,
    /// No more than this many instances start.
    pub occurrences: Option<u32>,
}

/// What a definition says about its instances.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewSettings {
    pub instance_duration_days: u32,
    pub recurrence: Recurrence,
    #[serde(default)]
    pub recurrence_end: RecurrenceEnd,
    /// What unanswered decisions become at the end.
    pub default_decision: DefaultDecision,
    /// Apply the decisions when an instance ends (else an administrator applies).
    pub auto_apply: bool,
    pub apply_action: ApplyAction,
    /// Recommend from sign-in activity.
    pub recommendations: bool,
    /// No sign-in within this many days: deny recommended.
    pub recommendation_days: u32,
    /// Email the reviewers when an instance starts.
    pub mail_notifications: bool,
    /// Remind the reviewers with decisions still open halfway.
    pub reminders: bool,
    /// An approval needs a justification.
    pub justification_required: bool,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            instance_duration_days: 14,
            recurrence: Recurrence::Once,
            recurrence_end: RecurrenceEnd::default(),
            default_decision: DefaultDecision::None,
            auto_apply: false,
            apply_action: ApplyAction::RemoveAccess,
            recommendations: true,
            recommendation_days: 30,
            mail_notifications: true,
            reminders: true,
            justification_required: false,
        }
    }
}

/// What an administrator writes: everything of a definition but its bookkeeping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewSpec {
    pub display_name: String,
    #[serde(default)]
    pub description_for_admins: String,
    #[serde(default)]
    pub description_for_reviewers: String,
    pub scope: ReviewScope,
    pub reviewers: Vec<Reviewer>,
    /// Who decides about a person none of `reviewers` resolves to (the
    /// administrators when this is empty too).
    #[serde(default)]
    pub fallback_reviewers: Vec<Reviewer>,
    pub settings: ReviewSettings,
    /// When the first instance starts.
    pub start_at: UnixTime,
}

/// A definition as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewDefinition {
    pub id: ReviewId,
    pub tenant_id: TenantId,
    pub spec: ReviewSpec,
    pub status: ReviewStatus,
    /// When the next instance starts; `None`: no more.
    pub next_start_at: Option<UnixTime>,
    /// How many instances have started.
    pub occurrences: u32,
    pub created_by: Option<UserId>,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
}

/// An instance as stored, with how far its reviewers have got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewInstance {
    pub id: ReviewInstanceId,
    pub tenant_id: TenantId,
    pub review_id: ReviewId,
    pub start_at: UnixTime,
    pub end_at: UnixTime,
    pub status: InstanceStatus,
}

/// A person reviewed, and what was decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewDecision {
    pub id: ReviewDecisionId,
    pub instance_id: ReviewInstanceId,
    pub principal_id: UserId,
    pub principal_name: String,
    pub principal_upn: String,
    /// The group or application reviewed (none for all guests).
    pub resource_id: Option<Uuid>,
    pub resource_name: Option<String>,
    pub recommendation: Recommendation,
    /// The person's last sign-in (interactive or not) when the instance started.
    pub last_sign_in_at: Option<UnixTime>,
    pub decision: Decision,
    pub justification: Option<String>,
    /// Who decided; `None` with a decision: the default decision at the end.
    pub reviewed_by: Option<UserId>,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<UnixTime>,
    pub applied_at: Option<UnixTime>,
    /// Graph's `applyResult`: `New`, `AppliedSuccessfully`,
    /// `AppliedSuccessfullyButObjectNotFound`.
    pub apply_result: Option<String>,
}
