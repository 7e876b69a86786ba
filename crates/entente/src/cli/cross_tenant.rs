//! `entente cross-tenant`: Graph's cross-tenant access settings through
//! `/v1.0/policies/crossTenantAccessPolicy` (the tenant's `default`, its `partners`
//! by tenant id) and Entente's `explain`, which says what they decide for a person.
//!
//! The flags of `default set` and `partners add|set` name the common changes; the
//! command reads the settings, lays the changes over them and PATCHes only the parts
//! it changed, each whole. Graph replaces a part whole (`b2bCollaborationInbound` with
//! both its halves, `inboundTrust`, `automaticUserConsentSettings`), so sending only
//! what a flag names would reset the other half: `--inbound-users` must not undo an
//! earlier `--inbound-apps`. Two admins changing the same part at once can still
//! overwrite each other, as with any read-modify-write of Graph's settings.
//! `--body` sends a Graph patch as written, for everything else.
//!
//! No rule about what is valid lives here beyond the flags' own consistency (a list
//! either allows or blocks, as Graph's `accessType` says): the server checks the ids,
//! the applications and the partner, and its refusal is the command's error.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::{Map, Value, json};

use super::admin::{array, confirm, show, text};
use super::client::{ApiClient, Paging, segment};
use super::session::{Session, print_json};
use super::table::{Table, fields};
use super::{Output, UsageError};

const POLICY: &str = "/v1.0/policies/crossTenantAccessPolicy";
const DEFAULT: &str = "/v1.0/policies/crossTenantAccessPolicy/default";
const PARTNERS: &str = "/v1.0/policies/crossTenantAccessPolicy/partners";

const INBOUND: &str = "b2bCollaborationInbound";
const OUTBOUND: &str = "b2bCollaborationOutbound";
const PEOPLE: &str = "usersAndGroups";
const APPS: &str = "applications";
const TRUST: &str = "inboundTrust";
const CONSENT: &str = "automaticUserConsentSettings";
const ALL_USERS: &str = "AllUsers";
const ALL_APPLICATIONS: &str = "AllApplications";

#[derive(Debug, Subcommand)]
pub enum CrossTenantCommand {
    /// The default settings: what applies to every partner without an entry of its own.
    Default {
        #[command(subcommand)]
        command: DefaultCommand,
    },
    /// Partners with settings of their own, by tenant id.
    Partners {
        #[command(subcommand)]
        command: PartnersCommand,
    },
    /// Say whether a person may be invited, redeem and sign in (to one application
    /// with --app), and which setting decided.
    ///
    /// Prints the decision and the rule that decided on one line, then where the
    /// person's account lives and every setting asked, in order: this tenant's inbound
    /// settings and the home tenant's outbound ones. Exits 0 whatever the decision;
    /// scripts read `decision` with `--output json`.
    Explain {
        /// The person's email address.
        address: String,
        /// The application's app (client) id; without it, inviting and redeeming only.
        #[arg(long, value_name = "APP_ID")]
        app: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DefaultCommand {
    /// Show the default settings.
    Show,
    /// Change the default settings.
    ///
    /// Each part a flag names is replaced; the parts no flag names are kept. A list of
    /// people or applications either allows (only those listed come in) or blocks
    /// (everyone but those listed comes in), as Graph's `accessType` does: give the
    /// `--*-allow-*` flags of a part or its `--*-block-*` flags, not both, and not with
    /// its `allow-all|block-all` flag. Inbound is this tenant's partners' people coming
    /// here and this tenant's applications they may use; outbound is this tenant's
    /// people going to partners and the partners' applications. Use --body for what
    /// the flags do not cover (the redemption order, device trust).
    Set {
        #[command(flatten)]
        changes: Box<Changes>,
    },
    /// Put the system's default back: everyone allowed, both ways.
    ///
    /// Partners' MFA is accepted again (the collaboration policy's `trustHomeMfa`,
    /// Entente's default).
    Reset,
}

#[derive(Debug, Subcommand)]
pub enum PartnersCommand {
    /// List the partners with settings of their own (every page).
    List,
    /// Give a partner settings of its own. Parts no flag names take the default's.
    ///
    /// A list of people or applications either allows (only those listed come in) or
    /// blocks (everyone but those listed comes in), as Graph's `accessType` does: give
    /// the `--*-allow-*` flags of a part or its `--*-block-*` flags, not both, and not
    /// with its `allow-all|block-all` flag. Inbound people are the partner's users and
    /// groups (their object ids at the partner), inbound applications this tenant's
    /// (by app id); outbound people are this tenant's, outbound applications the
    /// partner's.
    Add {
        #[command(flatten)]
        partner: PartnerId,
        #[command(flatten)]
        changes: Box<Changes>,
    },
    /// Show a partner's settings; the parts it leaves to the default show the
    /// default's.
    Show {
        #[command(flatten)]
        partner: PartnerId,
    },
    /// Change a partner's settings.
    ///
    /// Each part a flag names is replaced; the parts no flag names are kept.
    /// --use-default gives a part back to the default. A list of people or
    /// applications either allows (only those listed come in) or blocks (everyone but
    /// those listed comes in): give the `--*-allow-*` flags of a part or its
    /// `--*-block-*` flags, not both, and not with its `allow-all|block-all` flag.
    Set {
        #[command(flatten)]
        partner: PartnerId,
        #[command(flatten)]
        changes: Box<Changes>,
        /// Let this part take the default's again; repeat for several.
        #[arg(long, value_enum, value_name = "PART", conflicts_with = "body")]
        use_default: Vec<Part>,
    },
    /// Remove a partner's entry: the default applies to it again.
    Remove {
        #[command(flatten)]
        partner: PartnerId,
    },
}

/// The partner a command is about.
#[derive(Clone, Debug, Args)]
pub struct PartnerId {
    /// The partner's tenant id (a tenant of this deployment), or the id of one of this
    /// tenant's federation configurations for a partner elsewhere; `partners add` also
    /// takes a domain that either holds.
    #[arg(value_name = "TENANT_ID")]
    tenant_id: String,
}

/// Everyone allowed, or everyone blocked, in one part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Everyone {
    AllowAll,
    BlockAll,
}

/// A part of a partner's settings that can take the default's again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Part {
    /// `b2bCollaborationInbound.usersAndGroups`.
    InboundUsers,
    /// `b2bCollaborationInbound.applications`.
    InboundApps,
    /// `b2bCollaborationOutbound.usersAndGroups`.
    OutboundUsers,
    /// `b2bCollaborationOutbound.applications`.
    OutboundApps,
    /// `inboundTrust`.
    Trust,
    /// `automaticUserConsentSettings`, both directions.
    Consent,
}

