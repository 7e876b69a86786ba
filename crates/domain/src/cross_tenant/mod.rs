//! Cross-tenant access settings (Graph's `crossTenantAccessPolicy`): a tenant's
//! default for every partner and its entries for named partners, who of a partner may
//! be invited, redeem and sign in (inbound), who of mine may accept a partner's
//! invitations (outbound), and whether a partner's second factor counts here
//! (`inboundTrust.isMfaAccepted`).
//!
//! A partner is a tenant of this deployment (by its id) or a partner elsewhere by one
//! of this tenant's federation configurations (by its id; its domains name the
//! partner's people). [`rules`] decides; [`enforce`] asks it at each step a person
//! takes; the use cases here read and change the settings, tenant admins only, each
//! change in its own transaction with its audit entry.
//!
//! The default's `inboundTrust.isMfaAccepted` is the collaboration policy's
//! `trustHomeMfa`: one value under two names, kept in the tenant's row.

pub mod enforce;
pub mod rules;
pub mod view;

use entente_model::cross_tenant::{
    ALL_APPLICATIONS, ALL_USERS, AccessTarget, B2bSetting, CrossTenantPartner, CrossTenantSettings,
    PartnerKind, RedemptionProviders, TargetConfiguration, TargetType,
};
use entente_model::{TenantId, UnixTime};
use entente_storage::{Db, PartnerField};

use crate::access::TenantAdmin;
use crate::directory_reads::{Found, Listing, found, query_of};
use crate::fields::{Fault, Rule};
use crate::{DomainError, Services};

/// The most targets one users-and-groups or applications list may hold.
pub const MAX_TARGETS: usize = 1_000;

/// The tenant's default as Graph shows it: every part filled in, and whether it is
/// still the system's.
#[derive(Clone, Debug)]
pub struct DefaultView {
    pub settings: CrossTenantSettings,
    pub is_service_default: bool,
}

/// A change of settings: each part given replaces that part; for a partner, a part
/// given as `Some(None)` goes back to the default's.
#[derive(Clone, Debug, Default)]
pub struct SettingsPatch {
    pub inbound_trust: Option<Option<entente_model::cross_tenant::InboundTrust>>,
    pub b2b_collaboration_inbound: Option<Option<B2bSetting>>,
    pub b2b_collaboration_outbound: Option<Option<B2bSetting>>,
    pub automatic_user_consent_settings:
        Option<Option<entente_model::cross_tenant::AutomaticUserConsent>>,
    pub invitation_redemption_identity_provider_configuration: Option<Option<RedemptionProviders>>,
}

/// The tenant's default.
pub async fn default_settings(
    services: &Services,
    admin: &TenantAdmin,
) -> Result<DefaultView, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    default_view(&mut db, admin.tenant).await
}

async fn default_view(db: &mut Db<'_>, tenant: TenantId) -> Result<DefaultView, DomainError> {
    let trusts = db
        .tenant_by_id(tenant)
        .await?
        .ok_or(DomainError::NotFound)?
        .collaboration
        .trust_home_mfa;
    let stored = db.cross_tenant_default(tenant).await?;
    let mut settings = rules::complete(
        stored.as_ref().map(|(s, _)| s.clone()).unwrap_or_default(),
        &CrossTenantSettings::system_default(),
    );
    if let Some(trust) = settings.inbound_trust.as_mut() {
        trust.is_mfa_accepted = trusts;
    }
    Ok(DefaultView {
        settings,
        is_service_default: stored.is_none(),
    })
}

