//! Second factors for members: TOTP authenticator apps (RFC 6238) and single-use
//! recovery codes, the half-done sign-in that waits for them, and the tenant policy
//! that requires them.
//!
//! A password sign-in that needs a second factor ends in a *pending sign-in*: a random
//! token, stored only hashed, good for [`PENDING_LIFETIME`] seconds, that remembers the
//! tenant, the user and where to return. Only a valid code (or recovery code) turns it
//! into a session, whose `amr` then says how the user proved themselves. TOTP secrets
//! are stored sealed with the master key and never leave this module except once, at
//! enrolment, for the user to copy into their app. Wrong codes count against the same
//! throttle as wrong passwords. Nothing here reads the clock: `now` comes in.
//!
//! Guests have a second factor of their own at a resource tenant that requires one:
//! a TOTP enrolled on the guest object (so the resource tenant controls it, and its
//! admins reset it like a member's), proven with the guest's home session. The proof
//! is recorded against that session, which never becomes a session of the guest; see
//! [`GuestChallenge`]. Guests get no recovery codes: the resource tenant's admins are
//! their way back in.

use entente_model::{Actor, TenantId, UnixTime, User, UserId};
use entente_storage::{PendingMfaRecord, TotpEnrolmentRecord, Tx};
use serde_json::json;
use totp_rs::{Algorithm, Builder, Totp};

use crate::access::TenantAdmin;
use crate::crypto::{constant_time_eq, new_token, token_hash};
use crate::signin::{Admission, NewSession, SignInOutcome, admit, open_session};
use crate::{DomainError, Services};

/// How long a pending sign-in waits for its second factor, in seconds.
pub const PENDING_LIFETIME: i64 = 5 * 60;
/// How many recovery codes a user gets when confirming an authenticator app.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// The issuer shown in authenticator apps.
pub const TOTP_ISSUER: &str = "Entente";
/// The TOTP time step, in seconds (RFC 6238's default, which every app assumes).
const STEP_SECONDS: i64 = 30;
/// Steps accepted either side of the current one, for clock drift and typing time.
const ALLOWED_DRIFT: i64 = 1;
/// A secret of 160 bits, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
/// Recovery codes carry 80 bits: too many to guess, short enough to type.
const RECOVERY_CODE_BYTES: usize = 10;

/// Proof that the caller is a given member: either a live session of theirs, or a
/// pending sign-in (their password was right) that still needs a second factor.
#[derive(Clone, Debug)]
pub struct AccountHolder {
    pub tenant: TenantId,
    pub user: UserId,
    /// The hash of the pending sign-in's token when that is the proof.
    pending: Option<String>,
}

impl AccountHolder {
    /// Whether the proof is a full session (rather than a password alone).
    pub fn is_signed_in(&self) -> bool {
        self.pending.is_none()
    }
}

/// A pending sign-in as the pages need to know it.
#[derive(Clone, Debug)]
pub struct PendingSignIn {
    pub user: UserId,
    /// The user has no confirmed authenticator app and must set one up first.
    pub must_enrol: bool,
}

/// A new, unconfirmed authenticator app: what the user copies into it.
#[derive(Clone, Debug)]
pub struct Enrolment {
    /// `otpauth://totp/...` with issuer "Entente" and the user's principal name.
    pub otpauth_uri: String,
    /// The secret in base32 for typing in by hand.
    pub secret_base32: String,
}

/// The result of confirming an authenticator app.
#[derive(Clone, Debug)]
pub enum EnrolmentOutcome {
    /// The app works. The recovery codes are shown now and never again; when the
    /// proof was a pending sign-in, the sign-in completes with `session`.
    Confirmed {
        recovery_codes: Vec<String>,
        session: Option<Box<NewSession>>,
        return_to: Option<String>,
    },
    /// The code did not match the new secret, shown again for another try.
    WrongCode(Enrolment),
}

