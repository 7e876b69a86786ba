//! Email delivery under faults (issue 17, items 4, 5 and 7): a mail server that goes
//! away and comes back, a message the server refuses for now, a worker that dies with
//! messages claimed, a node that starts again, and a node told to stop (SIGTERM) while
//! requests and emails are in flight.
//!
//! Tests of the rules call `mail::work` / `deliver_due` themselves with fixed `now`
//! values against the test kit's real SMTP server (Python's `aiosmtpd`), stopped and
//! started again on its port; the crash and shutdown tests run the `entente` program
//! itself as a process.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

use entente::mail::SmtpMailer;
use entente_testkit::entente_domain::mail::{
    self, Courier, DeliveryHealth, MailSend, Mailer, NextRound, OutgoingEmail, QueuedEmail,
    SendError,
};
use entente_testkit::entente_storage::{OutboxRecord, OutboxStatus, Store};
use entente_testkit::smtp::SmtpServer;
use entente_testkit::{Backend, TestServer, backends};
use uuid::Uuid;

/// A fixed moment (2027-01-15) so times are exact.
const T0: i64 = 1_800_000_000;

async fn quiet_server(backend: Backend) -> TestServer {
    TestServer::start_configured(backend, true, |config| config.mail_worker = false).await
}

fn email_to(to: &str, subject: &str) -> OutgoingEmail {
    OutgoingEmail {
        from: "Contoso <no-reply@contoso.com>".to_owned(),
        to: vec![to.to_owned()],
        cc: vec![],
        subject: subject.to_owned(),
        text: "You are invited.".to_owned(),
        html: None,
    }
}

async fn enqueue_many(server: &TestServer, count: usize, to: &str, now: i64) -> Vec<Uuid> {
    let mut tx = server.services.store.write().await.unwrap();
    let mut ids = Vec::new();
    for i in 0..count {
        ids.push(
            mail::enqueue_email(
                &mut tx.db(),
                &server.services,
                server.bootstrap().tenant_id,
                &email_to(to, &format!("Message {i}")),
                now,
            )
            .await
            .unwrap(),
        );
    }
    tx.commit().await.unwrap();
    ids
}

/// The tenant's outbox rows as stored (bodies sealed; these tests read states).
async fn outbox(server: &TestServer) -> Vec<OutboxRecord> {
    let mut conn = server.services.store.read().await.unwrap();
    conn.db()
        .list_outbox(server.bootstrap().tenant_id, None)
        .await
        .unwrap()
}

fn courier<'a>(server: &'a TestServer, mailer: &'a dyn Mailer, worker: &'a str) -> Courier<'a> {
    Courier::new(
        &server.services.store,
        &server.services.master,
        mailer,
        server.services.entropy.as_ref(),
        worker,
    )
}

/// A probe wait is the back-off's base spread by a fifth either way.
fn assert_probe_wait(next: NextRound, base_millis: u64) {
    match next {
        NextRound::Probe(wait) => {
            let millis = wait.as_millis() as u64;
            assert!(
                (base_millis * 4 / 5..=base_millis * 6 / 5).contains(&millis),
                "probe after {millis} ms, base {base_millis} ms"
            );
        }
        other => panic!("expected a probe, got {other:?}"),
    }
}

