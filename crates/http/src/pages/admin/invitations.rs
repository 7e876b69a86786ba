//! Invitations in the portal: the tenant's invitations newest first with where each
//! stands (pending, accepted, revoked) and whether its email went out (delivered,
//! retrying, failed), filtered by status and paged by cursor; resend or revoke one or
//! a selection at once; and reset a guest's redemption from its user page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::directory::PageRequest;
use entente_domain::invitations::csv_import::{SingleInvitation, check_single};
use entente_domain::invitations::invite::{
    InviteOptions, Invited, guest_inviter, list_invitations, resend_invitation, reset_redemption,
    revoke_invitation,
};
use entente_domain::invitations::messages::fill;
use entente_domain::portal_texts::PortalTexts;
use entente_model::{InvitationId, InvitationStatus, UserId};
use serde::Deserialize;

use super::{AdminPage, AdminPost, Gate, Nav, admin};
use crate::AppState;
use crate::error::PageError;
use crate::now;
use crate::pages::{check_csrf, page};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/{tenant}/admin/invitations",
            get(list).post(act_on_selection),
        )
        .route("/{tenant}/admin/users/{id}/reset-redemption", post(reset))
}

const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "admin/invitations.html")]
struct InvitationsPage {
    nav: Nav,
    status: String,
    search: String,
    invitations: Vec<InvitationLine>,
    next: Option<String>,
    /// What the last action did, shown once.
    done: Option<String>,
}

struct InvitationLine {
    id: String,
    email: String,
    guest_link: String,
    guest_name: String,
    status: &'static str,
    email_state: String,
    created: String,
    pending: bool,
}

impl InvitationLine {
    fn of(invited: &Invited, base: &str, texts: &'static PortalTexts) -> InvitationLine {
        let i = &invited.invitation;
        let email_state = match &invited.email {
            None => texts.email_not_sent.to_owned(),
            Some(e) => match e.status.as_str() {
                "sent" => texts.email_delivered.to_owned(),
                "failed" => fill(
                    texts.email_failed,
                    &[(
                        "error",
                        e.last_error.as_deref().unwrap_or(texts.email_refused),
                    )],
                ),
                _ if e.attempts > 0 => fill(
                    texts.email_retrying,
                    &[
                        ("attempts", &e.attempts.to_string()),
                        ("error", e.last_error.as_deref().unwrap_or("")),
                    ],
                ),
                _ => texts.email_queued.to_owned(),
            },
        };
        InvitationLine {
            id: i.id.to_string(),
            email: i.invited_email.clone(),
            guest_link: format!("{base}/users/{}", invited.guest.id),
            guest_name: invited.guest.display_name.clone(),
            status: match i.status {
                InvitationStatus::PendingAcceptance => texts.status_pending,
                InvitationStatus::Completed => texts.status_accepted,
                InvitationStatus::Revoked => texts.status_revoked,
            },
            email_state,
            created: crate::api::date_time(i.created_at).unwrap_or_default(),
            pending: i.status == InvitationStatus::PendingAcceptance,
        }
    }
}

#[derive(Deserialize)]
struct ListQuery {
    /// `pending`, `accepted`, `revoked` or empty for all.
    #[serde(default)]
    status: String,
    /// One invited address.
    #[serde(default)]
    q: String,
    after: Option<String>,
    /// What the last action did (set by the redirect after it).
    done: Option<String>,
}

fn status_filter(status: &str) -> Option<InvitationStatus> {
    match status {
        "pending" => Some(InvitationStatus::PendingAcceptance),
        "accepted" => Some(InvitationStatus::Completed),
        "revoked" => Some(InvitationStatus::Revoked),
        _ => None,
    }
}

async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let inviter = guest_inviter(&state.services, &admin.caller).await?;
    let request = PageRequest {
        top: Some(PAGE_SIZE),
        skip_token: query.after.clone(),
    };
    let search = query.q.trim();
    let found = list_invitations(
        &state.services,
        &inviter,
        status_filter(&query.status),
        (!search.is_empty()).then_some(search),
        request,
    )
    .await?;
    let base = admin.path("");
    let next = found.skip_token.map(|token| {
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        url.append_pair("status", &query.status)
            .append_pair("q", search)
            .append_pair("after", &token);
        format!("{base}/invitations?{}", url.finish())
    });
    let texts = admin.texts();
    let done = query.done.as_deref().map(|done| match done {
        "resent" => texts.invitations_resent.to_owned(),
        "revoked" => texts.invitations_revoked.to_owned(),
        _ => String::new(),
    });
    let listing = InvitationsPage {
        nav: admin.nav("invitations"),
        status: query.status.clone(),
        search: search.to_owned(),
        invitations: found
            .items
            .iter()
            .map(|i| InvitationLine::of(i, &base, texts))
            .collect(),
        next,
        done: done.filter(|d| !d.is_empty()),
    };
    Ok(admin.respond(page(StatusCode::OK, &listing)))
}

