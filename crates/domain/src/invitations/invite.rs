//! Inviting partner users: one at a time, or a whole checked file at once; resending,
//! revoking, and resetting a redemption.
//!
//! Every invitation creates (or finds) the guest object at once, adds it to the listed
//! groups and applications, records the invitation with a hashed single-use link, and
//! queues the invitation email in the same transaction, so a guest never exists
//! without its email and an email never announces a guest that was rolled back.

use std::collections::{HashMap, HashSet};

use entente_model::{
    Actor, AppId, AppRoleAssignment, AssignmentId, CreationType, ExternalUserState, GroupId,
    Invitation, InvitationId, InvitationStatus, PrincipalType, Tenant, TenantId, UnixTime, User,
    UserId, UserType,
};
use entente_storage::{Db, EmailState, Tx};
use serde_json::json;
use uuid::Uuid;

use super::Language;
use super::bulk::{PendingAudit, Writes};
use super::csv_import::{InvitationRow, RowError, SponsorRef};
use super::email::{InvitationEmailContent, render_invitation_email};
use super::guests::{guest_principal_name, is_consumer_address};
use crate::access::Caller;
use crate::crypto::{new_token, token_hash};
use crate::mail::{OutgoingEmail, SealedEmail, enqueue_email};
use crate::{DomainError, Services};

/// Stable codes of the checks that need the directory, beside the file's own
/// ([`super::csv_import::code`]).
pub mod code {
    /// The address is at a consumer email service and the tenant does not allow those.
    pub const CONSUMER_DOMAIN: &str = "consumer_domain";
    /// The tenant's allow-list or deny-list refuses the address's domain.
    pub const DOMAIN_NOT_ALLOWED: &str = "domain_not_allowed";
    /// The address belongs to a member of the tenant.
    pub const ALREADY_MEMBER: &str = "already_member";
    /// An application id names no application of the tenant.
    pub const UNKNOWN_APPLICATION: &str = "unknown_application";
    /// A group id names no group of the tenant.
    pub const UNKNOWN_GROUP: &str = "unknown_group";
    /// The inviter may not add users to groups, so may not invite into one.
    pub const GROUP_NOT_PERMITTED: &str = "group_not_permitted";
    /// The inviter may not assign users to applications, so may not invite into one.
    pub const APPLICATION_NOT_PERMITTED: &str = "application_not_permitted";
    /// The tenant's cross-tenant access settings keep the address's people out.
    pub const CROSS_TENANT_BLOCKED: &str = "cross_tenant_blocked";
    /// A sponsor names no member user or group of the tenant.
    pub const UNKNOWN_SPONSOR: &str = "unknown_sponsor";
    /// A sponsor names a guest, who cannot answer for another guest.
    pub const SPONSOR_NOT_MEMBER: &str = "sponsor_not_member";
}

/// Proof that the caller may invite partner users into its tenant: a holder of
/// `User.Invite.All` (Global Administrators and Guest Inviters have it), of a user or
/// directory write permission, or a member when the tenant lets members invite.
///
/// Inviting may only grant what the caller could grant directly: the invitation's
/// groups need [`Caller::group_members`], its applications
/// [`Caller::assignments_of`] users; both are decided here, once, by those rules.
#[derive(Clone, Debug)]
pub struct GuestInviter {
    pub tenant: TenantId,
    pub actor: Actor,
    /// The caller may add users to groups (and so invite into groups).
    may_add_to_groups: bool,
    /// The caller may assign users to applications (and so invite into them).
    may_assign_applications: bool,
}

impl GuestInviter {
    /// Whether the inviter may invite into groups.
    pub(crate) fn may_add_to_groups(&self) -> bool {
        self.may_add_to_groups
    }

    /// Whether the inviter may invite into applications.
    pub(crate) fn may_assign_applications(&self) -> bool {
        self.may_assign_applications
    }
}

/// Checks that `caller` may invite.
pub async fn guest_inviter(
    services: &Services,
    caller: &Caller,
) -> Result<GuestInviter, DomainError> {
    let inviter = GuestInviter {
        tenant: caller.tenant,
        actor: caller.actor.clone(),
        may_add_to_groups: caller.group_members().is_ok(),
        may_assign_applications: caller.assignments_of(PrincipalType::User).is_ok(),
    };
    if caller.may_invite() {
        return Ok(inviter);
    }
    if let Actor::User(user) = caller.actor {
        let mut conn = services.store.read().await?;
        let mut db = conn.db();
        let members_can_invite = db
            .tenant_by_id(caller.tenant)
            .await?
            .is_some_and(|t| t.collaboration.members_can_invite);
        let is_member = db
            .user_by_id(caller.tenant, user)
            .await?
            .is_some_and(|u| u.user_type == UserType::Member && u.account_enabled);
        if members_can_invite && is_member {
            return Ok(inviter);
        }
    }
    Err(DomainError::Forbidden("User.Invite.All"))
}