/// The mail server goes away with nothing queued; a backlog builds up; the worker's
/// first round finds the server unreachable, hands the whole claim back (attempts
/// uncounted) and halts; while halted, each round probes with one message, waiting
/// 1 s, then 2 s, ... (with jitter) and counting no attempt; once the server is back,
/// the first probe resumes delivery and the backlog drains in the next round, each
/// message sent once with its attempt counted once.
#[tokio::test]
async fn an_unreachable_server_halts_delivery_one_canary_probes_and_the_backlog_drains_on_return() {
    for backend in backends() {
        let mut smtp = SmtpServer::start().await;
        let server = quiet_server(backend).await;
        let mailer = SmtpMailer::from_url(&smtp.url()).unwrap();
        let health = DeliveryHealth::default();
        let courier = courier(&server, &mailer, "node-a/1");

        // One message goes while the server is up (the pool holds a connection).
        enqueue_many(&server, 1, "first@fabrikam.com", T0).await;
        let (round, next) = mail::work(&courier, &health, T0, 64).await.unwrap();
        assert_eq!((round.claimed, round.sent, next), (1, 1, NextRound::Idle));

        smtp.go_down().await;
        let backlog = enqueue_many(&server, 40, "guest@fabrikam.com", T0 + 10).await;
        let (round, next) = mail::work(&courier, &health, T0 + 10, 64).await.unwrap();
        assert_eq!(round.claimed, 40, "{backend:?}");
        assert_eq!(
            round.released, 40,
            "{backend:?}: all handed back: {round:?}"
        );
        assert_eq!((round.sent, round.retrying, round.failed), (0, 0, 0));
        let error = round.unreachable.clone().expect("the round says why");
        assert!(error.contains(&smtp.url()[7..]), "{error}");
        let outage = health.outage().expect("delivery halted");
        assert_eq!((outage.since, outage.probes), (T0 + 10, 0));
        assert_probe_wait(next, 1000);
        for message in outbox(&server)
            .await
            .iter()
            .filter(|m| backlog.contains(&m.id))
        {
            assert_eq!(
                (message.status, message.attempts, message.next_attempt_at),
                (OutboxStatus::Pending, 0, T0 + 10),
                "{backend:?}: no attempt counted, due as before"
            );
            assert_eq!(message.claimed_by, None);
        }

        // Probes: one message each, nothing counted, the wait doubling.
        for (probe, base) in [(1_i64, 2000), (2, 4000), (3, 8000), (4, 15000), (5, 15000)] {
            let (round, next) = mail::work(&courier, &health, T0 + 10 + probe, 64)
                .await
                .unwrap();
            assert_eq!(
                (round.claimed, round.released),
                (1, 1),
                "{backend:?}: a canary"
            );
            assert!(round.unreachable.is_some());
            assert_probe_wait(next, base);
        }
        assert_eq!(health.outage().unwrap().probes, 5);
        let attempts: i64 = outbox(&server).await.iter().map(|m| m.attempts).sum();
        assert_eq!(attempts, 1, "{backend:?}: only the first message's attempt");

        // Back on the same port: the next probe gets through and resumes delivery.
        smtp.come_back().await;
        let (round, next) = mail::work(&courier, &health, T0 + 100, 64).await.unwrap();
        assert_eq!(
            (round.claimed, round.sent),
            (1, 1),
            "{backend:?}: the canary"
        );
        assert_eq!(next, NextRound::Now, "{backend:?}: go on at once");
        assert!(health.outage().is_none());
        let (round, _) = mail::work(&courier, &health, T0 + 100, 64).await.unwrap();
        assert_eq!(
            (round.claimed, round.sent),
            (39, 39),
            "{backend:?}: the rest"
        );

        let received = smtp.wait_for_emails(41).await;
        assert_eq!(received.len(), 41, "{backend:?}: each message once");
        let ids: HashSet<_> = received
            .iter()
            .filter_map(|e| e.message_id.clone())
            .collect();
        assert_eq!(ids.len(), 41);
        for message in outbox(&server).await {
            assert_eq!(
                (message.status, message.attempts),
                (OutboxStatus::Sent, 1),
                "{backend:?}"
            );
        }
        server.stop().await;
    }
}

/// The outage begins mid-round with a queue larger than a round: the worker does not
/// keep starting messages into a dead server (one wave at most), and the ones it never
/// started go back with the rest.
#[tokio::test]
async fn a_server_that_refuses_service_halts_delivery_like_one_that_is_down() {
    let smtp = SmtpServer::start_with_handler(UNAVAILABLE_HANDLER).await;
    let server = quiet_server(Backend::Sqlite).await;
    let mailer = SmtpMailer::from_url(&smtp.url()).unwrap();
    let health = DeliveryHealth::default();
    enqueue_many(&server, 20, "guest@fabrikam.com", T0).await;
    let (round, next) = mail::work(&courier(&server, &mailer, "n/1"), &health, T0, 64)
        .await
        .unwrap();
    assert_eq!((round.claimed, round.released), (20, 20), "{round:?}");
    assert!(round.unreachable.unwrap().contains("421"));
    assert!(matches!(next, NextRound::Probe(_)));
    assert!(outbox(&server).await.iter().all(|m| m.attempts == 0));
    server.stop().await;
}

