//! Signing members in with a password, throttling guessing, and browser sessions.
//!
//! Password hashing is the one deliberately slow thing Entente does. It runs on the
//! blocking pool behind a [`PasswordGate`] that lets as many hashes run as there are
//! cores, queues a bounded number more, and refuses the rest as overloaded, so a flood
//! of sign-ins gets quick "retry later" answers instead of unbounded latency.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use entente_model::{TenantId, UnixTime, User};
use entente_storage::{SessionRecord, Tx};
use tokio::sync::Semaphore;

use crate::crypto::{decoy_password_hash, hash_password, new_token, token_hash, verify_password};
use crate::fields::{Fault, Rule};
use crate::{DomainError, Services};

/// Failures on one account before delays start.
const ACCOUNT_FREE_FAILURES: i64 = 5;
/// Failures from one source address before delays start.
const SOURCE_FREE_FAILURES: i64 = 30;
/// The longest delay imposed, in seconds.
const MAX_DELAY: i64 = 15 * 60;

/// Bounds the number of concurrent password hashes and of those waiting for one.
#[derive(Clone, Debug)]
pub struct PasswordGate {
    running: Arc<Semaphore>,
    admitted: Arc<AtomicUsize>,
    limit: usize,
}

impl PasswordGate {
    pub fn new(workers: usize, queue: usize) -> PasswordGate {
        PasswordGate {
            running: Arc::new(Semaphore::new(workers.max(1))),
            admitted: Arc::new(AtomicUsize::new(0)),
            limit: workers.max(1) + queue,
        }
    }

    /// Takes a place in the gate (running or queued), or refuses at once as
    /// overloaded. A sign-in takes its place before anything else, so an overloaded
    /// server answers 503 without touching the database.
    pub fn admit(&self) -> Result<GatePlace, DomainError> {
        if self.admitted.fetch_add(1, Ordering::AcqRel) >= self.limit {
            self.admitted.fetch_sub(1, Ordering::AcqRel);
            return Err(DomainError::Overloaded);
        }
        Ok(GatePlace { gate: self.clone() })
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, DomainError> {
        self.admit()?.run(work).await
    }

    /// Hashes a new password.
    pub async fn hash(&self, services: &Services, password: String) -> Result<String, DomainError> {
        let entropy = services.entropy.clone();
        self.run(move || hash_password(&password, entropy.as_ref()))
            .await
    }
}

/// A place taken in the [`PasswordGate`]; given back when dropped.
#[derive(Debug)]
pub struct GatePlace {
    gate: PasswordGate,
}

impl GatePlace {
    async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, DomainError> {
        let _permit = self
            .gate
            .running
            .acquire()
            .await
            .map_err(|_| DomainError::internal("password gate closed"))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| DomainError::internal(format!("hash task: {e}")))
    }

    /// Checks a password against a stored hash in this place.
    pub async fn verify(self, password: String, hash: String) -> Result<bool, DomainError> {
        self.run(move || verify_password(&password, &hash)).await
    }
}