/// The result of presenting a second factor for a pending sign-in.
#[derive(Clone, Debug)]
pub enum SecondFactorOutcome {
    SignedIn {
        session: Box<NewSession>,
        return_to: String,
    },
    /// A wrong, reused or malformed code.
    Rejected,
    /// Too many failures: try again after this many seconds.
    Throttled { retry_after: i64 },
    /// The pending sign-in is unknown, used or expired: start again with the password.
    Expired,
}

/// A guest whose home session does not give the resource tenant the second factor it
/// requires of guests. Only `invitations::redeem::session_in_tenant` makes one, from a
/// live home session mapped to a guest that may sign in, so holding one proves the
/// browser holds that session.
#[derive(Clone, Debug)]
pub struct GuestChallenge {
    pub tenant: TenantId,
    pub guest: UserId,
    /// The guest has no confirmed authenticator app at the tenant and must set one up.
    pub must_enrol: bool,
    /// The hash of the home session's token, which the proof is recorded against.
    session_hash: String,
}

impl GuestChallenge {
    pub(crate) fn new(
        tenant: TenantId,
        guest: UserId,
        must_enrol: bool,
        session_hash: String,
    ) -> GuestChallenge {
        GuestChallenge {
            tenant,
            guest,
            must_enrol,
            session_hash,
        }
    }
}

/// The result of a guest presenting a code from the authenticator app enrolled with
/// the resource tenant (or confirming a new one).
#[derive(Clone, Debug)]
pub enum GuestFactorOutcome {
    /// The factor is proven for the home session: the guest may sign in here, and
    /// its tokens say `mfa`.
    Proven,
    /// A wrong, reused or malformed code. While setting up, the new key is shown
    /// again (and the failure does not count toward throttling, as for members).
    Rejected(Option<Enrolment>),
    /// Too many failures: try again after this many seconds.
    Throttled { retry_after: i64 },
}

/// The pending sign-in behind a cookie value, if it is still live.
pub async fn pending_sign_in(
    services: &Services,
    tenant: TenantId,
    token: &str,
    now: UnixTime,
) -> Result<Option<PendingSignIn>, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let Some(pending) = db.live_pending_mfa(tenant, &token_hash(token), now).await? else {
        return Ok(None);
    };
    let enrolment = db.totp_enrolment(tenant, pending.user_id).await?;
    Ok(Some(PendingSignIn {
        user: pending.user_id,
        must_enrol: !is_confirmed(enrolment.as_ref()),
    }))
}

/// The member proven by a pending sign-in, allowed to set up an authenticator app only
/// while they have none (so a password alone can never replace a working app).
pub async fn holder_from_pending(
    services: &Services,
    tenant: TenantId,
    token: &str,
    now: UnixTime,
) -> Result<Option<AccountHolder>, DomainError> {
    let hash = token_hash(token);
    let mut conn = services.store.read().await?;
    let Some(pending) = conn.db().live_pending_mfa(tenant, &hash, now).await? else {
        return Ok(None);
    };
    Ok(Some(AccountHolder {
        tenant,
        user: pending.user_id,
        pending: Some(hash),
    }))
}

/// The member signed in with a session of this tenant.
pub async fn holder_from_session(
    services: &Services,
    tenant: TenantId,
    session_token: &str,
    now: UnixTime,
) -> Result<Option<AccountHolder>, DomainError> {
    let session = crate::signin::session(services, session_token, now).await?;
    Ok(session
        .filter(|s| s.tenant_id == tenant)
        .map(|s| AccountHolder {
            tenant,
            user: s.user_id,
            pending: None,
        }))
}

