//! `/v1.0/invitations`: Microsoft Graph's invitation resource (create, including
//! `resetRedemption`), with Entente's additions: reading an invitation with its email
//! status, resending and revoking it, and bulk invitation from a CSV file in two steps
//! (upload for a preview, confirm to invite) with a downloadable result file.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entente_domain::invitations::batch::{self, Batch, Problem, UploadError};
use entente_domain::invitations::csv_import::{SingleInvitation, SponsorRef, check_single};
use entente_domain::invitations::invite::{
    GuestInviter, InviteOptions, Invited, get_invitation, guest_inviter, invite, resend_invitation,
    reset_redemption, revoke_invitation,
};
use entente_model::{BatchId, InvitationId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiCaller, ApiJson, date_time, path_id};
use crate::error::ApiError;
use crate::{AppState, now};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes({
            // A file within the documented limits may be far larger than other bodies.
            let (schemas, paths, method) = routes!(upload);
            (
                schemas,
                paths,
                method.layer(crate::bulk_upload::body_limit()),
            )
        })
        .routes(routes!(show_batch))
        .routes(routes!(confirm))
        .routes(routes!(result_file))
        .routes(routes!(read))
        .routes(routes!(resend))
        .routes(routes!(revoke))
}

/// Graph's invitation, as a Graph client sends it. Unknown fields are ignored, as
/// Graph does, so clients written for Graph work unchanged.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = InvitationCreate)]
struct CreateInvitation {
    invited_user_email_address: String,
    #[serde(default)]
    invited_user_display_name: Option<String>,
    #[serde(default)]
    invite_redirect_url: Option<String>,
    #[serde(default)]
    send_invitation_message: Option<bool>,
    #[serde(default)]
    invited_user_message_info: Option<MessageInfo>,
    /// `Guest` only.
    #[serde(default)]
    invited_user_type: Option<String>,
    /// Invite an existing guest again (`invitedUser.id`), as if never redeemed.
    #[serde(default)]
    reset_redemption: Option<bool>,
    #[serde(default)]
    invited_user: Option<InvitedUserRef>,
    /// Entente: groups the guest joins at once.
    #[serde(default)]
    invited_to_groups: Vec<uuid::Uuid>,
    /// Entente: applications the guest is assigned to at once.
    #[serde(default)]
    invited_to_applications: Vec<uuid::Uuid>,
    /// Member users or groups who answer for the guest; without any, the inviting
    /// user does.
    #[serde(default)]
    invited_user_sponsors: Vec<SponsorReference>,
    /// Entente: when the guest's access ends (RFC 3339, in the future); without it,
    /// as the tenant's guest lifetime says.
    #[serde(default)]
    access_ends_date_time: Option<String>,
}

/// A sponsor of the invited user: a member user's or a group's id.
#[derive(Deserialize, ToSchema)]
#[schema(as = InvitedUserSponsor)]
struct SponsorReference {
    id: String,
}

/// The email's text, language and one cc recipient at most.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = InvitedUserMessageInfoInput)]
struct MessageInfo {
    #[serde(default)]
    customized_message_body: Option<String>,
    #[serde(default)]
    message_language: Option<String>,
    #[serde(default)]
    cc_recipients: Vec<Recipient>,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RecipientInput)]
struct Recipient {
    email_address: EmailAddress,
}

#[derive(Deserialize, ToSchema)]
#[schema(as = EmailAddressInput)]
struct EmailAddress {
    address: String,
}

/// The guest whose redemption is reset.
#[derive(Deserialize, ToSchema)]
#[schema(as = InvitedUserReference)]
struct InvitedUserRef {
    id: String,
}

/// Invite a partner user
///
/// Makes the guest object at once and, with `sendInvitationMessage`, queues the
/// invitation email; with `resetRedemption`, invites an existing guest again.
/// Needs a guest inviter.
#[utoipa::path(post, path = "/v1.0/invitations", operation_id = "invitations_create",
    tag = "invitations", request_body = CreateInvitation,
    responses((status = 201, description = "The invitation, with its redemption link.",
        body = InvitationBody)))]