/// A 4xx reply to one message is that message's failure: it backs off alone (a
/// minute, spread by a fifth either way, so messages refused together do not come
/// back together) while the others go out, and delivery does not halt.
#[tokio::test]
async fn a_message_refused_for_now_backs_off_alone_with_jitter() {
    for backend in backends() {
        let smtp = SmtpServer::start_with_handler(BUSY_HANDLER).await;
        let server = quiet_server(backend).await;
        let mailer = SmtpMailer::from_url(&smtp.url()).unwrap();
        let health = DeliveryHealth::default();
        let busy = enqueue_many(&server, 24, "busy@fabrikam.com", T0).await;
        let fine = enqueue_many(&server, 6, "ann@fabrikam.com", T0).await;
        let (round, next) = mail::work(&courier(&server, &mailer, "n/1"), &health, T0, 64)
            .await
            .unwrap();
        assert_eq!(
            (round.claimed, round.sent, round.retrying, round.released),
            (30, 6, 24, 0),
            "{backend:?}: {round:?}"
        );
        assert_eq!(round.unreachable, None);
        assert_eq!(next, NextRound::Idle);
        assert!(health.outage().is_none(), "{backend:?}: not halted");
        let messages = outbox(&server).await;
        let mut due = HashSet::new();
        for message in messages.iter().filter(|m| busy.contains(&m.id)) {
            assert_eq!(
                (message.status, message.attempts),
                (OutboxStatus::Pending, 1)
            );
            assert!(
                (T0 + 48..=T0 + 72).contains(&message.next_attempt_at),
                "{backend:?}: {}",
                message.next_attempt_at - T0
            );
            assert!(message.last_error.as_deref().unwrap().contains("451"));
            due.insert(message.next_attempt_at);
        }
        assert!(due.len() >= 4, "{backend:?}: spread out: {due:?}");
        assert!(
            messages
                .iter()
                .filter(|m| fine.contains(&m.id))
                .all(|m| m.status == OutboxStatus::Sent)
        );
        server.stop().await;
    }
}

/// Holds every message until told to let them go, and says how many it holds.
#[derive(Debug)]
struct GateMailer {
    open: tokio::sync::watch::Sender<bool>,
    holding: tokio::sync::watch::Sender<usize>,
    sent: Mutex<Vec<Uuid>>,
}

impl GateMailer {
    fn new() -> GateMailer {
        GateMailer {
            open: tokio::sync::watch::Sender::new(false),
            holding: tokio::sync::watch::Sender::new(0),
            sent: Mutex::new(Vec::new()),
        }
    }

    async fn wait_holding(&self, count: usize) {
        let mut holding = self.holding.subscribe();
        tokio::time::timeout(Duration::from_secs(10), holding.wait_for(|&n| n >= count))
            .await
            .expect("the messages reach the mailer")
            .unwrap();
    }
}

impl Mailer for GateMailer {
    fn send<'a>(&'a self, email: &'a QueuedEmail) -> MailSend<'a> {
        Box::pin(async move {
            self.holding.send_modify(|n| *n += 1);
            let mut open = self.open.subscribe();
            open.wait_for(|&open| open)
                .await
                .map_err(|e| SendError::Transient(e.to_string()))?;
            self.sent.lock().unwrap().push(email.id);
            Ok(())
        })
    }
}

