//! The OpenID Connect provider endpoints, one issuer per tenant: `/{tenant}/...`, where
//! `{tenant}` is the tenant id or one of its domains (the issuer always uses the id).
//! Paths follow Entra ID's v2.0 layout so existing client configuration carries over.

pub(crate) mod authorize;
mod organizations;
mod token;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use crate::AppState;
use crate::error::OAuthError;

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
) -> Result<Response, OAuthError> {
    if entente_domain::oauth::is_multi_tenant_authority(&tenant) {
        let document = organizations::discovery(&state, &tenant.to_ascii_lowercase());
        return Ok(cached(Json(document).into_response()));
    }
    let tenant = tenant_of(&state, &tenant).await?;
    let base = &state.services.settings.public_base_url;
    let id = tenant.id;
    let document = json!({
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
    });
    Ok(cached(Json(document).into_response()))
}

async fn jwks(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
) -> Result<Response, OAuthError> {
    if !entente_domain::oauth::is_multi_tenant_authority(&tenant) {
        tenant_of(&state, &tenant).await?;
    }
    let body = state.services.keys.jwks();
    let response = (
        [(header::CONTENT_TYPE, "application/json")],
        body.as_str().to_owned(),
    )
        .into_response();
    Ok(cached(response))
}

/// Discovery and keys change rarely (keys are published days before use): let
/// clients and proxies keep them for an hour.
fn cached(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}
