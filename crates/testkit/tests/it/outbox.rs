//! The email outbox: queued in the caller's transaction, claimed by one worker at a
//! time under a lease, retried with back-off, and delivered over real SMTP to a real
//! SMTP server (the test kit's [`SmtpServer`], Python's `aiosmtpd`) or to `.eml`
//! files.
//!
//! Tests that call `deliver_due` themselves start their server with its own delivery
//! worker off, and pass fixed `now` values.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use entente::mail::SmtpMailer;
use entente_testkit::entente_domain::mail::{
    self, DeliveryRound, MailSend, Mailer, OutgoingEmail, QueuedEmail, SendError,
};
use entente_testkit::entente_storage::{OutboxRecord, OutboxStatus, Store};
use entente_testkit::smtp::SmtpServer;
use entente_testkit::{Backend, TestServer, backends};
use uuid::Uuid;

/// A fixed moment (2027-01-15) so retry times are exact.
const T0: i64 = 1_800_000_000;

/// A server whose own delivery worker is off, so only the test delivers.
async fn quiet_server(backend: Backend) -> TestServer {
    TestServer::start_configured(backend, true, |config| config.mail_worker = false).await
}

fn email(subject: &str) -> OutgoingEmail {
    OutgoingEmail {
        from: "Contoso <no-reply@contoso.com>".to_owned(),
        to: vec!["ann@fabrikam.com".to_owned()],
        cc: vec!["bob@fabrikam.com".to_owned()],
        subject: subject.to_owned(),
        text: "Grüße aus Zürich — you are invited.".to_owned(),
        html: Some("<p>Grüße aus Zürich — <b>you are invited</b>.</p>".to_owned()),
    }
}

