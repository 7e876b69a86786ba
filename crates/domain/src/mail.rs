//! Email: what a message is, how a use case queues one, and how queued messages are
//! delivered.
//!
//! A use case that owes someone an email calls [`enqueue_email`] on its own
//! transaction, so the email exists exactly when the change it announces does. A
//! worker calls [`deliver_due`] now and then: it claims due messages under a lease,
//! hands each to the [`Mailer`] it was given, and records the outcome, retrying with a
//! growing, jittered back-off. Delivery is at least once: a worker that dies between
//! sending and recording leaves the messages it sent since its last record claimed (a
//! few times [`SEND_CONCURRENCY`] at most), and once the lease runs out (a minute; a
//! live worker renews it) another worker sends them again, or at once the same node
//! when it starts again. Nothing else is ever sent twice, and nothing is lost.
//!
//! Two kinds of failure are told apart. A message the mail server refuses (a 4xx or
//! 5xx reply to it) backs off alone. A server that cannot be reached at all says
//! nothing about the messages: [`work`] halts delivery, hands them back uncounted, and
//! probes the server with one message on a short back-off, so a backlog neither burns
//! its attempts in an outage nor waits minutes once the server is back.
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
use std::sync::Mutex;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use entente_model::{TenantId, UnixTime};
use entente_storage::{Db, NewOutboxMessage, OutboxRecord, OutboxStatus, OutboxSummary, Store};
use tokio::sync::watch;
use uuid::Uuid;

use crate::crypto::{CryptoError, Entropy, MasterKey};
use crate::{DomainError, Services};

/// Who emails come from: one mailbox the operator chose, or (by default) the
/// organization that sends, "{Tenant} via Entente", at an address of the operator's
/// domain, as Entra's invitations come "on behalf of" the inviting organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailSender {
    Fixed(String),
    PerTenant { address: String },
}

impl MailSender {
    /// The `From` mailbox of an email that `tenant` (its display name) sends.
    pub fn of(&self, tenant: &str) -> String {
        match self {
            MailSender::Fixed(mailbox) => mailbox.clone(),
            MailSender::PerTenant { address } => {
                // A display name is the tenant's to choose: quoted, with the quote and
                // backslash escaped and no control characters (no header injection).
                let name: String = format!("{tenant} via Entente")
                    .chars()
                    .filter(|c| !c.is_control())
                    .flat_map(|c| match c {
                        '"' | '\\' => vec!['\\', c],
                        c => vec![c],
                    })
                    .collect();
                format!("\"{name}\" <{address}>")
            }
        }
    }
}

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
    /// The mail server could not be reached or would not talk at all: a refused or
    /// timed-out connection, a failed TLS handshake, a dropped connection, a 421
    /// "service not available". It says nothing about the message, so the message is
    /// handed back with its attempt uncounted, and the worker halts and probes the
    /// server with one message until it answers ([`work`]).
    #[error("{0}")]
    Unreachable(String),
    /// Worth trying again later: the server answered this message with a 4xx reply (a
    /// full mailbox, greylisting), or a local write failed.
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

/// How long a claim lasts unless renewed. A worker that has neither recorded an
/// outcome nor renewed its claims by then is taken for dead, and its messages become
/// due for other workers: a crashed node's messages go out again about a minute later
/// (the next poll of another node after the lease). A live worker renews its claims
/// every [`CLAIM_RENEWAL`] while it sends ([`renew_claims`]), so a slow mail server
/// never lets its messages be taken over.
pub const CLAIM_LEASE: i64 = 60;

/// How often a worker that is sending renews its claims: three times a lease, so one
/// renewal held up by a busy database costs nothing.
pub const CLAIM_RENEWAL: Duration = Duration::from_secs(20);

/// The first wait between probes of a mail server that cannot be reached; it doubles
/// with each failed probe up to [`PROBE_WAIT_MAX`].
const PROBE_WAIT_FIRST: Duration = Duration::from_secs(1);

