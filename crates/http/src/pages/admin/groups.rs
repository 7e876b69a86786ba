//! Groups in the portal: the list (searchable by name, paged), creating one, and a
//! group's page with its members, where an admin adds a member by address or removes
//! one, or deletes the group.

use crate::texts::lists::ListTexts;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::access::Area;
use entente_domain::directory::{self, NewGroup, PageRequest};
use entente_domain::directory_reads::{self, Listing};
use entente_domain::lists;
use entente_model::GroupId;
use entente_storage::{Direction, GroupField};
use serde::Deserialize;

use super::confirm::{ConfirmForm, Confirmation, Notice, confirm, named};
use super::field_errors::FieldErrors;
use super::lists::{Header, count_line, dir_of, headers, link, sort_choice, texts as lists_texts};
use super::{AdminPage, AdminPost, Gate, Nav, find_user, not_found, parse_id};
use crate::AppState;
use crate::now;
use crate::pages::page;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/groups", get(list).post(create))
        .route("/{tenant}/admin/groups/{id}", get(show))
        .route("/{tenant}/admin/groups/{id}/members", post(add_member))
        .route(
            "/{tenant}/admin/groups/{id}/members/remove",
            post(remove_member),
        )
        .route("/{tenant}/admin/groups/{id}/delete", post(delete))
        .route("/{tenant}/admin/groups/{id}/owners", post(add_owner))
        .route(
            "/{tenant}/admin/groups/{id}/owners/remove",
            post(remove_owner),
        )
}

#[derive(Template)]
#[template(path = "admin/groups.html")]
struct GroupsPage {
    nav: Nav,
    lists: &'static ListTexts,
    search: String,
    groups: Vec<GroupLine>,
    next: Option<String>,
    /// "Groups found: 12".
    count: String,
    /// The name column's header, which sorts.
    headers: Vec<Header>,
    dir: &'static str,
    may_write: bool,
    error: Option<String>,
    /// The new group form's problems beside its fields, and what was typed.
    fields: FieldErrors,
}

struct GroupLine {
    link: String,
    name: String,
    description: String,
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    q: String,
    /// `asc` (the default) or `desc`, by name.
    #[serde(default)]
    dir: String,
    after: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let fields = FieldErrors::new(admin.language);
    groups_page(&state, &admin, &query, StatusCode::OK, None, fields).await
}

async fn groups_page(
    state: &AppState,
    admin: &super::Admin,
    query: &ListQuery,
    status: StatusCode,
    error: Option<String>,
    fields: FieldErrors,
) -> Result<Response, Gate> {
    let access = admin.caller.read(Area::Groups)?;
    let search = query.q.trim();
    let request = PageRequest {
        top: Some(50),
        skip_token: query.after.clone(),
    };
    let choice = sort_choice(
        &[("name", GroupField::DisplayName)],
        "name",
        &query.dir,
        Direction::Ascending,
    );
    let listing = Listing {
        filter: (!search.is_empty()).then(|| lists::groups_containing(search)),
        sort: Some(choice.sort),
        count: true,
        ..Listing::page(request)
    };
    let found = directory_reads::list_groups(&state.services, access, &listing).await?;
    let base = admin.path("");
    let path = format!("{base}/groups");
    let keep = [("q", search)];
    let next = found
        .skip_token
        .as_ref()
        .map(|token| link(&path, &keep, &[("dir", dir_of(&choice)), ("after", token)]));
    let words = lists_texts(admin.language);
    let headers = headers(&path, &keep, &choice, &[("name", admin.texts().name)]);
    let groups_page = GroupsPage {
        nav: admin.nav("groups"),
        lists: words,
        count: count_line(words.groups_found, found.count),
        headers,
        dir: dir_of(&choice),
        search: search.to_owned(),
        groups: found
            .items
            .iter()
            .map(|g| GroupLine {
                link: format!("{base}/groups/{}", g.id),
                name: g.display_name.clone(),
                description: g.description.clone().unwrap_or_default(),
            })
            .collect(),
        next,
        may_write: admin.caller.write(Area::Groups).is_ok(),
        error,
        fields,
    };
    Ok(admin.respond(page(status, &groups_page)))
}

