//! `/v1.0/servicePrincipals`: this tenant's instances of other organizations'
//! multi-organization applications (decision 0014), made by admin consent
//! (`/{tenant}/adminconsent`). Listed, read, changed (`appRoleAssignmentRequired`)
//! and removed (the application's access here ends) through the applications
//! permissions; `appRoleAssignedTo` gives this tenant's users and groups the
//! application's roles, which its tokens then carry. A tenant's own applications
//! are under `/v1.0/applications`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use entente_domain::access::{Area, Caller};
use entente_domain::directory::{self, NewAssignment, Principal};
use entente_domain::multi_tenant;
use entente_model::AppRole;
use entente_storage::{PrincipalField, PrincipalRow};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::assignments::{AssignRequest, AssignmentBody};
use super::openapi::{ListOptions, reference};
use super::query::{Collection, Holds, ODataQuery, Property, Schema, Type, counted};
use super::{ApiCaller, ApiJson, collection, date_time, path_id, to_value};
use crate::error::ApiError;
use crate::{AppState, now};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, update, remove))
        .routes(routes!(assigned_to, assign))
}

reference!(ServicePrincipals => PrincipalBody);
reference!(Assignments => AssignmentBody);

pub(super) const PRINCIPALS: Schema<PrincipalField> = Schema {
    entity: "servicePrincipal",
    resource: "ServicePrincipal",
    properties: &[
        Property::equality("id", Holds::Field(PrincipalField::Id, Type::Id)),
        Property::equality("appId", Holds::Field(PrincipalField::AppId, Type::Text)),
    ],
    selectable: &[
        "id",
        "appId",
        "appDisplayName",
        "displayName",
        "appOwnerOrganizationId",
        "publisherName",
        "appRoleAssignmentRequired",
        "appRoles",
        "servicePrincipalType",
        "signInAudience",
        "replyUrls",
        "createdDateTime",
    ],
    unkept: &["homepage", "loginUrl", "logoutUrl", "notes", "description"],
    unkept_lists: &["tags", "servicePrincipalNames", "oauth2PermissionScopes"],
};

/// Graph's `servicePrincipal` of another organization's application.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = ServicePrincipal)]
struct PrincipalBody {
    #[schema(format = Uuid)]
    id: String,
    /// The application's client id.
    app_id: String,
    app_display_name: String,
    display_name: String,
    /// The tenant that registered the application (its vendor).
    #[schema(format = Uuid)]
    app_owner_organization_id: String,
    /// The name of the tenant that registered the application.
    publisher_name: String,
    /// Only this tenant's assigned users (and members of assigned groups) may sign in.
    app_role_assignment_required: bool,
    app_roles: Vec<AppRole>,
    /// `Application`.
    service_principal_type: &'static str,
    sign_in_audience: &'static str,
    reply_urls: Vec<String>,
    #[schema(format = DateTime)]
    created_date_time: Option<String>,
}

impl From<&PrincipalRow> for PrincipalBody {
    fn from(row: &PrincipalRow) -> Self {
        let app = &row.application;
        PrincipalBody {
            id: row.principal.id.to_string(),
            app_id: app.client_id.clone(),
            app_display_name: app.display_name.clone(),
            display_name: app.display_name.clone(),
            app_owner_organization_id: app.tenant_id.to_string(),
            publisher_name: row.publisher.clone(),
            app_role_assignment_required: row.principal.assignment_required,
            app_roles: app.app_roles.clone(),
            service_principal_type: "Application",
            sign_in_audience: directory::sign_in_audience(app.multiple_orgs),
            reply_urls: app.redirect_uris.clone(),
            created_date_time: date_time(row.principal.created_at),
        }
    }
}

/// The application to add to this tenant, by its client id (`az ad sp create --id`).
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = ServicePrincipalCreate)]
struct CreateInput {
    app_id: String,
}

/// What a PATCH may change.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = ServicePrincipalUpdate)]
struct PrincipalInput {
    app_role_assignment_required: Option<bool>,
}

/// List service principals
///
/// Other organizations' applications this tenant consented to.
#[utoipa::path(get, path = "/v1.0/servicePrincipals", operation_id = "servicePrincipals_list",
    tag = "servicePrincipals", params(ListOptions),
    responses((status = 200, description = "A page of service principals.",
        body = Collection<ServicePrincipals>)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Applications)?;
    let listing = query.listing(&PRINCIPALS, true)?;
    let selection = query.selection(&PRINCIPALS)?;
    let found = multi_tenant::list_principals(&state.services, access, &listing).await?;
    let items = found
        .items
        .iter()
        .map(|p| to_value(PrincipalBody::from(p)))
        .collect();
    Ok(counted(
        &state,
        Some(&query),
        "servicePrincipals",
        Some(&selection),
        items,
        found.skip_token,
        found.count,
    ))
}

/// Create a service principal
///
/// A tenant administrator adds another organization's multi-organization
/// application to this tenant: the consent of `/{tenant}/adminconsent`, without the
/// page. Adding one already added answers the existing one.
#[utoipa::path(post, path = "/v1.0/servicePrincipals", operation_id = "servicePrincipals_create",
    tag = "servicePrincipals", request_body = CreateInput,
    responses((status = 201, description = "The service principal made (or the one there was).",
        body = PrincipalBody)))]