/// Changes the default; answers it as it now is.
pub async fn update_default(
    services: &Services,
    admin: &TenantAdmin,
    patch: SettingsPatch,
    now: UnixTime,
) -> Result<DefaultView, DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    let mut tenant = db
        .tenant_for_update(admin.tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    let stored = db
        .cross_tenant_default(admin.tenant)
        .await?
        .map(|(s, _)| s)
        .unwrap_or_default();
    // Only a trust the patch gives changes the collaboration policy's (`null`: the
    // system's, which accepts no partner's MFA).
    let trust = patch
        .inbound_trust
        .clone()
        .map(|given| given.is_some_and(|t| t.is_mfa_accepted));
    let mut settings = patched(stored, patch, Whose::Default)?;
    check(&mut db, admin.tenant, &settings, None).await?;
    if let Some(accepted) = trust
        && accepted != tenant.collaboration.trust_home_mfa
    {
        tenant.collaboration.trust_home_mfa = accepted;
        db.set_tenant_collaboration(admin.tenant, &tenant.collaboration, &tenant.branding)
            .await?;
    }
    // The trust lives in the tenant's row; the stored default keeps the rest.
    if let Some(trust) = settings.inbound_trust.as_mut() {
        trust.is_mfa_accepted = false;
    }
    db.set_cross_tenant_default(admin.tenant, &settings, now)
        .await?;
    let view = default_view(&mut db, admin.tenant).await?;
    commit_audited(
        tx,
        services,
        admin,
        now,
        "Update cross-tenant access default",
        None,
        &view.settings,
    )
    .await?;
    Ok(view)
}

/// Puts the system's default back (Graph's `resetToSystemDefault`), its trust of
/// partners' MFA included: the collaboration policy's `trustHomeMfa` goes back to its
/// own default.
pub async fn reset_default(
    services: &Services,
    admin: &TenantAdmin,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    let mut tenant = db
        .tenant_for_update(admin.tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    let trusts = entente_model::CollaborationPolicy::default().trust_home_mfa;
    if tenant.collaboration.trust_home_mfa != trusts {
        tenant.collaboration.trust_home_mfa = trusts;
        db.set_tenant_collaboration(admin.tenant, &tenant.collaboration, &tenant.branding)
            .await?;
    }
    db.reset_cross_tenant_default(admin.tenant).await?;
    commit_audited(
        tx,
        services,
        admin,
        now,
        "Reset cross-tenant access default",
        None,
        &CrossTenantSettings::system_default(),
    )
    .await?;
    Ok(())
}

/// How an admin names a new partner: by id (Graph's `tenantId`), or by a domain, as
/// Entra's portal takes a tenant id or a domain name.
#[derive(Clone, Copy, Debug)]
pub enum PartnerName<'a> {
    Id(uuid::Uuid),
    /// The tenant here that proved the domain, else this tenant's federation
    /// configuration for it.
    Domain(&'a str),
}

impl<'a> PartnerName<'a> {
    /// An id when the text is one, else a domain.
    pub fn parse(text: &'a str) -> PartnerName<'a> {
        match uuid::Uuid::parse_str(text.trim()) {
            Ok(id) => PartnerName::Id(id),
            Err(_) => PartnerName::Domain(text.trim()),
        }
    }
}

/// Adds a partner entry for a tenant of this deployment or one of this tenant's
/// federation configurations.
pub async fn create_partner(
    services: &Services,
    admin: &TenantAdmin,
    name: PartnerName<'_>,
    patch: SettingsPatch,
    now: UnixTime,
) -> Result<CrossTenantPartner, DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    let partner_id = match name {
        PartnerName::Id(id) => id,
        PartnerName::Domain(domain) => partner_of_domain(&mut db, admin.tenant, domain).await?,
    };
    let kind = partner_kind(&mut db, admin.tenant, partner_id).await?;
    let settings = patched(CrossTenantSettings::default(), patch, Whose::Partner)?;
    check(&mut db, admin.tenant, &settings, Some(kind)).await?;
    let partner = CrossTenantPartner {
        partner_id,
        kind,
        settings,
        created_at: now,
        updated_at: now,
    };
    db.insert_cross_tenant_partner(admin.tenant, &partner)
        .await
        .map_err(|e| match e {
            entente_storage::StoreError::Conflict(_) => DomainError::Conflict(format!(
                "the cross-tenant access settings have an entry for {partner_id} already"
            )),
            other => other.into(),
        })?;
    commit_audited(
        tx,
        services,
        admin,
        now,
        "Add cross-tenant access partner",
        Some(partner_id),
        &partner.settings,
    )
    .await?;
    Ok(partner)
}

/// One partner entry.
pub async fn partner(
    services: &Services,
    admin: &TenantAdmin,
    partner_id: uuid::Uuid,
) -> Result<CrossTenantPartner, DomainError> {
    let mut conn = services.store.read().await?;
    conn.db()
        .cross_tenant_pair(admin.tenant, partner_id)
        .await?
        .partner
        .ok_or(DomainError::NotFound)
}

/// A page of the tenant's partner entries, in id order.
pub async fn list_partners(
    services: &Services,
    admin: &TenantAdmin,
    listing: &Listing<PartnerField>,
) -> Result<Found<CrossTenantPartner>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let page = db.list_cross_tenant_partners(admin.tenant, &query).await?;
    let count = match listing.count {
        true => Some(db.count_cross_tenant_partners(admin.tenant, &query).await?),
        false => None,
    };
    Ok(found(page, count))
}

