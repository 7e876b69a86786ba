//! `/v1.0/groups/{id}/owners`: the users who answer for a group, as Graph has them:
//! listed as directory objects, added and removed by `$ref`. An access review may
//! name them as its reviewers (`/groups/{id}/owners`). Governed by the groups
//! permissions.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use entente_domain::access::Area;
use entente_domain::group_owners;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::groups::{MemberRef, member, member_id};
use super::openapi::reference;
use super::query::Collection;
use super::users::UserBody;
use super::{ApiCaller, ApiJson, collection, path_id};
use crate::AppState;
use crate::error::ApiError;

reference!(Owners => UserBody);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(add))
        .routes(routes!(remove))
}

/// List a group's owners
#[utoipa::path(get, path = "/v1.0/groups/{id}/owners", operation_id = "groups_listOwners",
    tag = "groups", params(("id" = String, Path, description = "The group's id.")),
    responses((status = 200, description = "The group's owners, by name.",
        body = Collection<Owners>)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let access = caller.read(Area::Groups)?;
    let found = group_owners::list(&state.services, access, path_id(&id)?).await?;
    let items = found.iter().map(member).collect();
    Ok(collection(&state, None, "directoryObjects", items, None))
}

/// Add an owner
///
/// A user of the tenant, by `@odata.id`.
#[utoipa::path(post, path = "/v1.0/groups/{id}/owners/$ref", operation_id = "groups_addOwner",
    tag = "groups", params(("id" = String, Path, description = "The group's id.")),
    request_body = MemberRef, responses((status = 204, description = "Added.")))]
async fn add(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MemberRef>,
) -> Result<StatusCode, ApiError> {
    let access = caller.group_members()?;
    let owner = member_id(&body.odata_id)?;
    group_owners::add(&state.services, &access, path_id(&id)?, owner, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove an owner
#[utoipa::path(delete, path = "/v1.0/groups/{id}/owners/{owner}/$ref",
    operation_id = "groups_removeOwner", tag = "groups",
    params(("id" = String, Path, description = "The group's id."),
        ("owner" = String, Path, description = "The owner's id.")),
    responses((status = 204, description = "Removed.")))]
async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, owner)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let access = caller.group_members()?;
    let group = path_id(&id)?;
    let owner = path_id(&owner)?;
    group_owners::remove(&state.services, &access, group, owner, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
