//! The back-channel endpoints clients call directly: token, revocation, introspection
//! and userinfo. Answers are JSON, errors are RFC 6749's, and nothing is cached.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use entente_domain::oauth::{ClientCredentials, OAuthFailure, TokenRequest};
use serde::Deserialize;

use super::tenant_of;
use crate::error::{ApiError, OAuthError};
use crate::{AppState, now};

/// The form fields of client authentication (RFC 6749 2.3.1, RFC 7523).
#[derive(Deserialize, Default)]
pub(super) struct ClientFields {
    client_id: Option<String>,
    client_secret: Option<String>,
    client_assertion_type: Option<String>,
    client_assertion: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct TokenForm {
    #[serde(flatten)]
    client: ClientFields,
    #[serde(flatten)]
    request: TokenRequest,
}

/// Parses an `application/x-www-form-urlencoded` body into `T`, or an
/// `invalid_request` error.
fn parse_form<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, OAuthError> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(OAuthFailure::invalid_request(
            "the body must be application/x-www-form-urlencoded",
        )
        .into());
    }
    // Parameters sent twice are refused (RFC 6749 3.2). A form has a handful.
    let names: Vec<_> = url::form_urlencoded::parse(body)
        .map(|(name, _)| name)
        .collect();
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            return Err(
                OAuthFailure::invalid_request(format!("parameter {name} is repeated")).into(),
            );
        }
    }
    serde_urlencoded::from_bytes(body)
        .map_err(|e| OAuthFailure::invalid_request(format!("malformed body: {e}")).into())
}

/// `Authorization: Basic` credentials, form-decoded as RFC 6749 2.3.1 requires.
fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, OAuthError> {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(None);
    };
    let Some(encoded) = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))
    else {
        return Ok(None);
    };
    let bad = || OAuthError(OAuthFailure::invalid_client("malformed Basic credentials"));
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| bad())?;
    let text = String::from_utf8(decoded).map_err(|_| bad())?;
    let (id, secret) = text.split_once(':').ok_or_else(bad)?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    };
    Ok(Some((
        unescape(id).ok_or_else(bad)?,
        unescape(secret).ok_or_else(bad)?,
    )))
}