/// Starts setting up an authenticator app: makes a new secret (replacing any earlier
/// unconfirmed one) and returns what the user copies into the app.
pub async fn start_enrolment(
    services: &Services,
    holder: &AccountHolder,
    now: UnixTime,
) -> Result<Enrolment, DomainError> {
    let mut secret = vec![0u8; SECRET_BYTES];
    services.entropy.fill(&mut secret);
    let mut tx = services.store.write().await?;
    let user = user_of(&mut tx, holder.tenant, holder.user).await?;
    if is_confirmed(
        tx.db()
            .totp_enrolment(holder.tenant, holder.user)
            .await?
            .as_ref(),
    ) {
        return Err(DomainError::Conflict(
            "an authenticator app is already set up; remove it first".to_owned(),
        ));
    }
    let totp = totp(secret.clone(), &user)?;
    tx.db()
        .replace_unconfirmed_totp(&TotpEnrolmentRecord {
            tenant_id: holder.tenant,
            user_id: holder.user,
            secret_sealed: services.master.seal(&secret, services.entropy.as_ref()),
            created_at: now,
            confirmed_at: None,
            last_used_step: None,
        })
        .await?;
    tx.commit().await?;
    enrolment_of(&totp)
}

/// Confirms an authenticator app with a first code from it, then issues fresh recovery
/// codes. When the proof was a pending sign-in, that sign-in completes here.
pub async fn confirm_enrolment(
    services: &Services,
    holder: &AccountHolder,
    code: &str,
    source: &str,
    now: UnixTime,
) -> Result<EnrolmentOutcome, DomainError> {
    let mut tx = services.store.write().await?;
    let user = user_of(&mut tx, holder.tenant, holder.user).await?;
    let Some(enrolment) = tx.db().totp_enrolment(holder.tenant, holder.user).await? else {
        return Err(DomainError::invalid("set up the authenticator app first"));
    };
    if enrolment.confirmed_at.is_some() {
        return Err(DomainError::Conflict(
            "an authenticator app is already set up".to_owned(),
        ));
    }
    let totp = totp(open_secret(services, &enrolment)?, &user)?;
    let confirmed = match matching_step(&totp, code, now, None) {
        Some(step) => {
            tx.db()
                .confirm_totp(holder.tenant, holder.user, step, now)
                .await?
        }
        None => false,
    };
    if !confirmed {
        return Ok(EnrolmentOutcome::WrongCode(enrolment_of(&totp)?));
    }
    let recovery_codes = replace_recovery_codes(&mut tx, services, holder, now).await?;
    tx.db()
        .append_audit(
            holder.tenant,
            now,
            &Actor::User(holder.user),
            "Register authenticator app",
            "User",
            Some(&holder.user.to_string()),
            &json!({ "method": "totp" }),
        )
        .await?;
    let (session, return_to) = match &holder.pending {
        None => (None, None),
        Some(hash) => {
            let pending = take_pending(&mut tx, holder.tenant, hash, now).await?;
            tx.db().clear_throttle(&pending.throttle_key).await?;
            let session =
                open_session(&mut tx, services, &user, "pwd otp mfa", Some(source), now).await?;
            (Some(Box::new(session)), Some(pending.return_to))
        }
    };
    tx.commit().await?;
    Ok(EnrolmentOutcome::Confirmed {
        recovery_codes,
        session,
        return_to,
    })
}

/// Completes a pending sign-in with a code from the user's authenticator app. A code
/// is accepted one step either side of now, and only once: a code whose step (or a
/// later one) was already used is refused.
pub async fn verify_code(
    services: &Services,
    tenant: TenantId,
    pending_token: &str,
    code: &str,
    source: &str,
    now: UnixTime,
) -> Result<SecondFactorOutcome, DomainError> {
    second_factor(
        services,
        tenant,
        pending_token,
        source,
        now,
        async |tx, user| {
            let Some(enrolment) = tx.db().totp_enrolment(tenant, user.id).await? else {
                return Ok(None);
            };
            if enrolment.confirmed_at.is_none() {
                return Ok(None);
            }
            let totp = totp(open_secret(services, &enrolment)?, user)?;
            let Some(step) = matching_step(&totp, code, now, enrolment.last_used_step) else {
                return Ok(None);
            };
            // The conditional update is what really enforces single use, should two
            // requests carry the same code at once.
            Ok(tx
                .db()
                .advance_totp_step(tenant, user.id, step)
                .await?
                .then_some("pwd otp mfa"))
        },
    )
    .await
}

