//! The token endpoint (authorization code, refresh token and client credentials
//! grants), client authentication, userinfo, revocation (RFC 7009) and introspection
//! (RFC 7662).

use std::sync::Arc;

use aws_lc_rs::digest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use entente_model::{Application, TenantId, UnixTime, User};
use entente_storage::RefreshRecord;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{DecodingKey, Validation, decode_header};
use serde::{Deserialize, Serialize};

use super::claims::{Resource, app_roles_on, resource_of, user_access, user_claims, user_roles};
use super::{AccessClaims, OAuthFailure, validate_access_token};
use crate::cache::ClientRecord;
use crate::crypto::{constant_time_eq, new_token, token_hash};
use crate::{DomainError, Services};

const JWT_BEARER_ASSERTION: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How a client presented itself at the token, revocation or introspection endpoint.
#[derive(Clone, Debug, Default)]
pub struct ClientCredentials {
    /// From `Authorization: Basic` (client_secret_basic).
    pub basic: Option<(String, String)>,
    pub client_id: Option<String>,
    /// From the form (client_secret_post).
    pub client_secret: Option<String>,
    pub client_assertion_type: Option<String>,
    /// A JWT signed with the client's key (private_key_jwt).
    pub client_assertion: Option<String>,
}

/// A token request's form fields other than client authentication.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
    pub device_code: Option<String>,
    /// `1` asks for `client_info` in the response, as MSAL does.
    pub client_info: Option<String>,
}

/// A successful token response (RFC 6749 section 5.1).
#[derive(Clone, Debug, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub scope: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Who the account is, for MSAL's account cache (its `home_account_id` is
    /// `uid.utid`): base64url of `{"uid": oid, "utid": tid}`, sent when the request
    /// asked with `client_info=1` and the token is a user's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_info: Option<String>,
    /// Which grant issued this, for metrics; not sent.
    #[serde(skip)]
    pub grant: &'static str,
    /// The user the tokens are for; `None` for an application's own token. Not sent.
    #[serde(skip)]
    pub user: Option<entente_model::UserId>,
}

#[derive(Serialize)]
struct IdTokenClaims<'a> {
    iss: &'a str,
    sub: String,
    aud: &'a str,
    exp: i64,
    iat: i64,
    nbf: i64,
    auth_time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
    oid: String,
    tid: String,
    amr: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    preferred_username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email_verified: Option<bool>,
    groups: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    idp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    altsecid: Option<String>,
    ver: &'static str,
}

/// The token endpoint URL of a tenant; private_key_jwt assertions must name it.
pub fn token_endpoint(services: &Services, tenant: TenantId) -> String {
    format!(
        "{}/{}/oauth2/v2.0/token",
        services.settings.public_base_url, tenant
    )
}

/// The tenant a token request at `/organizations` or `/common` (which name no
/// tenant) continues in: the one its authorization code or refresh token was issued
/// in, the user's. Grants that start from nothing there (client credentials, device
/// codes) need a tenant's own endpoint, as in Entra.
pub async fn tenant_of_grant(
    services: &Services,
    request: &TokenRequest,
) -> Result<TenantId, OAuthFailure> {
    let found = match request.grant_type.as_deref() {
        Some("authorization_code") => {
            let code = request
                .code
                .as_deref()
                .ok_or_else(|| OAuthFailure::invalid_request("code is missing"))?;
            let mut conn = services.store.read().await?;
            conn.db().code_tenant(&token_hash(code)).await?
        }
        Some("refresh_token") => {
            let token = request
                .refresh_token
                .as_deref()
                .ok_or_else(|| OAuthFailure::invalid_request("refresh_token is missing"))?;
            let mut conn = services.store.read().await?;
            conn.db().refresh_tenant(&token_hash(token)).await?
        }
        None => return Err(OAuthFailure::invalid_request("grant_type is missing")),
        Some(other) => {
            return Err(OAuthFailure::new(
                "unsupported_grant_type",
                format!(
                    "grant_type {other:?} needs a tenant's own token endpoint \
                     (/{{tenant}}/oauth2/v2.0/token), not /organizations or /common"
                ),
            ));
        }
    };
    found.ok_or_else(|| OAuthFailure::invalid_grant("the grant is invalid or expired"))
}

