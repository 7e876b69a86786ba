//! `/v1.0/groups`: groups and their members, in Graph's JSON.
//!
//! Entente's groups are security groups of users; Graph's mail-enabled and
//! Microsoft 365 groups do not exist here and are refused on creation rather than
//! created as something they are not.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use entente_domain::access::Area;
use entente_domain::directory::{self, NewGroup};
use entente_domain::directory_reads;
use entente_model::{Group, User, UserId};
use entente_storage::{GroupField, GroupPatch};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{CountOptions, ExpandOptions, ListOptions, UnsortedListOptions, reference};
use super::query::{
    Collection, Holds, ODataQuery, Property, Schema, Sorting, Type, count_response, counted,
};
use super::users::{USERS, UserBody};
use super::{ApiCaller, ApiJson, date_time, nullable, path_id, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(count))
        .routes(routes!(read, update, remove))
        .routes(routes!(members))
        .routes(routes!(count_members))
        .routes(routes!(add_member))
        .routes(routes!(remove_member))
}

reference!(Users => UserBody);
reference!(Groups => GroupBody);

/// Groups as the directory API queries them. Every group is a security group that
/// is not mail-enabled, so `securityEnabled` and `mailEnabled` are constants.
pub const GROUPS: Schema<GroupField> = Schema {
    entity: "group",
    resource: "Group",
    properties: &[
        Property::equality("id", Holds::Field(GroupField::Id, Type::Id)),
        Property {
            starts_with: true,
            sort: Sorting::Default,
            search: true,
            ..Property::equality(
                "displayName",
                Holds::Field(GroupField::DisplayName, Type::Text),
            )
        },
        Property {
            range: true,
            sort: Sorting::Advanced,
            ..Property::equality(
                "createdDateTime",
                Holds::Field(GroupField::CreatedAt, Type::DateTime),
            )
        },
        Property::equality("securityEnabled", Holds::Constant(true)),
        Property::equality("mailEnabled", Holds::Constant(false)),
    ],
    selectable: &[
        "id",
        "displayName",
        "description",
        "createdDateTime",
        "securityEnabled",
        "mailEnabled",
        "groupTypes",
    ],
    unkept: &[
        "mail",
        "mailNickname",
        "visibility",
        "classification",
        "membershipRule",
        "membershipRuleProcessingState",
        "renewedDateTime",
        "expirationDateTime",
        "isAssignableToRole",
        "onPremisesSyncEnabled",
        "onPremisesSamAccountName",
        "onPremisesLastSyncDateTime",
        "preferredLanguage",
        "securityIdentifier",
        "theme",
        "uniqueName",
        "deletedDateTime",
    ],
    unkept_lists: &[
        "proxyAddresses",
        "resourceBehaviorOptions",
        "resourceProvisioningOptions",
        "assignedLicenses",
        "onPremisesProvisioningErrors",
    ],
};

/// A group as Graph shows it: always a security group, never mail-enabled. With
/// `$select`, only `id`, `@odata.type` and the properties selected are present.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Group)]
pub struct GroupBody {
    /// `#microsoft.graph.group` where a collection mixes object types.
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    odata_type: Option<&'static str>,
    #[schema(format = Uuid)]
    id: String,
    #[schema(required = false)]
    display_name: String,
    description: Option<String>,
    #[schema(format = DateTime)]
    created_date_time: Option<String>,
    /// Always `true`.
    #[schema(required = false)]
    security_enabled: bool,
    /// Always `false`.
    #[schema(required = false)]
    mail_enabled: bool,
    /// Always empty.
    #[schema(required = false)]
    group_types: Vec<String>,
}

/// A group read with `$expand=members`: the group, and its first 20 members.
#[derive(Serialize, ToSchema)]
#[schema(as = GroupWithMembers)]
struct ExpandedGroup {
    #[serde(flatten)]
    #[schema(value_type = GroupBody)]
    group: serde_json::Map<String, Value>,
    /// With `$expand=members` only: users, each with its `@odata.type`, as
    /// `$expand`'s own `$select` left them.
    #[schema(value_type = Vec<UserBody>, required = false)]
    members: Vec<Value>,
}

impl From<&Group> for GroupBody {
    fn from(g: &Group) -> Self {
        GroupBody {
            odata_type: None,
            id: g.id.to_string(),
            display_name: g.display_name.clone(),
            description: g.description.clone(),
            created_date_time: date_time(g.created_at),
            security_enabled: true,
            mail_enabled: false,
            group_types: Vec::new(),
        }
    }
}

impl GroupBody {
    /// The group as a member of a collection of directory objects, which says its type.
    pub fn typed(g: &Group) -> GroupBody {
        GroupBody {
            odata_type: Some("#microsoft.graph.group"),
            ..GroupBody::from(g)
        }
    }
}