impl Drop for GatePlace {
    fn drop(&mut self) {
        self.gate.admitted.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The password rule: at least 8 characters (NIST SP 800-63B), at most 256.
pub fn check_password_policy(password: &str) -> Result<(), DomainError> {
    let length = password.chars().count();
    if length < 8 {
        return Err(Fault::error(
            "passwordProfile",
            Rule::PasswordTooShort,
            "the password must have at least 8 characters",
        ));
    }
    if length > 256 {
        return Err(Fault::error(
            "passwordProfile",
            Rule::PasswordTooLong,
            "the password must have at most 256 characters",
        ));
    }
    Ok(())
}

/// A password sign-in attempt at one tenant.
#[derive(Clone, Debug)]
pub struct PasswordSignIn {
    pub tenant: TenantId,
    pub login: String,
    pub password: String,
    /// The client's address, for per-source throttling.
    pub source: String,
    /// The local path to return to once signed in; kept while a second factor is due.
    pub return_to: String,
    /// The tenant whose sign-in page the password was typed at, when that is not
    /// `tenant` (a guest signing in with its home account): a failure is also shown
    /// in that tenant's sign-in log, on the guest's row.
    pub shown_at: Option<TenantId>,
}

/// A session just created; `token` goes into the cookie and is stored only hashed.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token: String,
    pub record: SessionRecord,
    pub user: User,
}

#[derive(Clone, Debug)]
pub enum SignInOutcome {
    SignedIn(Box<NewSession>),
    /// Wrong login or password; deliberately not saying which.
    Rejected,
    /// Too many failures: try again after this many seconds.
    Throttled {
        retry_after: i64,
    },
    /// The password was right but a second factor is due; `pending_token` (stored only
    /// hashed) identifies this half-done sign-in for a few minutes. When `must_enrol`
    /// is set the user has no authenticator app yet and the tenant requires one.
    SecondFactorRequired {
        pending_token: String,
        must_enrol: bool,
    },
}

/// The tenant where a login typed at `tenant`'s sign-in page is checked: `tenant`
/// itself for its own members, else the tenant that proved the login's domain (home
/// realm discovery), so a guest signs in at home with its home password and policy.
pub async fn realm_for_login(
    services: &Services,
    tenant: TenantId,
    login: &str,
) -> Result<TenantId, DomainError> {
    let login = crate::address::normalize(login).to_lowercase();
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    if db
        .user_for_password_sign_in(tenant, &login)
        .await?
        .is_some()
    {
        return Ok(tenant);
    }
    let domain = crate::address::domain_of(&login);
    Ok(match db.tenant_by_domain(&domain).await? {
        Some(home) if home.managed => home.id,
        _ => tenant,
    })
}

/// Checks a member's password and opens a session.
///
/// The attempt is counted against the account and the source address before the
/// password is hashed (see [`admit`]), so however many arrive at once, each sees
/// those before it and those past the free allowance are refused unhashed.
pub async fn sign_in_with_password(
    services: &Services,
    attempt: PasswordSignIn,
    now: UnixTime,
) -> Result<SignInOutcome, DomainError> {
    let login = crate::address::normalize(&attempt.login).to_lowercase();
    let account_key = format!("account:{}:{login}", attempt.tenant);
    // Overloaded: refused before anything is read or counted.
    let place = services.password_gate.admit()?;
    let found = {
        let mut conn = services.store.read().await?;
        conn.db()
            .user_for_password_sign_in(attempt.tenant, &login)
            .await?
    };
    let counted = match admit(services, &account_key, &attempt.source, now).await? {
        Admission::Admitted(counted) => counted,
        Admission::Throttled { retry_after } => {
            return Ok(SignInOutcome::Throttled { retry_after });
        }
    };
    // An unknown account costs one argon2 run like a known one, so timing tells nothing.
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), hash),
        None => (None, decoy_password_hash().to_owned()),
    };
    let password_ok = match place.verify(attempt.password, hash).await {
        Ok(ok) => ok,
        Err(e) => {
            // Failed before any password was checked: this was no guess, so it does
            // not count.
            let mut tx = services.store.write().await?;
            counted.not_a_failure(&mut tx).await?;
            tx.commit().await?;
            return Err(e);
        }
    };
    let mut tx = services.store.write().await?;
    match user {
        Some(user) if password_ok && user.account_enabled => {
            if let Some(pending) = crate::mfa::second_factor_due(
                &mut tx,
                services,
                &user,
                &attempt.return_to,
                &account_key,
                now,
            )
            .await?
            {
                // The account's failure count is kept until the second factor succeeds:
                // clearing it here would let someone who knows the password reset the
                // throttle on code guesses by signing in again. The right password
                // itself is no failure, so only its own count is taken back.
                counted.not_a_failure(&mut tx).await?;
                let event = crate::sign_in_log::SignInEvent {
                    tenant: attempt.tenant,
                    user: Some(user.id),
                    login: &login,
                    outcome: "interrupted",
                    detail: Some("A second factor is due."),
                    method: Some("pwd"),
                    client_id: None,
                    app_name: None,
                    source: Some(&attempt.source),
                    reason: Some(crate::sign_in_log::reason::SECOND_FACTOR_DUE),
                };
                crate::sign_in_log::record(&mut tx, event, now).await?;
                tx.commit().await?;
                return Ok(pending);
            }
            counted.succeeded(&mut tx).await?;
            let session =
                open_session(&mut tx, services, &user, "pwd", Some(&attempt.source), now).await?;
            tx.commit().await?;
            Ok(SignInOutcome::SignedIn(Box::new(session)))
        }
        _ => {
            use crate::sign_in_log::reason;
            let (user_id, detail, why) = match &user {
                Some(u) if !u.account_enabled => (
                    Some(u.id),
                    "The account is disabled.",
                    reason::ACCOUNT_DISABLED,
                ),
                Some(u) => (Some(u.id), "The password is wrong.", reason::WRONG_PASSWORD),
                None => (None, "No account has this name.", reason::UNKNOWN_ACCOUNT),
            };
            let event = crate::sign_in_log::SignInEvent {
                tenant: attempt.tenant,
                user: user_id,
                login: &login,
                outcome: "failure",
                detail: Some(detail),
                method: Some("pwd"),
                client_id: None,
                app_name: None,
                source: Some(&attempt.source),
                reason: Some(why),
            };
            crate::sign_in_log::record(&mut tx, event, now).await?;
            if let (Some(page_tenant), Some(account)) = (attempt.shown_at, &user)
                && page_tenant != attempt.tenant
                && let Some(guest) = tx.db().guest_of_home_user(page_tenant, account.id).await?
            {
                // Only a real guest of a real account is written there, within the
                // throttle that admitted this attempt.
                let reason = if account.account_enabled {
                    crate::sign_in_log::reason::WRONG_PASSWORD
                } else {
                    crate::sign_in_log::reason::HOME_ACCOUNT_DISABLED
                };
                let entry = crate::sign_in_log::GuestSignIn {
                    tenant: page_tenant,
                    guest: guest.id,
                    login: &login,
                    outcome: "failure",
                    reason,
                    method: Some("pwd"),
                    source: Some(&attempt.source),
                };
                crate::sign_in_log::record_guest_attempt(&mut tx, &entry, now).await?;
            }
            // The failure was counted when the attempt was admitted.
            tx.commit().await?;
            Ok(SignInOutcome::Rejected)
        }
    }
}