async fn create(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<CreateInvitation>,
) -> Result<Response, ApiError> {
    let inviter = guest_inviter(&state.services, &caller).await?;
    if let Some(kind) = body.invited_user_type.as_deref()
        && !kind.eq_ignore_ascii_case("guest")
    {
        return Err(ApiError::bad_request(format!(
            "invitedUserType \"{kind}\" is not supported; Entente invites guests"
        )));
    }
    let info = body.invited_user_message_info.unwrap_or_default();
    if info.cc_recipients.len() > 1 {
        return Err(ApiError::bad_request(
            "ccRecipients may name one address at most",
        ));
    }
    let cc = info
        .cc_recipients
        .first()
        .map(|r| r.email_address.address.as_str())
        .unwrap_or("");
    let fields = SingleInvitation {
        email: &body.invited_user_email_address,
        display_name: body.invited_user_display_name.as_deref().unwrap_or(""),
        invitation_text: info.customized_message_body.as_deref().unwrap_or(""),
        redirect_url: body.invite_redirect_url.as_deref().unwrap_or(""),
        cc_email: cc,
        language: info.message_language.as_deref().unwrap_or(""),
        contact_url: "",
    };
    let mut row = check_single(&fields).map_err(|errors| {
        let messages: Vec<String> = errors.into_iter().map(|e| e.message).collect();
        ApiError::bad_request(messages.join("; "))
    })?;
    row.group_ids = dedup(body.invited_to_groups);
    row.application_ids = dedup(body.invited_to_applications);
    for sponsor in &body.invited_user_sponsors {
        let id = uuid::Uuid::parse_str(sponsor.id.trim()).map_err(|_| {
            ApiError::bad_request(format!(
                "invitedUserSponsors: \"{}\" is not an object id",
                sponsor.id
            ))
        })?;
        let id = SponsorRef::Id(id);
        if !row.sponsors.contains(&id) {
            row.sponsors.push(id);
        }
    }
    if let Some(text) = &body.access_ends_date_time {
        let ends = super::parse_date_time(text, "accessEndsDateTime")?;
        if ends <= now() {
            return Err(ApiError::bad_request(
                "accessEndsDateTime must be in the future",
            ));
        }
        row.access_ends_at = Some(ends);
    }
    let options = InviteOptions {
        send_message: body.send_invitation_message.unwrap_or(false),
    };
    let reset = body.reset_redemption.unwrap_or(false);
    let invited = if reset {
        let guest: UserId = match body.invited_user {
            Some(user) => path_id(&user.id)?,
            None => {
                return Err(ApiError::bad_request(
                    "resetRedemption needs invitedUser.id, the guest to reset",
                ));
            }
        };
        reset_redemption(&state.services, &inviter, guest, row, options, now()).await?
    } else {
        invite(&state.services, &inviter, row, options, now()).await?
    };
    let body = invitation_body(&state, &invited, reset);
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

fn dedup(mut ids: Vec<uuid::Uuid>) -> Vec<uuid::Uuid> {
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids
}

/// An invitation in Graph's shape, with Entente's status fields.
fn invitation_body(state: &AppState, invited: &Invited, reset: bool) -> InvitationBody {
    let i = &invited.invitation;
    let email = invited.email.as_ref().map(|e| EmailStatus {
        // The outbox's "pending" is an email waiting for its (next) attempt.
        status: if e.status == "pending" {
            "queued".to_owned()
        } else {
            e.status.clone()
        },
        attempts: e.attempts,
        last_error: e.last_error.clone(),
        sent_date_time: e.sent_at.and_then(date_time),
    });
    InvitationBody {
        context: format!(
            "{}/v1.0/$metadata#invitations/$entity",
            state.services.settings.public_base_url
        ),
        id: i.id.to_string(),
        invite_redeem_url: invited.redeem_url.clone(),
        invited_user_display_name: i.display_name.clone(),
        invited_user_type: "Guest",
        invited_user_email_address: i.invited_email.clone(),
        send_invitation_message: i.send_message,
        reset_redemption: reset,
        invite_redirect_url: i.redirect_url.clone(),
        status: i.status.as_str(),
        invited_user_message_info: MessageInfoBody {
            customized_message_body: i.message.clone(),
            message_language: i.language.clone(),
            cc_recipients: i
                .cc
                .iter()
                .map(|address| RecipientBody {
                    email_address: EmailAddressBody {
                        name: None,
                        address: address.clone(),
                    },
                })
                .collect(),
        },
        invited_user: InvitedUserBody {
            odata_type: "#microsoft.graph.user",
            id: invited.guest.id.to_string(),
            display_name: invited.guest.display_name.clone(),
            mail: invited.guest.mail.clone(),
            user_principal_name: invited.guest.user_principal_name.clone(),
            user_type: "Guest",
            external_user_state: invited.guest.external_user_state.map(|s| s.as_str()),
        },
        created_date_time: date_time(i.created_at),
        expiration_date_time: date_time(i.expires_at),
        redeemed_date_time: i.redeemed_at.and_then(date_time),
        email_status: email,
    }
}

/// An invitation as Graph shows it, with Entente's status fields: its `status`, its
/// times and where its email stands.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Invitation)]
struct InvitationBody {
    #[serde(rename = "@odata.context")]
    context: String,
    #[schema(format = Uuid)]
    id: String,
    /// The redemption link: only when the invitation was just made or renewed.
    invite_redeem_url: Option<String>,
    invited_user_display_name: Option<String>,
    /// `Guest`.
    invited_user_type: &'static str,
    invited_user_email_address: String,
    send_invitation_message: bool,
    reset_redemption: bool,
    invite_redirect_url: Option<String>,
    /// `PendingAcceptance`, `Completed` or `Revoked`.
    status: &'static str,
    invited_user_message_info: MessageInfoBody,
    invited_user: InvitedUserBody,
    #[schema(format = DateTime)]
    created_date_time: Option<String>,
    #[schema(format = DateTime)]
    expiration_date_time: Option<String>,
    #[schema(format = DateTime)]
    redeemed_date_time: Option<String>,
    /// Where the invitation email stands; `null` when none was queued.
    email_status: Option<EmailStatus>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = InvitedUserMessageInfo)]
