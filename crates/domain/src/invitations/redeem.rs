//! Redeeming an invitation: opening the link, finding the invited person's home,
//! proving the invited address, and accepting.
//!
//! The link names its invitation and carries its secret, `{invitation id}.{secret}`:
//! the id finds the invitation, the secret's hash must match the stored one (compared
//! in constant time), and the link works until it is redeemed, revoked or expired.
//! The identity that redeems must own the invited address, shown either by its home
//! account's verified address or by a one-time code sent to that address. A person
//! with no home tenant signs up by that code into an *unmanaged* tenant for their
//! domain, unless the invitation was copied to someone else (its link has been seen by
//! another person).

use entente_model::{
    Actor, CreationType, ExternalUserState, Invitation, InvitationId, InvitationStatus, Tenant,
    TenantId, UnixTime, User, UserId, UserType,
};
use entente_storage::{Db, GuestRedemption, NewUser, SessionRecord, StoreError, Tx};
use serde_json::json;
use uuid::Uuid;

use super::Language;
use super::email::render_code_email;
use crate::crypto::{constant_time_eq, token_hash};
use crate::email_codes::{self, Guess, NewCode, Wait};
use crate::mail::{OutgoingEmail, enqueue_email};
use crate::signin::{NewSession, open_session};
use crate::{DomainError, Services};

/// How long a one-time code works.
pub const CODE_LIFETIME_MINUTES: u32 = 10;

/// Where the invited person signs in, found by the invited address's domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HomeRealm {
    /// A tenant of this deployment has proven the domain: sign in there.
    Managed { tenant: TenantId, name: String },
    /// The inviting tenant federates the domain with the partner's own identity
    /// provider: sign in there.
    Federated { name: String },
    /// Accounts of this domain were made by email verification: prove the address by
    /// a one-time code.
    Unmanaged { tenant: TenantId },
    /// Nobody has the domain: sign up by a one-time code, when allowed.
    None,
    /// No way applies: the address's organization is neither a tenant here nor
    /// federated, and the inviting tenant allows no one-time codes
    /// (`fallbackIdentityProvider` `none`).
    Closed,
}

/// An open invitation, as the redemption page shows it.
#[derive(Clone, Debug)]
pub struct OpenInvitation {
    pub invitation: Invitation,
    pub tenant: Tenant,
    pub language: Language,
    pub app_name: Option<String>,
    pub app_logo_url: Option<String>,
    pub home: HomeRealm,
    /// A copy went to another address: sign-up by email verification is not allowed.
    pub sign_up_blocked: bool,
    /// The inviting tenant allows one-time codes (its redemption fallback).
    pub codes_allowed: bool,
}

/// What a redemption link leads to.
#[derive(Clone, Debug)]
pub enum Link {
    Open(Box<OpenInvitation>),
    /// The secret matches no invitation.
    Unknown,
    Expired {
        tenant_name: String,
        language: Language,
    },
    Revoked {
        tenant_name: String,
        language: Language,
    },
    /// Redeemed already; the page offers the way on.
    Used {
        tenant_name: String,
        language: Language,
        redirect: String,
    },
}

/// The invitation a redemption link's token opens, whatever its state. The token is
/// `{invitation id}.{secret}` ([`super::invite::redeem_url`]); a token without a `.`
/// is a link sent before links named their invitation, and carries the secret alone.
pub(crate) async fn invitation_of_link(
    db: &mut Db<'_>,
    token: &str,
) -> Result<Option<Invitation>, StoreError> {
    let Some((id, secret)) = token.split_once('.') else {
        return db.invitation_by_v1_link(&token_hash(token)).await;
    };
    let Ok(id) = id.parse::<InvitationId>() else {
        return Ok(None);
    };
    let Some((invitation, stored)) = db.invitation_with_secret_hash(id).await? else {
        return Ok(None);
    };
    let matches = constant_time_eq(token_hash(secret).as_bytes(), stored.as_bytes());
    Ok(matches.then_some(invitation))
}

