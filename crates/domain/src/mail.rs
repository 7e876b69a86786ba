//! Email: what a message is, how a use case queues one, and how queued messages are
//! delivered.
//!
//! A use case that owes someone an email calls [`enqueue_email`] on its own
//! transaction, so the email exists exactly when the change it announces does. A
//! worker calls [`deliver_due`] now and then: it claims due messages under a lease,
//! hands each to the [`Mailer`] it was given, and records the outcome, retrying with a
//! growing back-off. Delivery is at least once: a worker that dies between sending and
//! recording leaves the messages it sent since its last record claimed (a few times
//! [`SEND_CONCURRENCY`] at most), and once the lease runs out another worker sends
//! them again. Nothing else is ever sent twice, and nothing is lost.
//!
//! Bodies carry live secrets (redemption links, sign-in codes), so the outbox holds
//! them sealed with the master key, bound to their row's id ([`SealedEmail`]), and
//! empties them when the message is sent or given up. They are opened only to be
//! handed to the mailer.
//!
//! This module never opens a socket or reads the clock: the mailer (SMTP, or files)
//! and `now` come from the caller.

use std::future::Future;
use std::pin::Pin;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use entente_model::{TenantId, UnixTime};
use entente_storage::{Db, NewOutboxMessage, OutboxRecord, Store};
use uuid::Uuid;

use crate::crypto::{CryptoError, Entropy, MasterKey};
use crate::{DomainError, Services};

/// An email as a use case writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// The `From` mailbox, such as `Entente <no-reply@example.com>`.
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    /// The plain-text part; every email has one.
    pub text: String,
    /// The HTML part, sent as an alternative to the text when present.
    pub html: Option<String>,
}

/// A queued email as a [`Mailer`] gets it: the message and its outbox identity, which
/// makes a stable `Message-ID` so a resent copy can be recognised as the same email.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedEmail {
    pub id: Uuid,
    pub tenant: TenantId,
    /// When the email was queued; it is the message's `Date`.
    pub created_at: UnixTime,
    pub email: OutgoingEmail,
}

/// Why a mailer could not hand a message over.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later: a connection failure, a time-out, a 4xx reply.
    #[error("{0}")]
    Transient(String),
    /// Retrying cannot help: the server refused the message for good (a 5xx reply),
    /// or the message cannot be written at all (an invalid address).
    #[error("{0}")]
    Permanent(String),
}

/// What [`Mailer::send`] returns: a boxed future, so the trait stays object safe
/// without a macro crate.
pub type MailSend<'a> = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>>;

/// Hands messages to the world. Implementations should give up on one message well
/// within [`CLAIM_LEASE`], or another worker takes it over while it is still sending.
pub trait Mailer: Send + Sync + std::fmt::Debug {
    fn send<'a>(&'a self, email: &'a QueuedEmail) -> MailSend<'a>;
}

/// How long a claim lasts. A worker that has not recorded an outcome by then is taken
/// for dead, and its messages become due for other workers.
pub const CLAIM_LEASE: i64 = 15 * 60;

/// Attempts before a message that keeps failing is given up on.
pub const MAX_ATTEMPTS: i64 = 6;

/// The wait after each failed attempt: a minute, five, half an hour, two hours, twelve.
/// Short at first so a blip costs little; long later so a day-long outage of the
/// recipient's server is still ridden out.
const RETRY_DELAYS: [i64; (MAX_ATTEMPTS - 1) as usize] = [60, 300, 1800, 7200, 43200];

/// Longest error text kept on a message; SMTP replies can run on.
const MAX_ERROR_LENGTH: usize = 1000;

/// What one delivery round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliveryRound {
    pub claimed: usize,
    pub sent: usize,
    /// Failed this time, to be tried again later.
    pub retrying: usize,
    /// Failed for good.
    pub failed: usize,
}

/// Queues `email` for `tenant` on the caller's transaction, its bodies sealed; returns
/// its outbox id. The caller should wake the delivery worker
/// ([`crate::Services::wake_mail_delivery`]) once the transaction has committed.
pub async fn enqueue_email(
    db: &mut Db<'_>,
    services: &Services,
    tenant: TenantId,
    email: &OutgoingEmail,
    now: UnixTime,
) -> Result<Uuid, DomainError> {
    check(email)?;
    let id = Uuid::new_v4();
    let sealed = SealedEmail::new(&services.master, services.entropy.as_ref(), id, email);
    db.enqueue_outbox(&sealed.outbox_message(tenant, now))
        .await?;
    Ok(id)
}