/// The changes `default set` and `partners add|set` make.
#[derive(Clone, Debug, Default, Args)]
pub struct Changes {
    /// Every partner user allowed in, or every one blocked.
    #[arg(
        long,
        value_enum,
        value_name = "allow-all|block-all",
        help_heading = "Inbound"
    )]
    inbound_users: Option<Everyone>,
    /// Only the listed partner users and groups come in: a user's object id at the
    /// partner; repeatable, and with --inbound-allow-group.
    #[arg(
        long = "inbound-allow-user",
        value_name = "ID",
        help_heading = "Inbound"
    )]
    inbound_allow_users: Vec<String>,
    /// A group's object id at the partner, in the allow list; repeatable.
    #[arg(
        long = "inbound-allow-group",
        value_name = "ID",
        help_heading = "Inbound"
    )]
    inbound_allow_groups: Vec<String>,
    /// Everyone but the listed partner users and groups comes in: a user's object id
    /// at the partner; repeatable, and with --inbound-block-group.
    #[arg(
        long = "inbound-block-user",
        value_name = "ID",
        help_heading = "Inbound"
    )]
    inbound_block_users: Vec<String>,
    /// A group's object id at the partner, in the block list; repeatable.
    #[arg(
        long = "inbound-block-group",
        value_name = "ID",
        help_heading = "Inbound"
    )]
    inbound_block_groups: Vec<String>,
    /// Every application of this tenant open to partner users, or every one closed.
    #[arg(
        long,
        value_enum,
        value_name = "allow-all|block-all",
        help_heading = "Inbound"
    )]
    inbound_apps: Option<Everyone>,
    /// Only the listed applications of this tenant, by app id; repeatable.
    #[arg(
        long = "inbound-allow-app",
        value_name = "APP_ID",
        help_heading = "Inbound"
    )]
    inbound_allow_apps: Vec<String>,
    /// Every application of this tenant but the listed ones, by app id; repeatable.
    #[arg(
        long = "inbound-block-app",
        value_name = "APP_ID",
        help_heading = "Inbound"
    )]
    inbound_block_apps: Vec<String>,

    /// Every user of this tenant may go to partners, or none.
    #[arg(
        long,
        value_enum,
        value_name = "allow-all|block-all",
        help_heading = "Outbound"
    )]
    outbound_users: Option<Everyone>,
    /// Only the listed users of this tenant go out, by object id; repeatable, and
    /// with --outbound-allow-group.
    #[arg(
        long = "outbound-allow-user",
        value_name = "ID",
        help_heading = "Outbound"
    )]
    outbound_allow_users: Vec<String>,
    /// A group of this tenant in the allow list, by object id; repeatable.
    #[arg(
        long = "outbound-allow-group",
        value_name = "ID",
        help_heading = "Outbound"
    )]
    outbound_allow_groups: Vec<String>,
    /// Everyone of this tenant but the listed users goes out; repeatable, and with
    /// --outbound-block-group.
    #[arg(
        long = "outbound-block-user",
        value_name = "ID",
        help_heading = "Outbound"
    )]
    outbound_block_users: Vec<String>,
    /// A group of this tenant in the block list, by object id; repeatable.
    #[arg(
        long = "outbound-block-group",
        value_name = "ID",
        help_heading = "Outbound"
    )]
    outbound_block_groups: Vec<String>,
    /// Every application of the partners open to this tenant's users, or none.
    #[arg(
        long,
        value_enum,
        value_name = "allow-all|block-all",
        help_heading = "Outbound"
    )]
    outbound_apps: Option<Everyone>,
    /// Only the listed partner applications, by app id; repeatable.
    #[arg(
        long = "outbound-allow-app",
        value_name = "APP_ID",
        help_heading = "Outbound"
    )]
    outbound_allow_apps: Vec<String>,
    /// Every partner application but the listed ones, by app id; repeatable.
    #[arg(
        long = "outbound-block-app",
        value_name = "APP_ID",
        help_heading = "Outbound"
    )]
    outbound_block_apps: Vec<String>,

    /// Accept the MFA a partner user did at home (`inboundTrust.isMfaAccepted`).
    #[arg(long, value_name = "true|false", help_heading = "Trust and consent")]
    trust_mfa: Option<bool>,
    /// Partner users redeem without the consent page, if their home allows it too
    /// (`automaticUserConsentSettings.inboundAllowed`).
    #[arg(long, value_name = "true|false", help_heading = "Trust and consent")]
    auto_consent_inbound: Option<bool>,
    /// This tenant's users skip the consent page at partners that allow it
    /// (`automaticUserConsentSettings.outboundAllowed`).
    #[arg(long, value_name = "true|false", help_heading = "Trust and consent")]
    auto_consent_outbound: Option<bool>,

    /// Send this Graph JSON body instead of flags: a file, or - for standard input
    /// (`partners add` sets its tenantId).
    #[arg(long, value_name = "FILE|-", conflicts_with_all = CHANGE_FLAGS)]
    body: Option<PathBuf>,
}

