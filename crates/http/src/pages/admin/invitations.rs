//! Invitations in the portal: the tenant's invitations newest first with where each
//! stands (pending, accepted, revoked) and whether its email went out (delivered,
//! retrying, failed), filtered by status and paged by cursor; resend or revoke one or
//! a selection at once; and reset a guest's redemption from its user page.

use crate::texts::bulk as bulk_texts;
use crate::texts::languages as language_names;
use crate::texts::lists::ListTexts;
use crate::texts::portal::PortalTexts;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::directory::PageRequest;
use entente_domain::directory_reads::Listing;
use entente_domain::invitations::Language;
use entente_domain::invitations::invite::{
    InviteOptions, Invited, guest_inviter, resend_invitation, reset_redemption_as_before,
    revoke_invitation,
};
use entente_domain::lists;
use entente_model::{InvitationId, InvitationStatus, UserId};
use entente_storage::{Direction, Filter, InvitationField, Literal};
use serde::Deserialize;

use super::lists::{Header, count_line, dir_of, headers, link, sort_choice, texts as lists_texts};
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
    lists: &'static ListTexts,
    status: String,
    search: String,
    invitations: Vec<InvitationLine>,
    next: Option<String>,
    /// "Invitations found: 1,234".
    count: String,
    /// The sortable columns' headers (`address`, `invited`).
    headers: Vec<Header>,
    sort: &'static str,
    dir: &'static str,
    /// What the last action did, shown once.
    done: Option<String>,
    /// The language column's header.
    language_header: &'static str,
}

struct InvitationLine {
    id: String,
    email: String,
    guest_link: String,
    guest_name: String,
    status: &'static str,
    email_state: String,
    /// The invitation's language, named in the reader's.
    language: String,
    created: super::LocalTime,
    pending: bool,
}

impl InvitationLine {
    fn of(
        invited: &Invited,
        base: &str,
        texts: &'static PortalTexts,
        words: &'static ListTexts,
        to_files: bool,
        reader: Language,
    ) -> InvitationLine {
        let i = &invited.invitation;
        let email_state = match &invited.email {
            None => texts.email_not_sent.to_owned(),
            Some(e) => match e.status.as_str() {
                "sent" if to_files => texts.email_saved_to_folder.to_owned(),
                "sent" => texts.email_delivered.to_owned(),
                "failed" => texts
                    .email_failed
                    .arg(
                        "error",
                        e.last_error.as_deref().unwrap_or(texts.email_refused),
                    )
                    .to_string(),
                _ if e.attempts > 0 => texts
                    .email_retrying
                    .arg("attempts", e.attempts)
                    .arg("error", e.last_error.as_deref().unwrap_or(""))
                    .to_string(),
                _ => texts.email_queued.to_owned(),
            },
        };
        InvitationLine {
            id: i.id.to_string(),
            email: i.invited_email.clone(),
            guest_link: format!("{base}/users/{}", invited.guest.id),
            guest_name: invited.guest.display_name.clone(),
            status: match i.status {
                InvitationStatus::PendingAcceptance => words.state_pending,
                InvitationStatus::Completed => words.state_accepted,
                InvitationStatus::Revoked => texts.status_revoked,
            },
            email_state,
            language: language_names::name_of_tag(&i.language, reader),
            created: super::LocalTime::of(i.created_at),
            pending: i.status == InvitationStatus::PendingAcceptance,
        }
    }
}

#[derive(Deserialize)]
struct ListQuery {
    /// `pending`, `accepted`, `revoked` or empty for all.
    #[serde(default)]
    status: String,
    /// Any part of an invited address or display name.
    #[serde(default)]
    q: String,
    /// `invited` (the default, newest first) or `address`.
    #[serde(default)]
    sort: String,
    /// `asc` or `desc`.
    #[serde(default)]
    dir: String,
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
    let search = query.q.trim();
    let choice = sort_choice(
        &[
            ("invited", InvitationField::CreatedAt),
            ("address", InvitationField::InvitedEmail),
        ],
        &query.sort,
        &query.dir,
        if query.sort == "address" {
            Direction::Ascending
        } else {
            Direction::Descending
        },
    );
    let status = status_filter(&query.status)
        .map(|s| Filter::eq(InvitationField::Status, Literal::Text(s.as_str().into())));
    let listing = Listing {
        filter: Filter::both(
            status,
            (!search.is_empty()).then(|| lists::invitations_containing(search)),
        ),
        sort: Some(choice.sort),
        count: true,
        ..Listing::page(PageRequest {
            top: Some(PAGE_SIZE),
            skip_token: query.after.clone(),
        })
    };
    let found = lists::find_invitations(&state.services, &inviter, &listing).await?;
    let base = admin.path("");
    let path = format!("{base}/invitations");
    let keep = [("status", query.status.as_str()), ("q", search)];
    let next = found.skip_token.as_ref().map(|token| {
        link(
            &path,
            &keep,
            &[
                ("sort", choice.key),
                ("dir", dir_of(&choice)),
                ("after", token),
            ],
        )
    });
    let words = lists_texts(admin.language);
    let texts = admin.texts();
    let done = query.done.as_deref().map(|done| match done {
        "resent" => texts.invitations_resent.to_owned(),
        "revoked" => texts.invitations_revoked.to_owned(),
        _ => String::new(),
    });
    let headers = headers(
        &path,
        &keep,
        &choice,
        &[
            ("address", texts.invited_address),
            ("invited", texts.invited_on),
        ],
    );
    let listing = InvitationsPage {
        nav: admin.nav("invitations"),
        lists: words,
        count: count_line(words.invitations_found, found.count),
        headers,
        sort: choice.key,
        dir: dir_of(&choice),
        status: query.status.clone(),
        search: search.to_owned(),
        invitations: found
            .items
            .iter()
            .map(|i| {
                InvitationLine::of(
                    i,
                    &base,
                    texts,
                    words,
                    state.services.settings.mail_to_files,
                    admin.language,
                )
            })
            .collect(),
        next,
        done: done.filter(|d| !d.is_empty()),
        language_header: bulk_texts::for_language(admin.language).language,
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
        question: texts.confirm_revoke.arg("count", ids.len()).to_string(),
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
    let options = InviteOptions {
        send_message: form.send.is_some(),
    };
    reset_redemption_as_before(
        &state.services,
        &inviter,
        guest,
        Some(&form.email),
        options,
        now(),
    )
    .await?;
    let back = admin.path(&format!("/users/{guest}"));
    Ok(Redirect::to(&super::confirm::Notice::RedemptionReset.on(&back, guest)).into_response())
}