/// The longest wait between probes (before jitter, which adds up to a fifth): once a
/// server is back, its backlog starts draining within about 18 s whatever the length
/// of the outage, while a server that stays down costs one connection attempt every
/// 15 s or so.
const PROBE_WAIT_MAX: Duration = Duration::from_secs(15);

/// Every back-off is spread by up to this share either way, so messages (or nodes)
/// that failed together do not come back together.
const JITTER_PERCENT: u64 = 20;

/// Attempts before a message that keeps failing is given up on.
pub const MAX_ATTEMPTS: i64 = 6;

/// The wait after each failed attempt: a minute, five, half an hour, two hours, twelve.
/// Short at first so a blip costs little; long later so a day-long outage of the
/// recipient's server is still ridden out.
const RETRY_DELAYS: [i64; (MAX_ATTEMPTS - 1) as usize] = [60, 300, 1800, 7200, 43200];

/// Longest error text kept on a message; SMTP replies can run on.
const MAX_ERROR_LENGTH: usize = 1000;

/// What one delivery round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeliveryRound {
    pub claimed: usize,
    pub sent: usize,
    /// Failed this time, to be tried again later.
    pub retrying: usize,
    /// Failed for good.
    pub failed: usize,
    /// Claimed and handed back unsent, their attempts uncounted: the mail server could
    /// not be reached, or the node is stopping.
    pub released: usize,
    /// Why the mail server could not be reached, when it could not.
    pub unreachable: Option<String>,
}

impl DeliveryRound {
    /// Whether the mail server answered for at least one message (took it, or
    /// refused that message): it is reachable.
    pub fn server_answered(&self) -> bool {
        self.sent + self.retrying + self.failed > 0
    }
}

/// What a delivery round works with: the store, the key that opens the bodies, the
/// way out, randomness for the back-offs' jitter, the claiming worker's name, and for
/// the worker of a running node, the signal that the node is stopping.
#[derive(Clone)]
pub struct Courier<'a> {
    pub store: &'a Store,
    pub master: &'a MasterKey,
    pub mailer: &'a dyn Mailer,
    pub entropy: &'a dyn Entropy,
    pub worker: &'a str,
    /// Once it reads true, no further message is started: those claimed but not
    /// started are handed back, and the round ends when the ones on the wire are done.
    pub stop: Option<watch::Receiver<bool>>,
}

impl<'a> Courier<'a> {
    pub fn new(
        store: &'a Store,
        master: &'a MasterKey,
        mailer: &'a dyn Mailer,
        entropy: &'a dyn Entropy,
        worker: &'a str,
    ) -> Courier<'a> {
        Courier {
            store,
            master,
            mailer,
            entropy,
            worker,
            stop: None,
        }
    }

    /// The same courier, stopping when `stop` turns true.
    pub fn stopping_on(self, stop: watch::Receiver<bool>) -> Courier<'a> {
        Courier {
            stop: Some(stop),
            ..self
        }
    }
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

/// The deployment's outbox at a glance (counts by state, retry-waiting messages, the
/// oldest unsent message, the last send), for `/metrics`.
pub async fn outbox_summary(services: &crate::Services) -> Result<OutboxSummary, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn.db().outbox_summary().await?)
}

/// Messages a worker has in flight at once, each over its own SMTP connection: a
/// slow server costs one wait for many messages rather than one wait per message.
pub const SEND_CONCURRENCY: usize = 16;