/// Every flag of [`Changes`] but `--body`, which stands for all of them.
const CHANGE_FLAGS: [&str; 19] = [
    "inbound_users",
    "inbound_allow_users",
    "inbound_allow_groups",
    "inbound_block_users",
    "inbound_block_groups",
    "inbound_apps",
    "inbound_allow_apps",
    "inbound_block_apps",
    "outbound_users",
    "outbound_allow_users",
    "outbound_allow_groups",
    "outbound_block_users",
    "outbound_block_groups",
    "outbound_apps",
    "outbound_allow_apps",
    "outbound_block_apps",
    "trust_mfa",
    "auto_consent_inbound",
    "auto_consent_outbound",
];

pub async fn cross_tenant(session: &Session, command: CrossTenantCommand) -> anyhow::Result<()> {
    let api = session.api().await?;
    let output = session.output;
    match command {
        CrossTenantCommand::Default { command } => default(&api, output, command).await,
        CrossTenantCommand::Partners { command } => partners(&api, output, command).await,
        CrossTenantCommand::Explain { address, app } => {
            let mut question = json!({ "user": &address });
            if let Some(app) = app {
                question["appId"] = Value::String(app);
            }
            let answer = api.post(&format!("{POLICY}/explain"), question).await?;
            show(output, &answer, |a| explanation(&address, a))
        }
    }
}

async fn default(api: &ApiClient, output: Output, command: DefaultCommand) -> anyhow::Result<()> {
    match command {
        DefaultCommand::Show => {
            let current = api.get(DEFAULT).await?;
            show(output, &current, default_details)
        }
        DefaultCommand::Set { changes } => {
            let patch = match &changes.body {
                Some(file) => read_body(file)?,
                None => {
                    changes.names_something(&[])?;
                    changes.patch(&api.get(DEFAULT).await?, &[])?
                }
            };
            api.patch(DEFAULT, patch).await?;
            // The API answers 204; read the default back so the change shows.
            show(output, &api.get(DEFAULT).await?, default_details)
        }
        DefaultCommand::Reset => {
            api.post(&format!("{DEFAULT}/resetToSystemDefault"), json!({}))
                .await?;
            show(output, &api.get(DEFAULT).await?, default_details)
        }
    }
}

