//! Cross-tenant access settings, in Microsoft Graph's shapes
//! (`crossTenantAccessPolicyConfigurationDefault` and `…Partner`): who of a partner
//! may come in (inbound), who of mine may go out to it (outbound), which of a
//! partner's checks are trusted, whether consent is asked, and the order of the ways
//! to redeem an invitation.
//!
//! A partner's settings leave a part `None` to take the default's. The stored JSON is
//! these types as they serialize, so what the API shows is what is kept.

use serde::{Deserialize, Serialize};

// These enumerations are written out rather than made by `wire_enum!`: the API's
// schema generator reads a variant's serde name only when it is written in the source.

/// Whether a setting's targets are let in (everyone else is not) or kept out
/// (everyone else is let in).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum AccessType {
    Allowed,
    Blocked,
}

/// What a target names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum TargetType {
    User,
    Group,
    Application,
}

impl AccessType {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessType::Allowed => "allowed",
            AccessType::Blocked => "blocked",
        }
    }
}

impl TargetType {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::User => "user",
            TargetType::Group => "group",
            TargetType::Application => "application",
        }
    }
}

impl std::fmt::Display for AccessType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for TargetType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A way to redeem an invitation, as Graph names it: `azureActiveDirectory` is a
/// tenant of this deployment, `externalFederation` a partner's own provider,
/// `socialIdentityProviders` one a person signs in to alone (an email-verified
/// account, which Entente makes for them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum RedemptionProvider {
    AzureActiveDirectory,
    ExternalFederation,
    SocialIdentityProviders,
}

/// What redemption falls back to when no primary way applies:
/// `defaultConfiguredIdp` and `emailOneTimePasscode` both mean a one-time code to the
/// invited address; `none` refuses (Entente's: Graph has no value for it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum FallbackProvider {
    DefaultConfiguredIdp,
    EmailOneTimePasscode,
    #[serde(rename = "none")]
    NoFallback,
}

/// The name of every user of a partner, or every application of mine, in a target.
pub const ALL_USERS: &str = "AllUsers";
/// The name of every application in a target.
pub const ALL_APPLICATIONS: &str = "AllApplications";

/// One target: a user's or group's object id at the partner, an application's
/// `appId`, or [`ALL_USERS`] / [`ALL_APPLICATIONS`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccessTarget {
    pub target: String,
    pub target_type: TargetType,
}

/// Graph's `crossTenantAccessPolicyTargetConfiguration`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TargetConfiguration {
    pub access_type: AccessType,
    pub targets: Vec<AccessTarget>,
}

impl TargetConfiguration {
    /// Everyone (`AllUsers` or `AllApplications`) allowed or blocked.
    pub fn everyone(access_type: AccessType, target_type: TargetType) -> TargetConfiguration {
        let target = match target_type {
            TargetType::Application => ALL_APPLICATIONS,
            TargetType::User | TargetType::Group => ALL_USERS,
        };
        TargetConfiguration {
            access_type,
            targets: vec![AccessTarget {
                target: target.to_owned(),
                target_type: match target_type {
                    TargetType::Group => TargetType::User,
                    other => other,
                },
            }],
        }
    }
}

/// Graph's `crossTenantAccessPolicyB2BSetting`: users and groups, and applications.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct B2bSetting {
    pub users_and_groups: Option<TargetConfiguration>,
    pub applications: Option<TargetConfiguration>,
}

/// Graph's `crossTenantAccessPolicyInboundTrust`. Only `isMfaAccepted` has an
/// effect in Entente, which knows no devices; the other two are kept as set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InboundTrust {
    #[serde(default)]
    pub is_mfa_accepted: bool,
    #[serde(default)]
    pub is_compliant_device_accepted: bool,
    #[serde(default, rename = "isHybridAzureADJoinedDeviceAccepted")]
    pub is_hybrid_azure_ad_joined_device_accepted: bool,
}

/// Graph's `inboundOutboundPolicyConfiguration` as `automaticUserConsentSettings`:
/// a person redeems without the consent page when my inbound and the partner's
/// outbound both allow it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AutomaticUserConsent {
    pub inbound_allowed: Option<bool>,
    pub outbound_allowed: Option<bool>,
}

/// Graph's `defaultInvitationRedemptionIdentityProviderConfiguration`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RedemptionProviders {
    pub primary_identity_provider_precedence_order: Vec<RedemptionProvider>,
    pub fallback_identity_provider: FallbackProvider,
}

impl Default for RedemptionProviders {
    fn default() -> Self {
        RedemptionProviders {
            primary_identity_provider_precedence_order: vec![
                RedemptionProvider::AzureActiveDirectory,
                RedemptionProvider::ExternalFederation,
                RedemptionProvider::SocialIdentityProviders,
            ],
            fallback_identity_provider: FallbackProvider::DefaultConfiguredIdp,
        }
    }
}

/// A tenant's settings for partners without their own (the default), or for one
/// partner. A part left `None` in a partner's takes the default's; the default's
/// parts are never `None` once read ([`CrossTenantSettings::system_default`] fills
/// what was never set).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrossTenantSettings {
    pub inbound_trust: Option<InboundTrust>,
    #[serde(rename = "b2bCollaborationInbound")]
    pub b2b_collaboration_inbound: Option<B2bSetting>,
    #[serde(rename = "b2bCollaborationOutbound")]
    pub b2b_collaboration_outbound: Option<B2bSetting>,
    pub automatic_user_consent_settings: Option<AutomaticUserConsent>,
    /// The default's only.
    pub invitation_redemption_identity_provider_configuration: Option<RedemptionProviders>,
}

impl CrossTenantSettings {
    /// What a tenant that never changed its default has, as in Entra: everyone of
    /// every partner may come in to every application and everyone of mine may go
    /// out, nothing of a partner's checks is trusted, consent is asked, and
    /// redemption tries a tenant here, then a partner's provider, then a sign-up,
    /// then a one-time code.
    pub fn system_default() -> CrossTenantSettings {
        let open = || B2bSetting {
            users_and_groups: Some(TargetConfiguration::everyone(
                AccessType::Allowed,
                TargetType::User,
            )),
            applications: Some(TargetConfiguration::everyone(
                AccessType::Allowed,
                TargetType::Application,
            )),
        };
        CrossTenantSettings {
            inbound_trust: Some(InboundTrust::default()),
            b2b_collaboration_inbound: Some(open()),
            b2b_collaboration_outbound: Some(open()),
            automatic_user_consent_settings: Some(AutomaticUserConsent {
                inbound_allowed: Some(false),
                outbound_allowed: Some(false),
            }),
            invitation_redemption_identity_provider_configuration: Some(
                RedemptionProviders::default(),
            ),
        }
    }
}

wire_enum!(
    /// What a partner entry names: a tenant of this deployment, or a partner
    /// elsewhere through one of this tenant's federation configurations (its domains).
    PartnerKind { Tenant => "tenant", Federation => "federation" }
);

/// One partner's entry of a tenant's cross-tenant access settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrossTenantPartner {
    /// A tenant id of this deployment or a federation configuration's id (Graph's
    /// `tenantId`).
    pub partner_id: uuid::Uuid,
    pub kind: PartnerKind,
    pub settings: CrossTenantSettings,
    pub created_at: crate::UnixTime,
    pub updated_at: crate::UnixTime,
}
