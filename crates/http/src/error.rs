//! One error type per face: [`ApiError`] for the REST API (Graph's
//! `{"error":{"code","message"}}`), [`OAuthError`] for the protocol endpoints (RFC 6749
//! error codes) and [`PageError`] for HTML pages. Internal failures are logged with
//! the request id and shown only as a generic message.

use crate::texts::errors::{ErrorTexts, for_language as error_texts};
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use entente_domain::DomainError;
use entente_storage::{StoreError, Unavailable};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// An error of the `/v1.0` API, in Microsoft Graph's shape.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds a client should wait, sent as `Retry-After` with a 503 (1 when unset).
    retry_after: Option<u32>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// The database cannot serve now: Graph's `serviceNotAvailable`, a 503 a client
    /// retries after `Retry-After`. Nothing is logged per request: the store logs the
    /// outage once when it starts and once when it ends.
    pub fn unavailable(fault: Unavailable) -> ApiError {
        ApiError {
            retry_after: Some(fault.retry_after()),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "serviceNotAvailable",
                format!("{}; retry later.", capitalized(fault.describe())),
            )
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    pub fn not_found() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            "The resource does not exist.",
        )
    }

    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        )
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::NotFound => ApiError::not_found(),
            DomainError::Forbidden(permission) => ApiError::new(
                StatusCode::FORBIDDEN,
                "Authorization_RequestDenied",
                format!(
                    "Insufficient privileges to complete the operation: {permission} is required."
                ),
            ),
            DomainError::Refused(message) => ApiError::new(
                StatusCode::FORBIDDEN,
                "Authorization_RequestDenied",
                message,
            ),
            DomainError::LockedOut(lockout) => ApiError::new(
                StatusCode::FORBIDDEN,
                "Authorization_RequestDenied",
                lockout.to_string(),
            ),
            DomainError::Invalid(message) | DomainError::Field { message, .. } => {
                ApiError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", message)
            }
            DomainError::Conflict(message) => {
                ApiError::new(StatusCode::CONFLICT, "Request_Conflict", message)
            }
            DomainError::Overloaded => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "The service is busy; retry shortly.",
            ),
            DomainError::Store(StoreError::Unavailable(fault, _)) => ApiError::unavailable(fault),
            DomainError::Store(e) => internal(&e),
            DomainError::Internal(e) => internal(&e),
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn internal(detail: &dyn std::fmt::Display) -> ApiError {
    tracing::error!(error = %detail, "internal error");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "InternalServerError",
        "An internal error occurred.",
    )
}

/// What Graph's errors tell of the request they answer, in `innerError`.
#[derive(Clone, Debug)]
struct ApiRequest {
    request_id: Option<HeaderValue>,
    client_request_id: Option<HeaderValue>,
}

tokio::task_local! {
    /// The API request being served, for the `innerError` of its errors.
    static API_REQUEST: ApiRequest;
}

/// Middleware of the `/v1.0` routes: serves the request with its ids at hand, so that
/// an error raised anywhere below carries Graph's `innerError` (`request-id`, `date`,
/// `client-request-id`), and echoes a client's `client-request-id` as Graph does.
pub async fn api_request(request: Request, next: Next) -> Response {
    let client_request_id = request.headers().get(CLIENT_REQUEST_ID).cloned();
    let ids = ApiRequest {
        request_id: request.headers().get("x-request-id").cloned(),
        client_request_id: client_request_id.clone(),
    };
    let mut response = API_REQUEST.scope(ids, next.run(request)).await;
    if let Some(id) = client_request_id {
        response.headers_mut().insert(CLIENT_REQUEST_ID, id);
    }
    response
}

const CLIENT_REQUEST_ID: header::HeaderName = header::HeaderName::from_static("client-request-id");

/// The body of every error of the `/v1.0` API: Graph's `{"error": {...}}`.
#[derive(Serialize, ToSchema)]
#[schema(as = ErrorResponse)]
pub struct ErrorBody {
    pub error: MainError,
}

