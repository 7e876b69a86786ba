//! Signing in by a one-time code sent by email, for accounts of unmanaged tenants
//! (Entra ID's "email one-time passcode").
//!
//! An account made by email verification has no password: each later sign-in proves
//! the address again. A login typed at any tenant's sign-in page that falls in a
//! domain held by an unmanaged tenant (and is not a member with a password of that
//! page's tenant) is answered with a code form. A code is emailed only when the
//! unmanaged tenant has an enabled account with that address, but the answer is the
//! same either way, so the page never tells who has an account. Codes are the
//! redemption's codes (`email_codes`, HMAC-ed with the master key, ten minutes, bound
//! to the browser that asked, guessed within the budgets of [`crate::email_codes`]),
//! recorded without an invitation so the two uses cannot stand in for each other.
//!
//! An organization that proves such a domain takes the unmanaged tenant's accounts
//! over; those accounts keep signing in by code at their new tenant until it gives
//! them a password ([`code_home_of`]).

use entente_model::{Actor, CreationType, ExternalUserState, TenantId, UnixTime, User, UserType};
use entente_storage::Db;
use serde_json::json;
use uuid::Uuid;

use crate::email_codes::{self, Guess, NewCode, Wait};
use crate::invitations::Language;
use crate::invitations::email::render_code_email;
use crate::invitations::redeem::CODE_LIFETIME_MINUTES;
use crate::mail::{OutgoingEmail, enqueue_email};
use crate::sign_in_log::{GuestSignIn, reason};
use crate::signin::{NewSession, open_session};
use crate::{DomainError, Services};

/// A code on its way (or, for an address with no account, seemingly so): the id the
/// code form sends back with the code.
#[derive(Clone, Debug)]
pub struct CodeSent {
    pub id: Uuid,
    /// The address, lower-cased, as the form shows it.
    pub email: String,
    /// The cookie the asking browser keeps: only guesses that carry it are checked.
    pub binding: String,
}

/// Why a code sign-in did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SignInCodeError {
    /// The code is wrong, used up, expired, or was never sent to an account.
    #[error("the code is wrong or has expired")]
    BadCode,
    /// Too many codes were asked for from this source lately.
    #[error("too many codes were sent to this address; try again later")]
    TooManyCodes(Wait),
    /// Too many wrong guesses from this source (or at this account from it) lately;
    /// the guess was not checked.
    #[error("too many wrong codes; try again later")]
    TooManyGuesses(Wait),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl From<entente_storage::StoreError> for SignInCodeError {
    fn from(error: entente_storage::StoreError) -> Self {
        SignInCodeError::Domain(error.into())
    }
}