/// An invitation as the API shows it.
#[derive(Clone, Debug)]
pub struct Invited {
    pub invitation: Invitation,
    pub guest: User,
    /// The redemption link; only known when the invitation was just made or renewed.
    pub redeem_url: Option<String>,
    /// Where the invitation email stands, when one was queued.
    pub email: Option<EmailState>,
}

/// What the inviter asks beyond the row itself.
#[derive(Clone, Copy, Debug)]
pub struct InviteOptions {
    /// Queue the invitation email (Graph's `sendInvitationMessage`).
    pub send_message: bool,
}

/// What the tenant's collaboration policy says of inviting `email`: its domain
/// blocked, or outside the allowed ones, or a consumer service's the tenant does not
/// take. `None` when the policy allows it.
pub(crate) fn domain_refusal(tenant: &Tenant, email: &str) -> Option<RowError> {
    let domain = crate::address::domain_of(email);
    let policy = &tenant.collaboration;
    // Lists saved before domains had one form may hold an `xn--` name.
    let listed = |list: &[String]| {
        list.iter()
            .any(|d| *d == domain || crate::address::canonical_domain(d).as_ref() == Some(&domain))
    };
    if listed(&policy.blocked_domains)
        || (!policy.allowed_domains.is_empty() && !listed(&policy.allowed_domains))
    {
        Some(RowError::new(
            code::DOMAIN_NOT_ALLOWED,
            format!(
                "{} does not allow invitations to {domain}",
                tenant.display_name
            ),
        ))
    } else if !policy.allow_consumer_domains && is_consumer_address(email) {
        Some(RowError::new(
            code::CONSUMER_DOMAIN,
            format!(
                "{domain} is a consumer email service; the tenant's policy does not \
                 allow inviting its addresses"
            ),
        ))
    } else {
        None
    }
}

/// Invites one partner user.
pub async fn invite(
    services: &Services,
    inviter: &GuestInviter,
    row: InvitationRow,
    options: InviteOptions,
    now: UnixTime,
) -> Result<Invited, DomainError> {
    let mut tx = services.store.write().await?;
    let context = Context::load(
        services,
        &mut tx.db(),
        inviter,
        std::slice::from_ref(&row),
        now,
    )
    .await?;
    let outcome = invite_in(&mut tx, services, &context, inviter, &row, options, now).await?;
    let made = outcome.map_err(rejection)?;
    tx.commit().await?;
    if made.email_queued {
        services.wake_mail_delivery();
    }
    Ok(made.invited)
}

/// One checked row's outcome of a batch: what was made, or why not.
pub(crate) struct Made {
    pub invited: Invited,
    pub email_queued: bool,
}

/// Turns a row's rejection into the API's error: a member's address is a conflict, a
/// group or application the inviter may not grant is refused, everything else is bad
/// input.
fn rejection(error: RowError) -> DomainError {
    if error.code == code::ALREADY_MEMBER {
        DomainError::Conflict(error.message)
    } else if error.code == code::GROUP_NOT_PERMITTED
        || error.code == code::APPLICATION_NOT_PERMITTED
        || error.code == code::CROSS_TENANT_BLOCKED
    {
        DomainError::Refused(error.message)
    } else {
        DomainError::invalid(error.message)
    }
}

/// What every row of one request shares: the tenant and its policy, which ids exist,
/// who is already there, and the inviter's name.
pub(crate) struct Context {
    pub tenant: Tenant,
    /// The actor's name the audit entries keep: the inviting user's or application's.
    pub actor_name: Option<String>,
    /// Whether a user invites: only a user's name is the email's "who invited you".
    inviter_is_user: bool,
    /// What the inviter may grant ([`GuestInviter`]).
    may_add_to_groups: bool,
    may_assign_applications: bool,
    groups: HashSet<Uuid>,
    /// Applications of the tenant named by the rows, with the name and logo their
    /// branding needs.
    applications: HashMap<Uuid, (String, Option<String>)>,
    /// Users of the tenant holding the rows' addresses, by lower-cased address.
    users: HashMap<String, User>,
    /// The rows' addresses (lower-cased) the cross-tenant access settings refuse.
    cross_tenant: HashMap<String, crate::cross_tenant::enforce::Refusal>,
    /// What each sponsor the rows name is in the tenant.
    sponsors: HashMap<SponsorRef, Sponsor>,
}

/// A sponsor an invitation names, as the tenant knows it.
#[derive(Clone, Copy, Debug)]
enum Sponsor {
    /// A member user or a group, which may sponsor.
    Found(Uuid, PrincipalType),
    /// A guest, which may not.
    Guest,
    Unknown,
}