/// Handles one token request.
pub async fn token(
    services: &Services,
    tenant: TenantId,
    credentials: &ClientCredentials,
    request: &TokenRequest,
    now: UnixTime,
) -> Result<TokenResponse, OAuthFailure> {
    let grant = request
        .grant_type
        .as_deref()
        .ok_or_else(|| OAuthFailure::invalid_request("grant_type is missing"))?;
    if !matches!(
        grant,
        "authorization_code" | "refresh_token" | "client_credentials" | super::DEVICE_CODE_GRANT
    ) {
        return Err(OAuthFailure::new(
            "unsupported_grant_type",
            format!("grant_type {grant:?} is not supported"),
        ));
    }
    let client = authenticate_client(services, tenant, credentials, now).await?;
    let mut response = match grant {
        "authorization_code" => {
            authorization_code_grant(services, tenant, &client.app, request, now).await
        }
        "refresh_token" => refresh_token_grant(services, tenant, &client.app, request, now).await,
        super::DEVICE_CODE_GRANT => {
            super::device::device_code_grant(
                services,
                tenant,
                &client.app,
                request.device_code.as_deref(),
                now,
            )
            .await
        }
        _ => client_credentials_grant(services, tenant, &client, request, now).await,
    }?;
    // A refresh is a non-interactive sign-in: noted in memory, written in batches.
    if grant == "refresh_token"
        && let Some(user) = response.user
    {
        services.activity.touch(tenant, user, now);
    }
    if request.client_info.as_deref() == Some("1")
        && let Some(user) = response.user
    {
        let info = serde_json::json!({ "uid": user.to_string(), "utid": tenant.to_string() });
        response.client_info = Some(base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            info.to_string(),
        ));
    }
    Ok(response)
}

/// Identifies and authenticates the client by exactly one method.
pub async fn authenticate_client(
    services: &Services,
    tenant: TenantId,
    credentials: &ClientCredentials,
    now: UnixTime,
) -> Result<Arc<ClientRecord>, OAuthFailure> {
    let assertion = credentials.client_assertion.as_deref();
    let methods = [
        credentials.basic.is_some(),
        credentials.client_secret.is_some(),
        assertion.is_some(),
    ];
    if methods.iter().filter(|m| **m).count() > 1 {
        return Err(OAuthFailure::invalid_request(
            "use exactly one client authentication method",
        ));
    }
    if let Some(assertion) = assertion {
        if credentials.client_assertion_type.as_deref() != Some(JWT_BEARER_ASSERTION) {
            return Err(OAuthFailure::invalid_request(
                "client_assertion_type must be jwt-bearer",
            ));
        }
        return authenticate_with_assertion(
            services,
            tenant,
            credentials.client_id.as_deref(),
            assertion,
            now,
        )
        .await;
    }
    let (client_id, secret) = match &credentials.basic {
        Some((id, secret)) => {
            if credentials
                .client_id
                .as_deref()
                .is_some_and(|form_id| form_id != id)
            {
                return Err(OAuthFailure::invalid_request(
                    "client_id differs from the Basic credentials",
                ));
            }
            (id.as_str(), Some(secret.as_str()))
        }
        None => {
            let id = credentials
                .client_id
                .as_deref()
                .ok_or_else(|| OAuthFailure::invalid_client("client_id is missing"))?;
            (id, credentials.client_secret.as_deref())
        }
    };
    let record = if client_id == super::BUILTIN_CLI_CLIENT_ID {
        Some(super::builtin_cli_client(tenant))
    } else {
        services
            .cache
            .client(&services.store, tenant, client_id, now)
            .await?
    };
    let Some(record) = record else {
        return Err(OAuthFailure::invalid_client("unknown client"));
    };
    let secrets = &record.secrets;
    match secret {
        None if record.app.public_client => Ok(record),
        None => Err(OAuthFailure::invalid_client(
            "this client must authenticate",
        )),
        Some(secret) => {
            // Every live secret is checked, so the time taken says nothing about which matched.
            let matched =
                secrets
                    .iter()
                    .filter(|s| s.info.expires_at > now)
                    .fold(false, |found, s| {
                        services
                            .master
                            .client_secret_matches(secret, &s.secret_hash)
                            | found
                    });
            if matched {
                Ok(record)
            } else {
                Err(OAuthFailure::invalid_client("invalid client secret"))
            }
        }
    }
}

