//! The transactional email outbox: rows that ask for an email to be sent.
//!
//! A use case enqueues a message on the same [`Db`] as the change the email is about,
//! so both commit or neither does. Delivery workers then claim due messages under a
//! lease, send them, and record the outcome. Claiming is the only place where the two
//! backends need different SQL: PostgreSQL nodes skip rows another node has locked
//! (`FOR UPDATE SKIP LOCKED`), while SQLite's single writer connection already lets
//! one claim run at a time.
//!
//! Like the rest of this crate it decides nothing: when to retry and when to give up
//! are the caller's (`entente-domain`'s) rules, passed in as times, and bodies are
//! stored as the caller gives them (sealed by `entente-domain`, which says so with
//! `sealed`). Recording a message as sent or given up empties its bodies in the same
//! statement: their links and codes are of no more use to anyone.

use entente_model::{TenantId, UnixTime};
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::invitations::{BULK_CHUNK, values_list};
use crate::rows::{flag, int, json, opt_int, opt_text, parsed, text, to_json};
use crate::{Backend, Db, Result, StoreError};

/// Where a message is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutboxStatus {
    /// Waiting for its next attempt (`next_attempt_at`).
    Pending,
    /// Claimed by a worker until `claimed_until`; after that any worker may take it.
    Sending,
    /// Accepted by the mail server (or written to the file outbox).
    Sent,
    /// Given up on: refused for good, or out of attempts.
    Failed,
}

impl OutboxStatus {
    pub const ALL: [OutboxStatus; 4] = [
        OutboxStatus::Pending,
        OutboxStatus::Sending,
        OutboxStatus::Sent,
        OutboxStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
        }
    }

    pub fn parse(name: &str) -> Option<OutboxStatus> {
        OutboxStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// A message to enqueue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewOutboxMessage<'a> {
    pub id: Uuid,
    pub tenant_id: TenantId,
    pub created_at: UnixTime,
    /// The `From` mailbox, such as `Entente <no-reply@example.com>`.
    pub sender: &'a str,
    pub to: &'a [String],
    pub cc: &'a [String],
    pub subject: &'a str,
    pub text_body: &'a str,
    pub html_body: Option<&'a str>,
    /// Whether the bodies are sealed (rather than plaintext, as rows queued before
    /// version 18 are).
    pub sealed: bool,
}

/// A stored message and its delivery state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRecord {
    pub id: Uuid,
    pub tenant_id: TenantId,
    pub created_at: UnixTime,
    pub sender: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    /// Empty once the message is sent or failed.
    pub text_body: String,
    pub html_body: Option<String>,
    pub sealed: bool,
    pub status: OutboxStatus,
    /// Deliveries started so far, counted when a worker claims the message.
    pub attempts: i64,
    pub next_attempt_at: UnixTime,
    pub last_error: Option<String>,
    pub sent_at: Option<UnixTime>,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<UnixTime>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Recipients {
    to: Vec<String>,
    #[serde(default)]
    cc: Vec<String>,
}

macro_rules! outbox_columns {
    () => {
        "id, tenant_id, created_at, sender, recipients, subject, text_body, html_body, sealed, \
         status, attempts, next_attempt_at, last_error, sent_at, claimed_by, claimed_until"
    };
}

/// The messages a worker may take: pending ones that are due, and claimed ones whose
/// worker let the lease run out (it crashed, or lost the database, mid-delivery).
macro_rules! due_condition {
    () => {
        "(status = 'pending' AND next_attempt_at <= $3) OR (status = 'sending' AND claimed_until <= $3)"
    };
}

/// The claim on PostgreSQL. Rows locked by another node's claim are skipped rather than
/// waited for, so nodes never queue behind each other and never take the same row: a
/// row whose claim committed while this one ran is re-checked against the condition
/// after its lock is taken, and by then it is `sending` under a live lease.
const CLAIM_POSTGRES: &str = concat!(
    "UPDATE outbox SET status = 'sending', claimed_by = $1, claimed_until = $2, attempts = attempts + 1 \
     WHERE id IN (SELECT id FROM outbox WHERE ",
    due_condition!(),
    " ORDER BY next_attempt_at, created_at LIMIT $4 FOR UPDATE SKIP LOCKED) RETURNING ",
    outbox_columns!()
);