async fn create(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<CreateInput>,
) -> Result<(StatusCode, Json<PrincipalBody>), ApiError> {
    let admin = caller.tenant_admin()?;
    let made = multi_tenant::grant_consent(&state.services, &admin, &body.app_id, now())
        .await?
        .map_err(|why| {
            ApiError::bad_request(format!("appId {}: {}.", body.app_id, why.message()))
        })?;
    let read = caller.read(Area::Applications)?;
    let row = multi_tenant::principal(&state.services, read, made.id).await?;
    Ok((StatusCode::CREATED, Json(PrincipalBody::from(&row))))
}

/// Get a service principal
#[utoipa::path(get, path = "/v1.0/servicePrincipals/{id}", operation_id = "servicePrincipals_get",
    tag = "servicePrincipals", params(("id" = String, Path, description = "The service principal's id.")),
    responses((status = 200, description = "The service principal.", body = PrincipalBody)))]
async fn show(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<PrincipalBody>, ApiError> {
    let access = caller.read(Area::Applications)?;
    let row = multi_tenant::principal(&state.services, access, path_id(&id)?).await?;
    Ok(Json(PrincipalBody::from(&row)))
}

/// Update a service principal
///
/// Whether only assigned people may sign in to the application here.
#[utoipa::path(patch, path = "/v1.0/servicePrincipals/{id}", operation_id = "servicePrincipals_update",
    tag = "servicePrincipals", params(("id" = String, Path, description = "The service principal's id.")),
    request_body = PrincipalInput, responses((status = 204, description = "Changed.")))]
async fn update(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PrincipalInput>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Applications)?;
    let id = path_id(&id)?;
    if let Some(required) = body.app_role_assignment_required {
        multi_tenant::set_assignment_required(&state.services, &access, id, required, now())
            .await?;
    } else {
        multi_tenant::principal(&state.services, caller.read(Area::Applications)?, id).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a service principal
///
/// Removes the application from this tenant: the consent, the roles given in it, and
/// its sign-ins (refresh tokens), so its access here ends.
#[utoipa::path(delete, path = "/v1.0/servicePrincipals/{id}", operation_id = "servicePrincipals_delete",
    tag = "servicePrincipals", params(("id" = String, Path, description = "The service principal's id.")),
    responses((status = 204, description = "Removed.")))]
async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Applications)?;
    multi_tenant::remove_principal(&state.services, &access, path_id(&id)?, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// List who is assigned to a service principal
#[utoipa::path(get, path = "/v1.0/servicePrincipals/{id}/appRoleAssignedTo",
    operation_id = "servicePrincipals_listAppRoleAssignedTo", tag = "servicePrincipals",
    params(("id" = String, Path, description = "The service principal's id.")),
    responses((status = 200, description = "This tenant's assignments to the application.",
        body = Collection<Assignments>)))]
async fn assigned_to(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Applications)?;
    let id: uuid::Uuid = path_id(&id)?;
    let found =
        directory::list_assigned_to(&state.services, access, entente_model::AppId(id)).await?;
    let items = found
        .iter()
        .map(|a| to_value(as_principal_resource(AssignmentBody::from(a), id)))
        .collect();
    Ok(collection(&state, None, "appRoleAssignments", items, None))
}

/// Assign a service principal's app role
///
/// Gives one of this tenant's users or groups (`principalId`) a role of the
/// application (`appRoleId`; the empty GUID for access without a role).
#[utoipa::path(post, path = "/v1.0/servicePrincipals/{id}/appRoleAssignedTo",
    operation_id = "servicePrincipals_createAppRoleAssignedTo", tag = "servicePrincipals",
    params(("id" = String, Path, description = "The service principal's id.")),
    request_body = AssignRequest,
    responses((status = 201, description = "The assignment made.", body = AssignmentBody)))]
async fn assign(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssignRequest>,
) -> Result<(StatusCode, Json<AssignmentBody>), ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    if body.resource_id != id {
        return Err(ApiError::bad_request(
            "resourceId must be the id of the service principal in the request path.",
        ));
    }
    let request = NewAssignment {
        resource: entente_model::AppId(id),
        app_role_id: body.app_role_id,
    };
    let made = assign_to_user_or_group(&state, &caller, body.principal_id, request).await?;
    Ok((
        StatusCode::CREATED,
        Json(as_principal_resource(AssignmentBody::from(&made), id)),
    ))
}

/// Assigns a user, or else a group, of that id: Graph's `principalId` names either.
async fn assign_to_user_or_group(
    state: &AppState,
    caller: &Caller,
    principal: uuid::Uuid,
    request: NewAssignment,
) -> Result<directory::AssignmentView, ApiError> {
    let as_user = Principal::User(entente_model::UserId(principal));
    let access = caller.assignments_of(as_user.kind())?;
    match directory::assign_app_role(&state.services, &access, as_user, request, now()).await {
        Err(entente_domain::DomainError::NotFound) => {}
        other => return Ok(other?),
    }
    let as_group = Principal::Group(entente_model::GroupId(principal));
    let access = caller.assignments_of(as_group.kind())?;
    Ok(directory::assign_app_role(&state.services, &access, as_group, request, now()).await?)
}

/// An assignment as the service principal's route shows it: its resource is the
/// service principal (Graph's `resourceId`), not the application behind it.
fn as_principal_resource(mut body: AssignmentBody, principal: uuid::Uuid) -> AssignmentBody {
    body.resource_id = principal.to_string();
    body
}