/// Resends or revokes the invitations ticked in the list (or the one whose button was
/// pressed). The form repeats `id`, which a plain form extractor cannot read, so the
/// body is parsed here.
async fn act_on_selection(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, Gate> {
    let (mut csrf, mut action, mut ids) = (String::new(), String::new(), Vec::new());
    let mut confirmed = false;
    for (key, value) in url::form_urlencoded::parse(body.as_bytes()) {
        match key.as_ref() {
            "csrf" => csrf = value.into_owned(),
            "confirm" => confirmed = value == "yes",
            "action" => action = value.into_owned(),
            "id" => ids.push(value.into_owned()),
            _ => {}
        }
    }
    check_csrf(&state, &headers, &csrf)?;
    let admin = admin(
        &state,
        &tenant,
        &headers,
        &format!("/{tenant}/admin/invitations"),
    )
    .await?;
    let inviter = guest_inviter(&state.services, &admin.caller).await?;
    if ids.is_empty() {
        return Err(Gate::Refused(PageError::new(
            StatusCode::BAD_REQUEST,
            |t| t.nothing_selected_title,
            |t| t.nothing_selected,
        )));
    }
    if action == "revoke" && !confirmed {
        return Ok(confirm_revoke(&admin, &ids));
    }
    for id in &ids {
        let id: InvitationId = id.parse().map_err(|_| {
            PageError::new(StatusCode::BAD_REQUEST, |t| t.invalid_title, |t| t.bad_id)
        })?;
        match action.as_str() {
            "resend" => {
                resend_invitation(&state.services, &inviter, id, now()).await?;
            }
            "revoke" => revoke_invitation(&state.services, &inviter, id, now()).await?,
            _ => {
                return Err(Gate::Refused(PageError::new(
                    StatusCode::BAD_REQUEST,
                    |t| t.invalid_title,
                    |t| t.choose_action,
                )));
            }
        }
    }
    let done = if action == "resend" {
        "resent"
    } else {
        "revoked"
    };
    Ok(Redirect::to(&admin.path(&format!("/invitations?done={done}"))).into_response())
}

/// The confirmation of revoking the selected invitations, which posts them again.
fn confirm_revoke(admin: &super::Admin, ids: &[String]) -> Response {
    let texts = admin.deleted_texts();
    let mut fields = vec![("action".to_owned(), "revoke".to_owned())];
    fields.extend(ids.iter().map(|id| ("id".to_owned(), id.clone())));
    let confirmation = super::confirm::Confirmation {
        question: fill(texts.confirm_revoke, &[("count", &ids.len().to_string())]),
        consequences: vec![texts.consequence_revoke.to_owned()],
        action: admin.path("/invitations"),
        fields,
        button: texts.button_revoke.to_owned(),
        cancel: admin.path("/invitations"),
    };
    super::confirm::confirm(admin, "invitations", confirmation)
}

#[derive(Deserialize)]
struct ResetForm {
    email: String,
    #[serde(default)]
    send: Option<String>,
}

/// Reset redemption: the guest keeps its object, memberships and assignments, and
/// redeems again (possibly with another identity) through a new invitation.
async fn reset(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<ResetForm>,
) -> Result<Response, Gate> {
    let inviter = guest_inviter(&state.services, &admin.caller).await?;
    let guest: UserId = id.parse().map_err(|_| {
        PageError::new(
            StatusCode::NOT_FOUND,
            |t| t.not_found_title,
            |t| t.not_found,
        )
    })?;
    let fields = SingleInvitation {
        email: &form.email,
        display_name: "",
        invitation_text: "",
        redirect_url: "",
        cc_email: "",
        language: "",
        contact_url: "",
    };
    let row = check_single(&fields).map_err(|problems| {
        PageError::invalid(
            problems
                .into_iter()
                .map(|p| p.message)
                .collect::<Vec<_>>()
                .join(" "),
        )
    })?;
    let options = InviteOptions {
        send_message: form.send.is_some(),
    };
    reset_redemption(&state.services, &inviter, guest, row, options, now()).await?;
    Ok(Redirect::to(&admin.path(&format!("/users/{guest}"))).into_response())
}
