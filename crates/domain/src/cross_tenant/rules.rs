//! How cross-tenant access settings decide, with no I/O: the settings in force for
//! a partner (its entry's parts over the default's), and whether a person of that
//! partner, or an application, passes a setting, with the rule that decided.

use entente_model::cross_tenant::{
    ALL_APPLICATIONS, ALL_USERS, AccessType, AutomaticUserConsent, B2bSetting, CrossTenantSettings,
    InboundTrust, RedemptionProviders, TargetConfiguration, TargetType,
};
use serde::Serialize;

/// Where a part of the settings in force came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    /// The partner's own entry.
    Partner,
    /// The tenant's default (or the system's, while the tenant never changed it).
    Default,
}

/// One direction's setting in force: users and groups, applications, each with
/// where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub users_and_groups: (TargetConfiguration, Origin),
    pub applications: (TargetConfiguration, Origin),
}

/// The settings a tenant applies to one partner (or to everyone without an entry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InForce {
    pub inbound: Setting,
    pub outbound: Setting,
    pub trust: (InboundTrust, Origin),
    pub consent: (AutomaticUserConsent, Origin),
    pub redemption: RedemptionProviders,
    /// The partner has an entry of its own.
    pub has_entry: bool,
}

impl InForce {
    /// The settings in force from a default as stored (`None`: never changed) and a
    /// partner's entry; `trusts_home_mfa` is the collaboration policy's
    /// `trustHomeMfa`, which is the default's `isMfaAccepted`.
    pub fn new(
        default: Option<&CrossTenantSettings>,
        partner: Option<&CrossTenantSettings>,
        trusts_home_mfa: bool,
    ) -> InForce {
        let system = CrossTenantSettings::system_default();
        let default = complete(default.cloned().unwrap_or_default(), &system);
        let default_trust = InboundTrust {
            is_mfa_accepted: trusts_home_mfa,
            ..default.inbound_trust.clone().unwrap_or_default()
        };
        let pick = |own: Option<B2bSetting>, fallback: &Option<B2bSetting>| {
            let fallback = fallback.clone().unwrap_or_default();
            let own = own.unwrap_or_default();
            let part =
                |mine: Option<TargetConfiguration>, theirs: Option<TargetConfiguration>| match mine
                {
                    Some(config) => (config, Origin::Partner),
                    None => (theirs.unwrap_or_else(open_users), Origin::Default),
                };
            Setting {
                users_and_groups: part(own.users_and_groups, fallback.users_and_groups),
                applications: part(own.applications, fallback.applications),
            }
        };
        let has_entry = partner.is_some();
        let partner = partner.cloned().unwrap_or_default();
        InForce {
            has_entry,
            inbound: pick(
                partner.b2b_collaboration_inbound,
                &default.b2b_collaboration_inbound,
            ),
            outbound: pick(
                partner.b2b_collaboration_outbound,
                &default.b2b_collaboration_outbound,
            ),
            trust: match partner.inbound_trust {
                Some(trust) => (trust, Origin::Partner),
                None => (default_trust, Origin::Default),
            },
            consent: match partner.automatic_user_consent_settings {
                Some(consent) => (consent, Origin::Partner),
                None => (
                    default.automatic_user_consent_settings.unwrap_or_default(),
                    Origin::Default,
                ),
            },
            redemption: default
                .invitation_redemption_identity_provider_configuration
                .unwrap_or_default(),
        }
    }
}

fn open_users() -> TargetConfiguration {
    TargetConfiguration::everyone(AccessType::Allowed, TargetType::User)
}

