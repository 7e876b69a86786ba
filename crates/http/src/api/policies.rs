//! `/v1.0/policies/identitySecurityDefaultsEnforcementPolicy`: Graph's switch for a
//! tenant's baseline sign-in security, which in Entente is "members must use a second
//! factor" (`mfa_required`). Reading and changing it takes a tenant administrator.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use entente_domain::mfa;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiCaller, ApiJson};
use crate::error::ApiError;
use crate::{AppState, now};

const PATH: &str = "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy";

pub fn router() -> Router<AppState> {
    Router::new().route(PATH, get(show).patch(update))
}

async fn show(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Value>, ApiError> {
    let admin = caller.tenant_admin()?;
    let enabled = mfa::mfa_required(&state.services, &admin).await?;
    Ok(Json(json!({
        "@odata.context": format!("{}/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity",
            state.services.settings.public_base_url),
        "id": "00000000-0000-0000-0000-000000000005",
        "displayName": "Security Defaults",
        "description": "Members must complete a second factor (an authenticator app) when they sign in.",
        "isEnabled": enabled,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PolicyPatch {
    is_enabled: bool,
}

async fn update(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(patch): ApiJson<PolicyPatch>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.tenant_admin()?;
    mfa::set_mfa_required(&state.services, &admin, patch.is_enabled, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