/// Looks up a redemption link.
pub async fn open(services: &Services, secret: &str, now: UnixTime) -> Result<Link, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let Some(invitation) = invitation_of_link(&mut db, secret).await? else {
        return Ok(Link::Unknown);
    };
    let Some(tenant) = db.tenant_by_id(invitation.tenant_id).await? else {
        return Ok(Link::Unknown);
    };
    let language = Language::from_locale(&invitation.language).unwrap_or_default();
    let tenant_name = tenant.display_name.clone();
    match invitation.status {
        InvitationStatus::Revoked => {
            return Ok(Link::Revoked {
                tenant_name,
                language,
            });
        }
        InvitationStatus::Completed => {
            let redirect = destination(services, &invitation);
            return Ok(Link::Used {
                tenant_name,
                language,
                redirect,
            });
        }
        InvitationStatus::PendingAcceptance => {}
    }
    if invitation.expires_at <= now {
        return Ok(Link::Expired {
            tenant_name,
            language,
        });
    }
    let (app_name, app_logo_url) = match invitation.branding_app_id {
        Some(app) => match db.application_by_id(tenant.id, app).await? {
            Some(app) => (Some(app.display_name), app.logo_url),
            None => (None, None),
        },
        None => (None, None),
    };
    let (home, codes_allowed) =
        home_realm(services, &mut db, tenant.id, &invitation.invited_email, now).await?;
    Ok(Link::Open(Box::new(OpenInvitation {
        codes_allowed,
        sign_up_blocked: !invitation.cc.is_empty(),
        invitation,
        tenant,
        language,
        app_name,
        app_logo_url,
        home,
    })))
}

/// Where the invited person redeems, by the inviting tenant's redemption order
/// (`invitationRedemptionIdentityProviderConfiguration`): the first of its primary
/// ways that applies to the address's domain (a tenant here that proved it, the
/// tenant's federation configuration for it; Entente has no social providers), else
/// the fallback, a one-time code to the address, unless the tenant allows none. Also
/// answers whether one-time codes are allowed at all.
pub(crate) async fn home_realm(
    services: &Services,
    db: &mut Db<'_>,
    tenant: TenantId,
    email: &str,
    now: UnixTime,
) -> Result<(HomeRealm, bool), DomainError> {
    use entente_model::cross_tenant::{FallbackProvider, RedemptionProvider};
    let domain = domain_of(email);
    let owner = db.tenant_by_domain(&domain).await?;
    let federated = db.federation_config_for_domain(tenant, &domain).await?;
    let order = crate::cross_tenant::enforce::in_force(services, db, tenant, None, now)
        .await?
        .redemption
        .clone();
    let codes = order.fallback_identity_provider != FallbackProvider::NoFallback;
    for way in &order.primary_identity_provider_precedence_order {
        match way {
            RedemptionProvider::AzureActiveDirectory => {
                if let Some(home) = owner.as_ref().filter(|t| t.managed) {
                    let realm = HomeRealm::Managed {
                        tenant: home.id,
                        name: home.display_name.clone(),
                    };
                    return Ok((realm, codes));
                }
            }
            RedemptionProvider::ExternalFederation => {
                if let Some(provider) = &federated {
                    let name = provider.display_name.clone();
                    return Ok((HomeRealm::Federated { name }, codes));
                }
            }
            RedemptionProvider::SocialIdentityProviders => {}
        }
    }
    let realm = match owner {
        _ if !codes => HomeRealm::Closed,
        Some(home) => HomeRealm::Unmanaged { tenant: home.id },
        None => HomeRealm::None,
    };
    Ok((realm, codes))
}

/// Where a redeemed guest goes: the invitation's redirect URL, or the tenant's My Apps.
pub fn destination(services: &Services, invitation: &Invitation) -> String {
    invitation.redirect_url.clone().unwrap_or_else(|| {
        format!(
            "{}/{}/myapps",
            services.settings.public_base_url, invitation.tenant_id
        )
    })
}

fn domain_of(email: &str) -> String {
    crate::address::domain_of(email)
}