impl Sponsor {
    /// Finds what `reference` names among the tenant's users and groups: an id is a
    /// user's or a group's, an address a user's mail or principal name (a member's
    /// first, as for invited addresses).
    async fn find(
        db: &mut Db<'_>,
        tenant: TenantId,
        reference: &SponsorRef,
    ) -> Result<Sponsor, DomainError> {
        let user = match reference {
            SponsorRef::Id(id) => db.user_by_id(tenant, UserId(*id)).await?,
            SponsorRef::Address(address) => match db.user_by_principal_name(tenant, address).await?
            {
                Some(user) if user.user_type == UserType::Member => Some(user),
                by_name => db.user_by_mail(tenant, address).await?.or(by_name),
            },
        };
        Ok(match (user, reference) {
            (Some(user), _) if user.user_type == UserType::Guest => Sponsor::Guest,
            (Some(user), _) => Sponsor::Found(user.id.0, PrincipalType::User),
            (None, SponsorRef::Id(id)) => match db.group_by_id(tenant, GroupId(*id)).await? {
                Some(group) => Sponsor::Found(group.id.0, PrincipalType::Group),
                None => Sponsor::Unknown,
            },
            (None, SponsorRef::Address(_)) => Sponsor::Unknown,
        })
    }
}

impl Context {
    pub(crate) async fn load(
        services: &Services,
        db: &mut Db<'_>,
        inviter: &GuestInviter,
        rows: &[InvitationRow],
        now: UnixTime,
    ) -> Result<Context, DomainError> {
        let tenant = db
            .tenant_by_id(inviter.tenant)
            .await?
            .ok_or(DomainError::NotFound)?;
        let actor_name = match inviter.actor {
            Actor::User(id) => db
                .user_by_id(inviter.tenant, id)
                .await?
                .map(|u| u.display_name),
            Actor::Application(id) => db
                .application_by_id(inviter.tenant, id)
                .await?
                .map(|a| a.display_name),
            Actor::System => None,
        };
        let mut group_ids: Vec<Uuid> = rows
            .iter()
            .flat_map(|r| r.group_ids.iter().copied())
            .collect();
        group_ids.sort_unstable();
        group_ids.dedup();
        let groups = db
            .existing_group_ids(inviter.tenant, &group_ids)
            .await?
            .into_iter()
            .collect();
        let mut app_ids: Vec<Uuid> = rows
            .iter()
            .flat_map(|r| r.application_ids.iter().copied().chain(r.branding_app_id))
            .collect();
        app_ids.sort_unstable();
        app_ids.dedup();
        let mut applications = HashMap::new();
        for id in db
            .existing_application_ids(inviter.tenant, &app_ids)
            .await?
        {
            if let Some(app) = db.application_by_id(inviter.tenant, AppId(id)).await? {
                applications.insert(id, (app.display_name, app.logo_url));
            }
        }
        let mails: Vec<String> = rows.iter().map(|r| r.email.to_lowercase()).collect();
        let mut users = HashMap::new();
        for user in db.users_by_mails(inviter.tenant, &mails).await? {
            if let Some(mail) = user.mail.as_deref().map(str::to_lowercase) {
                // Members sort first: the first user found for an address decides.
                users.entry(mail).or_insert(user);
            }
        }
        let cross_tenant = crate::cross_tenant::enforce::invitation_refusals(
            services,
            db,
            inviter.tenant,
            &mails,
            now,
        )
        .await?;
        // A file names the same few sponsors on many rows: each is looked up once.
        let mut sponsors = HashMap::new();
        for reference in rows.iter().flat_map(|r| &r.sponsors) {
            if !sponsors.contains_key(reference) {
                let found = Sponsor::find(db, inviter.tenant, reference).await?;
                sponsors.insert(reference.clone(), found);
            }
        }
        Ok(Context {
            tenant,
            actor_name,
            inviter_is_user: matches!(inviter.actor, Actor::User(_)),
            may_add_to_groups: inviter.may_add_to_groups,
            may_assign_applications: inviter.may_assign_applications,
            groups,
            applications,
            users,
            cross_tenant,
            sponsors,
        })
    }

    /// The sponsors `row` names, as found in the tenant (only those that may sponsor).
    fn sponsors_of(&self, row: &InvitationRow) -> Vec<(Uuid, PrincipalType)> {
        let mut found: Vec<(Uuid, PrincipalType)> = Vec::new();
        for reference in &row.sponsors {
            // An address and an id (or two spellings) may name the same sponsor.
            if let Some(Sponsor::Found(id, kind)) = self.sponsors.get(reference)
                && !found.iter().any(|(known, _)| known == id)
            {
                found.push((*id, *kind));
            }
        }
        found
    }

    /// The inviting user's name, which the email gives (an application's is not).
    fn inviter_name(&self) -> Option<&str> {
        self.actor_name.as_deref().filter(|_| self.inviter_is_user)
    }