/// The default with every part the tenant never set taken from the system's; inside
/// a B2B setting, a missing half too.
pub fn complete(
    mut settings: CrossTenantSettings,
    system: &CrossTenantSettings,
) -> CrossTenantSettings {
    let b2b = |own: Option<B2bSetting>, base: &Option<B2bSetting>| {
        let base = base.clone().unwrap_or_default();
        let own = own.unwrap_or_default();
        Some(B2bSetting {
            users_and_groups: own.users_and_groups.or(base.users_and_groups),
            applications: own.applications.or(base.applications),
        })
    };
    settings.b2b_collaboration_inbound = b2b(
        settings.b2b_collaboration_inbound,
        &system.b2b_collaboration_inbound,
    );
    settings.b2b_collaboration_outbound = b2b(
        settings.b2b_collaboration_outbound,
        &system.b2b_collaboration_outbound,
    );
    settings.inbound_trust = settings
        .inbound_trust
        .or_else(|| system.inbound_trust.clone());
    let consent = settings.automatic_user_consent_settings.unwrap_or_default();
    let base = system
        .automatic_user_consent_settings
        .clone()
        .unwrap_or_default();
    settings.automatic_user_consent_settings = Some(AutomaticUserConsent {
        inbound_allowed: consent.inbound_allowed.or(base.inbound_allowed),
        outbound_allowed: consent.outbound_allowed.or(base.outbound_allowed),
    });
    settings.invitation_redemption_identity_provider_configuration = settings
        .invitation_redemption_identity_provider_configuration
        .or_else(|| {
            system
                .invitation_redemption_identity_provider_configuration
                .clone()
        });
    settings
}

/// A person of the partner as a setting sees them: their object id at the partner
/// and their groups there, when the partner is a tenant of this deployment (a
/// partner elsewhere names nobody but `AllUsers`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Person<'a> {
    pub user: Option<uuid::Uuid>,
    pub groups: &'a [uuid::Uuid],
}

/// Which half of a B2B setting decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Part {
    UsersAndGroups,
    Applications,
}

/// Whose settings decided: the resource tenant's inbound, or the person's home
/// tenant's outbound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Direction {
    Inbound,
    Outbound,
}

/// What one setting said, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub allowed: bool,
    pub direction: Direction,
    pub part: Part,
    pub origin: Origin,
    pub access_type: AccessType,
    /// The target that matched, when one did (an allow-list that matched nobody, or a
    /// block-list that did not match, names none).
    pub target: Option<String>,
}

/// Whether `person` passes a users-and-groups configuration.
pub fn person_passes(
    (config, origin): &(TargetConfiguration, Origin),
    person: Person<'_>,
    direction: Direction,
) -> Verdict {
    let matched = config.targets.iter().find(|t| {
        t.target == ALL_USERS
            || match t.target_type {
                TargetType::User => person.user.is_some_and(|u| same_id(&t.target, u)),
                TargetType::Group => person.groups.iter().any(|g| same_id(&t.target, *g)),
                TargetType::Application => false,
            }
    });
    verdict(config, *origin, direction, Part::UsersAndGroups, matched)
}

/// Whether an application (by its `appId`) passes an applications configuration.
pub fn application_passes(
    (config, origin): &(TargetConfiguration, Origin),
    app_id: &str,
    direction: Direction,
) -> Verdict {
    let matched = config
        .targets
        .iter()
        .find(|t| t.target == ALL_APPLICATIONS || t.target.eq_ignore_ascii_case(app_id));
    verdict(config, *origin, direction, Part::Applications, matched)
}

fn verdict(
    config: &TargetConfiguration,
    origin: Origin,
    direction: Direction,
    part: Part,
    matched: Option<&entente_model::cross_tenant::AccessTarget>,
) -> Verdict {
    Verdict {
        allowed: match config.access_type {
            AccessType::Allowed => matched.is_some(),
            AccessType::Blocked => matched.is_none(),
        },
        direction,
        part,
        origin,
        access_type: config.access_type,
        target: matched.map(|t| t.target.clone()),
    }
}

