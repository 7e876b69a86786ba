//! A tenant's external collaboration policy (who may invite, which domains, how long
//! a link lives, guests' second factor) and its branding (logo and colour of the
//! invitation email and pages): reading and changing them, tenant admins only.
//!
//! Each change is validated whole, written in its own transaction with an audit
//! entry, and then dropped from the cache so every node reads the new values.

use entente_model::{Branding, CollaborationPolicy, Tenant, UnixTime};
use serde_json::json;

use crate::access::TenantAdmin;
use crate::fields::{Fault, Rule};
use crate::{DomainError, Services};

/// The longest a redemption link may live, in days.
pub const MAX_INVITATION_LIFETIME_DAYS: u32 = 365;

/// A change to the collaboration policy: absent fields stay as they are; a list
/// given replaces the list.
#[derive(Clone, Debug, Default)]
pub struct CollaborationPatch {
    pub members_can_invite: Option<bool>,
    pub allow_consumer_domains: Option<bool>,
    pub allowed_domains: Option<Vec<String>>,
    pub blocked_domains: Option<Vec<String>>,
    pub invitation_lifetime_days: Option<u32>,
    pub guest_mfa_required: Option<bool>,
    pub trust_home_mfa: Option<bool>,
    /// `Some(None)` clears it: guests' access does not end by itself.
    pub guest_lifetime_days: Option<Option<u32>>,
    pub expiry_reminder_days: Option<u32>,
    pub expired_guest_grace_days: Option<u32>,
    pub inactive_guest_policy: Option<bool>,
    pub inactive_guest_days: Option<u32>,
    pub inactive_guest_block_days: Option<u32>,
}

/// The fewest days without a sign-in that make a guest inactive.
pub const MIN_INACTIVE_GUEST_DAYS: u32 = 7;
/// The longest wait between telling the sponsors and blocking, in days.
pub const MAX_INACTIVE_GUEST_BLOCK_DAYS: u32 = 365;

/// The longest guest lifetime, in days (ten years).
pub const MAX_GUEST_LIFETIME_DAYS: u32 = 3_650;
/// The earliest reminder before a guest's access ends, in days.
pub const MAX_EXPIRY_REMINDER_DAYS: u32 = 90;
/// The longest grace between a guest's end and its deletion, in days.
pub const MAX_EXPIRED_GUEST_GRACE_DAYS: u32 = 365;

/// The refusal of a number of days outside `min..=max` for `field`.
pub fn days_out_of_range(field: &'static str, min: u32, max: u32) -> DomainError {
    Fault::error(
        field,
        Rule::OutOfRange {
            min: i64::from(min),
            max: i64::from(max),
        },
        format!("{field} must be between {min} and {max}"),
    )
}

/// A change to the branding: `None` keeps a field, `Some(None)` clears it.
#[derive(Clone, Debug, Default)]
pub struct BrandingPatch {
    pub logo_url: Option<Option<String>>,
    pub brand_color: Option<Option<String>>,
}

/// The tenant's collaboration policy.
pub async fn collaboration_policy(
    services: &Services,
    admin: &TenantAdmin,
) -> Result<CollaborationPolicy, DomainError> {
    Ok(tenant(services, admin).await?.collaboration)
}