/// A worker whose messages are on the wire renews its claims: past the first lease's
/// end, no other worker takes them, and the renewal reaches only its own claims.
#[tokio::test]
async fn claims_are_renewed_while_sending() {
    for backend in backends() {
        let server = quiet_server(backend).await;
        let store = &server.services.store;
        let ids = enqueue_many(&server, 3, "ann@fabrikam.com", T0).await;
        // Another worker's claim, which the renewal must leave alone.
        let other = enqueue_many(&server, 1, "bob@fabrikam.com", T0 + 5).await;
        let mailer = GateMailer::new();
        let sending = courier(&server, &mailer, "live/1");
        let round = mail::deliver_due(&sending, T0, 3);
        let drive = async {
            mailer.wait_holding(3).await;
            let mut tx = store.write().await.unwrap();
            let taken = tx
                .db()
                .claim_outbox(
                    store.backend(),
                    "other/1",
                    T0 + 5,
                    T0 + 5 + mail::CLAIM_LEASE,
                    10,
                )
                .await
                .unwrap();
            tx.commit().await.unwrap();
            assert_eq!(taken.iter().map(|m| m.id).collect::<Vec<_>>(), other);

            // The heartbeat, 50 s in.
            let renewed = mail::renew_claims(store, "live/1", T0 + 50).await.unwrap();
            assert_eq!(renewed, 3, "{backend:?}");
            for message in outbox(&server).await {
                let expected = if ids.contains(&message.id) {
                    T0 + 50 + mail::CLAIM_LEASE
                } else {
                    T0 + 5 + mail::CLAIM_LEASE
                };
                assert_eq!(message.claimed_until, Some(expected), "{backend:?}");
            }
            // Past the first lease, another worker finds nothing of the live one's.
            let idle = GateMailer::new();
            let _ = idle.open.send_replace(true);
            let late = mail::deliver_due(
                &courier(&server, &idle, "other/2"),
                T0 + mail::CLAIM_LEASE + 1,
                10,
            )
            .await
            .unwrap();
            assert_eq!(late.claimed, 0, "{backend:?}: the renewed claims hold");
            let _ = mailer.open.send_replace(true);
        };
        let (round, ()) = tokio::join!(round, drive);
        let round = round.unwrap();
        assert_eq!((round.claimed, round.sent), (3, 3), "{backend:?}");
        assert_eq!(mailer.sent.lock().unwrap().len(), 3);
        server.stop().await;
    }
}

/// A node that starts again hands back at once what its predecessor (same node name,
/// another process) left claimed, with the attempts counted (they may have gone out);
/// another node's claims stay until their lease ends, and then are taken over: with
/// the lease of a minute, a dead node's emails go out within two minutes.
#[tokio::test]
async fn a_restarted_node_hands_back_its_own_claims_and_a_dead_nodes_lapse_after_the_lease() {
    // A dead node's emails go out well within two minutes (the lease, then another
    // node's next poll), and a live worker renews more than twice per lease.
    const {
        assert!(mail::CLAIM_LEASE + 2 <= 120 - 30);
        assert!(mail::CLAIM_RENEWAL.as_secs() * 2 < mail::CLAIM_LEASE as u64);
    }
    for backend in backends() {
        let server = quiet_server(backend).await;
        let store = &server.services.store;
        let mine = enqueue_many(&server, 2, "ann@fabrikam.com", T0).await;
        let theirs = enqueue_many(&server, 1, "bob@fabrikam.com", T0 + 1).await;
        for (worker, ids, at) in [("node-a/dead", &mine, T0), ("node-b/dead", &theirs, T0 + 1)] {
            let mut tx = store.write().await.unwrap();
            let claimed = tx
                .db()
                .claim_outbox(store.backend(), worker, at, at + mail::CLAIM_LEASE, 2)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            assert_eq!(&claimed.iter().map(|m| m.id).collect::<Vec<_>>(), ids);
        }

        let released = mail::release_earlier_claims(store, "node-a", "node-a/new")
            .await
            .unwrap();
        assert_eq!(released, 2, "{backend:?}");
        // A name that would be a LIKE pattern is refused, not matched widely.
        assert!(
            mail::release_earlier_claims(store, "node_%", "x")
                .await
                .is_err()
        );
        let mailer = GateMailer::new();
        let _ = mailer.open.send_replace(true);
        let round = mail::deliver_due(&courier(&server, &mailer, "node-a/new"), T0 + 2, 10)
            .await
            .unwrap();
        assert_eq!((round.claimed, round.sent), (2, 2), "{backend:?}: at once");
        let mut sent = mailer.sent.lock().unwrap().clone();
        sent.sort_unstable();
        let mut expected = mine.clone();
        expected.sort_unstable();
        assert_eq!(sent, expected);
        for message in outbox(&server)
            .await
            .iter()
            .filter(|m| mine.contains(&m.id))
        {
            assert_eq!((message.status, message.attempts), (OutboxStatus::Sent, 2));
        }

        // The other node's claim holds until its lease ends, then goes.
        let lease_end = T0 + 1 + mail::CLAIM_LEASE;
        let early = mail::deliver_due(&courier(&server, &mailer, "node-a/new"), lease_end - 1, 10)
            .await
            .unwrap();
        assert_eq!(early.claimed, 0, "{backend:?}");
        let late = mail::deliver_due(&courier(&server, &mailer, "node-a/new"), lease_end, 10)
            .await
            .unwrap();
        assert_eq!((late.claimed, late.sent), (1, 1), "{backend:?}");
        server.stop().await;
    }
}