/// Completes a pending sign-in with one of the user's recovery codes, which is then
/// spent.
pub async fn use_recovery_code(
    services: &Services,
    tenant: TenantId,
    pending_token: &str,
    code: &str,
    source: &str,
    now: UnixTime,
) -> Result<SecondFactorOutcome, DomainError> {
    let hash = token_hash(&normalise_recovery_code(code));
    second_factor(
        services,
        tenant,
        pending_token,
        source,
        now,
        async |tx, user| {
            Ok(tx
                .db()
                .use_recovery_code(tenant, user.id, &hash, now)
                .await?
                .then_some("pwd mfa"))
        },
    )
    .await
}

/// Removes the caller's own authenticator app and recovery codes. A pending sign-in is
/// not enough: removing a second factor needs a full session.
pub async fn remove_own_enrolment(
    services: &Services,
    holder: &AccountHolder,
    now: UnixTime,
) -> Result<(), DomainError> {
    if !holder.is_signed_in() {
        return Err(DomainError::Forbidden("a signed-in session"));
    }
    remove(
        services,
        holder.tenant,
        holder.user,
        &Actor::User(holder.user),
        now,
    )
    .await
}

/// Removes a member's authenticator app and recovery codes as an administrator, for a
/// user who lost their device.
pub async fn remove_enrolment(
    services: &Services,
    admin: &TenantAdmin,
    user: UserId,
    now: UnixTime,
) -> Result<(), DomainError> {
    remove(services, admin.tenant, user, &admin.actor, now).await
}

/// Sets whether every member of the tenant needs a second factor to sign in.
pub async fn set_mfa_required(
    services: &Services,
    admin: &TenantAdmin,
    required: bool,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    if !tx
        .db()
        .set_tenant_mfa_required(admin.tenant, required)
        .await?
    {
        return Err(DomainError::NotFound);
    }
    tx.db()
        .append_audit(
            admin.tenant,
            now,
            &admin.actor,
            "Update tenant sign-in policy",
            "Tenant",
            Some(&admin.tenant.to_string()),
            &json!({ "mfaRequired": required }),
        )
        .await?;
    tx.commit().await?;
    services.cache.forget_tenant(admin.tenant);
    Ok(())
}

/// Whether the tenant requires a second factor of its members (read by admins).
pub async fn mfa_required(services: &Services, admin: &TenantAdmin) -> Result<bool, DomainError> {
    let mut conn = services.store.read().await?;
    let tenant = conn.db().tenant_by_id(admin.tenant).await?;
    tenant.map(|t| t.mfa_required).ok_or(DomainError::NotFound)
}

/// Starts setting up the authenticator app of a guest with the resource tenant: a new
/// secret on the guest object, replacing any unconfirmed one. Refused once the guest
/// has a confirmed app (only the tenant's admins can remove it).
pub async fn start_guest_enrolment(
    services: &Services,
    challenge: &GuestChallenge,
    now: UnixTime,
) -> Result<Enrolment, DomainError> {
    let holder = AccountHolder {
        tenant: challenge.tenant,
        user: challenge.guest,
        pending: None,
    };
    start_enrolment(services, &holder, now).await
}