/// Graph's `mainError`: a stable code, a sentence for people, and the request's ids.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MainError {
    /// A stable code, such as `Request_ResourceNotFound` or `Authorization_RequestDenied`.
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inner_error: Option<InnerError>,
}

/// Graph's `innerError`: the request's id, the time (UTC, to the second, no zone, as
/// Graph writes it) and the client's own request id when it sent one.
#[derive(Serialize, ToSchema)]
pub struct InnerError {
    /// `YYYY-MM-DDThh:mm:ss` in UTC, without a zone, as Graph writes it.
    pub date: Option<String>,
    /// The `x-request-id` the server gave the request.
    #[serde(rename = "request-id")]
    pub request_id: Option<String>,
    /// The client's own `client-request-id`, when it sent one.
    #[serde(rename = "client-request-id", skip_serializing_if = "Option::is_none")]
    pub client_request_id: Option<String>,
}

fn inner_error() -> Option<InnerError> {
    let ids = API_REQUEST.try_with(Clone::clone).ok()?;
    let text = |value: &Option<HeaderValue>| {
        value
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let date = time::OffsetDateTime::from_unix_timestamp(crate::now())
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]"
            ))
            .ok()
        });
    Some(InnerError {
        date,
        request_id: text(&ids.request_id),
        client_request_id: text(&ids.client_request_id),
    })
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: MainError {
                code: self.code,
                message: self.message,
                inner_error: inner_error(),
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(self.retry_after.unwrap_or(1)),
            );
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// An error of the OAuth 2.0 / OpenID Connect endpoints (RFC 6749 section 5.2).
#[derive(Debug)]
pub struct OAuthError(pub entente_domain::oauth::OAuthFailure);

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let failure = self.0;
        if failure.error == "server_error" {
            tracing::error!(detail = %failure.description, "internal error at a protocol endpoint");
        }
        let status = StatusCode::from_u16(failure.status).unwrap_or(StatusCode::BAD_REQUEST);
        let description = if failure.error == "server_error" {
            "An internal error occurred.".to_owned()
        } else {
            failure.description
        };
        let body = json!({ "error": failure.error, "error_description": description });
        let mut response = (status, Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if failure.status == 401 {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"entente\""),
            );
        }
        if failure.status == 503 {
            headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from(failure.retry_after.unwrap_or(1)),
            );
        }
        response
    }
}

impl From<entente_domain::oauth::OAuthFailure> for OAuthError {
    fn from(failure: entente_domain::oauth::OAuthFailure) -> Self {
        OAuthError(failure)
    }
}

/// A string of the error pages, picked from [`ErrorTexts`] in the page's language
/// when the error is rendered.
pub type Words = fn(&ErrorTexts) -> &'static str;

/// A message of the error pages with variables, picked like [`Words`].
pub type FilledWords = fn(&ErrorTexts) -> entente_i18n::Message;

/// The message under an error page's title.
#[derive(Debug)]
enum Message {
    Words(Words),
    /// A message with variables and their values.
    Filled(FilledWords, Vec<(&'static str, String)>),
    /// A reason given by the domain or a protocol check, shown as it is.
    Said(String),
}

/// An error shown as an HTML page, in the language the browser asks for
/// (`Accept-Language`, set for the request by [`page_language`]).
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    title: Words,
    message: Message,
    /// The end-session page of the tenant, offered when the signed-in account is
    /// what stands in the way ([`PageError::with_sign_out`]).
    sign_out: Option<String>,
}

impl PageError {
    pub fn new(status: StatusCode, title: Words, message: Words) -> PageError {
        PageError {
            status,
            title,
            message: Message::Words(message),
            sign_out: None,
        }
    }

    /// An error whose message is a reason given elsewhere, shown as it is.
    pub fn said(status: StatusCode, title: Words, reason: impl Into<String>) -> PageError {
        PageError {
            status,
            title,
            message: Message::Said(reason.into()),
            sign_out: None,
        }
    }

