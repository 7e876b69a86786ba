//! The device authorization grant (RFC 8628), which the CLI signs in with: the device
//! gets a code to poll with and a short user code; the user enters the user code in a
//! browser where they are signed in and allows or denies the request.
//!
//! Every tenant has a built-in public client, `entente-cli`, for this grant only: it
//! has no redirect URIs, so it can never receive an authorization code.

use std::sync::Arc;

use entente_model::{AppId, Application, TenantId, UnixTime};
use entente_storage::{DeviceCodeRecord, SessionRecord};

use super::OAuthFailure;
use super::token::{
    ClientCredentials, RefreshFamily, TokenResponse, UserGrant, enabled_user, issue_user_tokens,
};
use crate::cache::ClientRecord;
use crate::crypto::{new_token, token_hash};
use crate::{DomainError, Services};

/// The client id of the built-in command line client, the same in every tenant.
pub const BUILTIN_CLI_CLIENT_ID: &str = "entente-cli";
/// The grant type of a device's token request.
pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// How long the user has to enter the code.
pub const DEVICE_CODE_LIFETIME: i64 = 15 * 60;
/// The least time between two polls, in seconds (RFC 8628 section 3.2 default).
pub const POLL_INTERVAL: i64 = 5;
/// Seconds added to the interval of a device that polls too soon (RFC 8628 3.5).
const SLOW_DOWN_PENALTY: i64 = 5;
/// Letters a user types without confusion: no vowels (no words), no look-alikes.
const USER_CODE_ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";

/// The built-in CLI client of a tenant, made up rather than stored.
pub fn builtin_cli_client(tenant: TenantId) -> Arc<ClientRecord> {
    Arc::new(ClientRecord {
        app: Application {
            id: AppId(uuid::uuid!("e7e7e7e7-0000-4000-8000-000000000002")),
            tenant_id: tenant,
            client_id: BUILTIN_CLI_CLIENT_ID.to_owned(),
            display_name: "Entente command line".to_owned(),
            public_client: true,
            redirect_uris: Vec::new(),
            home_page_url: None,
            logo_url: None,
            app_roles: Vec::new(),
            jwks: None,
            created_at: 0,
            assignment_required: false,
            multiple_orgs: false,
        },
        secrets: Vec::new(),
        keys: Vec::new(),
        assignments: Vec::new(),
    })
}

/// The device authorization response (RFC 8628 section 3.2).
#[derive(Clone, Debug, serde::Serialize)]
pub struct DeviceAuthorization {
    pub device_code: String,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: String,
    pub expires_in: i64,
    pub interval: i64,
    /// What to tell the user, in the request's language: where to go and what to enter
    /// (Entra ID sends it; MSAL's samples print it).
    pub message: String,
}

/// Starts a device authorization for an authenticated (or public) client.
pub async fn start_device_authorization(
    services: &Services,
    tenant: TenantId,
    credentials: &ClientCredentials,
    scope: Option<&str>,
    language: crate::invitations::Language,
    now: UnixTime,
) -> Result<DeviceAuthorization, OAuthFailure> {
    let client = super::authenticate_client(services, tenant, credentials, now).await?;
    let scope = scope
        .unwrap_or("openid")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // Resolving the scope now refuses an unknown resource before the user is asked.
    super::claims::resource_of(services, tenant, &scope, now).await?;
    let device_code = new_token(services.entropy.as_ref());
    let user_code = new_user_code(services);
    let record = DeviceCodeRecord {
        device_code_hash: token_hash(&device_code),
        user_code_hash: token_hash(&normalize_user_code(&user_code)),
        tenant_id: tenant,
        client_id: client.app.client_id.clone(),
        scope,
        created_at: now,
        expires_at: now + DEVICE_CODE_LIFETIME,
        poll_interval: POLL_INTERVAL,
        last_polled_at: None,
        status: "pending".to_owned(),
        user_id: None,
        auth_time: None,
        amr: None,
    };
    let mut tx = services.store.write().await?;
    tx.db().insert_device_code(&record).await?;
    tx.commit().await?;
    let verification_uri = format!("{}/{}/device", services.settings.public_base_url, tenant);
    let message = crate::texts::device::for_language(language)
        .device_code_message
        .arg("url", &verification_uri)
        .arg("code", &user_code)
        .to_string();
    Ok(DeviceAuthorization {
        message,
        verification_uri_complete: format!("{verification_uri}?user_code={user_code}"),
        verification_uri,
        device_code,
        user_code,
        expires_in: DEVICE_CODE_LIFETIME,
        interval: POLL_INTERVAL,
    })
}