async fn partners(api: &ApiClient, output: Output, command: PartnersCommand) -> anyhow::Result<()> {
    match command {
        PartnersCommand::List => {
            let all = Paging {
                all: true,
                ..Paging::default()
            };
            let list = api.list(PARTNERS, &all).await?;
            if output == Output::Json {
                return print_json(&list);
            }
            let mut table = Table::new(&["tenant id", "inbound", "outbound", "trust"]);
            for p in array(&list, &["value"]) {
                table.row(vec![
                    text(p, &["tenantId"]),
                    direction_summary(&p[INBOUND]),
                    direction_summary(&p[OUTBOUND]),
                    match p[TRUST].get("isMfaAccepted").and_then(Value::as_bool) {
                        Some(accepted) => mfa(accepted).to_owned(),
                        None => "default".to_owned(),
                    },
                ]);
            }
            print!("{}", table.render());
            Ok(())
        }
        PartnersCommand::Add { partner, changes } => {
            let id = partner.tenant_id;
            let mut body = match &changes.body {
                Some(file) => read_body(file)?,
                None => changes.patch(&Value::Null, &[])?,
            };
            match body.get("tenantId") {
                Some(given) if given.as_str() != Some(id.as_str()) => {
                    return Err(UsageError(format!(
                        "the body's tenantId {given} is not the partner named, {id}"
                    ))
                    .into());
                }
                _ => body["tenantId"] = Value::String(id.clone()),
            }
            let made = api
                .post(PARTNERS, body)
                .await
                .with_context(|| format!("adding partner {id}"))?;
            show_partner(api, output, &made).await
        }
        PartnersCommand::Show { partner } => {
            let found = api
                .get(&partner_path(&partner.tenant_id))
                .await
                .with_context(|| format!("partner {}", partner.tenant_id))?;
            show_partner(api, output, &found).await
        }
        PartnersCommand::Set {
            partner,
            changes,
            use_default,
        } => {
            let path = partner_path(&partner.tenant_id);
            let context = || format!("partner {}", partner.tenant_id);
            let patch = match &changes.body {
                Some(file) => read_body(file)?,
                None => {
                    changes.names_something(&use_default)?;
                    let current = api.get(&path).await.with_context(context)?;
                    changes.patch(&current, &use_default)?
                }
            };
            api.patch(&path, patch).await.with_context(context)?;
            let found = api.get(&path).await.with_context(context)?;
            show_partner(api, output, &found).await
        }
        PartnersCommand::Remove { partner } => {
            let id = partner.tenant_id;
            api.delete(&partner_path(&id))
                .await
                .with_context(|| format!("partner {id}"))?;
            confirm(
                output,
                &format!("Removed the entry of partner {id}: the default settings apply to it."),
            );
            Ok(())
        }
    }
}

fn partner_path(id: &str) -> String {
    format!("{PARTNERS}/{}", segment(id))
}

/// A partner's entry; in a table, a part it leaves to the default shows the
/// default's, read for the purpose.
async fn show_partner(api: &ApiClient, output: Output, partner: &Value) -> anyhow::Result<()> {
    if output == Output::Json {
        return print_json(partner);
    }
    let default = api.get(DEFAULT).await?;
    show(output, partner, |p| partner_details(p, &default))
}

/// A `--body` file (or standard input): a JSON object, sent as written.
fn read_body(file: &Path) -> anyhow::Result<Value> {
    let text = if file == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the body from standard input")?;
        text
    } else {
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?
    };
    let body: Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", file.display()))?;
    if !body.is_object() {
        return Err(UsageError(format!("{} holds no JSON object", file.display())).into());
    }
    Ok(body)
}

/// One half of a direction (its people, or its applications) as the flags name it.
struct Half<'a> {
    /// The flag for everyone, in messages: `--inbound-users`.
    flag: &'static str,
    everyone: Option<Everyone>,
    /// `AllUsers` or `AllApplications`, and the type of target it is.
    all: (&'static str, &'static str),
    allowed: [(&'static str, &'a [String]); 2],
    blocked: [(&'static str, &'a [String]); 2],
    /// `--use-default` names it.
    inherit: bool,
}

impl Half<'_> {
    /// Graph's `crossTenantAccessPolicyTargetConfiguration` the flags make: `None`
    /// when they name nothing of this half, `Some(Null)` to take the default's.
    fn configuration(&self) -> Result<Option<Value>, UsageError> {
        let listed = |lists: &[(&str, &[String])]| lists.iter().any(|(_, ids)| !ids.is_empty());
        let (allows, blocks) = (listed(&self.allowed), listed(&self.blocked));
        let flag = self.flag;
        if self.inherit && (self.everyone.is_some() || allows || blocks) {
            return Err(UsageError(format!(
                "{flag} and its lists cannot be given with --use-default for the same part"
            )));
        }
        if self.everyone.is_some() && (allows || blocks) {
            return Err(UsageError(format!(
                "{flag} sets everyone; it cannot be given with a list of the same part"
            )));
        }
        if allows && blocks {
            return Err(UsageError(format!(
                "a part's list either allows or blocks (Graph's accessType): give the \
                 allow flags or the block flags of the part {flag} sets, not both"
            )));
        }
        let targets = |lists: &[(&str, &[String])]| -> Vec<Value> {
            lists
                .iter()
                .flat_map(|(kind, ids)| {
                    ids.iter()
                        .map(move |id| json!({ "target": id, "targetType": kind }))
                })
                .collect()
        };
        let (all, all_type) = self.all;
        let everyone = vec![json!({ "target": all, "targetType": all_type })];
        Ok(match (self.inherit, self.everyone) {
            (true, _) => Some(Value::Null),
            (false, Some(Everyone::AllowAll)) => Some(configuration("allowed", everyone)),
            (false, Some(Everyone::BlockAll)) => Some(configuration("blocked", everyone)),
            (false, None) if allows => Some(configuration("allowed", targets(&self.allowed))),
            (false, None) if blocks => Some(configuration("blocked", targets(&self.blocked))),
            (false, None) => None,
        })
    }
}

