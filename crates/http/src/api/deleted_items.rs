//! `/v1.0/directory/deletedItems`: deleted users, groups and applications, as Graph
//! shows them (each with its `deletedDateTime`), their restore and their permanent
//! deletion.
//!
//! The listings are cast to one type (`microsoft.graph.user`, or `graph.user` as
//! Microsoft's SDKs write it) and take the query options of that type's collection.
//! One item, a restore and a permanent delete take any id and answer with the object
//! and its `@odata.type`. Who may do what is the domain's business: the same
//! permission as deleting an object of that kind.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use entente_domain::deleted_items::{self, DeletedItem, DeletedObject};
use entente_domain::directory::{self, ApplicationView};
use entente_domain::directory_reads::Found;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::applications::{APPLICATIONS, ApplicationBody};
use super::groups::{GROUPS, GroupBody};
use super::openapi::{ListOptions, reference};
use super::query::{Collection, ODataQuery, Schema, counted};
use super::users::{USERS, UserBody};
use super::{ApiCaller, date_time, path_id, take_annotations, to_value};
use crate::AppState;
use crate::error::ApiError;
use entente_domain::access::Area;
use entente_model::{Application, Group, User};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(list_users_cast))
        .routes(routes!(list_groups))
        .routes(routes!(list_groups_cast))
        .routes(routes!(list_applications))
        .routes(routes!(list_applications_cast))
        .routes(routes!(read, remove))
        .routes(routes!(restore))
}

reference!(DeletedUsers => DeletedUserBody);
reference!(DeletedGroups => DeletedGroupBody);
reference!(DeletedApplications => DeletedApplicationBody);

/// A deleted user: the user, and when it was deleted.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = DeletedUser)]
struct DeletedUserBody {
    #[serde(flatten)]
    user: UserBody,
    #[schema(format = DateTime)]
    deleted_date_time: Option<String>,
}

/// A deleted group: the group, and when it was deleted.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = DeletedGroup)]
struct DeletedGroupBody {
    #[serde(flatten)]
    group: GroupBody,
    #[schema(format = DateTime)]
    deleted_date_time: Option<String>,
}

/// A deleted application: the registration, and when it was deleted.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = DeletedApplication)]
struct DeletedApplicationBody {
    #[serde(flatten)]
    application: ApplicationBody,
    #[schema(format = DateTime)]
    deleted_date_time: Option<String>,
}

/// A deleted (or just restored) object, with `@odata.type` saying which kind.
#[derive(Serialize, ToSchema)]
#[serde(tag = "@odata.type")]
#[schema(as = DeletedDirectoryObject)]
enum DeletedObjectBody {
    #[serde(rename = "#microsoft.graph.user")]
    User(DeletedUserBody),
    #[serde(rename = "#microsoft.graph.group")]
    Group(DeletedGroupBody),
    #[serde(rename = "#microsoft.graph.application")]
    Application(DeletedApplicationBody),
}

/// Graph's restore options: a new principal name for a user whose own is taken now.
/// `autoReconcileProxyConflict` is accepted; Entente has no proxy addresses.
#[derive(Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = DeletedItemRestore)]
struct RestoreBody {
    #[serde(default)]
    new_user_principal_name: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    auto_reconcile_proxy_conflict: Option<bool>,
}

fn user_body(item: &DeletedItem, typed: bool) -> Option<DeletedUserBody> {
    let DeletedObject::User(user) = &item.object else {
        return None;
    };
    let mut user = UserBody::from(user);
    if typed {
        user.odata_type = Some("#microsoft.graph.user");
    }
    Some(DeletedUserBody {
        user,
        deleted_date_time: date_time(item.deleted_at),
    })
}

fn group_body(item: &DeletedItem, typed: bool) -> Option<DeletedGroupBody> {
    let DeletedObject::Group(group) = &item.object else {
        return None;
    };
    let group = match typed {
        true => GroupBody::typed(group),
        false => GroupBody::from(group),
    };
    Some(DeletedGroupBody {
        group,
        deleted_date_time: date_time(item.deleted_at),
    })
}