    /// The checks that need the directory, for a preview or just before inviting.
    pub(crate) fn check(&self, row: &InvitationRow) -> Vec<RowError> {
        let mut errors = Vec::new();
        // What the inviter may not grant comes first (the API answers the first
        // problem), and says nothing about whether the group or application exists.
        let refused_groups = !self.may_add_to_groups && !row.group_ids.is_empty();
        let refused_apps = !self.may_assign_applications && !row.application_ids.is_empty();
        if refused_groups {
            for id in &row.group_ids {
                errors.push(RowError::new(
                    code::GROUP_NOT_PERMITTED,
                    format!(
                        "you may not add members to group {id}, so you may not invite \
                         into it (Group.ReadWrite.All is required)"
                    ),
                ));
            }
        }
        if refused_apps {
            for id in &row.application_ids {
                errors.push(RowError::new(
                    code::APPLICATION_NOT_PERMITTED,
                    format!(
                        "you may not assign users to application {id}, so you may not \
                         invite into it (User.ReadWrite.All is required)"
                    ),
                ));
            }
        }
        errors.extend(domain_refusal(&self.tenant, &row.email));
        if let Some(refusal) = self.cross_tenant.get(&row.email.to_lowercase()) {
            errors.push(RowError::new(
                code::CROSS_TENANT_BLOCKED,
                format!(
                    "{}: {} may not be invited: {}",
                    self.tenant.display_name,
                    row.email,
                    refusal.message()
                ),
            ));
        }
        if let Some(user) = self.users.get(&row.email.to_lowercase())
            && user.user_type == UserType::Member
        {
            errors.push(RowError::new(
                code::ALREADY_MEMBER,
                format!("{} is a member of this tenant", row.email),
            ));
        }
        for id in row.application_ids.iter().filter(|_| !refused_apps) {
            if !self.applications.contains_key(id) {
                errors.push(RowError::new(
                    code::UNKNOWN_APPLICATION,
                    format!("there is no application {id} in this tenant"),
                ));
            }
        }
        if let Some(id) = row.branding_app_id
            && !self.applications.contains_key(&id)
        {
            errors.push(RowError::new(
                code::UNKNOWN_APPLICATION,
                format!("there is no application {id} in this tenant"),
            ));
        }
        for id in row.group_ids.iter().filter(|_| !refused_groups) {
            if !self.groups.contains(id) {
                errors.push(RowError::new(
                    code::UNKNOWN_GROUP,
                    format!("there is no group {id} in this tenant"),
                ));
            }
        }
        for reference in &row.sponsors {
            match self.sponsors.get(reference) {
                Some(Sponsor::Found(..)) => {}
                Some(Sponsor::Guest) => errors.push(RowError::new(
                    code::SPONSOR_NOT_MEMBER,
                    format!(
                        "sponsor {} is a guest; a sponsor is a member user or a group",
                        reference.as_written()
                    ),
                )),
                _ => errors.push(RowError::new(
                    code::UNKNOWN_SPONSOR,
                    format!(
                        "there is no member user or group {} in this tenant to sponsor the guest",
                        reference.as_written()
                    ),
                )),
            }
        }
        errors
    }
}

/// Invites one checked row on the caller's transaction: the rules first, then the
/// guest, its memberships and assignments, the invitation, its email and the audit.
pub(crate) async fn invite_in(
    tx: &mut Tx,
    services: &Services,
    context: &Context,
    inviter: &GuestInviter,
    row: &InvitationRow,
    options: InviteOptions,
    now: UnixTime,
) -> Result<Result<Made, RowError>, DomainError> {
    let mut writes = Writes::default();
    let made = decide_invite(services, context, inviter, row, options, now, &mut writes)?;
    writes
        .flush(tx, inviter, context.actor_name.as_deref(), now)
        .await?;
    Ok(made)
}

