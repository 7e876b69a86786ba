//! The sign-in log: recording each sign-in in the transaction of the sign-in itself,
//! and reading it back for a tenant's administrators (a page at a time, or as a CSV
//! file). Recording never decides anything: it only says what the sign-in use case
//! decided.
//!
//! What is recorded: every password sign-in at the account's tenant (success, a
//! wrong password or an unknown or disabled account, or interrupted because a second
//! factor is due), and every application sign-in (an authorization code issued) at
//! the application's tenant, which for a guest is the resource tenant. Attempts
//! refused by the throttle before any check are not written: that would let a
//! flood of attempts write as fast as it arrives.
//!
//! A guest's sign-ins also appear at the inviting (resource) tenant: its entry with a
//! home session (My Apps, an application, the redemption), a code sign-in made at
//! that tenant's page, a refusal because the guest is blocked there, a second factor
//! due there, and wrong one-time codes for its address. Each row names a real guest
//! object of that tenant (an address nobody was invited with writes nothing there),
//! an entry is written once per session, tenant and outcome (a partial unique index
//! on `session_ref`, whatever the number of requests at once), and wrong codes only
//! within the guess budgets of [`crate::email_codes`]. The account's name and type and
//! a guest's home organization are kept with the row as they were at the time.

use entente_model::{TenantId, UnixTime, UserId};
use entente_storage::SessionRecord;
use entente_storage::{NewSignIn, SIGN_IN_LOG_DAYS, SignInRecord, Tx};

use crate::access::AuditReadAccess;
use crate::directory::{Page, PageRequest, cursor, page_size, paged};
use crate::{DomainError, Services};

/// One sign-in to record; see [`NewSignIn`] for the fields.
pub(crate) struct SignInEvent<'a> {
    pub tenant: TenantId,
    pub user: Option<UserId>,
    pub login: &'a str,
    pub outcome: &'a str,
    pub detail: Option<&'a str>,
    pub method: Option<&'a str>,
    pub client_id: Option<&'a str>,
    pub app_name: Option<&'a str>,
    pub source: Option<&'a str>,
    /// One of [`reason`]'s codes.
    pub reason: Option<&'a str>,
}

/// The stable codes of why a sign-in ended as it did, which the portal puts in words.
pub mod reason {
    /// A guest came into the inviting tenant with its home organization's session.
    pub const HOME_SESSION: &str = "home_session";
    /// Signed in with a one-time code sent by email.
    pub const EMAIL_CODE: &str = "email_code";
    /// A guest redeemed its invitation.
    pub const REDEEMED: &str = "redeemed";
    pub const WRONG_PASSWORD: &str = "wrong_password";
    pub const UNKNOWN_ACCOUNT: &str = "unknown_account";
    pub const ACCOUNT_DISABLED: &str = "account_disabled";
    /// A one-time code that was wrong, used or expired.
    pub const WRONG_CODE: &str = "wrong_code";
    /// The guest object is blocked at the tenant.
    pub const GUEST_BLOCKED: &str = "guest_blocked";
    /// The guest's home account is disabled or gone.
    pub const HOME_ACCOUNT_DISABLED: &str = "home_account_disabled";
    pub const SECOND_FACTOR_DUE: &str = "second_factor_due";
    /// The cross-tenant access settings (the tenant's inbound or the home tenant's
    /// outbound) keep the guest out.
    pub const CROSS_TENANT_BLOCKED: &str = "cross_tenant_blocked";
}

/// Writes a sign-in into the caller's transaction.
pub(crate) async fn record(
    tx: &mut Tx,
    event: SignInEvent<'_>,
    now: UnixTime,
) -> Result<(), DomainError> {
    write(tx, event, None, now).await?;
    Ok(())
}

/// A guest's sign-in at the inviting tenant (see the module's comment).
pub(crate) struct GuestSignIn<'a> {
    pub tenant: TenantId,
    pub guest: UserId,
    /// The guest's sign-in name (its home address).
    pub login: &'a str,
    /// `success`, `failure` or `interrupted`.
    pub outcome: &'a str,
    pub reason: &'a str,
    pub method: Option<&'a str>,
    pub source: Option<&'a str>,
}

/// Records a guest's entry into a tenant with a browser session, in the caller's
/// transaction, unless the same session's entry with the same outcome is there
/// already (one conditional insert).
pub(crate) async fn record_guest_entry(
    tx: &mut Tx,
    entry: &GuestSignIn<'_>,
    session: &SessionRecord,
    now: UnixTime,
) -> Result<(), DomainError> {
    let session_ref = entry_ref(&session.token_hash, entry.outcome);
    write(tx, guest_event(entry), Some(&session_ref), now).await?;
    Ok(())
}

/// As [`record_guest_entry`], in a transaction of its own, opened only when the
/// entry is not recorded yet: a session seen on every page writes once. Best effort:
/// the guest's page does not fail because its log entry could not be written (the
/// failure is logged for the operator).
pub(crate) async fn note_guest_entry(
    services: &Services,
    entry: &GuestSignIn<'_>,
    session: &SessionRecord,
    now: UnixTime,
) -> Result<(), DomainError> {
    if let Err(error) = try_note_guest_entry(services, entry, session, now).await {
        tracing::warn!(%error, tenant = %entry.tenant, "a guest's sign-in could not be logged");
    }
    Ok(())
}

