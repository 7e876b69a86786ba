//! The cross-tenant access settings as the portal's forms show and send them: each
//! part a choice among radio buttons ("Use the default" on a partner's page only) with
//! its lists as text, read back from a posted form into the domain's `SettingsPatch`;
//! the partners list's short summaries; and a decision explained in the reader's
//! words.
//!
//! What is read here is the form's syntax only (which choice, which lines, an object
//! id that is not one): whether settings may be saved is the domain's to say.

use entente_domain::cross_tenant::{Explanation, SettingsPatch, enforce, rules};
use entente_domain::invitations::invite::code as refusal;
use entente_model::cross_tenant::{
    ALL_APPLICATIONS, ALL_USERS, AccessTarget, AccessType, AutomaticUserConsent, B2bSetting,
    CrossTenantSettings, FallbackProvider, InboundTrust, PartnerKind, RedemptionProvider,
    RedemptionProviders, TargetConfiguration, TargetType,
};

use super::field_errors::FieldErrors;
use crate::texts::access::AccessTexts;

/// A posted form's fields, repeated names (the ticked applications) included.
pub(super) struct Posted(pub Vec<(String, String)>);

impl Posted {
    /// The last value of `name`, or empty.
    fn one(&self, name: &str) -> String {
        self.0
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .collect()
    }

    /// Whether the checkbox `name` was ticked.
    fn ticked(&self, name: &str) -> bool {
        self.0.iter().any(|(key, _)| key == name)
    }

    pub fn confirmed(&self) -> bool {
        self.one("confirm") == "yes"
    }
}

/// The choices of a setting's half, as the form's radio values.
pub(super) const DEFAULT: &str = "default";
const ALLOW_ALL: &str = "allow-all";
const BLOCK_ALL: &str = "block-all";
const ALLOW_LISTED: &str = "allow-listed";
const BLOCK_LISTED: &str = "block-listed";

/// One direction's B2B collaboration on a form.
pub(super) struct B2bForm {
    /// The choice for users and groups, and the listed ones.
    pub people: &'static str,
    pub users: String,
    pub groups: String,
    /// The choice for applications, and the listed `appId`s: ticked (inbound: this
    /// tenant's) or typed one per line (outbound: the partner's).
    pub apps: &'static str,
    pub app_ids: Vec<String>,
}

impl B2bForm {
    /// Whether the half `half` (`people` or `apps`) has the choice `choice`.
    pub fn chosen(&self, half: &str, choice: &str) -> bool {
        match half {
            "people" => self.people == choice,
            _ => self.apps == choice,
        }
    }

    /// The listed `appId`s, one per line.
    pub fn app_lines(&self) -> String {
        self.app_ids.join("\n")
    }

    pub fn lists_app(&self, app_id: &str) -> bool {
        self.app_ids.iter().any(|id| id == app_id)
    }