struct MessageInfoBody {
    customized_message_body: Option<String>,
    /// The language tag of the email and the redemption pages.
    message_language: String,
    cc_recipients: Vec<RecipientBody>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Recipient)]
struct RecipientBody {
    email_address: EmailAddressBody,
}

#[derive(Serialize, ToSchema)]
#[schema(as = EmailAddress)]
struct EmailAddressBody {
    /// Always `null`.
    name: Option<String>,
    address: String,
}

/// The guest object the invitation made (Graph's `user`, which its SDKs read as one).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = InvitedUser)]
struct InvitedUserBody {
    #[serde(rename = "@odata.type")]
    odata_type: &'static str,
    #[schema(format = Uuid)]
    id: String,
    display_name: String,
    mail: Option<String>,
    user_principal_name: String,
    /// `Guest`.
    user_type: &'static str,
    /// `PendingAcceptance` or `Accepted`.
    external_user_state: Option<&'static str>,
}

/// Where an invitation's email stands.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = InvitationEmailStatus)]
struct EmailStatus {
    /// `queued`, `sent` or `failed`.
    status: String,
    attempts: i64,
    last_error: Option<String>,
    #[schema(format = DateTime)]
    sent_date_time: Option<String>,
}

/// Get an invitation
#[utoipa::path(get, path = "/v1.0/invitations/{id}", operation_id = "invitations_get",
    tag = "invitations", params(("id" = String, Path, description = "The invitation's id.")),
    responses((status = 200, description = "The invitation.", body = InvitationBody)))]
async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<InvitationBody>, ApiError> {
    let inviter = guest_inviter(&state.services, &caller).await?;
    let id: InvitationId = path_id(&id)?;
    let invited = get_invitation(&state.services, &inviter, id).await?;
    Ok(Json(invitation_body(&state, &invited, false)))
}

/// Resend an invitation
///
/// A new redemption link (the old one stops working) in a new email.
#[utoipa::path(post, path = "/v1.0/invitations/{id}/resend", operation_id = "invitations_resend",
    tag = "invitations", params(("id" = String, Path, description = "The invitation's id.")),
    responses((status = 200, description = "The invitation, with its new link.",
        body = InvitationBody)))]
async fn resend(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<InvitationBody>, ApiError> {
    let inviter = guest_inviter(&state.services, &caller).await?;
    let id: InvitationId = path_id(&id)?;
    let invited = resend_invitation(&state.services, &inviter, id, now()).await?;
    Ok(Json(invitation_body(&state, &invited, false)))
}

/// Revoke an invitation
///
/// Its link stops working; the guest object stays.
#[utoipa::path(post, path = "/v1.0/invitations/{id}/revoke", operation_id = "invitations_revoke",
    tag = "invitations", params(("id" = String, Path, description = "The invitation's id.")), responses((status = 204, description = "Revoked.")))]