/// A user as a member of a collection of directory objects, which says its type.
pub(super) fn member(user: &User) -> Value {
    let mut body = UserBody::from(user);
    body.odata_type = Some("#microsoft.graph.user");
    to_value(body)
}

/// A security group to create. Graph requires `mailEnabled`, `securityEnabled` and
/// `mailNickname`; Entente accepts them, and only `false`, `true` and no `groupTypes`.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = GroupCreate)]
struct CreateGroup {
    display_name: String,
    #[serde(default)]
    description: Option<String>,
    // Graph requires these three; they are accepted so Graph clients work, and checked
    // to describe what Entente's groups are.
    #[serde(default)]
    mail_enabled: Option<bool>,
    #[serde(default)]
    security_enabled: Option<bool>,
    #[serde(default)]
    #[allow(dead_code)]
    mail_nickname: Option<String>,
    #[serde(default)]
    group_types: Option<Vec<String>>,
}

/// The properties to change; the others stay.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = GroupUpdate)]
struct UpdateGroup {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    description: Option<Option<String>>,
}

/// A reference to a user, as `@odata.id`: a URL whose last segment is the user's id,
/// such as `https://graph.microsoft.com/v1.0/directoryObjects/{id}`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ReferenceCreate)]
pub(super) struct MemberRef {
    #[serde(rename = "@odata.id")]
    pub(super) odata_id: String,
}

/// List groups
#[utoipa::path(get, path = "/v1.0/groups", operation_id = "groups_list", tag = "groups",
    params(ListOptions),
    responses((status = 200, description = "A page of groups.", body = Collection<Groups>)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Groups)?;
    let (listing, selection) = (query.listing(&GROUPS, true)?, query.selection(&GROUPS)?);
    let found = directory_reads::list_groups(&state.services, access, &listing).await?;
    let items = found
        .items
        .iter()
        .map(|g| to_value(GroupBody::from(g)))
        .collect();
    let (next, count) = (found.skip_token, found.count);
    Ok(counted(
        &state,
        Some(&query),
        "groups",
        Some(&selection),
        items,
        next,
        count,
    ))
}

/// Count groups
///
/// How many groups match `$filter` and `$search`, as text.
#[utoipa::path(get, path = "/v1.0/groups/$count", operation_id = "groups_count", tag = "groups",
    params(CountOptions),
    responses((status = 200, description = "The number, as text.", body = i64, content_type = "text/plain")))]
async fn count(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Response, ApiError> {
    let access = caller.read(Area::Groups)?;
    let filter = query.counting(&GROUPS)?;
    let count = directory_reads::count_groups(&state.services, access, filter.as_ref()).await?;
    Ok(count_response(count))
}

/// Create a group
#[utoipa::path(post, path = "/v1.0/groups", operation_id = "groups_create", tag = "groups",
    request_body = CreateGroup,
    responses((status = 201, description = "The group made.", body = GroupBody)))]
async fn create(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<CreateGroup>,
) -> Result<(StatusCode, Json<GroupBody>), ApiError> {
    let access = caller.write(Area::Groups)?;
    if body.mail_enabled == Some(true)
        || body.security_enabled == Some(false)
        || body.group_types.is_some_and(|t| !t.is_empty())
    {
        return Err(ApiError::bad_request(
            "Only security groups are supported: mailEnabled false, securityEnabled true, no groupTypes.",
        ));
    }
    let request = NewGroup {
        display_name: body.display_name,
        description: body.description,
    };
    let group = directory::create_group(&state.services, &access, request, crate::now()).await?;
    Ok((StatusCode::CREATED, Json(GroupBody::from(&group))))
}

/// Get a group
///
/// A group; with `$expand=members`, its first 20 members too, as Graph shows them.
#[utoipa::path(get, path = "/v1.0/groups/{id}", operation_id = "groups_get", tag = "groups",
    params(("id" = String, Path, description = "The group's id."), ExpandOptions),
    responses((status = 200, description = "The group, with `members` when expanded.",
        body = ExpandedGroup)))]
async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Groups)?;
    let selection = query.entity(&GROUPS, &["members"])?;
    let id = path_id(&id)?;
    let Some(members_selection) = query.expanded("members", &USERS)? else {
        let group = directory::get_group(&state.services, access, id).await?;
        return Ok(Json(selection.project(to_value(GroupBody::from(&group)))));
    };
    let (group, members) = directory_reads::group_with_members(&state.services, access, id).await?;
    let group = match selection.project(to_value(GroupBody::from(&group))) {
        Value::Object(group) => group,
        _ => serde_json::Map::new(),
    };
    let members = members.iter().map(|u| members_selection.project(member(u)));
    let members = members.collect();
    Ok(Json(to_value(ExpandedGroup { group, members })))
}

/// Update a group
#[utoipa::path(patch, path = "/v1.0/groups/{id}", operation_id = "groups_update", tag = "groups",
    params(("id" = String, Path, description = "The group's id.")), request_body = UpdateGroup,
    responses((status = 204, description = "Updated.")))]