/// The people of a direction: users and groups, each allowed or blocked.
fn people<'a>(
    flag: &'static str,
    everyone: Option<Everyone>,
    allowed: [&'a [String]; 2],
    blocked: [&'a [String]; 2],
    inherit: bool,
) -> Half<'a> {
    Half {
        flag,
        everyone,
        all: (ALL_USERS, "user"),
        allowed: [("user", allowed[0]), ("group", allowed[1])],
        blocked: [("user", blocked[0]), ("group", blocked[1])],
        inherit,
    }
}

/// The applications of a direction, by app id.
fn apps<'a>(
    flag: &'static str,
    everyone: Option<Everyone>,
    allowed: &'a [String],
    blocked: &'a [String],
    inherit: bool,
) -> Half<'a> {
    Half {
        flag,
        everyone,
        all: (ALL_APPLICATIONS, "application"),
        allowed: [("application", allowed), ("application", &[])],
        blocked: [("application", blocked), ("application", &[])],
        inherit,
    }
}

fn configuration(access_type: &str, targets: Vec<Value>) -> Value {
    json!({ "accessType": access_type, "targets": targets })
}

impl Changes {
    /// Refuses changes that name nothing, before anything is read: `set` needs one
    /// (`partners add` does not: an entry may leave every part to the default).
    fn names_something(&self, use_default: &[Part]) -> Result<(), UsageError> {
        match self.patch(&Value::Null, use_default)? {
            Value::Object(patch) if patch.is_empty() => Err(UsageError(
                "name at least one change (see --help), or give --body FILE".into(),
            )),
            _ => Ok(()),
        }
    }

    /// The Graph patch these changes (and `use_default`'s) make over `current`, the
    /// settings as read (`Null` for a partner not added yet): each part named, whole.
    fn patch(&self, current: &Value, use_default: &[Part]) -> Result<Value, UsageError> {
        let inherits = |part| use_default.contains(&part);
        let directions = [
            (
                INBOUND,
                people(
                    "--inbound-users",
                    self.inbound_users,
                    [&self.inbound_allow_users, &self.inbound_allow_groups],
                    [&self.inbound_block_users, &self.inbound_block_groups],
                    inherits(Part::InboundUsers),
                ),
                apps(
                    "--inbound-apps",
                    self.inbound_apps,
                    &self.inbound_allow_apps,
                    &self.inbound_block_apps,
                    inherits(Part::InboundApps),
                ),
            ),
            (
                OUTBOUND,
                people(
                    "--outbound-users",
                    self.outbound_users,
                    [&self.outbound_allow_users, &self.outbound_allow_groups],
                    [&self.outbound_block_users, &self.outbound_block_groups],
                    inherits(Part::OutboundUsers),
                ),
                apps(
                    "--outbound-apps",
                    self.outbound_apps,
                    &self.outbound_allow_apps,
                    &self.outbound_block_apps,
                    inherits(Part::OutboundApps),
                ),
            ),
        ];
        let mut patch = Map::new();
        for (direction, people, apps) in directions {
            let (people, apps) = (people.configuration()?, apps.configuration()?);
            if people.is_none() && apps.is_none() {
                continue;
            }
            let mut setting = object_at(current, direction);
            for (half, value) in [(PEOPLE, people), (APPS, apps)] {
                if let Some(value) = value {
                    setting.insert(half.to_owned(), value);
                }
            }
            // A partner's direction with neither half of its own takes the default's.
            let empty = [PEOPLE, APPS]
                .iter()
                .all(|half| setting.get(*half).is_none_or(Value::is_null));
            let value = if empty {
                Value::Null
            } else {
                Value::Object(setting)
            };
            patch.insert(direction.to_owned(), value);
        }
        let flags = [
            (TRUST, "isMfaAccepted", self.trust_mfa, Part::Trust),
            (
                CONSENT,
                "inboundAllowed",
                self.auto_consent_inbound,
                Part::Consent,
            ),
            (
                CONSENT,
                "outboundAllowed",
                self.auto_consent_outbound,
                Part::Consent,
            ),
        ];
        for (part, field, value, whole) in flags {
            if inherits(whole) {
                if value.is_some() {
                    return Err(UsageError(format!(
                        "{part}.{field} cannot be set and given back to the default at once"
                    )));
                }
                patch.insert(part.to_owned(), Value::Null);
            } else if let Some(value) = value {
                let mut setting = match patch.remove(part) {
                    Some(Value::Object(changed)) => changed,
                    _ => object_at(current, part),
                };
                setting.insert(field.to_owned(), Value::Bool(value));
                patch.insert(part.to_owned(), Value::Object(setting));
            }
        }
        Ok(Value::Object(patch))
    }
}