/// Authenticates a client by its assertion (RFC 7523, `private_key_jwt`), signed by
/// one of its certificate credentials (named by `x5t`, `x5t#S256` or `kid`, as MSAL
/// and azure-identity name them) or by a key of its registered JWKS.
async fn authenticate_with_assertion(
    services: &Services,
    tenant: TenantId,
    client_id: Option<&str>,
    assertion: &str,
    now: UnixTime,
) -> Result<Arc<ClientRecord>, OAuthFailure> {
    use crate::app_keys::{KeyMismatch, find_key, numeric_date, verify_signed};
    let bad = |why: &str| OAuthFailure::invalid_client(format!("client assertion rejected: {why}"));
    let header = decode_header(assertion).map_err(|_| bad("not a JWT"))?;
    let unverified_sub = unverified_claim(assertion, "sub").ok_or_else(|| bad("no sub"))?;
    if client_id.is_some_and(|id| id != unverified_sub) {
        return Err(bad("sub differs from client_id"));
    }
    let record = services
        .cache
        .client(&services.store, tenant, &unverified_sub, now)
        .await?;
    let record = record.ok_or_else(|| bad("unknown client"))?;
    // MSAL names the endpoint it posts to: a tenant's, or `/organizations`' and
    // `/common`'s for a multi-organization application.
    let base = &services.settings.public_base_url;
    let audiences = [
        token_endpoint(services, tenant),
        services.settings.issuer(tenant),
        format!("{base}/organizations/oauth2/v2.0/token"),
        format!("{base}/common/oauth2/v2.0/token"),
    ];
    let claims = match find_key(&record.keys, &header, now) {
        Ok(key) => verify_signed(key, assertion, &header, &audiences).map_err(|e| bad(&e))?,
        Err(KeyMismatch::NotValidNow(why)) => return Err(bad(&why)),
        Err(KeyMismatch::Ambiguous) => {
            return Err(bad(
                "the client has several certificates: name one with x5t, x5t#S256 or kid",
            ));
        }
        Err(KeyMismatch::NotRegistered) => {
            verify_with_jwks(&record, assertion, &header, &audiences).map_err(|e| bad(&e))?
        }
    };
    let text = |name: &str| claims.get(name).and_then(serde_json::Value::as_str);
    if text("iss") != Some(record.app.client_id.as_str())
        || text("sub") != Some(record.app.client_id.as_str())
    {
        return Err(bad("iss and sub must both be the client_id"));
    }
    // NumericDates may be fractional (RFC 7519 section 2; MSAL writes time.time()).
    let exp = numeric_date(&claims, "exp").ok_or_else(|| bad("exp is required"))?;
    if exp + super::CLOCK_SKEW < now {
        return Err(bad("the assertion has expired"));
    }
    if numeric_date(&claims, "nbf").is_some_and(|nbf| nbf - super::CLOCK_SKEW > now) {
        return Err(bad("the assertion is not valid yet (nbf)"));
    }
    // Each assertion authenticates once (RFC 7523 3.7): its jti is kept until it expires.
    let jti = text("jti")
        .filter(|j| !j.is_empty())
        .ok_or_else(|| bad("jti is required"))?;
    let mut tx = services.store.write().await?;
    let first_use = tx
        .db()
        .record_client_assertion(tenant, &record.app.client_id, jti, exp)
        .await?;
    tx.commit().await?;
    if !first_use {
        return Err(bad("this assertion was already used"));
    }
    Ok(record)
}

/// Checks an assertion against the client's registered JSON Web Key Set, by `kid` or
/// its only key.
fn verify_with_jwks(
    record: &ClientRecord,
    assertion: &str,
    header: &jsonwebtoken::Header,
    audiences: &[String],
) -> Result<serde_json::Value, String> {
    let jwks: JwkSet = record
        .app
        .jwks
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or("no registered certificate or key matches")?;
    let jwk = match &header.kid {
        Some(kid) => jwks.find(kid),
        None if jwks.keys.len() == 1 && header.x5t.is_none() && header.x5t_s256.is_none() => {
            jwks.keys.first()
        }
        None => None,
    }
    .ok_or("no registered certificate or key matches")?;
    let key = DecodingKey::from_jwk(jwk).map_err(|_| "the registered key is unusable")?;
    let mut validation = Validation::new(header.alg);
    validation.set_audience(audiences);
    validation.set_required_spec_claims(&["aud"]);
    // The lifetime is checked by the caller: `exp` may be fractional.
    validation.validate_exp = false;
    jsonwebtoken::decode::<serde_json::Value>(assertion, &key, &validation)
        .map(|data| data.claims)
        .map_err(|e| e.to_string())
}