/// A deleted application's body; its credentials are shown once it is restored.
fn application_body(item: &DeletedItem) -> Option<DeletedApplicationBody> {
    let DeletedObject::Application(application) = &item.object else {
        return None;
    };
    let view = ApplicationView {
        application: application.clone(),
        secrets: Vec::new(),
        keys: Vec::new(),
    };
    Some(DeletedApplicationBody {
        application: ApplicationBody::from(&view),
        deleted_date_time: date_time(item.deleted_at),
    })
}

fn object_body(item: &DeletedItem) -> Option<DeletedObjectBody> {
    match &item.object {
        DeletedObject::User(_) => user_body(item, false).map(DeletedObjectBody::User),
        DeletedObject::Group(_) => group_body(item, false).map(DeletedObjectBody::Group),
        DeletedObject::Application(_) => application_body(item).map(DeletedObjectBody::Application),
    }
}

/// The envelope of a page of deleted items of one kind.
fn page<F: entente_storage::Field>(
    state: &AppState,
    query: &ODataQuery,
    schema: &Schema<F>,
    cast: &str,
    found: Found<DeletedItem>,
    body: impl Fn(&DeletedItem) -> Option<Value>,
) -> Result<Json<Value>, ApiError> {
    let selection = query.selection(schema)?;
    let items = found.items.iter().filter_map(body).collect();
    Ok(counted(
        state,
        Some(query),
        &format!("directory/deletedItems/{cast}"),
        Some(&selection),
        items,
        found.skip_token,
        found.count,
    ))
}

async fn users(
    state: &AppState,
    caller: &entente_domain::access::Caller,
    query: &ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Users)?;
    let listing = query.listing(&USERS, true)?;
    let found = deleted_items::list_deleted::<User>(&state.services, access, &listing).await?;
    page(state, query, &USERS, "microsoft.graph.user", found, |i| {
        user_body(i, true).map(to_value)
    })
}

async fn groups(
    state: &AppState,
    caller: &entente_domain::access::Caller,
    query: &ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Groups)?;
    let listing = query.listing(&GROUPS, true)?;
    let found = deleted_items::list_deleted::<Group>(&state.services, access, &listing).await?;
    page(state, query, &GROUPS, "microsoft.graph.group", found, |i| {
        group_body(i, true).map(to_value)
    })
}

async fn applications(
    state: &AppState,
    caller: &entente_domain::access::Caller,
    query: &ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Applications)?;
    let listing = query.listing(&APPLICATIONS, false)?;
    let found =
        deleted_items::list_deleted::<Application>(&state.services, access, &listing).await?;
    page(
        state,
        query,
        &APPLICATIONS,
        "microsoft.graph.application",
        found,
        |i| application_body(i).map(to_value),
    )
}

/// List deleted users
///
/// The users in deleted items, each with its `deletedDateTime`; they are purged 30
/// days after it.
#[utoipa::path(get, path = "/v1.0/directory/deletedItems/microsoft.graph.user",
    operation_id = "deletedItems_listUsers", tag = "deletedItems", params(ListOptions),
    responses((status = 200, description = "A page of deleted users.", body = Collection<DeletedUsers>)))]
async fn list_users(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    users(&state, &caller, &query).await
}

/// List deleted users (short cast)
///
/// The same as `microsoft.graph.user`, as Microsoft's SDKs write the cast.
#[utoipa::path(get, path = "/v1.0/directory/deletedItems/graph.user",
    operation_id = "deletedItems_listUsersCast", tag = "deletedItems", params(ListOptions),
    responses((status = 200, description = "A page of deleted users.", body = Collection<DeletedUsers>)))]
async fn list_users_cast(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    users(&state, &caller, &query).await
}

/// List deleted groups
#[utoipa::path(get, path = "/v1.0/directory/deletedItems/microsoft.graph.group",
    operation_id = "deletedItems_listGroups", tag = "deletedItems", params(ListOptions),
    responses((status = 200, description = "A page of deleted groups.", body = Collection<DeletedGroups>)))]
async fn list_groups(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    groups(&state, &caller, &query).await
}

