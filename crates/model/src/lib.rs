//! The directory's plain data: identifiers, records and their enumerations.
//!
//! These types are shared by storage, the domain services and the front ends. They carry
//! no behaviour beyond conversions and never perform I/O; rules about who may change
//! what live in `entente-domain`, and SQL lives in `entente-storage`.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Declares a UUID newtype so that, for example, a tenant id cannot be passed where a
/// user id is expected.
macro_rules! uuid_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new id: a time-ordered UUID (version 7: milliseconds since the
            /// epoch, then random bits), so rows made together sit together in
            /// every index keyed by id (see docs/decisions/0003-time-ordered-ids.md).
            /// Ids are names, not secrets; secrets come from the domain's `Entropy`.
            pub fn new_id() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

uuid_id!(
    /// A tenant (organization) of the deployment.
    TenantId
);
uuid_id!(
    /// A user object, member or guest, in one tenant.
    UserId
);
uuid_id!(
    /// A group in one tenant.
    GroupId
);
uuid_id!(
    /// An application's object id (not its client id).
    AppId
);
uuid_id!(
    /// An app role assignment.
    AssignmentId
);
uuid_id!(
    /// An invitation of a partner user into a tenant.
    InvitationId
);
uuid_id!(
    /// A bulk (CSV) invitation upload, from preview to confirmation.
    BatchId
);

/// Seconds since the Unix epoch, UTC. All stored times use this unit.
pub type UnixTime = i64;

/// Declares a string-backed enumeration with its stable stored and wire names.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod cross_tenant;
pub mod reviews;

wire_enum!(
    /// Whether a user belongs to the tenant or is a partner user invited into it.
    UserType { Member => "Member", Guest => "Guest" }
);
wire_enum!(
    /// Where an invitation stands, as Microsoft Graph names it (`Revoked` is ours).
    InvitationStatus {
        PendingAcceptance => "PendingAcceptance",
        Completed => "Completed",
        Revoked => "Revoked",
    }
);
wire_enum!(
    /// How a user object came to be.
    CreationType {
        Invitation => "Invitation",
        EmailVerified => "EmailVerified",
        // Pushed by a partner's SCIM connection (issue 23).
        Provisioned => "Provisioned",
    }
);
wire_enum!(
    /// The redemption state of a guest object.
    ExternalUserState { PendingAcceptance => "PendingAcceptance", Accepted => "Accepted" }
);
wire_enum!(
    /// What an app role assignment points at.
    PrincipalType { User => "User", Group => "Group", ServicePrincipal => "ServicePrincipal" }
);
wire_enum!(
    /// A directory-wide role held by a user of the tenant.
    DirectoryRole {
        GlobalAdministrator => "GlobalAdministrator",
        GuestInviter => "GuestInviter",
        DirectoryReader => "DirectoryReader",
    }
);

/// A tenant: one organization, one issuer, one directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: TenantId,
    pub display_name: String,
    /// The domain every tenant gets at creation, e.g. `contoso.entente.test`.
    pub initial_domain: String,
    pub created_at: UnixTime,
    /// Members must complete a second factor at sign-in.
    pub mfa_required: bool,
    /// False for a tenant created by email-verified sign-up for a domain no
    /// administrator has claimed yet.
    pub managed: bool,
    pub collaboration: CollaborationPolicy,
    pub branding: Branding,
}

impl Tenant {
    /// A new managed tenant with the default collaboration policy and no branding.
    pub fn new(
        id: TenantId,
        display_name: String,
        initial_domain: String,
        created_at: UnixTime,
    ) -> Tenant {
        Tenant {
            id,
            display_name,
            initial_domain,
            created_at,
            mfa_required: false,
            managed: true,
            collaboration: CollaborationPolicy::default(),
            branding: Branding::default(),
        }
    }
}

