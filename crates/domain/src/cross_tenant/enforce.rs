//! Asking the cross-tenant access settings at each step a partner's person takes:
//! being invited, redeeming, each later sign-in (a browser session's first page at
//! the resource tenant, every token grant) and each application signed in to.
//!
//! The resource tenant's inbound settings for the person's partner decide first;
//! when the partner is a tenant of this deployment, its outbound settings for the
//! resource tenant decide too (Entra enforces the home side only for its own
//! tenants as well). The first setting that refuses is the answer, with the rule.

use std::collections::HashMap;
use std::sync::Arc;

use entente_model::{TenantId, UnixTime, User, UserId};
use entente_storage::Db;

use super::rules::{self, Direction, InForce, Person, Verdict};
use crate::{DomainError, Services};

/// Where a person's account lives, as the settings name partners.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Partner {
    /// A tenant of this deployment, and the account there when known.
    Tenant(TenantId, Option<UserId>),
    /// A partner elsewhere, through one of the resource tenant's federation
    /// configurations.
    Federation(uuid::Uuid),
    /// Nobody the settings can name (an address of no known organization): the
    /// default applies.
    Nobody,
}

impl Partner {
    /// The id a partner entry names it by.
    pub fn id(self) -> Option<uuid::Uuid> {
        match self {
            Partner::Tenant(tenant, _) => Some(tenant.0),
            Partner::Federation(id) => Some(id),
            Partner::Nobody => None,
        }
    }
}

/// A refusal by the cross-tenant access settings: the rule that decided, and whose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub verdict: Verdict,
    /// The partner the rule was about.
    pub partner: Option<uuid::Uuid>,
}

impl Refusal {
    /// A sentence for logs and the API, naming the setting and whose it is.
    pub fn message(&self) -> String {
        let whose = match self.verdict.direction {
            Direction::Inbound => "the inviting organization's inbound",
            Direction::Outbound => "the home organization's outbound",
        };
        let part = match self.verdict.part {
            rules::Part::UsersAndGroups => "users and groups",
            rules::Part::Applications => "applications",
        };
        let origin = match self.verdict.origin {
            rules::Origin::Partner => "partner settings",
            rules::Origin::Default => "default settings",
        };
        format!("refused by {whose} cross-tenant access {origin} ({part})")
    }
}

/// The settings `owner` applies to `partner`, from the cache when read lately
/// ([`crate::cache::TENANT_TTL`]; the node that changes them forgets them at once),
/// else read through `db`.
pub async fn in_force(
    services: &Services,
    db: &mut Db<'_>,
    owner: TenantId,
    partner: Option<uuid::Uuid>,
    now: UnixTime,
) -> Result<Arc<InForce>, DomainError> {
    if let Some(hit) = services.cache.cross_tenant(owner, partner, now) {
        return Ok(hit);
    }
    let trusts = db
        .tenant_by_id(owner)
        .await?
        .map(|t| t.collaboration.trust_home_mfa)
        .unwrap_or(true);
    let pair = match partner {
        Some(partner) => db.cross_tenant_pair(owner, partner).await?,
        None => entente_storage::CrossTenantPair {
            default: db.cross_tenant_default(owner).await?.map(|(s, _)| s),
            partner: None,
        },
    };
    let settings = Arc::new(InForce::new(
        pair.default.as_ref(),
        pair.partner.as_ref().map(|p| &p.settings),
        trusts,
    ));
    services
        .cache
        .remember_cross_tenant(owner, partner, settings.clone(), now);
    Ok(settings)
}

/// The partner an invited address belongs to: the tenant here that proved its domain
/// (with the account holding the address there, if any), else the inviting tenant's
/// federation configuration for the domain.
pub async fn partner_of_address(
    db: &mut Db<'_>,
    resource: TenantId,
    address: &str,
) -> Result<Partner, DomainError> {
    let domain = crate::address::domain_of(address);
    if let Some(home) = db.tenant_by_domain(&domain).await?
        && home.id != resource
    {
        let mail = address.to_lowercase();
        let user = db
            .users_by_mails(home.id, std::slice::from_ref(&mail))
            .await?
            .into_iter()
            .find(|u| u.user_type == entente_model::UserType::Member)
            .map(|u| u.id);
        return Ok(Partner::Tenant(home.id, user));
    }
    Ok(
        match db.federation_config_for_domain(resource, &domain).await? {
            Some(config) => Partner::Federation(config.id),
            None => Partner::Nobody,
        },
    )
}

/// The partner of a redeemed guest object: its home tenant and account here, or the
/// federation configuration of the provider that redeemed it.
pub async fn partner_of_guest(db: &mut Db<'_>, guest: &User) -> Result<Partner, DomainError> {
    if let Some(home) = guest.home_tenant_id {
        return Ok(Partner::Tenant(home, guest.home_user_id));
    }
    if let Some(issuer) = &guest.external_issuer
        && let Some(id) = db
            .federation_config_id_by_issuer(guest.tenant_id, issuer)
            .await?
    {
        return Ok(Partner::Federation(id));
    }
    Ok(Partner::Nobody)
}

