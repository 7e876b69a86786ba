//! `/v1.0/users` and `/v1.0/me`: list, count, create, read, update and delete users,
//! and a user's groups (`memberOf`), in Graph's JSON.
//!
//! Only members are created here; guests come from invitations. Disabling a user
//! (`accountEnabled: false`) is an update whose side effects (ending sessions,
//! revoking refresh tokens) belong to the domain, not to this module. A user is
//! named in a path by its id or, as in Graph, by its principal name (a guest's
//! `alice_fabrikam.com#EXT#@...` arrives with `#` percent-encoded).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use entente_domain::access::{Area, Caller};
use entente_domain::directory::{self, NewMember};
use entente_domain::directory_reads;
use entente_model::{User, UserId};
use entente_storage::{UserField, UserPatch};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::groups::{GROUPS, GroupBody};
use super::openapi::{CountOptions, ListOptions, SelectOptions, UnsortedListOptions, reference};
use super::query::{
    Collection, Holds, ODataQuery, Property, Schema, Sorting, Type, count_response, counted,
};
use super::{ApiCaller, ApiJson, date_time, nullable, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(count))
        .routes(routes!(read, update, remove))
        .routes(routes!(member_of))
        .routes(routes!(count_member_of))
        .routes(routes!(me))
        .routes(routes!(revoke_sessions))
        .routes(routes!(reset_authenticator))
}

reference!(Users => UserBody);
reference!(Groups => GroupBody);

/// What Graph answers `/me` with an application's own token.
const ME_NEEDS_A_USER: &str = "/me request is only valid with delegated authentication flow.";

/// Users as the directory API queries them (Graph's names; `in` goes wherever `eq`
/// does; `ne`, `not` and `null` only in advanced queries).
pub const USERS: Schema<UserField> = Schema {
    entity: "user",
    resource: "User",
    properties: &[
        Property::equality("id", Holds::Field(UserField::Id, Type::Id)),
        Property {
            starts_with: true,
            null: true,
            sort: Sorting::Default,
            search: true,
            ..Property::equality(
                "displayName",
                Holds::Field(UserField::DisplayName, Type::Text),
            )
        },
        Property {
            starts_with: true,
            null: true,
            search: true,
            ..Property::equality("mail", Holds::Field(UserField::Mail, Type::Text))
        },
        Property {
            starts_with: true,
            ..Property::equality(
                "userPrincipalName",
                Holds::Field(UserField::UserPrincipalName, Type::Text),
            )
        },
        Property {
            null: true,
            ..Property::equality(
                "userType",
                Holds::Field(UserField::UserType, Type::Enum(&["Member", "Guest"])),
            )
        },
        Property::equality(
            "accountEnabled",
            Holds::Field(UserField::AccountEnabled, Type::Bool),
        ),
        Property::equality(
            "creationType",
            Holds::Field(
                UserField::CreationType,
                Type::Enum(&["Invitation", "EmailVerified", "LocalAccount", "SignInLink"]),
            ),
        ),
        Property::equality(
            "externalUserState",
            Holds::Field(
                UserField::ExternalUserState,
                Type::Enum(&["PendingAcceptance", "Accepted"]),
            ),
        ),
        Property {
            range: true,
            sort: Sorting::Advanced,
            ..Property::equality(
                "createdDateTime",
                Holds::Field(UserField::CreatedAt, Type::DateTime),
            )
        },
        Property {
            range: true,
            null: true,
            ..Property::equality(
                "signInActivity/lastSignInDateTime",
                Holds::Field(UserField::LastSignIn, Type::DateTime),
            )
        },
    ],
    selectable: &[
        "id",
        "displayName",
        "mail",
        "userPrincipalName",
        "userType",
        "accountEnabled",
        "createdDateTime",
        "creationType",
        "externalUserState",
        "externalUserStateChangeDateTime",
        "signInActivity",
    ],
    unkept: &[
        "givenName",
        "surname",
        "jobTitle",
        "mobilePhone",
        "officeLocation",
        "preferredLanguage",
        "department",
        "companyName",
        "mailNickname",
        "employeeId",
        "employeeType",
        "usageLocation",
        "city",
        "state",
        "country",
        "streetAddress",
        "postalCode",
        "faxNumber",
        "ageGroup",
        "showInAddressList",
        "passwordPolicies",
        "signInSessionsValidFromDateTime",
        "lastPasswordChangeDateTime",
        "onPremisesSyncEnabled",
        "onPremisesImmutableId",
        "onPremisesUserPrincipalName",
        "onPremisesSamAccountName",
        "onPremisesLastSyncDateTime",
        "deletedDateTime",
    ],
    unkept_lists: &[
        "businessPhones",
        "otherMails",
        "proxyAddresses",
        "imAddresses",
        "identities",
        "assignedLicenses",
        "assignedPlans",
    ],
};