/// Changes a partner entry; answers it as it now is.
pub async fn update_partner(
    services: &Services,
    admin: &TenantAdmin,
    partner_id: uuid::Uuid,
    patch: SettingsPatch,
    now: UnixTime,
) -> Result<CrossTenantPartner, DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    // A patch replaces some parts of what it read: the tenant's row, locked until the
    // commit on PostgreSQL (SQLite's single writer already does it), makes two patches
    // of one tenant's settings take turns, so neither loses the other's parts.
    db.tenant_for_update(admin.tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mut partner = db
        .cross_tenant_pair(admin.tenant, partner_id)
        .await?
        .partner
        .ok_or(DomainError::NotFound)?;
    partner.settings = patched(partner.settings, patch, Whose::Partner)?;
    check(&mut db, admin.tenant, &partner.settings, Some(partner.kind)).await?;
    db.update_cross_tenant_partner(admin.tenant, partner_id, &partner.settings, now)
        .await?;
    partner.updated_at = now;
    commit_audited(
        tx,
        services,
        admin,
        now,
        "Update cross-tenant access partner",
        Some(partner_id),
        &partner.settings,
    )
    .await?;
    Ok(partner)
}

/// Removes a partner entry: the default applies to that partner again.
pub async fn delete_partner(
    services: &Services,
    admin: &TenantAdmin,
    partner_id: uuid::Uuid,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    if !db
        .delete_cross_tenant_partner(admin.tenant, partner_id)
        .await?
    {
        return Err(DomainError::NotFound);
    }
    commit_audited(
        tx,
        services,
        admin,
        now,
        "Remove cross-tenant access partner",
        Some(partner_id),
        &CrossTenantSettings::default(),
    )
    .await?;
    Ok(())
}

/// Writes a change's audit entry, commits, and drops what this node cached of the
/// tenant's settings.
async fn commit_audited(
    mut tx: entente_storage::Tx,
    services: &Services,
    admin: &TenantAdmin,
    now: UnixTime,
    action: &str,
    partner: Option<uuid::Uuid>,
    settings: &CrossTenantSettings,
) -> Result<(), DomainError> {
    audit(&mut tx.db(), admin, now, action, partner, settings).await?;
    tx.commit().await?;
    services.cache.forget_tenant(admin.tenant);
    Ok(())
}

async fn audit(
    db: &mut Db<'_>,
    admin: &TenantAdmin,
    now: UnixTime,
    action: &str,
    partner: Option<uuid::Uuid>,
    settings: &CrossTenantSettings,
) -> Result<(), DomainError> {
    let target = partner.unwrap_or(admin.tenant.0).to_string();
    let kind = match partner {
        Some(_) => "CrossTenantAccessPolicyConfigurationPartner",
        None => "CrossTenantAccessPolicyConfigurationDefault",
    };
    let details = serde_json::to_value(settings).unwrap_or_default();
    db.append_audit(
        admin.tenant,
        now,
        &admin.actor,
        action,
        kind,
        Some(&target),
        &details,
    )
    .await?;
    Ok(())
}