/// What one check asks: the person, and optionally the application (its `appId`).
#[derive(Clone, Copy, Debug)]
pub struct Ask<'a> {
    pub resource: TenantId,
    pub partner: Partner,
    pub application: Option<&'a str>,
    /// Whether the home tenant's outbound settings are asked too: not when inviting
    /// (the home side decides when its person accepts).
    pub outbound: bool,
}

/// Every verdict, in the order they are asked; the first refusal decides.
pub async fn verdicts(
    services: &Services,
    db: &mut Db<'_>,
    ask: Ask<'_>,
    now: UnixTime,
) -> Result<Vec<Verdict>, DomainError> {
    let inbound = in_force(services, db, ask.resource, ask.partner.id(), now).await?;
    let (home_tenant, home_user) = match ask.partner {
        Partner::Tenant(tenant, user) => (Some(tenant), user),
        _ => (None, None),
    };
    let outbound = match (ask.outbound, home_tenant) {
        (true, Some(home)) => Some(in_force(services, db, home, Some(ask.resource.0), now).await?),
        _ => None,
    };
    // Group targets need the person's groups at home, read only when named.
    let needs_groups = names_groups(&inbound.inbound)
        || outbound.as_ref().is_some_and(|o| names_groups(&o.outbound));
    let groups = match (home_tenant, home_user, needs_groups) {
        (Some(tenant), Some(user), true) => groups_at_home(db, tenant, user).await?,
        _ => Vec::new(),
    };
    let person = Person {
        user: home_user.map(|u| u.0),
        groups: &groups,
    };
    Ok(evaluate(
        &inbound,
        outbound.as_deref(),
        person,
        ask.application,
    ))
}

/// The groups a person belongs to at their home tenant, as targets name them.
async fn groups_at_home(
    db: &mut Db<'_>,
    tenant: TenantId,
    user: UserId,
) -> Result<Vec<uuid::Uuid>, DomainError> {
    Ok(db
        .group_ids_of_user(tenant, user)
        .await?
        .into_iter()
        .map(|g| g.0)
        .collect())
}

/// Whether a setting's people name a group (whose members must then be read).
fn names_groups(setting: &rules::Setting) -> bool {
    setting
        .users_and_groups
        .0
        .targets
        .iter()
        .any(|t| t.target_type == entente_model::cross_tenant::TargetType::Group)
}

/// Every verdict, in order: the inbound people, the home tenant's outbound people,
/// then the same for the application when one is asked for.
fn evaluate(
    inbound: &InForce,
    outbound: Option<&InForce>,
    person: Person<'_>,
    application: Option<&str>,
) -> Vec<Verdict> {
    let mut verdicts = vec![rules::person_passes(
        &inbound.inbound.users_and_groups,
        person,
        Direction::Inbound,
    )];
    if let Some(outbound) = outbound {
        verdicts.push(rules::person_passes(
            &outbound.outbound.users_and_groups,
            person,
            Direction::Outbound,
        ));
    }
    if let Some(app) = application {
        verdicts.push(rules::application_passes(
            &inbound.inbound.applications,
            app,
            Direction::Inbound,
        ));
        if let Some(outbound) = outbound {
            verdicts.push(rules::application_passes(
                &outbound.outbound.applications,
                app,
                Direction::Outbound,
            ));
        }
    }
    verdicts
}

/// The first refusal of a check, if any.
pub async fn check(
    services: &Services,
    db: &mut Db<'_>,
    ask: Ask<'_>,
    now: UnixTime,
) -> Result<Result<(), Refusal>, DomainError> {
    let refused = verdicts(services, db, ask, now)
        .await?
        .into_iter()
        .find(|v| !v.allowed);
    Ok(match refused {
        Some(verdict) => Err(Refusal {
            verdict,
            partner: ask.partner.id(),
        }),
        None => Ok(()),
    })
}

/// Whether the resource tenant accepts the second factor the person's home sign-in
/// proved (`inboundTrust.isMfaAccepted` for that partner).
pub async fn trusts_home_mfa(
    services: &Services,
    db: &mut Db<'_>,
    resource: TenantId,
    partner: Partner,
    now: UnixTime,
) -> Result<bool, DomainError> {
    Ok(in_force(services, db, resource, partner.id(), now)
        .await?
        .trust
        .0
        .is_mfa_accepted)
}