/// Why an acceptance did not happen.
#[derive(Debug, thiserror::Error)]
pub enum RedeemError {
    /// The signed-in account does not own the invited address.
    #[error("this invitation was sent to {invited}, not to {account}")]
    WrongAccount { invited: String, account: String },
    /// The link no longer opens an invitation.
    #[error("the invitation is no longer valid")]
    NotOpen,
    /// Sign-up by email verification is not allowed for this invitation.
    #[error("the invitation was copied to another address; it cannot create an account")]
    SignUpBlocked,
    /// The code is wrong, used up or expired.
    #[error("the code is wrong or has expired")]
    BadCode,
    /// Too many codes were asked for from this source lately.
    #[error("too many codes were sent to this address; try again later")]
    TooManyCodes(Wait),
    /// Too many wrong codes from this source (or at this address from it) lately;
    /// the guess was not checked.
    #[error("too many wrong codes; try again later")]
    TooManyGuesses(Wait),
    /// The account is a member of the inviting tenant itself.
    #[error("this account is a member of the inviting organization; it needs no invitation")]
    MemberOfInviter,
    /// The account has redeemed another guest object of the inviting tenant.
    #[error("this account has already accepted another invitation of this organization")]
    AlreadyGuest,
    /// The address's domain belongs to an organization here: its accounts sign in
    /// there rather than being made by email.
    #[error("{domain} belongs to {home}; sign in with your account there")]
    ManagedDomain { domain: String, home: String },
    /// The inviting tenant federates the address's domain with the partner's own
    /// identity provider: only that provider may redeem.
    #[error("sign in at {provider}, your organization's identity provider")]
    Federated { provider: String },
    /// The inviting tenant allows no one-time codes, and no other way applies.
    #[error("this invitation cannot be redeemed by a one-time code")]
    NoCodes,
    /// The inviting tenant's inbound or the home tenant's outbound cross-tenant access
    /// settings keep this person out.
    #[error("{}", .0.message())]
    CrossTenant(crate::cross_tenant::enforce::Refusal),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl From<entente_storage::StoreError> for RedeemError {
    fn from(error: entente_storage::StoreError) -> Self {
        RedeemError::Domain(error.into())
    }
}

/// A completed redemption: where to go, and a new session when the redemption made one.
#[derive(Debug)]
pub struct Accepted {
    pub redirect: String,
    pub session: Option<NewSession>,
}

/// Accepts the invitation as the signed-in account, which must own the invited
/// address.
pub async fn accept(
    services: &Services,
    secret: &str,
    session: &SessionRecord,
    now: UnixTime,
) -> Result<Accepted, RedeemError> {
    let mut tx = services.store.write().await?;
    let invitation = pending(&mut tx, secret, now).await?;
    let home = tx
        .db()
        .user_by_id(session.tenant_id, session.user_id)
        .await?
        .filter(|u| u.account_enabled)
        .ok_or(RedeemError::NotOpen)?;
    if !owns(&home, &invitation.invited_email) {
        return Err(RedeemError::WrongAccount {
            invited: invitation.invited_email.clone(),
            account: sign_in_name(&home),
        });
    }
    let redirect = complete(&mut tx, services, &invitation, &home, now).await?;
    record_entry(&mut tx, &invitation, &home, session, None, now).await?;
    tx.commit().await?;
    Ok(Accepted {
        redirect,
        session: None,
    })
}

/// Accepts at once, without the consent page, when the signed-in account owns the
/// invited address, its tenant is one of this deployment, and both sides' cross-tenant
/// access settings allow automatic redemption: the inviting tenant's inbound
/// `automaticUserConsentSettings` for that tenant and that tenant's outbound ones for
/// the inviting tenant. `None` when the page must ask.
pub async fn accept_automatically(
    services: &Services,
    secret: &str,
    session: &SessionRecord,
    now: UnixTime,
) -> Result<Option<Accepted>, RedeemError> {
    use crate::cross_tenant::enforce::in_force;
    {
        let mut conn = services.store.read().await?;
        let mut db = conn.db();
        let invitation = match invitation_of_link(&mut db, secret).await? {
            Some(i) if i.status == InvitationStatus::PendingAcceptance && i.expires_at > now => i,
            _ => return Ok(None),
        };
        let (resource, home) = (invitation.tenant_id, session.tenant_id);
        let federated = session.amr.split_whitespace().any(|m| m == "fed");
        if home == resource || federated {
            return Ok(None);
        }
        let inbound = in_force(services, &mut db, resource, Some(home.0), now).await?;
        let outbound = in_force(services, &mut db, home, Some(resource.0), now).await?;
        if inbound.consent.0.inbound_allowed != Some(true)
            || outbound.consent.0.outbound_allowed != Some(true)
        {
            return Ok(None);
        }
        let owner = db.user_by_id(home, session.user_id).await?;
        if !owner.is_some_and(|u| owns(&u, &invitation.invited_email)) {
            return Ok(None);
        }
    }
    accept(services, secret, session, now).await.map(Some)
}

/// Records in the inviting tenant's sign-in log that the guest came in by redeeming,
/// as the entry of the browser's session there (so its first page there adds none).
async fn record_entry(
    tx: &mut Tx,
    invitation: &Invitation,
    home: &User,
    session: &SessionRecord,
    source: Option<&str>,
    now: UnixTime,
) -> Result<(), DomainError> {
    let login = sign_in_name(home);
    let entry = crate::sign_in_log::GuestSignIn {
        tenant: invitation.tenant_id,
        guest: invitation.user_id,
        login: &login,
        outcome: "success",
        reason: crate::sign_in_log::reason::REDEEMED,
        method: Some(&session.amr),
        source,
    };
    crate::sign_in_log::record_guest_entry(tx, &entry, session, now).await
}

/// Whether a home account owns an address: its mail, or its principal name.
fn owns(home: &User, address: &str) -> bool {
    home.mail
        .as_deref()
        .is_some_and(|m| crate::address::same_address(m, address))
        || crate::address::same_address(&home.user_principal_name, address)
}

fn sign_in_name(user: &User) -> String {
    user.mail
        .clone()
        .unwrap_or_else(|| user.user_principal_name.clone())
}

/// The pending, unexpired invitation of a secret, read inside the transaction that
/// will change it.
async fn pending(tx: &mut Tx, secret: &str, now: UnixTime) -> Result<Invitation, RedeemError> {
    match invitation_of_link(&mut tx.db(), secret).await? {
        Some(i) if i.status == InvitationStatus::PendingAcceptance && i.expires_at > now => Ok(i),
        _ => Err(RedeemError::NotOpen),
    }
}

/// Links the guest object to the home account, marks the invitation redeemed, audits.
async fn complete(
    tx: &mut Tx,
    services: &Services,
    invitation: &Invitation,
    home: &User,
    now: UnixTime,
) -> Result<String, RedeemError> {
    if home.tenant_id == invitation.tenant_id {
        return Err(RedeemError::MemberOfInviter);
    }
    refuse_unless(tx, services, invitation, Way::Account, now).await?;
    let ask = crate::cross_tenant::enforce::Ask {
        resource: invitation.tenant_id,
        partner: crate::cross_tenant::enforce::Partner::Tenant(home.tenant_id, Some(home.id)),
        application: None,
        outbound: true,
    };
    crate::cross_tenant::enforce::check(services, &mut tx.db(), ask, now)
        .await?
        .map_err(RedeemError::CrossTenant)?;
    if let Some(other) = tx
        .db()
        .guest_of_home_user(invitation.tenant_id, home.id)
        .await?
        && other.id != invitation.user_id
    {
        return Err(RedeemError::AlreadyGuest);
    }
    let guest = tx
        .db()
        .user_by_id(invitation.tenant_id, invitation.user_id)
        .await?
        .ok_or(RedeemError::NotOpen)?;
    let name = sign_in_name(home);
    let alternative_security_id = format!("{}:{}", home.tenant_id, home.id);
    // PRODUCT.md: without a display name from the invitation, the guest is shown by
    // its sign-in name once redeemed.
    let display_name = invitation.display_name.is_none().then_some(name.as_str());
    let redemption = GuestRedemption {
        sign_in_name: &name,
        alternative_security_id: &alternative_security_id,
        home: Some((home.tenant_id, home.id)),
        external_issuer: None,
        display_name,
    };
    let details = json!({ "homeTenantId": home.tenant_id.to_string() });
    if !record_redemption(tx, invitation, guest.id, &redemption, details, now).await? {
        return Err(RedeemError::NotOpen);
    }
    Ok(destination(services, invitation))
}

/// Records a redemption in the caller's transaction: links the guest object, marks
/// the invitation redeemed and audits both with `details` (which gain the invitation
/// and the sign-in name); `false` when either was no longer open.
pub(crate) async fn record_redemption(
    tx: &mut Tx,
    invitation: &Invitation,
    guest: UserId,
    redemption: &GuestRedemption<'_>,
    mut details: serde_json::Value,
    now: UnixTime,
) -> Result<bool, DomainError> {
    let tenant = invitation.tenant_id;
    let mut db = tx.db();
    if !db.redeem_guest(tenant, guest, redemption, now).await?
        || !db.complete_invitation(tenant, invitation.id, now).await?
    {
        return Ok(false);
    }
    details["invitationId"] = json!(invitation.id.to_string());
    details["signInName"] = json!(redemption.sign_in_name);
    db.append_audit(
        tenant,
        now,
        &Actor::User(guest),
        "Redeem external user invite",
        "User",
        Some(&guest.to_string()),
        &details,
    )
    .await?;
    Ok(true)
}

/// How a person proves the invited address.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    /// A signed-in account that owns the address (or, after a code, the account
    /// signed in).
    Account,
    /// A one-time code to the address.
    Code,
}

