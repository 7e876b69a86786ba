//! `entente reviews`: Graph's access reviews through
//! `/v1.0/identityGovernance/accessReviews/definitions` (decision 0016): list and
//! show definitions, create one from a Graph body in a file, stop or delete one, and
//! for its occurrences (instances): list them, list their decisions, end one now and
//! apply its decisions. Reviewers decide on their page in My Apps; what a review may
//! name, and every refusal, is the server's.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use serde_json::Value;

use super::PageArgs;
use super::admin::{confirm, paging, show, show_list, text};
use super::client::segment;
use super::session::Session;
use super::table::fields;

const BASE: &str = "/v1.0/identityGovernance/accessReviews/definitions";

#[derive(Debug, Subcommand)]
pub enum ReviewsCommand {
    /// List access review definitions.
    List {
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show one definition.
    Get { id: String },
    /// Create a definition from a file holding its Graph body
    /// (accessReviewScheduleDefinition: displayName, scope, reviewers, settings).
    Create {
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// Stop a definition: no further occurrence starts, the one in progress ends.
    Stop { id: String },
    /// Delete a definition with its occurrences and decisions.
    Delete { id: String },
    /// List a definition's occurrences (instances).
    Instances {
        id: String,
        #[command(flatten)]
        page: PageArgs,
    },
    /// List an occurrence's decisions.
    Decisions {
        id: String,
        instance: String,
        /// An OData filter: `decision eq 'Deny'`.
        #[arg(long, value_name = "EXPR")]
        filter: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// End an occurrence now (the default decision for what nobody decided).
    End { id: String, instance: String },
    /// Apply an ended occurrence's decisions.
    Apply { id: String, instance: String },
}

fn definition_path(id: &str) -> String {
    format!("{BASE}/{}", segment(id))
}

fn instance_path(id: &str, instance: &str) -> String {
    format!("{}/instances/{}", definition_path(id), segment(instance))
}

pub async fn reviews(session: &Session, command: ReviewsCommand) -> anyhow::Result<()> {
    let api = session.api().await?;
    let output = session.output;
    match command {
        ReviewsCommand::List { page } => {
            let list = api.list(BASE, &paging(None, page)).await?;
            show_list(
                output,
                &list,
                &["id", "display name", "status", "scope"],
                |r| {
                    vec![
                        text(r, &["id"]),
                        text(r, &["displayName"]),
                        text(r, &["status"]),
                        text(r, &["scope", "query"]),
                    ]
                },
            )
        }
        ReviewsCommand::Get { id } => {
            let review = api.get(&definition_path(&id)).await?;
            show(output, &review, definition_fields)
        }
        ReviewsCommand::Create { file } => {
            let raw = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let body: Value = serde_json::from_str(&raw)
                .with_context(|| format!("{} is not JSON", file.display()))?;
            let made = api.post(BASE, body).await?;
            show(output, &made, definition_fields)
        }
        ReviewsCommand::Stop { id } => {
            api.post(&format!("{}/stop", definition_path(&id)), Value::Null)
                .await?;
            confirm(output, &format!("Stopped access review {id}."));
            Ok(())
        }
        ReviewsCommand::Delete { id } => {
            api.delete(&definition_path(&id)).await?;
            confirm(output, &format!("Deleted access review {id}."));
            Ok(())
        }
        ReviewsCommand::Instances { id, page } => {
            let path = format!("{}/instances", definition_path(&id));
            let list = api.list(&path, &paging(None, page)).await?;
            show_list(output, &list, &["id", "start", "end", "status"], |i| {
                vec![
                    text(i, &["id"]),
                    text(i, &["startDateTime"]),
                    text(i, &["endDateTime"]),
                    text(i, &["status"]),
                ]
            })
        }
        ReviewsCommand::Decisions {
            id,
            instance,
            filter,
            page,
        } => {
            let path = format!("{}/decisions", instance_path(&id, &instance));
            let list = api.list(&path, &paging(filter, page)).await?;
            show_list(
                output,
                &list,
                &[
                    "id",
                    "person",
                    "recommendation",
                    "decision",
                    "decided by",
                    "reason",
                    "applied",
                ],
                |d| {
                    vec![
                        text(d, &["id"]),
                        text(d, &["principal", "userPrincipalName"]),
                        text(d, &["recommendation"]),
                        text(d, &["decision"]),
                        text(d, &["reviewedBy", "displayName"]),
                        text(d, &["justification"]),
                        text(d, &["applyResult"]),
                    ]
                },
            )
        }
        ReviewsCommand::End { id, instance } => {
            api.post(
                &format!("{}/stop", instance_path(&id, &instance)),
                Value::Null,
            )
            .await?;
            confirm(output, &format!("Ended occurrence {instance}."));
            Ok(())
        }
        ReviewsCommand::Apply { id, instance } => {
            api.post(
                &format!("{}/applyDecisions", instance_path(&id, &instance)),
                Value::Null,
            )
            .await?;
            confirm(
                output,
                &format!("Applied the decisions of occurrence {instance}."),
            );
            Ok(())
        }
    }
}

fn definition_fields(r: &Value) -> String {
    fields(&[
        ("Id", text(r, &["id"])),
        ("Display name", text(r, &["displayName"])),
        ("Status", text(r, &["status"])),
        ("Scope", text(r, &["scope", "query"])),
        (
            "Reviewers",
            super::admin::array(r, &["reviewers"])
                .iter()
                .map(|v| text(v, &["query"]))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (
            "Days each",
            text(r, &["settings", "instanceDurationInDays"]),
        ),
        (
            "Recurrence",
            text(r, &["settings", "recurrence", "pattern", "type"]),
        ),
        ("Created", text(r, &["createdDateTime"])),
    ])
}