/// The partner a domain names: the tenant here that proved it (or holds it as its
/// initial domain), else this tenant's federation configuration for it.
async fn partner_of_domain(
    db: &mut Db<'_>,
    tenant: TenantId,
    name: &str,
) -> Result<uuid::Uuid, DomainError> {
    let domain = crate::address::canonical_domain(name.trim_end_matches('.')).ok_or_else(|| {
        Fault::error(
            "tenantId",
            Rule::NotDomain {
                entry: name.to_owned(),
            },
            format!("tenantId \"{name}\" is neither an id nor a domain name"),
        )
    })?;
    if let Some(home) = db.tenant_by_domain(&domain).await? {
        return Ok(home.id.0);
    }
    if let Some(config) = db.federation_config_for_domain(tenant, &domain).await? {
        return Ok(config.id);
    }
    Err(Fault::error(
        "tenantId",
        Rule::UnknownPartner {
            entry: domain.clone(),
        },
        format!(
            "{domain} belongs to no tenant of this deployment and to none of this \
             tenant's federation configurations"
        ),
    ))
}

/// What an id names as a partner: a tenant of this deployment (never the tenant
/// itself), else one of the tenant's federation configurations.
async fn partner_kind(
    db: &mut Db<'_>,
    tenant: TenantId,
    id: uuid::Uuid,
) -> Result<PartnerKind, DomainError> {
    if id == tenant.0 {
        return Err(Fault::error(
            "tenantId",
            Rule::OwnOrganization,
            "a tenant cannot be its own cross-tenant access partner",
        ));
    }
    if db.tenant_by_id(TenantId(id)).await?.is_some() {
        return Ok(PartnerKind::Tenant);
    }
    if db.federation_config(tenant, id).await?.is_some() {
        return Ok(PartnerKind::Federation);
    }
    Err(Fault::error(
        "tenantId",
        Rule::UnknownPartner {
            entry: id.to_string(),
        },
        format!(
            "tenantId {id} names neither a tenant of this deployment nor a federation \
             configuration of this tenant"
        ),
    ))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Whose {
    Default,
    Partner,
}

/// Applies a patch. The default's parts cannot be cleared (a `null` puts the
/// system's part back); only the default has a redemption order.
fn patched(
    mut settings: CrossTenantSettings,
    patch: SettingsPatch,
    whose: Whose,
) -> Result<CrossTenantSettings, DomainError> {
    if whose == Whose::Partner
        && patch
            .invitation_redemption_identity_provider_configuration
            .is_some()
    {
        return Err(DomainError::invalid(
            "invitationRedemptionIdentityProviderConfiguration is set on the default only",
        ));
    }
    fn set<T>(slot: &mut Option<T>, value: Option<Option<T>>) {
        if let Some(value) = value {
            *slot = value;
        }
    }
    set(&mut settings.inbound_trust, patch.inbound_trust);
    set(
        &mut settings.b2b_collaboration_inbound,
        patch.b2b_collaboration_inbound,
    );
    set(
        &mut settings.b2b_collaboration_outbound,
        patch.b2b_collaboration_outbound,
    );
    set(
        &mut settings.automatic_user_consent_settings,
        patch.automatic_user_consent_settings,
    );
    set(
        &mut settings.invitation_redemption_identity_provider_configuration,
        patch.invitation_redemption_identity_provider_configuration,
    );
    if whose == Whose::Default {
        settings = rules::complete(settings, &CrossTenantSettings::system_default());
    }
    Ok(settings)
}

/// Checks settings whole: targets of the right type, ids that are ids, at most
/// [`MAX_TARGETS`] a list, inbound applications that are this tenant's, no listed
/// people for a partner elsewhere (its people have no ids here), and a redemption
/// order naming each way at most once.
async fn check(
    db: &mut Db<'_>,
    tenant: TenantId,
    settings: &CrossTenantSettings,
    kind: Option<PartnerKind>,
) -> Result<(), DomainError> {
    for (setting, inbound) in [
        (&settings.b2b_collaboration_inbound, true),
        (&settings.b2b_collaboration_outbound, false),
    ] {
        let Some(setting) = setting else { continue };
        if let Some(people) = &setting.users_and_groups {
            check_people(
                part_field(inbound, Part::People),
                people,
                inbound && kind == Some(PartnerKind::Federation),
            )?;
        }
        if let Some(apps) = &setting.applications {
            let field = part_field(inbound, Part::Applications);
            check_applications(field, apps)?;
            if inbound {
                // This tenant's own applications, or other organizations' it consented to.
                for target in apps.targets.iter().filter(|t| t.target != ALL_APPLICATIONS) {
                    if db
                        .usable_application(tenant, &target.target)
                        .await?
                        .is_none()
                    {
                        return Err(Fault::error(
                            field,
                            Rule::NotApplicationHere {
                                entry: target.target.clone(),
                            },
                            format!(
                                "{field}: {} is not the appId of an application of this tenant",
                                target.target
                            ),
                        ));
                    }
                }
            }
        }
    }
    if let Some(order) = &settings.invitation_redemption_identity_provider_configuration {
        // Each of the three ways once: the order only orders them, so nobody is
        // left without a way their organization has.
        let ways = &order.primary_identity_provider_precedence_order;
        let twice = ways.iter().enumerate().any(|(i, w)| ways[..i].contains(w));
        if ways.len() != 3 || twice {
            return Err(Fault::error(
                REDEMPTION_ORDER,
                Rule::RedemptionOrder,
                "primaryIdentityProviderPrecedenceOrder must name azureActiveDirectory, \
                 externalFederation and socialIdentityProviders, each once, in the order \
                 to try them",
            ));
        }
    }
    Ok(())
}

/// The field a refusal of the redemption order names.
pub const REDEMPTION_ORDER: &str =
    "invitationRedemptionIdentityProviderConfiguration.primaryIdentityProviderPrecedenceOrder";

/// Which list of a B2B collaboration setting.
#[derive(Clone, Copy)]
enum Part {
    People,
    Applications,
}

/// The API's name of a list, as a refusal names its field.
fn part_field(inbound: bool, part: Part) -> &'static str {
    match (inbound, part) {
        (true, Part::People) => "b2bCollaborationInbound.usersAndGroups",
        (true, Part::Applications) => "b2bCollaborationInbound.applications",
        (false, Part::People) => "b2bCollaborationOutbound.usersAndGroups",
        (false, Part::Applications) => "b2bCollaborationOutbound.applications",
    }
}