/// Whether an attempt (a password or a second factor) may be checked now.
pub(crate) enum Admission {
    /// Counted as a failure in advance; see [`CountedAttempt`].
    Admitted(CountedAttempt),
    /// The account or the source must wait this many seconds; nothing was counted.
    Throttled { retry_after: i64 },
}

/// An attempt already counted as a failure against an account key and a source
/// address. A failure needs nothing more; an attempt that turns out otherwise says so
/// in the transaction that records its outcome.
#[derive(Debug)]
pub(crate) struct CountedAttempt {
    account_key: String,
    source_key: String,
}

impl CountedAttempt {
    /// The attempt succeeded: the account starts afresh (as a success always did) and
    /// the source gets its count back.
    pub(crate) async fn succeeded(self, tx: &mut Tx) -> Result<(), DomainError> {
        tx.db().clear_throttle(&self.account_key).await?;
        tx.db()
            .uncount_throttle_attempt(&self.source_key, SOURCE_FREE_FAILURES)
            .await?;
        Ok(())
    }

    /// The attempt was no failure (the right password with a second factor still
    /// due, a code that was not a guess, or no check at all): both counts come back.
    pub(crate) async fn not_a_failure(self, tx: &mut Tx) -> Result<(), DomainError> {
        tx.db()
            .uncount_throttle_attempt(&self.account_key, ACCOUNT_FREE_FAILURES)
            .await?;
        tx.db()
            .uncount_throttle_attempt(&self.source_key, SOURCE_FREE_FAILURES)
            .await?;
        Ok(())
    }
}

/// Admits one attempt against an account key and a source address, counting it as a
/// failure before it is checked, in one transaction of its own: each key's count goes
/// up by one in a single statement, so the Nth of many concurrent attempts sees the
/// N-1 before it (on any node), and the block the Nth failure earns (see
/// [`delay_after`]) is in place before the next one is admitted. A blocked key admits
/// nothing and counts nothing.
pub(crate) async fn admit(
    services: &Services,
    account_key: &str,
    source: &str,
    now: UnixTime,
) -> Result<Admission, DomainError> {
    let source_key = format!("source:{source}");
    let mut tx = services.store.write().await?;
    for (key, free) in [
        (account_key, ACCOUNT_FREE_FAILURES),
        (source_key.as_str(), SOURCE_FREE_FAILURES),
    ] {
        match tx.db().count_throttle_attempt(key, now).await? {
            Some(failures) => {
                let delay = delay_after(failures, free);
                if delay > 0 {
                    tx.db().block_throttle_key(key, now + delay, now).await?;
                }
            }
            None => {
                // Dropping the transaction takes back the count of the other key.
                drop(tx);
                let retry_after = throttled_for(services, account_key, source, now).await?;
                return Ok(Admission::Throttled {
                    retry_after: retry_after.max(1),
                });
            }
        }
    }
    tx.commit().await?;
    Ok(Admission::Admitted(CountedAttempt {
        account_key: account_key.to_owned(),
        source_key,
    }))
}

/// Seconds until an account key or a source address may try again; 0 when it may now.
async fn throttled_for(
    services: &Services,
    account_key: &str,
    source: &str,
    now: UnixTime,
) -> Result<i64, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let account = db.throttle_state(account_key).await?;
    let source = db.throttle_state(&format!("source:{source}")).await?;
    Ok((account.blocked_until.max(source.blocked_until) - now).max(0))
}

/// The delay the `failures`th failure earns: none for the free ones, then one second
/// doubling with each failure, up to [`MAX_DELAY`].
fn delay_after(failures: i64, free: i64) -> i64 {
    if failures > free {
        let exponent = (failures - free - 1).min(20) as u32;
        (1i64 << exponent).min(MAX_DELAY)
    } else {
        0
    }
}

