//! Deleted items in the portal, as Entra's shows them: one list per kind (users,
//! groups, applications) with how many there are, the newest deletion first, each
//! paged by its own cursor ("Next page"), with when each item was deleted and when it
//! will be erased, and Restore and Delete permanently (confirmed first). The same use
//! cases as the API's `/directory/deletedItems`, with the member's own permissions: a
//! kind the member may not read is not listed.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::access::Area;
use entente_domain::deleted_items::{self, DeletedItem, DeletedObject};
use entente_domain::directory::PageRequest;
use entente_domain::directory_reads::Found;
use entente_model::{Application, Group, User};
use serde::Deserialize;
use uuid::Uuid;

use super::confirm::{ConfirmForm, Confirmation, Notice, confirm, named};
use super::lists::{count_line, link};
use super::{Admin, AdminPage, AdminPost, CsrfForm, Gate, Nav, parse_id};
use crate::AppState;
use crate::now;
use crate::pages::page;
use entente_i18n::Message;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/deleted", get(list))
        .route("/{tenant}/admin/deleted/{id}/restore", post(restore))
        .route("/{tenant}/admin/deleted/{id}/purge", post(purge))
}

/// Items of each kind shown per page.
const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "admin/deleted.html")]
struct DeletedPage {
    nav: Nav,
    sections: Vec<Section>,
    error: Option<String>,
}

/// The list of one kind of deleted items.
struct Section {
    /// `users`, `groups` or `applications`: the address's cursor and the elements' ids.
    key: &'static str,
    /// "Deleted users: 1,234".
    title: String,
    items: Vec<ItemLine>,
    /// The next page of this kind, the other kinds' pages kept.
    next: Option<String>,
}

struct ItemLine {
    id: String,
    name: String,
    /// The principal name of a user, the client id of an application.
    detail: String,
    deleted: super::LocalTime,
    purged: super::LocalTime,
    may_write: bool,
}

/// Where each kind's list starts: after the cursor its last "Next page" gave.
#[derive(Deserialize, Default)]
struct ListQuery {
    users: Option<String>,
    groups: Option<String>,
    applications: Option<String>,
}

impl ListQuery {
    fn after(&self, key: &str) -> Option<String> {
        match key {
            "users" => self.users.clone(),
            "groups" => self.groups.clone(),
            _ => self.applications.clone(),
        }
        .filter(|token| !token.is_empty())
    }
}

async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    deleted_page(&state, &admin, &query, StatusCode::OK, None).await
}

async fn deleted_page(
    state: &AppState,
    admin: &Admin,
    query: &ListQuery,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, Gate> {
    let services = &state.services;
    let texts = admin.deleted_texts();
    let page_of = |key| PageRequest {
        top: Some(PAGE_SIZE),
        skip_token: query.after(key),
    };
    let mut found: Vec<(&'static str, Message, Found<DeletedItem>)> = Vec::new();
    if let Ok(access) = admin.caller.read(Area::Users) {
        let page = deleted_items::newest_deleted::<User>(services, access, page_of("users"));
        found.push(("users", texts.section_users, page.await?));
    }
    if let Ok(access) = admin.caller.read(Area::Groups) {
        let page = deleted_items::newest_deleted::<Group>(services, access, page_of("groups"));
        found.push(("groups", texts.section_groups, page.await?));
    }
    if let Ok(access) = admin.caller.read(Area::Applications) {
        let page =
            deleted_items::newest_deleted::<Application>(services, access, page_of("applications"));
        found.push(("applications", texts.section_applications, page.await?));
    }
    if found.is_empty() {
        return Err(DomainError::Forbidden("User.Read.All").into());
    }
    let path = admin.path("/deleted");
    let kept: Vec<(&str, String)> = ["users", "groups", "applications"]
        .into_iter()
        .map(|key| (key, query.after(key).unwrap_or_default()))
        .collect();
    let sections = found
        .into_iter()
        // A kind with nothing deleted is not listed at all.
        .filter(|(_, _, page)| page.count.unwrap_or(0) > 0 || !page.items.is_empty())
        .map(|(key, title, page)| {
            let next = page.skip_token.map(|token| {
                let params: Vec<(&str, &str)> = kept
                    .iter()
                    .map(|(k, v)| {
                        (
                            *k,
                            if *k == key {
                                token.as_str()
                            } else {
                                v.as_str()
                            },
                        )
                    })
                    .collect();
                link(&path, &params, &[])
            });
            Section {
                key,
                title: count_line(title, page.count),
                items: page.items.iter().map(|item| line(admin, item)).collect(),
                next,
            }
        })
        .collect();
    let deleted_page = DeletedPage {
        nav: admin.nav("deleted"),
        sections,
        error,
    };
    Ok(admin.respond(page(status, &deleted_page)))
}

fn line(admin: &Admin, item: &DeletedItem) -> ItemLine {
    let detail = match &item.object {
        DeletedObject::User(u) => u.user_principal_name.clone(),
        DeletedObject::Group(_) => String::new(),
        DeletedObject::Application(a) => a.client_id.clone(),
    };
    ItemLine {
        id: item.id().to_string(),
        name: item.display_name().to_owned(),
        detail,
        deleted: super::LocalTime::of(item.deleted_at),
        purged: super::LocalTime::of(item.purged_at()),
        may_write: admin.caller.write(deleted_items::area(item.kind())).is_ok(),
    }
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
            let message = admin
                .deleted_texts()
                .restore_taken
                .arg("name", item.display_name())
                .arg("upn", &upn)
                .to_string();
            let query = ListQuery::default();
            deleted_page(&state, &admin, &query, StatusCode::CONFLICT, Some(message)).await
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