async fn enqueue(server: &TestServer, message: &OutgoingEmail, now: i64) -> Uuid {
    let mut tx = server.services.store.write().await.unwrap();
    let id = mail::enqueue_email(
        &mut tx.db(),
        &server.services,
        server.bootstrap().tenant_id,
        message,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn record(server: &TestServer, id: Uuid) -> OutboxRecord {
    let mut conn = server.services.store.read().await.unwrap();
    conn.db()
        .outbox_message(server.bootstrap().tenant_id, id)
        .await
        .unwrap()
        .expect("the message is in the outbox")
}

async fn deliver(
    server: &TestServer,
    mailer: &dyn Mailer,
    worker: &str,
    now: i64,
) -> DeliveryRound {
    let courier = mail::Courier::new(
        &server.services.store,
        &server.services.master,
        mailer,
        server.services.entropy.as_ref(),
        worker,
    );
    mail::deliver_due(&courier, now, 10).await.unwrap()
}

/// Keeps what it is asked to send; fails first with the errors it was given.
#[derive(Debug, Default)]
struct RecordingMailer {
    sent: Mutex<Vec<QueuedEmail>>,
    failures: Mutex<VecDeque<SendError>>,
}

impl RecordingMailer {
    fn failing_with(errors: impl IntoIterator<Item = SendError>) -> RecordingMailer {
        RecordingMailer {
            failures: Mutex::new(errors.into_iter().collect()),
            ..RecordingMailer::default()
        }
    }

    fn sent(&self) -> Vec<QueuedEmail> {
        self.sent.lock().unwrap().clone()
    }
}

impl Mailer for RecordingMailer {
    fn send<'a>(&'a self, email: &'a QueuedEmail) -> MailSend<'a> {
        Box::pin(async move {
            if let Some(error) = self.failures.lock().unwrap().pop_front() {
                return Err(error);
            }
            self.sent.lock().unwrap().push(email.clone());
            Ok(())
        })
    }
}

#[tokio::test]
async fn a_rolled_back_email_is_never_sent_and_a_committed_one_is_sent_once() {
    for backend in backends() {
        let server = quiet_server(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let mailer = RecordingMailer::default();

        // The use case's transaction fails after queuing: the email goes with it.
        {
            let mut tx = server.services.store.write().await.unwrap();
            mail::enqueue_email(
                &mut tx.db(),
                &server.services,
                tenant,
                &email("Rolled back"),
                T0,
            )
            .await
            .unwrap();
            drop(tx);
        }
        let round = deliver(&server, &mailer, "w1", T0 + 10).await;
        assert_eq!(round.claimed, 0, "{backend:?}: nothing was committed");

        let id = enqueue(&server, &email("Welcome"), T0).await;
        let queued = record(&server, id).await;
        assert_eq!(queued.status, OutboxStatus::Pending);
        assert_eq!((queued.attempts, queued.next_attempt_at), (0, T0));
        assert_eq!(queued.cc, ["bob@fabrikam.com"]);

        let round = deliver(&server, &mailer, "w1", T0 + 1).await;
        assert_eq!((round.claimed, round.sent), (1, 1), "{backend:?}");
        let again = deliver(&server, &mailer, "w1", T0 + 3600).await;
        assert_eq!(
            again.claimed, 0,
            "{backend:?}: a sent email is not sent again"
        );

        let sent = mailer.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].id, id);
        assert_eq!(sent[0].created_at, T0);
        assert_eq!(sent[0].email, email("Welcome"));
        let done = record(&server, id).await;
        assert_eq!(done.status, OutboxStatus::Sent);
        assert_eq!((done.attempts, done.sent_at), (1, Some(T0 + 1)));
        assert_eq!((done.claimed_by, done.last_error), (None, None));

        let mut conn = server.services.store.read().await.unwrap();
        let counts = conn.db().outbox_summary().await.unwrap().counts;
        assert!(counts.contains(&(OutboxStatus::Sent, 1)), "{counts:?}");
        assert!(counts.contains(&(OutboxStatus::Pending, 0)), "{counts:?}");
        let listed = conn
            .db()
            .list_outbox(tenant, Some(OutboxStatus::Sent))
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        drop(conn);
        server.stop().await;
    }
}

/// Holds the first message it is given until it has sent `release_after` others.
#[derive(Debug)]
struct HoldingMailer {
    release_after: usize,
    held: Mutex<Option<Uuid>>,
    sent: Mutex<Vec<Uuid>>,
    others: tokio::sync::watch::Sender<usize>,
}

impl HoldingMailer {
    fn new(release_after: usize) -> HoldingMailer {
        HoldingMailer {
            release_after,
            held: Mutex::new(None),
            sent: Mutex::new(Vec::new()),
            others: tokio::sync::watch::Sender::new(0),
        }
    }
}

impl Mailer for HoldingMailer {
    fn send<'a>(&'a self, email: &'a QueuedEmail) -> MailSend<'a> {
        Box::pin(async move {
            let first = self.held.lock().unwrap().get_or_insert(email.id) == &email.id;
            if first {
                let mut others = self.others.subscribe();
                others
                    .wait_for(|&n| n >= self.release_after)
                    .await
                    .map_err(|e| SendError::Transient(e.to_string()))?;
            } else {
                self.others.send_modify(|n| *n += 1);
            }
            self.sent.lock().unwrap().push(email.id);
            Ok(())
        })
    }
}

/// A message that takes long holds up none behind it: the worker starts the next
/// message as soon as any one is done, not once a whole group of
/// `SEND_CONCURRENCY` is. (Sent in groups, the other messages of the slow one's group
/// would wait for it, and it for them: the round would never end.)
#[tokio::test]
async fn a_slow_message_holds_up_none_behind_it() {
    for backend in backends() {
        let server = quiet_server(backend).await;
        let others = 2 * mail::SEND_CONCURRENCY;
        for i in 0..=others {
            enqueue(&server, &email(&format!("Message {i}")), T0).await;
        }
        let mailer = HoldingMailer::new(others);
        let round = tokio::time::timeout(
            Duration::from_secs(30),
            mail::deliver_due(
                &mail::Courier::new(
                    &server.services.store,
                    &server.services.master,
                    &mailer,
                    server.services.entropy.as_ref(),
                    "w1",
                ),
                T0 + 1,
                100,
            ),
        )
        .await
        .expect("the other messages went out while the first was held")
        .unwrap();
        assert_eq!(
            (round.claimed, round.sent),
            (others + 1, others + 1),
            "{backend:?}"
        );
        let sent = mailer.sent.lock().unwrap().clone();
        let held = mailer.held.lock().unwrap().unwrap();
        assert_eq!(sent.len(), others + 1);
        assert_eq!(
            sent.last(),
            Some(&held),
            "{backend:?}: the held one went last"
        );
        for id in sent {
            assert_eq!(
                record(&server, id).await.status,
                OutboxStatus::Sent,
                "{backend:?}"
            );
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn a_failing_mailer_is_retried_with_growing_back_off() {
    for backend in backends() {
        let server = quiet_server(backend).await;
        let mailer = RecordingMailer::failing_with([
            SendError::Transient("421 try later".to_owned()),
            SendError::Transient("connection refused".to_owned()),
        ]);
        let id = enqueue(&server, &email("Retry me"), T0).await;

        let round = deliver(&server, &mailer, "w1", T0).await;
        assert_eq!((round.claimed, round.retrying), (1, 1), "{backend:?}");
        let first = record(&server, id).await;
        assert_eq!(first.status, OutboxStatus::Pending);
        assert_eq!(first.attempts, 1);
        // A minute, spread by a fifth either way.
        let due = first.next_attempt_at;
        assert!((T0 + 48..=T0 + 72).contains(&due), "{backend:?}: {due}");
        assert_eq!(first.last_error.as_deref(), Some("421 try later"));

        // Not due a second before the back-off ends; due when it does.
        assert_eq!(deliver(&server, &mailer, "w1", due - 1).await.claimed, 0);
        let round = deliver(&server, &mailer, "w1", due).await;
        assert_eq!(round.retrying, 1);
        let second = record(&server, id).await;
        assert_eq!(second.attempts, 2);
        let wait = second.next_attempt_at - due;
        assert!(
            (240..=360).contains(&wait),
            "{backend:?}: five minutes ± a fifth: {wait}"
        );
        assert_eq!(second.last_error.as_deref(), Some("connection refused"));

        let last = second.next_attempt_at;
        let round = deliver(&server, &mailer, "w1", last).await;
        assert_eq!(round.sent, 1, "{backend:?}");
        let done = record(&server, id).await;
        assert_eq!(done.status, OutboxStatus::Sent);
        assert_eq!((done.attempts, done.sent_at), (3, Some(last)));
        assert_eq!(done.last_error, None);
        assert_eq!(mailer.sent().len(), 1);
        server.stop().await;
    }
}

#[tokio::test]
async fn delivery_gives_up_after_six_attempts_or_at_once_on_a_permanent_refusal() {
    for backend in backends() {
        let server = quiet_server(backend).await;
        let always = RecordingMailer::failing_with(
            (0..10).map(|i| SendError::Transient(format!("timeout {i}"))),
        );
        let id = enqueue(&server, &email("Doomed"), T0).await;
        let mut now = T0;
        let mut waits = Vec::new();
        for _ in 0..6 {
            let round = deliver(&server, &always, "w1", now).await;
            assert_eq!(round.claimed, 1, "{backend:?}");
            let state = record(&server, id).await;
            if state.status == OutboxStatus::Pending {
                waits.push(state.next_attempt_at - now);
                now = state.next_attempt_at;
            }
        }
        assert_eq!(waits.len(), 5, "{backend:?}: {waits:?}");
        for (wait, base) in waits.iter().zip([60, 300, 1800, 7200, 43200]) {
            assert!(
                (base * 4 / 5..=base * 6 / 5).contains(wait),
                "{backend:?}: {waits:?}"
            );
        }
        let given_up = record(&server, id).await;
        assert_eq!(given_up.status, OutboxStatus::Failed);
        assert_eq!(given_up.attempts, 6);
        assert_eq!(given_up.last_error.as_deref(), Some("timeout 5"));
        assert_eq!(
            deliver(&server, &always, "w1", now + 86400).await.claimed,
            0
        );

        let refusing = RecordingMailer::failing_with([SendError::Permanent(
            "550 5.1.1 no such user".to_owned(),
        )]);
        let id = enqueue(&server, &email("Refused"), T0).await;
        let round = deliver(&server, &refusing, "w1", T0).await;
        assert_eq!((round.claimed, round.failed), (1, 1), "{backend:?}");
        let refused = record(&server, id).await;
        assert_eq!(refused.status, OutboxStatus::Failed);
        assert_eq!(refused.attempts, 1);
        assert_eq!(
            refused.last_error.as_deref(),
            Some("550 5.1.1 no such user")
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn a_claim_whose_lease_ran_out_is_taken_over() {
    for backend in backends() {
        let server = quiet_server(backend).await;
        let store = &server.services.store;
        let id = enqueue(&server, &email("Crash"), T0).await;

        // A worker claims the message and dies before recording anything.
        let mut tx = store.write().await.unwrap();
        let claimed = tx
            .db()
            .claim_outbox(store.backend(), "crashed", T0, T0 + mail::CLAIM_LEASE, 10)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].claimed_by.as_deref(), Some("crashed"));

        let mailer = RecordingMailer::default();
        let lease_end = T0 + mail::CLAIM_LEASE;
        let early = deliver(&server, &mailer, "w2", lease_end - 1).await;
        assert_eq!(early.claimed, 0, "{backend:?}: the lease still holds");
        let late = deliver(&server, &mailer, "w2", lease_end).await;
        assert_eq!((late.claimed, late.sent), (1, 1), "{backend:?}");
        let done = record(&server, id).await;
        assert_eq!((done.status, done.attempts), (OutboxStatus::Sent, 2));

        // The dead worker coming back to say it failed changes nothing.
        let mut tx = store.write().await.unwrap();
        let changed = tx
            .db()
            .mark_outbox_failed(
                server.bootstrap().tenant_id,
                id,
                "crashed",
                "late",
                Some(T0 + 60),
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert!(!changed);
        assert_eq!(record(&server, id).await.status, OutboxStatus::Sent);
        server.stop().await;
    }
}

/// A [`RecordingMailer`] that closes `store` as it sends, as a database that goes away
/// while the messages are on the wire.
#[derive(Debug)]
struct StoreClosingMailer {
    store: Store,
    recording: RecordingMailer,
}

impl Mailer for StoreClosingMailer {
    fn send<'a>(&'a self, email: &'a QueuedEmail) -> MailSend<'a> {
        Box::pin(async move {
            self.store.close().await;
            self.recording.send(email).await
        })
    }
}

/// The ids of `sent`, sorted, to compare sets of messages.
fn sorted_ids(sent: &[QueuedEmail]) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = sent.iter().map(|e| e.id).collect();
    ids.sort_unstable();
    ids
}

/// The database fails after the messages went out and before their outcomes are
/// written: the round reports the error, no message is lost or marked, and when the
/// lease ends the messages go out once more (the only case in which an email is sent
/// twice: it was in flight) and are recorded.
#[tokio::test]
async fn a_database_failure_while_recording_outcomes_loses_no_email() {
    for backend in backends() {
        let server = quiet_server(backend).await;
        let mut ids = Vec::new();
        for subject in ["One", "Two", "Three"] {
            ids.push(enqueue(&server, &email(subject), T0).await);
        }
        let failing = StoreClosingMailer {
            store: Store::connect(server.database_url()).await.unwrap(),
            recording: RecordingMailer::default(),
        };
        let courier = mail::Courier::new(
            &failing.store,
            &server.services.master,
            &failing,
            server.services.entropy.as_ref(),
            "w1",
        );
        let round = mail::deliver_due(&courier, T0 + 10, 10).await;
        assert!(
            round.is_err(),
            "{backend:?}: the outcomes could not be written, the round says so: {round:?}"
        );
        let mut queued = ids.clone();
        queued.sort_unstable();
        assert_eq!(
            sorted_ids(&failing.recording.sent()),
            queued,
            "{backend:?}: all three went out"
        );
        for id in &ids {
            let left = record(&server, *id).await;
            assert_eq!(
                (left.status, left.attempts, left.claimed_by.as_deref()),
                (OutboxStatus::Sending, 1, Some("w1")),
                "{backend:?}: still claimed, not marked sent"
            );
        }

        let mailer = RecordingMailer::default();
        let early = deliver(&server, &mailer, "w2", T0 + 20).await;
        assert_eq!(early.claimed, 0, "{backend:?}: the lease still holds");
        let late = deliver(&server, &mailer, "w2", T0 + 10 + mail::CLAIM_LEASE).await;
        assert_eq!((late.claimed, late.sent), (3, 3), "{backend:?}");
        assert_eq!(
            sorted_ids(&mailer.sent()),
            queued,
            "{backend:?}: each once more"
        );
        for id in &ids {
            let done = record(&server, *id).await;
            assert_eq!(
                (done.status, done.attempts),
                (OutboxStatus::Sent, 2),
                "{backend:?}"
            );
        }
        server.stop().await;
    }
}

/// Claims in batches of three, each in a transaction of its own, until none are due.
async fn claim_all(store: Store, worker: &'static str) -> Vec<Uuid> {
    let mut mine = Vec::new();
    loop {
        let mut tx = store.write().await.unwrap();
        let batch = tx
            .db()
            .claim_outbox(store.backend(), worker, T0, T0 + mail::CLAIM_LEASE, 3)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        if batch.is_empty() {
            return mine;
        }
        assert!(
            batch
                .iter()
                .all(|m| m.claimed_by.as_deref() == Some(worker))
        );
        mine.extend(batch.iter().map(|m| m.id));
        tokio::task::yield_now().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn workers_claiming_at_once_never_get_the_same_message() {
    for backend in backends() {
        let server = quiet_server(backend).await;
        let mut all = HashSet::new();
        for i in 0..60 {
            all.insert(enqueue(&server, &email(&format!("Bulk {i}")), T0).await);
        }
        let store = server.services.store.clone();
        let workers: Vec<_> = ["a", "b", "c"]
            .into_iter()
            .map(|w| tokio::spawn(claim_all(store.clone(), w)))
            .collect();
        let mut seen = HashSet::new();
        for worker in workers {
            for id in worker.await.unwrap() {
                assert!(seen.insert(id), "{backend:?}: {id} was claimed twice");
            }
        }
        assert_eq!(seen, all, "{backend:?}: every message was claimed");
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_a_claim_skips_rows_another_node_is_claiming() {
    if !backends().contains(&Backend::Postgres) {
        return;
    }
    let server = quiet_server(Backend::Postgres).await;
    let store = server.services.store.clone();
    for i in 0..10 {
        enqueue(&server, &email(&format!("Node {i}")), T0).await;
    }
    // The first node's claim is still uncommitted (its rows locked) when the second
    // node claims: the second must neither wait nor take the same rows.
    let mut first = store.write().await.unwrap();
    let first_claim = first
        .db()
        .claim_outbox(store.backend(), "node-1", T0, T0 + 900, 6)
        .await
        .unwrap();
    let second_claim = tokio::time::timeout(Duration::from_secs(5), async {
        let mut second = store.write().await.unwrap();
        let claimed = second
            .db()
            .claim_outbox(store.backend(), "node-2", T0, T0 + 900, 6)
            .await
            .unwrap();
        second.commit().await.unwrap();
        claimed
    })
    .await
    .expect("the second claim does not wait for the first");
    first.commit().await.unwrap();
    assert_eq!(first_claim.len(), 6);
    assert_eq!(second_claim.len(), 4, "only the rows nobody holds");
    let firsts: HashSet<_> = first_claim.iter().map(|m| m.id).collect();
    assert!(second_claim.iter().all(|m| !firsts.contains(&m.id)));
    server.stop().await;
}

#[tokio::test]
async fn with_no_smtp_server_emails_are_written_as_eml_files() {
    let server = TestServer::start().await;
    let id = enqueue(&server, &email("File outbox"), entente_testkit::now()).await;
    server.services.wake_mail_delivery();
    let path = server.data_dir().join("outbox").join(format!("{id}.eml"));
    let text = wait_for(|| std::fs::read_to_string(&path).ok()).await;
    assert!(text.contains("To: ann@fabrikam.com"), "{text}");
    assert!(text.contains("Cc: bob@fabrikam.com"), "{text}");
    assert!(text.contains("Subject: File outbox"), "{text}");
    assert!(
        text.contains(&format!("Message-ID: <{id}@contoso.com>")),
        "{text}"
    );
    assert!(text.contains("multipart/alternative"), "{text}");
    let done = wait_for_status(&server, id, OutboxStatus::Sent).await;
    assert_eq!(done.attempts, 1);
    server.stop().await;
}

#[tokio::test]
async fn emails_are_delivered_over_smtp_to_a_real_server() {
    let sink = SmtpServer::start().await;
    let server = quiet_server(Backend::Sqlite).await;
    let mailer = SmtpMailer::from_url(&sink.url()).unwrap();
    let mut message = email("Einladung: Zusammenarbeit mit Contoso ✓");
    message.to.push("carol@northwind.example".to_owned());
    let id = enqueue(&server, &message, T0).await;

    let round = deliver(&server, &mailer, "smtp-worker", T0).await;
    assert_eq!((round.claimed, round.sent), (1, 1));
    assert_eq!(record(&server, id).await.sent_at, Some(T0));

    let received = sink.wait_for_emails(1).await;
    let parsed = &received[0];
    assert_eq!(parsed.subject, "Einladung: Zusammenarbeit mit Contoso ✓");
    assert_eq!(parsed.from, "Contoso <no-reply@contoso.com>");
    assert_eq!(parsed.to, ["ann@fabrikam.com", "carol@northwind.example"]);
    assert_eq!(parsed.cc, ["bob@fabrikam.com"]);
    assert_eq!(parsed.message_id, Some(format!("{id}@contoso.com")));
    assert_eq!(parsed.date, Some(T0));
    // The envelope carries every To and Cc recipient.
    for rcpt in [
        "ann@fabrikam.com",
        "carol@northwind.example",
        "bob@fabrikam.com",
    ] {
        assert!(
            parsed.envelope_to.iter().any(|r| r == rcpt),
            "{:?}",
            parsed.envelope_to
        );
    }
    assert_eq!(
        parsed.text.as_deref().unwrap().trim_end(),
        "Grüße aus Zürich — you are invited."
    );
    assert_eq!(
        parsed.html.as_deref().unwrap().trim_end(),
        "<p>Grüße aus Zürich — <b>you are invited</b>.</p>"
    );
    server.stop().await;
}

#[tokio::test]
async fn an_smtp_refusal_fails_for_good_on_5xx_and_is_retried_on_4xx() {
    let sink = SmtpServer::start_with_handler(REFUSING_HANDLER).await;
    let server = quiet_server(Backend::Sqlite).await;
    let mailer = SmtpMailer::from_url(&sink.url()).unwrap();
    let to = |address: &str| OutgoingEmail {
        to: vec![address.to_owned()],
        cc: vec![],
        ..email("Refused")
    };
    let gone = enqueue(&server, &to("gone@fabrikam.com"), T0).await;
    let busy = enqueue(&server, &to("busy@fabrikam.com"), T0).await;

    let round = deliver(&server, &mailer, "w1", T0).await;
    assert_eq!((round.claimed, round.failed, round.retrying), (2, 1, 1));
    let refused = record(&server, gone).await;
    assert_eq!(
        (refused.status, refused.attempts),
        (OutboxStatus::Failed, 1)
    );
    let error = refused.last_error.unwrap();
    assert!(error.contains("No such user here"), "{error}");
    let later = record(&server, busy).await;
    assert_eq!(later.status, OutboxStatus::Pending);
    assert!((T0 + 48..=T0 + 72).contains(&later.next_attempt_at));
    let error = later.last_error.unwrap();
    assert!(error.contains("Mailbox busy"), "{error}");
    server.stop().await;
}

#[tokio::test]
async fn a_server_configured_with_smtp_delivers_what_is_queued() {
    let sink = SmtpServer::start().await;
    let url = sink.url();
    let server = TestServer::start_configured(Backend::Sqlite, true, |config| {
        config.smtp_url = Some(url);
    })
    .await;
    let id = enqueue(
        &server,
        &email("Sent by the worker"),
        entente_testkit::now(),
    )
    .await;
    server.services.wake_mail_delivery();
    let received = sink.wait_for_emails(1).await;
    assert_eq!(received[0].subject, "Sent by the worker");
    assert_eq!(received[0].message_id, Some(format!("{id}@contoso.com")));
    let done = wait_for_status(&server, id, OutboxStatus::Sent).await;
    assert_eq!(done.attempts, 1);
    server.stop().await;
}

#[tokio::test]
async fn an_unreachable_smtp_server_is_a_connection_failure() {
    let port = free_port();
    let mailer = SmtpMailer::from_url(&format!("smtp://127.0.0.1:{port}")).unwrap();
    let queued = QueuedEmail {
        id: Uuid::new_v4(),
        tenant: entente_model::TenantId::new_id(),
        created_at: T0,
        email: email("Nobody listens"),
    };
    match mailer.send(&queued).await {
        Err(SendError::Unreachable(message)) => {
            assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}")
        }
        other => panic!("expected a connection failure, got {other:?}"),
    }
}

#[test]
fn smtp_urls_are_read_or_refused() {
    assert!(SmtpMailer::from_url("smtp://127.0.0.1:2525").is_ok());
    assert!(SmtpMailer::from_url("smtp://mail.example.com?tls=starttls").is_ok());
    assert!(SmtpMailer::from_url("smtps://user:p%40ss@mail.example.com:465").is_ok());
    assert!(SmtpMailer::from_url("smtp://mail.example.com?tls=opportunistic").is_ok());
    assert!(SmtpMailer::from_url("http://mail.example.com").is_err());
    assert!(SmtpMailer::from_url("smtp://mail.example.com?tls=sometimes").is_err());
    assert!(SmtpMailer::from_url("smtps://mail.example.com?tls=starttls").is_err());
}

async fn wait_for<T>(mut probe: impl FnMut() -> Option<T>) -> T {
    for _ in 0..200 {
        if let Some(found) = probe() {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("gave up waiting after 10 s");
}

async fn wait_for_status(server: &TestServer, id: Uuid, status: OutboxStatus) -> OutboxRecord {
    for _ in 0..200 {
        let current = record(server, id).await;
        if current.status == status {
            return current;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("message {id} never reached {status:?}");
}

fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap().port()
}

/// An `aiosmtpd` handler that refuses some recipients: `gone@…` for good (550) and
/// `busy@…` for now (451), as real servers do.
const REFUSING_HANDLER: &str = r#"
class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith('gone@'):
            return '550 5.1.1 No such user here'
        if address.startswith('busy@'):
            return '451 4.3.0 Mailbox busy, try again later'
        envelope.rcpt_tos.append(address)
        return '250 OK'
"#;
