//! One error type per face: [`ApiError`] for the REST API (Graph's
//! `{"error":{"code","message"}}`), [`OAuthError`] for the protocol endpoints (RFC 6749
//! error codes) and [`PageError`] for HTML pages. Internal failures are logged with
//! the request id and shown only as a generic message.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use entente_domain::DomainError;
use serde_json::json;

/// An error of the `/v1.0` API, in Microsoft Graph's shape.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
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
            DomainError::Invalid(message) => {
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
            DomainError::Store(e) => internal(&e),
            DomainError::Internal(e) => internal(&e),
        }
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

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": { "code": self.code, "message": self.message } });
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
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
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

impl From<entente_domain::oauth::OAuthFailure> for OAuthError {
    fn from(failure: entente_domain::oauth::OAuthFailure) -> Self {
        OAuthError(failure)
    }
}

/// An error shown as a page to a person.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub title: &'static str,
    pub message: String,
}

impl PageError {
    pub fn new(status: StatusCode, title: &'static str, message: impl Into<String>) -> PageError {
        PageError {
            status,
            title,
            message: message.into(),
        }
    }
}

impl From<DomainError> for PageError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::NotFound => PageError::new(
                StatusCode::NOT_FOUND,
                "Not found",
                "This page does not exist.",
            ),
            DomainError::Forbidden(_) => PageError::new(
                StatusCode::FORBIDDEN,
                "Not allowed",
                "You are not allowed to do this.",
            ),
            DomainError::Invalid(message) | DomainError::Conflict(message) => {
                PageError::new(StatusCode::BAD_REQUEST, "Something is not right", message)
            }
            DomainError::Overloaded => PageError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "Busy",
                "The service is busy. Try again in a moment.",
            ),
            DomainError::Store(e) => page_internal(&e),
            DomainError::Internal(e) => page_internal(&e),
        }
    }
}

fn page_internal(detail: &dyn std::fmt::Display) -> PageError {
    tracing::error!(error = %detail, "internal error on a page");
    PageError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "An internal error occurred.",
    )
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = crate::pages::ErrorPage {
            title: self.title,
            message: &self.message,
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
