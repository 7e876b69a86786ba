//! `/v1.0/groups`: groups and their members, in Graph's JSON.
//!
//! Entente's groups are security groups of users; Graph's mail-enabled and
//! Microsoft 365 groups do not exist here and are refused on creation rather than
//! created as something they are not.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use entente_domain::access::Area;
use entente_domain::directory::{self, NewGroup};
use entente_model::{Group, UserId};
use entente_storage::GroupPatch;
use serde::{Deserialize, Serialize};

use super::filter::{Filter, parse_filter};
use super::users::UserBody;
use super::{ApiCaller, ApiJson, ListQuery, collection, date_time, nullable, path_id, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1.0/groups", get(list).post(create))
        .route("/v1.0/groups/{id}", get(read).patch(update).delete(remove))
        .route("/v1.0/groups/{id}/members", get(members))
        .route("/v1.0/groups/{id}/members/$ref", post(add_member))
        .route(
            "/v1.0/groups/{id}/members/{member}/$ref",
            delete(remove_member),
        )
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GroupBody {
    id: String,
    display_name: String,
    description: Option<String>,
    created_date_time: Option<String>,
    security_enabled: bool,
    mail_enabled: bool,
    group_types: Vec<String>,
}

impl From<&Group> for GroupBody {
    fn from(g: &Group) -> Self {
        GroupBody {
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UpdateGroup {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    description: Option<Option<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberRef {
    #[serde(rename = "@odata.id")]
    odata_id: String,
}

async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ListQuery,
) -> Result<Json<serde_json::Value>, ApiError> {
    let access = caller.read(Area::Groups)?;
    let prefix = name_prefix(query.filter.as_deref())?;
    let page =
        directory::list_groups(&state.services, access, prefix.as_deref(), query.page()).await?;
    let items = page
        .items
        .iter()
        .map(|g| to_value(GroupBody::from(g)))
        .collect();
    Ok(collection(
        &state,
        Some(&query),
        "groups",
        items,
        page.skip_token,
    ))
}

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

async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<GroupBody>, ApiError> {
    let access = caller.read(Area::Groups)?;
    let group = directory::get_group(&state.services, access, path_id(&id)?).await?;
    Ok(Json(GroupBody::from(&group)))
}

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

async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Groups)?;
    directory::delete_group(&state.services, &access, path_id(&id)?, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn members(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    query: ListQuery,
) -> Result<Json<serde_json::Value>, ApiError> {
    let access = caller.read(Area::Groups)?;
    query.no_filter()?;
    let group = path_id(&id)?;
    let page = directory::list_group_members(&state.services, access, group, query.page()).await?;
    let items = page
        .items
        .iter()
        .map(|u| {
            let mut body = UserBody::from(u);
            body.odata_type = Some("#microsoft.graph.user");
            to_value(body)
        })
        .collect();
    Ok(collection(
        &state,
        Some(&query),
        "directoryObjects",
        items,
        page.skip_token,
    ))
}

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
fn member_id(odata_id: &str) -> Result<UserId, ApiError> {
    let last = odata_id
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    last.parse().map_err(|_| {
        ApiError::bad_request("@odata.id must be a URL ending in a directory object id.")
    })
}

/// Groups support one `$filter` form: `startswith(displayName,'...')`.
fn name_prefix(text: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(text) = text else {
        return Ok(None);
    };
    match parse_filter(text).map_err(ApiError::bad_request)? {
        Filter::DisplayNameStartsWith(prefix) => Ok(Some(prefix)),
        _ => Err(ApiError::bad_request(
            "Unsupported $filter on groups: the supported form is startswith(displayName,'...').",
        )),
    }
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
}