fn check_people(
    field: &'static str,
    config: &TargetConfiguration,
    elsewhere: bool,
) -> Result<(), DomainError> {
    check_size(field, &config.targets)?;
    for target in &config.targets {
        let all = target.target == ALL_USERS;
        let fits = match target.target_type {
            TargetType::User => all || uuid::Uuid::parse_str(&target.target).is_ok(),
            TargetType::Group => !all && uuid::Uuid::parse_str(&target.target).is_ok(),
            TargetType::Application => false,
        };
        if !fits {
            return Err(Fault::error(
                field,
                Rule::NotUserOrGroup {
                    entry: target.target.clone(),
                },
                format!(
                    "{field}: target \"{}\" of type {} must be AllUsers (type user) or a \
                     user's or group's object id",
                    target.target, target.target_type
                ),
            ));
        }
        if elsewhere && !all {
            return Err(Fault::error(
                field,
                Rule::OnlyAllUsers,
                format!(
                    "{field}: a partner through a federation configuration has no users or \
                     groups known here; only AllUsers can be allowed or blocked"
                ),
            ));
        }
    }
    Ok(())
}

fn check_applications(
    field: &'static str,
    config: &TargetConfiguration,
) -> Result<(), DomainError> {
    check_size(field, &config.targets)?;
    for target in &config.targets {
        if target.target_type != TargetType::Application || target.target.trim().is_empty() {
            return Err(Fault::error(
                field,
                Rule::NotApplicationHere {
                    entry: target.target.clone(),
                },
                format!(
                    "{field}: target \"{}\" must be AllApplications or an appId, of type \
                     application",
                    target.target
                ),
            ));
        }
    }
    Ok(())
}