pub(crate) async fn open_session(
    tx: &mut entente_storage::Tx,
    services: &Services,
    user: &User,
    amr: &str,
    source: Option<&str>,
    now: UnixTime,
) -> Result<NewSession, DomainError> {
    let token = new_token(services.entropy.as_ref());
    let record = SessionRecord {
        token_hash: token_hash(&token),
        tenant_id: user.tenant_id,
        user_id: user.id,
        created_at: now,
        expires_at: now + services.settings.session_lifetime,
        auth_time: now,
        amr: amr.to_owned(),
    };
    tx.db().insert_session(&record).await?;
    // Every session is an interactive sign-in that succeeded, whichever way it did.
    let login = user.mail.as_deref().unwrap_or(&user.user_principal_name);
    crate::sign_in_log::record(
        tx,
        crate::sign_in_log::SignInEvent {
            tenant: user.tenant_id,
            user: Some(user.id),
            login,
            outcome: "success",
            detail: None,
            method: Some(amr),
            client_id: None,
            app_name: None,
            source,
            reason: None,
        },
        now,
    )
    .await?;
    Ok(NewSession {
        token,
        record,
        user: user.clone(),
    })
}

/// The live session behind a cookie value, if any.
pub async fn session(
    services: &Services,
    token: &str,
    now: UnixTime,
) -> Result<Option<SessionRecord>, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn.db().live_session(&token_hash(token), now).await?)
}

/// The user a live session belongs to.
pub async fn session_user(
    services: &Services,
    session: &SessionRecord,
) -> Result<User, DomainError> {
    let mut conn = services.store.read().await?;
    conn.db()
        .user_by_id(session.tenant_id, session.user_id)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The member a browser session belongs to, as a caller of the tenant's use cases
/// (the admin portal's pages): the permissions of its directory roles, as a token of
/// the same user would carry to the API. A disabled or deleted user is refused.
pub async fn session_caller(
    services: &Services,
    session: &SessionRecord,
) -> Result<crate::access::Caller, DomainError> {
    crate::oauth::user_caller(services, session.tenant_id, session.user_id).await
}

/// Ends the session behind a cookie value (sign-out).
pub async fn sign_out(services: &Services, token: &str, now: UnixTime) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    tx.db().end_session(&token_hash(token), now).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_gate_refuses_at_once_and_a_place_given_back_is_free_again() {
        let gate = PasswordGate::new(1, 1);
        let first = gate.admit().expect("a worker's place");
        let second = gate.admit().expect("a queued place");
        assert!(matches!(gate.admit(), Err(DomainError::Overloaded)));
        drop(first);
        let third = gate.admit().expect("the place given back");
        assert!(matches!(gate.admit(), Err(DomainError::Overloaded)));
        drop((second, third));
        assert!(gate.admit().is_ok());
    }

    #[test]
    fn delays_start_after_free_failures_and_grow() {
        for failures in 1..=5 {
            assert_eq!(delay_after(failures, 5), 0);
        }
        assert_eq!(delay_after(6, 5), 1);
        assert_eq!(delay_after(7, 5), 2);
        assert_eq!(delay_after(8, 5), 4);
        assert_eq!(delay_after(5 + 40, 5), MAX_DELAY);
    }

    #[test]
    fn password_policy_needs_eight_characters() {
        assert!(check_password_policy("short").is_err());
        assert!(check_password_policy("long enough").is_ok());
    }
}

/// Where the deployment's own front door (`/`, `/login`, `/admin`) sends a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrontDoor {
    /// No organization yet: the setup link in the server's log comes first.
    NotSetUp,
    /// One organization: straight to its sign-in.
    Only(TenantId),
    /// Several: the person's address says which.
    Several,
}

/// What the front door shows.
pub async fn front_door(services: &Services) -> Result<FrontDoor, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(match conn.db().first_managed_tenants().await?.as_slice() {
        [] => FrontDoor::NotSetUp,
        [only] => FrontDoor::Only(*only),
        _ => FrontDoor::Several,
    })
}

/// The organization an address belongs to, by its domain (the tenant's initial domain
/// or one it proved), as Entra's home realm discovery finds it.
pub async fn organization_of_address(
    services: &Services,
    address: &str,
    now: UnixTime,
) -> Result<Option<TenantId>, DomainError> {
    let domain = crate::address::domain_of(address);
    if domain.is_empty() {
        return Ok(None);
    }
    match crate::oauth::resolve_tenant(services, &domain, now).await {
        Ok(tenant) if tenant.managed => Ok(Some(tenant.id)),
        Ok(_) | Err(DomainError::NotFound) => Ok(None),
        Err(other) => Err(other),
    }
}
