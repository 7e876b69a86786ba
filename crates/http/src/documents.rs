//! Documents served as they are built ([`Document`]: the JWKS, discovery documents,
//! the OpenAPI document), with their `ETag` and an hour's `Cache-Control`.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entente_domain::document::Document;

/// A prebuilt document with its `ETag`, or `304 Not Modified` when the client's
/// `If-None-Match` names that tag (RFC 9110 13.1.2: weak comparison, `*`, lists).
pub(crate) fn serve_document(headers: &HeaderMap, document: &Document) -> Response {
    let etag = HeaderValue::from_maybe_shared(document.etag.clone())
        .unwrap_or_else(|_| HeaderValue::from_static("\"\""));
    let unchanged = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.trim_start_matches("W/").as_bytes() == document.etag);
    let mut response = match unchanged {
        true => StatusCode::NOT_MODIFIED.into_response(),
        false => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            axum::body::Body::from(document.body.clone()),
        )
            .into_response(),
    };
    response.headers_mut().insert(header::ETAG, etag);
    // They change rarely (keys are published days before use, the OpenAPI document
    // with an upgrade): clients and proxies may keep them for an hour.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}