/// The object at `key` of `value`, or an empty one (for a part left to the default).
fn object_at(value: &Value, key: &str) -> Map<String, Value> {
    value
        .get(key)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// The default settings, a line per part.
fn default_details(d: &Value) -> String {
    let origin = match d.get("isServiceDefault").and_then(Value::as_bool) {
        Some(true) => "the system's (never changed)",
        _ => "changed by an administrator",
    };
    let mut pairs = vec![("Default settings", origin.to_owned())];
    pairs.extend(parts(d, None));
    let order = array(
        d,
        &[
            "invitationRedemptionIdentityProviderConfiguration",
            "primaryIdentityProviderPrecedenceOrder",
        ],
    );
    let fallback = text(
        d,
        &[
            "invitationRedemptionIdentityProviderConfiguration",
            "fallbackIdentityProvider",
        ],
    );
    let ways: Vec<String> = order.iter().map(|w| text(w, &[])).collect();
    pairs.push((
        "Redemption order",
        format!("{}; fallback {fallback}", ways.join(", ")),
    ));
    fields(&pairs)
}

/// A partner's entry; a part it leaves to the default shows the default's.
fn partner_details(p: &Value, default: &Value) -> String {
    let mut pairs = vec![("Partner tenant id", text(p, &["tenantId"]))];
    pairs.extend(parts(p, Some(default)));
    fields(&pairs)
}

/// The lines of the parts both the default and a partner have. With `default`,
/// `settings` is a partner's, and a part it leaves `null` reads "default: ...".
fn parts(settings: &Value, default: Option<&Value>) -> Vec<(&'static str, String)> {
    let line = |path: &[&str], describe: &dyn Fn(&Value) -> String| {
        let own = path
            .iter()
            .try_fold(settings, |v, key| v.get(key))
            .filter(|v| !v.is_null());
        match (own, default) {
            (Some(own), _) => describe(own),
            (None, Some(default)) => {
                let theirs = path.iter().try_fold(default, |v, key| v.get(key));
                format!("default: {}", describe(theirs.unwrap_or(&Value::Null)))
            }
            (None, None) => String::new(),
        }
    };
    let consent = |c: &Value| {
        let yes = |field| match c.get(field).and_then(Value::as_bool) {
            Some(true) => "yes",
            _ => "no",
        };
        format!(
            "inbound {}, outbound {}",
            yes("inboundAllowed"),
            yes("outboundAllowed")
        )
    };
    let trust = |t: &Value| mfa(t.get("isMfaAccepted").and_then(Value::as_bool) == Some(true));
    vec![
        (
            "Inbound users and groups",
            line(&[INBOUND, PEOPLE], &describe_targets),
        ),
        (
            "Inbound applications",
            line(&[INBOUND, APPS], &describe_targets),
        ),
        (
            "Outbound users and groups",
            line(&[OUTBOUND, PEOPLE], &describe_targets),
        ),
        (
            "Outbound applications",
            line(&[OUTBOUND, APPS], &describe_targets),
        ),
        ("Inbound trust", line(&[TRUST], &|t| trust(t).to_owned())),
        ("Automatic consent", line(&[CONSENT], &consent)),
    ]
}

fn mfa(accepted: bool) -> &'static str {
    if accepted {
        "MFA accepted"
    } else {
        "MFA not accepted"
    }
}

/// A target configuration in words: "allow all", "block all", "allow only user X,
/// group Y", "block app Z, allow the rest".
fn describe_targets(config: &Value) -> String {
    let blocks = text(config, &["accessType"]) == "blocked";
    let targets = array(config, &["targets"]);
    if targets.is_empty() {
        return String::new();
    }
    if targets.iter().any(is_everyone) {
        return if blocks { "block all" } else { "allow all" }.to_owned();
    }
    let named: Vec<String> = targets
        .iter()
        .map(|t| {
            let kind = match text(t, &["targetType"]).as_str() {
                "application" => "app".to_owned(),
                other => other.to_owned(),
            };
            format!("{kind} {}", text(t, &["target"]))
        })
        .collect();
    if blocks {
        format!("block {}; allow the rest", named.join(", "))
    } else {
        format!("allow only {}", named.join(", "))
    }
}

/// A direction in a list's cell: "users: block all; apps: allow 2 listed", or
/// "default" when the partner leaves it to the default.
fn direction_summary(setting: &Value) -> String {
    if setting.is_null() {
        return "default".to_owned();
    }
    let half = |config: &Value| {
        if config.is_null() {
            return "default".to_owned();
        }
        let blocks = text(config, &["accessType"]) == "blocked";
        let targets = array(config, &["targets"]);
        let verb = if blocks { "block" } else { "allow" };
        if targets.iter().any(is_everyone) {
            format!("{verb} all")
        } else {
            format!("{verb} {} listed", targets.len())
        }
    };
    format!(
        "users: {}; apps: {}",
        half(&setting[PEOPLE]),
        half(&setting[APPS])
    )
}

fn is_everyone(target: &Value) -> bool {
    matches!(
        target.get("target").and_then(Value::as_str),
        Some(ALL_USERS | ALL_APPLICATIONS)
    )
}