/// Refuses a way the inviting tenant's redemption order does not lead to: a
/// federated partner's provider, once it comes first for the domain, is the only way
/// (as Entra's direct federation wins over one-time codes and other accounts); one-time
/// codes only while the tenant allows them.
async fn refuse_unless(
    tx: &mut Tx,
    services: &Services,
    invitation: &Invitation,
    way: Way,
    now: UnixTime,
) -> Result<(), RedeemError> {
    let (realm, codes) = home_realm(
        services,
        &mut tx.db(),
        invitation.tenant_id,
        &invitation.invited_email,
        now,
    )
    .await?;
    match realm {
        HomeRealm::Federated { name } => Err(RedeemError::Federated { provider: name }),
        HomeRealm::Closed => Err(RedeemError::NoCodes),
        _ if way == Way::Code && !codes => Err(RedeemError::NoCodes),
        _ => Ok(()),
    }
}

/// A code on its way: the id the browser keeps to verify it, with its binding.
#[derive(Clone, Debug)]
pub struct CodeSent {
    pub id: Uuid,
    pub email: String,
    /// The cookie the asking browser keeps: only guesses that carry it are checked.
    pub binding: String,
}

/// Sends a one-time code to the invited address, to sign up (no home account) or to
/// prove the address while signed in with another account. Requests are counted per
/// `source` address ([`crate::email_codes`]).
pub async fn send_code(
    services: &Services,
    secret: &str,
    signing_up: bool,
    source: &str,
    now: UnixTime,
) -> Result<CodeSent, RedeemError> {
    let mut tx = services.store.write().await?;
    let invitation = pending(&mut tx, secret, now).await?;
    refuse_unless(&mut tx, services, &invitation, Way::Code, now).await?;
    if signing_up && !invitation.cc.is_empty() {
        return Err(RedeemError::SignUpBlocked);
    }
    let email = invitation.invited_email.to_lowercase();
    if let Err(wait) = email_codes::charge_send(&mut tx.db(), &email, source, now).await? {
        // The refusal's count is kept: asking again does not reset the window.
        tx.commit().await?;
        return Err(RedeemError::TooManyCodes(wait));
    }
    let new = NewCode::new(services.entropy.as_ref());
    let code = new.code.clone();
    let lifetime = i64::from(CODE_LIFETIME_MINUTES) * 60;
    let record = new.record(
        &services.master,
        invitation.tenant_id,
        Some(invitation.id),
        &email,
        lifetime,
        now,
    );
    tx.db().insert_email_code(&record).await?;
    let tenant = tx
        .db()
        .tenant_by_id(invitation.tenant_id)
        .await?
        .ok_or(RedeemError::NotOpen)?;
    let language = Language::from_locale(&invitation.language).unwrap_or_default();
    let rendered = render_code_email(
        language,
        &tenant.display_name,
        &invitation.invited_email,
        &code,
        CODE_LIFETIME_MINUTES,
    );
    let message = OutgoingEmail {
        from: services.settings.mail_sender.of(&tenant.display_name),
        to: vec![invitation.invited_email.clone()],
        cc: Vec::new(),
        subject: rendered.subject,
        text: rendered.text,
        html: Some(rendered.html),
    };
    enqueue_email(&mut tx.db(), services, invitation.tenant_id, &message, now).await?;
    tx.commit().await?;
    services.wake_mail_delivery();
    Ok(CodeSent {
        id: record.id,
        email: invitation.invited_email,
        binding: new.binding,
    })
}