/// A node told to stop mid-round starts nothing more, lets the messages on the wire
/// finish, and hands back the ones it claimed but never started, their attempts
/// uncounted.
#[tokio::test]
async fn stopping_mid_round_hands_back_the_messages_not_started() {
    for backend in backends() {
        let server = quiet_server(backend).await;
        let ids = enqueue_many(&server, mail::SEND_CONCURRENCY + 5, "ann@fabrikam.com", T0).await;
        let mailer = GateMailer::new();
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let courier = courier(&server, &mailer, "n/1").stopping_on(stopping);
        let round = mail::deliver_due(&courier, T0, 64);
        let drive = async {
            mailer.wait_holding(mail::SEND_CONCURRENCY).await;
            stop.send(true).unwrap();
            tokio::time::sleep(Duration::from_millis(100)).await;
            let _ = mailer.open.send_replace(true);
        };
        let (round, ()) = tokio::join!(round, drive);
        let round = round.unwrap();
        assert_eq!(
            (round.claimed, round.sent, round.released),
            (ids.len(), mail::SEND_CONCURRENCY, 5),
            "{backend:?}"
        );
        let sent: HashSet<Uuid> = mailer.sent.lock().unwrap().iter().copied().collect();
        for message in outbox(&server).await {
            if sent.contains(&message.id) {
                assert_eq!((message.status, message.attempts), (OutboxStatus::Sent, 1));
            } else {
                assert_eq!(
                    (message.status, message.attempts, message.claimed_by),
                    (OutboxStatus::Pending, 0, None),
                    "{backend:?}"
                );
            }
        }
        server.stop().await;
    }
}

/// `/metrics` tells new messages from those waiting to retry, and gives the oldest
/// unsent message's age, the last send and whether this node's delivery is halted.
#[tokio::test]
async fn metrics_tell_retry_waiting_from_new_and_say_when_delivery_is_halted() {
    for backend in backends() {
        let server = quiet_server(backend).await;
        let now = entente_testkit::now();
        let busy = SmtpServer::start_with_handler(BUSY_HANDLER).await;
        let mailer = SmtpMailer::from_url(&busy.url()).unwrap();
        enqueue_many(&server, 2, "busy@fabrikam.com", now - 100).await;
        enqueue_many(&server, 1, "ann@fabrikam.com", now - 100).await;
        mail::deliver_due(&courier(&server, &mailer, "n/1"), now - 50, 10)
            .await
            .unwrap();
        enqueue_many(&server, 3, "carol@fabrikam.com", now).await;
        let metrics = scrape(&server).await;
        for line in [
            "entente_outbox_messages{status=\"pending\"} 3",
            "entente_outbox_messages{status=\"retry_waiting\"} 2",
            "entente_outbox_messages{status=\"sent\"} 1",
            "entente_outbox_messages{status=\"sending\"} 0",
            &format!("entente_outbox_last_sent_timestamp_seconds {}", now - 50),
            "entente_mail_delivery_halted 0",
        ] {
            assert!(metrics.contains(line), "{backend:?}: {line} in\n{metrics}");
        }
        let age: i64 = metric(&metrics, "entente_outbox_oldest_unsent_age_seconds");
        assert!((100..110).contains(&age), "{backend:?}: {age}");

        // The node's worker halts on a server that is down.
        let down = SmtpMailer::from_url(&format!("smtp://127.0.0.1:{}", free_port())).unwrap();
        mail::work(
            &courier(&server, &down, "n/1"),
            &server.services.mail_health,
            now,
            10,
        )
        .await
        .unwrap();
        let metrics = scrape(&server).await;
        assert!(
            metrics.contains("entente_mail_delivery_halted 1"),
            "{metrics}"
        );
        server.stop().await;
    }
}