    fn of(setting: Option<&B2bSetting>) -> B2bForm {
        let people = setting.and_then(|s| s.users_and_groups.as_ref());
        let apps = setting.and_then(|s| s.applications.as_ref());
        let listed = |config: Option<&TargetConfiguration>, kind: TargetType| {
            config
                .map(|c| {
                    c.targets
                        .iter()
                        .filter(|t| t.target_type == kind && !is_all(&t.target))
                        .map(|t| t.target.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        B2bForm {
            people: choice_of(people),
            users: listed(people, TargetType::User).join("\n"),
            groups: listed(people, TargetType::Group).join("\n"),
            apps: choice_of(apps),
            app_ids: listed(apps, TargetType::Application),
        }
    }

    fn posted(prefix: &'static str, posted: &Posted) -> B2bForm {
        let field = |name: &str| posted.one(&format!("{prefix}_{name}"));
        let app_ids = if prefix == "in" {
            posted.all("in_app")
        } else {
            lines(&field("app_ids"))
        };
        B2bForm {
            people: choice_named(&field("people")),
            users: field("users"),
            groups: field("groups"),
            apps: choice_named(&field("apps")),
            app_ids,
        }
    }

    /// The setting this half of the form says, `None` for "Use the default" on both
    /// halves; problems go beside their inputs.
    fn setting(
        &self,
        texts: &AccessTexts,
        errors: &mut FieldErrors,
        ids: [&'static str; 3],
    ) -> Option<B2bSetting> {
        let [users_id, groups_id, apps_id] = ids;
        let mut people = Vec::new();
        for (text, kind, id) in [
            (&self.users, TargetType::User, users_id),
            (&self.groups, TargetType::Group, groups_id),
        ] {
            for line in lines(text) {
                match uuid::Uuid::parse_str(&line) {
                    Ok(_) => people.push(AccessTarget {
                        target: line,
                        target_type: kind,
                    }),
                    Err(_) => errors.add(id, texts.not_an_id.arg("entry", &line).to_string()),
                }
            }
        }
        if is_listed(self.people) && people.is_empty() {
            errors.add(users_id, texts.list_someone.to_owned());
        }
        let apps: Vec<AccessTarget> = self
            .app_ids
            .iter()
            .filter(|id| !id.trim().is_empty())
            .map(|id| AccessTarget {
                target: id.trim().to_owned(),
                target_type: TargetType::Application,
            })
            .collect();
        if is_listed(self.apps) && apps.is_empty() {
            errors.add(apps_id, texts.list_an_app.to_owned());
        }
        let users_and_groups = configuration(self.people, people, TargetType::User);
        let applications = configuration(self.apps, apps, TargetType::Application);
        (users_and_groups.is_some() || applications.is_some()).then_some(B2bSetting {
            users_and_groups,
            applications,
        })
    }
}

/// The whole settings form: the default's, or a partner's (whose parts may each use
/// the default, and which has no redemption order).
pub(super) struct SettingsForm {
    pub is_partner: bool,
    pub inbound: B2bForm,
    pub outbound: B2bForm,
    /// `default`, `yes` or `no` (the default's form: `yes` or `no`).
    pub trust: &'static str,
    /// `default` or `set` (the default's form: always `set`).
    pub consent: &'static str,
    pub consent_in: bool,
    pub consent_out: bool,
    /// Each place's way to redeem (Graph's name), or empty when unused.
    pub order: [&'static str; 3],
    /// `code` or `none`.
    pub fallback: &'static str,
}

/// A radio button of the form.
pub(super) struct Radio {
    pub id: String,
    pub name: String,
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// An option of a select.
pub(super) struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// The three ways to redeem, by Graph's name.
const WAYS: [(RedemptionProvider, &str); 3] = [
    (
        RedemptionProvider::AzureActiveDirectory,
        "azureActiveDirectory",
    ),
    (RedemptionProvider::ExternalFederation, "externalFederation"),
    (
        RedemptionProvider::SocialIdentityProviders,
        "socialIdentityProviders",
    ),
];

impl SettingsForm {
    /// The form showing `settings` as they are.
    pub fn of(settings: &CrossTenantSettings, is_partner: bool) -> SettingsForm {
        let trust = match &settings.inbound_trust {
            None if is_partner => DEFAULT,
            Some(t) if t.is_mfa_accepted => "yes",
            _ => "no",
        };
        let consent = settings.automatic_user_consent_settings.as_ref();
        let redemption = settings
            .invitation_redemption_identity_provider_configuration
            .clone()
            .unwrap_or_default();
        let mut order = [""; 3];
        for (place, way) in redemption
            .primary_identity_provider_precedence_order
            .iter()
            .take(3)
            .enumerate()
        {
            order[place] = WAYS
                .iter()
                .find(|(w, _)| w == way)
                .map_or("", |(_, name)| name);
        }
        SettingsForm {
            is_partner,
            inbound: B2bForm::of(settings.b2b_collaboration_inbound.as_ref()),
            outbound: B2bForm::of(settings.b2b_collaboration_outbound.as_ref()),
            trust,
            consent: if is_partner && consent.is_none() {
                DEFAULT
            } else {
                "set"
            },
            consent_in: consent.and_then(|c| c.inbound_allowed).unwrap_or(false),
            consent_out: consent.and_then(|c| c.outbound_allowed).unwrap_or(false),
            order,
            fallback: match redemption.fallback_identity_provider {
                FallbackProvider::NoFallback => "none",
                _ => "code",
            },
        }
    }

    /// The form as it was posted.
    pub fn posted(posted: &Posted, is_partner: bool) -> SettingsForm {
        let pick = |value: String, options: &[&'static str], otherwise: &'static str| {
            options
                .iter()
                .find(|o| **o == value)
                .copied()
                .unwrap_or(otherwise)
        };
        let way = |n: usize| {
            let names: Vec<&'static str> = WAYS.iter().map(|(_, name)| *name).collect();
            pick(posted.one(&format!("order_{n}")), &names, "")
        };
        SettingsForm {
            is_partner,
            inbound: B2bForm::posted("in", posted),
            outbound: B2bForm::posted("out", posted),
            trust: if is_partner {
                pick(posted.one("trust"), &[DEFAULT, "yes", "no"], DEFAULT)
            } else if posted.ticked("trust") {
                "yes"
            } else {
                "no"
            },
            consent: if is_partner {
                pick(posted.one("consent"), &[DEFAULT, "set"], DEFAULT)
            } else {
                "set"
            },
            consent_in: posted.ticked("consent_in"),
            consent_out: posted.ticked("consent_out"),
            order: [way(1), way(2), way(3)],
            fallback: pick(posted.one("fallback"), &["code", "none"], "code"),
        }
    }

    /// Whether the place `place` (0, 1, 2) has the way `way` (empty: unused).
    pub fn way_at(&self, place: usize, way: &str) -> bool {
        self.order.get(place).is_some_and(|w| *w == way)
    }

    /// The radio buttons of a half (`people` or `apps`) of the direction `prefix`
    /// (`in` or `out`): "Use the default" on a partner's form, the lists' choices
    /// only where people can be listed (`lists`).
    pub fn radios(
        &self,
        t: &AccessTexts,
        prefix: &str,
        half: &str,
        lists: impl std::borrow::Borrow<bool>,
    ) -> Vec<Radio> {
        let part = if prefix == "in" {
            &self.inbound
        } else {
            &self.outbound
        };
        let name = format!("{prefix}_{half}");
        [
            (DEFAULT, t.choice_default, self.is_partner),
            (ALLOW_ALL, t.choice_allow_all, true),
            (BLOCK_ALL, t.choice_block_all, true),
            (ALLOW_LISTED, t.choice_allow_listed, *lists.borrow()),
            (BLOCK_LISTED, t.choice_block_listed, *lists.borrow()),
        ]
        .into_iter()
        .filter(|(_, _, shown)| *shown)
        .map(|(value, label, _)| Radio {
            id: format!("{name}-{value}"),
            name: name.clone(),
            value,
            label,
            checked: part.chosen(half, value),
        })
        .collect()
    }

    /// A partner's trust: the default's, or its own yes or no.
    pub fn trust_radios(&self, t: &AccessTexts) -> Vec<Radio> {
        [
            (DEFAULT, t.choice_default),
            ("yes", t.trust_yes),
            ("no", t.trust_no),
        ]
        .into_iter()
        .map(|(value, label)| Radio {
            id: format!("trust-{value}"),
            name: "trust".to_owned(),
            value,
            label,
            checked: self.trust == value,
        })
        .collect()
    }

    /// A partner's automatic redemption: the default's, or set here.
    pub fn consent_radios(&self, t: &AccessTexts) -> Vec<Radio> {
        [(DEFAULT, t.choice_default), ("set", t.consent_set)]
            .into_iter()
            .map(|(value, label)| Radio {
                id: format!("consent-{value}"),
                name: "consent".to_owned(),
                value,
                label,
                checked: self.consent == value,
            })
            .collect()
    }

    /// The choices of the redemption order's place `place` (0, 1, 2): each way (the
    /// order names all three, each once).
    pub fn order_options(
        &self,
        t: &AccessTexts,
        place: impl std::borrow::Borrow<usize>,
    ) -> Vec<Choice> {
        let place = *place.borrow();
        let label = |name: &str| match name {
            "azureActiveDirectory" => t.way_tenant,
            "externalFederation" => t.way_federation,
            _ => t.way_social,
        };
        WAYS.iter()
            .map(|(_, name)| Choice {
                value: name,
                label: label(name),
                selected: self.way_at(place, name),
            })
            .collect()
    }

    pub fn trusts(&self) -> bool {
        self.trust == "yes"
    }

    /// The patch this form says, over `current` (whose trust flags Entente does not
    /// use are kept, and whose kind of one-time code fallback is kept); `None` with
    /// the form's problems in `errors`.
    pub fn patch(
        &self,
        current: &CrossTenantSettings,
        texts: &AccessTexts,
        errors: &mut FieldErrors,
    ) -> Option<SettingsPatch> {
        let inbound = self
            .inbound
            .setting(texts, errors, ["in_users", "in_groups", "in_app_list"]);
        let outbound =
            self.outbound
                .setting(texts, errors, ["out_users", "out_groups", "out_app_ids"]);
        if !errors.is_empty() {
            return None;
        }
        let trust = match self.trust {
            DEFAULT => None,
            accepted => Some(InboundTrust {
                is_mfa_accepted: accepted == "yes",
                ..current.inbound_trust.clone().unwrap_or_default()
            }),
        };
        let consent = (self.consent != DEFAULT).then_some(AutomaticUserConsent {
            inbound_allowed: Some(self.consent_in),
            outbound_allowed: Some(self.consent_out),
        });
        let redemption = (!self.is_partner).then(|| {
            let current = current
                .invitation_redemption_identity_provider_configuration
                .clone()
                .unwrap_or_default();
            RedemptionProviders {
                primary_identity_provider_precedence_order: self
                    .order
                    .iter()
                    .filter_map(|name| WAYS.iter().find(|(_, n)| n == name).map(|(w, _)| *w))
                    .collect(),
                fallback_identity_provider: match (
                    self.fallback,
                    current.fallback_identity_provider,
                ) {
                    ("none", _) => FallbackProvider::NoFallback,
                    (_, FallbackProvider::NoFallback) => FallbackProvider::DefaultConfiguredIdp,
                    (_, code) => code,
                },
            }
        });
        Some(SettingsPatch {
            inbound_trust: Some(trust),
            b2b_collaboration_inbound: Some(inbound),
            b2b_collaboration_outbound: Some(outbound),
            automatic_user_consent_settings: Some(consent),
            invitation_redemption_identity_provider_configuration: redemption.map(Some),
        })
    }
}

fn is_all(target: &str) -> bool {
    target == ALL_USERS || target == ALL_APPLICATIONS
}

fn is_listed(choice: &str) -> bool {
    choice == ALLOW_LISTED || choice == BLOCK_LISTED
}

/// The non-empty lines of a list, trimmed.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn choice_named(value: &str) -> &'static str {
    [DEFAULT, ALLOW_ALL, BLOCK_ALL, ALLOW_LISTED, BLOCK_LISTED]
        .into_iter()
        .find(|c| *c == value)
        .unwrap_or(DEFAULT)
}

/// The choice a configuration shows as: everyone when it names everyone.
fn choice_of(config: Option<&TargetConfiguration>) -> &'static str {
    let Some(config) = config else {
        return DEFAULT;
    };
    let everyone = config.targets.iter().any(|t| is_all(&t.target));
    match (config.access_type, everyone) {
        (AccessType::Allowed, true) => ALLOW_ALL,
        (AccessType::Blocked, true) => BLOCK_ALL,
        (AccessType::Allowed, false) => ALLOW_LISTED,
        (AccessType::Blocked, false) => BLOCK_LISTED,
    }
}

fn configuration(
    choice: &str,
    listed: Vec<AccessTarget>,
    kind: TargetType,
) -> Option<TargetConfiguration> {
    let listed_as = |access_type| TargetConfiguration {
        access_type,
        targets: listed,
    };
    match choice {
        ALLOW_ALL => Some(TargetConfiguration::everyone(AccessType::Allowed, kind)),
        BLOCK_ALL => Some(TargetConfiguration::everyone(AccessType::Blocked, kind)),
        ALLOW_LISTED => Some(listed_as(AccessType::Allowed)),
        BLOCK_LISTED => Some(listed_as(AccessType::Blocked)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------
// Summaries for the partners list

/// A B2B setting in a line or two: "Uses the default", or each half's.
pub(super) fn b2b_summary(texts: &AccessTexts, setting: Option<&B2bSetting>) -> Vec<String> {
    let Some(setting) = setting else {
        return vec![texts.sum_default.to_owned()];
    };
    vec![
        texts
            .sum_people
            .arg(
                "summary",
                half_summary(texts, setting.users_and_groups.as_ref()),
            )
            .to_string(),
        texts
            .sum_apps
            .arg(
                "summary",
                half_summary(texts, setting.applications.as_ref()),
            )
            .to_string(),
    ]
}

fn half_summary(texts: &AccessTexts, config: Option<&TargetConfiguration>) -> String {
    let count = config.map_or(0, |c| c.targets.len());
    match choice_of(config) {
        ALLOW_ALL => texts.sum_allow_all.to_owned(),
        BLOCK_ALL => texts.sum_block_all.to_owned(),
        ALLOW_LISTED => texts.sum_allow_listed.arg("count", count).to_string(),
        BLOCK_LISTED => texts.sum_block_listed.arg("count", count).to_string(),
        _ => texts.sum_default.to_owned(),
    }
}

pub(super) fn trust_summary(texts: &AccessTexts, trust: Option<&InboundTrust>) -> &'static str {
    match trust {
        None => texts.sum_default,
        Some(t) if t.is_mfa_accepted => texts.sum_trusts,
        Some(_) => texts.sum_distrusts,
    }
}

pub(super) fn kind_name(texts: &AccessTexts, kind: PartnerKind) -> &'static str {
    match kind {
        PartnerKind::Tenant => texts.kind_tenant,
        PartnerKind::Federation => texts.kind_federation,
    }
}

// ---------------------------------------------------------------------------------
// An explanation in words

/// One setting asked, in words.
pub(super) struct VerdictLine {
    pub allowed: bool,
    pub result: &'static str,
    pub whose: &'static str,
    pub part: &'static str,
    pub source: &'static str,
    pub list: &'static str,
    pub why: String,
}

/// A decision explained: the answer, the partner found, the rule that decided, every
/// setting asked, and the invitation settings' own refusal.
pub(super) struct ExplainView {
    pub allowed: bool,
    pub result: &'static str,
    pub found: String,
    /// Whether the partner has an entry of its own, said; none for an address of no
    /// known organization.
    pub entry: Option<&'static str>,
    pub decided: Option<VerdictLine>,
    pub verdicts: Vec<VerdictLine>,
    pub policy: Option<String>,
}

/// The explanation in the reader's words; `name` is the partner's display name.
pub(super) fn explained(
    texts: &AccessTexts,
    answer: &Explanation,
    name: Option<String>,
) -> ExplainView {
    let name = || {
        name.clone()
            .unwrap_or_else(|| texts.name_unknown.to_owned())
    };
    let found = match answer.partner {
        enforce::Partner::Tenant(..) => texts.found_tenant.arg("name", name()).to_string(),
        enforce::Partner::Federation(_) => texts.found_federation.arg("name", name()).to_string(),
        enforce::Partner::Nobody => texts.found_nobody.to_owned(),
    };
    let entry = match (answer.partner, answer.has_entry) {
        (enforce::Partner::Nobody, _) => None,
        (_, true) => Some(texts.has_entry),
        (_, false) => Some(texts.no_entry),
    };
    let policy = answer
        .collaboration_refusal
        .as_ref()
        .map(|(code, message)| match code.as_str() {
            refusal::DOMAIN_NOT_ALLOWED => texts.policy_domain.to_owned(),
            refusal::CONSUMER_DOMAIN => texts.policy_consumer.to_owned(),
            _ => message.clone(),
        });
    ExplainView {
        allowed: answer.allowed,
        result: result(texts, answer.allowed),
        found,
        entry,
        decided: answer.decided_by.as_ref().map(|v| verdict_line(texts, v)),
        verdicts: answer
            .verdicts
            .iter()
            .map(|v| verdict_line(texts, v))
            .collect(),
        policy,
    }
}

fn result(texts: &AccessTexts, allowed: bool) -> &'static str {
    if allowed {
        texts.result_allowed
    } else {
        texts.result_refused
    }
}

fn verdict_line(texts: &AccessTexts, v: &rules::Verdict) -> VerdictLine {
    let target = v.target.as_deref().map(|t| match t {
        ALL_USERS => texts.all_users.to_owned(),
        ALL_APPLICATIONS => texts.all_apps.to_owned(),
        id => id.to_owned(),
    });
    let why = match (v.access_type, target) {
        (AccessType::Allowed, Some(t)) => texts.matched_allowed.arg("target", t).to_string(),
        (AccessType::Allowed, None) => texts.unmatched_allowed.to_owned(),
        (AccessType::Blocked, Some(t)) => texts.matched_blocked.arg("target", t).to_string(),
        (AccessType::Blocked, None) => texts.unmatched_blocked.to_owned(),
    };
    VerdictLine {
        allowed: v.allowed,
        result: result(texts, v.allowed),
        whose: match v.direction {
            rules::Direction::Inbound => texts.whose_inbound,
            rules::Direction::Outbound => texts.whose_outbound,
        },
        part: match v.part {
            rules::Part::UsersAndGroups => texts.people_legend,
            rules::Part::Applications => texts.apps_legend,
        },
        source: match v.origin {
            rules::Origin::Partner => texts.source_partner,
            rules::Origin::Default => texts.source_default,
        },
        list: match v.access_type {
            AccessType::Allowed => texts.list_allowed,
            AccessType::Blocked => texts.list_blocked,
        },
        why,
    }
}

#[cfg(test)]
mod tests {
    use entente_i18n::Language;
    use entente_model::cross_tenant::{AccessType, CrossTenantSettings, TargetType};

    use super::{FieldErrors, Posted, SettingsForm};
    use crate::texts::access::for_language;

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        Posted(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn a_partners_form_reads_back_into_the_patch_it_says() {
        let texts = for_language(Language::En);
        let group = uuid::Uuid::new_v4().to_string();
        let form = SettingsForm::posted(
            &posted(&[
                ("in_people", "block-listed"),
                ("in_users", ""),
                ("in_groups", &format!(" {group} \n\n")),
                ("in_apps", "allow-listed"),
                ("in_app", "app-1"),
                ("in_app", "app-2"),
                ("out_people", "default"),
                ("out_apps", "default"),
                ("trust", "yes"),
                ("consent", "default"),
            ]),
            true,
        );
        let mut errors = FieldErrors::new(Language::En);
        let patch = form
            .patch(&CrossTenantSettings::default(), texts, &mut errors)
            .expect("no problem");
        let inbound = patch.b2b_collaboration_inbound.flatten().expect("inbound");
        let people = inbound.users_and_groups.clone().expect("people");
        assert_eq!(people.access_type, AccessType::Blocked);
        assert_eq!(people.targets.len(), 1);
        assert_eq!(
            (
                people.targets[0].target.as_str(),
                people.targets[0].target_type
            ),
            (group.as_str(), TargetType::Group)
        );
        let apps = inbound.applications.clone().expect("applications");
        assert_eq!(apps.targets.len(), 2);
        assert_eq!(
            patch.b2b_collaboration_outbound,
            Some(None),
            "the default's"
        );
        assert_eq!(patch.automatic_user_consent_settings, Some(None));
        assert!(
            patch
                .inbound_trust
                .flatten()
                .is_some_and(|t| t.is_mfa_accepted)
        );
        assert!(
            patch
                .invitation_redemption_identity_provider_configuration
                .is_none(),
            "a partner has no redemption order"
        );
        // Shown again, the form says the same.
        let shown = SettingsForm::of(
            &CrossTenantSettings {
                b2b_collaboration_inbound: Some(inbound),
                ..CrossTenantSettings::default()
            },
            true,
        );
        assert_eq!(
            (shown.inbound.people, shown.inbound.apps),
            ("block-listed", "allow-listed")
        );
        assert_eq!(shown.inbound.groups, group);
        assert_eq!(shown.outbound.people, "default");
    }

    #[test]
    fn a_list_chosen_but_empty_or_a_word_for_an_id_is_said_beside_its_field() {
        let texts = for_language(Language::En);
        let form = SettingsForm::posted(
            &posted(&[
                ("in_people", "allow-listed"),
                ("in_users", ""),
                ("out_people", "block-listed"),
                ("out_users", "alice"),
                ("out_apps", "allow-listed"),
                ("out_app_ids", "  "),
                ("order_1", "socialIdentityProviders"),
            ]),
            false,
        );
        let mut errors = FieldErrors::new(Language::En);
        assert!(
            form.patch(&CrossTenantSettings::system_default(), texts, &mut errors)
                .is_none()
        );
        assert_eq!(
            errors.get("in_users"),
            Some("List at least one user or group, or choose another option.")
        );
        assert_eq!(errors.get("out_users"), Some("alice is not an object id."));
        assert!(errors.get("out_app_ids").is_some());
        assert!(form.way_at(0, "socialIdentityProviders") && form.way_at(1, ""));
    }
}