/// Claims up to `batch` due messages for the courier's worker and sends them through
/// its mailer, [`SEND_CONCURRENCY`] at a time, starting the next message as soon as one
/// is done (no wave waits for its slowest message). What happened to each (sent, due
/// again after a jittered back-off, or failed for good) is recorded in one transaction
/// per group of finished messages, written while the next messages are being sent.
///
/// When the mail server cannot be reached ([`SendError::Unreachable`]), or the node is
/// stopping, no further message is started; the messages not sent are handed back
/// (pending, their attempts uncounted) before the round returns, and the round says
/// why in [`DeliveryRound::unreachable`].
pub async fn deliver_due(
    courier: &Courier<'_>,
    now: UnixTime,
    batch: u32,
) -> Result<DeliveryRound, DomainError> {
    let Courier {
        store,
        master,
        mailer,
        entropy,
        worker,
        ..
    } = *courier;
    let mut stop = courier.stop.clone();
    if stopping(&stop) {
        return Ok(DeliveryRound::default());
    }
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
    let mut sending = FuturesUnordered::new();
    let mut finished: Vec<Sent> = Vec::new();
    let mut recording: Option<Recording<'_>> = None;
    // Claimed messages that were not sent and go back: those whose server could not
    // be reached, and, at the end, those never started.
    let mut unsent: Vec<Uuid> = Vec::new();
    loop {
        if round.unreachable.is_none() && !stopping(&stop) {
            while sending.len() < SEND_CONCURRENCY {
                match waiting.next() {
                    Some(record) => sending.push(send(record)),
                    None => break,
                }
            }
        }
        if recording.is_none()
            && !finished.is_empty()
            && (finished.len() >= SEND_CONCURRENCY || sending.is_empty())
        {
            let group = std::mem::take(&mut finished);
            recording = Some(Box::pin(record_outcomes(
                store, entropy, worker, now, group,
            )));
        }
        if sending.is_empty() && recording.is_none() {
            break;
        }
        tokio::select! {
            Some(sent) = sending.next(), if !sending.is_empty() => {
                match sent.outcome {
                    Err(SendError::Unreachable(error)) => {
                        unsent.push(sent.id);
                        round.unreachable.get_or_insert(error);
                    }
                    _ => finished.push(sent),
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
            changed = stop_changed(&mut stop) => {
                // A dropped sender can no longer say stop: stop listening to it.
                if changed.is_err() {
                    stop = None;
                }
            }
        }
    }
    unsent.extend(waiting.map(|record| record.id));
    if !unsent.is_empty() {
        let mut tx = store.write().await?;
        let released = tx.db().release_outbox_claims(worker, &unsent).await?;
        tx.commit().await?;
        round.released = usize::try_from(released).unwrap_or(usize::MAX);
    }
    Ok(round)
}

fn stopping(stop: &Option<watch::Receiver<bool>>) -> bool {
    stop.as_ref().is_some_and(|stop| *stop.borrow())
}

async fn stop_changed(
    stop: &mut Option<watch::Receiver<bool>>,
) -> Result<(), watch::error::RecvError> {
    match stop {
        Some(stop) => stop.changed().await,
        None => std::future::pending().await,
    }
}

/// A node's delivery worker's view of its mail server, shared with `/metrics`:
/// delivering, or halted since an outage began.
#[derive(Debug, Default)]
pub struct DeliveryHealth {
    outage: Mutex<Option<Outage>>,
}

/// A mail server that cannot be reached, as a worker sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outage {
    /// When a round first found the server unreachable.
    pub since: UnixTime,
    /// Probes that failed since.
    pub probes: u32,
    /// The last connection error.
    pub error: String,
}

impl DeliveryHealth {
    /// The outage delivery is halted by, if it is.
    pub fn outage(&self) -> Option<Outage> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Outage>> {
        // The guarded value is always whole (set or cleared in one assignment), so a
        // panic elsewhere while holding the lock leaves nothing half-written.
        self.outage
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What a node's worker does after a round of [`work`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextRound {
    /// A full batch went: more may be due, go again at once.
    Now,
    /// Wait for the next poll, or for a use case to wake the worker.
    Idle,
    /// Delivery is halted: probe the mail server again after this wait (a wake does
    /// not shorten it).
    Probe(Duration),
}

/// One round of a node's worker, minding the mail server's health. While the server
/// answers, up to `batch` messages go; when a connection-level failure shows it cannot
/// be reached, the round's unsent messages are handed back uncounted and delivery
/// halts: each later round claims one message (the canary) to probe the server, after
/// a wait that starts at a second and doubles up to about 15 s (with jitter), while
/// every other message waits uncounted. The first probe the server answers resumes
/// delivery, and the backlog drains at once. One line is logged when delivery halts
/// (with the messages waiting) and one when it resumes (with the outage's length),
/// never one per message.
pub async fn work(
    courier: &Courier<'_>,
    health: &DeliveryHealth,
    now: UnixTime,
    batch: u32,
) -> Result<(DeliveryRound, NextRound), DomainError> {
    let halted = health.outage().is_some();
    let round = deliver_due(courier, now, if halted { 1 } else { batch }).await?;
    let next = match (round.unreachable.clone(), health.outage()) {
        (Some(error), None) => {
            let waiting = unsent_count(courier.store).await;
            tracing::warn!(
                waiting,
                %error,
                worker = courier.worker,
                "email delivery halted: the mail server cannot be reached; one message probes it while the others wait, their attempts uncounted"
            );
            *health.lock() = Some(Outage {
                since: now,
                probes: 0,
                error,
            });
            NextRound::Probe(probe_wait(0, courier.entropy))
        }
        (Some(error), Some(outage)) => {
            let probes = outage.probes.saturating_add(1);
            *health.lock() = Some(Outage {
                probes,
                error,
                ..outage
            });
            NextRound::Probe(probe_wait(probes, courier.entropy))
        }
        (None, Some(outage)) if round.server_answered() => {
            *health.lock() = None;
            let waiting = unsent_count(courier.store).await;
            tracing::info!(
                outage_seconds = now - outage.since,
                probes = outage.probes + 1,
                waiting,
                worker = courier.worker,
                "email delivery resumed: the mail server answers again"
            );
            NextRound::Now
        }
        // Halted with nothing due to probe with (or stopping): keep waiting.
        (None, Some(outage)) => NextRound::Probe(probe_wait(outage.probes, courier.entropy)),
        (None, None) if round.claimed >= batch as usize => NextRound::Now,
        (None, None) => NextRound::Idle,
    };
    Ok((round, next))
}

/// Messages not yet sent (pending or being sent), for the halt and resume lines;
/// `-1` when they cannot be counted (the line matters more than the number).
async fn unsent_count(store: &Store) -> i64 {
    let counts = async {
        let mut conn = store.read().await?;
        conn.db()
            .outbox_summary()
            .await
            .map(|summary| summary.counts)
    };
    match counts.await {
        Ok(counts) => counts
            .iter()
            .filter(|(status, _)| matches!(status, OutboxStatus::Pending | OutboxStatus::Sending))
            .map(|(_, n)| n)
            .sum(),
        Err(_) => -1,
    }
}

/// The wait before probing an unreachable server again after `probes` failed probes:
/// one second, doubling, at most [`PROBE_WAIT_MAX`], spread by the jitter.
pub fn probe_wait(probes: u32, entropy: &dyn Entropy) -> Duration {
    let base = PROBE_WAIT_FIRST
        .saturating_mul(1_u32.checked_shl(probes.min(16)).unwrap_or(u32::MAX))
        .min(PROBE_WAIT_MAX);
    let millis = u64::try_from(base.as_millis()).unwrap_or(u64::MAX);
    Duration::from_millis(jittered(millis, entropy))
}

/// Renews the lease on every message `worker` holds to `now` + [`CLAIM_LEASE`]; a
/// worker calls it every [`CLAIM_RENEWAL`] while a round sends. Returns how many
/// claims it renewed.
pub async fn renew_claims(store: &Store, worker: &str, now: UnixTime) -> Result<u64, DomainError> {
    let mut tx = store.write().await?;
    let renewed = tx
        .db()
        .renew_outbox_claims(worker, now + CLAIM_LEASE)
        .await?;
    tx.commit().await?;
    Ok(renewed)
}

/// Hands back every message `worker` still holds, pending again with the attempt
/// uncounted: for a stopping node whose last sends were cut off. (A message cut off
/// on the wire may have gone out; it goes again with the same `Message-ID`.)
pub async fn release_claims(store: &Store, worker: &str) -> Result<u64, DomainError> {
    let mut tx = store.write().await?;
    let released = tx.db().release_all_outbox_claims(worker).await?;
    tx.commit().await?;
    Ok(released)
}

/// A worker's name: its node's stable name, then a part new to this process, so a
/// node that starts again can tell its predecessors' claims ([`release_earlier_claims`])
/// from its own. `node` must be letters, digits, `.` and `-` only.
pub fn worker_name(node: &str, entropy: &dyn Entropy) -> String {
    let token = crate::crypto::new_token(entropy);
    format!("{node}/{}", token.chars().take(12).collect::<String>())
}

/// Makes the messages that earlier processes of `node` left claimed (a crash, a
/// kill) due again at once, rather than after their leases: for a node starting
/// again, whose predecessor can no longer be sending them. Their attempts stay
/// counted, as they may have gone out. Returns how many.
pub async fn release_earlier_claims(
    store: &Store,
    node: &str,
    worker: &str,
) -> Result<u64, DomainError> {
    if node.is_empty()
        || !node
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return Err(DomainError::invalid(format!(
            "{node:?} is not a node name (letters, digits, '.' and '-')"
        )));
    }
    let mut tx = store.write().await?;
    let released = tx
        .db()
        .release_node_outbox_claims(&format!("{node}/"), worker)
        .await?;
    tx.commit().await?;
    Ok(released)
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
    entropy: &dyn Entropy,
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
            // An unreachable server's messages never get here; should one, it is
            // retried like any other passing failure.
            SendError::Transient(_) | SendError::Unreachable(_) => {
                retry_delay(attempts).map(|delay| now + jittered_seconds(delay, entropy))
            }
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

/// `delay` seconds spread by up to [`JITTER_PERCENT`] either way.
fn jittered_seconds(delay: i64, entropy: &dyn Entropy) -> i64 {
    let millis = u64::try_from(delay).unwrap_or(0).saturating_mul(1000);
    i64::try_from(jittered(millis, entropy) / 1000).unwrap_or(i64::MAX)
}

/// `value` times a factor drawn evenly from 1 ± [`JITTER_PERCENT`] %.
fn jittered(value: u64, entropy: &dyn Entropy) -> u64 {
    let mut bytes = [0_u8; 8];
    entropy.fill(&mut bytes);
    let spread = 2 * JITTER_PERCENT * 100;
    // In hundredths of a percent: 8,000 to 12,000 per 10,000 at a fifth either way.
    let factor = 10_000 - JITTER_PERCENT * 100 + u64::from_le_bytes(bytes) % (spread + 1);
    u64::try_from(u128::from(value) * u128::from(factor) / 10_000).unwrap_or(u64::MAX)
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

    /// Entropy that always gives the same byte.
    #[derive(Debug)]
    struct Fixed(u8);

    impl Entropy for Fixed {
        fn fill(&self, buffer: &mut [u8]) {
            buffer.fill(self.0);
        }
    }

    #[test]
    fn probes_wait_a_second_doubling_to_fifteen_spread_by_a_fifth() {
        let lowest: Vec<u128> = (0..7)
            .map(|probes| probe_wait(probes, &Fixed(0)).as_millis())
            .collect();
        assert_eq!(lowest, [800, 1600, 3200, 6400, 12000, 12000, 12000]);
        assert_eq!(probe_wait(u32::MAX, &Fixed(0)).as_millis(), 12000);
        let entropy = crate::crypto::SystemEntropy;
        let draws: Vec<u128> = (0..200)
            .map(|_| probe_wait(4, &entropy).as_millis())
            .collect();
        assert!(
            draws.iter().all(|ms| (12000..=18000).contains(ms)),
            "{draws:?}"
        );
        assert!(draws.iter().any(|&ms| ms != draws[0]), "spread out");
    }

    #[test]
    fn retry_waits_are_spread_by_a_fifth_either_way() {
        assert_eq!(jittered_seconds(60, &Fixed(0)), 48);
        let entropy = crate::crypto::SystemEntropy;
        let draws: Vec<i64> = (0..500).map(|_| jittered_seconds(300, &entropy)).collect();
        assert!(draws.iter().all(|s| (240..=360).contains(s)), "{draws:?}");
        assert!(draws.iter().any(|&s| s < 270) && draws.iter().any(|&s| s > 330));
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