async fn scrape(server: &TestServer) -> String {
    reqwest::get(server.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

fn metric(text: &str, name: &str) -> i64 {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} in\n{text}"))
}

fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap().port()
}

/// Refuses `busy@…` for now (451), takes everything else.
const BUSY_HANDLER: &str = r#"
class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith('busy@'):
            return '451 4.3.0 Mailbox busy, try again later'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        return '250 OK'
"#;

/// A server that answers every sender with 421 (service not available).
const UNAVAILABLE_HANDLER: &str = r#"
class Handler:
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        return '421 4.3.2 Service not available, closing transmission channel'
"#;

// ---- The program as a process: SIGTERM, kill -9 and a restart ----

const ENTENTE: &str = env!("CARGO_BIN_EXE_entente-under-test");

/// Stores each message in `new/` of its directory, but holds it (answering nothing)
/// while a file named `slow` is there: a mail server slow enough to keep messages on
/// the wire while a test stops or kills the node.
const SLOW_WHILE_FLAGGED_HANDLER: &str = r#"
import asyncio, os, time
HERE = os.path.dirname(os.path.abspath(__file__))

class Handler:
    async def handle_DATA(self, server, session, envelope):
        while os.path.exists(os.path.join(HERE, 'slow')):
            await asyncio.sleep(0.05)
        os.makedirs(os.path.join(HERE, 'new'), exist_ok=True)
        name = '%d-%d' % (time.time_ns(), id(envelope))
        staged = os.path.join(HERE, 'tmp-' + name)
        with open(staged, 'wb') as f:
            f.write(envelope.original_content)
        os.rename(staged, os.path.join(HERE, 'new', name))
        return '250 OK'
"#;

/// A node run as the `entente` program on a data directory of its own (SQLite).
struct Node {
    dir: std::path::PathBuf,
    port: u16,
    smtp_url: String,
    child: Option<tokio::process::Child>,
    tenant: String,
    client_id: String,
    client_secret: String,
    http: reqwest::Client,
}