/// Proves a guest's second factor at the resource tenant with a code: the first code
/// of a new app confirms it; otherwise the code must match the confirmed app (once
/// per time step, under the same throttling as members' codes). On success the home
/// session is recorded as having proven it, in the same transaction.
pub async fn prove_guest_factor(
    services: &Services,
    challenge: &GuestChallenge,
    code: &str,
    source: &str,
    now: UnixTime,
) -> Result<GuestFactorOutcome, DomainError> {
    let (tenant, guest) = (challenge.tenant, challenge.guest);
    let throttle_key = format!("account:{tenant}:{guest}");
    // Counted before the code is checked, so concurrent guesses cannot all slip in
    // under the allowance (see `signin::admit`).
    let counted = match admit(services, &throttle_key, source, now).await? {
        Admission::Admitted(counted) => counted,
        Admission::Throttled { retry_after } => {
            return Ok(GuestFactorOutcome::Throttled { retry_after });
        }
    };
    let mut tx = services.store.write().await?;
    let user = user_of(&mut tx, tenant, guest).await?;
    let Some(enrolment) = tx.db().totp_enrolment(tenant, guest).await? else {
        counted.not_a_failure(&mut tx).await?;
        tx.commit().await?;
        return Err(DomainError::invalid("set up the authenticator app first"));
    };
    let totp = totp(open_secret(services, &enrolment)?, &user)?;
    if enrolment.confirmed_at.is_none() {
        let confirmed = match matching_step(&totp, code, now, None) {
            Some(step) => tx.db().confirm_totp(tenant, guest, step, now).await?,
            None => false,
        };
        if !confirmed {
            // A wrong first code of a new app is no guess at a secret the guest does
            // not know, so it does not count, as for members.
            counted.not_a_failure(&mut tx).await?;
            tx.commit().await?;
            return Ok(GuestFactorOutcome::Rejected(Some(enrolment_of(&totp)?)));
        }
        tx.db()
            .append_audit(
                tenant,
                now,
                &Actor::User(guest),
                "Register authenticator app",
                "User",
                Some(&guest.to_string()),
                &json!({ "method": "totp", "guest": true }),
            )
            .await?;
    } else {
        // The conditional update is what enforces single use under races.
        let accepted = match matching_step(&totp, code, now, enrolment.last_used_step) {
            Some(step) => tx.db().advance_totp_step(tenant, guest, step).await?,
            None => false,
        };
        if !accepted {
            // The failure was counted when the attempt was admitted.
            return Ok(GuestFactorOutcome::Rejected(None));
        }
    }
    counted.succeeded(&mut tx).await?;
    tx.db()
        .insert_guest_mfa_proof(&challenge.session_hash, tenant, guest, now)
        .await?;
    tx.commit().await?;
    Ok(GuestFactorOutcome::Proven)
}

/// A session's `amr` once a guest proved its TOTP at the resource tenant: `otp` and
/// `mfa` added to the home methods, each once.
pub(crate) fn amr_with_guest_totp(amr: &str) -> String {
    let mut methods: Vec<&str> = amr.split_whitespace().collect();
    for method in ["otp", "mfa"] {
        if !methods.contains(&method) {
            methods.push(method);
        }
    }
    methods.join(" ")
}

/// Whether a user has a confirmed authenticator app at a tenant.
pub(crate) async fn has_confirmed_totp(
    db: &mut entente_storage::Db<'_>,
    tenant: TenantId,
    user: UserId,
) -> Result<bool, DomainError> {
    Ok(is_confirmed(
        db.totp_enrolment(tenant, user).await?.as_ref(),
    ))
}

/// Called by the password sign-in once the password is right: when the user has an
/// authenticator app or the tenant requires one, records a pending sign-in and says so.
pub(crate) async fn second_factor_due(
    tx: &mut Tx,
    services: &Services,
    user: &User,
    return_to: &str,
    throttle_key: &str,
    now: UnixTime,
) -> Result<Option<SignInOutcome>, DomainError> {
    let enrolled = is_confirmed(
        tx.db()
            .totp_enrolment(user.tenant_id, user.id)
            .await?
            .as_ref(),
    );
    let required = tx
        .db()
        .tenant_by_id(user.tenant_id)
        .await?
        .is_some_and(|t| t.mfa_required);
    if !enrolled && !required {
        return Ok(None);
    }
    let token = new_token(services.entropy.as_ref());
    tx.db()
        .insert_pending_mfa(&PendingMfaRecord {
            token_hash: token_hash(&token),
            tenant_id: user.tenant_id,
            user_id: user.id,
            return_to: return_to.to_owned(),
            throttle_key: throttle_key.to_owned(),
            created_at: now,
            expires_at: now + PENDING_LIFETIME,
        })
        .await?;
    Ok(Some(SignInOutcome::SecondFactorRequired {
        pending_token: token,
        must_enrol: !enrolled,
    }))
}

