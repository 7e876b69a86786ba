//! Inviting partners from the portal: one address through a form, or a CSV file in
//! the bulk API's two steps (upload for a preview, confirm to invite), with live
//! progress while a confirmation runs and the per-row result file to download.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::invitations::Language;
use entente_domain::invitations::batch::{self, Batch, UploadError};
use entente_domain::invitations::csv_import::{SingleInvitation, check_single};
use entente_domain::invitations::invite::{InviteOptions, guest_inviter, invite};
use entente_model::BatchId;
use serde::Deserialize;
use serde_json::json;

use super::{Admin, AdminPage, AdminPost, CsrfForm, Gate, Nav, admin, csv_download, parse_id};
use crate::AppState;
use crate::error::PageError;
use crate::now;
use crate::pages::{check_csrf, page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/invite", get(show).post(invite_one))
        .route("/{tenant}/admin/invite/sample.csv", get(sample_file))
        .route("/{tenant}/admin/invite/bulk", post(upload))
        .route("/{tenant}/admin/invite/bulk/{id}", get(show_batch))
        .route("/{tenant}/admin/invite/bulk/{id}/confirm", post(confirm))
        .route("/{tenant}/admin/invite/bulk/{id}/progress", get(progress))
        .route(
            "/{tenant}/admin/invite/bulk/{id}/result.csv",
            get(result_file),
        )
}

/// A sample file with every column the upload reads, two rows filled in.
const SAMPLE_CSV: &str = "Email,DisplayName,InvitationText,InvitedToApplications,InvitedToGroups,InviteRedirectURL,CcEmailAddress,Language\r\n\
alice@fabrikam.com,Alice Ahlberg,Welcome to the Contoso project space.,,,,,en\r\n\
bert@northwind.example,Bert Bakker,,,,https://apps.contoso.com/start,,nl\r\n";

#[derive(Template)]
#[template(path = "admin/invite.html")]
struct InvitePage<'a> {
    nav: Nav,
    languages: Vec<&'static str>,
    form: &'a InviteForm,
    /// The problems with the single invitation just submitted.
    error: Option<String>,
    /// The problem with the file just uploaded (the whole file was refused).
    file_error: Option<String>,
    invited: Option<InvitedSummary>,
}

struct InvitedSummary {
    email: String,
    guest_id: String,
    principal_name: String,
    redeem_url: String,
    emailed: bool,
}

#[derive(Deserialize, Default)]
struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    redirect_url: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    language: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    send: Option<String>,
}

fn invite_page(
    admin: &Admin,
    status: StatusCode,
    form: &InviteForm,
    error: Option<String>,
    file_error: Option<String>,
    invited: Option<InvitedSummary>,
) -> Response {
    admin.respond(page(
        status,
        &InvitePage {
            nav: admin.nav("invite"),
            languages: Language::ALL.iter().map(|l| l.as_str()).collect(),
            form,
            error,
            file_error,
            invited,
        },
    ))
}

async fn show(
    State(state): State<AppState>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    guest_inviter(&state.services, &admin.caller).await?;
    let form = InviteForm {
        send: Some("on".into()),
        language: "en".into(),
        ..InviteForm::default()
    };
    Ok(invite_page(&admin, StatusCode::OK, &form, None, None, None))
}

async fn invite_one(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<InviteForm>,
) -> Result<Response, Gate> {
    let inviter = guest_inviter(&state.services, &admin.caller).await?;
    let fields = SingleInvitation {
        email: &form.email,
        display_name: &form.display_name,
        invitation_text: &form.message,
        redirect_url: &form.redirect_url,
        cc_email: "",
        language: &form.language,
        contact_url: "",
    };
    let row = match check_single(&fields) {
        Ok(row) => row,
        Err(problems) => {
            let message = problems
                .into_iter()
                .map(|p| p.message)
                .collect::<Vec<_>>()
                .join(" ");
            return Ok(invite_page(
                &admin,
                StatusCode::BAD_REQUEST,
                &form,
                Some(message),
                None,
                None,
            ));
        }
    };
    let options = InviteOptions {
        send_message: form.send.is_some(),
    };
    match invite(&state.services, &inviter, row, options, now()).await {
        Ok(invited) => {
            let summary = InvitedSummary {
                email: invited.invitation.invited_email.clone(),
                guest_id: invited.guest.id.to_string(),
                principal_name: invited.guest.user_principal_name.clone(),
                redeem_url: invited.redeem_url.clone().unwrap_or_default(),
                emailed: invited.invitation.send_message,
            };
            let fresh = InviteForm {
                send: form.send.clone(),
                language: form.language.clone(),
                ..InviteForm::default()
            };
            Ok(invite_page(
                &admin,
                StatusCode::OK,
                &fresh,
                None,
                None,
                Some(summary),
            ))
        }
        Err(entente_domain::DomainError::Invalid(message))
        | Err(entente_domain::DomainError::Conflict(message)) => Ok(invite_page(
            &admin,
            StatusCode::BAD_REQUEST,
            &form,
            Some(message),
            None,
            None,
        )),
        Err(other) => Err(other.into()),
    }
}

async fn sample_file(
    State(state): State<AppState>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    guest_inviter(&state.services, &admin.caller).await?;
    Ok(csv_download(
        "entente-invitations-sample.csv",
        SAMPLE_CSV.to_owned(),
    ))
}

