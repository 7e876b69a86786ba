//! `/v1.0/policies/externalCollaborationPolicy` and `/v1.0/organization/branding`:
//! who may invite whom into the tenant, and how its invitation emails and pages look.
//! Reading and changing either takes a tenant administrator.

use axum::Json;
use axum::extract::State;
use entente_domain::invitations::policy::{
    self, BrandingPatch as DomainBrandingPatch, CollaborationPatch,
};
use entente_model::{Branding, CollaborationPolicy};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{ApiCaller, ApiJson, nullable};
use crate::error::ApiError;
use crate::{AppState, now};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(show_policy, update_policy))
        .routes(routes!(show_branding, update_branding))
}

/// The tenant's collaboration policy, with Graph's `@odata.context`.
#[derive(Serialize, ToSchema)]
#[schema(as = ExternalCollaborationPolicy)]
struct PolicyBody {
    #[serde(rename = "@odata.context")]
    context: String,
    #[serde(flatten)]
    policy: CollaborationPolicy,
}

/// The tenant's branding of invitation emails and pages.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = OrganizationalBranding)]
struct BrandingBody {
    #[serde(rename = "@odata.context")]
    context: String,
    /// An absolute https address.
    logo_url: Option<String>,
    /// A colour as `#rrggbb`.
    brand_color: Option<String>,
}

/// The collaboration policy's properties to change; the others stay.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schema(as = ExternalCollaborationPolicyUpdate)]
struct PolicyPatch {
    members_can_invite: Option<bool>,
    allow_consumer_domains: Option<bool>,
    allowed_domains: Option<Vec<String>>,
    blocked_domains: Option<Vec<String>>,
    invitation_lifetime_days: Option<u32>,
    guest_mfa_required: Option<bool>,
    trust_home_mfa: Option<bool>,
    /// Entente: a new guest's access ends this many days after it is invited;
    /// `null`: it does not end by itself.
    #[serde(default, deserialize_with = "nullable")]
    guest_lifetime_in_days: Option<Option<u32>>,
    /// Entente: sponsors are reminded this many days before the end (0: not at all).
    expiry_reminder_in_days: Option<u32>,
    /// Entente: a guest whose access ended is deleted this many days later.
    expired_guest_grace_in_days: Option<u32>,
    /// Entente: the inactive-guest policy is on.
    inactive_guest_policy_enabled: Option<bool>,
    /// Entente: days without a sign-in before a guest's sponsors are told.
    inactive_guest_days: Option<u32>,
    /// Entente: days after that before the guest is blocked, unless kept.
    inactive_guest_block_after_days: Option<u32>,
}

/// The branding's properties to change; `null` clears one.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schema(as = OrganizationalBrandingUpdate)]
struct BrandingPatch {
    #[serde(default, deserialize_with = "nullable")]
    logo_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    brand_color: Option<Option<String>>,
}

/// Get the collaboration policy
///
/// Who may invite whom, and on what terms. Needs a tenant administrator.
#[utoipa::path(get, path = "/v1.0/policies/externalCollaborationPolicy",
    operation_id = "policies_getExternalCollaborationPolicy", tag = "policies",
    responses((status = 200, description = "The policy.", body = PolicyBody)))]
async fn show_policy(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<PolicyBody>, ApiError> {
    let admin = caller.tenant_admin()?;
    let current = policy::collaboration_policy(&state.services, &admin).await?;
    Ok(Json(policy_body(&state, current)))
}

/// Update the collaboration policy
#[utoipa::path(patch, path = "/v1.0/policies/externalCollaborationPolicy",
    operation_id = "policies_updateExternalCollaborationPolicy", tag = "policies",
    request_body = PolicyPatch,
    responses((status = 200, description = "The policy as it now is.", body = PolicyBody)))]
async fn update_policy(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(patch): ApiJson<PolicyPatch>,
) -> Result<Json<PolicyBody>, ApiError> {
    let admin = caller.tenant_admin()?;
    let patch = CollaborationPatch {
        members_can_invite: patch.members_can_invite,
        allow_consumer_domains: patch.allow_consumer_domains,
        allowed_domains: patch.allowed_domains,
        blocked_domains: patch.blocked_domains,
        invitation_lifetime_days: patch.invitation_lifetime_days,
        guest_mfa_required: patch.guest_mfa_required,
        trust_home_mfa: patch.trust_home_mfa,
        guest_lifetime_days: patch.guest_lifetime_in_days,
        expiry_reminder_days: patch.expiry_reminder_in_days,
        expired_guest_grace_days: patch.expired_guest_grace_in_days,
        inactive_guest_policy: patch.inactive_guest_policy_enabled,
        inactive_guest_days: patch.inactive_guest_days,
        inactive_guest_block_days: patch.inactive_guest_block_after_days,
    };
    let updated =
        policy::update_collaboration_policy(&state.services, &admin, patch, now()).await?;
    Ok(Json(policy_body(&state, updated)))
}

/// Get the branding
///
/// The logo and colour of invitation emails and pages. Needs a tenant administrator.
#[utoipa::path(get, path = "/v1.0/organization/branding",
    operation_id = "organization_getBranding", tag = "organization",
    responses((status = 200, description = "The branding.", body = BrandingBody)))]
async fn show_branding(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<BrandingBody>, ApiError> {
    let admin = caller.tenant_admin()?;
    let current = policy::branding(&state.services, &admin).await?;
    Ok(Json(branding_body(&state, current)))
}

/// Update the branding
#[utoipa::path(patch, path = "/v1.0/organization/branding",
    operation_id = "organization_updateBranding", tag = "organization",
    request_body = BrandingPatch,
    responses((status = 200, description = "The branding as it now is.", body = BrandingBody)))]
async fn update_branding(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(patch): ApiJson<BrandingPatch>,
) -> Result<Json<BrandingBody>, ApiError> {
    let admin = caller.tenant_admin()?;
    let patch = DomainBrandingPatch {
        logo_url: patch.logo_url,
        brand_color: patch.brand_color,
    };
    let updated = policy::update_branding(&state.services, &admin, patch, now()).await?;
    Ok(Json(branding_body(&state, updated)))
}

/// The policy as its camelCase fields, with Graph's `@odata.context`.
fn policy_body(state: &AppState, policy: CollaborationPolicy) -> PolicyBody {
    PolicyBody {
        context: format!(
            "{}/v1.0/$metadata#policies/externalCollaborationPolicy/$entity",
            state.services.settings.public_base_url
        ),
        policy,
    }
}

fn branding_body(state: &AppState, branding: Branding) -> BrandingBody {
    BrandingBody {
        context: format!(
            "{}/v1.0/$metadata#organization/branding/$entity",
            state.services.settings.public_base_url
        ),
        logo_url: branding.logo_url,
        brand_color: branding.brand_color,
    }
}