/// An email as the outbox keeps it: its id, and its bodies sealed with the master key
/// (AES-256-GCM, [`MasterKey::seal_bound`]) bound to that id and to the part, so a
/// sealed body moved to another row, or from the text part to the HTML part, does not
/// open. The sender, recipients and subject stay readable: they say who was written
/// to about what, never a secret (the subjects name the organization, not the code).
#[derive(Clone, Debug)]
pub(crate) struct SealedEmail {
    pub id: Uuid,
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

impl SealedEmail {
    /// Seals `email`'s bodies for the outbox row `id`. No key is derived here: the
    /// master key's sealing key was derived once when it was loaded, so a bulk
    /// invitation's thousands of emails cost one AES-GCM pass each.
    pub fn new(
        master: &MasterKey,
        entropy: &dyn Entropy,
        id: Uuid,
        email: &OutgoingEmail,
    ) -> SealedEmail {
        SealedEmail {
            id,
            from: email.from.clone(),
            to: email.to.clone(),
            cc: email.cc.clone(),
            subject: email.subject.clone(),
            text: master.seal_bound(email.text.as_bytes(), &binding(id, Part::Text), entropy),
            html: email
                .html
                .as_ref()
                .map(|html| master.seal_bound(html.as_bytes(), &binding(id, Part::Html), entropy)),
        }
    }

    /// The row to insert.
    pub fn outbox_message(&self, tenant: TenantId, now: UnixTime) -> NewOutboxMessage<'_> {
        NewOutboxMessage {
            id: self.id,
            tenant_id: tenant,
            created_at: now,
            sender: &self.from,
            to: &self.to,
            cc: &self.cc,
            subject: &self.subject,
            text_body: &self.text,
            html_body: self.html.as_deref(),
            sealed: true,
        }
    }
}

#[derive(Clone, Copy)]
enum Part {
    Text,
    Html,
}

/// What a body is sealed to: its row and its part.
fn binding(id: Uuid, part: Part) -> Vec<u8> {
    let mut out = b"entente outbox v1 ".to_vec();
    out.extend_from_slice(id.as_bytes());
    out.extend_from_slice(match part {
        Part::Text => b" text",
        Part::Html => b" html",
    });
    out
}

/// A stored message with its bodies opened (as they were queued), for the worker and
/// for tests that read what an email says. A row queued before bodies were sealed is
/// returned as it is; an emptied one (sent or failed) opens to empty bodies.
pub fn open_record(master: &MasterKey, record: OutboxRecord) -> Result<OutboxRecord, CryptoError> {
    if !record.sealed || (record.text_body.is_empty() && record.html_body.is_none()) {
        return Ok(OutboxRecord {
            sealed: false,
            ..record
        });
    }
    let open = |sealed: &str, part| -> Result<String, CryptoError> {
        let plain = master.open_bound(sealed, &binding(record.id, part))?;
        String::from_utf8(plain).map_err(|_| CryptoError::Unseal)
    };
    let text_body = open(&record.text_body, Part::Text)?;
    let html_body = match &record.html_body {
        Some(html) => Some(open(html, Part::Html)?),
        None => None,
    };
    Ok(OutboxRecord {
        text_body,
        html_body,
        sealed: false,
        ..record
    })
}

/// How many messages the outbox holds in each status, for `/metrics`.
pub async fn outbox_counts(
    services: &crate::Services,
) -> Result<Vec<(&'static str, i64)>, DomainError> {
    let mut conn = services.store.read().await?;
    let counts = conn.db().count_outbox().await?;
    Ok(counts
        .into_iter()
        .map(|(status, n)| (status.as_str(), n))
        .collect())
}

/// Messages a worker has in flight at once, each over its own SMTP connection: a
/// slow server costs one wait for many messages rather than one wait per message.
pub const SEND_CONCURRENCY: usize = 16;