fn same_id(target: &str, id: uuid::Uuid) -> bool {
    uuid::Uuid::parse_str(target).is_ok_and(|t| t == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_model::cross_tenant::AccessTarget;

    fn config(access_type: AccessType, targets: &[(&str, TargetType)]) -> TargetConfiguration {
        TargetConfiguration {
            access_type,
            targets: targets
                .iter()
                .map(|(t, k)| AccessTarget {
                    target: (*t).to_owned(),
                    target_type: *k,
                })
                .collect(),
        }
    }

    #[test]
    fn allow_lists_let_in_only_their_targets_and_block_lists_keep_out_only_theirs() {
        let alice = uuid::Uuid::now_v7();
        let bob = uuid::Uuid::now_v7();
        let team = uuid::Uuid::now_v7();
        let alice_in_team = Person {
            user: Some(alice),
            groups: &[team],
        };
        let bob_alone = Person {
            user: Some(bob),
            groups: &[],
        };
        let listed = (
            config(
                AccessType::Allowed,
                &[(&team.to_string(), TargetType::Group)],
            ),
            Origin::Partner,
        );
        let verdict = person_passes(&listed, alice_in_team, Direction::Inbound);
        assert!(verdict.allowed);
        assert_eq!(verdict.target, Some(team.to_string()));
        assert!(!person_passes(&listed, bob_alone, Direction::Inbound).allowed);
        assert!(!person_passes(&listed, Person::default(), Direction::Inbound).allowed);

        let blocked = (
            config(
                AccessType::Blocked,
                &[(&bob.to_string().to_uppercase(), TargetType::User)],
            ),
            Origin::Default,
        );
        let verdict = person_passes(&blocked, bob_alone, Direction::Outbound);
        assert!(!verdict.allowed, "ids compare as ids, whatever their case");
        assert_eq!(verdict.origin, Origin::Default);
        assert!(person_passes(&blocked, alice_in_team, Direction::Outbound).allowed);

        let nobody = (
            config(AccessType::Blocked, &[(ALL_USERS, TargetType::User)]),
            Origin::Partner,
        );
        assert!(!person_passes(&nobody, alice_in_team, Direction::Inbound).allowed);
        assert!(!person_passes(&nobody, Person::default(), Direction::Inbound).allowed);
    }

    #[test]
    fn applications_match_by_app_id_or_all_applications() {
        let app = "0f7c1c2e-2f3b-4d5e-8a9b-0c1d2e3f4a5b";
        let listed = (
            config(
                AccessType::Allowed,
                &[(&app.to_uppercase(), TargetType::Application)],
            ),
            Origin::Partner,
        );
        assert!(application_passes(&listed, app, Direction::Inbound).allowed);
        assert!(!application_passes(&listed, "another", Direction::Inbound).allowed);
        let none = (
            config(
                AccessType::Blocked,
                &[(ALL_APPLICATIONS, TargetType::Application)],
            ),
            Origin::Default,
        );
        assert!(!application_passes(&none, app, Direction::Outbound).allowed);
    }

    #[test]
    fn a_partner_entry_overrides_the_default_part_by_part() {
        let default = CrossTenantSettings {
            b2b_collaboration_inbound: Some(B2bSetting {
                users_and_groups: Some(config(
                    AccessType::Blocked,
                    &[(ALL_USERS, TargetType::User)],
                )),
                applications: None,
            }),
            ..CrossTenantSettings::default()
        };
        let partner = CrossTenantSettings {
            b2b_collaboration_outbound: Some(B2bSetting {
                users_and_groups: Some(config(
                    AccessType::Blocked,
                    &[(ALL_USERS, TargetType::User)],
                )),
                applications: None,
            }),
            inbound_trust: Some(InboundTrust {
                is_mfa_accepted: false,
                ..InboundTrust::default()
            }),
            ..CrossTenantSettings::default()
        };
        let without = InForce::new(Some(&default), None, true);
        assert_eq!(without.inbound.users_and_groups.1, Origin::Default);
        assert_eq!(
            without.inbound.users_and_groups.0.access_type,
            AccessType::Blocked
        );
        assert_eq!(
            without.inbound.applications.0,
            TargetConfiguration::everyone(AccessType::Allowed, TargetType::Application),
            "a half the default never set is the system's"
        );
        assert!(
            without.trust.0.is_mfa_accepted,
            "the collaboration policy's trust"
        );
        let with = InForce::new(Some(&default), Some(&partner), true);
        assert_eq!(with.outbound.users_and_groups.1, Origin::Partner);
        assert_eq!(with.inbound.users_and_groups.1, Origin::Default);
        assert_eq!(
            with.trust,
            (partner.inbound_trust.unwrap(), Origin::Partner)
        );
        let never = InForce::new(None, None, false);
        assert_eq!(never.redemption, RedemptionProviders::default());
        assert_eq!(never.consent.0.inbound_allowed, Some(false));
    }
}
