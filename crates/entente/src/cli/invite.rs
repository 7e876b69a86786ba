//! `entente invite`: one partner user by address, or many from a CSV file through
//! the bulk API's two steps (upload for a preview, then confirm).
//!
//! The preview's errors are printed before anything is invited; the admin confirms
//! on a terminal, or with `--yes` in a script (without a terminal and without
//! `--yes` the command refuses rather than guess). A spinner shows while the file
//! uploads and a bar of the rows done while the server invites them; at the end comes the per-row report (a table, or the API's JSON with
//! `--output json`) and, when asked, the server's result file. No rule about who may
//! invite whom lives here: the server decides.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};

use super::client::{ApiClient, segment};
use super::session::{Session, print_json};
use super::table::{Table, fields};
use super::{InviteArgs, Output, UsageError};

pub async fn invite(session: &Session, args: InviteArgs) -> anyhow::Result<()> {
    match (&args.csv, &args.email) {
        (Some(file), _) => invite_file(session, file, &args).await,
        (None, Some(email)) => invite_one(session, email, &args).await,
        (None, None) => Err(UsageError("name an address to invite, or --csv FILE".into()).into()),
    }
}

async fn invite_one(session: &Session, email: &str, args: &InviteArgs) -> anyhow::Result<()> {
    let api = session.api().await?;
    let mut body = json!({
        "invitedUserEmailAddress": email,
        "sendInvitationMessage": !args.no_send,
    });
    if args.language.is_some() || args.message.is_some() {
        let mut info = json!({});
        if let Some(language) = &args.language {
            info["messageLanguage"] = json!(language);
        }
        if let Some(message) = &args.message {
            info["customizedMessageBody"] = json!(message);
        }
        body["invitedUserMessageInfo"] = info;
    }
    if let Some(name) = &args.name {
        body["invitedUserDisplayName"] = json!(name);
    }
    if let Some(redirect) = &args.redirect {
        body["inviteRedirectUrl"] = json!(redirect);
    }
    let invited = api.post("/v1.0/invitations", body).await?;
    match session.output {
        Output::Json => print_json(&invited),
        Output::Table => {
            print!(
                "{}",
                fields(&[
                    ("Invitation", text(&invited, "/id")),
                    ("Guest", text(&invited, "/invitedUser/id")),
                    (
                        "Principal name",
                        text(&invited, "/invitedUser/userPrincipalName")
                    ),
                    ("Status", text(&invited, "/status")),
                    ("Email sent", text(&invited, "/sendInvitationMessage")),
                    ("Redemption link", text(&invited, "/inviteRedeemUrl")),
                ])
            );
            Ok(())
        }
    }
}

async fn invite_file(session: &Session, file: &Path, args: &InviteArgs) -> anyhow::Result<()> {
    let contents = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let api = session.api().await?;

    let uploading = spinner(format!("Uploading {}", file.display()));
    let preview = api.post_csv("/v1.0/invitations/bulk", contents).await;
    uploading.finish_and_clear();
    let preview = preview?;
    let batch = text(&preview, "/id");
    let valid = count(&preview, "validRows");
    let errors = count(&preview, "errorRows");
    print_preview_errors(&preview);
    eprintln!(
        "{} row(s) read: {valid} ready to invite, {errors} with errors.",
        count(&preview, "totalRows")
    );
    if valid == 0 {
        anyhow::bail!(
            "no row of {} can be invited; nothing was done",
            file.display()
        );
    }
    if !args.yes {
        confirmed(valid)?;
    }

    let done = confirm_with_progress(&api, &batch, count(&preview, "totalRows"), valid).await?;
    if let Some(path) = &args.result {
        save_result(&api, &batch, path).await?;
    }
    match session.output {
        Output::Json => print_json(&done)?,
        Output::Table => print!("{}", report_table(&done)),
    }
    eprintln!(
        "Invited {} of {} row(s); {} row(s) with errors.",
        count(&done, "invitedRows"),
        count(&done, "totalRows"),
        count(&done, "errorRows")
    );
    Ok(())
}

/// Confirms the batch, drawing a bar of the rows the server has gone through: the
/// batch is read again every few tenths of a second while the confirmation runs. The
/// bar is a hint; the confirmation's own answer is what counts.
async fn confirm_with_progress(
    api: &ApiClient,
    batch: &str,
    total_rows: u64,
    valid: u64,
) -> anyhow::Result<Value> {
    let bar = ProgressBar::new(total_rows);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} rows {elapsed}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(format!("Inviting {valid} guest(s)"));
    bar.enable_steady_tick(Duration::from_millis(100));
    let confirm_path = format!("/v1.0/invitations/bulk/{}/confirm", segment(batch));
    let batch_path = format!("/v1.0/invitations/bulk/{}", segment(batch));
    let confirming = api.post(&confirm_path, Value::Null);
    tokio::pin!(confirming);
    let mut poll = tokio::time::interval(Duration::from_millis(250));
    let done = loop {
        tokio::select! {
            done = &mut confirming => break done,
            _ = poll.tick() => {
                // A failed look is no reason to stop: the confirmation goes on.
                if let Ok(now) = api.get(&batch_path).await
                    && now["status"] == "confirming"
                {
                    bar.set_position(count(&now, "processedRows"));
                }
            }
        }
    };
    if done.is_ok() {
        bar.set_position(total_rows);
    }
    bar.finish_and_clear();
    done
}

/// Asks on the terminal; refuses when there is none to ask on.
fn confirmed(valid: u64) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(UsageError(format!(
            "not confirmed: standard input is not a terminal to ask on; run again with \
             --yes to invite the {valid} valid row(s)"
        ))
        .into());
    }
    eprint!("Invite {valid} guest(s)? [y/N] ");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        anyhow::bail!("cancelled; nothing was invited")
    }
}

async fn save_result(api: &ApiClient, batch: &str, path: &PathBuf) -> anyhow::Result<()> {
    let report = api
        .get_text(&format!("/v1.0/invitations/bulk/{}/result", segment(batch)))
        .await?;
    std::fs::write(path, report).with_context(|| format!("writing {}", path.display()))?;
    eprintln!("Result file saved to {}.", path.display());
    Ok(())
}

/// The rows the server refused, one line each, on stderr (stdout stays for the report).
fn print_preview_errors(preview: &Value) {
    let rows = preview["rows"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    for row in rows.iter().filter(|r| r["status"] == "error") {
        eprintln!(
            "line {}: {}: {}",
            row["line"],
            row["email"].as_str().unwrap_or(""),
            problems(row)
        );
    }
}

/// The per-row report: every input row with its outcome.
fn report_table(done: &Value) -> String {
    let mut table = Table::new(&["line", "email", "status", "guest", "details"]);
    for row in done["rows"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
        table.row(vec![
            row["line"].to_string(),
            text(row, "/email"),
            text(row, "/status"),
            text(row, "/invitedUserId"),
            problems(row),
        ]);
    }
    table.render()
}

fn problems(row: &Value) -> String {
    row["errors"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e["code"].as_str().unwrap_or(""),
                e["message"].as_str().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A spinner on stderr; indicatif draws nothing when stderr is not a terminal.
fn spinner(message: String) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
        bar.set_style(style);
    }
    bar.set_message(message);
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

fn count(value: &Value, field: &str) -> u64 {
    value[field].as_u64().unwrap_or(0)
}

fn text(value: &Value, pointer: &str) -> String {
    match value.pointer(pointer) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}