async fn revoke(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let inviter = guest_inviter(&state.services, &caller).await?;
    let id: InvitationId = path_id(&id)?;
    revoke_invitation(&state.services, &inviter, id, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The uploaded file: the `file` part of a `multipart/form-data` body, or the whole
/// body when it is sent as `text/csv`.
struct CsvUpload(Bytes);

/// The `multipart/form-data` upload, as [`CsvUpload`] reads it.
#[derive(ToSchema)]
#[allow(dead_code)] // Describes a form for the OpenAPI document; `CsvUpload` reads it.
struct BulkUploadForm {
    /// The CSV file (UTF-8, `,` or `;` separated, with a header row).
    #[schema(value_type = String, content_media_type = "text/csv")]
    file: Vec<u8>,
}

impl FromRequest<AppState> for CsvUpload {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let request = crate::bulk_upload::buffered(request).await.map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "RequestEntityTooLarge",
                format!(
                    "the upload is larger than {}, the most a file within the limits \
                     (2,000 rows, each cell within its length) can be",
                    crate::bulk_upload::limit_text()
                ),
            )
        })?;
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            let mut multipart = Multipart::from_request(request, state)
                .await
                .map_err(|e| ApiError::bad_request(e.body_text()))?;
            while let Some(field) = multipart
                .next_field()
                .await
                .map_err(|e| ApiError::bad_request(e.body_text()))?
            {
                if field.name() == Some("file") {
                    let bytes = field
                        .bytes()
                        .await
                        .map_err(|e| ApiError::bad_request(e.body_text()))?;
                    return Ok(CsvUpload(bytes));
                }
            }
            Err(ApiError::bad_request(
                "the multipart body has no part named \"file\"",
            ))
        } else if content_type.starts_with("text/csv") || content_type.is_empty() {
            let bytes = Bytes::from_request(request, state)
                .await
                .map_err(|e| ApiError::bad_request(e.body_text()))?;
            Ok(CsvUpload(bytes))
        } else {
            Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UnsupportedMediaType",
                "send the file as multipart/form-data (part \"file\") or as text/csv",
            ))
        }
    }
}

/// Upload a CSV file of invitations
///
/// Checks every row and keeps a preview; nothing is invited until `confirm`.
#[utoipa::path(post, path = "/v1.0/invitations/bulk", operation_id = "invitations_uploadBulk",
    tag = "invitations",
    request_body(description = "The CSV file: as the whole body, or as the part `file` of a form.",
        content((String = "text/csv"), (BulkUploadForm = "multipart/form-data"))),
    responses((status = 201, description = "The preview.", body = BatchBody)))]
async fn upload(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    request: Request,
) -> Result<Response, ApiError> {
    // The permission is checked before the body is read: only a guest inviter's upload
    // may be as large as a file within the limits, and a refused one is not kept.
    let inviter = match guest_inviter(&state.services, &caller).await {
        Ok(inviter) => inviter,
        Err(refused) => {
            crate::bulk_upload::discard(request).await;
            return Err(refused.into());
        }
    };
    let CsvUpload(file) = CsvUpload::from_request(request, &state).await?;
    let batch = match batch::upload(&state.services, &inviter, file.as_ref(), now()).await {
        Ok(batch) => batch,
        Err(UploadError::File(error)) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "InvalidCsvFile",
                error.to_string(),
            ));
        }
        Err(UploadError::Domain(error)) => return Err(error.into()),
    };
    Ok((StatusCode::CREATED, Json(batch_body(&state, &batch))).into_response())
}

/// Get a CSV upload
#[utoipa::path(get, path = "/v1.0/invitations/bulk/{id}", operation_id = "invitations_getBulk",
    tag = "invitations", params(("id" = String, Path, description = "The upload's id.")),
    responses((status = 200, description = "The preview, or each row's outcome.",
        body = BatchBody)))]
async fn show_batch(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<BatchBody>, ApiError> {
    let inviter: GuestInviter = guest_inviter(&state.services, &caller).await?;
    let id: BatchId = path_id(&id)?;
    let batch = batch::get(&state.services, &inviter, id).await?;
    Ok(Json(batch_body(&state, &batch)))
}

/// Confirm a CSV upload
///
/// Invites every valid row, in one transaction.
#[utoipa::path(post, path = "/v1.0/invitations/bulk/{id}/confirm",
    operation_id = "invitations_confirmBulk", tag = "invitations", params(("id" = String, Path, description = "The upload's id.")),
    responses((status = 200, description = "Each row's outcome.", body = BatchBody)))]
async fn confirm(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<BatchBody>, ApiError> {
    let inviter = guest_inviter(&state.services, &caller).await?;
    let id: BatchId = path_id(&id)?;
    let batch = batch::confirm(&state.services, &inviter, id, now()).await?;
    Ok(Json(batch_body(&state, &batch)))
}

/// Download a CSV upload's result file
#[utoipa::path(get, path = "/v1.0/invitations/bulk/{id}/result",
    operation_id = "invitations_getBulkResult", tag = "invitations", params(("id" = String, Path, description = "The upload's id.")),
    responses((status = 200, description = "The rows with their outcome, as CSV.",
        body = String, content_type = "text/csv",
        headers(("Content-Disposition" = String, description = "An attachment's file name.")))))]
