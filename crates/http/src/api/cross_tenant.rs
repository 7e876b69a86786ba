//! `/v1.0/policies/crossTenantAccessPolicy`: Graph's cross-tenant access settings,
//! the tenant's `default` and its `partners` (by `tenantId`: a tenant of this
//! deployment, or one of this tenant's federation configurations for a partner
//! elsewhere), and Entente's `explain`: what the settings decide for a person and an
//! application. Reading and changing them takes a tenant administrator.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use entente_domain::cross_tenant::{self, DefaultView, Question, SettingsPatch, rules};
use entente_model::cross_tenant::{
    AutomaticUserConsent, B2bSetting, CrossTenantPartner, InboundTrust, RedemptionProviders,
};
use entente_storage::PartnerField;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{ListOptions, reference};
use super::query::{Collection, Holds, ODataQuery, Property, Schema, Type, counted};
use super::{ApiCaller, ApiJson, path_id, to_value};
use crate::error::ApiError;
use crate::{AppState, now};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(policy))
        .routes(routes!(show_default, update_default))
        .routes(routes!(reset_default))
        .routes(routes!(list_partners, create_partner))
        .routes(routes!(show_partner, update_partner, remove_partner))
        .routes(routes!(explain))
}

pub(super) const PARTNERS: Schema<PartnerField> = Schema {
    entity: "crossTenantAccessPolicyConfigurationPartner",
    resource: "CrossTenantAccessPolicyConfigurationPartner",
    properties: &[Property::equality(
        "tenantId",
        Holds::Field(PartnerField::TenantId, Type::Id),
    )],
    selectable: &[
        "tenantId",
        "isServiceProvider",
        "isInMultiTenantOrganization",
        "inboundTrust",
        "b2bCollaborationInbound",
        "b2bCollaborationOutbound",
        "automaticUserConsentSettings",
    ],
    unkept: &[
        "b2bDirectConnectInbound",
        "b2bDirectConnectOutbound",
        "tenantRestrictions",
        "identitySynchronization",
    ],
    unkept_lists: &[],
};

/// Graph's `crossTenantAccessPolicy`: the container of the default and the partners.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CrossTenantAccessPolicy)]
struct PolicyBody {
    #[serde(rename = "@odata.context")]
    context: String,
    id: &'static str,
    display_name: &'static str,
    allowed_cloud_endpoints: Vec<String>,
}

/// Get the cross-tenant access policy
#[utoipa::path(get, path = "/v1.0/policies/crossTenantAccessPolicy",
    operation_id = "policies_getCrossTenantAccessPolicy", tag = "policies",
    responses((status = 200, description = "The policy.", body = PolicyBody)))]