/// Claims up to `batch` due messages for `worker` and sends them through `mailer`,
/// [`SEND_CONCURRENCY`] at a time, starting the next message as soon as one is done
/// (no wave waits for its slowest message). What happened to each (sent, due again
/// after a back-off, or failed for good) is recorded in one transaction per group of
/// finished messages, written while the next messages are being sent.
pub async fn deliver_due(
    store: &Store,
    master: &MasterKey,
    mailer: &dyn Mailer,
    worker: &str,
    now: UnixTime,
    batch: u32,
) -> Result<DeliveryRound, DomainError> {
    // The claim commits before anything is sent, so other workers see it and skip
    // these messages; holding a transaction open across SMTP would block writers.
    let claimed = {
        let mut tx = store.write().await?;
        let claimed = tx
            .db()
            .claim_outbox(
                store.backend(),
                worker,
                now,
                now + CLAIM_LEASE,
                i64::from(batch),
            )
            .await?;
        tx.commit().await?;
        claimed
    };
    let mut round = DeliveryRound {
        claimed: claimed.len(),
        ..DeliveryRound::default()
    };
    let send = |record: OutboxRecord| {
        let attempts = record.attempts;
        let (id, tenant) = (record.id, record.tenant_id);
        // A body that does not open (a damaged row) can never be sent: it fails for
        // good, like a message the mail server refuses.
        let queued = open_record(master, record).map(queued_email).map_err(|_| {
            SendError::Permanent("the message's sealed body could not be opened".to_owned())
        });
        async move {
            let outcome = match &queued {
                Ok(queued) => mailer.send(queued).await,
                Err(error) => Err(error.clone()),
            };
            Sent {
                attempts,
                id,
                tenant,
                outcome,
            }
        }
    };
    let mut waiting = claimed.into_iter();
    let mut sending: FuturesUnordered<_> =
        waiting.by_ref().take(SEND_CONCURRENCY).map(send).collect();
    let mut finished: Vec<Sent> = Vec::new();
    let mut recording: Option<Recording<'_>> = None;
    loop {
        if recording.is_none()
            && !finished.is_empty()
            && (finished.len() >= SEND_CONCURRENCY || sending.is_empty())
        {
            let group = std::mem::take(&mut finished);
            recording = Some(Box::pin(record_outcomes(store, worker, now, group)));
        }
        tokio::select! {
            Some(sent) = sending.next() => {
                finished.push(sent);
                if let Some(record) = waiting.next() {
                    sending.push(send(record));
                }
            }
            recorded = async {
                match recording.as_mut() {
                    Some(writing) => writing.await,
                    None => std::future::pending().await,
                }
            }, if recording.is_some() => {
                recording = None;
                let recorded = recorded?;
                round.sent += recorded.sent;
                round.retrying += recorded.retrying;
                round.failed += recorded.failed;
            }
            else => break,
        }
    }
    Ok(round)
}

/// A group of outcomes being written.
type Recording<'a> = Pin<Box<dyn Future<Output = Result<DeliveryRound, DomainError>> + Send + 'a>>;

/// One message's attempt, awaiting its record.
struct Sent {
    attempts: i64,
    id: Uuid,
    tenant: TenantId,
    outcome: Result<(), SendError>,
}

/// Records a group of attempts in one transaction: the successes in one statement,
/// each failure with its error and, while attempts remain, its next try.
async fn record_outcomes(
    store: &Store,
    worker: &str,
    now: UnixTime,
    group: Vec<Sent>,
) -> Result<DeliveryRound, DomainError> {
    let mut recorded = DeliveryRound::default();
    let mut tx = store.write().await?;
    let mut sent = Vec::with_capacity(group.len());
    for Sent {
        attempts,
        id,
        tenant,
        outcome,
    } in group
    {
        let error = match outcome {
            Ok(()) => {
                sent.push(id);
                recorded.sent += 1;
                continue;
            }
            Err(error) => error,
        };
        let retry_at = match &error {
            SendError::Transient(_) => retry_delay(attempts).map(|delay| now + delay),
            SendError::Permanent(_) => None,
        };
        let text = truncated(&error.to_string());
        tx.db()
            .mark_outbox_failed(tenant, id, worker, &text, retry_at)
            .await?;
        match retry_at {
            Some(at) => {
                tracing::warn!(%id, attempts, retry_at = at, error = %text, "email not delivered, will retry");
                recorded.retrying += 1;
            }
            None => {
                tracing::error!(%id, attempts, error = %text, "email not delivered, giving up");
                recorded.failed += 1;
            }
        }
    }
    tx.db().mark_outbox_sent_many(&sent, now).await?;
    tx.commit().await?;
    Ok(recorded)
}

/// The wait before the next attempt after `attempts` failed ones; `None` once they
/// are used up.
pub fn retry_delay(attempts: i64) -> Option<i64> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    RETRY_DELAYS.get(index).copied()
}

fn queued_email(record: OutboxRecord) -> QueuedEmail {
    QueuedEmail {
        id: record.id,
        tenant: record.tenant_id,
        created_at: record.created_at,
        email: OutgoingEmail {
            from: record.sender,
            to: record.to,
            cc: record.cc,
            subject: record.subject,
            text: record.text_body,
            html: record.html_body,
        },
    }
}

