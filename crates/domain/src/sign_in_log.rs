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

use entente_model::{TenantId, UnixTime, UserId};
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
}

/// Writes a sign-in into the caller's transaction.
pub(crate) async fn record(
    tx: &mut Tx,
    event: SignInEvent<'_>,
    now: UnixTime,
) -> Result<(), DomainError> {
    tx.db()
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
        })
        .await?;
    Ok(())
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
