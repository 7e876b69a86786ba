//! Defences that hold for the browser whatever a handler does: cookie names another
//! site cannot plant and `Strict-Transport-Security` when the public URL is https, and
//! the refusal of forms posted from another site.
//!
//! Under https every cookie Entente sets is named `__Host-entente_…`: a browser keeps
//! such a cookie only if it is Secure, has `Path=/` and no `Domain` ([`crate::pages::set_cookie`]
//! makes them so), so a sibling subdomain cannot set or overwrite it. Handlers keep
//! speaking of `entente_session`, `entente_csrf` and so on; [`https_only`] adds the
//! prefix to what leaves and, on what comes in, believes only prefixed cookies (an
//! unprefixed `entente_…` cookie could have been planted, and is dropped). Under plain
//! http (local development) nothing changes, since browsers refuse Secure cookies there.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::PageError;

/// The prefix of cookie names a browser accepts only from this host, over https.
pub const HOST_PREFIX: &str = "__Host-";

/// The beginning of the names of Entente's own cookies.
const OUR_COOKIES: &str = "entente_";

/// A year, and the host's subdomains too: what browsers remember of "https only"
/// once they have seen it. No `preload`: entering the browsers' preload list is the
/// operator's decision for their whole domain.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Under an https public URL: the `__Host-` cookie names (see the module) and HSTS on
/// every response (unless the public URL's host is loopback: see `AppState::hsts`).
pub async fn https_only(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if !state.secure_cookies {
        return next.run(request).await;
    }
    let believed = believed_cookies(request.headers());
    request.headers_mut().remove(header::COOKIE);
    if let Some(value) = believed.and_then(|v| HeaderValue::from_str(&v).ok()) {
        request.headers_mut().insert(header::COOKIE, value);
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set: Vec<HeaderValue> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|value| match value.to_str() {
            Ok(text) if text.starts_with(OUR_COOKIES) => {
                HeaderValue::from_str(&format!("{HOST_PREFIX}{text}"))
                    .unwrap_or_else(|_| value.clone())
            }
            _ => value.clone(),
        })
        .collect();
    headers.remove(header::SET_COOKIE);
    for value in set {
        headers.append(header::SET_COOKIE, value);
    }
    if state.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

/// The request's cookies as the handlers should see them under https: Entente's
/// own only from their `__Host-` names (given without the prefix), others as they came.
fn believed_cookies(headers: &axum::http::HeaderMap) -> Option<String> {
    let pairs: Vec<String> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| match pair.strip_prefix(HOST_PREFIX) {
            Some(ours) if ours.starts_with(OUR_COOKIES) => Some(ours.to_owned()),
            _ if pair.starts_with(OUR_COOKIES) => None,
            _ => Some(pair.to_owned()),
        })
        .collect();
    (!pairs.is_empty()).then(|| pairs.join("; "))
}

/// Refuses a state-changing request (POST, PUT, PATCH, DELETE) that the browser says
/// comes from another site: `Sec-Fetch-Site` other than `same-origin` (or `none`, a
/// request the user made directly), or an `Origin` other than the public URL's.
/// `Origin: null` says nothing either way (browsers send it for this site's own forms
/// too, since the pages' `Referrer-Policy` is `no-referrer`), so `Sec-Fetch-Site`
/// decides then; a request with neither (not a browser, or an old one) passes, and
/// the CSRF token still guards it. Layered on the pages' routes only: protocol
/// endpoints (SAML bindings, the federation callbacks, the token endpoint, the API)
/// receive cross-site posts by design and carry no cookie-based authority.
pub async fn same_origin_forms(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if changes_state && from_another_site(&state, request.headers()) {
        tracing::info!(
            origin = ?request.headers().get(header::ORIGIN),
            fetch_site = ?request.headers().get("sec-fetch-site"),
            "refused a cross-site form post"
        );
        return PageError::new(
            StatusCode::FORBIDDEN,
            |t| t.form_expired_title,
            |t| t.form_expired,
        )
        .into_response();
    }
    next.run(request).await
}

fn from_another_site(state: &AppState, headers: &axum::http::HeaderMap) -> bool {
    let fetch_site = headers.get("sec-fetch-site").map(|v| v.as_bytes());
    if fetch_site.is_some_and(|site| site != b"same-origin" && site != b"none") {
        return true;
    }
    match headers.get(header::ORIGIN) {
        None => false,
        Some(origin) if origin.as_bytes() == b"null" => false,
        Some(origin) => {
            let ours = url::Url::parse(&state.services.settings.public_base_url)
                .map(|url| url.origin().ascii_serialization())
                .unwrap_or_default();
            origin.as_bytes() != ours.as_bytes()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    #[test]
    fn under_https_only_prefixed_cookies_of_ours_are_believed() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static(
                "entente_session=planted; __Host-entente_session=real; theme=dark",
            ),
        );
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("__Host-entente_csrf=c; entente_csrf=planted"),
        );
        assert_eq!(
            believed_cookies(&headers).as_deref(),
            Some("entente_session=real; theme=dark; entente_csrf=c")
        );
        let mut planted_only = HeaderMap::new();
        planted_only.insert(
            header::COOKIE,
            HeaderValue::from_static("entente_session=planted"),
        );
        assert_eq!(believed_cookies(&planted_only), None);
    }
}
