//! One-time email codes, shared by signing in by code ([`crate::signin_code`]) and
//! redeeming an invitation by code ([`crate::invitations::redeem`]): making a code,
//! binding it to the browser that asked for it, and the budgets that keep guessing
//! hopeless and keep third parties from locking an address's owner out.
//!
//! The rules, and why (the figure is in SECURITY.md):
//!
//! * A code is eight random digits (10^8 values), lives ten minutes, and survives five
//!   wrong guesses ([`CODE_ATTEMPTS`]).
//! * A code is bound to the browser that asked for it: the request sets a random
//!   256-bit cookie whose SHA-256 is stored with the code. A guess is checked against
//!   the code only when it comes with that cookie; any other guess is answered "wrong"
//!   without looking at the code, and costs the code's owner nothing (neither the
//!   code's guesses nor the account's budget). Someone who never received the email
//!   but asked for a code themselves holds a binding, and guesses blind.
//! * Every wrong guess, bound or not, costs its source address one of
//!   [`SOURCE_GUESSES`] per hour; over that the source waits (429 with Retry-After)
//!   and its guesses are not checked at all. Bound wrong guesses also cost one of
//!   [`ACCOUNT_GUESSES`] per hour of the pair (account, source): a budget of the
//!   account alone would let anyone who asks for codes lock its owner out.
//! * Code requests are limited per (address, source), [`SENDS_PER_ADDRESS`] per
//!   quarter hour, and per source, [`SENDS_PER_SOURCE`] an hour, but never per
//!   address alone: any limit a third party can use up would lock the owner out for
//!   as long as the third party keeps using it up. A newer code leaves older ones
//!   (and other browsers' bindings) alone.
//!
//! Every count is one storage statement that changes it and returns it, so requests
//! racing on one budget are counted one after another.

use std::net::IpAddr;

use entente_model::UnixTime;
use entente_storage::{Db, EmailCodeRecord};

use crate::DomainError;
use crate::crypto::{Entropy, MasterKey, constant_time_eq, new_token, token_hash};

/// Digits of a code.
pub const CODE_DIGITS: u32 = 8;
/// Guesses a code takes; the sixth and later are not checked.
pub const CODE_ATTEMPTS: i64 = 5;
/// The window of the guessing budgets, in seconds.
pub const GUESS_WINDOW: i64 = 3600;
/// Wrong guesses one source address may make per window, at any codes.
pub const SOURCE_GUESSES: i64 = 20;
/// Wrong guesses with the binding cookie per window at one account from one source.
pub const ACCOUNT_GUESSES: i64 = 10;
/// The window of the per-address request limit, in seconds.
pub const SEND_WINDOW: i64 = 900;
/// Codes one source may ask for one address per [`SEND_WINDOW`].
pub const SENDS_PER_ADDRESS: i64 = 3;
/// Codes one source may ask for per hour, all addresses together.
pub const SENDS_PER_SOURCE: i64 = 20;

/// A fresh code and the browser binding that goes with it.
pub struct NewCode {
    /// The code, as the email shows it.
    pub code: String,
    /// The cookie value the asking browser keeps; only its hash is stored.
    pub binding: String,
}

impl NewCode {
    pub(crate) fn new(entropy: &dyn Entropy) -> NewCode {
        NewCode {
            code: digits(entropy),
            binding: new_token(entropy),
        }
    }

    /// The record of this code, sent to `email` now.
    pub(crate) fn record(
        &self,
        master: &MasterKey,
        tenant: entente_model::TenantId,
        invitation: Option<entente_model::InvitationId>,
        email: &str,
        lifetime: i64,
        now: UnixTime,
    ) -> EmailCodeRecord {
        EmailCodeRecord {
            id: uuid::Uuid::new_v4(),
            tenant_id: tenant,
            invitation_id: invitation,
            email: email.to_owned(),
            code_hash: master.client_secret_hash(&self.code),
            created_at: now,
            expires_at: now + lifetime,
            attempts: 0,
            used_at: None,
            binding_hash: Some(token_hash(&self.binding)),
        }
    }
}

/// Why a code request or a guess must wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wait {
    /// Seconds until the budget's window ends.
    pub retry_after: i64,
}

impl Wait {
    /// The wait in whole minutes, rounded up and at least one: what a page says
    /// when `Retry-After` is sent in seconds.
    pub fn minutes(&self) -> i64 {
        (self.retry_after.max(1) + 59) / 60
    }
}

/// Counts a request for a code to `email` from `source`; `Err` when one of the
/// request limits is used up.
pub(crate) async fn charge_send(
    db: &mut Db<'_>,
    email: &str,
    source: &str,
    now: UnixTime,
) -> Result<Result<(), Wait>, DomainError> {
    let source = source_key(source);
    let pair = db
        .charge_code_budget(&format!("send:{email}|{source}"), now, SEND_WINDOW)
        .await?;
    if pair.used > SENDS_PER_ADDRESS {
        return Ok(Err(wait(pair.resets_at, now)));
    }
    let all = db
        .charge_code_budget(&format!("send:{source}"), now, GUESS_WINDOW)
        .await?;
    if all.used > SENDS_PER_SOURCE {
        return Ok(Err(wait(all.resets_at, now)));
    }
    Ok(Ok(()))
}