/// Reads one claim of a JWT without checking it, to find whose key checks it.
pub(super) fn unverified_claim(jwt: &str, name: &str) -> Option<String> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get(name)?.as_str().map(str::to_owned)
}

async fn authorization_code_grant(
    services: &Services,
    tenant: TenantId,
    client: &Application,
    request: &TokenRequest,
    now: UnixTime,
) -> Result<TokenResponse, OAuthFailure> {
    let code = request
        .code
        .as_deref()
        .ok_or_else(|| OAuthFailure::invalid_request("code is missing"))?;
    let code_hash = token_hash(code);
    let record = {
        let mut conn = services.store.read().await?;
        conn.db().authorization_code(tenant, &code_hash).await?
    };
    let Some(record) = record else {
        return Err(OAuthFailure::invalid_grant(
            "the authorization code is invalid",
        ));
    };
    if record.used_at.is_some() {
        return Err(code_replayed(services, tenant, &record, now).await?);
    }
    // The code is checked before it is spent, and spent in the transaction that
    // stores what it issues (`issue_user_tokens`). A code that fails a check is spent
    // all the same, as before: one wrong try ends it.
    if let Err(refused) = check_code(&record, client, request, now) {
        let mut tx = services.store.write().await?;
        if !tx.db().consume_code(tenant, &code_hash, now).await? {
            drop(tx);
            return Err(code_replayed(services, tenant, &record, now).await?);
        }
        tx.commit().await?;
        return Err(refused);
    }
    let user = enabled_user(services, tenant, record.user_id).await?;
    let grant = UserGrant {
        user: &user,
        client,
        scope: &record.scope,
        nonce: record.nonce.as_deref(),
        auth_time: record.auth_time,
        amr: &record.amr,
    };
    let family = RefreshFamily::New {
        code: Some(&record),
    };
    issue_user_tokens(services, grant, family, now, "authorization_code").await
}

/// A code presented again: it may be stolen, so what its first use issued is revoked
/// (RFC 9700 4.5), including a family its first use is storing at this moment.
async fn code_replayed(
    services: &Services,
    tenant: TenantId,
    record: &entente_storage::CodeRecord,
    now: UnixTime,
) -> Result<OAuthFailure, OAuthFailure> {
    let mut tx = services.store.write().await?;
    let revoked = tx
        .db()
        .revoke_refresh_by_code(tenant, &record.code_hash, now)
        .await?;
    tx.commit().await?;
    tracing::warn!(client_id = %record.client_id, revoked, "authorization code replayed");
    Ok(OAuthFailure::invalid_grant(
        "the authorization code was already used",
    ))
}

/// The checks of an unused code against the request that presents it.
fn check_code(
    record: &entente_storage::CodeRecord,
    client: &Application,
    request: &TokenRequest,
    now: UnixTime,
) -> Result<(), OAuthFailure> {
    if record.expires_at <= now {
        return Err(OAuthFailure::invalid_grant(
            "the authorization code has expired",
        ));
    }
    if record.client_id != client.client_id {
        return Err(OAuthFailure::invalid_grant(
            "the authorization code was issued to another client",
        ));
    }
    if request.redirect_uri.as_deref() != Some(record.redirect_uri.as_str()) {
        return Err(OAuthFailure::invalid_grant(
            "redirect_uri differs from the authorization request",
        ));
    }
    match (&record.code_challenge, request.code_verifier.as_deref()) {
        (Some(challenge), Some(verifier)) => {
            if !(43..=128).contains(&verifier.len()) {
                return Err(OAuthFailure::invalid_grant(
                    "code_verifier must have 43 to 128 characters",
                ));
            }
            let computed =
                URL_SAFE_NO_PAD.encode(digest::digest(&digest::SHA256, verifier.as_bytes()));
            if !constant_time_eq(computed.as_bytes(), challenge.as_bytes()) {
                return Err(OAuthFailure::invalid_grant(
                    "code_verifier does not match the code_challenge",
                ));
            }
        }
        (Some(_), None) => return Err(OAuthFailure::invalid_grant("code_verifier is missing")),
        (None, Some(_)) => {
            return Err(OAuthFailure::invalid_grant(
                "no code_challenge was sent for this code",
            ));
        }
        (None, None) => {}
    }
    Ok(())
}

