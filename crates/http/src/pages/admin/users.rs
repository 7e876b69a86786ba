//! Users in the portal: members and guests in one list with the guest attributes
//! (user type, invitation state, where the account lives), searchable and paged by
//! cursor so a tenant of 100,000 users pages as fast as one of ten; and one user's
//! page, where an admin blocks, unblocks or deletes the account.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::access::Area;
use entente_domain::directory::{self, Lockout, NewMember, PageRequest};
use entente_domain::directory_reads::{self, Listing};
use entente_domain::invitations::messages::fill;
use entente_domain::portal_texts::PortalTexts;
use entente_model::{User, UserId, UserType};
use entente_storage::{Filter, Literal, UserField, UserPatch};
use serde::Deserialize;

use super::confirm::{ConfirmForm, Confirmation, Notice, confirm, named};
use super::{AdminPage, AdminPost, CsrfForm, Gate, Nav, parse_id};
use crate::AppState;
use crate::now;
use crate::pages::page;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/users", get(list).post(create))
        .route("/{tenant}/admin/users/{id}", get(show).post(rename))
        .route("/{tenant}/admin/users/{id}/block", post(block))
        .route("/{tenant}/admin/users/{id}/unblock", post(unblock))
        .route("/{tenant}/admin/users/{id}/delete", post(delete))
}

/// Users shown per page.
const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    nav: Nav,
    search: String,
    kind: String,
    users: Vec<UserLine>,
    next: Option<String>,
    may_write: bool,
    /// The initial domain, the suffix a new member's principal name can take.
    initial_domain: String,
    error: Option<String>,
}

/// One user as the list and the user page show it.
struct UserLine {
    id: String,
    link: String,
    display_name: String,
    principal_name: String,
    mail: String,
    user_type: &'static str,
    state: &'static str,
    source: String,
    enabled: bool,
}

impl UserLine {
    fn of(user: &User, base: &str, texts: &PortalTexts) -> UserLine {
        let source = match (user.user_type, user.home_tenant_id) {
            (UserType::Member, _) => texts.source_member.to_owned(),
            (UserType::Guest, Some(home)) => {
                fill(texts.source_guest_home, &[("home", &home.to_string())])
            }
            (UserType::Guest, None) => texts.source_guest_pending.to_owned(),
        };
        UserLine {
            id: user.id.to_string(),
            link: format!("{base}/users/{}", user.id),
            display_name: user.display_name.clone(),
            principal_name: user.user_principal_name.clone(),
            mail: user.mail.clone().unwrap_or_default(),
            user_type: user.user_type.as_str(),
            state: user.external_user_state.map_or("", |s| s.as_str()),
            source,
            enabled: user.account_enabled,
        }
    }
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    q: String,
    /// `member`, `guest` or empty for both.
    #[serde(default)]
    kind: String,
    after: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    users_page(&state, &admin, &query, StatusCode::OK, None).await
}

