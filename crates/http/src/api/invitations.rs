//! `/v1.0/invitations`: Microsoft Graph's invitation resource (create, including
//! `resetRedemption`), with Entente's additions: reading an invitation with its email
//! status, resending and revoking it, and bulk invitation from a CSV file in two steps
//! (upload for a preview, confirm to invite) with a downloadable result file.

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use entente_domain::invitations::batch::{self, Batch, UploadError};
use entente_domain::invitations::csv_import::{SingleInvitation, check_single};
use entente_domain::invitations::invite::{
    GuestInviter, InviteOptions, Invited, get_invitation, guest_inviter, invite, resend_invitation,
    reset_redemption, revoke_invitation,
};
use entente_model::{BatchId, InvitationId, UserId};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiCaller, ApiJson, date_time, path_id};
use crate::error::ApiError;
use crate::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1.0/invitations", post(create))
        .route("/v1.0/invitations/bulk", post(upload))
        .route("/v1.0/invitations/bulk/{id}", get(show_batch))
        .route("/v1.0/invitations/bulk/{id}/confirm", post(confirm))
        .route("/v1.0/invitations/bulk/{id}/result", get(result_file))
        .route("/v1.0/invitations/{id}", get(read))
        .route("/v1.0/invitations/{id}/resend", post(resend))
        .route("/v1.0/invitations/{id}/revoke", post(revoke))
}

/// Graph's invitation, as a Graph client sends it. Unknown fields are ignored, as
/// Graph does, so clients written for Graph work unchanged.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
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
    #[serde(default)]
    invited_user_type: Option<String>,
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
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct MessageInfo {
    #[serde(default)]
    customized_message_body: Option<String>,
    #[serde(default)]
    message_language: Option<String>,
    #[serde(default)]
    cc_recipients: Vec<Recipient>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recipient {
    email_address: EmailAddress,
}

#[derive(Deserialize)]
struct EmailAddress {
    address: String,
}

#[derive(Deserialize)]
struct InvitedUserRef {
    id: String,
}

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
fn invitation_body(state: &AppState, invited: &Invited, reset: bool) -> Value {
    let i = &invited.invitation;
    let email = invited.email.as_ref().map(|e| {
        json!({
            // The outbox's "pending" is an email waiting for its (next) attempt.
            "status": if e.status == "pending" { "queued" } else { e.status.as_str() },
            "attempts": e.attempts,
            "lastError": e.last_error,
            "sentDateTime": e.sent_at.and_then(date_time),
        })
    });
    json!({
        "@odata.context": format!("{}/v1.0/$metadata#invitations/$entity",
            state.services.settings.public_base_url),
        "id": i.id.to_string(),
        "inviteRedeemUrl": invited.redeem_url,
        "invitedUserDisplayName": i.display_name,
        "invitedUserType": "Guest",
        "invitedUserEmailAddress": i.invited_email,
        "sendInvitationMessage": i.send_message,
        "resetRedemption": reset,
        "inviteRedirectUrl": i.redirect_url,
        "status": i.status.as_str(),
        "invitedUserMessageInfo": {
            "customizedMessageBody": i.message,
            "messageLanguage": i.language,
            "ccRecipients": i.cc.iter().map(|address| json!({
                "emailAddress": { "name": null, "address": address }
            })).collect::<Vec<_>>(),
        },
        // Graph's `user` (the SDK reads it as one): its id, with the properties a
        // client shows next to it.
        "invitedUser": {
            "@odata.type": "#microsoft.graph.user",
            "id": invited.guest.id.to_string(),
            "displayName": invited.guest.display_name,
            "mail": invited.guest.mail,
            "userPrincipalName": invited.guest.user_principal_name,
            "userType": "Guest",
            "externalUserState": invited.guest.external_user_state.map(|s| s.as_str()),
        },
        "createdDateTime": date_time(i.created_at),
        "expirationDateTime": date_time(i.expires_at),
        "redeemedDateTime": i.redeemed_at.and_then(date_time),
        "emailStatus": email,
    })
}

async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let inviter = guest_inviter(&state.services, &caller).await?;
    let id: InvitationId = path_id(&id)?;
    let invited = get_invitation(&state.services, &inviter, id).await?;
    Ok(Json(invitation_body(&state, &invited, false)))
}

async fn resend(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let inviter = guest_inviter(&state.services, &caller).await?;
    let id: InvitationId = path_id(&id)?;
    let invited = resend_invitation(&state.services, &inviter, id, now()).await?;
    Ok(Json(invitation_body(&state, &invited, false)))
}

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

impl FromRequest<AppState> for CsvUpload {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
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

async fn upload(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    CsvUpload(file): CsvUpload,
) -> Result<Response, ApiError> {
    let inviter = guest_inviter(&state.services, &caller).await?;
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

async fn show_batch(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let inviter: GuestInviter = guest_inviter(&state.services, &caller).await?;
    let id: BatchId = path_id(&id)?;
    let batch = batch::get(&state.services, &inviter, id).await?;
    Ok(Json(batch_body(&state, &batch)))
}

async fn confirm(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let inviter = guest_inviter(&state.services, &caller).await?;
    let id: BatchId = path_id(&id)?;
    let batch = batch::confirm(&state.services, &inviter, id, now()).await?;
    Ok(Json(batch_body(&state, &batch)))
}

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
fn batch_body(state: &AppState, batch: &Batch) -> Value {
    let base = &state.services.settings.public_base_url;
    let rows: Vec<Value> = match &batch.result {
        Some(result) => result
            .iter()
            .map(|r| {
                json!({
                    "line": r.line, "email": r.email, "status": r.status,
                    "invitationId": r.invitation_id, "invitedUserId": r.user_id,
                    "errors": r.errors.iter().map(|e| json!({"code": e.code, "message": e.message})).collect::<Vec<_>>(),
                })
            })
            .collect(),
        None => batch
            .preview
            .rows
            .iter()
            .map(|r| {
                json!({
                    "line": r.line, "email": r.email,
                    "status": if r.errors.is_empty() { "ok" } else { "error" },
                    "errors": r.errors.iter().map(|e| json!({"code": e.code, "message": e.message})).collect::<Vec<_>>(),
                })
            })
            .collect(),
    };
    let count = |status: &str| rows.iter().filter(|r| r["status"] == status).count();
    json!({
        "id": batch.id.to_string(),
        "status": batch.status,
        "createdDateTime": date_time(batch.created_at),
        "expirationDateTime": date_time(batch.expires_at),
        "totalRows": rows.len(),
        "processedRows": batch.processed_rows,
        "validRows": count("ok"),
        "invitedRows": count("invited"),
        "errorRows": count("error"),
        "separator": batch.preview.separator,
        "resultUrl": format!("{base}/v1.0/invitations/bulk/{}/result", batch.id),
        "rows": rows,
    })
}