fn check_size(field: &'static str, targets: &[AccessTarget]) -> Result<(), DomainError> {
    if targets.is_empty() || targets.len() > MAX_TARGETS {
        return Err(Fault::error(
            field,
            Rule::TooManyTargets { max: MAX_TARGETS },
            format!("{field} must list from 1 to {MAX_TARGETS} targets"),
        ));
    }
    Ok(())
}

/// "What if this person signs in to this application?": the person by address, the
/// application by `appId` (or none: inviting and redeeming only).
#[derive(Clone, Debug)]
pub struct Question {
    pub address: String,
    pub application: Option<String>,
}

/// The answer: allowed or not, the partner the address belongs to, each setting asked
/// in order with its verdict, and the collaboration policy's own say on the domain
/// (the most restrictive rule wins).
#[derive(Clone, Debug)]
pub struct Explanation {
    pub allowed: bool,
    pub partner: enforce::Partner,
    pub partner_kind: Option<PartnerKind>,
    /// The partner has an entry of its own (else the default decided).
    pub has_entry: bool,
    pub verdicts: Vec<rules::Verdict>,
    /// The first verdict that refused, when one did.
    pub decided_by: Option<rules::Verdict>,
    /// Why the collaboration policy refuses to invite the address (its stable code
    /// and message), when it does.
    pub collaboration_refusal: Option<(String, String)>,
}

/// Explains what the settings decide for a person and an application, as each step of
/// a real invitation, redemption and sign-in would ask them.
pub async fn explain(
    services: &Services,
    admin: &TenantAdmin,
    question: Question,
    now: UnixTime,
) -> Result<Explanation, DomainError> {
    let address = crate::address::canonical(question.address.trim()).ok_or_else(|| {
        Fault::error(
            "address",
            Rule::NotAnAddress,
            format!("\"{}\" is not an email address", question.address),
        )
    })?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let tenant = db
        .tenant_by_id(admin.tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    if let Some(app) = &question.application
        && db.usable_application(admin.tenant, app).await?.is_none()
    {
        return Err(Fault::error(
            "application",
            Rule::NotApplicationHere { entry: app.clone() },
            format!("{app} is not the appId of an application of this tenant"),
        ));
    }
    let partner = enforce::partner_of_address(&mut db, admin.tenant, &address).await?;
    let partner_kind = match partner {
        enforce::Partner::Tenant(..) => Some(PartnerKind::Tenant),
        enforce::Partner::Federation(_) => Some(PartnerKind::Federation),
        enforce::Partner::Nobody => None,
    };
    let ask = enforce::Ask {
        resource: admin.tenant,
        partner,
        application: question.application.as_deref(),
        outbound: true,
    };
    let verdicts = enforce::verdicts(services, &mut db, ask, now).await?;
    let has_entry = enforce::in_force(services, &mut db, admin.tenant, partner.id(), now)
        .await?
        .has_entry;
    let decided_by = verdicts.iter().find(|v| !v.allowed).cloned();
    let collaboration_refusal = crate::invitations::invite::domain_refusal(&tenant, &address)
        .map(|refusal| (refusal.code.to_owned(), refusal.message));
    Ok(Explanation {
        allowed: decided_by.is_none() && collaboration_refusal.is_none(),
        partner,
        partner_kind,
        has_entry,
        verdicts,
        decided_by,
        collaboration_refusal,
    })
}