/// `XXXX-XXXX` from [`USER_CODE_ALPHABET`]: 20^8, about 34 bits, enough for a code
/// that lives 15 minutes and can only be entered by a signed-in user.
fn new_user_code(services: &Services) -> String {
    let mut bytes = [0u8; 8];
    services.entropy.fill(&mut bytes);
    let letters: String = bytes
        .iter()
        .map(|b| USER_CODE_ALPHABET[usize::from(*b) % USER_CODE_ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &letters[..4], &letters[4..])
}

/// Upper-cases and drops everything but letters, so `bcdf ghjk` matches `BCDF-GHJK`.
pub fn normalize_user_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// What the user is asked to allow.
#[derive(Clone, Debug)]
pub struct PendingDeviceRequest {
    pub client_name: String,
    pub scope: String,
}

/// The pending request a user code names, if it is still waiting for an answer.
pub async fn pending_device_request(
    services: &Services,
    tenant: TenantId,
    user_code: &str,
    now: UnixTime,
) -> Result<Option<PendingDeviceRequest>, DomainError> {
    let mut conn = services.store.read().await?;
    let record = conn
        .db()
        .device_code_by_user_code(tenant, &token_hash(&normalize_user_code(user_code)))
        .await?;
    let Some(record) = record.filter(|r| r.status == "pending" && r.expires_at > now) else {
        return Ok(None);
    };
    let client_name = if record.client_id == BUILTIN_CLI_CLIENT_ID {
        builtin_cli_client(tenant).app.display_name.clone()
    } else {
        conn.db()
            .application_by_client_id(tenant, &record.client_id)
            .await?
            .map(|a| a.display_name)
            .unwrap_or_else(|| record.client_id.clone())
    };
    Ok(Some(PendingDeviceRequest {
        client_name,
        scope: record.scope,
    }))
}

/// Records a signed-in user's answer; false when the code is unknown, answered or expired.
pub async fn decide_device_request(
    services: &Services,
    session: &SessionRecord,
    user_code: &str,
    allow: bool,
    now: UnixTime,
) -> Result<bool, DomainError> {
    let hash = token_hash(&normalize_user_code(user_code));
    let approved_by = allow.then_some((session.user_id, session.auth_time, session.amr.as_str()));
    let mut tx = services.store.write().await?;
    let decided = tx
        .db()
        .decide_device_code(session.tenant_id, &hash, approved_by, now)
        .await?;
    tx.commit().await?;
    Ok(decided)
}

/// The token endpoint's answer to a device polling with its device code.
pub(super) async fn device_code_grant(
    services: &Services,
    tenant: TenantId,
    client: &Application,
    device_code: Option<&str>,
    now: UnixTime,
) -> Result<TokenResponse, OAuthFailure> {
    let device_code =
        device_code.ok_or_else(|| OAuthFailure::invalid_request("device_code is missing"))?;
    let hash = token_hash(device_code);
    let mut tx = services.store.write().await?;
    let record = tx.db().device_code(tenant, &hash).await?;
    let Some(record) = record.filter(|r| r.client_id == client.client_id) else {
        return Err(OAuthFailure::invalid_grant("the device code is invalid"));
    };
    if record.expires_at <= now {
        return Err(OAuthFailure::new(
            "expired_token",
            "the device code has expired; start again",
        ));
    }
    match record.status.as_str() {
        "pending" => {
            // Polling faster than allowed earns a longer interval (RFC 8628 section 3.5).
            // The storage decides in one conditional statement, so polls that arrive
            // together cannot all pass as in time.
            let slowed = tx
                .db()
                .note_device_poll(tenant, &hash, SLOW_DOWN_PENALTY, now)
                .await?;
            tx.commit().await?;
            match slowed {
                Some(interval) => Err(OAuthFailure::new(
                    "slow_down",
                    format!("poll at most every {interval} seconds"),
                )),
                None => Err(OAuthFailure::new(
                    "authorization_pending",
                    "the user has not answered yet",
                )),
            }
        }
        "denied" => Err(OAuthFailure::new(
            "access_denied",
            "the user denied the request",
        )),
        "approved" => {
            if !tx.db().consume_device_code(tenant, &hash).await? {
                return Err(OAuthFailure::invalid_grant(
                    "the device code was already used",
                ));
            }
            tx.commit().await?;
            let user_id = record
                .user_id
                .ok_or_else(|| OAuthFailure::invalid_grant("no user approved"))?;
            let user = enabled_user(services, tenant, user_id).await?;
            let amr = record.amr.unwrap_or_default();
            let grant = UserGrant {
                user: &user,
                client,
                scope: &record.scope,
                nonce: None,
                auth_time: record.auth_time.unwrap_or(now),
                amr: &amr,
            };
            issue_user_tokens(
                services,
                grant,
                RefreshFamily::New { code: None },
                now,
                "device_code",
            )
            .await
        }
        _ => Err(OAuthFailure::invalid_grant(
            "the device code was already used",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_user_code;

    #[test]
    fn user_codes_match_however_they_are_typed() {
        assert_eq!(normalize_user_code("bcdf-ghjk"), "BCDFGHJK");
        assert_eq!(normalize_user_code(" BCDF GHJK "), "BCDFGHJK");
    }
}