async fn refresh_token_grant(
    services: &Services,
    tenant: TenantId,
    client: &Application,
    request: &TokenRequest,
    now: UnixTime,
) -> Result<TokenResponse, OAuthFailure> {
    let presented = request
        .refresh_token
        .as_deref()
        .ok_or_else(|| OAuthFailure::invalid_request("refresh_token is missing"))?;
    let hash = token_hash(presented);
    let record = {
        let mut conn = services.store.read().await?;
        conn.db().refresh_token(tenant, &hash).await?
    };
    let Some(record) = record else {
        return Err(OAuthFailure::invalid_grant("the refresh token is invalid"));
    };
    if record.client_id != client.client_id {
        return Err(OAuthFailure::invalid_grant(
            "the refresh token was issued to another client",
        ));
    }
    if record.revoked_at.is_some() || record.expires_at <= now {
        return Err(OAuthFailure::invalid_grant(
            "the refresh token is revoked or expired",
        ));
    }
    if record.used_at.is_some() {
        return Err(refresh_reused(services, &record, now).await?);
    }
    // Everything is checked before the token is spent, so a refused request (a wider
    // scope, say) leaves it usable; it is spent in the transaction that stores its
    // successor (`issue_user_tokens`).
    let scope = match request.scope.as_deref() {
        None => record.scope.clone(),
        Some(asked) => {
            let granted: Vec<&str> = record.scope.split_whitespace().collect();
            if !asked.split_whitespace().all(|s| granted.contains(&s)) {
                return Err(OAuthFailure::new(
                    "invalid_scope",
                    "a refresh cannot widen the granted scope",
                ));
            }
            asked.to_owned()
        }
    };
    let user = enabled_user(services, tenant, record.user_id).await?;
    let grant = UserGrant {
        user: &user,
        client,
        scope: &scope,
        nonce: None,
        auth_time: record.auth_time,
        amr: &record.amr,
    };
    issue_user_tokens(
        services,
        grant,
        RefreshFamily::Continue(&record),
        now,
        "refresh_token",
    )
    .await
}

/// A rotated refresh token presented again means two parties hold it: the whole
/// family ends, including a successor a concurrent rotation is storing.
async fn refresh_reused(
    services: &Services,
    record: &RefreshRecord,
    now: UnixTime,
) -> Result<OAuthFailure, OAuthFailure> {
    let mut tx = services.store.write().await?;
    tx.db()
        .revoke_refresh_family(record.tenant_id, &record.family_id, now)
        .await?;
    tx.commit().await?;
    tracing::warn!(client_id = %record.client_id, "refresh token reused; family revoked");
    Ok(OAuthFailure::invalid_grant(
        "the refresh token was already used",
    ))
}

/// A rotation that found its token no longer fresh: another request used it first
/// (reuse: the family ends), or it was revoked or expired meanwhile.
async fn refresh_lost(
    services: &Services,
    previous: &RefreshRecord,
    now: UnixTime,
) -> Result<OAuthFailure, OAuthFailure> {
    let current = {
        let mut conn = services.store.read().await?;
        conn.db()
            .refresh_token(previous.tenant_id, &previous.token_hash)
            .await?
    };
    match current {
        Some(current) if current.used_at.is_some() => refresh_reused(services, &current, now).await,
        _ => Ok(OAuthFailure::invalid_grant(
            "the refresh token is revoked or expired",
        )),
    }
}