async fn policy(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<PolicyBody>, ApiError> {
    caller.tenant_admin()?;
    Ok(Json(PolicyBody {
        context: context(&state, "policies/crossTenantAccessPolicy/$entity"),
        id: "crossTenantAccessPolicy",
        display_name: "CrossTenantAccessPolicy",
        allowed_cloud_endpoints: Vec::new(),
    }))
}

fn context(state: &AppState, what: &str) -> String {
    format!(
        "{}/v1.0/$metadata#{what}",
        state.services.settings.public_base_url
    )
}

/// Graph's `crossTenantAccessPolicyConfigurationDefault`: every part filled in.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CrossTenantAccessPolicyConfigurationDefault)]
struct DefaultBody {
    #[serde(rename = "@odata.context")]
    context: String,
    is_service_default: bool,
    /// `isMfaAccepted` is the collaboration policy's `trustHomeMfa`.
    inbound_trust: Option<InboundTrust>,
    #[serde(rename = "b2bCollaborationInbound")]
    b2b_collaboration_inbound: Option<B2bSetting>,
    #[serde(rename = "b2bCollaborationOutbound")]
    b2b_collaboration_outbound: Option<B2bSetting>,
    automatic_user_consent_settings: Option<AutomaticUserConsent>,
    invitation_redemption_identity_provider_configuration: Option<RedemptionProviders>,
}

fn default_body(state: &AppState, view: DefaultView) -> DefaultBody {
    let s = view.settings;
    DefaultBody {
        context: context(state, "policies/crossTenantAccessPolicy/default/$entity"),
        is_service_default: view.is_service_default,
        inbound_trust: s.inbound_trust,
        b2b_collaboration_inbound: s.b2b_collaboration_inbound,
        b2b_collaboration_outbound: s.b2b_collaboration_outbound,
        automatic_user_consent_settings: s.automatic_user_consent_settings,
        invitation_redemption_identity_provider_configuration: s
            .invitation_redemption_identity_provider_configuration,
    }
}

reference!(Partners => PartnerBody);

/// Graph's `crossTenantAccessPolicyConfigurationPartner`: a part that is `null`
/// takes the default's.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CrossTenantAccessPolicyConfigurationPartner)]
struct PartnerBody {
    /// A tenant of this deployment, or a federation configuration of this tenant.
    #[schema(format = Uuid)]
    tenant_id: String,
    is_service_provider: Option<bool>,
    is_in_multi_tenant_organization: bool,
    inbound_trust: Option<InboundTrust>,
    #[serde(rename = "b2bCollaborationInbound")]
    b2b_collaboration_inbound: Option<B2bSetting>,
    #[serde(rename = "b2bCollaborationOutbound")]
    b2b_collaboration_outbound: Option<B2bSetting>,
    automatic_user_consent_settings: Option<AutomaticUserConsent>,
}

impl From<CrossTenantPartner> for PartnerBody {
    fn from(p: CrossTenantPartner) -> Self {
        PartnerBody {
            tenant_id: p.partner_id.to_string(),
            is_service_provider: None,
            is_in_multi_tenant_organization: false,
            inbound_trust: p.settings.inbound_trust,
            b2b_collaboration_inbound: p.settings.b2b_collaboration_inbound,
            b2b_collaboration_outbound: p.settings.b2b_collaboration_outbound,
            automatic_user_consent_settings: p.settings.automatic_user_consent_settings,
        }
    }
}

/// A present property, `null` included: `Some(None)` for `null`.
fn given<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The parts to change; a part left out stays, and on a partner a part sent as `null`
/// takes the default's again.
#[derive(Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = CrossTenantAccessPolicyConfigurationUpdate)]
struct PatchBody {
    #[serde(rename = "@odata.type", default)]
    #[schema(ignore)]
    _odata_type: Option<String>,
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<InboundTrust>)]
    inbound_trust: Option<Option<InboundTrust>>,
    #[serde(
        rename = "b2bCollaborationInbound",
        default,
        deserialize_with = "given"
    )]
    #[schema(value_type = Option<B2bSetting>)]
    b2b_collaboration_inbound: Option<Option<B2bSetting>>,
    #[serde(
        rename = "b2bCollaborationOutbound",
        default,
        deserialize_with = "given"
    )]
    #[schema(value_type = Option<B2bSetting>)]
    b2b_collaboration_outbound: Option<Option<B2bSetting>>,
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<AutomaticUserConsent>)]
    automatic_user_consent_settings: Option<Option<AutomaticUserConsent>>,
    /// The default's only.
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<RedemptionProviders>)]
    invitation_redemption_identity_provider_configuration: Option<Option<RedemptionProviders>>,
}

impl From<PatchBody> for SettingsPatch {
    fn from(b: PatchBody) -> Self {
        SettingsPatch {
            inbound_trust: b.inbound_trust,
            b2b_collaboration_inbound: b.b2b_collaboration_inbound,
            b2b_collaboration_outbound: b.b2b_collaboration_outbound,
            automatic_user_consent_settings: b.automatic_user_consent_settings,
            invitation_redemption_identity_provider_configuration: b
                .invitation_redemption_identity_provider_configuration,
        }
    }
}

/// A new partner entry: its `tenantId` (a tenant's or a federation configuration's
/// id, or a domain either holds) and the parts it sets.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = CrossTenantAccessPolicyConfigurationPartnerCreate)]
struct CreateBody {
    #[serde(rename = "@odata.type", default)]
    #[schema(ignore)]
    _odata_type: Option<String>,
    #[schema(format = Uuid)]
    tenant_id: String,
    #[serde(default)]
    inbound_trust: Option<InboundTrust>,
    #[serde(rename = "b2bCollaborationInbound", default)]
    b2b_collaboration_inbound: Option<B2bSetting>,
    #[serde(rename = "b2bCollaborationOutbound", default)]
    b2b_collaboration_outbound: Option<B2bSetting>,
    #[serde(default)]
    automatic_user_consent_settings: Option<AutomaticUserConsent>,
}

/// Get the default cross-tenant access settings
#[utoipa::path(get, path = "/v1.0/policies/crossTenantAccessPolicy/default",
    operation_id = "policies_getCrossTenantAccessPolicyDefault", tag = "policies",
    responses((status = 200, description = "The default.", body = DefaultBody)))]