/// Who may invite partner users into a tenant, whom, and on what terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct CollaborationPolicy {
    /// Members without an inviting role may invite too.
    pub members_can_invite: bool,
    /// Addresses at consumer email services (gmail.com, ...) may be invited.
    pub allow_consumer_domains: bool,
    /// When not empty, only these domains may be invited.
    pub allowed_domains: Vec<String>,
    /// These domains may never be invited.
    pub blocked_domains: Vec<String>,
    /// How long a redemption link stays valid.
    pub invitation_lifetime_days: u32,
    /// Guests must present a second factor when they sign in to this tenant.
    pub guest_mfa_required: bool,
    /// A second factor proven at the guest's home tenant satisfies that requirement.
    pub trust_home_mfa: bool,
    /// A new guest's access ends this many days after it is invited (decision 0015);
    /// `None`: it does not end by itself.
    #[serde(rename = "guestLifetimeInDays")]
    pub guest_lifetime_days: Option<u32>,
    /// The sponsors are reminded this many days before a guest's access ends; 0: not
    /// at all.
    #[serde(rename = "expiryReminderInDays")]
    pub expiry_reminder_days: u32,
    /// A guest whose access ended stays blocked this many days, then goes to deleted
    /// items.
    #[serde(rename = "expiredGuestGraceInDays")]
    pub expired_guest_grace_days: u32,
    /// The inactive-guest policy is on: a guest without a sign-in for
    /// `inactive_guest_days` is reported to its sponsors, blocked
    /// `inactive_guest_block_days` later unless one keeps it, and deleted after
    /// `expired_guest_grace_days` more.
    #[serde(rename = "inactiveGuestPolicyEnabled")]
    pub inactive_guest_policy: bool,
    #[serde(rename = "inactiveGuestDays")]
    pub inactive_guest_days: u32,
    #[serde(rename = "inactiveGuestBlockAfterDays")]
    pub inactive_guest_block_days: u32,
}

impl Default for CollaborationPolicy {
    fn default() -> Self {
        CollaborationPolicy {
            members_can_invite: false,
            allow_consumer_domains: false,
            allowed_domains: Vec::new(),
            blocked_domains: Vec::new(),
            invitation_lifetime_days: 30,
            guest_mfa_required: false,
            trust_home_mfa: true,
            guest_lifetime_days: None,
            expiry_reminder_days: 14,
            expired_guest_grace_days: 30,
            inactive_guest_policy: false,
            inactive_guest_days: 90,
            inactive_guest_block_days: 30,
        }
    }
}

/// How a tenant's emails and pages look.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Branding {
    pub logo_url: Option<String>,
    /// A colour as `#rrggbb`.
    pub brand_color: Option<String>,
}

/// An invitation of a partner user, and the guest object it created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: InvitationId,
    pub tenant_id: TenantId,
    /// The guest object created with the invitation.
    pub user_id: UserId,
    pub invited_email: String,
    pub display_name: Option<String>,
    pub redirect_url: Option<String>,
    /// The language tag of the email and the redemption pages.
    pub language: String,
    /// The inviter's own text for the email.
    pub message: Option<String>,
    pub cc: Vec<String>,
    /// The application whose name and logo brand the email and pages.
    pub branding_app_id: Option<AppId>,
    pub contact_url: Option<String>,
    pub send_message: bool,
    pub invited_by: Actor,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub status: InvitationStatus,
    pub redeemed_at: Option<UnixTime>,
    pub revoked_at: Option<UnixTime>,
    /// The outbox row of the latest invitation email.
    pub outbox_id: Option<uuid::Uuid>,
}

/// A user object: a member of the tenant or a guest pointing at a home identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub tenant_id: TenantId,
    pub user_type: UserType,
    pub creation_type: Option<CreationType>,
    pub external_user_state: Option<ExternalUserState>,
    pub external_user_state_changed_at: Option<UnixTime>,
    /// The address the user signs in with at home (guests, after redemption).
    pub sign_in_name: Option<String>,
    /// The opaque link from a guest object to its home identity.
    pub alternative_security_id: Option<String>,
    /// A redeemed guest's home tenant and home user.
    pub home_tenant_id: Option<TenantId>,
    pub home_user_id: Option<UserId>,
    /// A guest redeemed through a partner's own identity provider: that provider's
    /// issuer (its `alternative_security_id` is `{issuer}|{subject}`). Set only by
    /// redemption.
    pub external_issuer: Option<String>,
    pub user_principal_name: String,
    pub mail: Option<String>,
    pub display_name: String,
    pub account_enabled: bool,
    pub created_at: UnixTime,
}

