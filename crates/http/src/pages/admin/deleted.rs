//! Deleted items in the portal: the users, groups and applications deleted in the
//! last 30 days, when each was deleted and when it will be erased, with Restore and
//! Delete permanently (confirmed first). The same use cases as the API's
//! `/directory/deletedItems`, with the member's own permissions.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::access::Area;
use entente_domain::deleted_items::{self, DeletedItem, DeletedObject};
use entente_domain::directory::PageRequest;
use entente_domain::directory_reads::{Found, Listing};
use uuid::Uuid;

use super::confirm::{ConfirmForm, Confirmation, Notice, confirm, named};
use super::{Admin, AdminPage, AdminPost, CsrfForm, Gate, Nav, parse_id};
use crate::AppState;
use crate::now;
use crate::pages::page;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/deleted", get(list))
        .route("/{tenant}/admin/deleted/{id}/restore", post(restore))
        .route("/{tenant}/admin/deleted/{id}/purge", post(purge))
}

/// Items of each kind the page reads (a tenant deletes far fewer in 30 days); the
/// page shows them newest deletion first.
const SHOWN: i64 = 200;

fn listing<F>() -> Listing<F> {
    Listing::page(PageRequest {
        top: Some(SHOWN),
        skip_token: None,
    })
}

#[derive(Template)]
#[template(path = "admin/deleted.html")]
struct DeletedPage {
    nav: Nav,
    items: Vec<ItemLine>,
    error: Option<String>,
}

struct ItemLine {
    id: String,
    name: String,
    /// The principal name of a user, the client id of an application.
    detail: String,
    kind: &'static str,
    deleted: super::LocalTime,
    purged: super::LocalTime,
    may_write: bool,
}

async fn list(
    State(state): State<AppState>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    deleted_page(&state, &admin, StatusCode::OK, None).await
}

async fn deleted_page(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, Gate> {
    let services = &state.services;
    let mut items: Vec<DeletedItem> = Vec::new();
    let mut add = |found: Found<DeletedItem>| items.extend(found.items);
    if let Ok(access) = admin.caller.read(Area::Users) {
        add(deleted_items::list_deleted_users(services, access, &listing()).await?);
    }
    if let Ok(access) = admin.caller.read(Area::Groups) {
        add(deleted_items::list_deleted_groups(services, access, &listing()).await?);
    }
    if let Ok(access) = admin.caller.read(Area::Applications) {
        add(deleted_items::list_deleted_applications(services, access, &listing()).await?);
    }
    if admin.caller.read(Area::Users).is_err()
        && admin.caller.read(Area::Groups).is_err()
        && admin.caller.read(Area::Applications).is_err()
    {
        return Err(DomainError::Forbidden("User.Read.All").into());
    }
    items.sort_by_key(|item| std::cmp::Reverse(item.deleted_at));
    let texts = admin.deleted_texts();
    let lines = items
        .iter()
        .map(|item| {
            let (kind, detail) = match &item.object {
                DeletedObject::User(u) => (texts.kind_user, u.user_principal_name.clone()),
                DeletedObject::Group(_) => (texts.kind_group, String::new()),
                DeletedObject::Application(a) => (texts.kind_application, a.client_id.clone()),
            };
            ItemLine {
                id: item.id().to_string(),
                name: item.display_name().to_owned(),
                detail,
                kind,
                deleted: super::LocalTime::of(item.deleted_at),
                purged: super::LocalTime::of(item.purged_at()),
                may_write: admin.caller.write(deleted_items::area(item.kind())).is_ok(),
            }
        })
        .collect();
    let deleted_page = DeletedPage {
        nav: admin.nav("deleted"),
        items: lines,
        error,
    };
    Ok(admin.respond(page(status, &deleted_page)))
}

async fn restore(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, .. }: AdminPost<CsrfForm>,
) -> Result<Response, Gate> {
    let id = parse_id::<Uuid>(&id)?;
    match deleted_items::restore(&state.services, &admin.caller, id, None, now()).await {
        Ok(item) => {
            let target = Notice::Restored.on(&admin.path("/deleted"), item.id());
            Ok(Redirect::to(&target).into_response())
        }
        Err(DomainError::Conflict(_)) => {
            let item = deleted_items::deleted_item(&state.services, &admin.caller, id).await?;
            let upn = match &item.object {
                DeletedObject::User(user) => user.user_principal_name.clone(),
                _ => String::new(),
            };
            let message = entente_domain::invitations::messages::fill(
                admin.deleted_texts().restore_taken,
                &[("name", item.display_name()), ("upn", &upn)],
            );
            deleted_page(&state, &admin, StatusCode::CONFLICT, Some(message)).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn purge(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<ConfirmForm>,
) -> Result<Response, Gate> {
    let id = parse_id::<Uuid>(&id)?;
    if !form.confirmed() {
        let item = deleted_items::deleted_item(&state.services, &admin.caller, id).await?;
        let texts = admin.deleted_texts();
        let confirmation = Confirmation {
            question: named(texts.confirm_purge, item.display_name()),
            consequences: vec![texts.consequence_purge.to_owned()],
            action: admin.path(&format!("/deleted/{id}/purge")),
            fields: Vec::new(),
            button: texts.delete_permanently.to_owned(),
            cancel: admin.path("/deleted"),
        };
        return Ok(confirm(&admin, "deleted", confirmation));
    }
    deleted_items::delete_permanently(&state.services, &admin.caller, id, now()).await?;
    let target = Notice::Purged.on(&admin.path("/deleted"), id);
    Ok(Redirect::to(&target).into_response())
}
