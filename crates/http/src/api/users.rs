//! `/v1.0/users`: list, create, read, update and delete users, in Graph's JSON.
//!
//! Only members are created here; guests come from invitations. Disabling a user
//! (`accountEnabled: false`) is an update whose side effects (ending sessions,
//! revoking refresh tokens) belong to the domain, not to this module.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use entente_domain::access::Area;
use entente_domain::directory::{self, NewMember};
use entente_model::{User, UserType};
use entente_storage::{UserFilter, UserPatch};
use serde::{Deserialize, Serialize};

use super::filter::{Filter, parse_filter};
use super::{ApiCaller, ApiJson, ListQuery, collection, date_time, nullable, path_id, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1.0/users", get(list).post(create))
        .route("/v1.0/users/{id}", get(read).patch(update).delete(remove))
        .route(
            "/v1.0/users/{id}/revokeSignInSessions",
            axum::routing::post(revoke_sessions),
        )
        .route(
            "/v1.0/users/{id}/authentication/softwareOathMethods",
            axum::routing::delete(reset_authenticator),
        )
}

/// A user as Graph shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserBody {
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<&'static str>,
    pub id: String,
    pub display_name: String,
    pub mail: Option<String>,
    pub user_principal_name: String,
    pub user_type: &'static str,
    pub account_enabled: bool,
    pub created_date_time: Option<String>,
    pub creation_type: Option<&'static str>,
    pub external_user_state: Option<&'static str>,
    pub external_user_state_change_date_time: Option<String>,
}

impl From<&User> for UserBody {
    fn from(u: &User) -> Self {
        UserBody {
            odata_type: None,
            id: u.id.to_string(),
            display_name: u.display_name.clone(),
            mail: u.mail.clone(),
            user_principal_name: u.user_principal_name.clone(),
            user_type: u.user_type.as_str(),
            account_enabled: u.account_enabled,
            created_date_time: date_time(u.created_at),
            creation_type: u.creation_type.map(|c| c.as_str()),
            external_user_state: u.external_user_state.map(|s| s.as_str()),
            external_user_state_change_date_time: u
                .external_user_state_changed_at
                .and_then(date_time),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CreateUser {
    display_name: String,
    user_principal_name: String,
    #[serde(default)]
    mail: Option<String>,
    #[serde(default)]
    account_enabled: Option<bool>,
    /// Graph requires it; Entente has no mail system to give it a meaning, so it is
    /// accepted and not stored.
    #[serde(default)]
    #[allow(dead_code)]
    mail_nickname: Option<String>,
    #[serde(default)]
    password_profile: Option<PasswordProfile>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PasswordProfile {
    password: String,
    /// Accepted for compatibility; a forced change at next sign-in is not implemented.
    #[serde(default)]
    #[allow(dead_code)]
    force_change_password_next_sign_in: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UpdateUser {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    mail: Option<Option<String>>,
    #[serde(default)]
    account_enabled: Option<bool>,
    #[serde(default)]
    user_principal_name: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ListQuery,
) -> Result<Json<serde_json::Value>, ApiError> {
    let access = caller.read(Area::Users)?;
    let filter = user_filter(query.filter.as_deref())?;
    let page = directory::list_users(&state.services, access, &filter, query.page()).await?;
    let items = page
        .items
        .iter()
        .map(|u| to_value(UserBody::from(u)))
        .collect();
    Ok(collection(
        &state,
        Some(&query),
        "users",
        items,
        page.skip_token,
    ))
}

async fn create(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<CreateUser>,
) -> Result<(StatusCode, Json<UserBody>), ApiError> {
    let access = caller.write(Area::Users)?;
    let request = NewMember {
        display_name: body.display_name,
        user_principal_name: body.user_principal_name,
        mail: body.mail,
        account_enabled: body.account_enabled.unwrap_or(true),
        password: body.password_profile.map(|p| p.password),
    };
    let user = directory::create_user(&state.services, &access, request, crate::now()).await?;
    Ok((StatusCode::CREATED, Json(UserBody::from(&user))))
}

async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<UserBody>, ApiError> {
    let access = caller.read(Area::Users)?;
    let user = directory::get_user(&state.services, access, path_id(&id)?).await?;
    Ok(Json(UserBody::from(&user)))
}

async fn update(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UpdateUser>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Users)?;
    let patch = UserPatch {
        display_name: body.display_name,
        mail: body.mail,
        account_enabled: body.account_enabled,
        user_principal_name: body.user_principal_name,
    };
    let id = path_id(&id)?;
    directory::update_user(&state.services, &access, id, patch, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Users)?;
    directory::delete_user(&state.services, &access, path_id(&id)?, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Graph answers `revokeSignInSessions` with `{"value": true}`.
async fn revoke_sessions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let access = caller.write(Area::Users)?;
    directory::revoke_sign_in_sessions(&state.services, &access, path_id(&id)?, crate::now())
        .await?;
    Ok(Json(serde_json::json!({ "value": true })))
}

/// Removes a user's authenticator app (and recovery codes) for a lost device; the next
/// sign-in that owes a second factor enrols again. For a guest this is its factor
/// at this tenant. Entente keeps one app per user, so the collection goes whole.
async fn reset_authenticator(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, ApiError> {
    let admin = caller.tenant_admin()?;
    entente_domain::mfa::remove_enrolment(&state.services, &admin, path_id(&id)?, crate::now())
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Maps a parsed `$filter` onto the forms the user query supports.
fn user_filter(text: Option<&str>) -> Result<UserFilter, ApiError> {
    let Some(text) = text else {
        return Ok(UserFilter::All);
    };
    match parse_filter(text).map_err(ApiError::bad_request)? {
        Filter::MailEq(mail) => Ok(UserFilter::MailEq(mail)),
        Filter::DisplayNameStartsWith(prefix) => Ok(UserFilter::DisplayNameStartsWith(prefix)),
        Filter::UserTypeEq(kind) => [UserType::Guest, UserType::Member]
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(&kind))
            .map(UserFilter::UserTypeEq)
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Invalid userType '{kind}' in $filter: use 'Guest' or 'Member'."
                ))
            }),
    }
}