/// Checks a code and accepts the invitation with it. Signed in (`session`), the code
/// proves the invited address for that account; signed out, it proves the address of
/// an account in the domain's unmanaged tenant, made now when there is none, and
/// opens a session for it. Only a guess from the browser holding the code's
/// `binding` cookie is checked against the code.
#[allow(clippy::too_many_arguments)]
pub async fn accept_with_code(
    services: &Services,
    secret: &str,
    code_id: Uuid,
    code: &str,
    binding: Option<&str>,
    session: Option<&SessionRecord>,
    source: &str,
    now: UnixTime,
) -> Result<Accepted, RedeemError> {
    let mut tx = services.store.write().await?;
    let invitation = pending(&mut tx, secret, now).await?;
    refuse_unless(&mut tx, services, &invitation, Way::Code, now).await?;
    let record = tx.db().email_code(code_id).await?;
    let usable = record.as_ref().is_some_and(|r| {
        r.invitation_id == Some(invitation.id) && r.used_at.is_none() && r.expires_at > now
    });
    let outcome = email_codes::guess(
        &mut tx.db(),
        &services.master,
        record.as_ref(),
        usable,
        code,
        binding,
        source,
        now,
    )
    .await?;
    match outcome {
        Guess::Right => {}
        Guess::Wait(wait) => {
            tx.commit().await?;
            return Err(RedeemError::TooManyGuesses(wait));
        }
        Guess::Wrong => {
            // The invited guest's sign-in log shows the wrong code.
            let attempt = crate::sign_in_log::GuestSignIn {
                tenant: invitation.tenant_id,
                guest: invitation.user_id,
                login: &invitation.invited_email,
                outcome: "failure",
                reason: crate::sign_in_log::reason::WRONG_CODE,
                method: Some("otp"),
                source: Some(source),
            };
            crate::sign_in_log::record_guest_attempt(&mut tx, &attempt, now).await?;
            // The counts of a wrong guess stay, whatever else was wrong with it.
            tx.commit().await?;
            return Err(RedeemError::BadCode);
        }
    }
    if !tx.db().use_email_code(code_id, now).await? {
        return Err(RedeemError::BadCode);
    }
    let signed_in = session;
    let (home, session) = match session {
        Some(session) => {
            let home = tx
                .db()
                .user_by_id(session.tenant_id, session.user_id)
                .await?
                .filter(|u| u.account_enabled)
                .ok_or(RedeemError::NotOpen)?;
            (home, None)
        }
        None => {
            if !invitation.cc.is_empty() {
                return Err(RedeemError::SignUpBlocked);
            }
            let home =
                email_verified_account(&mut tx, services, &invitation.invited_email, now).await?;
            let session = open_session(&mut tx, services, &home, "otp", Some(source), now).await?;
            (home, Some(session))
        }
    };
    let redirect = complete(&mut tx, services, &invitation, &home, now).await?;
    if let Some(browser) = signed_in.or(session.as_ref().map(|s| &s.record)) {
        record_entry(&mut tx, &invitation, &home, browser, Some(source), now).await?;
    }
    tx.commit().await?;
    Ok(Accepted { redirect, session })
}

