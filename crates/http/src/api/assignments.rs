//! App role assignments: `/v1.0/users/{id}/appRoleAssignments`,
//! `/v1.0/groups/{id}/appRoleAssignments` and `/v1.0/applications/{id}/appRoleAssignedTo`.
//!
//! An assignment is reached through the principal holding it, as in Graph; the
//! principal in the path and the `principalId` of the body must agree. Assignments
//! on users are governed by the users permission, on groups by the groups one, and
//! an application's list by the applications one.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use entente_domain::access::{Area, Caller};
use entente_domain::directory::{self, AssignmentView, NewAssignment, Principal};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::reference;
use super::query::Collection;
use super::{ApiCaller, ApiJson, collection, date_time, path_id, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_of_user, assign_user))
        .routes(routes!(remove_of_user))
        .routes(routes!(list_of_group, assign_group))
        .routes(routes!(remove_of_group))
        .routes(routes!(assigned_to))
}

reference!(Assignments => AssignmentBody);

/// An app role of an application (`resourceId`) granted to a user or a group.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = AppRoleAssignment)]
pub(super) struct AssignmentBody {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = Uuid)]
    principal_id: String,
    /// `User` or `Group`.
    principal_type: &'static str,
    principal_display_name: Option<String>,
    /// The application's object id.
    #[schema(format = Uuid)]
    pub(super) resource_id: String,
    resource_display_name: Option<String>,
    /// The role's id; the empty GUID is the default access of an application without roles.
    #[schema(format = Uuid)]
    app_role_id: String,
    #[schema(format = DateTime)]
    created_date_time: Option<String>,
}

impl From<&AssignmentView> for AssignmentBody {
    fn from(view: &AssignmentView) -> Self {
        let a = &view.assignment;
        AssignmentBody {
            id: a.id.to_string(),
            principal_id: a.principal_id.to_string(),
            principal_type: a.principal_type.as_str(),
            principal_display_name: view.principal_display_name.clone(),
            resource_id: a.resource_id.to_string(),
            resource_display_name: view.resource_display_name.clone(),
            app_role_id: a.app_role_id.to_string(),
            created_date_time: date_time(a.created_at),
        }
    }
}

/// The assignment to make; `principalId` must be the user or group of the path.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = AppRoleAssignmentCreate)]
pub(super) struct AssignRequest {
    pub(super) principal_id: uuid::Uuid,
    pub(super) resource_id: uuid::Uuid,
    #[serde(default)]
    pub(super) app_role_id: uuid::Uuid,
}

/// Which kind of principal a route's `{id}` names, and the area guarding it.
#[derive(Clone, Copy)]
enum Kind {
    User,
    Group,
}

impl Kind {
    fn area(self) -> Area {
        match self {
            Kind::User => Area::Users,
            Kind::Group => Area::Groups,
        }
    }

    fn principal(self, id: &str) -> Result<Principal, ApiError> {
        Ok(match self {
            Kind::User => Principal::User(path_id(id)?),
            Kind::Group => Principal::Group(path_id(id)?),
        })
    }
}

/// List a user's app role assignments
#[utoipa::path(get, path = "/v1.0/users/{id}/appRoleAssignments",
    operation_id = "users_listAppRoleAssignments", tag = "appRoleAssignments", params(("id" = String, Path, description = "The user's id.")),
    responses((status = 200, description = "Every assignment of the user.",
        body = Collection<Assignments>)))]
async fn list_of_user(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    list(&state, &caller, Kind::User, &id).await
}

/// List a group's app role assignments
#[utoipa::path(get, path = "/v1.0/groups/{id}/appRoleAssignments",
    operation_id = "groups_listAppRoleAssignments", tag = "appRoleAssignments", params(("id" = String, Path, description = "The group's id.")),
    responses((status = 200, description = "Every assignment of the group.",
        body = Collection<Assignments>)))]
async fn list_of_group(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    list(&state, &caller, Kind::Group, &id).await
}

/// Assign an app role to a user
#[utoipa::path(post, path = "/v1.0/users/{id}/appRoleAssignments",
    operation_id = "users_createAppRoleAssignment", tag = "appRoleAssignments", params(("id" = String, Path, description = "The user's id.")),
    request_body = AssignRequest,
    responses((status = 201, description = "The assignment made.", body = AssignmentBody)))]