impl User {
    /// A new, enabled member of a tenant: no guest attributes.
    pub fn new_member(
        tenant_id: TenantId,
        user_principal_name: String,
        mail: Option<String>,
        display_name: String,
        created_at: UnixTime,
    ) -> User {
        User {
            id: UserId::new_id(),
            tenant_id,
            user_type: UserType::Member,
            creation_type: None,
            external_user_state: None,
            external_user_state_changed_at: None,
            sign_in_name: None,
            alternative_security_id: None,
            home_tenant_id: None,
            home_user_id: None,
            external_issuer: None,
            user_principal_name,
            mail,
            display_name,
            account_enabled: true,
            created_at,
        }
    }
}

/// A group of users in one tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub tenant_id: TenantId,
    pub display_name: String,
    pub description: Option<String>,
    pub created_at: UnixTime,
}

/// A role an application defines and grants to users, groups or other applications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppRole {
    pub id: uuid::Uuid,
    pub value: String,
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    /// `User`, `Application`, or both.
    pub allowed_member_types: Vec<String>,
    #[serde(default = "enabled")]
    pub is_enabled: bool,
}

fn enabled() -> bool {
    true
}

/// An application registered in a tenant: an OAuth client and a resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: AppId,
    pub tenant_id: TenantId,
    pub client_id: String,
    pub display_name: String,
    /// A public client (native, SPA, CLI) has no secret and must use PKCE.
    pub public_client: bool,
    pub redirect_uris: Vec<String>,
    pub home_page_url: Option<String>,
    pub logo_url: Option<String>,
    pub app_roles: Vec<AppRole>,
    /// A JSON Web Key Set for `private_key_jwt` client authentication.
    pub jwks: Option<String>,
    pub created_at: UnixTime,
    /// Only users assigned to the application (directly or through a group) may sign
    /// in to it (Graph's `appRoleAssignmentRequired`).
    #[serde(default)]
    pub assignment_required: bool,
    /// Other organizations of this deployment may use it, each once its administrator
    /// consented (Graph's `signInAudience` `AzureADMultipleOrgs`).
    #[serde(default)]
    pub multiple_orgs: bool,
}

/// A customer tenant's instance of another tenant's multi-organization application
/// (Graph's `servicePrincipal`), made by its administrator's consent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServicePrincipal {
    pub id: uuid::Uuid,
    /// The customer tenant.
    pub tenant_id: TenantId,
    pub application_id: AppId,
    /// Only the customer's users (and members of groups) assigned to it may sign in.
    pub assignment_required: bool,
    /// The administrator who consented.
    pub consented_by: Option<UserId>,
    pub created_at: UnixTime,
}

wire_enum!(
    /// What a SAML assertion's subject NameID carries, by its SAML 2.0 format URI.
    NameIdFormat {
        Email => "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        Persistent => "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
        Transient => "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
        Unspecified => "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    }
);
wire_enum!(
    /// Which parts of a SAML response carry the IdP's signature (Entra's "signing
    /// option"): the assertion, the whole response, or both.
    SamlSigning { Assertion => "assertion", Response => "response", Both => "both" }
);

/// How a service provider signs in with SAML 2.0 (Entra's SAML-based single sign-on
/// of an enterprise application). Its assertion consumer service URLs are the
/// application's redirect URIs, the first being the default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamlSettings {
    pub application_id: AppId,
    pub tenant_id: TenantId,
    /// The service provider's entity id (Entra's "Identifier"), unique in the tenant.
    pub entity_id: String,
    pub name_id_format: NameIdFormat,
    pub signing: SamlSigning,
    /// The service provider's certificate (base64 DER), which signs its requests.
    pub sp_certificate: Option<String>,
    /// Refuse requests that are not signed with `sp_certificate`.
    pub require_signed_requests: bool,
    /// Where the service provider takes logout responses (its SingleLogoutService).
    pub logout_url: Option<String>,
    /// The service provider's encryption certificate (base64 DER): when set, its
    /// assertions are encrypted to it (AES-256-GCM, the key wrapped with RSA-OAEP).
    pub encryption_certificate: Option<String>,
    /// The attributes its assertions carry, when it chose them (Entra's "Attributes &
    /// Claims"); `None` sends the default set.
    pub attributes: Option<Vec<SamlAttribute>>,
}