async fn client_credentials_grant(
    services: &Services,
    tenant: TenantId,
    record: &ClientRecord,
    request: &TokenRequest,
    now: UnixTime,
) -> Result<TokenResponse, OAuthFailure> {
    let client = &record.app;
    if client.public_client {
        return Err(OAuthFailure::new(
            "unauthorized_client",
            "public clients cannot use client credentials",
        ));
    }
    let scope = request.scope.as_deref().unwrap_or("");
    let items: Vec<&str> = scope.split_whitespace().collect();
    if items.len() != 1 || !items[0].ends_with("/.default") {
        return Err(OAuthFailure::new(
            "invalid_scope",
            "client credentials need exactly one scope of the form <resource>/.default",
        ));
    }
    let (resource, _) = resource_of(services, tenant, items[0], now).await?;
    let roles = app_roles_on(&record.assignments, &resource);
    let lifetime = services.settings.access_token_lifetime;
    let claims = AccessClaims {
        iss: services.settings.issuer(tenant),
        sub: client.id.to_string(),
        aud: resource.audience(services, &client.client_id),
        exp: now + lifetime,
        iat: now,
        nbf: now,
        jti: new_token(services.entropy.as_ref()),
        oid: client.id.to_string(),
        tid: tenant.to_string(),
        azp: client.client_id.clone(),
        idtyp: "app".to_owned(),
        scp: None,
        roles,
        wids: Vec::new(),
        name: None,
        preferred_username: None,
        email: None,
        groups: None,
        idp: None,
        altsecid: None,
        ver: "2.0".to_owned(),
    };
    Ok(TokenResponse {
        access_token: services.keys.sign(&claims, now)?,
        token_type: "Bearer",
        expires_in: lifetime,
        scope: items[0].to_owned(),
        id_token: None,
        refresh_token: None,
        client_info: None,
        grant: "client_credentials",
        user: None,
    })
}

pub(super) async fn enabled_user(
    services: &Services,
    tenant: TenantId,
    id: entente_model::UserId,
) -> Result<User, OAuthFailure> {
    let mut conn = services.store.read().await?;
    // A guest also needs its home account: disabled or deleted at home, it stops here.
    match conn.db().live_user(tenant, id).await? {
        Some(user) => Ok(user),
        None => Err(OAuthFailure::invalid_grant(
            "the user is disabled or no longer exists",
        )),
    }
}

pub(super) struct UserGrant<'a> {
    pub(super) user: &'a User,
    pub(super) client: &'a Application,
    pub(super) scope: &'a str,
    pub(super) nonce: Option<&'a str>,
    pub(super) auth_time: UnixTime,
    pub(super) amr: &'a str,
}

/// Where the refresh token a grant issues belongs, and what the grant spends.
pub(super) enum RefreshFamily<'a> {
    /// A new family; with a code, the code is spent in the transaction that stores it.
    New {
        code: Option<&'a entente_storage::CodeRecord>,
    },
    /// The family of this token, which is spent (rotated) in that transaction.
    Continue(&'a RefreshRecord),
}

