//! An application's app roles in the portal: creating one, disabling and enabling
//! it, and removing a disabled one. Each change rewrites the application's role list
//! through the same service method as `PATCH /v1.0/applications/{id}` (which keeps
//! Entra ID's rule: a role is disabled before it can be removed).

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use entente_domain::DomainError;
use entente_domain::access::Area;
use entente_domain::directory::{self, ApplicationPatch};
use entente_model::{AppId, AppRole};
use serde::Deserialize;

use super::apps::app_page;
use super::{Admin, AdminPost, Gate, not_found, parse_id};
use crate::AppState;
use crate::now;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/apps/{id}/roles", post(create))
        .route("/{tenant}/admin/apps/{id}/roles/toggle", post(toggle))
        .route("/{tenant}/admin/apps/{id}/roles/remove", post(remove))
}

#[derive(Deserialize)]
struct NewRoleForm {
    display_name: String,
    value: String,
    #[serde(default)]
    description: String,
    /// Checkboxes: users (and groups) may hold it; applications may.
    users: Option<String>,
    apps: Option<String>,
}

async fn create(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<NewRoleForm>,
) -> Result<Response, Gate> {
    let id = parse_id::<AppId>(&id)?;
    let allowed_member_types = [("User", &form.users), ("Application", &form.apps)]
        .into_iter()
        .filter(|(_, ticked)| ticked.is_some())
        .map(|(kind, _)| kind.to_owned())
        .collect();
    let role = AppRole {
        id: uuid::Uuid::new_v4(),
        value: form.value.trim().to_owned(),
        display_name: form.display_name.trim().to_owned(),
        description: form.description.trim().to_owned(),
        allowed_member_types,
        is_enabled: true,
    };
    change_roles(&state, &admin, id, |roles| {
        roles.push(role);
        Ok(())
    })
    .await
}

#[derive(Deserialize)]
struct RoleForm {
    id: String,
}

async fn toggle(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<RoleForm>,
) -> Result<Response, Gate> {
    let (id, role) = (parse_id::<AppId>(&id)?, role_id(&form)?);
    change_roles(&state, &admin, id, |roles| {
        let role = roles
            .iter_mut()
            .find(|r| r.id == role)
            .ok_or_else(not_found)?;
        role.is_enabled = !role.is_enabled;
        Ok(())
    })
    .await
}

async fn remove(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<RoleForm>,
) -> Result<Response, Gate> {
    let (id, role) = (parse_id::<AppId>(&id)?, role_id(&form)?);
    change_roles(&state, &admin, id, |roles| {
        roles.retain(|r| r.id != role);
        Ok(())
    })
    .await
}

fn role_id(form: &RoleForm) -> Result<uuid::Uuid, crate::error::PageError> {
    form.id.trim().parse().map_err(|_| not_found())
}

/// Reads the application's roles, lets `change` edit them, and saves the list; a
/// list the rules refuse (a value twice, a live role removed) comes back on the
/// application's page with the reason.
async fn change_roles(
    state: &AppState,
    admin: &Admin,
    id: AppId,
    change: impl FnOnce(&mut Vec<AppRole>) -> Result<(), crate::error::PageError>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Applications)?;
    let read = admin.caller.read(Area::Applications)?;
    let mut roles = directory::get_application(&state.services, read, id)
        .await?
        .application
        .app_roles;
    change(&mut roles)?;
    let patch = ApplicationPatch {
        app_roles: Some(roles),
        ..ApplicationPatch::default()
    };
    match directory::update_application(&state.services, &access, id, patch, now()).await {
        Ok(()) => Ok(Redirect::to(&admin.path(&format!("/apps/{id}"))).into_response()),
        Err(DomainError::Invalid(message)) | Err(DomainError::Field { message, .. }) => {
            app_page(
                state,
                admin,
                id,
                StatusCode::BAD_REQUEST,
                None,
                Some(message),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