/// List deleted groups (short cast)
#[utoipa::path(get, path = "/v1.0/directory/deletedItems/graph.group",
    operation_id = "deletedItems_listGroupsCast", tag = "deletedItems", params(ListOptions),
    responses((status = 200, description = "A page of deleted groups.", body = Collection<DeletedGroups>)))]
async fn list_groups_cast(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    groups(&state, &caller, &query).await
}

/// List deleted applications
#[utoipa::path(get, path = "/v1.0/directory/deletedItems/microsoft.graph.application",
    operation_id = "deletedItems_listApplications", tag = "deletedItems", params(ListOptions),
    responses((status = 200, description = "A page of deleted applications.",
        body = Collection<DeletedApplications>)))]
async fn list_applications(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    applications(&state, &caller, &query).await
}

/// List deleted applications (short cast)
#[utoipa::path(get, path = "/v1.0/directory/deletedItems/graph.application",
    operation_id = "deletedItems_listApplicationsCast", tag = "deletedItems", params(ListOptions),
    responses((status = 200, description = "A page of deleted applications.",
        body = Collection<DeletedApplications>)))]
async fn list_applications_cast(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    applications(&state, &caller, &query).await
}

/// Get a deleted item
#[utoipa::path(get, path = "/v1.0/directory/deletedItems/{id}", operation_id = "deletedItems_get",
    tag = "deletedItems", params(("id" = String, Path, description = "The deleted object's id.")),
    responses((status = 200, description = "The deleted object.", body = DeletedObjectBody)))]
async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<DeletedObjectBody>, ApiError> {
    let item = deleted_items::deleted_item(&state.services, &caller, path_id(&id)?).await?;
    object_body(&item).map(Json).ok_or_else(ApiError::not_found)
}

/// Restore a deleted item
///
/// Brings the object back with its memberships, roles and assignments. A user whose
/// principal name another user has taken meanwhile is refused (409) unless the body
/// gives a `newUserPrincipalName`.
#[utoipa::path(post, path = "/v1.0/directory/deletedItems/{id}/restore",
    operation_id = "deletedItems_restore", tag = "deletedItems",
    params(("id" = String, Path, description = "The deleted object's id.")),
    request_body(content = Option<RestoreBody>, description = "Optional."),
    responses((status = 200, description = "The restored object.", body = DeletedObjectBody)))]
async fn restore(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<DeletedObjectBody>, ApiError> {
    let options = restore_options(&body)?;
    let id = path_id(&id)?;
    let now = crate::now();
    let item = deleted_items::restore(
        &state.services,
        &caller,
        id,
        options.new_user_principal_name,
        now,
    )
    .await?;
    let mut body = object_body(&item).ok_or_else(ApiError::not_found)?;
    // Restored: no `deletedDateTime` any more, and an application shows its
    // credentials again.
    match &mut body {
        DeletedObjectBody::User(user) => user.deleted_date_time = None,
        DeletedObjectBody::Group(group) => group.deleted_date_time = None,
        DeletedObjectBody::Application(application) => {
            let access = caller.read(Area::Applications)?;
            let view =
                directory::get_application(&state.services, access, entente_model::AppId(id))
                    .await?;
            application.application = ApplicationBody::from(&view);
            application.deleted_date_time = None;
        }
    }
    Ok(Json(body))
}

/// Delete a deleted item permanently
///
/// Erases the object and everything that hung off it at once; it cannot be restored.
#[utoipa::path(delete, path = "/v1.0/directory/deletedItems/{id}",
    operation_id = "deletedItems_delete", tag = "deletedItems",
    params(("id" = String, Path, description = "The deleted object's id.")),
    responses((status = 204, description = "Erased.")))]
async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    deleted_items::delete_permanently(&state.services, &caller, path_id(&id)?, crate::now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reads the optional body of a restore: none, `{}`, or Graph's options.
fn restore_options(body: &[u8]) -> Result<RestoreBody, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(RestoreBody::default());
    }
    let mut value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("The body is not JSON: {e}")))?;
    take_annotations(&mut value);
    serde_json::from_value(value).map_err(|e| {
        ApiError::bad_request(format!(
            "Failed to deserialize the JSON body into the target type: {e}"
        ))
    })
}