/// A user as Graph shows it. With `$select`, only `id`, `@odata.type` and the
/// properties selected are present.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = User)]
pub struct UserBody {
    /// `#microsoft.graph.user` where a collection mixes object types.
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<&'static str>,
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(required = false)]
    pub display_name: String,
    pub mail: Option<String>,
    #[schema(required = false)]
    pub user_principal_name: String,
    /// `Member` or `Guest`.
    #[schema(required = false)]
    pub user_type: &'static str,
    #[schema(required = false)]
    pub account_enabled: bool,
    #[schema(format = DateTime)]
    pub created_date_time: Option<String>,
    /// `Invitation`, `EmailVerified`, `LocalAccount` or `SignInLink`; `null` for a member made here.
    pub creation_type: Option<&'static str>,
    /// A guest's `PendingAcceptance` or `Accepted`.
    pub external_user_state: Option<&'static str>,
    #[schema(format = DateTime)]
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

/// A member to create; guests come from invitations.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = UserCreate)]
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

/// The member's first password; without one, the member signs in once set up.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PasswordProfile {
    password: String,
    /// Accepted for compatibility; a forced change at next sign-in is not implemented.
    #[serde(default)]
    #[allow(dead_code)]
    force_change_password_next_sign_in: Option<bool>,
}

/// The properties to change; the others stay.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = UserUpdate)]
struct UpdateUser {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    mail: Option<Option<String>>,
    #[serde(default)]
    account_enabled: Option<bool>,
    #[serde(default)]
    user_principal_name: Option<String>,
    /// Entente: when the user's access ends (RFC 3339; `null`: it does not end).
    #[serde(default, deserialize_with = "nullable")]
    access_ends_date_time: Option<Option<String>>,
    /// The language Entente writes to the user in (one of its twelve); `null`: English.
    #[serde(default, deserialize_with = "nullable")]
    preferred_language: Option<Option<String>>,
}

/// List users
#[utoipa::path(get, path = "/v1.0/users", operation_id = "users_list", tag = "users",
    params(ListOptions),
    responses((status = 200, description = "A page of users.", body = Collection<Users>)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Users)?;
    let (listing, selection) = (query.listing(&USERS, true)?, query.selection(&USERS)?);
    let found = directory_reads::list_users(&state.services, access, &listing).await?;
    let items = found
        .items
        .iter()
        .map(|u| to_value(UserBody::from(u)))
        .collect::<Vec<Value>>();
    // Graph returns signInActivity only when `$select` asks for it: one query for
    // the page's users then.
    let items = if selection.names_explicitly("signInActivity") {
        let ids: Vec<UserId> = found.items.iter().map(|u| u.id).collect();
        let activity = directory_reads::sign_in_activities(&state.services, access, &ids).await?;
        items
            .into_iter()
            .zip(&found.items)
            .map(|(mut body, user)| {
                with_activity(
                    &mut body,
                    activity.get(&user.id).copied().unwrap_or_default(),
                );
                body
            })
            .collect()
    } else {
        items
    };
    let (next, count) = (found.skip_token, found.count);
    Ok(counted(
        &state,
        Some(&query),
        "users",
        Some(&selection),
        items,
        next,
        count,
    ))
}

/// Count users
///
/// How many users match `$filter` and `$search`, as text.
#[utoipa::path(get, path = "/v1.0/users/$count", operation_id = "users_count", tag = "users",
    params(CountOptions),
    responses((status = 200, description = "The number, as text.", body = i64, content_type = "text/plain")))]
async fn count(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Response, ApiError> {
    let access = caller.read(Area::Users)?;
    let filter = query.counting(&USERS)?;
    let count = directory_reads::count_users(&state.services, access, filter.as_ref()).await?;
    Ok(count_response(count))
}

/// Get the signed-in user
///
/// The user of a delegated token; an application's own token is refused.
#[utoipa::path(get, path = "/v1.0/me", operation_id = "me_get", tag = "users",
    params(SelectOptions),
    responses((status = 200, description = "The signed-in user.", body = UserBody)))]
async fn me(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let own = caller
        .own_account()
        .ok_or_else(|| ApiError::bad_request(ME_NEEDS_A_USER))?;
    let selection = query.entity(&USERS, &[])?;
    let user = directory_reads::signed_in_user(&state.services, own).await?;
    let mut body = to_value(UserBody::from(&user));
    one_user_extras(&state, &user, &mut body).await?;
    Ok(Json(selection.project(body)))
}