/// The claim on SQLite, where the single writer connection serializes claims already.
const CLAIM_SQLITE: &str = concat!(
    "UPDATE outbox SET status = 'sending', claimed_by = $1, claimed_until = $2, attempts = attempts + 1 \
     WHERE id IN (SELECT id FROM outbox WHERE ",
    due_condition!(),
    " ORDER BY next_attempt_at, created_at LIMIT $4) RETURNING ",
    outbox_columns!()
);

fn record(r: &AnyRow) -> Result<OutboxRecord> {
    let recipients: Recipients = json(r, "recipients")?;
    let status = text(r, "status")?;
    Ok(OutboxRecord {
        id: parsed(r, "id")?,
        tenant_id: parsed(r, "tenant_id")?,
        created_at: int(r, "created_at")?,
        sender: text(r, "sender")?,
        to: recipients.to,
        cc: recipients.cc,
        subject: text(r, "subject")?,
        text_body: text(r, "text_body")?,
        html_body: opt_text(r, "html_body")?,
        sealed: flag(r, "sealed")?,
        status: OutboxStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("outbox status {status:?}")))?,
        attempts: int(r, "attempts")?,
        next_attempt_at: int(r, "next_attempt_at")?,
        last_error: opt_text(r, "last_error")?,
        sent_at: opt_int(r, "sent_at")?,
        claimed_by: opt_text(r, "claimed_by")?,
        claimed_until: opt_int(r, "claimed_until")?,
    })
}