/// Changes the collaboration policy; answers the policy now in force.
pub async fn update_collaboration_policy(
    services: &Services,
    admin: &TenantAdmin,
    patch: CollaborationPatch,
    now: UnixTime,
) -> Result<CollaborationPolicy, DomainError> {
    let mut tx = services.store.write().await?;
    let tenant = tx
        .db()
        .tenant_for_update(admin.tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    let policy = patched_policy(tenant.collaboration, patch)?;
    tx.db()
        .set_tenant_collaboration(admin.tenant, &policy, &tenant.branding)
        .await?;
    tx.db()
        .append_audit(
            admin.tenant,
            now,
            &admin.actor,
            "Update external collaboration policy",
            "Tenant",
            Some(&admin.tenant.to_string()),
            &serde_json::to_value(&policy).unwrap_or_default(),
        )
        .await?;
    tx.commit().await?;
    services.cache.forget_tenant(admin.tenant);
    Ok(policy)
}

/// The tenant's branding.
pub async fn branding(services: &Services, admin: &TenantAdmin) -> Result<Branding, DomainError> {
    Ok(tenant(services, admin).await?.branding)
}

/// Changes the branding; answers the branding now in force.
pub async fn update_branding(
    services: &Services,
    admin: &TenantAdmin,
    patch: BrandingPatch,
    now: UnixTime,
) -> Result<Branding, DomainError> {
    let mut tx = services.store.write().await?;
    let tenant = tx
        .db()
        .tenant_for_update(admin.tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    let branding = patched_branding(tenant.branding, patch)?;
    tx.db()
        .set_tenant_collaboration(admin.tenant, &tenant.collaboration, &branding)
        .await?;
    tx.db()
        .append_audit(
            admin.tenant,
            now,
            &admin.actor,
            "Update organization branding",
            "Tenant",
            Some(&admin.tenant.to_string()),
            &json!({ "logoUrl": branding.logo_url, "brandColor": branding.brand_color }),
        )
        .await?;
    tx.commit().await?;
    services.cache.forget_tenant(admin.tenant);
    Ok(branding)
}

async fn tenant(services: &Services, admin: &TenantAdmin) -> Result<Tenant, DomainError> {
    let mut conn = services.store.read().await?;
    conn.db()
        .tenant_by_id(admin.tenant)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Applies a patch and checks the result: a lifetime in range, domain names that are
/// domain names (stored lower-cased, without duplicates), and no domain both allowed
/// and blocked.
fn patched_policy(
    mut policy: CollaborationPolicy,
    patch: CollaborationPatch,
) -> Result<CollaborationPolicy, DomainError> {
    if let Some(value) = patch.members_can_invite {
        policy.members_can_invite = value;
    }
    if let Some(value) = patch.allow_consumer_domains {
        policy.allow_consumer_domains = value;
    }
    if let Some(list) = patch.allowed_domains {
        policy.allowed_domains = domain_list(list, "allowedDomains")?;
    }
    if let Some(list) = patch.blocked_domains {
        policy.blocked_domains = domain_list(list, "blockedDomains")?;
    }
    if let Some(days) = patch.invitation_lifetime_days {
        if !(1..=MAX_INVITATION_LIFETIME_DAYS).contains(&days) {
            return Err(lifetime_out_of_range());
        }
        policy.invitation_lifetime_days = days;
    }
    if let Some(value) = patch.guest_mfa_required {
        policy.guest_mfa_required = value;
    }
    if let Some(value) = patch.trust_home_mfa {
        policy.trust_home_mfa = value;
    }
    if let Some(days) = patch.guest_lifetime_days {
        if days.is_some_and(|d| !(1..=MAX_GUEST_LIFETIME_DAYS).contains(&d)) {
            return Err(days_out_of_range(
                "guestLifetimeInDays",
                1,
                MAX_GUEST_LIFETIME_DAYS,
            ));
        }
        policy.guest_lifetime_days = days;
    }
    if let Some(days) = patch.expiry_reminder_days {
        if days > MAX_EXPIRY_REMINDER_DAYS {
            return Err(days_out_of_range(
                "expiryReminderInDays",
                0,
                MAX_EXPIRY_REMINDER_DAYS,
            ));
        }
        policy.expiry_reminder_days = days;
    }
    if let Some(days) = patch.expired_guest_grace_days {
        if days > MAX_EXPIRED_GUEST_GRACE_DAYS {
            return Err(days_out_of_range(
                "expiredGuestGraceInDays",
                0,
                MAX_EXPIRED_GUEST_GRACE_DAYS,
            ));
        }
        policy.expired_guest_grace_days = days;
    }
    if let Some(value) = patch.inactive_guest_policy {
        policy.inactive_guest_policy = value;
    }
    if let Some(days) = patch.inactive_guest_days {
        if !(MIN_INACTIVE_GUEST_DAYS..=MAX_GUEST_LIFETIME_DAYS).contains(&days) {
            return Err(days_out_of_range(
                "inactiveGuestDays",
                MIN_INACTIVE_GUEST_DAYS,
                MAX_GUEST_LIFETIME_DAYS,
            ));
        }
        policy.inactive_guest_days = days;
    }
    if let Some(days) = patch.inactive_guest_block_days {
        if !(1..=MAX_INACTIVE_GUEST_BLOCK_DAYS).contains(&days) {
            return Err(days_out_of_range(
                "inactiveGuestBlockAfterDays",
                1,
                MAX_INACTIVE_GUEST_BLOCK_DAYS,
            ));
        }
        policy.inactive_guest_block_days = days;
    }
    if let Some(both) = policy
        .allowed_domains
        .iter()
        .find(|d| policy.blocked_domains.contains(d))
    {
        return Err(Fault::error(
            "blockedDomains",
            Rule::AllowedAndBlocked {
                entry: both.clone(),
            },
            format!("{both} cannot be both allowed and blocked"),
        ));
    }
    Ok(policy)
}

/// The refusal of an invitation lifetime that is no whole number of days from 1 to
/// [`MAX_INVITATION_LIFETIME_DAYS`].
pub fn lifetime_out_of_range() -> DomainError {
    Fault::error(
        "invitationLifetimeDays",
        Rule::OutOfRange {
            min: 1,
            max: i64::from(MAX_INVITATION_LIFETIME_DAYS),
        },
        format!("invitationLifetimeDays must be between 1 and {MAX_INVITATION_LIFETIME_DAYS}"),
    )
}

fn domain_list(list: Vec<String>, field: &'static str) -> Result<Vec<String>, DomainError> {
    let mut domains: Vec<String> = Vec::with_capacity(list.len());
    for entry in list {
        // Internationalized names are kept in canonical form (crate::address), so
        // `bücher.example` and `xn--bcher-kva.example` are one entry.
        let domain = crate::address::canonical_domain(entry.trim().trim_end_matches('.'))
            .filter(|name| is_domain_name(&crate::address::ascii_domain(name).unwrap_or_default()));
        let Some(domain) = domain else {
            return Err(Fault::error(
                field,
                Rule::NotDomain {
                    entry: entry.trim().to_owned(),
                },
                format!("{field}: \"{entry}\" is not a domain name"),
            ));
        };
        if !domains.contains(&domain) {
            domains.push(domain);
        }
    }
    Ok(domains)
}

/// A DNS name of at least two labels of letters, digits and inner hyphens.
fn is_domain_name(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    name.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// A logo address as set by an administrator: absolute https (pages load it under a
/// CSP that allows https images only), or none when empty or null.
pub(crate) fn logo_url(value: Option<String>) -> Result<Option<String>, DomainError> {
    match value.map(|l| l.trim().to_owned()) {
        Some(l) if l.is_empty() => Ok(None),
        Some(l) => {
            let invalid = || {
                Fault::error(
                    "logoUrl",
                    Rule::NotHttps,
                    "logoUrl must be an absolute https URL",
                )
            };
            let parsed = url::Url::parse(&l).map_err(|_| invalid())?;
            if parsed.scheme() != "https" || parsed.host_str().is_none() {
                return Err(invalid());
            }
            Ok(Some(parsed.to_string()))
        }
        None => Ok(None),
    }
}

fn patched_branding(mut branding: Branding, patch: BrandingPatch) -> Result<Branding, DomainError> {
    if let Some(logo) = patch.logo_url {
        branding.logo_url = logo_url(logo)?;
    }
    if let Some(color) = patch.brand_color {
        branding.brand_color = match color.map(|c| c.trim().to_owned()) {
            Some(c) if c.is_empty() => None,
            Some(c) => {
                let hex = c.strip_prefix('#').unwrap_or("");
                if hex.len() != 6 || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                    return Err(Fault::error(
                        "brandColor",
                        Rule::NotColour,
                        "brandColor must be a colour written #rrggbb",
                    ));
                }
                Some(c.to_ascii_lowercase())
            }
            None => None,
        };
    }
    Ok(branding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_patch_is_checked_whole() {
        let base = CollaborationPolicy::default();
        let patch = CollaborationPatch {
            allowed_domains: Some(vec![" Fabrikam.COM. ".into(), "fabrikam.com".into()]),
            invitation_lifetime_days: Some(7),
            ..CollaborationPatch::default()
        };
        let policy = patched_policy(base.clone(), patch).unwrap();
        assert_eq!(policy.allowed_domains, ["fabrikam.com"]);
        let idn = CollaborationPatch {
            blocked_domains: Some(vec![
                "bücher.example".into(),
                "XN--BCHER-KVA.example".into(),
            ]),
            ..CollaborationPatch::default()
        };
        let policy_idn = patched_policy(base.clone(), idn).unwrap();
        assert_eq!(policy_idn.blocked_domains, ["bücher.example"]);
        assert_eq!(policy.invitation_lifetime_days, 7);
        assert!(policy.trust_home_mfa, "untouched fields stay");

        for bad in [
            CollaborationPatch {
                invitation_lifetime_days: Some(0),
                ..Default::default()
            },
            CollaborationPatch {
                invitation_lifetime_days: Some(366),
                ..Default::default()
            },
            CollaborationPatch {
                blocked_domains: Some(vec!["not a domain".into()]),
                ..Default::default()
            },
            CollaborationPatch {
                guest_lifetime_days: Some(Some(0)),
                ..Default::default()
            },
            CollaborationPatch {
                expiry_reminder_days: Some(91),
                ..Default::default()
            },
            CollaborationPatch {
                expired_guest_grace_days: Some(366),
                ..Default::default()
            },
            CollaborationPatch {
                inactive_guest_days: Some(6),
                ..Default::default()
            },
            CollaborationPatch {
                inactive_guest_block_days: Some(0),
                ..Default::default()
            },
            CollaborationPatch {
                blocked_domains: Some(vec!["localhost".into()]),
                ..Default::default()
            },
            CollaborationPatch {
                allowed_domains: Some(vec!["a.com".into()]),
                blocked_domains: Some(vec!["A.com".into()]),
                ..Default::default()
            },
        ] {
            assert!(
                patched_policy(base.clone(), bad.clone()).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn branding_takes_https_logos_and_rrggbb_colours() {
        let ok = patched_branding(
            Branding::default(),
            BrandingPatch {
                logo_url: Some(Some("https://cdn.contoso.com/logo.png".into())),
                brand_color: Some(Some("#0A64AD".into())),
            },
        )
        .unwrap();
        assert_eq!(
            ok.logo_url.as_deref(),
            Some("https://cdn.contoso.com/logo.png")
        );
        assert_eq!(ok.brand_color.as_deref(), Some("#0a64ad"));
        let cleared = patched_branding(
            ok,
            BrandingPatch {
                logo_url: Some(None),
                brand_color: None,
            },
        )
        .unwrap();
        assert_eq!(cleared.logo_url, None);
        assert_eq!(cleared.brand_color.as_deref(), Some("#0a64ad"));
        for (logo, color) in [
            (Some("http://cdn.contoso.com/logo.png"), None),
            (Some("javascript:alert(1)"), None),
            (Some("/logo.png"), None),
            (None, Some("red")),
            (None, Some("#12345")),
            (None, Some("#12345g")),
        ] {
            let patch = BrandingPatch {
                logo_url: logo.map(|l| Some(l.to_owned())),
                brand_color: color.map(|c| Some(c.to_owned())),
            };
            assert!(patched_branding(Branding::default(), patch).is_err());
        }
    }
}