impl Node {
    /// Bootstraps a data directory and serves it, sending email to `smtp_url`.
    async fn start(smtp_url: String) -> Node {
        let dir = std::env::temp_dir()
            .join("entente-mail-faults")
            .join(Uuid::new_v4().simple().to_string());
        std::fs::create_dir_all(&dir).unwrap();
        let port = free_port();
        std::fs::write(dir.join("password"), "a long enough admin password").unwrap();
        let mut node = Node {
            dir,
            port,
            smtp_url,
            child: None,
            tenant: String::new(),
            client_id: String::new(),
            client_secret: String::new(),
            http: reqwest::Client::new(),
        };
        let output = tokio::process::Command::new(ENTENTE)
            .arg("bootstrap")
            .args(node.common())
            .args([
                "--tenant",
                "Contoso",
                "--admin-email",
                "admin@contoso.example",
            ])
            .arg("--admin-password-file")
            .arg(node.dir.join("password"))
            .env_clear()
            .output()
            .await
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let created: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        node.tenant = created["tenantId"].as_str().unwrap().to_owned();
        node.client_id = created["clientId"].as_str().unwrap().to_owned();
        node.client_secret = created["clientSecret"].as_str().unwrap().to_owned();
        node.serve().await;
        node
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn database(&self) -> std::path::PathBuf {
        self.dir.join("entente.db")
    }

    fn common(&self) -> Vec<String> {
        vec![
            "--data-dir".to_owned(),
            self.dir.display().to_string(),
            "--database-url".to_owned(),
            format!("sqlite://{}", self.database().display()),
            "--public-url".to_owned(),
            self.base(),
            "--listen".to_owned(),
            format!("127.0.0.1:{}", self.port),
        ]
    }

    async fn serve(&mut self) {
        let log = std::fs::File::create(self.dir.join("server.log")).unwrap();
        let child = tokio::process::Command::new(ENTENTE)
            .arg("serve")
            .args(self.common())
            .args([
                "--smtp-url",
                &self.smtp_url,
                "--mail-domain",
                "contoso.example",
            ])
            .env_clear()
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::null())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        self.child = Some(child);
        for _ in 0..400 {
            if let Ok(response) = self
                .http
                .get(format!("{}/healthz", self.base()))
                .send()
                .await
                && response.status() == 200
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the node did not answer: {}", self.log());
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    async fn token(&self) -> String {
        let body: serde_json::Value = self
            .http
            .post(format!("{}/{}/oauth2/v2.0/token", self.base(), self.tenant))
            .basic_auth(&self.client_id, Some(&self.client_secret))
            .form(&[
                ("grant_type", "client_credentials"),
                ("scope", &format!("{}/.default", self.base())),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["access_token"].as_str().expect("a token").to_owned()
    }

    fn invitation(address: &str) -> String {
        serde_json::json!({
            "invitedUserEmailAddress": address,
            "inviteRedirectUrl": "https://apps.contoso.example/",
            "sendInvitationMessage": true,
        })
        .to_string()
    }

    /// Invites `count` guests in one bulk file, so their emails are queued in one
    /// transaction and one round of the worker claims them all.
    async fn invite(&self, token: &str, count: usize) {
        let mut file = String::from("Email,DisplayName\n");
        for i in 0..count {
            file.push_str(&format!("guest{i}@fabrikam.example,Guest {i}\n"));
        }
        let part = reqwest::multipart::Part::bytes(file.into_bytes())
            .file_name("invitations.csv")
            .mime_str("text/csv")
            .unwrap();
        let response = self
            .http
            .post(format!("{}/v1.0/invitations/bulk", self.base()))
            .bearer_auth(token)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let preview: serde_json::Value = response.json().await.unwrap();
        let batch = preview["id"].as_str().unwrap();
        let response = self
            .http
            .post(format!(
                "{}/v1.0/invitations/bulk/{batch}/confirm",
                self.base()
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    }

    /// Waits until `/metrics` shows `count` emails being sent.
    async fn wait_sending(&self, count: usize) {
        let line = format!("entente_outbox_messages{{status=\"sending\"}} {count}");
        for _ in 0..400 {
            let text = self
                .http
                .get(format!("{}/metrics", self.base()))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if text.contains(&line) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("never saw {line}");
    }

    fn signal(&self, name: &str) {
        let pid = self.child.as_ref().and_then(|c| c.id()).expect("running");
        let status = std::process::Command::new("kill")
            .args([format!("-{name}"), pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    async fn wait_exit(&mut self) -> std::process::ExitStatus {
        let child = self.child.as_mut().expect("running");
        let status = tokio::time::timeout(Duration::from_secs(40), child.wait())
            .await
            .expect("the node exits within 40 s")
            .unwrap();
        self.child = None;
        status
    }

    /// The outbox as the database holds it (opened after the node exited).
    async fn outbox(&self) -> Vec<OutboxRecord> {
        let store = Store::connect(&format!("sqlite://{}", self.database().display()))
            .await
            .unwrap();
        let mut conn = store.read().await.unwrap();
        let tenant = self.tenant.parse().unwrap();
        let rows = conn.db().list_outbox(tenant, None).await.unwrap();
        drop(conn);
        store.close().await;
        rows
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// SIGTERM while a request is in flight (its body half sent) and emails are on the
/// wire to a slow mail server: the request finishes (201), the emails claimed but not
/// sent are pending again with no attempt counted, the write-ahead log is checkpointed
/// into the database (no `-wal` file with content is left), and the exit status is 0.
#[tokio::test]
async fn sigterm_finishes_requests_hands_back_emails_checkpoints_and_exits_0() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let smtp = SmtpServer::start_with_handler(SLOW_WHILE_FLAGGED_HANDLER).await;
    std::fs::write(smtp.dir().join("slow"), "").unwrap();
    let mut node = Node::start(smtp.url()).await;
    let token = node.token().await;
    node.invite(&token, 20).await;
    node.wait_sending(20).await;

    // A request whose body is half sent when the signal comes.
    let body = Node::invitation("late@fabrikam.example");
    let (first, rest) = body.split_at(body.len() / 2);
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", node.port))
        .await
        .unwrap();
    let head = format!(
        "POST /v1.0/invitations HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        node.port,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(first.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    node.signal("TERM");
    tokio::time::sleep(Duration::from_millis(500)).await;
    // No new connection is accepted once stopping.
    assert!(
        tokio::net::TcpStream::connect(("127.0.0.1", node.port))
            .await
            .is_err(),
        "the listener is closed"
    );
    stream.write_all(rest.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");

    let status = node.wait_exit().await;
    assert!(status.success(), "exit status {status:?}: {}", node.log());
    let log = node.log();
    assert!(log.contains("handed back emails"), "{log}");

    let wal = node.dir.join("entente.db-wal");
    let wal_size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal_size, 0, "the write-ahead log was checkpointed: {log}");
    assert!(smtp.emails().is_empty(), "the slow server took nothing");

    let outbox = node.outbox().await;
    assert_eq!(outbox.len(), 21, "the late request's email too");
    for message in &outbox {
        assert_eq!(
            (
                message.status,
                message.attempts,
                message.claimed_by.as_deref()
            ),
            (OutboxStatus::Pending, 0, None),
            "{message:?}"
        );
    }
}

/// kill -9 with emails claimed, then a restart of the same node (same data
/// directory): the node hands its predecessor's claims back at start, and they go
/// out at once rather than after the lease; each arrives (a message that was on the
/// wire could arrive twice, with the same Message-ID; here none had been accepted).
#[tokio::test]
async fn a_node_killed_with_emails_claimed_sends_them_at_once_when_it_starts_again() {
    let smtp = SmtpServer::start_with_handler(SLOW_WHILE_FLAGGED_HANDLER).await;
    std::fs::write(smtp.dir().join("slow"), "").unwrap();
    let mut node = Node::start(smtp.url()).await;
    let token = node.token().await;
    node.invite(&token, 20).await;
    node.wait_sending(20).await;
    let node_id = std::fs::read_to_string(node.dir.join("node-id")).unwrap();

    node.signal("KILL");
    node.wait_exit().await;
    std::fs::remove_file(smtp.dir().join("slow")).unwrap();

    node.serve().await;
    assert_eq!(
        std::fs::read_to_string(node.dir.join("node-id")).unwrap(),
        node_id,
        "the same node"
    );
    // Within 15 s, well inside the one-minute lease: the claims were handed back at
    // start. The messages the killed node had on the wire (the slow server let go of
    // them when its flag went) may arrive twice, always with their own Message-ID.
    let mut ids = HashSet::new();
    let mut received = Vec::new();
    for _ in 0..300 {
        received = smtp.emails();
        ids = received
            .iter()
            .filter_map(|e| e.message_id.clone())
            .collect();
        if ids.len() >= 20 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(ids.len(), 20, "every email: {}", node.log());
    assert!(
        received.len() <= 20 + mail::SEND_CONCURRENCY,
        "doubled only what was on the wire: {}",
        received.len()
    );
    assert!(
        node.log().contains("earlier run of this node left claimed"),
        "the claims were handed back at start: {}",
        node.log()
    );
    node.signal("TERM");
    assert!(node.wait_exit().await.success());
}