async fn result_file(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let inviter = guest_inviter(&state.services, &caller).await?;
    let id: BatchId = path_id(&id)?;
    let batch = batch::get(&state.services, &inviter, id).await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = header::HeaderValue::from_str(&format!(
        "attachment; filename=\"invitations-{}.csv\"",
        batch.id
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok((headers, batch.report_csv()).into_response())
}

/// A batch: counts, and one entry per input row with its outcome. While a
/// confirmation runs on this node, `status` is `confirming` and `processedRows` says
/// how many input rows it has written so far (uncommitted until it completes).
fn batch_body(state: &AppState, batch: &Batch) -> BatchBody {
    let base = &state.services.settings.public_base_url;
    let problems = |errors: &[Problem]| {
        errors
            .iter()
            .map(|e| ProblemBody {
                code: e.code.clone(),
                message: e.message.clone(),
            })
            .collect::<Vec<_>>()
    };
    let rows: Vec<BatchRowBody> = match &batch.result {
        Some(result) => result
            .iter()
            .zip(&batch.preview.rows)
            .map(|(r, p)| BatchRowBody {
                line: r.line,
                email: r.email.clone(),
                display_name: p.display_name.clone(),
                language: language_tag(&p.language),
                status: r.status.clone(),
                invitation_id: Some(r.invitation_id.clone()),
                invited_user_id: Some(r.user_id.clone()),
                errors: problems(&r.errors),
                warnings: problems(&r.warnings),
            })
            .collect(),
        None => batch
            .preview
            .rows
            .iter()
            .map(|r| BatchRowBody {
                line: r.line,
                email: r.email.clone(),
                display_name: r.display_name.clone(),
                language: language_tag(&r.language),
                status: if r.errors.is_empty() { "ok" } else { "error" }.to_owned(),
                invitation_id: None,
                invited_user_id: None,
                errors: problems(&r.errors),
                warnings: problems(&r.warnings),
            })
            .collect(),
    };
    let count = |status: &str| rows.iter().filter(|r| r.status == status).count();
    BatchBody {
        id: batch.id.to_string(),
        status: batch.status.clone(),
        created_date_time: date_time(batch.created_at),
        expiration_date_time: date_time(batch.expires_at),
        total_rows: rows.len(),
        processed_rows: batch.processed_rows,
        valid_rows: count("ok"),
        invited_rows: count("invited"),
        error_rows: count("error"),
        separator: batch.preview.separator.clone(),
        result_url: format!("{base}/v1.0/invitations/bulk/{}/result", batch.id),
        rows,
    }
}

/// A row's language as its canonical tag, or as written when it names none.
fn language_tag(cell: &str) -> String {
    match cell {
        "" => entente_domain::invitations::Language::default().to_string(),
        tag => entente_domain::invitations::Language::from_tag(tag)
            .map_or_else(|| tag.to_owned(), |l| l.to_string()),
    }
}

/// A CSV upload: a preview until confirmed, then each row's outcome.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = InvitationBatch)]
struct BatchBody {
    #[schema(format = Uuid)]
    id: String,
    /// `preview`, `confirming` (while this node confirms it) or `completed`.
    status: String,
    #[schema(format = DateTime)]
    created_date_time: Option<String>,
    /// When an unconfirmed preview is dropped.
    #[schema(format = DateTime)]
    expiration_date_time: Option<String>,
    total_rows: usize,
    /// Input rows a confirmation has gone through so far.
    processed_rows: usize,
    /// Rows of the preview that can be invited.
    valid_rows: usize,
    invited_rows: usize,
    error_rows: usize,
    /// `,` or `;`, as the upload had it; the result file uses the same.
    separator: String,
    /// The result file (`text/csv`).
    result_url: String,
    rows: Vec<BatchRowBody>,
}

/// One input row: `ok` or `error` in a preview, `invited` or `error` once confirmed.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = InvitationBatchRow)]
struct BatchRowBody {
    /// The row's line in the file.
    line: u64,
    email: String,
    /// The `DisplayName` cell as written.
    display_name: String,
    /// The language tag the row asks for (`en` when none).
    language: String,
    status: String,
    /// Once confirmed: the invitation made, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    invitation_id: Option<Option<String>>,
    /// Once confirmed: the guest made, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    invited_user_id: Option<Option<String>>,
    errors: Vec<ProblemBody>,
    /// What may go wrong later with a row that can be invited (`cc_blocks_sign_up`).
    warnings: Vec<ProblemBody>,
}

/// What is wrong with a row: a stable code and a sentence naming the column.
#[derive(Serialize, ToSchema)]
#[schema(as = InvitationBatchProblem)]
struct ProblemBody {
    code: String,
    message: String,
}