/// Decides what inviting one checked row writes (the rules first, then the guest, its
/// memberships and assignments, the invitation, its email and the audit) into
/// `writes`, which the caller flushes on its transaction.
pub(crate) fn decide_invite(
    services: &Services,
    context: &Context,
    inviter: &GuestInviter,
    row: &InvitationRow,
    options: InviteOptions,
    now: UnixTime,
    writes: &mut Writes,
) -> Result<Result<Made, RowError>, DomainError> {
    if let Some(first) = context.check(row).into_iter().next() {
        return Ok(Err(first));
    }
    let tenant = &context.tenant;
    let existing = context.users.get(&row.email.to_lowercase()).cloned();
    let sponsors = context.sponsors_of(row);
    let guest = match existing {
        Some(guest) => {
            // Sponsors named again for a guest already here join those it has.
            for (sponsor, kind) in &sponsors {
                writes.sponsored.push((guest.id, *sponsor, *kind));
            }
            guest
        }
        None => {
            let upn = guest_principal_name(&row.email, &tenant.initial_domain);
            let display_name = if row.display_name.is_empty() {
                upn.clone()
            } else {
                row.display_name.clone()
            };
            let guest = User {
                user_type: UserType::Guest,
                creation_type: Some(CreationType::Invitation),
                external_user_state: Some(ExternalUserState::PendingAcceptance),
                external_user_state_changed_at: Some(now),
                ..User::new_member(tenant.id, upn, Some(row.email.clone()), display_name, now)
            };
            writes.users.push(guest.clone());
            // The sponsors the invitation names answer for the guest; without any,
            // the inviting user who brought it in does (decision 0015). An
            // application inviting names nobody, and the guest is unsponsored.
            for (sponsor, kind) in &sponsors {
                writes.sponsored.push((guest.id, *sponsor, *kind));
            }
            if let (true, Actor::User(sponsor)) = (sponsors.is_empty(), &inviter.actor) {
                writes
                    .sponsored
                    .push((guest.id, sponsor.0, PrincipalType::User));
            }
            let details = json!({
                "userPrincipalName": guest.user_principal_name, "mail": guest.mail,
                "displayName": guest.display_name, "userType": "Guest",
            });
            writes.audits.push(PendingAudit {
                action: "Add user",
                target_type: "User",
                target_id: guest.id.to_string(),
                details,
                target_name: Some(guest.display_name.clone()),
            });
            guest
        }
    };
    // A new guest's access ends as the invitation says, or as the tenant's guest
    // lifetime says; an invitation naming an end moves it for a guest already here.
    let new_guest = !context.users.contains_key(&row.email.to_lowercase());
    let ends = row.access_ends_at.or_else(|| {
        new_guest
            .then(|| crate::lifecycle::default_end(&tenant.collaboration, now))
            .flatten()
    });
    if let Some(ends) = ends {
        let end = crate::lifecycle::plan(&tenant.collaboration, Some(ends), now);
        writes.access_ends.push((guest.id, end));
    }
    for group in &row.group_ids {
        writes.members.push((GroupId(*group), guest.id));
    }
    for app in &row.application_ids {
        writes.assignments.push(AppRoleAssignment {
            id: AssignmentId::new_id(),
            tenant_id: tenant.id,
            principal_id: guest.id.0,
            principal_type: PrincipalType::User,
            resource_id: *app,
            app_role_id: Uuid::nil(),
            created_at: now,
        });
    }

    let secret = new_token(services.entropy.as_ref());
    let lifetime = link_lifetime(tenant);
    let mut invitation = new_invitation(inviter, guest.id, row, options, lifetime, now);
    let redeem_url = redeem_url(services, invitation.id, &secret);
    log_link(services, &invitation, &redeem_url);
    if options.send_message {
        let email = invitation_email(services, context, &invitation, &redeem_url);
        crate::mail::check(&email)?;
        let id = Uuid::now_v7();
        writes.emails.push(SealedEmail::new(
            &services.master,
            services.entropy.as_ref(),
            id,
            &email,
        ));
        invitation.outbox_id = Some(id);
    }
    writes
        .invitations
        .push((invitation.clone(), token_hash(&secret)));
    let details = json!({
        "invitationId": invitation.id.to_string(), "invitedUserEmailAddress": invitation.invited_email,
        "inviteRedirectUrl": invitation.redirect_url, "sendInvitationMessage": options.send_message,
        "groups": row.group_ids, "applications": row.application_ids,
        "ccRecipients": invitation.cc, "language": invitation.language,
        "sponsors": sponsors.iter().map(|(id, _)| id.to_string()).collect::<Vec<_>>(),
    });
    writes.audits.push(PendingAudit {
        action: "Invite external user",
        target_type: "User",
        target_id: guest.id.to_string(),
        details,
        target_name: Some(guest.display_name.clone()),
    });
    // A queued email stands as its outbox row does before its first attempt.
    let email = invitation.outbox_id.map(|_| EmailState {
        status: entente_storage::OutboxStatus::Pending.as_str().to_owned(),
        attempts: 0,
        last_error: None,
        sent_at: None,
    });
    Ok(Ok(Made {
        email_queued: invitation.outbox_id.is_some(),
        invited: Invited {
            invitation,
            guest,
            redeem_url: Some(redeem_url),
            email,
        },
    }))
}

/// Adds a guest to the row's groups and gives it default access to the row's
/// applications; what it holds already stays as it is.
async fn grant_access(
    db: &mut Db<'_>,
    tenant: TenantId,
    guest: UserId,
    row: &InvitationRow,
    now: UnixTime,
) -> Result<(), DomainError> {
    for group in &row.group_ids {
        db.add_group_member(tenant, GroupId(*group), guest).await?;
    }
    for app in &row.application_ids {
        let assignment = AppRoleAssignment {
            id: AssignmentId::new_id(),
            tenant_id: tenant,
            principal_id: guest.0,
            principal_type: PrincipalType::User,
            resource_id: *app,
            app_role_id: Uuid::nil(),
            created_at: now,
        };
        db.grant_if_absent(&assignment).await?;
    }
    Ok(())
}