/// List a user's groups
///
/// The groups the user is a direct member of.
#[utoipa::path(get, path = "/v1.0/users/{id}/memberOf", operation_id = "users_listMemberOf",
    tag = "users", params(("id" = String, Path, description = "The user's id, or its userPrincipalName."), UnsortedListOptions),
    responses((status = 200, description = "A page of groups, each with its `@odata.type`.",
        body = Collection<Groups>)))]
async fn member_of(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(key): Path<String>,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Groups)?;
    let (listing, selection) = (query.listing(&GROUPS, false)?, query.selection(&GROUPS)?);
    let user = user_id(&state, &caller, &key).await?;
    let found = directory_reads::list_member_of(&state.services, access, user, &listing).await?;
    let items = found
        .items
        .iter()
        .map(|g| to_value(GroupBody::typed(g)))
        .collect();
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

/// Count a user's groups
#[utoipa::path(get, path = "/v1.0/users/{id}/memberOf/$count",
    operation_id = "users_countMemberOf", tag = "users", params(("id" = String, Path, description = "The user's id, or its userPrincipalName."), CountOptions),
    responses((status = 200, description = "The number, as text.", body = i64, content_type = "text/plain")))]
async fn count_member_of(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(key): Path<String>,
    query: ODataQuery,
) -> Result<Response, ApiError> {
    let access = caller.read(Area::Groups)?;
    let filter = query.counting(&GROUPS)?;
    let user = user_id(&state, &caller, &key).await?;
    let count =
        directory_reads::count_member_of(&state.services, access, user, filter.as_ref()).await?;
    Ok(count_response(count))
}

/// Create a member
#[utoipa::path(post, path = "/v1.0/users", operation_id = "users_create", tag = "users",
    request_body = CreateUser,
    responses((status = 201, description = "The user made.", body = UserBody)))]
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

/// Get a user
#[utoipa::path(get, path = "/v1.0/users/{id}", operation_id = "users_get", tag = "users",
    params(("id" = String, Path, description = "The user's id, or its userPrincipalName."), SelectOptions),
    responses((status = 200, description = "The user.", body = UserBody)))]
async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(key): Path<String>,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let access = caller.read(Area::Users)?;
    let selection = query.entity(&USERS, &[])?;
    let user = match key.parse::<UserId>() {
        Ok(id) => directory::get_user(&state.services, access, id).await?,
        Err(_) => directory_reads::user_by_principal_name(&state.services, access, &key).await?,
    };
    let mut body = to_value(UserBody::from(&user));
    one_user_extras(&state, &user, &mut body).await?;
    if selection.names_explicitly("signInActivity") {
        let activity =
            directory_reads::sign_in_activities(&state.services, access, &[user.id]).await?;
        with_activity(
            &mut body,
            activity.get(&user.id).copied().unwrap_or_default(),
        );
    }
    Ok(Json(selection.project(body)))
}

/// What one user's body has beyond the listed ones: `preferredLanguage` when set,
/// and Entente's `accessEndsDateTime` when its access ends (decision 0015).
async fn one_user_extras(
    state: &AppState,
    user: &entente_model::User,
    body: &mut Value,
) -> Result<(), ApiError> {
    let end =
        entente_domain::lifecycle::access_end(&state.services, user.tenant_id, user.id).await?;
    let language =
        directory_reads::preferred_language(&state.services, user.tenant_id, user.id).await?;
    if let Value::Object(object) = body {
        if let Some(ends) = end.ends_at.and_then(super::date_time) {
            object.insert("accessEndsDateTime".into(), Value::String(ends));
        }
        if let Some(language) = language {
            object.insert("preferredLanguage".into(), Value::String(language));
        }
    }
    Ok(())
}

/// Adds Graph's `signInActivity` to a user's body.
fn with_activity(body: &mut Value, activity: entente_storage::SignInActivity) {
    let time = |at: Option<i64>| {
        at.and_then(super::date_time)
            .map_or(Value::Null, Value::String)
    };
    if let Value::Object(object) = body {
        object.insert(
            "signInActivity".into(),
            serde_json::json!({
                "lastSignInDateTime": time(activity.last_sign_in),
                "lastNonInteractiveSignInDateTime": time(activity.last_non_interactive),
                "lastSuccessfulSignInDateTime": time(activity.last_successful),
            }),
        );
    }
}