/// Refuses, before anything is stored, an email no mail server could take, so the use
/// case fails rather than a worker later: one that has no recipient, or whose headers
/// would carry a line break (header injection through user input).
pub(crate) fn check(email: &OutgoingEmail) -> Result<(), DomainError> {
    if email.to.is_empty() {
        return Err(DomainError::invalid(
            "an email needs at least one recipient",
        ));
    }
    for address in email.to.iter().chain(&email.cc) {
        if !plausible_address(address) {
            return Err(DomainError::invalid(format!(
                "{address:?} is not an email address"
            )));
        }
    }
    if has_control(&email.from) || has_control(&email.subject) {
        return Err(DomainError::invalid(
            "an email's sender and subject must be one line",
        ));
    }
    Ok(())
}

/// `local@domain` with no space or control character; the mailer checks the rest.
fn plausible_address(address: &str) -> bool {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !address.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

fn truncated(text: &str) -> String {
    match text.char_indices().nth(MAX_ERROR_LENGTH) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> OutgoingEmail {
        OutgoingEmail {
            from: "Entente <no-reply@localhost>".to_owned(),
            to: vec!["ann@fabrikam.com".to_owned()],
            cc: vec![],
            subject: "Hello".to_owned(),
            text: "Hi".to_owned(),
            html: None,
        }
    }

    #[test]
    fn the_back_off_grows_then_gives_up_after_six_attempts() {
        let delays: Vec<_> = (1..=7).map(retry_delay).collect();
        assert_eq!(
            delays,
            [
                Some(60),
                Some(300),
                Some(1800),
                Some(7200),
                Some(43200),
                None,
                None
            ]
        );
        assert_eq!(retry_delay(0), None);
    }

    #[test]
    fn emails_without_recipients_or_with_broken_headers_are_refused() {
        assert!(check(&email()).is_ok());
        let nobody = OutgoingEmail {
            to: vec![],
            ..email()
        };
        assert!(check(&nobody).is_err());
        let injected = OutgoingEmail {
            subject: "Hello\r\nBcc: eve@example.com".to_owned(),
            ..email()
        };
        assert!(check(&injected).is_err());
        let odd_cc = OutgoingEmail {
            cc: vec!["not an address".to_owned()],
            ..email()
        };
        assert!(check(&odd_cc).is_err());
    }

    fn stored(master: &MasterKey, id: Uuid) -> OutboxRecord {
        let email = OutgoingEmail {
            html: Some("<p>Your code is 123456</p>".to_owned()),
            text: "Your code is 123456".to_owned(),
            ..email()
        };
        let sealed = SealedEmail::new(master, &crate::crypto::SystemEntropy, id, &email);
        OutboxRecord {
            id,
            tenant_id: TenantId::new_id(),
            created_at: 1,
            sender: sealed.from,
            to: sealed.to,
            cc: sealed.cc,
            subject: sealed.subject,
            text_body: sealed.text,
            html_body: sealed.html,
            sealed: true,
            status: entente_storage::OutboxStatus::Pending,
            attempts: 0,
            next_attempt_at: 1,
            last_error: None,
            sent_at: None,
            claimed_by: None,
            claimed_until: None,
        }
    }

    #[test]
    fn sealed_bodies_open_only_in_their_own_row_and_part() {
        let (master, _) = MasterKey::generate(&crate::crypto::SystemEntropy);
        let record = stored(&master, Uuid::new_v4());
        assert!(!record.text_body.contains("123456"), "{record:?}");
        let opened = open_record(&master, record.clone()).unwrap();
        assert_eq!(opened.text_body, "Your code is 123456");
        assert_eq!(
            opened.html_body.as_deref(),
            Some("<p>Your code is 123456</p>")
        );
        let moved = OutboxRecord {
            id: Uuid::new_v4(),
            ..record.clone()
        };
        assert!(open_record(&master, moved).is_err(), "another row");
        let swapped = OutboxRecord {
            text_body: record.html_body.clone().unwrap(),
            html_body: Some(record.text_body.clone()),
            ..record.clone()
        };
        assert!(open_record(&master, swapped).is_err(), "parts swapped");
        let (other, _) = MasterKey::generate(&crate::crypto::SystemEntropy);
        assert!(open_record(&other, record).is_err(), "another master key");
    }

    #[test]
    fn rows_queued_before_sealing_are_read_as_they_are() {
        let (master, _) = MasterKey::generate(&crate::crypto::SystemEntropy);
        let plain = OutboxRecord {
            text_body: "Hi".to_owned(),
            html_body: None,
            sealed: false,
            ..stored(&master, Uuid::new_v4())
        };
        assert_eq!(open_record(&master, plain.clone()).unwrap(), plain);
    }

    #[test]
    fn long_errors_are_cut() {
        let long = "x".repeat(5000);
        assert_eq!(truncated(&long).chars().count(), MAX_ERROR_LENGTH + 1);
        assert_eq!(truncated("short"), "short");
    }
}