async fn update(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UpdateGroup>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Groups)?;
    let patch = GroupPatch {
        display_name: body.display_name,
        description: body.description,
    };
    let id = path_id(&id)?;
    directory::update_group(&state.services, &access, id, patch, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a group
#[utoipa::path(delete, path = "/v1.0/groups/{id}", operation_id = "groups_delete", tag = "groups",
    params(("id" = String, Path, description = "The group's id.")), responses((status = 204, description = "Deleted.")))]
async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Groups)?;
    directory::delete_group(&state.services, &access, path_id(&id)?, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// List a group's members
#[utoipa::path(get, path = "/v1.0/groups/{id}/members", operation_id = "groups_listMembers",
    tag = "groups", params(("id" = String, Path, description = "The group's id."), UnsortedListOptions),
    responses((status = 200, description = "A page of users, each with its `@odata.type`.",
        body = Collection<Users>)))]
async fn members(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Groups)?;
    let (listing, selection) = (query.listing(&USERS, false)?, query.selection(&USERS)?);
    let group = path_id(&id)?;
    let found =
        directory_reads::list_group_members(&state.services, access, group, &listing).await?;
    let items = found.items.iter().map(member).collect();
    let (next, count) = (found.skip_token, found.count);
    Ok(counted(
        &state,
        Some(&query),
        "directoryObjects",
        Some(&selection),
        items,
        next,
        count,
    ))
}

/// Count a group's members
///
/// How many members match `$filter` and `$search`, as text.
#[utoipa::path(get, path = "/v1.0/groups/{id}/members/$count",
    operation_id = "groups_countMembers", tag = "groups", params(("id" = String, Path, description = "The group's id."), CountOptions),
    responses((status = 200, description = "The number, as text.", body = i64, content_type = "text/plain")))]
async fn count_members(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    query: ODataQuery,
) -> Result<Response, ApiError> {
    let access = caller.read(Area::Groups)?;
    let filter = query.counting(&USERS)?;
    let group = path_id(&id)?;
    let count =
        directory_reads::count_group_members(&state.services, access, group, filter.as_ref())
            .await?;
    Ok(count_response(count))
}

/// Add a member to a group
#[utoipa::path(post, path = "/v1.0/groups/{id}/members/$ref", operation_id = "groups_addMember",
    tag = "groups", params(("id" = String, Path, description = "The group's id.")), request_body = MemberRef,
    responses((status = 204, description = "Added.")))]
async fn add_member(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MemberRef>,
) -> Result<StatusCode, ApiError> {
    let access = caller.group_members()?;
    let group = path_id(&id)?;
    let user = member_id(&body.odata_id)?;
    directory::add_group_member(&state.services, &access, group, user, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a member from a group
#[utoipa::path(delete, path = "/v1.0/groups/{id}/members/{member}/$ref",
    operation_id = "groups_removeMember", tag = "groups",
    params(("id" = String, Path, description = "The group's id."), ("member" = String, Path, description = "The member's id.")),
    responses((status = 204, description = "Removed.")))]
async fn remove_member(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, member)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let access = caller.group_members()?;
    let (group, user) = (path_id(&id)?, path_id(&member)?);
    directory::remove_group_member(&state.services, &access, group, user, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The user id at the end of an `@odata.id` such as
/// `https://graph.microsoft.com/v1.0/directoryObjects/{id}`; clients write other hosts
/// and paths too, so only the last segment counts.
pub(super) fn member_id(odata_id: &str) -> Result<UserId, ApiError> {
    let last = odata_id
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    last.parse().map_err(|_| {
        ApiError::bad_request("@odata.id must be a URL ending in a directory object id.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_id_is_the_last_segment_of_any_url() {
        let id = uuid::Uuid::new_v4();
        for text in [
            format!("https://graph.microsoft.com/v1.0/directoryObjects/{id}"),
            format!("https://entente.example/v1.0/users/{id}/"),
            format!("directoryObjects/{id}"),
            id.to_string(),
        ] {
            assert_eq!(member_id(&text).map(|u| u.0).ok(), Some(id), "{text}");
        }
        assert!(member_id("https://graph.microsoft.com/v1.0/directoryObjects/me").is_err());
    }

    /// `$select` may name exactly the properties a group's JSON has.
    #[test]
    fn the_schema_selects_what_the_body_serializes() {
        let group = Group {
            id: entente_model::GroupId::new_id(),
            tenant_id: entente_model::TenantId::new_id(),
            display_name: "G".into(),
            description: None,
            created_at: 0,
        };
        let body = to_value(GroupBody::from(&group));
        let mut keys: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut selectable = GROUPS.selectable.to_vec();
        keys.sort_unstable();
        selectable.sort_unstable();
        assert_eq!(keys, selectable);
    }
}
