//! Inviting partners from the portal: one address through a form, or a CSV file in
//! the bulk API's two steps (upload for a preview, confirm to invite), with live
//! progress while a confirmation runs and the per-row result file to download.
//! The preview shows each row's display name and language, can show only the rows
//! with errors (`?show=errors`, no script needed), and warns of rows whose copy makes
//! the link unusable; a file over the size limit gets the upload page again, with
//! the limit, as a 413.

use crate::texts::bulk::{self as bulk_texts, BulkTexts};
use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::invitations::Language;
use entente_domain::invitations::batch::{self, Batch, PreviewRow, UploadError};
use entente_domain::invitations::csv_import::{Fault, RowError, SingleInvitation, check_single};
use entente_domain::invitations::invite::{InviteOptions, guest_inviter, invite};
use entente_domain::invitations::preview::code::CC_BLOCKS_SIGN_UP;
use entente_model::BatchId;
use serde::Deserialize;
use serde_json::json;

use super::field_errors::FieldErrors;
use super::{Admin, AdminPage, AdminPost, CsrfForm, Gate, Nav, admin, csv_download, parse_id};
use crate::AppState;
use crate::bulk_upload;
use crate::error::PageError;
use crate::now;
use crate::pages::{check_csrf, page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/invite", get(show).post(invite_one))
        .route("/{tenant}/admin/invite/sample.csv", get(sample_file))
        .route(
            "/{tenant}/admin/invite/bulk",
            post(upload).layer(bulk_upload::body_limit()),
        )
        .route("/{tenant}/admin/invite/bulk/{id}", get(show_batch))
        .route("/{tenant}/admin/invite/bulk/{id}/confirm", post(confirm))
        .route("/{tenant}/admin/invite/bulk/{id}/progress", get(progress))
        .route(
            "/{tenant}/admin/invite/bulk/{id}/result.csv",
            get(result_file),
        )
}

/// A sample file with every column the upload reads and realistic rows: applications
/// and groups named by display name ("Partner portal", "Partners", "Project
/// Falcon": an admin replaces them with the tenant's own, or creates them), several
/// names in one cell separated by `;`, a text with a comma in quotes, three languages.
const SAMPLE_CSV: &str = "Email,DisplayName,InvitationText,InvitedToApplications,InvitedToGroups,InviteRedirectURL,CcEmailAddress,Language\r\n\
alice@fabrikam.com,Alice Ahlberg,\"Welcome to the Contoso project space, Alice.\",Partner portal,Partners,,,en\r\n\
bert@northwind.example,Bert Bakker,,Partner portal,Partners; Project Falcon,https://apps.contoso.com/start,,nl\r\n\
chloe@tailspin.example,Chloé Dubois,Bienvenue chez Contoso !,,Project Falcon,,,fr\r\n";

#[derive(Template)]
#[template(path = "admin/invite.html")]
struct InvitePage<'a> {
    nav: Nav,
    bulk: &'static BulkTexts,
    /// "93 MB": the largest file an upload takes.
    size_limit: String,
    /// The most rows one file may hold.
    max_rows: usize,
    /// Each language's tag and its own name.
    languages: Vec<(&'static str, &'static str)>,
    form: &'a InviteForm,
    /// The problem with the single invitation just submitted that is no one field's.
    error: Option<String>,
    /// The problems with the single invitation's fields, shown beside each.
    fields: FieldErrors,
    /// The problem with the file just uploaded (the whole file was refused).
    file_error: Option<String>,
    /// The file was over the size limit (the error then offers another file).
    too_large: bool,
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

/// The single invitation form's fields, in the page's order, by the API field name
/// [`check_single`] names them with.
const FORM_FIELDS: [(&str, &str); 5] = [
    ("invitedUserEmailAddress", "email"),
    ("invitedUserDisplayName", "display_name"),
    ("inviteRedirectUrl", "redirect_url"),
    ("customizedMessageBody", "message"),
    ("messageLanguage", "language"),
];