async fn assign_user(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssignRequest>,
) -> Result<(StatusCode, Json<AssignmentBody>), ApiError> {
    assign(&state, &caller, Kind::User, &id, body).await
}

/// Assign an app role to a group
#[utoipa::path(post, path = "/v1.0/groups/{id}/appRoleAssignments",
    operation_id = "groups_createAppRoleAssignment", tag = "appRoleAssignments", params(("id" = String, Path, description = "The group's id.")),
    request_body = AssignRequest,
    responses((status = 201, description = "The assignment made.", body = AssignmentBody)))]
async fn assign_group(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssignRequest>,
) -> Result<(StatusCode, Json<AssignmentBody>), ApiError> {
    assign(&state, &caller, Kind::Group, &id, body).await
}

/// Remove a user's app role assignment
#[utoipa::path(delete, path = "/v1.0/users/{id}/appRoleAssignments/{assignment}",
    operation_id = "users_deleteAppRoleAssignment", tag = "appRoleAssignments",
    params(("id" = String, Path, description = "The user's id."), ("assignment" = String, Path, description = "The assignment's id.")), responses((status = 204, description = "Removed.")))]
async fn remove_of_user(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, assignment)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    remove(&state, &caller, Kind::User, &id, &assignment).await
}

/// Remove a group's app role assignment
#[utoipa::path(delete, path = "/v1.0/groups/{id}/appRoleAssignments/{assignment}",
    operation_id = "groups_deleteAppRoleAssignment", tag = "appRoleAssignments",
    params(("id" = String, Path, description = "The group's id."), ("assignment" = String, Path, description = "The assignment's id.")), responses((status = 204, description = "Removed.")))]
async fn remove_of_group(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, assignment)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    remove(&state, &caller, Kind::Group, &id, &assignment).await
}

/// List who is assigned to an application
#[utoipa::path(get, path = "/v1.0/applications/{id}/appRoleAssignedTo",
    operation_id = "applications_listAppRoleAssignedTo", tag = "appRoleAssignments",
    params(("id" = String, Path, description = "The application's object id.")),
    responses((status = 200, description = "Every assignment to the application.",
        body = Collection<Assignments>)))]
async fn assigned_to(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let access = caller.read(Area::Applications)?;
    let found = directory::list_assigned_to(&state.services, access, path_id(&id)?).await?;
    let items = found
        .iter()
        .map(|a| to_value(AssignmentBody::from(a)))
        .collect();
    Ok(collection(&state, None, "appRoleAssignments", items, None))
}

async fn list(
    state: &AppState,
    caller: &Caller,
    kind: Kind,
    id: &str,
) -> Result<Json<serde_json::Value>, ApiError> {
    let access = caller.read(kind.area())?;
    let principal = kind.principal(id)?;
    let found = directory::list_principal_assignments(&state.services, access, principal).await?;
    let items = found
        .iter()
        .map(|a| to_value(AssignmentBody::from(a)))
        .collect();
    Ok(collection(state, None, "appRoleAssignments", items, None))
}

async fn assign(
    state: &AppState,
    caller: &Caller,
    kind: Kind,
    id: &str,
    body: AssignRequest,
) -> Result<(StatusCode, Json<AssignmentBody>), ApiError> {
    let principal = kind.principal(id)?;
    let access = caller.assignments_of(principal.kind())?;
    if principal.id() != body.principal_id {
        return Err(ApiError::bad_request(
            "principalId must be the id of the user or group in the request path.",
        ));
    }
    let request = NewAssignment {
        resource: entente_model::AppId(body.resource_id),
        app_role_id: body.app_role_id,
    };
    let now = crate::now();
    let made =
        directory::assign_app_role(&state.services, &access, principal, request, now).await?;
    Ok((StatusCode::CREATED, Json(AssignmentBody::from(&made))))
}

async fn remove(
    state: &AppState,
    caller: &Caller,
    kind: Kind,
    id: &str,
    assignment: &str,
) -> Result<StatusCode, ApiError> {
    let (principal, assignment) = (kind.principal(id)?, path_id(assignment)?);
    let access = caller.assignments_of(principal.kind())?;
    let now = crate::now();
    directory::delete_assignment(&state.services, &access, principal, assignment, now).await?;
    Ok(StatusCode::NO_CONTENT)
}
