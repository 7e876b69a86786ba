//! The one field of a request that broke a rule, for [`DomainError::Field`]: the
//! field by its API name and the rule, so that a form can say the problem beside its
//! input in the reader's language, while the API answers with the same English
//! message as for any other invalid request.

use crate::DomainError;

/// A field of a request and the rule it broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// The field's name in the API (`displayName`, `redirectUris`, ...).
    pub field: &'static str,
    pub rule: Rule,
}

/// What was wrong with a field's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Required, and blank.
    Empty,
    /// `length` characters where at most `max` fit.
    TooLong {
        length: usize,
        max: usize,
    },
    /// Not an email address.
    NotAnAddress,
    /// A member's principal name outside the tenant's verified domains.
    OutsideDomains,
    PasswordTooShort,
    PasswordTooLong,
    /// Not an absolute http(s) web address.
    NotWebAddress,
    /// An address that must use https (a reply address may use http on loopback only).
    NotHttps,
    /// A reply address with a fragment (`#...`), which OAuth forbids.
    Fragment,
    /// Not a colour written `#rrggbb`.
    NotColour,
    /// `entry` (as given) is not a domain name.
    NotDomain {
        entry: String,
    },
    /// `entry` is in the allowed and in the blocked list.
    AllowedAndBlocked {
        entry: String,
    },
    /// A whole number outside `min..=max`, or no number.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// The organization itself, where another one is meant (a cross-tenant access
    /// partner).
    OwnOrganization,
    /// `entry` (an id or a domain) names no tenant of this deployment and none of the
    /// tenant's federation configurations.
    UnknownPartner {
        entry: String,
    },
    /// A cross-tenant access list with no entry or more than `max`.
    TooManyTargets {
        max: usize,
    },
    /// `entry` of a users-and-groups list is neither AllUsers nor an object id.
    NotUserOrGroup {
        entry: String,
    },
    /// A partner through a federation configuration, whose people are not known
    /// here: only all of them can be allowed or blocked.
    OnlyAllUsers,
    /// `entry` is not the client id of an application this tenant has.
    NotApplicationHere {
        entry: String,
    },
    /// The redemption order does not name each of the three ways once.
    RedemptionOrder,
}

impl Fault {
    /// The refusal of `field` for `rule`, with `message` for the API.
    pub fn error(field: &'static str, rule: Rule, message: impl Into<String>) -> DomainError {
        DomainError::Field {
            fault: Fault { field, rule },
            message: message.into(),
        }
    }
}

/// `error` about `field` instead, when it is about one field: for a rule shared by
/// fields of different names (a domain name is a domain's `id` and one of a partner's
/// `domains`).
pub fn about(field: &'static str) -> impl FnOnce(DomainError) -> DomainError {
    move |error| match error {
        DomainError::Field { fault, message } => DomainError::Field {
            fault: Fault { field, ..fault },
            message,
        },
        other => other,
    }
}