/// The shared path of both second factors: check the pending sign-in and the throttle,
/// let `check` decide (returning the session's `amr` on success), then either open the
/// session or count the failure.
async fn second_factor(
    services: &Services,
    tenant: TenantId,
    pending_token: &str,
    source: &str,
    now: UnixTime,
    check: impl AsyncFnOnce(&mut Tx, &User) -> Result<Option<&'static str>, DomainError>,
) -> Result<SecondFactorOutcome, DomainError> {
    let hash = token_hash(pending_token);
    let pending = {
        let mut conn = services.store.read().await?;
        conn.db().live_pending_mfa(tenant, &hash, now).await?
    };
    let Some(pending) = pending else {
        return Ok(SecondFactorOutcome::Expired);
    };
    // Counted before the code is checked, so concurrent guesses cannot all slip in
    // under the allowance (see `signin::admit`).
    let counted = match admit(services, &pending.throttle_key, source, now).await? {
        Admission::Admitted(counted) => counted,
        Admission::Throttled { retry_after } => {
            return Ok(SecondFactorOutcome::Throttled { retry_after });
        }
    };
    let mut tx = services.store.write().await?;
    let user = user_of(&mut tx, tenant, pending.user_id).await?;
    match check(&mut tx, &user).await? {
        Some(amr) => {
            let pending = take_pending(&mut tx, tenant, &hash, now).await?;
            counted.succeeded(&mut tx).await?;
            let session = open_session(&mut tx, services, &user, amr, Some(source), now).await?;
            tx.commit().await?;
            Ok(SecondFactorOutcome::SignedIn {
                session: Box::new(session),
                return_to: pending.return_to,
            })
        }
        None => {
            // Whatever `check` may have written is dropped with the transaction; the
            // failure was counted when the attempt was admitted.
            Ok(SecondFactorOutcome::Rejected)
        }
    }
}

/// Marks a pending sign-in used and returns it; fails when another request got there
/// first, so one pending sign-in yields at most one session.
async fn take_pending(
    tx: &mut Tx,
    tenant: TenantId,
    hash: &str,
    now: UnixTime,
) -> Result<PendingMfaRecord, DomainError> {
    let pending = tx
        .db()
        .live_pending_mfa(tenant, hash, now)
        .await?
        .ok_or_else(|| DomainError::invalid("this sign-in has expired; sign in again"))?;
    if !tx.db().consume_pending_mfa(tenant, hash, now).await? {
        return Err(DomainError::invalid(
            "this sign-in has expired; sign in again",
        ));
    }
    Ok(pending)
}