/// One attribute of an assertion: its name, and which value of the user it carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SamlAttribute {
    pub name: String,
    /// `user.mail`, `user.userprincipalname`, `user.displayname`, `user.objectid`,
    /// `user.tenantid`, `user.groups`, `user.roles`, `user.identityprovider`,
    /// `user.altsecid` or `user.authnmethods` (Entra's source names where it has them).
    pub source: String,
}

/// Metadata of a client secret; the secret itself is shown once and stored hashed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSecretInfo {
    pub id: uuid::Uuid,
    pub application_id: AppId,
    /// The first characters of the secret, to tell secrets apart.
    pub hint: String,
    pub display_name: Option<String>,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}

/// A certificate credential of an application (Graph's `keyCredential` of type
/// `AsymmetricX509Cert`, usage `Verify`): the certificate's key checks the
/// application's client assertions. Thumbprints are base64url, as `x5t` carries them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCredential {
    pub id: uuid::Uuid,
    pub application_id: AppId,
    pub display_name: Option<String>,
    /// Graph's `customKeyIdentifier` (base64), the SHA-1 thumbprint unless set.
    pub custom_key_identifier: Option<String>,
    /// The certificate, DER, base64.
    pub certificate: String,
    pub thumbprint_sha1: String,
    pub thumbprint_sha256: String,
    pub starts_at: UnixTime,
    pub ends_at: UnixTime,
    pub created_at: UnixTime,
}

/// A grant of an app role (or default access) on an application to a principal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppRoleAssignment {
    pub id: AssignmentId,
    pub tenant_id: TenantId,
    pub principal_id: uuid::Uuid,
    pub principal_type: PrincipalType,
    /// The application whose role is granted, or the directory API's fixed id.
    pub resource_id: uuid::Uuid,
    /// The granted role; the nil UUID means "default access" without a role.
    pub app_role_id: uuid::Uuid,
    pub created_at: UnixTime,
}

/// Who did something to the directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    User(UserId),
    Application(AppId),
    /// The deployment itself: bootstrap, setup, background work.
    System,
}

impl Actor {
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::User(_) => "User",
            Actor::Application(_) => "Application",
            Actor::System => "System",
        }
    }

    pub fn id(&self) -> Option<uuid::Uuid> {
        match self {
            Actor::User(id) => Some(id.0),
            Actor::Application(id) => Some(id.0),
            Actor::System => None,
        }
    }

    /// The actor a stored [`kind`](Actor::kind) and [`id`](Actor::id) name.
    pub fn from_parts(kind: &str, id: Option<uuid::Uuid>) -> Option<Actor> {
        match (kind, id) {
            ("User", Some(id)) => Some(Actor::User(UserId(id))),
            ("Application", Some(id)) => Some(Actor::Application(AppId(id))),
            ("System", None) => Some(Actor::System),
            _ => None,
        }
    }
}

/// One entry of the append-only audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub tenant_id: TenantId,
    pub at: UnixTime,
    pub actor_type: String,
    pub actor_id: Option<uuid::Uuid>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<String>,
    /// What changed, as a JSON object.
    pub details: serde_json::Value,
    /// The actor's display name when the entry was written (none before migration 25,
    /// nor for the system).
    #[serde(default)]
    pub actor_name: Option<String>,
    /// The target's display name when the entry was written, as far as it had one.
    #[serde(default)]
    pub target_name: Option<String>,
}