/// What a guess came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Guess {
    /// The code is right: the caller uses it up and goes on.
    Right,
    /// Wrong, or not checked (no such code, not usable, not this browser's, no
    /// guesses left). The caller commits, so the counts stay.
    Wrong,
    /// A budget is used up; the guess was not checked. The caller commits.
    Wait(Wait),
}

/// Checks a guess at `record` (found by the id the form sent; `usable` says whether
/// it is live and belongs to this flow) from `source`, with the browser's `binding`
/// cookie. Charges before it checks, so a burst of guesses cannot all pass a budget
/// that only one of them would have fitted in; a right guess is refunded.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn guess(
    db: &mut Db<'_>,
    master: &MasterKey,
    record: Option<&EmailCodeRecord>,
    usable: bool,
    code: &str,
    binding: Option<&str>,
    source: &str,
    now: UnixTime,
) -> Result<Guess, DomainError> {
    let source = source_key(source);
    let source_budget = format!("guess:{source}");
    let spent = db
        .charge_code_budget(&source_budget, now, GUESS_WINDOW)
        .await?;
    if spent.used > SOURCE_GUESSES {
        return Ok(Guess::Wait(wait(spent.resets_at, now)));
    }
    let bound = match (record.and_then(|r| r.binding_hash.as_deref()), binding) {
        (Some(stored), Some(cookie)) => {
            constant_time_eq(token_hash(cookie).as_bytes(), stored.as_bytes())
        }
        _ => false,
    };
    // Only the browser that asked for the code reaches the code and the account's
    // budget: anyone else's guess costs only their own source.
    let Some(record) = record.filter(|_| bound && usable) else {
        return Ok(Guess::Wrong);
    };
    let account_budget = format!("guess:{}|{source}", record.email);
    let account = db
        .charge_code_budget(&account_budget, now, GUESS_WINDOW)
        .await?;
    if account.used > ACCOUNT_GUESSES {
        return Ok(Guess::Wait(wait(account.resets_at, now)));
    }
    match db.charge_email_code_attempt(record.id).await? {
        Some(attempts) if attempts <= CODE_ATTEMPTS => {}
        _ => return Ok(Guess::Wrong),
    }
    let right = constant_time_eq(
        master.client_secret_hash(code.trim()).as_bytes(),
        record.code_hash.as_bytes(),
    );
    if !right {
        return Ok(Guess::Wrong);
    }
    db.refund_code_budget(&source_budget).await?;
    db.refund_code_budget(&account_budget).await?;
    Ok(Guess::Right)
}

/// The budget key of a source address: an IPv4 address itself, an IPv6 address by
/// its /64 (one subscriber commonly holds a whole /64).
pub fn source_key(source: &str) -> String {
    match source.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => source.to_owned(),
    }
}

fn wait(resets_at: UnixTime, now: UnixTime) -> Wait {
    Wait {
        retry_after: (resets_at - now).max(1),
    }
}

/// A random code of [`CODE_DIGITS`] digits, each value equally likely.
fn digits(entropy: &dyn Entropy) -> String {
    let modulus = 10u64.pow(CODE_DIGITS);
    // The largest multiple of the modulus that fits: values above it are drawn again,
    // so every code is equally likely.
    let limit = u64::MAX - u64::MAX % modulus;
    loop {
        let mut bytes = [0u8; 8];
        entropy.fill(&mut bytes);
        let n = u64::from_le_bytes(bytes);
        if n < limit {
            return format!("{:0width$}", n % modulus, width = CODE_DIGITS as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::SystemEntropy;

    #[test]
    fn a_wait_in_minutes_rounds_up_and_is_never_zero() {
        let minutes = |retry_after| Wait { retry_after }.minutes();
        assert_eq!(minutes(0), 1);
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(60), 1);
        assert_eq!(minutes(61), 2);
        assert_eq!(minutes(SEND_WINDOW), 15);
        assert_eq!(minutes(GUESS_WINDOW), 60);
    }

    #[test]
    fn codes_have_eight_digits() {
        for _ in 0..100 {
            let code = digits(&SystemEntropy);
            assert_eq!(code.len(), 8, "{code}");
            assert!(code.chars().all(|c| c.is_ascii_digit()), "{code}");
        }
    }

    #[test]
    fn an_ipv6_source_counts_by_its_64() {
        assert_eq!(source_key("203.0.113.9"), "203.0.113.9");
        assert_eq!(
            source_key("2001:db8:1:2:aaaa::1"),
            source_key("2001:db8:1:2:bbbb::2")
        );
        assert_ne!(source_key("2001:db8:1:2::1"), source_key("2001:db8:1:3::1"));
        assert_eq!(source_key("::ffff:203.0.113.9"), "203.0.113.9");
    }

    /// The figure in SECURITY.md: 1,000 sources guessing for 24 hours (25 windows
    /// touched at most) at the per-source budget, each guess right with probability
    /// 1/10^8, expect fewer than 0.01 right guesses.
    #[test]
    fn the_expected_right_guesses_of_a_large_attack_stay_below_one_in_a_hundred() {
        let guesses = 1_000.0 * 25.0 * SOURCE_GUESSES as f64;
        let expected = guesses / 10f64.powi(CODE_DIGITS as i32);
        assert!(expected < 0.01, "{expected}");
    }
}
