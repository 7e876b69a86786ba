//! The OAuth 2.0 / OpenID Connect use cases: authorization requests and codes, the
//! token endpoint's grants, token validation, userinfo, revocation and introspection.
//!
//! Follows RFC 6749, RFC 7636 (PKCE, S256 only), RFC 9700 (the security BCP: exact
//! redirect URI matching, single-use codes whose replay revokes what they issued,
//! refresh token rotation with reuse detection) and OpenID Connect Core.

mod authorize;
pub(crate) mod claims;
mod device;
mod token;

use entente_model::{Actor, TenantId, UnixTime, UserId};
use jsonwebtoken::{Validation, decode, decode_header};
use serde::{Deserialize, Serialize};

pub use authorize::*;
pub use device::*;
pub use token::*;

use crate::access::{Caller, permissions_of_role};
use crate::{DomainError, Services};

/// A protocol error: an RFC 6749 error code, a description safe to show, and the
/// HTTP status the token endpoint answers with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthFailure {
    pub error: &'static str,
    pub description: String,
    pub status: u16,
    /// Seconds a client should wait before retrying, sent as `Retry-After` with a 503.
    pub retry_after: Option<u32>,
}

impl OAuthFailure {
    pub fn new(error: &'static str, description: impl Into<String>) -> OAuthFailure {
        OAuthFailure {
            error,
            description: description.into(),
            status: 400,
            retry_after: None,
        }
    }

    pub fn invalid_client(description: impl Into<String>) -> OAuthFailure {
        OAuthFailure {
            error: "invalid_client",
            description: description.into(),
            status: 401,
            retry_after: None,
        }
    }

    /// The database cannot serve now (RFC 6749's `temporarily_unavailable`, as a 503
    /// with `Retry-After`).
    pub fn unavailable(fault: entente_storage::Unavailable) -> OAuthFailure {
        OAuthFailure {
            error: "temporarily_unavailable",
            description: format!("{}; retry later", fault.describe()),
            status: 503,
            retry_after: Some(fault.retry_after()),
        }
    }

    pub fn invalid_grant(description: impl Into<String>) -> OAuthFailure {
        OAuthFailure::new("invalid_grant", description)
    }

    pub fn invalid_request(description: impl Into<String>) -> OAuthFailure {
        OAuthFailure::new("invalid_request", description)
    }
}

impl From<DomainError> for OAuthFailure {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Overloaded => OAuthFailure {
                error: "temporarily_unavailable",
                description: "busy, retry shortly".into(),
                status: 503,
                retry_after: Some(1),
            },
            DomainError::Store(entente_storage::StoreError::Unavailable(fault, _)) => {
                OAuthFailure::unavailable(fault)
            }
            DomainError::Invalid(message) | DomainError::Field { message, .. } => {
                OAuthFailure::invalid_request(message)
            }
            DomainError::NotFound => OAuthFailure::invalid_request("unknown tenant"),
            other => OAuthFailure {
                error: "server_error",
                description: other.to_string(),
                status: 500,
                retry_after: None,
            },
        }
    }
}

impl From<entente_storage::StoreError> for OAuthFailure {
    fn from(error: entente_storage::StoreError) -> Self {
        OAuthFailure::from(DomainError::from(error))
    }
}

/// How far apart two clocks may be when a token's lifetime is checked, in seconds.
pub const CLOCK_SKEW: i64 = 30;

/// The claims of an access token Entente issued.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub nbf: i64,
    pub jti: String,
    pub oid: String,
    pub tid: String,
    pub azp: String,
    /// `app` for a client credentials token, `user` otherwise.
    pub idtyp: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scp: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The role template ids of the user's directory roles, as Entra ID writes them
    /// (`62e90394-…` for Global Administrator); apps and SDKs check admin rights by them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// A guest's home: its home tenant's issuer, or `mail` for an email-verified
    /// account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idp: Option<String>,
    /// A guest's opaque link to its home identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub altsecid: Option<String>,
    pub ver: String,
}

/// Checks an access token's signature, lifetime and issuer (which must be the issuer
/// of the tenant named in its `tid`), and returns its claims.
pub fn validate_access_token(
    services: &Services,
    token: &str,
    now: UnixTime,
) -> Result<AccessClaims, DomainError> {
    let invalid = || DomainError::invalid("the access token is invalid or expired");
    let header = decode_header(token).map_err(|_| invalid())?;
    let kid = header.kid.ok_or_else(invalid)?;
    let (key, algorithm) = services.keys.verifier(&kid).ok_or_else(invalid)?;
    let mut validation = Validation::new(algorithm);
    validation.validate_aud = false;
    // Lifetimes are checked below against the `now` we are given, not the system clock.
    validation.validate_exp = false;
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    let data = decode::<AccessClaims>(token, &key, &validation).map_err(|_| invalid())?;
    let claims = data.claims;
    let tenant: TenantId = claims.tid.parse().map_err(|_| invalid())?;
    if claims.iss != services.settings.issuer(tenant)
        || claims.exp + CLOCK_SKEW < now
        || claims.nbf - CLOCK_SKEW > now
    {
        return Err(invalid());
    }
    Ok(claims)
}