/// Sends a sign-in code for a login typed at `tenant`'s sign-in page, when the login
/// belongs to an unmanaged tenant's domain; `Ok(None)` means it does not, and the
/// login goes on with a password. The code email is written in `language` and names
/// the page's tenant. Requests are counted per `source` address ([`email_codes`]).
pub async fn send_code(
    services: &Services,
    tenant: TenantId,
    login: &str,
    language: Language,
    source: &str,
    now: UnixTime,
) -> Result<Option<CodeSent>, SignInCodeError> {
    let email = crate::address::normalize(login).to_lowercase();
    if !crate::address::is_address(&email) {
        return Ok(None);
    }
    let Some(home) = unmanaged_home(services, tenant, &email).await? else {
        return Ok(None);
    };
    let mut tx = services.store.write().await?;
    if let Err(wait) = email_codes::charge_send(&mut tx.db(), &email, source, now).await? {
        // The refusal's count is kept: asking again does not reset the window.
        tx.commit().await?;
        return Err(SignInCodeError::TooManyCodes(wait));
    }
    let page_tenant = tx
        .db()
        .tenant_by_id(tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    let account = account_of(&mut tx.db(), home, &email).await?;
    let new = NewCode::new(services.entropy.as_ref());
    let code = new.code.clone();
    // A code is recorded for an unknown address too: the answer, the limits and the
    // work done look the same, and a code nobody received matches nothing.
    let lifetime = i64::from(CODE_LIFETIME_MINUTES) * 60;
    let record = new.record(&services.master, tenant, None, &email, lifetime, now);
    tx.db().insert_email_code(&record).await?;
    if let Some(account) = &account {
        let rendered = render_code_email(
            language,
            &page_tenant.display_name,
            &email,
            &code,
            CODE_LIFETIME_MINUTES,
        );
        let message = OutgoingEmail {
            from: services.settings.mail_sender.of(&page_tenant.display_name),
            to: vec![email.clone()],
            cc: Vec::new(),
            subject: rendered.subject,
            text: rendered.text,
            html: Some(rendered.html),
        };
        enqueue_email(&mut tx.db(), services, tenant, &message, now).await?;
        tx.db()
            .append_audit(
                home,
                now,
                &Actor::User(account.id),
                "Send sign-in code",
                "User",
                Some(&account.id.to_string()),
                &json!({ "mail": email, "signInTenantId": tenant.to_string() }),
            )
            .await?;
    }
    tx.commit().await?;
    if account.is_some() {
        services.wake_mail_delivery();
    }
    Ok(Some(CodeSent {
        id: record.id,
        email,
        binding: new.binding,
    }))
}

/// Checks a sign-in code asked for at `tenant`'s page, from the browser holding the
/// code's `binding` cookie, and opens a session (`amr` "otp") for the unmanaged
/// tenant's account with that address.
pub async fn verify_code(
    services: &Services,
    tenant: TenantId,
    code_id: Uuid,
    code: &str,
    binding: Option<&str>,
    source: &str,
    now: UnixTime,
) -> Result<NewSession, SignInCodeError> {
    let mut tx = services.store.write().await?;
    let record = tx.db().email_code(code_id).await?;
    let usable = record.as_ref().is_some_and(|r| {
        r.invitation_id.is_none()
            && r.tenant_id == tenant
            && r.used_at.is_none()
            && r.expires_at > now
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
    let record = match (outcome, record) {
        (Guess::Right, Some(record)) => record,
        (Guess::Wait(wait), _) => {
            tx.commit().await?;
            return Err(SignInCodeError::TooManyGuesses(wait));
        }
        (_, record) => {
            // A wrong code for the address of a guest of this tenant is in its sign-in
            // log (only for a real guest: an address nobody invited writes nothing).
            if let Some(record) = record.filter(|r| r.tenant_id == tenant)
                && let Some(guest) = guest_here(&mut tx.db(), tenant, &record.email).await?
            {
                let attempt = GuestSignIn {
                    tenant,
                    guest: guest.id,
                    login: &record.email,
                    outcome: "failure",
                    reason: reason::WRONG_CODE,
                    method: Some("otp"),
                    source: Some(source),
                };
                crate::sign_in_log::record_guest_attempt(&mut tx, &attempt, now).await?;
            }
            // The counts of a wrong guess stay, whatever else was wrong with it.
            tx.commit().await?;
            return Err(SignInCodeError::BadCode);
        }
    };
    if !tx.db().use_email_code(code_id, now).await? {
        return Err(SignInCodeError::BadCode);
    }
    // The account is found again now: it may have been disabled, or its tenant taken
    // over by a managed one, since the code was sent.
    let Some(home) = code_home_of(&mut tx.db(), &record.email).await? else {
        return Err(SignInCodeError::BadCode);
    };
    let Some(account) = account_of(&mut tx.db(), home, &record.email).await? else {
        return Err(SignInCodeError::BadCode);
    };
    let session = open_session(&mut tx, services, &account, "otp", Some(source), now).await?;
    // Signing in at a tenant where the account is a guest is that guest's sign-in
    // there too (or its refusal, when the guest is blocked).
    if let Some(guest) = tx.db().guest_of_home_user(tenant, account.id).await?
        && guest.external_user_state == Some(ExternalUserState::Accepted)
    {
        let (outcome, why) = if guest.account_enabled {
            ("success", reason::EMAIL_CODE)
        } else {
            ("failure", reason::GUEST_BLOCKED)
        };
        let entry = GuestSignIn {
            tenant,
            guest: guest.id,
            login: &record.email,
            outcome,
            reason: why,
            method: Some("otp"),
            source: Some(source),
        };
        crate::sign_in_log::record_guest_entry(&mut tx, &entry, &session.record, now).await?;
    }
    tx.db()
        .append_audit(
            home,
            now,
            &Actor::User(account.id),
            "Sign in with email code",
            "User",
            Some(&account.id.to_string()),
            &json!({ "mail": record.email, "signInTenantId": tenant.to_string() }),
        )
        .await?;
    tx.commit().await?;
    Ok(session)
}

/// The tenant whose account at `email` signs in by code ([`code_home_of`]), unless
/// `email` is a member with a password of the page's tenant (who signs in with that
/// password).
async fn unmanaged_home(
    services: &Services,
    tenant: TenantId,
    email: &str,
) -> Result<Option<TenantId>, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    if db.user_for_password_sign_in(tenant, email).await?.is_some() {
        return Ok(None);
    }
    code_home_of(&mut db, email).await
}

/// The tenant where `email` signs in by an emailed code: the unmanaged tenant
/// holding its domain, or the managed tenant that took such a tenant over (by
/// proving the domain) and holds the account still without a password. Accounts that
/// signed up by email verification keep working after a takeover until their new
/// organization gives them a password; not where it requires a second factor, which
/// a code alone would skip (their administrator is told at the takeover).
pub(crate) async fn code_home_of(
    db: &mut Db<'_>,
    email: &str,
) -> Result<Option<TenantId>, DomainError> {
    let Some(home) = db.tenant_by_domain(&domain_of(email)).await? else {
        return Ok(None);
    };
    if !home.managed {
        return Ok(Some(home.id));
    }
    if home.mfa_required
        || db
            .user_for_password_sign_in(home.id, email)
            .await?
            .is_some()
    {
        return Ok(None);
    }
    let Some(account) = account_of(db, home.id, email)
        .await?
        .filter(|u| u.creation_type == Some(CreationType::EmailVerified))
    else {
        return Ok(None);
    };
    // An account that has enrolled a second factor uses it: a code alone would skip it.
    let enrolment = db.totp_enrolment(home.id, account.id).await?;
    Ok((!crate::mfa::is_confirmed(enrolment.as_ref())).then_some(home.id))
}

/// The guest of `tenant` that the code account of `email` redeemed, if any.
async fn guest_here(
    db: &mut Db<'_>,
    tenant: TenantId,
    email: &str,
) -> Result<Option<User>, DomainError> {
    let Some(home) = code_home_of(db, email).await? else {
        return Ok(None);
    };
    let Some(account) = account_of(db, home, email).await? else {
        return Ok(None);
    };
    Ok(db.guest_of_home_user(tenant, account.id).await?)
}

/// The enabled member of `home` whose mail is `email`.
async fn account_of(
    db: &mut Db<'_>,
    home: TenantId,
    email: &str,
) -> Result<Option<User>, DomainError> {
    Ok(db
        .user_by_mail(home, email)
        .await?
        .filter(|u| u.user_type == UserType::Member && u.account_enabled))
}

fn domain_of(email: &str) -> String {
    crate::address::domain_of(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_is_what_follows_the_last_at() {
        assert_eq!(domain_of("bob@northwind.example"), "northwind.example");
        assert_eq!(domain_of("no-at-sign"), "");
    }
}
