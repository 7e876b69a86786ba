//! Bulk invitation in two steps: an uploaded file becomes a stored preview with every
//! row's outcome; confirming it invites every valid row in one transaction and keeps
//! the per-row result for download.
//!
//! The preview finds what the file's application and group cells name
//! ([`super::preview`]), shows each row's display name and language, and warns of
//! rows that can be invited but may not be redeemable (a copy to another address).
//!
//! The preview is checked again at confirmation, inside the transaction that invites:
//! a group deleted or a member added in between turns that row into an error rather
//! than a half-made invitation.

use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use entente_model::{BatchId, UnixTime};
use entente_storage::{BatchRecord, Inserts};
use serde::{Deserialize, Serialize};

use super::bulk::Writes;
use super::csv_import::{ImportError, InvitationRow, RowError, Separator, parse_invitation_file};
use super::csv_report::{ReportLine, write_report};
use super::invite::{Context, GuestInviter, InviteOptions, decide_invite};
use super::preview::{Names, cc_warnings};
use crate::{DomainError, Services};

/// How long a preview waits for confirmation.
pub const PREVIEW_LIFETIME: i64 = 24 * 3600;

/// Invitations a confirmation gathers before writing them (and their emails) out.
const FLUSH_ROWS: usize = 500;

/// One row's problem, with its stable code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub code: String,
    pub message: String,
}

/// One input row as the preview shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: u64,
    pub email: String,
    /// The `DisplayName` cell as written (empty in previews stored before it was kept).
    #[serde(default)]
    pub display_name: String,
    /// The language tag the row asks for, as written; empty means English.
    #[serde(default)]
    pub language: String,
    /// The checked row, when it can be invited.
    pub row: Option<InvitationRow>,
    pub errors: Vec<Problem>,
    /// What may go wrong later with a row that can be invited
    /// ([`super::preview::code::CC_BLOCKS_SIGN_UP`]).
    #[serde(default)]
    pub warnings: Vec<Problem>,
}

/// An uploaded file, checked against the directory, awaiting confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// `,` or `;`: the result file uses the upload's.
    pub separator: String,
    pub rows: Vec<PreviewRow>,
}

/// One input row's outcome once confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultRow {
    pub line: u64,
    pub email: String,
    /// `invited` or `error`.
    pub status: String,
    pub invitation_id: Option<String>,
    pub user_id: Option<String>,
    pub errors: Vec<Problem>,
    /// The preview's warnings of the row, kept for the result file.
    #[serde(default)]
    pub warnings: Vec<Problem>,
}

/// A batch as the API shows it.
#[derive(Clone, Debug)]
pub struct Batch {
    pub id: BatchId,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    /// `preview`, `confirming` (on the node doing it) or `completed`.
    pub status: String,
    /// Input rows the confirmation has gone through: all of them once completed,
    /// none in a preview.
    pub processed_rows: usize,
    pub preview: Preview,
    pub result: Option<Vec<ResultRow>>,
}

impl Batch {
    fn from_record(record: BatchRecord) -> Result<Batch, DomainError> {
        let preview: Preview = serde_json::from_str(&record.preview)
            .map_err(|e| DomainError::internal(format!("batch preview: {e}")))?;
        let result = record
            .result
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|e| DomainError::internal(format!("batch result: {e}")))?;
        let processed_rows = if result.is_some() {
            preview.rows.len()
        } else {
            0
        };
        Ok(Batch {
            id: record.id,
            created_at: record.created_at,
            expires_at: record.expires_at,
            status: record.status,
            processed_rows,
            preview,
            result,
        })
    }

    /// The downloadable result: one line per input row, in the upload's separator.
    /// Before confirmation it reports the preview's outcomes.
    pub fn report_csv(&self) -> String {
        let separator = if self.preview.separator == ";" {
            Separator::Semicolon
        } else {
            Separator::Comma
        };
        let messages: Vec<(u64, &str, &str, String)> = match &self.result {
            Some(rows) => rows
                .iter()
                .map(|r| {
                    (
                        r.line,
                        r.email.as_str(),
                        r.status.as_str(),
                        joined(&r.errors, &r.warnings),
                    )
                })
                .collect(),
            None => self
                .preview
                .rows
                .iter()
                .map(|r| {
                    let status = if r.errors.is_empty() { "ok" } else { "error" };
                    (
                        r.line,
                        r.email.as_str(),
                        status,
                        joined(&r.errors, &r.warnings),
                    )
                })
                .collect(),
        };
        write_report(
            separator,
            messages
                .iter()
                .map(|(line, email, status, message)| ReportLine {
                    line: *line,
                    email,
                    status,
                    message,
                }),
        )
    }
}