impl Db<'_> {
    /// Adds a message, due at once. Called on the caller's transaction, so the message
    /// exists if and only if the change it belongs to commits.
    pub async fn enqueue_outbox(&mut self, m: &NewOutboxMessage<'_>) -> Result<()> {
        let mut inserts = self.inserts();
        inserts.outbox_messages(std::slice::from_ref(m));
        self.run(inserts).await
    }

    /// Claims up to `limit` due messages, of any tenant, for `worker` until
    /// `lease_until`, counting an attempt on each. Run it in a transaction of its own
    /// and commit before sending, so other workers see the claim.
    pub async fn claim_outbox(
        &mut self,
        backend: Backend,
        worker: &str,
        now: UnixTime,
        lease_until: UnixTime,
        limit: i64,
    ) -> Result<Vec<OutboxRecord>> {
        let sql = match backend {
            Backend::Postgres => CLAIM_POSTGRES,
            Backend::Sqlite => CLAIM_SQLITE,
        };
        let rows = sqlx::query(sql)
            .bind(worker)
            .bind(lease_until)
            .bind(now)
            .bind(limit)
            .fetch_all(&mut *self.conn)
            .await?;
        let mut claimed = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        // RETURNING gives rows in no promised order; deliver oldest first.
        claimed.sort_by_key(|m| (m.next_attempt_at, m.created_at));
        Ok(claimed)
    }

    /// Records that messages went out (a delivery wave's successes, in one statement),
    /// emptying their bodies. It counts even when a lease had run out and another worker holds the message
    /// now: the email was sent, and saying so keeps that worker from sending it again
    /// if it has not yet.
    pub async fn mark_outbox_sent_many(&mut self, ids: &[Uuid], now: UnixTime) -> Result<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let placeholders = (0..ids.len())
            .map(|i| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "UPDATE outbox SET status = 'sent', sent_at = $1, last_error = NULL, \
             claimed_by = NULL, claimed_until = NULL, text_body = '', html_body = NULL \
             WHERE id IN ({placeholders}) AND status <> 'sent'"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now);
        for id in ids {
            query = query.bind(id.to_string());
        }
        Ok(query.execute(&mut *self.conn).await?.rows_affected())
    }

    /// Records a failed attempt by `worker`: the message waits until `retry_at`, or is
    /// failed for good when that is `None`, its bodies emptied. Nothing changes when the worker no longer
    /// holds the message (its lease ran out and another worker took it over).
    pub async fn mark_outbox_failed(
        &mut self,
        tenant: TenantId,
        id: Uuid,
        worker: &str,
        error: &str,
        retry_at: Option<UnixTime>,
    ) -> Result<bool> {
        let status = match retry_at {
            Some(_) => OutboxStatus::Pending,
            None => OutboxStatus::Failed,
        };
        let done = sqlx::query(
            "UPDATE outbox SET status = $4, last_error = $5, next_attempt_at = COALESCE($6, next_attempt_at), \
             claimed_by = NULL, claimed_until = NULL, \
             text_body = CASE WHEN $4 = 'failed' THEN '' ELSE text_body END, \
             html_body = CASE WHEN $4 = 'failed' THEN NULL ELSE html_body END \
             WHERE tenant_id = $1 AND id = $2 AND claimed_by = $3 AND status = 'sending'",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(worker)
        .bind(status.as_str())
        .bind(error)
        .bind(retry_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Hands back messages `worker` claimed and did not send (not started when its node
    /// stopped, or the mail server could not be reached): pending again, due as they
    /// were, and the attempt the claim counted taken back, since none was made.
    /// Messages the worker no longer holds are left alone.
    pub async fn release_outbox_claims(&mut self, worker: &str, ids: &[Uuid]) -> Result<u64> {
        let mut released = 0;
        for chunk in ids.chunks(BULK_CHUNK) {
            let placeholders = (0..chunk.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "UPDATE outbox SET status = 'pending', attempts = attempts - 1, \
                 claimed_by = NULL, claimed_until = NULL \
                 WHERE claimed_by = $1 AND status = 'sending' AND id IN ({placeholders})"
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(worker);
            for id in chunk {
                query = query.bind(id.to_string());
            }
            released += query.execute(&mut *self.conn).await?.rows_affected();
        }
        Ok(released)
    }

    /// Hands back every message `worker` still holds, as [`Db::release_outbox_claims`]
    /// does: for a stopping node whose sends in flight were cut off.
    pub async fn release_all_outbox_claims(&mut self, worker: &str) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = attempts - 1, \
             claimed_by = NULL, claimed_until = NULL \
             WHERE claimed_by = $1 AND status = 'sending'",
        )
        .bind(worker)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected())
    }

    /// Makes the messages that earlier workers of this node (those whose names start
    /// with `node_prefix`, other than `worker`) left claimed due again at once: a
    /// node that starts again after a crash hands back its predecessor's claims
    /// rather than waiting for their leases. Their attempts stay counted: they may
    /// have gone out. `node_prefix` must hold no `%` or `_`, which `LIKE` would read
    /// as patterns.
    pub async fn release_node_outbox_claims(
        &mut self,
        node_prefix: &str,
        worker: &str,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_until = NULL \
             WHERE status = 'sending' AND claimed_by LIKE $1 AND claimed_by <> $2",
        )
        .bind(format!("{node_prefix}%"))
        .bind(worker)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected())
    }

    /// Extends the lease of every message `worker` holds to `lease_until`: the
    /// heartbeat of a worker still sending, so a slow mail server never lets another
    /// worker take over messages that are on the wire.
    pub async fn renew_outbox_claims(
        &mut self,
        worker: &str,
        lease_until: UnixTime,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE outbox SET claimed_until = $2 WHERE claimed_by = $1 AND status = 'sending'",
        )
        .bind(worker)
        .bind(lease_until)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected())
    }

    /// One message of a tenant.
    pub async fn outbox_message(
        &mut self,
        tenant: TenantId,
        id: Uuid,
    ) -> Result<Option<OutboxRecord>> {
        sqlx::query(concat!(
            "SELECT ",
            outbox_columns!(),
            " FROM outbox WHERE tenant_id = $1 AND id = $2"
        ))
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| record(&r))
        .transpose()
    }

    /// A tenant's messages, oldest first, all or those in one state.
    pub async fn list_outbox(
        &mut self,
        tenant: TenantId,
        status: Option<OutboxStatus>,
    ) -> Result<Vec<OutboxRecord>> {
        let rows = match status {
            None => {
                sqlx::query(concat!(
                    "SELECT ",
                    outbox_columns!(),
                    " FROM outbox WHERE tenant_id = $1 ORDER BY created_at, id"
                ))
                .bind(tenant.to_string())
                .fetch_all(&mut *self.conn)
                .await?
            }
            Some(status) => {
                sqlx::query(concat!(
                    "SELECT ",
                    outbox_columns!(),
                    " FROM outbox WHERE tenant_id = $1 AND status = $2 ORDER BY created_at, id"
                ))
                .bind(tenant.to_string())
                .bind(status.as_str())
                .fetch_all(&mut *self.conn)
                .await?
            }
        };
        rows.iter().map(record).collect()
    }

    /// Counts by state, retry-waiting messages, the oldest unsent message and the last
    /// send, in one pass over the table.
    pub async fn outbox_summary(&mut self) -> Result<OutboxSummary> {
        let rows = sqlx::query(
            "SELECT status, CAST(CASE WHEN attempts > 0 THEN 1 ELSE 0 END AS BIGINT) AS retried, COUNT(*) AS n, \
             MIN(created_at) AS oldest, MAX(sent_at) AS last_sent \
             FROM outbox GROUP BY status, CASE WHEN attempts > 0 THEN 1 ELSE 0 END",
        )
        .fetch_all(&mut *self.conn)
        .await?;
        let mut summary = OutboxSummary {
            counts: OutboxStatus::ALL.into_iter().map(|s| (s, 0)).collect(),
            ..OutboxSummary::default()
        };
        for row in &rows {
            let name = text(row, "status")?;
            let status = OutboxStatus::parse(&name)
                .ok_or_else(|| StoreError::Corrupt(format!("outbox status {name:?}")))?;
            let n = int(row, "n")?;
            if let Some(slot) = summary.counts.iter_mut().find(|(s, _)| *s == status) {
                slot.1 += n;
            }
            if status == OutboxStatus::Pending && int(row, "retried")? == 1 {
                summary.retry_waiting += n;
            }
            if matches!(status, OutboxStatus::Pending | OutboxStatus::Sending) {
                let oldest = opt_int(row, "oldest")?;
                summary.oldest_unsent = match (summary.oldest_unsent, oldest) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            if let Some(sent) = opt_int(row, "last_sent")? {
                summary.last_sent_at = Some(summary.last_sent_at.map_or(sent, |l| l.max(sent)));
            }
        }
        Ok(summary)
    }
}