async fn try_note_guest_entry(
    services: &Services,
    entry: &GuestSignIn<'_>,
    session: &SessionRecord,
    now: UnixTime,
) -> Result<(), DomainError> {
    let session_ref = entry_ref(&session.token_hash, entry.outcome);
    {
        let mut conn = services.store.read().await?;
        if conn
            .db()
            .sign_in_recorded(entry.tenant, &session_ref)
            .await?
        {
            return Ok(());
        }
    }
    let mut tx = services.store.write().await?;
    write(&mut tx, guest_event(entry), Some(&session_ref), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Records a guest's attempt that is not an entry (a wrong code), in the caller's
/// transaction: every one is written, within the budgets that admitted it.
pub(crate) async fn record_guest_attempt(
    tx: &mut Tx,
    attempt: &GuestSignIn<'_>,
    now: UnixTime,
) -> Result<(), DomainError> {
    write(tx, guest_event(attempt), None, now).await?;
    Ok(())
}

fn guest_event<'a>(entry: &GuestSignIn<'a>) -> SignInEvent<'a> {
    SignInEvent {
        tenant: entry.tenant,
        user: Some(entry.guest),
        login: entry.login,
        outcome: entry.outcome,
        detail: None,
        method: entry.method,
        client_id: None,
        app_name: None,
        source: entry.source,
        reason: Some(entry.reason),
    }
}

/// What stands for a session's entry with one outcome in the log: derived from the
/// session's hash, so the log holds nothing a session could be found or used by.
fn entry_ref(token_hash: &str, outcome: &str) -> String {
    crate::crypto::token_hash(&format!("sign-in log entry {outcome} {token_hash}"))
}

async fn write(
    tx: &mut Tx,
    event: SignInEvent<'_>,
    session_ref: Option<&str>,
    now: UnixTime,
) -> Result<bool, DomainError> {
    let written = tx
        .db()
        .append_sign_in(&NewSignIn {
            tenant_id: event.tenant,
            at: now,
            user_id: event.user,
            login: event.login,
            outcome: event.outcome,
            detail: event.detail,
            method: event.method,
            client_id: event.client_id,
            app_name: event.app_name,
            source: event.source,
            reason: event.reason,
            session_ref,
        })
        .await?;
    // The user's sign-in activity moves with each sign-in the log keeps (an entry
    // already written for the same session is not a new sign-in).
    if let (true, Some(user)) = (written, event.user) {
        let success = event.outcome == "success";
        tx.db()
            .record_interactive_sign_in(event.tenant, user, now, success)
            .await?;
    }
    Ok(written)
}

/// A page of the tenant's sign-ins, newest first; only `outcome`'s when given.
pub async fn list_sign_ins(
    services: &Services,
    access: AuditReadAccess,
    outcome: Option<&str>,
    page: PageRequest,
) -> Result<Page<SignInRecord>, DomainError> {
    let top = page_size(page.top)?;
    let before = cursor::<i64>(page.skip_token.as_deref())?;
    let mut conn = services.store.read().await?;
    let rows = conn
        .db()
        .list_sign_ins(access.tenant, outcome, before, top + 1)
        .await?;
    Ok(paged(rows, top, |s| s.id.to_string()))
}

/// The tenant's sign-ins of the last [`SIGN_IN_LOG_DAYS`] days as a CSV file, newest
/// first, formula cells neutralized (logins are what people typed).
pub async fn export_sign_ins(
    services: &Services,
    access: AuditReadAccess,
) -> Result<String, DomainError> {
    use std::borrow::Cow;
    let mut conn = services.store.read().await?;
    let mut rows = Vec::new();
    let mut before = None;
    loop {
        let page = conn
            .db()
            .list_sign_ins(access.tenant, None, before, 1_000)
            .await?;
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        let done = page.len() < 1_000;
        rows.extend(page);
        if done || rows.len() >= crate::directory::AUDIT_EXPORT_LIMIT {
            break;
        }
    }
    let lines = rows.into_iter().map(|s| {
        let text = |v: Option<String>| Cow::Owned(v.unwrap_or_default());
        vec![
            Cow::Owned(crate::directory::time_text(s.at)),
            Cow::Owned(s.login),
            text(s.user_id.map(|u| u.to_string())),
            Cow::Owned(s.outcome),
            text(s.detail),
            text(s.method),
            text(s.app_name),
            text(s.client_id),
            text(s.source),
            text(s.user_name),
            text(s.user_type),
            text(s.home_tenant_name),
            text(s.reason),
        ]
    });
    Ok(crate::invitations::csv_report::write_table(
        &[
            "Time",
            "Login",
            "UserId",
            "Outcome",
            "Detail",
            "Method",
            "Application",
            "ClientId",
            "Source",
            "UserName",
            "UserType",
            "HomeOrganization",
            "Reason",
        ],
        lines,
    ))
}

/// Removes sign-ins older than [`SIGN_IN_LOG_DAYS`].
pub async fn purge_old(services: &Services, now: UnixTime) -> Result<u64, DomainError> {
    let mut tx = services.store.write().await?;
    let purged = tx
        .db()
        .purge_sign_ins(now - SIGN_IN_LOG_DAYS * 24 * 3600)
        .await?;
    tx.commit().await?;
    Ok(purged)
}