/// `explain`'s answer: the decision and the rule on the first line, where the
/// person's account lives, then every setting asked.
fn explanation(address: &str, a: &Value) -> String {
    let mut out = String::new();
    let refused = text(a, &["decision"]) == "refused";
    let verdict = a.get("decidedBy").filter(|v| !v.is_null());
    let policy = a.get("collaborationPolicy").filter(|v| !v.is_null());
    match (refused, verdict) {
        (true, Some(v)) => out.push_str(&format!("Refused by {}\n", rule(v))),
        (true, None) if policy.is_none() => out.push_str("Refused\n"),
        (true, None) => {}
        (false, _) => out.push_str(&format!(
            "Allowed: no cross-tenant access setting or collaboration policy refuses {address}.\n"
        )),
    }
    if let Some(p) = policy {
        out.push_str(&format!(
            "Refused by the collaboration policy ({}): {}\n",
            text(p, &["code"]),
            text(p, &["message"])
        ));
    }
    let partner = match a.get("partner").filter(|p| !p.is_null()) {
        Some(p) => {
            let kind = match text(p, &["kind"]).as_str() {
                "federation" => "a federation configuration of this tenant",
                _ => "a tenant of this deployment",
            };
            let entry = if p.get("hasEntry").and_then(Value::as_bool) == Some(true) {
                "with an entry of its own"
            } else {
                "no entry: the default applies"
            };
            format!("{} ({kind}; {entry})", text(p, &["tenantId"]))
        }
        None => "none known (no tenant here or federation configuration holds the \
                 address): the default applies"
            .to_owned(),
    };
    out.push_str(&fields(&[("Partner", partner)]));
    let evaluated = array(a, &["evaluated"]);
    if !evaluated.is_empty() {
        let mut table = Table::new(&["result", "setting", "whose", "list", "matched"]);
        for v in evaluated {
            table.row(vec![
                text(v, &["result"]),
                text(v, &["setting"]),
                whose(v).to_owned(),
                text(v, &["accessType"]),
                text(v, &["target"]),
            ]);
        }
        out.push('\n');
        out.push_str(&table.render());
    }
    out
}

/// The rule a verdict names, as a sentence's end: "b2bCollaborationInbound.
/// usersAndGroups (this tenant's partner entry): its block list names AllUsers."
fn rule(v: &Value) -> String {
    let setting = text(v, &["setting"]);
    let whose = whose(v);
    let target = text(v, &["target"]);
    let what = if setting.ends_with(APPS) {
        "the application"
    } else {
        "the person"
    };
    let why = match (text(v, &["accessType"]).as_str(), target.is_empty()) {
        ("blocked", false) => format!("its block list names {target}"),
        ("blocked", true) => "its block list".to_owned(),
        (_, true) => format!("its allow list does not name {what}"),
        (_, false) => format!("its allow list names {target}"),
    };
    format!("{setting} ({whose}): {why}.")
}