/// Puts each of `problems` beside its field in plain words in the admin's language;
/// a problem of no field of the form is returned to show above it.
fn beside_fields(admin: &Admin, problems: Vec<RowError>) -> (FieldErrors, Option<String>) {
    let mut fields = FieldErrors::new(admin.language);
    let texts = fields.texts;
    let mut placed: Vec<(usize, &'static str, String)> = Vec::new();
    let mut rest = Vec::new();
    for problem in problems {
        let at = problem.field.as_ref().and_then(|f| {
            FORM_FIELDS
                .iter()
                .position(|(column, _)| *column == f.column)
                .map(|index| (index, f.fault))
        });
        let Some((index, fault)) = at else {
            rest.push(problem.message);
            continue;
        };
        let words = match fault {
            Fault::Empty | Fault::NotAnEmail => texts.enter_email.to_owned(),
            Fault::TooLong { length, max } => texts
                .too_long
                .arg("length", length)
                .arg("max", max)
                .to_string(),
            Fault::NotAnHttpsUrl => texts.enter_https_url.to_owned(),
            Fault::UnsupportedLanguage => texts.choose_language.to_owned(),
        };
        placed.push((index, FORM_FIELDS[index].1, words));
    }
    placed.sort_by_key(|(index, _, _)| *index);
    for (_, field, words) in placed {
        fields.add(field, words);
    }
    (fields, (!rest.is_empty()).then(|| rest.join(" ")))
}

/// No problem to show.
fn no_errors(admin: &Admin) -> (Option<String>, FieldErrors) {
    (None, FieldErrors::new(admin.language))
}

fn invite_page(
    admin: &Admin,
    status: StatusCode,
    form: &InviteForm,
    (error, fields): (Option<String>, FieldErrors),
    file_error: Option<String>,
    invited: Option<InvitedSummary>,
) -> Response {
    admin.respond(page(
        status,
        &InvitePage {
            nav: admin.nav("invite"),
            bulk: bulk_texts::for_language(admin.language),
            size_limit: bulk_upload::limit_text(),
            max_rows: entente_domain::invitations::csv_import::MAX_ROWS,
            languages: Language::ALL
                .iter()
                .map(|l| (l.as_str(), l.native_name()))
                .collect(),
            form,
            too_large: status == StatusCode::PAYLOAD_TOO_LARGE,
            error,
            fields,
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
    Ok(invite_page(
        &admin,
        StatusCode::OK,
        &form,
        no_errors(&admin),
        None,
        None,
    ))
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
            let (fields, error) = beside_fields(&admin, problems);
            return Ok(invite_page(
                &admin,
                StatusCode::BAD_REQUEST,
                &form,
                (error, fields),
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
                no_errors(&admin),
                None,
                Some(summary),
            ))
        }
        Err(entente_domain::DomainError::Invalid(message))
        | Err(entente_domain::DomainError::Field { message, .. })
        | Err(entente_domain::DomainError::Conflict(message)) => Ok(invite_page(
            &admin,
            StatusCode::BAD_REQUEST,
            &form,
            (Some(message), FieldErrors::new(admin.language)),
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

/// The upload form's two parts, the CSRF token and the file; or a body over the size
/// limit, of which nothing was kept.
enum UploadForm {
    File { csrf: String, file: Bytes },
    TooLarge,
}

impl FromRequest<AppState> for UploadForm {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, PageError> {
        let bad = |message: String| {
            PageError::said(StatusCode::BAD_REQUEST, |t| t.invalid_title, message)
        };
        let Ok(request) = bulk_upload::buffered(request).await else {
            return Ok(UploadForm::TooLarge);
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
        Ok(UploadForm::File { csrf, file })
    }
}

fn fresh_form() -> InviteForm {
    InviteForm {
        send: Some("on".into()),
        language: "en".into(),
        ..InviteForm::default()
    }
}

/// The admin is checked before the body is read: only an admin's upload may be as
/// large as a file within the limits.
async fn upload(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, Gate> {
    let back = format!("/{tenant}/admin/invite");
    let admin = match admin(&state, &tenant, &headers, &back).await {
        Ok(admin) => admin,
        Err(gate) => {
            bulk_upload::discard(request).await;
            return Err(gate);
        }
    };
    let inviter = match guest_inviter(&state.services, &admin.caller).await {
        Ok(inviter) => inviter,
        Err(refused) => {
            bulk_upload::discard(request).await;
            return Err(refused.into());
        }
    };
    let file = match UploadForm::from_request(request, &state).await? {
        UploadForm::File { csrf, file } => {
            check_csrf(&state, &headers, &csrf)?;
            file
        }
        // Nothing of the body was kept, its token included; the answer only shows the
        // upload page again, which changes nothing.
        UploadForm::TooLarge => {
            let message = bulk_texts::for_language(admin.language)
                .file_too_large
                .arg("size", bulk_upload::limit_text())
                .to_string();
            return Ok(invite_page(
                &admin,
                StatusCode::PAYLOAD_TOO_LARGE,
                &fresh_form(),
                no_errors(&admin),
                Some(message),
                None,
            ));
        }
    };
    match batch::upload(&state.services, &inviter, file.as_ref(), now()).await {
        Ok(batch) => {
            let target = admin.path(&format!("/invite/bulk/{}", batch.id));
            Ok(Redirect::to(&target).into_response())
        }
        Err(UploadError::File(error)) => Ok(invite_page(
            &admin,
            StatusCode::BAD_REQUEST,
            &fresh_form(),
            no_errors(&admin),
            Some(error.to_string()),
            None,
        )),
        Err(UploadError::Domain(error)) => Err(error.into()),
    }
}

#[derive(Template)]
#[template(path = "admin/bulk.html")]
struct BatchPage {
    nav: Nav,
    bulk: &'static BulkTexts,
    status: String,
    total: usize,
    valid: usize,
    invited: usize,
    errors: usize,
    processed: usize,
    /// Only the rows with errors are listed.
    errors_only: bool,
    rows: Vec<BatchRow>,
    page_url: String,
    confirm_action: String,
    progress_url: String,
    result_url: String,
}

struct BatchRow {
    line: u64,
    email: String,
    display_name: String,
    /// The language's own name, or the cell as written when it names none.
    language: String,
    /// `ok`, `invited` or `error`.
    status: String,
    guest_id: Option<String>,
    problems: String,
    /// Why the row, ready or invited, may not be redeemable.
    warning: Option<String>,
}

/// Which rows the preview lists: `?show=errors` for the rows with errors only.
#[derive(Deserialize, Default)]
struct BatchQuery {
    #[serde(default)]
    show: String,
}

fn problems_text(problems: &[batch::Problem]) -> String {
    problems
        .iter()
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The preview's warning of a row in the page's language.
fn warning_text(texts: &BulkTexts, row: &PreviewRow) -> Option<String> {
    let warning = row.warnings.iter().find(|w| w.code == CC_BLOCKS_SIGN_UP)?;
    Some(match row.row.as_ref().and_then(|r| r.cc_email.as_deref()) {
        Some(cc) => texts
            .cc_warning
            .arg("cc", cc)
            .arg("email", &row.email)
            .to_string(),
        None => warning.message.clone(),
    })
}

fn language_name(tag: &str) -> String {
    if tag.is_empty() {
        return Language::default().native_name().to_owned();
    }
    Language::from_tag(tag).map_or_else(|| tag.to_owned(), |l| l.native_name().to_owned())
}

fn batch_page(admin: &Admin, batch: &Batch, errors_only: bool) -> BatchPage {
    let texts = bulk_texts::for_language(admin.language);
    let preview_row = |r: &PreviewRow, status: String, guest_id, problems| BatchRow {
        line: r.line,
        email: r.email.clone(),
        display_name: r.display_name.clone(),
        language: language_name(&r.language),
        status,
        guest_id,
        problems,
        warning: warning_text(texts, r),
    };
    let rows: Vec<BatchRow> = match &batch.result {
        Some(result) => batch
            .preview
            .rows
            .iter()
            .zip(result)
            .map(|(p, r)| {
                preview_row(
                    p,
                    r.status.clone(),
                    r.user_id.clone(),
                    problems_text(&r.errors),
                )
            })
            .collect(),
        None => batch
            .preview
            .rows
            .iter()
            .map(|r| {
                let status = if r.errors.is_empty() { "ok" } else { "error" };
                preview_row(r, status.to_owned(), None, problems_text(&r.errors))
            })
            .collect(),
    };
    let count = |status: &str| rows.iter().filter(|r| r.status == status).count();
    let base = admin.path(&format!("/invite/bulk/{}", batch.id));
    BatchPage {
        nav: admin.nav("invite"),
        bulk: texts,
        status: batch.status.clone(),
        total: rows.len(),
        valid: count("ok"),
        invited: count("invited"),
        errors: count("error"),
        processed: batch.processed_rows,
        errors_only,
        confirm_action: format!("{base}/confirm"),
        progress_url: format!("{base}/progress"),
        result_url: format!("{base}/result.csv"),
        page_url: base,
        rows: rows
            .into_iter()
            .filter(|r| !errors_only || r.status == "error")
            .collect(),
    }
}

async fn show_batch(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    Query(query): Query<BatchQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let inviter = guest_inviter(&state.services, &admin.caller).await?;
    let batch = batch::get(&state.services, &inviter, parse_id::<BatchId>(&id)?).await?;
    let page_body = batch_page(&admin, &batch, query.show == "errors");
    Ok(admin.respond(page(StatusCode::OK, &page_body)))
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