/// The upload form's two parts: the CSRF token and the file.
struct UploadForm {
    csrf: String,
    file: Bytes,
}

impl FromRequest<AppState> for UploadForm {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, PageError> {
        let bad = |message: String| {
            PageError::said(StatusCode::BAD_REQUEST, |t| t.invalid_title, message)
        };
        let mut multipart = Multipart::from_request(request, state)
            .await
            .map_err(|e| bad(e.body_text()))?;
        let (mut csrf, mut file) = (String::new(), None);
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| bad(e.body_text()))?
        {
            match field.name() {
                Some("csrf") => csrf = field.text().await.map_err(|e| bad(e.body_text()))?,
                Some("file") => file = Some(field.bytes().await.map_err(|e| bad(e.body_text()))?),
                _ => {}
            }
        }
        let file = file.ok_or_else(|| bad("Choose a CSV file to upload.".to_owned()))?;
        Ok(UploadForm { csrf, file })
    }
}

async fn upload(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    form: UploadForm,
) -> Result<Response, Gate> {
    check_csrf(&state, &headers, &form.csrf)?;
    let admin = admin(
        &state,
        &tenant,
        &headers,
        &format!("/{tenant}/admin/invite"),
    )
    .await?;
    let inviter = guest_inviter(&state.services, &admin.caller).await?;
    match batch::upload(&state.services, &inviter, form.file.as_ref(), now()).await {
        Ok(batch) => {
            let target = admin.path(&format!("/invite/bulk/{}", batch.id));
            Ok(Redirect::to(&target).into_response())
        }
        Err(UploadError::File(error)) => {
            let form = InviteForm {
                send: Some("on".into()),
                language: "en".into(),
                ..InviteForm::default()
            };
            Ok(invite_page(
                &admin,
                StatusCode::BAD_REQUEST,
                &form,
                None,
                Some(error.to_string()),
                None,
            ))
        }
        Err(UploadError::Domain(error)) => Err(error.into()),
    }
}

#[derive(Template)]
#[template(path = "admin/bulk.html")]
struct BatchPage {
    nav: Nav,
    status: String,
    total: usize,
    valid: usize,
    invited: usize,
    errors: usize,
    processed: usize,
    rows: Vec<BatchRow>,
    confirm_action: String,
    progress_url: String,
    result_url: String,
}

struct BatchRow {
    line: u64,
    email: String,
    /// `ok`, `invited` or `error`.
    status: String,
    guest_id: Option<String>,
    problems: String,
}

fn problems_text(problems: &[batch::Problem]) -> String {
    problems
        .iter()
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn batch_page(admin: &Admin, batch: &Batch) -> BatchPage {
    let rows: Vec<BatchRow> = match &batch.result {
        Some(result) => result
            .iter()
            .map(|r| BatchRow {
                line: r.line,
                email: r.email.clone(),
                status: r.status.clone(),
                guest_id: r.user_id.clone(),
                problems: problems_text(&r.errors),
            })
            .collect(),
        None => batch
            .preview
            .rows
            .iter()
            .map(|r| BatchRow {
                line: r.line,
                email: r.email.clone(),
                status: if r.errors.is_empty() { "ok" } else { "error" }.to_owned(),
                guest_id: None,
                problems: problems_text(&r.errors),
            })
            .collect(),
    };
    let count = |status: &str| rows.iter().filter(|r| r.status == status).count();
    let base = admin.path(&format!("/invite/bulk/{}", batch.id));
    BatchPage {
        nav: admin.nav("invite"),
        status: batch.status.clone(),
        total: rows.len(),
        valid: count("ok"),
        invited: count("invited"),
        errors: count("error"),
        processed: batch.processed_rows,
        confirm_action: format!("{base}/confirm"),
        progress_url: format!("{base}/progress"),
        result_url: format!("{base}/result.csv"),
        rows,
    }
}

async fn show_batch(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let inviter = guest_inviter(&state.services, &admin.caller).await?;
    let batch = batch::get(&state.services, &inviter, parse_id::<BatchId>(&id)?).await?;
    Ok(admin.respond(page(StatusCode::OK, &batch_page(&admin, &batch))))
}

/// Invites every valid row, then shows the result (a redirect to the batch page, so
/// reloading it does not submit again).
async fn confirm(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, .. }: AdminPost<CsrfForm>,
) -> Result<Response, Gate> {
    let inviter = guest_inviter(&state.services, &admin.caller).await?;
    let batch = batch::confirm(&state.services, &inviter, parse_id::<BatchId>(&id)?, now()).await?;
    let target = admin.path(&format!("/invite/bulk/{}", batch.id));
    Ok(Redirect::to(&target).into_response())
}

/// How far a running confirmation has got, for the page's progress bar.
async fn progress(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let inviter = guest_inviter(&state.services, &admin.caller).await?;
    let batch = batch::get(&state.services, &inviter, parse_id::<BatchId>(&id)?).await?;
    Ok(Json(json!({
        "status": batch.status,
        "processedRows": batch.processed_rows,
        "totalRows": batch.preview.rows.len(),
    }))
    .into_response())
}

async fn result_file(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let inviter = guest_inviter(&state.services, &admin.caller).await?;
    let batch = batch::get(&state.services, &inviter, parse_id::<BatchId>(&id)?).await?;
    Ok(csv_download(
        &format!("invitations-{}.csv", batch.id),
        batch.report_csv(),
    ))
}