#[derive(Deserialize)]
struct CreateForm {
    display_name: String,
    #[serde(default)]
    description: String,
}

async fn create(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<CreateForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Groups)?;
    let description = form.description.trim();
    let request = NewGroup {
        display_name: form.display_name.clone(),
        description: (!description.is_empty()).then(|| description.to_owned()),
    };
    match directory::create_group(&state.services, &access, request, now()).await {
        Ok(group) => {
            let target =
                Notice::GroupCreated.on(&admin.path(&format!("/groups/{}", group.id)), group.id);
            Ok(Redirect::to(&target).into_response())
        }
        Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
            let typed = vec![
                ("display_name", form.display_name),
                ("description", form.description),
            ];
            let (fields, message) =
                FieldErrors::refused(admin.language, &error, &NEW_GROUP_INPUTS, typed);
            let query = ListQuery {
                q: String::new(),
                dir: String::new(),
                after: None,
            };
            let status = StatusCode::BAD_REQUEST;
            groups_page(&state, &admin, &query, status, message, fields).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The new group form's inputs by the API names of their fields.
const NEW_GROUP_INPUTS: [(&str, &str); 2] = [
    ("displayName", "display_name"),
    ("description", "description"),
];

#[derive(Template)]
#[template(path = "admin/group.html")]
struct GroupPage {
    nav: Nav,
    id: String,
    name: String,
    description: String,
    members: Vec<MemberLine>,
    more_members: bool,
    /// Who answers for the group (access reviews may ask them).
    owners: Vec<MemberLine>,
    reviews: &'static crate::texts::reviews::ReviewTexts,
    may_write: bool,
    error: Option<String>,
    /// The add member form's problem beside its field, and what was typed.
    fields: FieldErrors,
}

struct MemberLine {
    id: String,
    link: String,
    name: String,
    principal_name: String,
    user_type: &'static str,
}

async fn group_page(
    state: &AppState,
    admin: &super::Admin,
    id: GroupId,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, Gate> {
    let fields = FieldErrors::new(admin.language);
    group_page_with(state, admin, id, status, (error, fields)).await
}

/// The group's page, with a refused new member's problem beside its field.
async fn group_page_with(
    state: &AppState,
    admin: &super::Admin,
    id: GroupId,
    status: StatusCode,
    (error, fields): (Option<String>, FieldErrors),
) -> Result<Response, Gate> {
    let access = admin.caller.read(Area::Groups)?;
    let group = directory::get_group(&state.services, access, id).await?;
    let request = PageRequest {
        top: Some(500),
        skip_token: None,
    };
    let members =
        directory_reads::list_group_members(&state.services, access, id, &Listing::page(request))
            .await?;
    let owners = entente_domain::group_owners::list(&state.services, access, id).await?;
    let base = admin.path("");
    let line = |u: &entente_model::User| MemberLine {
        id: u.id.to_string(),
        link: format!("{base}/users/{}", u.id),
        name: u.display_name.clone(),
        principal_name: u.user_principal_name.clone(),
        user_type: u.user_type.as_str(),
    };
    let group_page = GroupPage {
        nav: admin.nav("groups"),
        id: group.id.to_string(),
        name: group.display_name,
        description: group.description.unwrap_or_default(),
        more_members: members.skip_token.is_some(),
        members: members.items.iter().map(line).collect(),
        owners: owners.iter().map(line).collect(),
        reviews: crate::texts::reviews::for_language(admin.language),
        may_write: admin.caller.write(Area::Groups).is_ok(),
        error,
        fields,
    };
    Ok(admin.respond(page(status, &group_page)))
}

async fn show(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    group_page(
        &state,
        &admin,
        parse_id::<GroupId>(&id)?,
        StatusCode::OK,
        None,
    )
    .await
}

#[derive(Deserialize)]
struct MemberForm {
    /// An email address or user principal name, or a user id (remove).
    user: String,
}

async fn add_member(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<MemberForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.group_members()?;
    let group = parse_id::<GroupId>(&id)?;
    let Some(user) = find_user(&state, &admin, &form.user).await? else {
        let message = admin
            .texts()
            .no_user_has_address
            .arg("address", form.user.trim())
            .to_string();
        let mut fields = FieldErrors::new(admin.language).keeping(vec![("member-user", form.user)]);
        fields.add("member-user", message);
        let status = StatusCode::BAD_REQUEST;
        return group_page_with(&state, &admin, group, status, (None, fields)).await;
    };
    match directory::add_group_member(&state.services, &access, group, user.id, now()).await {
        Ok(()) => {
            let target = Notice::MemberAdded.on(&admin.path(&format!("/groups/{group}")), group);
            Ok(Redirect::to(&target).into_response())
        }
        Err(entente_domain::DomainError::Invalid(message))
        | Err(entente_domain::DomainError::Field { message, .. })
        | Err(entente_domain::DomainError::Conflict(message)) => {
            group_page(
                &state,
                &admin,
                group,
                StatusCode::BAD_REQUEST,
                Some(message),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

async fn remove_member(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<MemberForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.group_members()?;
    let group = parse_id::<GroupId>(&id)?;
    let user = form.user.parse().map_err(|_| not_found())?;
    directory::remove_group_member(&state.services, &access, group, user, now()).await?;
    let target = Notice::MemberRemoved.on(&admin.path(&format!("/groups/{group}")), group);
    Ok(Redirect::to(&target).into_response())
}

/// Makes a user (by address or id) an owner of the group; an address that names
/// nobody is refused beside its field.
async fn add_owner(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<MemberForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.group_members()?;
    let group = parse_id::<GroupId>(&id)?;
    let Some(user) = find_user(&state, &admin, &form.user).await? else {
        let message = admin
            .texts()
            .no_user_has_address
            .arg("address", form.user.trim())
            .to_string();
        let mut fields = FieldErrors::new(admin.language).keeping(vec![("owner-user", form.user)]);
        fields.add("owner-user", message);
        let status = StatusCode::BAD_REQUEST;
        return group_page_with(&state, &admin, group, status, (None, fields)).await;
    };
    match entente_domain::group_owners::add(&state.services, &access, group, user.id, now()).await {
        Ok(()) => Ok(Redirect::to(&admin.path(&format!("/groups/{group}"))).into_response()),
        Err(DomainError::Conflict(message)) => {
            group_page(
                &state,
                &admin,
                group,
                StatusCode::BAD_REQUEST,
                Some(message),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

async fn remove_owner(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<MemberForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.group_members()?;
    let group = parse_id::<GroupId>(&id)?;
    let user = form.user.parse().map_err(|_| not_found())?;
    entente_domain::group_owners::remove(&state.services, &access, group, user, now()).await?;
    Ok(Redirect::to(&admin.path(&format!("/groups/{group}"))).into_response())
}

async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<ConfirmForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Groups)?;
    let id = parse_id::<GroupId>(&id)?;
    if !form.confirmed() {
        let group =
            directory::get_group(&state.services, admin.caller.read(Area::Groups)?, id).await?;
        let texts = admin.deleted_texts();
        let confirmation = Confirmation {
            question: named(texts.confirm_delete_group, &group.display_name),
            consequences: vec![texts.consequence_delete_group.to_owned()],
            action: admin.path(&format!("/groups/{id}/delete")),
            fields: Vec::new(),
            button: texts.button_delete.to_owned(),
            cancel: admin.path(&format!("/groups/{id}")),
        };
        return Ok(confirm(&admin, "groups", confirmation));
    }
    directory::delete_group(&state.services, &access, id, now()).await?;
    Ok(Redirect::to(&Notice::Deleted.on(&admin.path("/groups"), id)).into_response())
}