/// The inbound refusals of invitations to `addresses` (lower-cased), by address: the
/// check of every invitation of one request or bulk file at once. Each domain's
/// partner is found once, and its people looked up only when its setting names
/// people rather than everyone.
pub async fn invitation_refusals(
    services: &Services,
    db: &mut Db<'_>,
    resource: TenantId,
    addresses: &[String],
    now: UnixTime,
) -> Result<HashMap<String, Refusal>, DomainError> {
    let mut refusals = HashMap::new();
    let default = in_force(services, db, resource, None, now).await?;
    if !db.has_cross_tenant_partners(resource).await?
        && everyone(&default.inbound.users_and_groups.0) == Some(true)
    {
        return Ok(refusals);
    }
    let mut by_domain: HashMap<String, Vec<&String>> = HashMap::new();
    for address in addresses {
        by_domain
            .entry(crate::address::domain_of(address))
            .or_default()
            .push(address);
    }
    for (domain, addresses) in by_domain {
        let partner = match db.tenant_by_domain(&domain).await? {
            Some(home) if home.id != resource => Partner::Tenant(home.id, None),
            _ => match db.federation_config_for_domain(resource, &domain).await? {
                Some(config) => Partner::Federation(config.id),
                None => Partner::Nobody,
            },
        };
        let settings = in_force(services, db, resource, partner.id(), now).await?;
        let config = &settings.inbound.users_and_groups;
        let refuse = |verdict: Verdict| Refusal {
            verdict,
            partner: partner.id(),
        };
        if let Some(decided) = everyone(&config.0) {
            if !decided {
                let verdict = rules::person_passes(config, Person::default(), Direction::Inbound);
                for address in addresses {
                    refusals.insert(address.clone(), refuse(verdict.clone()));
                }
            }
            continue;
        }
        // The setting names people: find each at the partner (a partner elsewhere
        // names none, so its listed people never match).
        let accounts: HashMap<String, UserId> = match partner {
            Partner::Tenant(home, _) => {
                let mails: Vec<String> = addresses.iter().map(|a| (*a).clone()).collect();
                db.users_by_mails(home, &mails)
                    .await?
                    .into_iter()
                    .filter(|u| u.user_type == entente_model::UserType::Member)
                    .filter_map(|u| Some((u.mail.as_deref()?.to_lowercase(), u.id)))
                    .collect()
            }
            _ => HashMap::new(),
        };
        let names_groups = config
            .0
            .targets
            .iter()
            .any(|t| t.target_type == entente_model::cross_tenant::TargetType::Group);
        for address in addresses {
            let user = accounts.get(address.as_str()).copied();
            let groups = match (partner, user, names_groups) {
                (Partner::Tenant(home, _), Some(user), true) => {
                    groups_at_home(db, home, user).await?
                }
                _ => Vec::new(),
            };
            let person = Person {
                user: user.map(|u| u.0),
                groups: &groups,
            };
            let verdict = rules::person_passes(config, person, Direction::Inbound);
            if !verdict.allowed {
                refusals.insert(address.clone(), refuse(verdict));
            }
        }
    }
    Ok(refusals)
}

/// What a users-and-groups setting says of everyone at once, when it names
/// `AllUsers`: allowed or blocked. `None` when it names people.
fn everyone(config: &entente_model::cross_tenant::TargetConfiguration) -> Option<bool> {
    config
        .targets
        .iter()
        .any(|t| t.target == entente_model::cross_tenant::ALL_USERS)
        .then_some(config.access_type == entente_model::cross_tenant::AccessType::Allowed)
}

/// Whether a user may sign in (to `application`, by its `appId`, when given) now:
/// always for a member; for a guest, what its partner's settings say. Asked at every
/// token grant and SAML response, so a rule takes effect at the next one.
pub async fn may_sign_in(
    services: &Services,
    db: &mut Db<'_>,
    user: &User,
    application: Option<&str>,
    now: UnixTime,
) -> Result<Result<(), Refusal>, DomainError> {
    if user.user_type != entente_model::UserType::Guest {
        return Ok(Ok(()));
    }
    let partner = partner_of_guest(db, user).await?;
    let ask = Ask {
        resource: user.tenant_id,
        partner,
        application,
        outbound: true,
    };
    check(services, db, ask, now).await
}

/// [`may_sign_in`] for the token path: a guest of a tenant here whose settings both
/// sides apply are cached (and name no group) is decided without a database
/// connection; anything else reads what is missing.
pub async fn may_sign_in_now(
    services: &Services,
    user: &User,
    application: Option<&str>,
    now: UnixTime,
) -> Result<Result<(), Refusal>, DomainError> {
    if user.user_type != entente_model::UserType::Guest {
        return Ok(Ok(()));
    }
    if let Some(home) = user.home_tenant_id {
        let cache = &services.cache;
        let inbound = cache.cross_tenant(user.tenant_id, Some(home.0), now);
        let outbound = cache.cross_tenant(home, Some(user.tenant_id.0), now);
        if let (Some(inbound), Some(outbound)) = (inbound, outbound)
            && !names_groups(&inbound.inbound)
            && !names_groups(&outbound.outbound)
        {
            let person = Person {
                user: user.home_user_id.map(|u| u.0),
                groups: &[],
            };
            let refused = evaluate(&inbound, Some(&outbound), person, application)
                .into_iter()
                .find(|v| !v.allowed);
            return Ok(match refused {
                Some(verdict) => Err(Refusal {
                    verdict,
                    partner: Some(home.0),
                }),
                None => Ok(()),
            });
        }
    }
    let mut conn = services.store.read().await?;
    may_sign_in(services, &mut conn.db(), user, application, now).await
}