pub(super) async fn issue_user_tokens(
    services: &Services,
    grant: UserGrant<'_>,
    family: RefreshFamily<'_>,
    now: UnixTime,
    grant_name: &'static str,
) -> Result<TokenResponse, OAuthFailure> {
    let tenant = grant.user.tenant_id;
    if grant.user.user_type == entente_model::UserType::Guest {
        // Asked at every grant, so a rule takes effect at the guest's next refresh.
        let refused = crate::cross_tenant::enforce::may_sign_in_now(
            services,
            grant.user,
            Some(&grant.client.client_id),
            now,
        )
        .await?;
        if let Err(refusal) = refused {
            return Err(OAuthFailure::invalid_grant(refusal.message()));
        }
    }
    if grant.client.assignment_required {
        // Checked at every grant, so removing the assignment ends the next refresh.
        let mut conn = services.store.read().await?;
        let assigned = !conn
            .db()
            .user_role_ids_on(tenant, grant.user.id, grant.client.id.0)
            .await?
            .is_empty();
        if !assigned {
            return Err(OAuthFailure::invalid_grant(
                "the user is not assigned to this application",
            ));
        }
    }
    let (resource, names) = resource_of(services, tenant, grant.scope, now).await?;
    let claims = user_claims(services, grant.user, grant.scope, now).await?;
    let issuer = services.settings.issuer(tenant);
    let lifetime = services.settings.access_token_lifetime;
    let (mut roles, wids) = user_access(services, tenant, grant.user.id, &resource).await?;
    if grant.client.tenant_id != tenant && matches!(resource, Resource::Directory) {
        // Another organization's application was consented to for signing in and its
        // own roles, never for this directory's API: its token reads the person's
        // own profile (User.Read) and nothing an administrator's roles would allow.
        roles.clear();
    }
    let access = AccessClaims {
        iss: issuer.clone(),
        sub: grant.user.id.to_string(),
        aud: resource.audience(services, &grant.client.client_id),
        exp: now + lifetime,
        iat: now,
        nbf: now,
        jti: new_token(services.entropy.as_ref()),
        oid: grant.user.id.to_string(),
        tid: tenant.to_string(),
        azp: grant.client.client_id.clone(),
        idtyp: "user".to_owned(),
        scp: super::claims::granted_scopes(&resource, &names, &roles),
        roles,
        wids,
        name: claims.name.clone(),
        preferred_username: claims.preferred_username.clone(),
        email: claims.email.clone(),
        groups: Some(claims.groups.clone()),
        idp: claims.idp.clone(),
        altsecid: claims.altsecid.clone(),
        ver: "2.0".to_owned(),
    };
    let access_token = services.keys.sign(&access, now)?;
    let has = |s: &str| grant.scope.split_whitespace().any(|x| x == s);
    let id_token = if has("openid") {
        let client_resource = Resource::App(Box::new(grant.client.clone()));
        let id = IdTokenClaims {
            iss: &issuer,
            sub: grant.user.id.to_string(),
            aud: &grant.client.client_id,
            exp: now + lifetime,
            iat: now,
            nbf: now,
            auth_time: grant.auth_time,
            nonce: grant.nonce,
            oid: grant.user.id.to_string(),
            tid: tenant.to_string(),
            amr: grant.amr.split_whitespace().collect(),
            name: claims.name,
            preferred_username: claims.preferred_username,
            email: claims.email,
            email_verified: claims.email_verified,
            groups: claims.groups,
            roles: user_roles(services, tenant, grant.user.id, &client_resource).await?,
            idp: claims.idp,
            altsecid: claims.altsecid,
            ver: "2.0",
        };
        Some(services.keys.sign(&id, now)?)
    } else {
        None
    };
    let (refresh_token, refresh_record) = if has("offline_access") {
        let token = new_token(services.entropy.as_ref());
        let (family_id, code_hash, expires_at) = match &family {
            RefreshFamily::New { code } => (
                uuid::Uuid::new_v4().to_string(),
                code.map(|c| c.code_hash.clone()),
                refresh_family_end(services, grant.user, grant.auth_time, now),
            ),
            // Rotation keeps the family's original end: refreshing never extends it.
            RefreshFamily::Continue(previous) => (
                previous.family_id.clone(),
                previous.code_hash.clone(),
                previous.expires_at,
            ),
        };
        let record = RefreshRecord {
            token_hash: token_hash(&token),
            family_id,
            tenant_id: tenant,
            client_id: grant.client.client_id.clone(),
            user_id: grant.user.id,
            scope: grant.scope.to_owned(),
            auth_time: grant.auth_time,
            amr: grant.amr.to_owned(),
            code_hash,
            created_at: now,
            expires_at,
            used_at: None,
            revoked_at: None,
        };
        (Some(token), Some(record))
    } else {
        (None, None)
    };
    // Spending the code or the old token and storing the new token is one
    // transaction, so a concurrent replay or reuse either comes first (and this
    // grant is refused) or waits for this commit and then revokes what it stored.
    let mut tx = services.store.write().await?;
    match family {
        RefreshFamily::New { code: Some(code) } => {
            if !tx.db().consume_code(tenant, &code.code_hash, now).await? {
                drop(tx);
                return Err(code_replayed(services, tenant, code, now).await?);
            }
        }
        RefreshFamily::New { code: None } => {}
        RefreshFamily::Continue(previous) => {
            if !tx
                .db()
                .rotate_refresh_token(tenant, &previous.token_hash, now)
                .await?
            {
                drop(tx);
                return Err(refresh_lost(services, previous, now).await?);
            }
        }
    }
    if let Some(record) = &refresh_record {
        tx.db().insert_refresh_token(record).await?;
    }
    tx.commit().await?;
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: lifetime,
        scope: grant.scope.to_owned(),
        id_token,
        refresh_token,
        client_info: None,
        grant: grant_name,
        user: Some(grant.user.id),
    })
}

/// When a new refresh token family ends. A guest of a partner's own provider gets no
/// longer than the session it signed in with: only a new sign-in there (which the
/// partner can refuse) keeps its access going.
fn refresh_family_end(
    services: &Services,
    user: &User,
    auth_time: UnixTime,
    now: UnixTime,
) -> UnixTime {
    let end = now + services.settings.refresh_token_lifetime;
    if user.external_issuer.is_some() {
        end.min(auth_time + services.settings.session_lifetime)
    } else {
        end
    }
}