/// Authenticates a bearer token presented to the directory API and says who is
/// calling with which permissions. A user's token is refused once the user is
/// disabled or deleted.
pub async fn authenticate_api_caller(
    services: &Services,
    bearer: &str,
    now: UnixTime,
) -> Result<Caller, DomainError> {
    let claims = validate_access_token(services, bearer, now)?;
    if claims.aud != services.settings.directory_api_audience() {
        return Err(DomainError::invalid(
            "the access token is not meant for this API",
        ));
    }
    let tenant: TenantId = claims
        .tid
        .parse()
        .map_err(|_| DomainError::invalid("bad tid"))?;
    let oid: uuid::Uuid = claims
        .oid
        .parse()
        .map_err(|_| DomainError::invalid("bad oid"))?;
    if claims.idtyp == "app" {
        return Ok(Caller {
            tenant,
            actor: Actor::Application(entente_model::AppId(oid)),
            permissions: claims.roles,
        });
    }
    // A delegated token acts with what the user holds now *and* the token was granted
    // (its `scp`), as in Entra: a client that asked for `User.Read` cannot use an
    // administrator's roles, and a role given after the token was issued waits for
    // the next token.
    let mut caller = user_caller(services, tenant, UserId(oid)).await?;
    let granted: Vec<&str> = claims
        .scp
        .as_deref()
        .map(|scp| scp.split(' ').collect())
        .unwrap_or_default();
    caller
        .permissions
        .retain(|permission| granted.contains(&permission.as_str()));
    Ok(caller)
}

/// A signed-in user of a tenant as a caller, with the permissions of its directory
/// roles; refused once the user is disabled or deleted.
pub(crate) async fn user_caller(
    services: &Services,
    tenant: TenantId,
    user: UserId,
) -> Result<Caller, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    match db.user_by_id(tenant, user).await? {
        Some(u) if u.account_enabled => {}
        _ => {
            return Err(DomainError::invalid(
                "the signed-in user is disabled or deleted",
            ));
        }
    }
    let permissions = db
        .directory_roles(tenant, user)
        .await?
        .into_iter()
        .flat_map(|role| permissions_of_role(role).iter().map(|p| p.to_string()))
        .collect();
    Ok(Caller {
        tenant,
        actor: Actor::User(user),
        permissions,
    })
}

/// Whether a URL's tenant segment is one of the authorities of multi-organization
/// applications, which name no tenant: `organizations`, and `common` (the same here:
/// Entente has no personal accounts).
pub fn is_multi_tenant_authority(segment: &str) -> bool {
    segment.eq_ignore_ascii_case("organizations") || segment.eq_ignore_ascii_case("common")
}

/// A tenant named in a URL by its id or by one of its domains.
pub async fn resolve_tenant(
    services: &Services,
    segment: &str,
    now: UnixTime,
) -> Result<std::sync::Arc<entente_model::Tenant>, DomainError> {
    services
        .cache
        .tenant(&services.store, segment, now)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Who an `id_token_hint` names: its client and subject, when it is an ID token we
/// signed, issued by this tenant, for a client of this tenant. Expiry is not checked,
/// since logout commonly follows an expired ID token (RP-Initiated Logout 1.0 allows
/// it).
pub async fn id_token_hint(
    services: &Services,
    tenant: TenantId,
    token: &str,
) -> Result<Option<(String, String)>, DomainError> {
    #[derive(Deserialize)]
    struct Hint {
        iss: String,
        aud: String,
        sub: String,
    }
    let Some(hint) = (|| {
        let header = decode_header(token).ok()?;
        let (key, algorithm) = services.keys.verifier(header.kid.as_deref()?)?;
        let mut validation = Validation::new(algorithm);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["iss", "aud", "sub"]);
        let hint = decode::<Hint>(token, &key, &validation).ok()?.claims;
        (hint.iss == services.settings.issuer(tenant)).then_some(hint)
    })() else {
        return Ok(None);
    };
    let mut conn = services.store.read().await?;
    let known_client = conn
        .db()
        .usable_application(tenant, &hint.aud)
        .await?
        .is_some();
    Ok(known_client.then_some((hint.aud, hint.sub)))
}

/// The tenant an ID token says it was issued in (`tid`), unverified: where a logout
/// at `/organizations` goes on, and where [`id_token_hint`] then checks it.
pub fn hinted_tenant(token: &str) -> Option<TenantId> {
    token::unverified_claim(token, "tid")?.parse().ok()
}

/// Whether `uri` is registered for the client, so a logout may send the browser there.
pub async fn logout_redirect_allowed(
    services: &Services,
    tenant: TenantId,
    client_id: &str,
    uri: &str,
) -> Result<bool, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn
        .db()
        .usable_application(tenant, client_id)
        .await?
        .is_some_and(|usable| usable.application.redirect_uris.iter().any(|r| r == uri)))
}