/// Update a user
///
/// `accountEnabled: false` also ends the user's sessions and refresh tokens.
#[utoipa::path(patch, path = "/v1.0/users/{id}", operation_id = "users_update", tag = "users",
    params(("id" = String, Path, description = "The user's id, or its userPrincipalName.")), request_body = UpdateUser,
    responses((status = 204, description = "Updated.")))]
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
    let id = user_id(&state, &caller, &id).await?;
    let ends = match &body.access_ends_date_time {
        Some(Some(text)) => Some(Some(super::parse_date_time(text, "accessEndsDateTime")?)),
        Some(None) => Some(None),
        None => None,
    };
    let changes_more = patch.display_name.is_some()
        || patch.mail.is_some()
        || patch.account_enabled.is_some()
        || patch.user_principal_name.is_some();
    if let Some(language) = &body.preferred_language {
        directory::set_preferred_language(
            &state.services,
            &access,
            id,
            language.as_deref(),
            crate::now(),
        )
        .await?;
    }
    if changes_more || (ends.is_none() && body.preferred_language.is_none()) {
        directory::update_user(&state.services, &access, id, patch, crate::now()).await?;
    }
    if let Some(ends) = ends {
        entente_domain::lifecycle::set_access_end(&state.services, &access, id, ends, crate::now())
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a user
#[utoipa::path(delete, path = "/v1.0/users/{id}", operation_id = "users_delete", tag = "users",
    params(("id" = String, Path, description = "The user's id, or its userPrincipalName.")), responses((status = 204, description = "Deleted.")))]
async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Users)?;
    let id = user_id(&state, &caller, &id).await?;
    directory::delete_user(&state.services, &access, id, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revoke a user's sessions
///
/// Ends the user's sessions and refresh tokens; Graph answers `{"value": true}`.
#[utoipa::path(post, path = "/v1.0/users/{id}/revokeSignInSessions",
    operation_id = "users_revokeSignInSessions", tag = "users", params(("id" = String, Path, description = "The user's id, or its userPrincipalName.")),
    responses((status = 200, description = "Revoked.", body = Revoked)))]
async fn revoke_sessions(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Revoked>, ApiError> {
    let access = caller.write(Area::Users)?;
    let id = user_id(&state, &caller, &id).await?;
    directory::revoke_sign_in_sessions(&state.services, &access, id, crate::now()).await?;
    Ok(Json(Revoked { value: true }))
}

/// Graph's answer to `revokeSignInSessions`.
#[derive(Serialize, ToSchema)]
struct Revoked {
    /// Always `true`.
    value: bool,
}

/// Remove a user's authenticator app
///
/// Removes a user's authenticator app (and recovery codes) for a lost device; the next
/// sign-in that owes a second factor enrols again. For a guest this is its factor
/// at this tenant. Entente keeps one app per user, so the collection goes whole.
/// Needs a tenant administrator.
#[utoipa::path(delete, path = "/v1.0/users/{id}/authentication/softwareOathMethods",
    operation_id = "users_deleteSoftwareOathMethods", tag = "users", params(("id" = String, Path, description = "The user's id, or its userPrincipalName.")),
    responses((status = 204, description = "Removed.")))]
async fn reset_authenticator(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<axum::http::StatusCode, ApiError> {
    let admin = caller.tenant_admin()?;
    let id = user_id(&state, &caller, &id).await?;
    entente_domain::mfa::remove_enrolment(&state.services, &admin, id, crate::now()).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// The user a path names: by id, or else by principal name, which takes a read of
/// the directory (and so its permission) to resolve. A name that matches no one is
/// not found, as in Graph.
async fn user_id(state: &AppState, caller: &Caller, key: &str) -> Result<UserId, ApiError> {
    if let Ok(id) = key.parse::<UserId>() {
        return Ok(id);
    }
    let access = caller.read(Area::Users)?;
    let user = directory_reads::user_by_principal_name(&state.services, access, key).await?;
    Ok(user.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `$select` may name exactly the properties a user's JSON has.
    #[test]
    fn the_schema_selects_what_the_body_serializes() {
        let user = User::new_member(
            entente_model::TenantId::new_id(),
            "a@b.example".into(),
            None,
            "A".into(),
            0,
        );
        let body = to_value(UserBody::from(&user));
        let mut keys: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        // `signInActivity` is added by the handlers, only when `$select` names it.
        let mut selectable: Vec<&str> = USERS
            .selectable
            .iter()
            .copied()
            .filter(|name| *name != "signInActivity")
            .collect();
        keys.sort_unstable();
        selectable.sort_unstable();
        assert_eq!(keys, selectable);
    }
}