/// The account of a proven address: a member of the tenant that holds the address's
/// domain, or a new member of a new unmanaged tenant for that domain.
async fn email_verified_account(
    tx: &mut Tx,
    services: &Services,
    email: &str,
    now: UnixTime,
) -> Result<User, RedeemError> {
    let domain = domain_of(email);
    let tenant = match tx.db().tenant_by_domain(&domain).await? {
        Some(tenant) => tenant,
        None => unmanaged_tenant(tx, services, &domain, now).await?,
    };
    if let Some(user) = tx.db().user_by_mail(tenant.id, email).await?
        && user.user_type == UserType::Member
    {
        return Ok(user);
    }
    if tenant.managed {
        // The domain's organization manages its own accounts: someone without one
        // there cannot create it by email.
        return Err(RedeemError::ManagedDomain {
            domain,
            home: tenant.display_name,
        });
    }
    let user = User {
        creation_type: Some(CreationType::EmailVerified),
        ..User::new_member(
            tenant.id,
            email.to_lowercase(),
            Some(email.to_owned()),
            email.to_owned(),
            now,
        )
    };
    tx.db()
        .insert_user(NewUser {
            user: &user,
            password_hash: None,
        })
        .await?;
    tx.db()
        .append_audit(
            tenant.id,
            now,
            &Actor::User(user.id),
            "Sign up by email verification",
            "User",
            Some(&user.id.to_string()),
            &json!({ "mail": email }),
        )
        .await?;
    Ok(user)
}

/// Creates the unmanaged tenant of a domain nobody has claimed.
async fn unmanaged_tenant(
    tx: &mut Tx,
    services: &Services,
    domain: &str,
    now: UnixTime,
) -> Result<Tenant, RedeemError> {
    let initial = crate::setup::free_initial_domain(services, tx, domain).await?;
    let tenant = Tenant {
        managed: false,
        ..Tenant::new(TenantId::new_id(), domain.to_owned(), initial, now)
    };
    let mut db = tx.db();
    db.insert_tenant(&tenant).await?;
    db.insert_tenant_domain(tenant.id, domain, "email-verified", now)
        .await?;
    db.set_tenant_domain_verified(tenant.id, domain, now)
        .await?;
    db.append_audit(
        tenant.id,
        now,
        &Actor::System,
        "Create unmanaged tenant",
        "Tenant",
        Some(&tenant.id.to_string()),
        &json!({ "domain": domain }),
    )
    .await?;
    Ok(tenant)
}