/// The userinfo endpoint's answer for a bearer access token (OIDC Core 5.3).
pub async fn userinfo(
    services: &Services,
    tenant: TenantId,
    bearer: &str,
    now: UnixTime,
) -> Result<serde_json::Value, DomainError> {
    let claims = validate_access_token(services, bearer, now)?;
    if claims.tid != tenant.to_string() || claims.idtyp != "user" {
        return Err(DomainError::invalid(
            "the access token is not for a user of this tenant",
        ));
    }
    let scopes: Vec<&str> = claims
        .scp
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    if !scopes.contains(&"openid") {
        return Err(DomainError::Forbidden("openid"));
    }
    let id: entente_model::UserId = claims
        .oid
        .parse()
        .map_err(|_| DomainError::invalid("bad oid"))?;
    let user = {
        let mut conn = services.store.read().await?;
        conn.db().live_user(tenant, id).await?
    };
    let Some(user) = user else {
        return Err(DomainError::invalid(
            "the user is disabled or no longer exists",
        ));
    };
    let mut out = serde_json::json!({ "sub": user.id.to_string(), "oid": user.id.to_string(), "tid": tenant.to_string() });
    if scopes.contains(&"profile") {
        out["name"] = user.display_name.clone().into();
        out["preferred_username"] = user.user_principal_name.clone().into();
    }
    if scopes.contains(&"email")
        && let Some(mail) = &user.mail
    {
        out["email"] = mail.clone().into();
        out["email_verified"] = super::claims::email_verified(services, &user, now)
            .await?
            .into();
    }
    Ok(out)
}

/// Revokes a refresh token's family (RFC 7009). Access tokens are self-contained
/// JWTs that live one hour; revoking one is accepted and has no effect, as the RFC allows.
pub async fn revoke(
    services: &Services,
    tenant: TenantId,
    credentials: &ClientCredentials,
    token: &str,
    now: UnixTime,
) -> Result<(), OAuthFailure> {
    let client = authenticate_client(services, tenant, credentials, now).await?;
    let mut tx = services.store.write().await?;
    if let Some(record) = tx.db().refresh_token(tenant, &token_hash(token)).await?
        && record.client_id == client.app.client_id
    {
        tx.db()
            .revoke_refresh_family(tenant, &record.family_id, now)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Describes a token to an authenticated client (RFC 7662).
pub async fn introspect(
    services: &Services,
    tenant: TenantId,
    credentials: &ClientCredentials,
    token: &str,
    now: UnixTime,
) -> Result<serde_json::Value, OAuthFailure> {
    authenticate_client(services, tenant, credentials, now).await?;
    let inactive = serde_json::json!({ "active": false });
    if let Ok(claims) = validate_access_token(services, token, now) {
        if claims.tid != tenant.to_string() || claims.exp <= now {
            return Ok(inactive);
        }
        if claims.idtyp == "user" {
            let id: entente_model::UserId = match claims.oid.parse() {
                Ok(id) => id,
                Err(_) => return Ok(inactive),
            };
            let mut conn = services.store.read().await?;
            if conn.db().live_user(tenant, id).await?.is_none() {
                return Ok(inactive);
            }
        }
        return Ok(serde_json::json!({
            "active": true, "token_type": "Bearer", "client_id": claims.azp, "sub": claims.sub,
            "aud": claims.aud, "iss": claims.iss, "exp": claims.exp, "iat": claims.iat,
            "scope": claims.scp.unwrap_or_default(), "tid": claims.tid, "roles": claims.roles,
        }));
    }
    let mut conn = services.store.read().await?;
    let record = conn.db().refresh_token(tenant, &token_hash(token)).await?;
    Ok(match record {
        Some(r) if r.used_at.is_none() && r.revoked_at.is_none() && r.expires_at > now => {
            serde_json::json!({
                "active": true, "token_type": "refresh_token", "client_id": r.client_id, "sub": r.user_id.to_string(),
                "exp": r.expires_at, "iat": r.created_at, "scope": r.scope, "tid": tenant.to_string(),
                "iss": services.settings.issuer(tenant),
            })
        }
        _ => inactive,
    })
}