/// A row's problems, then its warnings (marked as such), as one cell.
fn joined(problems: &[Problem], warnings: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.code, p.message))
        .chain(
            warnings
                .iter()
                .map(|w| format!("warning {}: {}", w.code, w.message)),
        )
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why an upload was refused as a whole.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error(transparent)]
    File(#[from] ImportError),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

/// Reads an uploaded file, checks every row against the file's rules and the
/// directory, and stores the preview.
pub async fn upload(
    services: &Services,
    inviter: &GuestInviter,
    file: impl Read,
    now: UnixTime,
) -> Result<Batch, UploadError> {
    let mut imported = parse_invitation_file(file)?;
    let mut conn = services.store.read().await.map_err(DomainError::from)?;
    // Names and client ids become ids first, so that the invitation's checks see
    // every group and application the row means.
    let names = Names::load(&mut conn.db(), inviter, &imported.rows).await?;
    let mut unresolved: Vec<Vec<RowError>> = Vec::with_capacity(imported.rows.len());
    for outcome in &mut imported.rows {
        unresolved.push(match &mut outcome.result {
            Ok(row) => names.resolve(&outcome.references, row),
            Err(_) => Vec::new(),
        });
    }
    let valid: Vec<InvitationRow> = imported
        .rows
        .iter()
        .filter_map(|r| r.result.as_ref().ok().cloned())
        .collect();
    let context = Context::load(services, &mut conn.db(), inviter, &valid, now).await?;
    let problems = |errors: Vec<RowError>| -> Vec<Problem> {
        errors
            .into_iter()
            .map(|e| Problem {
                code: e.code.to_owned(),
                message: e.message,
            })
            .collect()
    };
    let mut rows: Vec<PreviewRow> = imported
        .rows
        .into_iter()
        .zip(unresolved)
        .map(|(outcome, mut errors)| {
            let row = match outcome.result {
                Ok(row) => {
                    errors.extend(context.check(&row));
                    errors.is_empty().then_some(row)
                }
                Err(found) => {
                    errors.extend(found);
                    None
                }
            };
            PreviewRow {
                line: outcome.line,
                email: outcome.email,
                display_name: outcome.display_name,
                language: outcome.language,
                row,
                errors: problems(errors),
                warnings: Vec::new(),
            }
        })
        .collect();
    let ready: Vec<&InvitationRow> = rows.iter().filter_map(|r| r.row.as_ref()).collect();
    let warnings = cc_warnings(&mut conn.db(), inviter, &ready).await?;
    drop(conn);
    for (preview_row, warning) in rows.iter_mut().filter(|r| r.row.is_some()).zip(warnings) {
        preview_row.warnings = problems(warning.into_iter().collect());
    }
    let preview = Preview {
        separator: char::from(imported.separator.as_byte()).to_string(),
        rows,
    };
    let record = BatchRecord {
        id: BatchId::new_id(),
        tenant_id: inviter.tenant,
        created_by: inviter.actor.clone(),
        created_at: now,
        expires_at: now + PREVIEW_LIFETIME,
        status: "preview".to_owned(),
        preview: serde_json::to_string(&preview)
            .map_err(|e| DomainError::internal(format!("batch preview: {e}")))?,
        result: None,
        completed_at: None,
    };
    let mut tx = services.store.write().await.map_err(DomainError::from)?;
    tx.db()
        .insert_batch(&record)
        .await
        .map_err(DomainError::from)?;
    tx.commit().await.map_err(DomainError::from)?;
    Ok(Batch::from_record(record)?)
}

/// A batch of the inviter's tenant.
pub async fn get(
    services: &Services,
    inviter: &GuestInviter,
    id: BatchId,
) -> Result<Batch, DomainError> {
    let mut conn = services.store.read().await?;
    let record = conn
        .db()
        .batch(inviter.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mut batch = Batch::from_record(record)?;
    if batch.status == "preview"
        && let Some(done) = services.confirm_progress.rows_done(id)
    {
        batch.status = "confirming".to_owned();
        batch.processed_rows = done;
    }
    Ok(batch)
}

/// Invites every valid row of a preview in one transaction, with emails, and records
/// each row's outcome.
pub async fn confirm(
    services: &Services,
    inviter: &GuestInviter,
    id: BatchId,
    now: UnixTime,
) -> Result<Batch, DomainError> {
    let mut tx = services.store.write().await?;
    let record = tx
        .db()
        .batch(inviter.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    if record.status != "preview" {
        return Err(DomainError::Conflict(
            "the upload was confirmed already".into(),
        ));
    }
    if record.expires_at <= now {
        return Err(DomainError::invalid(
            "the preview has expired; upload the file again",
        ));
    }
    let mut batch = Batch::from_record(record)?;
    let progress = services.confirm_progress.track(id);
    let valid: Vec<InvitationRow> = batch
        .preview
        .rows
        .iter()
        .filter_map(|r| r.row.clone())
        .collect();
    let context = Context::load(services, &mut tx.db(), inviter, &valid, now).await?;
    let options = InviteOptions { send_message: true };
    let mut results = Vec::with_capacity(batch.preview.rows.len());
    let mut queued = false;
    // The rows' writes go out in multi-row statements, FLUSH_ROWS rows at a time.
    // While the database runs one chunk's statements, the next chunk is decided and
    // its statements built, on the other core.
    let mut built: Option<Inserts> = None;
    for chunk in batch.preview.rows.chunks(FLUSH_ROWS) {
        let fresh = tx.db().inserts();
        let decided = decide_chunk(services, &context, inviter, chunk, options, now, fresh);
        let (chunk_results, inserts, chunk_queued) = match built.take() {
            Some(previous) => {
                let written = results.len();
                let mut db = tx.db();
                let (ran, decided) = tokio::join!(db.run(previous), decided);
                ran?;
                progress.reached(written);
                decided?
            }
            None => decided.await?,
        };
        queued |= chunk_queued;
        results.extend(chunk_results);
        built = Some(inserts);
    }
    if let Some(last) = built {
        tx.db().run(last).await?;
    }
    progress.reached(results.len());
    let result_json = serde_json::to_string(&results)
        .map_err(|e| DomainError::internal(format!("batch result: {e}")))?;
    if !tx
        .db()
        .complete_batch(inviter.tenant, id, &result_json, now)
        .await?
    {
        return Err(DomainError::Conflict(
            "the upload was confirmed already".into(),
        ));
    }
    tx.commit().await?;
    if queued {
        services.wake_mail_delivery();
    }
    // A file can add thousands of rows at once; planner statistics that still describe
    // the smaller directory make the next lookups scan (PostgreSQL without autovacuum
    // walked every user of the tenant). They are refreshed now, off the request path.
    let store = services.store.clone();
    tokio::spawn(async move {
        if let Err(e) = store.optimize().await {
            tracing::warn!(error = %e, "refreshing planner statistics after a bulk invitation failed");
        }
    });
    batch.status = "completed".to_owned();
    batch.processed_rows = results.len();
    batch.result = Some(results);
    Ok(batch)
}

/// Rows decided between two yields to the runtime, so that the previous chunk's
/// statements, joined with [`decide_chunk`], go on running in the meantime.
const YIELD_ROWS: usize = 50;

/// Decides a chunk of a preview's rows and builds their writes into `inserts`;
/// returns each row's result and whether an email was queued.
async fn decide_chunk(
    services: &Services,
    context: &Context,
    inviter: &GuestInviter,
    rows: &[PreviewRow],
    options: InviteOptions,
    now: UnixTime,
    inserts: Inserts,
) -> Result<(Vec<ResultRow>, Inserts, bool), DomainError> {
    let mut writes = Writes::default();
    let mut results = Vec::with_capacity(rows.len());
    let mut queued = false;
    for (n, preview_row) in rows.iter().enumerate() {
        if n % YIELD_ROWS == YIELD_ROWS - 1 {
            tokio::task::yield_now().await;
        }
        let mut result = ResultRow {
            line: preview_row.line,
            email: preview_row.email.clone(),
            status: "error".to_owned(),
            invitation_id: None,
            user_id: None,
            errors: preview_row.errors.clone(),
            warnings: preview_row.warnings.clone(),
        };
        if let Some(row) = &preview_row.row {
            match decide_invite(services, context, inviter, row, options, now, &mut writes)? {
                Ok(made) => {
                    queued |= made.email_queued;
                    result.status = "invited".to_owned();
                    result.invitation_id = Some(made.invited.invitation.id.to_string());
                    result.user_id = Some(made.invited.guest.id.to_string());
                }
                Err(error) => result.errors.push(Problem {
                    code: error.code.to_owned(),
                    message: error.message,
                }),
            }
        }
        results.push(result);
    }
    tokio::task::yield_now().await;
    Ok((
        results,
        writes.build(inserts, inviter, context.actor_name.as_deref(), now),
        queued,
    ))
}

/// How far the confirmations running on this node have got, by batch: what progress
/// bars show while a large file is invited. A hint, never a record: a confirmation on
/// another node is not here, and rows counted here are only committed when the whole
/// confirmation commits.
#[derive(Clone, Debug, Default)]
pub struct ConfirmProgress {
    running: Arc<Mutex<HashMap<BatchId, Arc<AtomicUsize>>>>,
}

impl ConfirmProgress {
    /// Rows done so far by the confirmation of `id` running on this node, if one is.
    pub fn rows_done(&self, id: BatchId) -> Option<usize> {
        self.running
            .lock()
            .ok()?
            .get(&id)
            .map(|count| count.load(Ordering::Relaxed))
    }

    fn track(&self, id: BatchId) -> Tracked {
        let count = Arc::new(AtomicUsize::new(0));
        if let Ok(mut running) = self.running.lock() {
            running.insert(id, count.clone());
        }
        Tracked {
            progress: self.clone(),
            id,
            count,
        }
    }
}

/// One running confirmation's counter; it leaves the map when the confirmation
/// ends, however it ends.
struct Tracked {
    progress: ConfirmProgress,
    id: BatchId,
    count: Arc<AtomicUsize>,
}

impl Tracked {
    /// The first `rows` input rows have gone to the database (uncommitted yet).
    fn reached(&self, rows: usize) {
        self.count.store(rows, Ordering::Relaxed);
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        if let Ok(mut running) = self.progress.running.lock() {
            // Only this confirmation's own counter: a second attempt at the same
            // batch may have replaced it.
            if running
                .get(&self.id)
                .is_some_and(|count| Arc::ptr_eq(count, &self.count))
            {
                running.remove(&self.id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_confirmation_is_followed_while_it_runs_and_forgotten_when_it_ends() {
        let progress = ConfirmProgress::default();
        let id = BatchId::new_id();
        assert_eq!(progress.rows_done(id), None);
        let running = progress.track(id);
        assert_eq!(progress.rows_done(id), Some(0));
        running.reached(500);
        assert_eq!(progress.rows_done(id), Some(500));
        drop(running);
        assert_eq!(progress.rows_done(id), None, "gone once it ends");
    }

    #[test]
    fn an_earlier_attempt_ending_late_leaves_the_newer_attempt_followed() {
        let progress = ConfirmProgress::default();
        let id = BatchId::new_id();
        let first = progress.track(id);
        let second = progress.track(id);
        second.reached(7);
        drop(first);
        assert_eq!(progress.rows_done(id), Some(7));
        drop(second);
        assert_eq!(progress.rows_done(id), None);
    }
}