async fn show_default(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<DefaultBody>, ApiError> {
    let admin = caller.tenant_admin()?;
    let view = cross_tenant::default_settings(&state.services, &admin).await?;
    Ok(Json(default_body(&state, view)))
}

/// Update the default cross-tenant access settings
#[utoipa::path(patch, path = "/v1.0/policies/crossTenantAccessPolicy/default",
    operation_id = "policies_updateCrossTenantAccessPolicyDefault", tag = "policies",
    request_body = PatchBody, responses((status = 204, description = "Updated.")))]
async fn update_default(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(patch): ApiJson<PatchBody>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.tenant_admin()?;
    cross_tenant::update_default(&state.services, &admin, patch.into(), now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reset the default to the system's
#[utoipa::path(post, path = "/v1.0/policies/crossTenantAccessPolicy/default/resetToSystemDefault",
    operation_id = "policies_resetCrossTenantAccessPolicyDefault", tag = "policies",
    responses((status = 204, description = "Reset.")))]
async fn reset_default(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<StatusCode, ApiError> {
    let admin = caller.tenant_admin()?;
    cross_tenant::reset_default(&state.services, &admin, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// List partner entries
#[utoipa::path(get, path = "/v1.0/policies/crossTenantAccessPolicy/partners",
    operation_id = "policies_listCrossTenantAccessPolicyPartners", tag = "policies",
    params(ListOptions),
    responses((status = 200, description = "A page of partner entries.",
        body = Collection<Partners>)))]
async fn list_partners(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<Value>, ApiError> {
    let admin = caller.tenant_admin()?;
    let listing = query.listing(&PARTNERS, true)?;
    let selection = query.selection(&PARTNERS)?;
    let found = cross_tenant::list_partners(&state.services, &admin, &listing).await?;
    let items = found
        .items
        .into_iter()
        .map(|p| to_value(PartnerBody::from(p)))
        .collect();
    Ok(counted(
        &state,
        Some(&query),
        "policies/crossTenantAccessPolicy/partners",
        Some(&selection),
        items,
        found.skip_token,
        found.count,
    ))
}

/// Add a partner entry
#[utoipa::path(post, path = "/v1.0/policies/crossTenantAccessPolicy/partners",
    operation_id = "policies_createCrossTenantAccessPolicyPartner", tag = "policies",
    request_body = CreateBody,
    responses((status = 201, description = "The entry made.", body = PartnerBody)))]
async fn create_partner(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<CreateBody>,
) -> Result<(StatusCode, Json<PartnerBody>), ApiError> {
    let admin = caller.tenant_admin()?;
    let partner = cross_tenant::PartnerName::parse(&body.tenant_id);
    let patch = SettingsPatch {
        inbound_trust: body.inbound_trust.map(Some),
        b2b_collaboration_inbound: body.b2b_collaboration_inbound.map(Some),
        b2b_collaboration_outbound: body.b2b_collaboration_outbound.map(Some),
        automatic_user_consent_settings: body.automatic_user_consent_settings.map(Some),
        invitation_redemption_identity_provider_configuration: None,
    };
    let made = cross_tenant::create_partner(&state.services, &admin, partner, patch, now()).await?;
    Ok((StatusCode::CREATED, Json(PartnerBody::from(made))))
}

/// Get a partner entry
#[utoipa::path(get, path = "/v1.0/policies/crossTenantAccessPolicy/partners/{tenantId}",
    operation_id = "policies_getCrossTenantAccessPolicyPartner", tag = "policies",
    params(("tenantId" = String, Path, description = "The partner's id.")),
    responses((status = 200, description = "The entry.", body = PartnerBody)))]
async fn show_partner(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<PartnerBody>, ApiError> {
    let admin = caller.tenant_admin()?;
    let found = cross_tenant::partner(&state.services, &admin, path_id(&id)?).await?;
    Ok(Json(PartnerBody::from(found)))
}

/// Update a partner entry
#[utoipa::path(patch, path = "/v1.0/policies/crossTenantAccessPolicy/partners/{tenantId}",
    operation_id = "policies_updateCrossTenantAccessPolicyPartner", tag = "policies",
    params(("tenantId" = String, Path, description = "The partner's id.")),
    request_body = PatchBody, responses((status = 204, description = "Updated.")))]