/// How a browser session looks from a tenant (see [`session_in_tenant`]).
#[derive(Clone, Debug)]
pub enum TenantSession {
    /// The session may act here: a member's own, or a home session seen as the guest
    /// it redeemed here (tenant and user are the guest's; token hash and times stay the
    /// home session's; `amr` gains `otp mfa` once the guest proved its factor here).
    Ready(SessionRecord),
    /// The guest may sign in once it proves the second factor this tenant requires of
    /// guests, which the home session does not carry (or is not trusted for).
    SecondFactorDue(crate::mfa::GuestChallenge),
    /// Nobody here: the home account redeemed no guest of this tenant, or its guest
    /// may not sign in.
    NoAccess,
    /// The guest exists and may sign in, but the cross-tenant access settings (this
    /// tenant's inbound or the home tenant's outbound) keep it out.
    Refused(crate::cross_tenant::enforce::Refusal),
}

/// How a browser session looks from a tenant: a member's own session, a guest's
/// session opened here by its partner's provider, or, for a session at another
/// (home) tenant, the guest object that home account redeemed here, when it may
/// still sign in. A tenant that requires MFA of guests accepts the
/// home tenant's `mfa` when it trusts it, and otherwise (or without it) a TOTP the
/// guest enrolled here and proved with this home session.
pub async fn session_in_tenant(
    services: &Services,
    tenant: TenantId,
    session: SessionRecord,
    now: UnixTime,
) -> Result<TenantSession, DomainError> {
    use crate::sign_in_log::{GuestSignIn, note_guest_entry, reason};
    // A session opened by a partner's own provider is the guest's at this tenant
    // already (amr `fed`); the guest policy still applies to it.
    let federated = session.amr.split_whitespace().any(|m| m == "fed");
    if session.tenant_id == tenant && !federated {
        return Ok(TenantSession::Ready(session));
    }
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let found = if session.tenant_id == tenant {
        db.user_by_id(tenant, session.user_id).await?
    } else {
        db.guest_of_home_user(tenant, session.user_id).await?
    };
    let Some(guest) = found else {
        return Ok(TenantSession::NoAccess);
    };
    // Each way this ends is in the tenant's sign-in log, once per session.
    let login = guest
        .sign_in_name
        .clone()
        .or_else(|| guest.mail.clone())
        .unwrap_or_else(|| guest.user_principal_name.clone());
    let entry = |outcome, why| GuestSignIn {
        tenant,
        guest: guest.id,
        login: &login,
        outcome,
        reason: why,
        method: Some(&session.amr),
        source: None,
    };
    if db.live_user(tenant, guest.id).await?.is_none() {
        drop(conn);
        if guest.external_user_state == Some(ExternalUserState::Accepted) {
            let why = if guest.account_enabled {
                reason::HOME_ACCOUNT_DISABLED
            } else {
                reason::GUEST_BLOCKED
            };
            note_guest_entry(services, &entry("failure", why), &session, now).await?;
        }
        return Ok(TenantSession::NoAccess);
    }
    // The cross-tenant access settings are asked at every new session here.
    let partner = crate::cross_tenant::enforce::partner_of_guest(&mut db, &guest).await?;
    let ask = crate::cross_tenant::enforce::Ask {
        resource: tenant,
        partner,
        application: None,
        outbound: true,
    };
    if let Err(refusal) = crate::cross_tenant::enforce::check(services, &mut db, ask, now).await? {
        drop(conn);
        let refused = entry("failure", reason::CROSS_TENANT_BLOCKED);
        note_guest_entry(services, &refused, &session, now).await?;
        return Ok(TenantSession::Refused(refusal));
    }
    let policy = db
        .tenant_by_id(tenant)
        .await?
        .map(|t| t.collaboration)
        .unwrap_or_default();
    let home_mfa = session.amr.split_whitespace().any(|m| m == "mfa");
    let mut amr = session.amr.clone();
    let trusted =
        crate::cross_tenant::enforce::trusts_home_mfa(services, &mut db, tenant, partner, now)
            .await?;
    if policy.guest_mfa_required && !(trusted && home_mfa) {
        if db
            .guest_mfa_proven_at(&session.token_hash, tenant, guest.id)
            .await?
            .is_none()
        {
            let must_enrol = !crate::mfa::has_confirmed_totp(&mut db, tenant, guest.id).await?;
            drop(conn);
            let due = entry("interrupted", reason::SECOND_FACTOR_DUE);
            note_guest_entry(services, &due, &session, now).await?;
            return Ok(TenantSession::SecondFactorDue(
                crate::mfa::GuestChallenge::new(tenant, guest.id, must_enrol, session.token_hash),
            ));
        }
        amr = crate::mfa::amr_with_guest_totp(&amr);
    }
    drop(conn);
    // A partner's provider opened this session here, which recorded it already.
    if !federated {
        let entered = GuestSignIn {
            method: Some(&amr),
            ..entry("success", reason::HOME_SESSION)
        };
        note_guest_entry(services, &entered, &session, now).await?;
    }
    Ok(TenantSession::Ready(SessionRecord {
        tenant_id: tenant,
        user_id: guest.id,
        amr,
        ..session
    }))
}