/// How long a tenant's redemption links work, in seconds.
fn link_lifetime(tenant: &Tenant) -> i64 {
    i64::from(tenant.collaboration.invitation_lifetime_days.max(1)) * 86_400
}

/// A pending invitation of `guest` as `row` asks, made now by `inviter`.
fn new_invitation(
    inviter: &GuestInviter,
    guest: UserId,
    row: &InvitationRow,
    options: InviteOptions,
    lifetime: i64,
    now: UnixTime,
) -> Invitation {
    Invitation {
        id: InvitationId::new_id(),
        tenant_id: inviter.tenant,
        user_id: guest,
        invited_email: row.email.clone(),
        display_name: (!row.display_name.is_empty()).then(|| row.display_name.clone()),
        redirect_url: row.redirect_url.clone(),
        language: row
            .language_as_sent
            .clone()
            .unwrap_or_else(|| row.language.as_str().to_owned()),
        message: row.invitation_text.clone(),
        cc: row.cc_email.iter().cloned().collect(),
        branding_app_id: row.branding_app_id.map(AppId),
        contact_url: row.contact_url.clone(),
        send_message: options.send_message,
        invited_by: inviter.actor.clone(),
        created_at: now,
        expires_at: now + lifetime,
        status: InvitationStatus::PendingAcceptance,
        redeemed_at: None,
        revoked_at: None,
        outbox_id: None,
    }
}

/// Logs a new redemption link when the deployment writes emails to files.
fn log_link(services: &Services, invitation: &Invitation, url: &str) {
    if services.settings.log_invitation_links {
        tracing::info!(
            tenant = %invitation.tenant_id,
            email = %invitation.invited_email,
            link = %url,
            "invitation link (no SMTP server is configured; the email is in the file outbox)"
        );
    }
}

/// The redemption link of an invitation: it names the invitation, which the id finds
/// by its primary key, and carries the secret that proves the link
/// ([`super::redeem::invitation_of_link`]). Neither hex nor base64url holds a `.`.
pub fn redeem_url(services: &Services, invitation: InvitationId, secret: &str) -> String {
    format!(
        "{}/redeem/{}.{secret}",
        services.settings.public_base_url,
        invitation.0.simple()
    )
}

/// Writes the invitation email in the invitation's language.
pub(crate) fn invitation_email(
    services: &Services,
    context: &Context,
    invitation: &Invitation,
    redeem_url: &str,
) -> OutgoingEmail {
    let tenant = &context.tenant;
    let language = Language::from_locale(&invitation.language).unwrap_or_default();
    let app = invitation
        .branding_app_id
        .and_then(|id| context.applications.get(&id.0));
    let rendered = render_invitation_email(&InvitationEmailContent {
        language,
        tenant_name: &tenant.display_name,
        tenant_logo_url: tenant.branding.logo_url.as_deref(),
        brand_color: tenant.branding.brand_color.as_deref(),
        app_name: app.map(|(name, _)| name.as_str()),
        app_logo_url: app.and_then(|(_, logo)| logo.as_deref()),
        inviter_name: context.inviter_name(),
        invitee_name: invitation
            .display_name
            .as_deref()
            .map(str::trim)
            .filter(|name| {
                !name.is_empty() && !name.eq_ignore_ascii_case(&invitation.invited_email)
            }),
        invited_email: &invitation.invited_email,
        custom_text: invitation.message.as_deref(),
        redeem_url,
        expires_at: invitation.expires_at,
        contact_url: invitation.contact_url.as_deref(),
    });
    OutgoingEmail {
        from: services.settings.mail_sender.of(&tenant.display_name),
        to: vec![invitation.invited_email.clone()],
        cc: invitation.cc.clone(),
        subject: rendered.subject,
        text: rendered.text,
        html: Some(rendered.html),
    }
}

