//! `/v1.0/policies/externalCollaborationPolicy` and `/v1.0/organization/branding`:
//! who may invite whom into the tenant, and how its invitation emails and pages look.
//! Reading and changing either takes a tenant administrator.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use entente_domain::invitations::policy::{
    self, BrandingPatch as DomainBrandingPatch, CollaborationPatch,
};
use entente_model::{Branding, CollaborationPolicy};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ApiCaller, ApiJson, nullable, to_value};
use crate::error::ApiError;
use crate::{AppState, now};

const POLICY_PATH: &str = "/v1.0/policies/externalCollaborationPolicy";
const BRANDING_PATH: &str = "/v1.0/organization/branding";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(POLICY_PATH, get(show_policy).patch(update_policy))
        .route(BRANDING_PATH, get(show_branding).patch(update_branding))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PolicyPatch {
    members_can_invite: Option<bool>,
    allow_consumer_domains: Option<bool>,
    allowed_domains: Option<Vec<String>>,
    blocked_domains: Option<Vec<String>>,
    invitation_lifetime_days: Option<u32>,
    guest_mfa_required: Option<bool>,
    trust_home_mfa: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BrandingPatch {
    #[serde(default, deserialize_with = "nullable")]
    logo_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    brand_color: Option<Option<String>>,
}

async fn show_policy(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Value>, ApiError> {
    let admin = caller.tenant_admin()?;
    let current = policy::collaboration_policy(&state.services, &admin).await?;
    Ok(Json(policy_body(&state, &current)))
}

async fn update_policy(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(patch): ApiJson<PolicyPatch>,
) -> Result<Json<Value>, ApiError> {
    let admin = caller.tenant_admin()?;
    let patch = CollaborationPatch {
        members_can_invite: patch.members_can_invite,
        allow_consumer_domains: patch.allow_consumer_domains,
        allowed_domains: patch.allowed_domains,
        blocked_domains: patch.blocked_domains,
        invitation_lifetime_days: patch.invitation_lifetime_days,
        guest_mfa_required: patch.guest_mfa_required,
        trust_home_mfa: patch.trust_home_mfa,
    };
    let updated =
        policy::update_collaboration_policy(&state.services, &admin, patch, now()).await?;
    Ok(Json(policy_body(&state, &updated)))
}

async fn show_branding(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Value>, ApiError> {
    let admin = caller.tenant_admin()?;
    let current = policy::branding(&state.services, &admin).await?;
    Ok(Json(branding_body(&state, &current)))
}

async fn update_branding(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(patch): ApiJson<BrandingPatch>,
) -> Result<Json<Value>, ApiError> {
    let admin = caller.tenant_admin()?;
    let patch = DomainBrandingPatch {
        logo_url: patch.logo_url,
        brand_color: patch.brand_color,
    };
    let updated = policy::update_branding(&state.services, &admin, patch, now()).await?;
    Ok(Json(branding_body(&state, &updated)))
}

/// The policy as its camelCase fields, with Graph's `@odata.context`.
fn policy_body(state: &AppState, policy: &CollaborationPolicy) -> Value {
    let mut body = to_value(policy);
    body["@odata.context"] = json!(format!(
        "{}/v1.0/$metadata#policies/externalCollaborationPolicy/$entity",
        state.services.settings.public_base_url
    ));
    body
}

fn branding_body(state: &AppState, branding: &Branding) -> Value {
    json!({
        "@odata.context": format!("{}/v1.0/$metadata#organization/branding/$entity",
            state.services.settings.public_base_url),
        "logoUrl": branding.logo_url,
        "brandColor": branding.brand_color,
    })
}