    /// An error whose message has variables, given `values`.
    pub fn filled(
        status: StatusCode,
        title: Words,
        message: FilledWords,
        values: &[(&'static str, &str)],
    ) -> PageError {
        let values = values.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        PageError {
            status,
            title,
            message: Message::Filled(message, values),
            sign_out: None,
        }
    }

    /// Offers to sign out of `tenant` (through its end-session page, which asks
    /// first), for an account that is signed in but may not come in.
    pub fn with_sign_out(mut self, tenant: impl std::fmt::Display) -> PageError {
        self.sign_out = Some(format!("/{tenant}/oauth2/v2.0/logout"));
        self
    }

    pub fn not_found() -> PageError {
        PageError::new(
            StatusCode::NOT_FOUND,
            |t| t.not_found_title,
            |t| t.not_found,
        )
    }

    /// A request the page cannot use, with the reason.
    pub fn invalid(reason: impl Into<String>) -> PageError {
        PageError::said(StatusCode::BAD_REQUEST, |t| t.invalid_title, reason)
    }
}

impl From<DomainError> for PageError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::NotFound => PageError::not_found(),
            DomainError::Forbidden(_) => PageError::new(
                StatusCode::FORBIDDEN,
                |t| t.not_allowed_title,
                |t| t.not_allowed,
            ),
            DomainError::Refused(message) => {
                PageError::said(StatusCode::FORBIDDEN, |t| t.not_allowed_title, message)
            }
            DomainError::LockedOut(lockout) => PageError::said(
                StatusCode::FORBIDDEN,
                |t| t.not_allowed_title,
                lockout.to_string(),
            ),
            DomainError::Invalid(message)
            | DomainError::Conflict(message)
            | DomainError::Field { message, .. } => PageError::invalid(message),
            DomainError::Overloaded => PageError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                |t| t.busy_title,
                |t| t.busy,
            ),
            // The busy page says "try again in a moment", which is what a person can do
            // while the database is unavailable too.
            DomainError::Store(StoreError::Unavailable(..)) => PageError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                |t| t.busy_title,
                |t| t.busy,
            ),
            DomainError::Store(e) => page_internal(&e),
            DomainError::Internal(e) => page_internal(&e),
        }
    }
}

pub(crate) fn page_internal(detail: &dyn std::fmt::Display) -> PageError {
    tracing::error!(error = %detail, "internal error on a page");
    PageError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        |t| t.internal_title,
        |t| t.internal,
    )
}

tokio::task_local! {
    /// The request's `Accept-Language`, read only if an error page is rendered.
    static PAGE_LANGUAGE: Option<HeaderValue>;
}

/// Middleware: serves the request with its `Accept-Language` at hand, so that an error
/// raised anywhere below (an extractor, a handler) renders its page in that language.
/// Only the header is kept (a reference count); it is parsed when a page needs it, so
/// the token endpoint and the API pay nothing for it.
pub async fn page_language(request: Request, next: Next) -> Response {
    let accept = request.headers().get(header::ACCEPT_LANGUAGE).cloned();
    PAGE_LANGUAGE.scope(accept, next.run(request)).await
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let language = PAGE_LANGUAGE
            .try_with(|accept| {
                let mut headers = axum::http::HeaderMap::new();
                if let Some(value) = accept {
                    headers.insert(header::ACCEPT_LANGUAGE, value.clone());
                }
                crate::pages::browser_language(&headers)
            })
            .unwrap_or_default();
        let texts = error_texts(language);
        let message = match &self.message {
            Message::Words(words) => words(texts).to_owned(),
            Message::Filled(words, values) => {
                let values: Vec<(&'static str, &str)> =
                    values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                words(texts).fill(&values)
            }
            Message::Said(reason) => reason.clone(),
        };
        let page = crate::pages::ErrorPage {
            lang: texts.html_lang,
            title: (self.title)(texts),
            message: &message,
            start_page: texts.start_page,
            sign_out: self
                .sign_out
                .as_deref()
                .map(|href| (href, texts.sign_out_other_account)),
        };
        let mut response = (self.status, Html(crate::pages::render(&page))).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