async fn users_page(
    state: &AppState,
    admin: &super::Admin,
    query: &ListQuery,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, Gate> {
    let access = admin.caller.read(Area::Users)?;
    let search = query.q.trim();
    // One filter at a time, as the API's `$filter` takes them: an address is looked
    // up exactly, other text as the start of a display name.
    let kind = |t: UserType| Filter::eq(UserField::UserType, Literal::Text(t.as_str().into()));
    let filter = if search.contains('@') {
        Some(Filter::eq(
            UserField::Mail,
            Literal::Text(search.to_owned()),
        ))
    } else if !search.is_empty() {
        Some(Filter::starts_with(UserField::DisplayName, search))
    } else {
        match query.kind.as_str() {
            "guest" => Some(kind(UserType::Guest)),
            "member" => Some(kind(UserType::Member)),
            _ => None,
        }
    };
    let listing = Listing {
        filter,
        ..Listing::page(PageRequest {
            top: Some(PAGE_SIZE),
            skip_token: query.after.clone(),
        })
    };
    let found = directory_reads::list_users(&state.services, access, &listing).await?;
    let base = admin.path("");
    let next = found.skip_token.map(|token| {
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        url.append_pair("q", search)
            .append_pair("kind", &query.kind)
            .append_pair("after", &token);
        format!("{base}/users?{}", url.finish())
    });
    let users_page = UsersPage {
        nav: admin.nav("users"),
        search: search.to_owned(),
        kind: query.kind.clone(),
        users: found
            .items
            .iter()
            .map(|u| UserLine::of(u, &base, admin.texts()))
            .collect(),
        next,
        may_write: admin.caller.write(Area::Users).is_ok(),
        initial_domain: admin.tenant.initial_domain.clone(),
        error,
    };
    Ok(admin.respond(page(status, &users_page)))
}

#[derive(Deserialize)]
struct CreateForm {
    display_name: String,
    user_principal_name: String,
    #[serde(default)]
    mail: String,
    #[serde(default)]
    password: String,
}

/// A new member of the tenant; without a password it cannot sign in with one until
/// an admin sets it (through the API).
async fn create(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<CreateForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Users)?;
    let optional = |value: &str| {
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_owned())
    };
    let request = NewMember {
        display_name: form.display_name,
        user_principal_name: form.user_principal_name,
        mail: optional(&form.mail),
        account_enabled: true,
        password: (!form.password.is_empty()).then_some(form.password),
    };
    match directory::create_user(&state.services, &access, request, now()).await {
        Ok(user) => {
            let target =
                Notice::UserCreated.on(&admin.path(&format!("/users/{}", user.id)), user.id);
            Ok(Redirect::to(&target).into_response())
        }
        Err(entente_domain::DomainError::Invalid(message))
        | Err(entente_domain::DomainError::Conflict(message)) => {
            let query = ListQuery {
                q: String::new(),
                kind: String::new(),
                after: None,
            };
            users_page(
                &state,
                &admin,
                &query,
                StatusCode::BAD_REQUEST,
                Some(message),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct RenameForm {
    display_name: String,
}

async fn rename(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<RenameForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Users)?;
    let id = parse_id::<UserId>(&id)?;
    let patch = UserPatch {
        display_name: Some(form.display_name),
        ..UserPatch::default()
    };
    directory::update_user(&state.services, &access, id, patch, now()).await?;
    let target = Notice::Saved.on(&admin.path(&format!("/users/{id}")), id);
    Ok(Redirect::to(&target).into_response())
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    nav: Nav,
    user: UserLine,
    sign_in_name: String,
    alternative_security_id: String,
    created: String,
    may_write: bool,
    may_invite: bool,
    actions: String,
    /// "Name, date" of the newest invitation of a guest; empty for members.
    invited_by: String,
    /// Why the last change was refused, in the reader's language.
    error: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    user_page(
        &state,
        &admin,
        parse_id::<UserId>(&id)?,
        StatusCode::OK,
        None,
    )
    .await
}

/// A refusal to lock the organization out of its administration, said in the
/// reader's language.
fn lockout_message(texts: &PortalTexts, lockout: &Lockout) -> String {
    match lockout {
        Lockout::Own { delete: false } => texts.cannot_block_yourself.to_owned(),
        Lockout::Own { delete: true } => texts.cannot_delete_yourself.to_owned(),
        Lockout::LastAdministrator { name, delete } => {
            let text = if *delete {
                texts.last_admin_delete
            } else {
                texts.last_admin_block
            };
            fill(text, &[("name", name)])
        }
    }
}

async fn user_page(
    state: &AppState,
    admin: &super::Admin,
    id: UserId,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, Gate> {
    let access = admin.caller.read(Area::Users)?;
    let user = directory::get_user(&state.services, access, id).await?;
    let origin = directory::guest_origin(&state.services, access, &user).await?;
    let base = admin.path("");
    let texts = admin.texts();
    let mut line = UserLine::of(&user, &base, texts);
    if let Some(home) = &origin.home_tenant {
        line.source = fill(texts.source_guest_home, &[("home", home)]);
    }
    let invited_by = match (&origin.invited_by, origin.invited_at) {
        (Some(name), Some(at)) => {
            format!("{name}, {}", crate::api::date_time(at).unwrap_or_default())
        }
        (None, Some(at)) => crate::api::date_time(at).unwrap_or_default(),
        _ => String::new(),
    };
    let user_page = UserPage {
        nav: admin.nav("users"),
        sign_in_name: user.sign_in_name.clone().unwrap_or_default(),
        alternative_security_id: user.alternative_security_id.clone().unwrap_or_default(),
        created: crate::api::date_time(user.created_at).unwrap_or_default(),
        may_write: admin.caller.write(Area::Users).is_ok(),
        may_invite: admin.caller.may_invite(),
        actions: format!("{base}/users/{}", user.id),
        invited_by,
        user: line,
        error,
    };
    Ok(admin.respond(page(status, &user_page)))
}

async fn set_enabled(
    state: AppState,
    admin: super::Admin,
    id: String,
    enabled: bool,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Users)?;
    let patch = UserPatch {
        account_enabled: Some(enabled),
        ..UserPatch::default()
    };
    let id = parse_id::<UserId>(&id)?;
    match directory::update_user(&state.services, &access, id, patch, now()).await {
        Ok(()) => {
            let notice = if enabled {
                Notice::Unblocked
            } else {
                Notice::Blocked
            };
            let target = notice.on(&admin.path(&format!("/users/{id}")), id);
            Ok(Redirect::to(&target).into_response())
        }
        Err(DomainError::LockedOut(lockout)) => {
            let message = lockout_message(admin.texts(), &lockout);
            user_page(&state, &admin, id, StatusCode::FORBIDDEN, Some(message)).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn block(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<ConfirmForm>,
) -> Result<Response, Gate> {
    // One's own account is refused at once, with the reason, unasked.
    if !form.confirmed() && admin.user.id.to_string() != id {
        return confirm_for(&state, &admin, &id, false).await;
    }
    set_enabled(state, admin, id, false).await
}

/// The confirmation of blocking (or, with `delete`, deleting) a user, naming them.
async fn confirm_for(
    state: &AppState,
    admin: &super::Admin,
    id: &str,
    delete: bool,
) -> Result<Response, Gate> {
    let id = parse_id::<UserId>(id)?;
    let user = directory::get_user(&state.services, admin.caller.read(Area::Users)?, id).await?;
    let texts = admin.deleted_texts();
    let (question, consequence, button, action) = match delete {
        true => (
            texts.confirm_delete_user,
            texts.consequence_delete_user,
            texts.button_delete,
            "delete",
        ),
        false => (
            texts.confirm_block_user,
            texts.consequence_block_user,
            texts.button_block,
            "block",
        ),
    };
    let confirmation = Confirmation {
        question: named(question, &user.display_name),
        consequences: vec![consequence.to_owned()],
        action: admin.path(&format!("/users/{id}/{action}")),
        fields: Vec::new(),
        button: button.to_owned(),
        cancel: admin.path(&format!("/users/{id}")),
    };
    Ok(confirm(admin, "users", confirmation))
}

async fn unblock(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, .. }: AdminPost<CsrfForm>,
) -> Result<Response, Gate> {
    set_enabled(state, admin, id, true).await
}

async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<ConfirmForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Users)?;
    if !form.confirmed() && admin.user.id.to_string() != id {
        return confirm_for(&state, &admin, &id, true).await;
    }
    let id = parse_id::<UserId>(&id)?;
    match directory::delete_user(&state.services, &access, id, now()).await {
        Ok(()) => Ok(Redirect::to(&Notice::Deleted.on(&admin.path("/users"), id)).into_response()),
        Err(DomainError::LockedOut(lockout)) => {
            let message = lockout_message(admin.texts(), &lockout);
            user_page(&state, &admin, id, StatusCode::FORBIDDEN, Some(message)).await
        }
        Err(other) => Err(other.into()),
    }
}