async fn update_partner(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<PatchBody>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.tenant_admin()?;
    let id = path_id(&id)?;
    cross_tenant::update_partner(&state.services, &admin, id, patch.into(), now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a partner entry
#[utoipa::path(delete, path = "/v1.0/policies/crossTenantAccessPolicy/partners/{tenantId}",
    operation_id = "policies_deleteCrossTenantAccessPolicyPartner", tag = "policies",
    params(("tenantId" = String, Path, description = "The partner's id.")),
    responses((status = 204, description = "Removed.")))]
async fn remove_partner(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.tenant_admin()?;
    cross_tenant::delete_partner(&state.services, &admin, path_id(&id)?, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// "What if this person signs in to this application?"
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = CrossTenantAccessExplainRequest)]
struct ExplainBody {
    /// The person's email address.
    user: String,
    /// The application's `appId`; without it, inviting and redeeming only.
    app_id: Option<String>,
}

/// Where the person's account lives, as the settings name partners.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CrossTenantAccessExplainPartner)]
struct PartnerRef {
    #[schema(format = Uuid)]
    tenant_id: String,
    /// `tenant` or `federation`.
    kind: String,
    /// The partner has an entry of its own (else the default applies).
    has_entry: bool,
}

/// One setting asked, and what it said.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CrossTenantAccessVerdict)]
struct VerdictBody {
    /// `allowed` or `refused`.
    result: &'static str,
    /// `inbound` (this tenant's) or `outbound` (the person's home tenant's).
    direction: &'static str,
    /// The setting, as Graph names it: `b2bCollaborationInbound.usersAndGroups`...
    setting: String,
    /// `partner` (the partner's entry) or `default`.
    source: &'static str,
    /// `allowed` or `blocked`: the kind of list.
    access_type: String,
    /// The target that matched, if one did.
    target: Option<String>,
}

fn verdict_body(v: &rules::Verdict) -> VerdictBody {
    let (direction, setting) = match v.direction {
        rules::Direction::Inbound => ("inbound", "b2bCollaborationInbound"),
        rules::Direction::Outbound => ("outbound", "b2bCollaborationOutbound"),
    };
    let part = match v.part {
        rules::Part::UsersAndGroups => "usersAndGroups",
        rules::Part::Applications => "applications",
    };
    VerdictBody {
        result: if v.allowed { "allowed" } else { "refused" },
        direction,
        setting: format!("{setting}.{part}"),
        source: match v.origin {
            rules::Origin::Partner => "partner",
            rules::Origin::Default => "default",
        },
        access_type: v.access_type.to_string(),
        target: v.target.clone(),
    }
}

/// The collaboration policy's refusal of the address's domain.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CrossTenantAccessExplainPolicy)]
struct PolicyRefusal {
    code: String,
    message: String,
}

/// What the settings decide, and the rule that decided.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CrossTenantAccessExplanation)]
struct ExplanationBody {
    /// `allowed` or `refused`.
    decision: &'static str,
    partner: Option<PartnerRef>,
    /// The first setting that refused, if one did.
    decided_by: Option<VerdictBody>,
    /// The collaboration policy's refusal of the domain, if it refuses.
    collaboration_policy: Option<PolicyRefusal>,
    /// Every setting asked, in order.
    evaluated: Vec<VerdictBody>,
}

/// Explain a decision of the cross-tenant access settings
///
/// Entente's own: answers whether the person (by address) may be invited, redeem
/// and sign in to the application, and the rule that decided.
#[utoipa::path(post, path = "/v1.0/policies/crossTenantAccessPolicy/explain",
    operation_id = "policies_explainCrossTenantAccessPolicy", tag = "policies",
    request_body = ExplainBody,
    responses((status = 200, description = "The decision.", body = ExplanationBody)))]
async fn explain(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<ExplainBody>,
) -> Result<Json<ExplanationBody>, ApiError> {
    let admin = caller.tenant_admin()?;
    let question = Question {
        address: body.user,
        application: body.app_id,
    };
    let answer = cross_tenant::explain(&state.services, &admin, question, now()).await?;
    let has_entry = answer.has_entry;
    let partner = match (answer.partner.id(), answer.partner_kind) {
        (Some(id), Some(kind)) => Some(PartnerRef {
            tenant_id: id.to_string(),
            kind: kind.to_string(),
            has_entry,
        }),
        _ => None,
    };
    Ok(Json(ExplanationBody {
        decision: if answer.allowed { "allowed" } else { "refused" },
        partner,
        decided_by: answer.decided_by.as_ref().map(verdict_body),
        collaboration_policy: answer
            .collaboration_refusal
            .map(|(code, message)| PolicyRefusal { code, message }),
        evaluated: answer.verdicts.iter().map(verdict_body).collect(),
    }))
}