/// An invitation with its guest and where its email stands.
pub async fn get_invitation(
    services: &Services,
    inviter: &GuestInviter,
    id: InvitationId,
) -> Result<Invited, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let invitation = db
        .invitation_by_id(inviter.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let guest = db
        .user_by_id(inviter.tenant, invitation.user_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let email = match invitation.outbox_id {
        Some(outbox) => db.email_state(outbox).await?,
        None => None,
    };
    Ok(Invited {
        invitation,
        guest,
        redeem_url: None,
        email,
    })
}

/// A page of the tenant's invitations, newest first, each with its guest object and
/// where its email stands; only those of `status`, and those whose address or display
/// name contains `search`, when given ([`crate::lists::find_invitations`] with a
/// sort and a count).
pub async fn list_invitations(
    services: &Services,
    inviter: &GuestInviter,
    status: Option<InvitationStatus>,
    search: Option<&str>,
    page: crate::directory::PageRequest,
) -> Result<crate::directory::Page<Invited>, DomainError> {
    use entente_storage::{Filter, InvitationField, Literal};
    let status =
        status.map(|s| Filter::eq(InvitationField::Status, Literal::Text(s.as_str().into())));
    let search = search
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(crate::lists::invitations_containing);
    let listing = crate::directory_reads::Listing {
        filter: Filter::both(status, search),
        ..crate::directory_reads::Listing::page(page)
    };
    let found = crate::lists::find_invitations(services, inviter, &listing).await?;
    Ok(crate::directory::Page {
        items: found.items,
        skip_token: found.skip_token,
    })
}

/// Sends a pending invitation again with a new link; the old link stops working.
pub async fn resend_invitation(
    services: &Services,
    inviter: &GuestInviter,
    id: InvitationId,
    now: UnixTime,
) -> Result<Invited, DomainError> {
    let mut tx = services.store.write().await?;
    let invitation = tx
        .db()
        .invitation_by_id(inviter.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    if invitation.status == InvitationStatus::Completed {
        return Err(DomainError::Conflict(
            "the invitation has been accepted; reset the redemption to invite again".into(),
        ));
    }
    let invited = renew(&mut tx, services, inviter, invitation, true, now).await?;
    audit(
        &mut tx,
        inviter,
        now,
        "Resend invitation",
        "User",
        invited.guest.id,
        json!({ "invitationId": id.to_string() }),
    )
    .await?;
    tx.commit().await?;
    services.wake_mail_delivery();
    Ok(invited)
}

/// Withdraws a pending invitation: its link stops working; the guest object stays.
pub async fn revoke_invitation(
    services: &Services,
    inviter: &GuestInviter,
    id: InvitationId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let invitation = tx
        .db()
        .invitation_by_id(inviter.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !tx.db().revoke_invitation(inviter.tenant, id, now).await? {
        return Err(DomainError::Conflict(format!(
            "the invitation is {}, not pending",
            invitation.status
        )));
    }
    audit(
        &mut tx,
        inviter,
        now,
        "Revoke invitation",
        "User",
        invitation.user_id,
        json!({ "invitationId": id.to_string() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Unlinks a guest from the identity that redeemed it and invites it again, so it
/// redeems with another identity; the guest keeps its id, memberships, assignments
/// and history (Graph: `resetRedemption`).
pub async fn reset_redemption(
    services: &Services,
    inviter: &GuestInviter,
    guest: UserId,
    row: InvitationRow,
    options: InviteOptions,
    now: UnixTime,
) -> Result<Invited, DomainError> {
    let mut tx = services.store.write().await?;
    let user = tx
        .db()
        .user_by_id(inviter.tenant, guest)
        .await?
        .ok_or(DomainError::NotFound)?;
    if user.user_type != UserType::Guest {
        return Err(DomainError::invalid(
            "resetRedemption applies to guest users only",
        ));
    }
    let context = Context::load(
        services,
        &mut tx.db(),
        inviter,
        std::slice::from_ref(&row),
        now,
    )
    .await?;
    let mut errors = context.check(&row);
    // The guest itself holds its old address; only a member's address is a conflict.
    errors.retain(|e| e.code != code::ALREADY_MEMBER || context_member(&context, &row, guest));
    if let Some(first) = errors.into_iter().next() {
        return Err(rejection(first));
    }
    tx.db().reset_guest(inviter.tenant, guest, now).await?;
    // Links sent for the old identity stop working: only the new one redeems.
    tx.db()
        .revoke_pending_invitations_of(inviter.tenant, guest, now)
        .await?;
    grant_access(&mut tx.db(), inviter.tenant, guest, &row, now).await?;
    for (sponsor, kind) in context.sponsors_of(&row) {
        tx.db()
            .add_sponsor(inviter.tenant, guest, sponsor, kind, now)
            .await?;
    }
    let secret = new_token(services.entropy.as_ref());
    let lifetime = link_lifetime(&context.tenant);
    let mut invitation = new_invitation(inviter, guest, &row, options, lifetime, now);
    let url = redeem_url(services, invitation.id, &secret);
    log_link(services, &invitation, &url);
    let mut db = tx.db();
    if options.send_message {
        let email = invitation_email(services, &context, &invitation, &url);
        invitation.outbox_id =
            Some(enqueue_email(&mut db, services, inviter.tenant, &email, now).await?);
    }
    db.insert_invitation(&invitation, &token_hash(&secret))
        .await?;
    let user = db
        .user_by_id(inviter.tenant, guest)
        .await?
        .ok_or(DomainError::NotFound)?;
    audit(
        &mut tx,
        inviter,
        now,
        "Reset redemption",
        "User",
        guest,
        json!({ "invitationId": invitation.id.to_string(), "invitedUserEmailAddress": row.email }),
    )
    .await?;
    tx.commit().await?;
    if invitation.outbox_id.is_some() {
        services.wake_mail_delivery();
    }
    Ok(Invited {
        invitation,
        guest: user,
        redeem_url: Some(url),
        email: None,
    })
}

/// Reset redemption as the portal offers it: the new invitation keeps the language,
/// message, landing address, branding and contact link of the guest's latest one
/// (only its address may change, to `email`), so the partner gets the same
/// experience again. A copy (Cc) is not sent again: the new link is for the partner
/// alone, which also keeps sign-up by email code open to them.
pub async fn reset_redemption_as_before(
    services: &Services,
    inviter: &GuestInviter,
    guest: UserId,
    email: Option<&str>,
    options: InviteOptions,
    now: UnixTime,
) -> Result<Invited, DomainError> {
    let latest = {
        let mut conn = services.store.read().await?;
        conn.db()
            .latest_invitation_of(inviter.tenant, guest)
            .await?
    };
    // No invitation of this tenant names the user: not a guest here (or not here at
    // all), which the caller learns no more about than of an id that does not exist.
    let Some(latest) = latest else {
        return Err(DomainError::NotFound);
    };
    let mut row = row_of(&latest);
    row.cc_email = None;
    if let Some(email) = email.map(str::trim).filter(|e| !e.is_empty()) {
        let typed = crate::invitations::csv_import::SingleInvitation {
            email,
            display_name: "",
            invitation_text: "",
            redirect_url: "",
            cc_email: "",
            language: "",
            contact_url: "",
        };
        row.email = crate::invitations::csv_import::check_single(&typed)
            .map_err(|problems| {
                DomainError::invalid(
                    problems
                        .into_iter()
                        .map(|p| p.message)
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            })?
            .email;
    }
    reset_redemption(services, inviter, guest, row, options, now).await
}

/// The row an invitation was made from, as far as the invitation keeps it (not the
/// access it granted, which stays with the guest).
fn row_of(invitation: &Invitation) -> InvitationRow {
    InvitationRow {
        email: invitation.invited_email.clone(),
        display_name: invitation.display_name.clone().unwrap_or_default(),
        invitation_text: invitation.message.clone(),
        application_ids: Vec::new(),
        group_ids: Vec::new(),
        redirect_url: invitation.redirect_url.clone(),
        cc_email: invitation.cc.first().cloned(),
        language: Language::from_locale(&invitation.language).unwrap_or_default(),
        language_as_sent: Some(invitation.language.clone()),
        branding_app_id: invitation.branding_app_id.map(|a| a.0),
        contact_url: invitation.contact_url.clone(),
        sponsors: Vec::new(),
        access_ends_at: None,
    }
}

/// Whether the address of `row` belongs to a member other than `guest`.
fn context_member(context: &Context, row: &InvitationRow, guest: UserId) -> bool {
    context
        .users
        .get(&row.email.to_lowercase())
        .is_some_and(|u| u.id != guest && u.user_type == UserType::Member)
}

/// Gives an invitation a new link and, when asked, a new email.
async fn renew(
    tx: &mut Tx,
    services: &Services,
    inviter: &GuestInviter,
    invitation: Invitation,
    send: bool,
    now: UnixTime,
) -> Result<Invited, DomainError> {
    let row = row_of(&invitation);
    let context = Context::load(
        services,
        &mut tx.db(),
        inviter,
        std::slice::from_ref(&row),
        now,
    )
    .await?;
    let guest = tx
        .db()
        .user_by_id(inviter.tenant, invitation.user_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let secret = new_token(services.entropy.as_ref());
    let lifetime = link_lifetime(&context.tenant);
    let mut renewed = Invitation {
        expires_at: now + lifetime,
        status: InvitationStatus::PendingAcceptance,
        redeemed_at: None,
        revoked_at: None,
        ..invitation
    };
    let url = redeem_url(services, renewed.id, &secret);
    log_link(services, &renewed, &url);
    let mut db = tx.db();
    if send {
        let email = invitation_email(services, &context, &renewed, &url);
        renewed.outbox_id =
            Some(enqueue_email(&mut db, services, inviter.tenant, &email, now).await?);
    }
    db.renew_invitation(
        inviter.tenant,
        renewed.id,
        &token_hash(&secret),
        renewed.expires_at,
        renewed.outbox_id,
    )
    .await?;
    Ok(Invited {
        invitation: renewed,
        guest,
        redeem_url: Some(url),
        email: None,
    })
}

pub(crate) async fn audit(
    tx: &mut Tx,
    inviter: &GuestInviter,
    now: UnixTime,
    action: &str,
    target_type: &str,
    target_id: impl std::fmt::Display,
    details: serde_json::Value,
) -> Result<(), DomainError> {
    let target = target_id.to_string();
    tx.db()
        .append_audit(
            inviter.tenant,
            now,
            &inviter.actor,
            action,
            target_type,
            Some(&target),
            &details,
        )
        .await?;
    Ok(())
}
