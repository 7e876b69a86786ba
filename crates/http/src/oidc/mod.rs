//! The OpenID Connect provider endpoints, one issuer per tenant: `/{tenant}/...`, where
//! `{tenant}` is the tenant id or one of its domains (the issuer always uses the id).
//! Paths follow Entra ID's v2.0 layout so existing client configuration carries over.

use std::collections::HashMap;
use std::sync::RwLock;

pub(crate) mod authorize;
mod organizations;
mod token;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::json;

use entente_domain::document::Document;

use crate::documents::serve_document;

use crate::AppState;
use crate::error::OAuthError;

/// Discovery documents built once per tenant (and for `/organizations` and
/// `/common`) and again when the published keys change, which name their
/// algorithms. Past `MAX_DOCUMENTS` tenants the map starts again empty.
#[derive(Debug, Default)]
pub struct Documents {
    tenants: RwLock<HashMap<entente_model::TenantId, (u64, Document)>>,
    authorities: RwLock<HashMap<&'static str, (u64, Document)>>,
}

const MAX_DOCUMENTS: usize = 10_000;

impl Documents {
    fn tenant(
        &self,
        id: entente_model::TenantId,
        keys: u64,
        build: impl FnOnce() -> serde_json::Value,
    ) -> Document {
        built(&self.tenants, id, keys, build)
    }

    fn authority(
        &self,
        authority: &'static str,
        keys: u64,
        build: impl FnOnce() -> serde_json::Value,
    ) -> Document {
        built(&self.authorities, authority, keys, build)
    }
}

/// The document of `key` built for the keys' generation `keys`, built now if it is not.
fn built<K: std::hash::Hash + Eq>(
    map: &RwLock<HashMap<K, (u64, Document)>>,
    key: K,
    keys: u64,
    build: impl FnOnce() -> serde_json::Value,
) -> Document {
    if let Ok(map) = map.read()
        && let Some((generation, document)) = map.get(&key)
        && *generation == keys
    {
        return document.clone();
    }
    let document = Document::new(build().to_string().into_bytes());
    if let Ok(mut map) = map.write() {
        if map.len() >= MAX_DOCUMENTS {
            map.clear();
        }
        map.insert(key, (keys, document.clone()));
    }
    document
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            get(discovery),
        )
        .route("/{tenant}/discovery/v2.0/keys", get(jwks))
        .route(
            "/{tenant}/oauth2/v2.0/authorize",
            get(authorize::authorize_get).post(authorize::authorize_post),
        )
        .route("/{tenant}/oauth2/v2.0/logout", get(authorize::end_session))
        .route("/{tenant}/oauth2/v2.0/token", post(token::token))
        .route(
            "/{tenant}/oauth2/v2.0/devicecode",
            post(token::device_authorization),
        )
        .route("/{tenant}/oauth2/v2.0/revoke", post(token::revoke))
        .route("/{tenant}/oauth2/v2.0/introspect", post(token::introspect))
        .route(
            "/{tenant}/oidc/userinfo",
            get(token::userinfo).post(token::userinfo),
        )
}

async fn tenant_of(
    state: &AppState,
    segment: &str,
) -> Result<std::sync::Arc<entente_model::Tenant>, OAuthError> {
    entente_domain::oauth::resolve_tenant(&state.services, segment, crate::now())
        .await
        .map_err(|e| OAuthError(e.into()))
}

async fn discovery(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Result<Response, OAuthError> {
    let keys = state.services.keys.generation();
    if entente_domain::oauth::is_multi_tenant_authority(&tenant) {
        let authority = match tenant.eq_ignore_ascii_case("common") {
            true => "common",
            false => "organizations",
        };
        let document = state.documents.authority(authority, keys, || {
            organizations::discovery(&state, authority)
        });
        return Ok(serve_document(&headers, &document));
    }
    let id = tenant_of(&state, &tenant).await?.id;
    let document = state
        .documents
        .tenant(id, keys, || tenant_discovery(&state, id));
    Ok(serve_document(&headers, &document))
}

/// A tenant's discovery document.
fn tenant_discovery(state: &AppState, id: entente_model::TenantId) -> serde_json::Value {
    let base = &state.services.settings.public_base_url;
    json!({
        "issuer": state.services.settings.issuer(id),
        "authorization_endpoint": format!("{base}/{id}/oauth2/v2.0/authorize"),
        "token_endpoint": format!("{base}/{id}/oauth2/v2.0/token"),
        "userinfo_endpoint": format!("{base}/{id}/oidc/userinfo"),
        "jwks_uri": format!("{base}/{id}/discovery/v2.0/keys"),
        "end_session_endpoint": format!("{base}/{id}/oauth2/v2.0/logout"),
        "revocation_endpoint": format!("{base}/{id}/oauth2/v2.0/revoke"),
        "introspection_endpoint": format!("{base}/{id}/oauth2/v2.0/introspect"),
        "device_authorization_endpoint": format!("{base}/{id}/oauth2/v2.0/devicecode"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "form_post"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials",
            "urn:ietf:params:oauth:grant-type:device_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": state.services.keys.algorithms(),
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "PS256", "ES256"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["iss", "sub", "aud", "exp", "iat", "nbf", "auth_time", "nonce", "oid", "tid", "name",
            "preferred_username", "email", "email_verified", "groups", "roles", "amr"],
        "prompt_values_supported": ["none", "login"],
        "authorization_response_iss_parameter_supported": true,
        "tenant_region_scope": null,
    })
}

async fn jwks(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Result<Response, OAuthError> {
    if !entente_domain::oauth::is_multi_tenant_authority(&tenant) {
        tenant_of(&state, &tenant).await?;
    }
    Ok(serve_document(&headers, &state.services.keys.jwks()))
}