/// Whose setting a verdict read: this tenant's (inbound) or the person's home
/// tenant's (outbound), from a partner entry or a default.
fn whose(v: &Value) -> &'static str {
    match (
        text(v, &["direction"]).as_str(),
        text(v, &["source"]).as_str(),
    ) {
        ("outbound", "partner") => "the home tenant's entry for this tenant",
        ("outbound", _) => "the home tenant's default",
        (_, "partner") => "this tenant's partner entry",
        _ => "this tenant's default",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(f: impl FnOnce(&mut Changes)) -> Changes {
        let mut c = Changes::default();
        f(&mut c);
        c
    }

    fn all(access: &str, target: &str, kind: &str) -> Value {
        json!({ "accessType": access, "targets": [{ "target": target, "targetType": kind }] })
    }

    #[test]
    fn a_flag_replaces_its_half_and_keeps_the_other_as_read() {
        let current = json!({
            "b2bCollaborationInbound": {
                "usersAndGroups": all("allowed", "AllUsers", "user"),
                "applications": all("blocked", "AllApplications", "application"),
            },
            "inboundTrust": { "isMfaAccepted": true, "isCompliantDeviceAccepted": true },
            "automaticUserConsentSettings": { "inboundAllowed": false, "outboundAllowed": true },
        });
        let patch = changes(|c| {
            c.inbound_users = Some(Everyone::BlockAll);
            c.trust_mfa = Some(false);
            c.auto_consent_inbound = Some(true);
        })
        .patch(&current, &[])
        .unwrap();
        assert_eq!(
            patch,
            json!({
                "b2bCollaborationInbound": {
                    "usersAndGroups": all("blocked", "AllUsers", "user"),
                    "applications": all("blocked", "AllApplications", "application"),
                },
                "inboundTrust": { "isMfaAccepted": false, "isCompliantDeviceAccepted": true },
                "automaticUserConsentSettings": { "inboundAllowed": true, "outboundAllowed": true },
            })
        );
    }

    #[test]
    fn listed_people_make_one_allow_or_block_list() {
        let patch = changes(|c| {
            c.inbound_allow_users = vec!["u1".into(), "u2".into()];
            c.inbound_allow_groups = vec!["g1".into()];
            c.outbound_block_apps = vec!["a1".into()];
        })
        .patch(&Value::Null, &[])
        .unwrap();
        assert_eq!(
            patch,
            json!({
                "b2bCollaborationInbound": { "usersAndGroups": {
                    "accessType": "allowed",
                    "targets": [
                        { "target": "u1", "targetType": "user" },
                        { "target": "u2", "targetType": "user" },
                        { "target": "g1", "targetType": "group" },
                    ],
                } },
                "b2bCollaborationOutbound": {
                    "applications": all("blocked", "a1", "application"),
                },
            })
        );
    }

    #[test]
    fn mixed_lists_and_empty_changes_are_usage_errors() {
        let mixed = changes(|c| {
            c.inbound_allow_users = vec!["u1".into()];
            c.inbound_block_groups = vec!["g1".into()];
        });
        let error = mixed.patch(&Value::Null, &[]).unwrap_err();
        assert!(error.0.contains("either allows or blocks"), "{error}");
        let both = changes(|c| {
            c.outbound_apps = Some(Everyone::AllowAll);
            c.outbound_allow_apps = vec!["a1".into()];
        });
        assert!(both.patch(&Value::Null, &[]).is_err());
        let error = Changes::default().names_something(&[]).unwrap_err();
        assert!(error.0.contains("at least one change"), "{error}");
        assert_eq!(
            Changes::default().patch(&Value::Null, &[]).unwrap(),
            json!({})
        );
        let clash = changes(|c| c.trust_mfa = Some(true));
        assert!(clash.patch(&Value::Null, &[Part::Trust]).is_err());
    }

    #[test]
    fn use_default_gives_a_half_or_a_whole_part_back() {
        let current = json!({
            "b2bCollaborationInbound": {
                "usersAndGroups": all("blocked", "AllUsers", "user"),
                "applications": all("allowed", "AllApplications", "application"),
            },
            "inboundTrust": { "isMfaAccepted": true },
        });
        let patch = Changes::default()
            .patch(&current, &[Part::InboundUsers, Part::Trust])
            .unwrap();
        assert_eq!(
            patch,
            json!({
                "b2bCollaborationInbound": {
                    "usersAndGroups": null,
                    "applications": all("allowed", "AllApplications", "application"),
                },
                "inboundTrust": null,
            })
        );
        let patch = Changes::default()
            .patch(&current, &[Part::InboundUsers, Part::InboundApps])
            .unwrap();
        assert_eq!(patch, json!({ "b2bCollaborationInbound": null }));
    }

    #[test]
    fn targets_read_as_words() {
        assert_eq!(
            describe_targets(&all("allowed", "AllUsers", "user")),
            "allow all"
        );
        let listed = json!({ "accessType": "blocked", "targets": [
            { "target": "u1", "targetType": "user" }, { "target": "g1", "targetType": "group" },
        ] });
        assert_eq!(
            describe_targets(&listed),
            "block user u1, group g1; allow the rest"
        );
        assert_eq!(
            direction_summary(&json!({ "usersAndGroups": listed, "applications": null })),
            "users: block 2 listed; apps: default"
        );
        assert_eq!(direction_summary(&Value::Null), "default");
    }

    #[test]
    fn a_partner_shows_the_defaults_parts_it_leaves_alone() {
        let default = json!({
            "b2bCollaborationOutbound": {
                "usersAndGroups": all("allowed", "AllUsers", "user"),
                "applications": all("allowed", "AllApplications", "application"),
            },
            "inboundTrust": { "isMfaAccepted": true },
        });
        let partner = json!({
            "tenantId": "t1",
            "b2bCollaborationInbound": {
                "usersAndGroups": all("blocked", "AllUsers", "user"),
                "applications": null,
            },
            "b2bCollaborationOutbound": null,
            "inboundTrust": { "isMfaAccepted": false },
        });
        let out = partner_details(&partner, &default);
        assert!(
            out.contains("Inbound users and groups:   block all\n"),
            "{out}"
        );
        assert!(
            out.contains("Outbound applications:      default: allow all\n"),
            "{out}"
        );
        assert!(
            out.contains("Inbound trust:              MFA not accepted\n"),
            "{out}"
        );
    }

    #[test]
    fn an_explanation_names_the_rule_on_its_first_line() {
        let answer = json!({
            "decision": "refused",
            "partner": { "tenantId": "t1", "kind": "tenant", "hasEntry": true },
            "decidedBy": {
                "result": "refused", "direction": "inbound",
                "setting": "b2bCollaborationInbound.usersAndGroups", "source": "partner",
                "accessType": "blocked", "target": "AllUsers",
            },
            "collaborationPolicy": null,
            "evaluated": [{
                "result": "refused", "direction": "inbound",
                "setting": "b2bCollaborationInbound.usersAndGroups", "source": "partner",
                "accessType": "blocked", "target": "AllUsers",
            }],
        });
        let out = explanation("alice@fabrikam.test", &answer);
        assert_eq!(
            out.lines().next(),
            Some(
                "Refused by b2bCollaborationInbound.usersAndGroups (this tenant's partner \
                 entry): its block list names AllUsers."
            )
        );
        assert!(out.contains("t1 (a tenant of this deployment; with an entry of its own)"));
        let outbound = json!({
            "setting": "b2bCollaborationOutbound.applications", "direction": "outbound",
            "source": "partner", "accessType": "allowed", "target": null,
        });
        assert_eq!(
            rule(&outbound),
            "b2bCollaborationOutbound.applications (the home tenant's entry for this \
             tenant): its allow list does not name the application."
        );
    }
}