async fn remove(
    services: &Services,
    tenant: TenantId,
    user: UserId,
    actor: &Actor,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    if !tx.db().delete_totp(tenant, user).await? {
        return Err(DomainError::NotFound);
    }
    tx.db()
        .append_audit(
            tenant,
            now,
            actor,
            "Delete authenticator app",
            "User",
            Some(&user.to_string()),
            &json!({ "method": "totp" }),
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

async fn replace_recovery_codes(
    tx: &mut Tx,
    services: &Services,
    holder: &AccountHolder,
    now: UnixTime,
) -> Result<Vec<String>, DomainError> {
    tx.db()
        .delete_recovery_codes(holder.tenant, holder.user)
        .await?;
    let mut codes = Vec::with_capacity(RECOVERY_CODE_COUNT);
    for _ in 0..RECOVERY_CODE_COUNT {
        let mut bytes = [0u8; RECOVERY_CODE_BYTES];
        services.entropy.fill(&mut bytes);
        let code = format_recovery_code(&bytes);
        tx.db()
            .insert_recovery_code(
                holder.tenant,
                holder.user,
                &token_hash(&normalise_recovery_code(&code)),
                now,
            )
            .await?;
        codes.push(code);
    }
    Ok(codes)
}

async fn user_of(tx: &mut Tx, tenant: TenantId, user: UserId) -> Result<User, DomainError> {
    tx.db()
        .user_by_id(tenant, user)
        .await?
        .filter(|u| u.account_enabled)
        .ok_or(DomainError::NotFound)
}

fn enrolment_of(totp: &Totp) -> Result<Enrolment, DomainError> {
    Ok(Enrolment {
        otpauth_uri: totp
            .to_url()
            .map_err(|e| DomainError::internal(format!("otpauth URI: {e}")))?,
        secret_base32: totp.secret().to_base32(),
    })
}

pub(crate) fn is_confirmed(enrolment: Option<&TotpEnrolmentRecord>) -> bool {
    enrolment.is_some_and(|e| e.confirmed_at.is_some())
}

fn open_secret(
    services: &Services,
    enrolment: &TotpEnrolmentRecord,
) -> Result<Vec<u8>, DomainError> {
    services
        .master
        .open(&enrolment.secret_sealed)
        .map_err(|e| DomainError::internal(format!("TOTP secret: {e}")))
}

/// The TOTP parameters every authenticator app understands: SHA-1, 6 digits, 30 s.
fn totp(secret: Vec<u8>, user: &User) -> Result<Totp, DomainError> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(ALLOWED_DRIFT as u16)
        .with_step_duration(STEP_SECONDS as u64)
        .with_secret(secret)
        .with_issuer(Some(TOTP_ISSUER.to_owned()))
        // The otpauth label separates issuer and account with a colon, so the account
        // name must not hold one; a principal name never should, but stay safe.
        .with_account_name(user.user_principal_name.replace(':', "_"))
        .build()
        .map_err(|e| DomainError::internal(format!("TOTP parameters: {e}")))
}

/// The time step of `code` when it matches one within the allowed drift of `now` and
/// that step is later than `last_used`; the oldest such step wins, so a code cannot be
/// replayed by matching it against a later step.
fn matching_step(totp: &Totp, code: &str, now: UnixTime, last_used: Option<i64>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = now.div_euclid(STEP_SECONDS);
    let mut found = None;
    // Every candidate is compared, so the time taken says nothing about which matched.
    for step in (current - ALLOWED_DRIFT..=current + ALLOWED_DRIFT).rev() {
        if step < 0 || last_used.is_some_and(|used| step <= used) {
            continue;
        }
        let expected = totp.generate((step * STEP_SECONDS) as u64).to_string();
        if constant_time_eq(expected.as_bytes(), code.as_bytes()) {
            found = Some(step);
        }
    }
    found
}

/// Shows 80 random bits as four groups of four lowercase base32 letters and digits.
fn format_recovery_code(bytes: &[u8; RECOVERY_CODE_BYTES]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::with_capacity(19);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    let mut written = 0;
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            if written > 0 && written % 4 == 0 {
                out.push('-');
            }
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
            written += 1;
        }
    }
    out
}

