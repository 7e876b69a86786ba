//! `/v1.0/policies/identitySecurityDefaultsEnforcementPolicy`: Graph's switch for a
//! tenant's baseline sign-in security, which in Entente is "members must use a second
//! factor" (`mfa_required`). Reading and changing it takes a tenant administrator.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use entente_domain::mfa;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiCaller, ApiJson};
use crate::error::ApiError;
use crate::{AppState, now};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(show, update))
}

/// Graph's `identitySecurityDefaultsEnforcementPolicy`: whether members must use a
/// second factor.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = IdentitySecurityDefaultsEnforcementPolicy)]
struct PolicyBody {
    #[serde(rename = "@odata.context")]
    context: String,
    id: &'static str,
    display_name: &'static str,
    description: &'static str,
    is_enabled: bool,
}

/// Get the security defaults policy
///
/// Needs a tenant administrator.
#[utoipa::path(get, path = "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy",
    operation_id = "policies_getIdentitySecurityDefaultsEnforcementPolicy", tag = "policies",
    responses((status = 200, description = "The policy.", body = PolicyBody)))]
async fn show(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<PolicyBody>, ApiError> {
    let admin = caller.tenant_admin()?;
    let enabled = mfa::mfa_required(&state.services, &admin).await?;
    Ok(Json(PolicyBody {
        context: format!(
            "{}/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity",
            state.services.settings.public_base_url
        ),
        id: "00000000-0000-0000-0000-000000000005",
        display_name: "Security Defaults",
        description: "Members must complete a second factor (an authenticator app) when they sign in.",
        is_enabled: enabled,
    }))
}

/// Turns the security defaults on or off.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schema(as = IdentitySecurityDefaultsEnforcementPolicyUpdate)]
struct PolicyPatch {
    is_enabled: bool,
}

/// Update the security defaults policy
#[utoipa::path(patch, path = "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy",
    operation_id = "policies_updateIdentitySecurityDefaultsEnforcementPolicy", tag = "policies",
    request_body = PolicyPatch, responses((status = 204, description = "Updated.")))]
async fn update(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(patch): ApiJson<PolicyPatch>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.tenant_admin()?;
    mfa::set_mfa_required(&state.services, &admin, patch.is_enabled, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