fn credentials(headers: &HeaderMap, fields: ClientFields) -> Result<ClientCredentials, OAuthError> {
    Ok(ClientCredentials {
        basic: basic_credentials(headers)?,
        client_id: fields.client_id,
        client_secret: fields.client_secret,
        client_assertion_type: fields.client_assertion_type,
        client_assertion: fields.client_assertion,
    })
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// A token response (RFC 6749 5.1) as JSON that no cache may keep, written into one
/// buffer sized for its tokens, with room in its headers for the shared layers' own:
/// nothing is copied as it grows.
fn token_response(issued: &entente_domain::oauth::TokenResponse) -> Result<Response, OAuthError> {
    let tokens = [&issued.id_token, &issued.refresh_token, &issued.client_info]
        .iter()
        .filter_map(|t| t.as_ref().map(String::len))
        .sum::<usize>();
    let mut body = Vec::with_capacity(issued.access_token.len() + tokens + 192);
    serde_json::to_writer(&mut body, issued).map_err(|e| {
        OAuthError(OAuthFailure::from(entente_domain::DomainError::internal(
            format!("token response: {e}"),
        )))
    })?;
    let mut response = Response::new(axum::body::Body::from(body));
    let headers = response.headers_mut();
    headers.reserve(12);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(no_store(response))
}

/// A request body, or `invalid_request` when it is over the size limit or unreadable.
pub(super) struct FormBody(axum::body::Bytes);

impl<S: Send + Sync> axum::extract::FromRequest<S> for FormBody {
    type Rejection = OAuthError;

    async fn from_request(
        request: axum::extract::Request,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::body::Bytes::from_request(request, state).await {
            Ok(bytes) => Ok(FormBody(bytes)),
            Err(rejection) => Err(OAuthError(OAuthFailure {
                error: "invalid_request",
                description: format!(
                    "the request body could not be read: {}",
                    rejection.body_text()
                ),
                status: rejection.status().as_u16(),
                retry_after: None,
            })),
        }
    }
}

pub(super) async fn token(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    FormBody(body): FormBody,
) -> Result<Response, OAuthError> {
    let form: TokenForm = parse_form(&headers, &body)?;
    // `/organizations` and `/common` go on in the tenant the grant was issued in.
    let tenant = match entente_domain::oauth::is_multi_tenant_authority(&tenant) {
        true => entente_domain::oauth::tenant_of_grant(&state.services, &form.request).await?,
        false => tenant_of(&state, &tenant).await?.id,
    };
    let credentials = credentials(&headers, form.client)?;
    let issued =
        entente_domain::oauth::token(&state.services, tenant, &credentials, &form.request, now())
            .await?;
    state.metrics.count("tokens_issued", issued.grant);
    token_response(&issued)
}

#[derive(Deserialize)]
struct DeviceAuthorizationForm {
    #[serde(flatten)]
    client: ClientFields,
    scope: Option<String>,
}

/// The device authorization endpoint (RFC 8628 section 3.1).
pub(super) async fn device_authorization(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    FormBody(body): FormBody,
) -> Result<Response, OAuthError> {
    let tenant = tenant_of(&state, &tenant).await?;
    let form: DeviceAuthorizationForm = parse_form(&headers, &body)?;
    let credentials = credentials(&headers, form.client)?;
    let started = entente_domain::oauth::start_device_authorization(
        &state.services,
        tenant.id,
        &credentials,
        form.scope.as_deref(),
        crate::pages::browser_language(&headers),
        now(),
    )
    .await?;
    Ok(no_store(Json(started).into_response()))
}

#[derive(Deserialize)]
struct TokenParameter {
    #[serde(flatten)]
    client: ClientFields,
    token: Option<String>,
    #[allow(dead_code)]
    token_type_hint: Option<String>,
}

/// What revocation and introspection both read: the tenant, the `token` parameter
/// and the client's credentials.
async fn token_request(
    state: &AppState,
    tenant: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(entente_model::TenantId, String, ClientCredentials), OAuthError> {
    let tenant = tenant_of(state, tenant).await?;
    let form: TokenParameter = parse_form(headers, body)?;
    let token = form
        .token
        .ok_or_else(|| OAuthError(OAuthFailure::invalid_request("token is missing")))?;
    Ok((tenant.id, token, credentials(headers, form.client)?))
}

pub(super) async fn revoke(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    FormBody(body): FormBody,
) -> Result<Response, OAuthError> {
    let (tenant, token, credentials) = token_request(&state, &tenant, &headers, &body).await?;
    entente_domain::oauth::revoke(&state.services, tenant, &credentials, &token, now()).await?;
    Ok(no_store(StatusCode::OK.into_response()))
}

pub(super) async fn introspect(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    FormBody(body): FormBody,
) -> Result<Response, OAuthError> {
    let (tenant, token, credentials) = token_request(&state, &tenant, &headers, &body).await?;
    let answer =
        entente_domain::oauth::introspect(&state.services, tenant, &credentials, &token, now())
            .await?;
    Ok(no_store(Json(answer).into_response()))
}

/// The bearer token of the request (RFC 6750 section 2.1).
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
}

pub(super) async fn userinfo(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    let tenant = tenant_of(&state, &tenant)
        .await
        .map_err(IntoResponse::into_response)?;
    let token =
        bearer(&headers).ok_or_else(|| invalid_token("a bearer access token is required"))?;
    match entente_domain::oauth::userinfo(&state.services, tenant.id, token, now()).await {
        Ok(claims) => Ok(no_store(Json(claims).into_response())),
        Err(entente_domain::DomainError::Invalid(message)) => Err(invalid_token(&message)),
        Err(entente_domain::DomainError::Forbidden(_)) => Err(insufficient_scope()),
        Err(other) => Err(ApiError::from(other).into_response()),
    }
}

/// RFC 6750 section 3: errors of a protected resource go in `WWW-Authenticate`.
fn invalid_token(description: &str) -> Response {
    let value = format!(
        "Bearer error=\"invalid_token\", error_description=\"{}\"",
        description.replace('"', "'")
    );
    let mut response = StatusCode::UNAUTHORIZED.into_response();
    if let Ok(value) = HeaderValue::from_str(&value) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

fn insufficient_scope() -> Response {
    let mut response = StatusCode::FORBIDDEN.into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer error=\"insufficient_scope\", scope=\"openid\""),
    );
    response
}

#[cfg(test)]
mod form_tests {
    use axum::http::{HeaderMap, HeaderValue, header};

    use super::{DeviceAuthorizationForm, TokenForm, TokenParameter, parse_form};

    fn form_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded;charset=UTF-8"),
        );
        headers
    }

    #[test]
    fn forms_are_read_decoded_and_repeated_parameters_refused() {
        let headers = form_headers();
        let form: TokenForm = parse_form(
            &headers,
            b"grant_type=client_credentials&scope=api%3A%2F%2Fx%2F.default&client_id=a+b&extra=1",
        )
        .unwrap();
        assert_eq!(
            form.request.grant_type.as_deref(),
            Some("client_credentials")
        );
        assert_eq!(form.request.scope.as_deref(), Some("api://x/.default"));
        assert_eq!(form.client.client_id.as_deref(), Some("a b"));
        assert_eq!(form.request.code, None);
        let form: TokenParameter = parse_form(&headers, b"token=abc&client_id=x").unwrap();
        assert_eq!(form.token.as_deref(), Some("abc"));
        assert_eq!(form.client.client_id.as_deref(), Some("x"));
        let form: DeviceAuthorizationForm =
            parse_form(&headers, b"scope=openid&client_id=x").unwrap();
        assert_eq!(form.scope.as_deref(), Some("openid"));
        let Err(repeated) = parse_form::<TokenForm>(&headers, b"scope=a&client_id=x&scope=b")
        else {
            panic!("a repeated parameter was taken");
        };
        assert!(repeated.0.description.contains("scope is repeated"));
        assert!(parse_form::<TokenForm>(&HeaderMap::new(), b"scope=a").is_err());
    }
}