/// Users type recovery codes with or without dashes, spaces or capitals.
fn normalise_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alice() -> User {
        User {
            id: UserId::new_id(),
            tenant_id: TenantId(uuid::Uuid::nil()),
            user_type: entente_model::UserType::Member,
            creation_type: None,
            external_user_state: None,
            external_user_state_changed_at: None,
            sign_in_name: None,
            alternative_security_id: None,
            home_tenant_id: None,
            home_user_id: None,
            external_issuer: None,
            user_principal_name: "alice@contoso.com".to_owned(),
            mail: None,
            display_name: "Alice".to_owned(),
            account_enabled: true,
            created_at: 0,
        }
    }

    fn fixed_totp() -> Totp {
        totp(b"12345678901234567890".to_vec(), &alice()).unwrap()
    }

    // 2000-01-01T00:00:15Z, the middle of step 31_557_600.
    const NOW: i64 = 946_684_815;
    const STEP: i64 = NOW / 30;

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082, of which 6 digits are 287082.
        assert_eq!(fixed_totp().generate(59).to_string(), "287082");
    }

    #[test]
    fn codes_match_one_step_either_side_and_no_further() {
        let totp = fixed_totp();
        for offset in -1..=1 {
            let code = totp.generate(((STEP + offset) * 30) as u64).to_string();
            assert_eq!(
                matching_step(&totp, &code, NOW, None),
                Some(STEP + offset),
                "offset {offset}"
            );
        }
        for offset in [-3, -2, 2, 3] {
            let code = totp.generate(((STEP + offset) * 30) as u64).to_string();
            let near: Vec<_> = (-1..=1)
                .map(|o| totp.generate(((STEP + o) * 30) as u64).to_string())
                .collect();
            if !near.contains(&code) {
                assert_eq!(
                    matching_step(&totp, &code, NOW, None),
                    None,
                    "offset {offset}"
                );
            }
        }
    }

    #[test]
    fn a_used_step_and_older_ones_are_refused() {
        let totp = fixed_totp();
        let current = totp.generate((STEP * 30) as u64).to_string();
        let previous = totp.generate(((STEP - 1) * 30) as u64).to_string();
        let next = totp.generate(((STEP + 1) * 30) as u64).to_string();
        assert_eq!(matching_step(&totp, &current, NOW, Some(STEP)), None);
        assert_eq!(matching_step(&totp, &previous, NOW, Some(STEP)), None);
        assert_eq!(matching_step(&totp, &next, NOW, Some(STEP)), Some(STEP + 1));
        // The same code 20 seconds later, still in the same step, is still refused.
        assert_eq!(matching_step(&totp, &current, NOW + 10, Some(STEP)), None);
        assert_eq!(
            matching_step(&totp, &current, NOW, Some(STEP - 1)),
            Some(STEP)
        );
    }

    #[test]
    fn malformed_codes_never_match() {
        let totp = fixed_totp();
        let code = totp.generate((STEP * 30) as u64).to_string();
        assert_eq!(matching_step(&totp, &format!("{code}0"), NOW, None), None);
        assert_eq!(matching_step(&totp, "", NOW, None), None);
        assert_eq!(matching_step(&totp, "abcdef", NOW, None), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(matching_step(&totp, &spaced, NOW, None), Some(STEP));
    }

    #[test]
    fn otpauth_uri_names_the_issuer_and_account() {
        let totp = fixed_totp();
        let uri = totp.to_url().unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Entente:alice%40contoso.com?"),
            "{uri}"
        );
        assert!(uri.contains("issuer=Entente"), "{uri}");
        assert!(
            uri.contains(&format!("secret={}", totp.secret().to_base32())),
            "{uri}"
        );
    }

    #[test]
    fn a_guest_totp_adds_otp_and_mfa_once() {
        assert_eq!(amr_with_guest_totp("pwd"), "pwd otp mfa");
        assert_eq!(amr_with_guest_totp("pwd mfa"), "pwd mfa otp");
        assert_eq!(amr_with_guest_totp("pwd otp mfa"), "pwd otp mfa");
    }

    #[test]
    fn recovery_codes_are_grouped_and_normalised() {
        let code = format_recovery_code(&[0xff; RECOVERY_CODE_BYTES]);
        assert_eq!(code, "7777-7777-7777-7777");
        let code = format_recovery_code(&[0; RECOVERY_CODE_BYTES]);
        assert_eq!(code, "aaaa-aaaa-aaaa-aaaa");
        assert_eq!(
            normalise_recovery_code(" AAAA-aaaa aaaa-AAAA "),
            "a".repeat(16)
        );
    }
}