/// The outbox of the whole deployment at a glance, for `/metrics`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutboxSummary {
    /// Messages in each state, every state listed (zero included).
    pub counts: Vec<(OutboxStatus, i64)>,
    /// Of the pending messages, those waiting to be retried after a failed attempt.
    pub retry_waiting: i64,
    /// When the oldest message not yet sent (pending or being sent) was queued.
    pub oldest_unsent: Option<UnixTime>,
    /// When a message last went out.
    pub last_sent_at: Option<UnixTime>,
}

impl crate::Inserts {
    /// Adds messages, due at once, as [`Db::enqueue_outbox`] does each, in multi-row
    /// `INSERT`s (a bulk invitation queues thousands on one transaction).
    pub fn outbox_messages(&mut self, messages: &[NewOutboxMessage<'_>]) {
        for chunk in messages.chunks(BULK_CHUNK) {
            let sql = format!(
                "INSERT INTO outbox (id, tenant_id, created_at, sender, recipients, subject, \
                 text_body, html_body, sealed, status, attempts, next_attempt_at) VALUES {}",
                values_list(self.sqlite, chunk.len(), 12)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for m in chunk {
                let recipients = to_json(&Recipients {
                    to: m.to.to_vec(),
                    cc: m.cc.to_vec(),
                });
                query = query
                    .bind(m.id.to_string())
                    .bind(m.tenant_id.to_string())
                    .bind(m.created_at)
                    .bind(m.sender)
                    .bind(recipients)
                    .bind(m.subject)
                    .bind(m.text_body)
                    .bind(m.html_body)
                    .bind(i64::from(m.sealed))
                    .bind(OutboxStatus::Pending.as_str())
                    .bind(0_i64)
                    .bind(m.created_at);
            }
            self.statements.push((query, Some("outbox message")));
        }
    }
}