/// An application on a user's My Apps page.
#[derive(Clone, Debug)]
pub struct MyApp {
    pub name: String,
    /// Where its tile leads: the home page, or the SAML launch address.
    pub home_page_url: Option<String>,
    pub logo_url: Option<String>,
}

/// An organization a person can open My Apps at.
#[derive(Clone, Debug)]
pub struct Organization {
    pub tenant_id: TenantId,
    pub name: String,
    /// Their home organization, where their account lives.
    pub home: bool,
}

/// The organizations of the person behind a browser session (a session at their
/// home tenant): their home first, then every tenant where they are a guest who has
/// accepted and is not blocked, by name. What the My Apps switcher lists.
pub async fn organizations_of(
    services: &Services,
    home_session: &SessionRecord,
) -> Result<Vec<Organization>, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let mut organizations = Vec::new();
    // A session a partner's provider opened is the guest's own, at the resource
    // tenant: the person's home is elsewhere, outside this deployment.
    let federated = home_session.amr.split_whitespace().any(|m| m == "fed");
    if let Some(home) = db.tenant_by_id(home_session.tenant_id).await? {
        organizations.push(Organization {
            tenant_id: home.id,
            name: home.display_name,
            home: !federated,
        });
    }
    let mut guest_of = Vec::new();
    for guest in db.guests_of_home_user(home_session.user_id).await? {
        if !guest.account_enabled || guest.external_user_state != Some(ExternalUserState::Accepted)
        {
            continue;
        }
        if let Some(tenant) = db.tenant_by_id(guest.tenant_id).await? {
            guest_of.push(Organization {
                tenant_id: tenant.id,
                name: tenant.display_name,
                home: false,
            });
        }
    }
    guest_of.sort_by_key(|o| o.name.to_lowercase());
    organizations.extend(guest_of);
    Ok(organizations)
}

/// The signed-in user of a tenant and the applications assigned to them, directly or
/// through a group, by name.
pub async fn my_apps(
    services: &Services,
    session: &SessionRecord,
) -> Result<(User, Vec<MyApp>), DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let tenant = session.tenant_id;
    let user = db
        .user_by_id(tenant, session.user_id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mut principals = vec![user.id.0];
    principals.extend(
        db.group_ids_of_user(tenant, user.id)
            .await?
            .iter()
            .map(|g| g.0),
    );
    let mut resources = Vec::new();
    for principal in principals {
        for assignment in db.assignments_of_principal(tenant, principal).await? {
            if !resources.contains(&assignment.resource_id) {
                resources.push(assignment.resource_id);
            }
        }
    }
    let mut apps = Vec::new();
    for id in resources {
        let own = db
            .application_by_id(tenant, entente_model::AppId(id))
            .await?;
        if own.is_none()
            && let Some(other) = db
                .service_principal_of(tenant, entente_model::AppId(id))
                .await?
        {
            // Another organization's application this one consented to: it opens its
            // home page (its SAML settings, if any, are the vendor's own).
            apps.push(MyApp {
                name: other.application.display_name,
                home_page_url: other.application.home_page_url,
                logo_url: other.application.logo_url,
            });
            continue;
        }
        if let Some(app) = own {
            // A SAML application is launched by an IdP-initiated sign-in (as Entra's
            // My Apps does); others open their home page.
            let launch = if db.saml_settings(tenant, app.id).await?.is_some() {
                Some(format!("/{tenant}/saml2/launch/{}", app.id))
            } else {
                app.home_page_url
            };
            apps.push(MyApp {
                name: app.display_name,
                home_page_url: launch,
                logo_url: app.logo_url,
            });
        }
    }
    apps.sort_by_key(|a| a.name.to_lowercase());
    Ok((user, apps))
}
