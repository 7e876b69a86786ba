//! Entente's HTTP faces: the OpenID Connect provider (`oidc`), the SAML 2.0 identity
//! provider (`saml`), the Graph-shaped REST
//! API (`api`), the server-rendered pages (`pages`) and the operational endpoints
//! (`ops`). Each area has its own `router()`; [`app`] merges them and adds the
//! cross-cutting layers (request ids, logging, metrics, body limits, security headers).
//!
//! Handlers stay thin: extract, call one `entente-domain` method, map the result. No
//! SQL and no business rule lives here.

pub mod api;
mod bulk_upload;
pub mod client_address;
mod documents;
pub mod error;
pub mod oidc;
pub mod ops;
pub mod pages;
pub mod redirect;
pub mod saml;
mod scim;
pub mod texts;
pub mod web_security;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use entente_domain::Services;

pub use ops::Metrics;

/// What every handler can reach: one shared [`AppContext`]. Axum clones the state into
/// each route's service on every request, so the clone is one reference count.
#[derive(Clone, Debug)]
pub struct AppState(Arc<AppContext>);

/// The state shared by every request (see [`AppState`]).
#[derive(Debug)]
pub struct AppContext {
    pub services: Services,
    pub metrics: Arc<Metrics>,
    /// Whether cookies get the `Secure` flag (true unless the public URL is plain http).
    pub secure_cookies: bool,
    /// Whether responses carry `Strict-Transport-Security`: under an https public URL,
    /// unless its host is loopback (`localhost`, `127.0.0.1`, `::1`). Browsers remember
    /// HSTS per host, not per port, so a development server's would send every other
    /// server on `localhost` to https for a year.
    pub hsts: bool,
    /// Proxies whose `X-Forwarded-For` is believed (see `client_address`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The discovery documents, built once.
    pub documents: oidc::Documents,
}

impl AppState {
    /// The state of a server whose `X-Forwarded-For` is believed from `trusted_proxies`.
    pub fn new(services: Services, trusted_proxies: Vec<std::net::IpAddr>) -> AppState {
        let secure_cookies = services.settings.public_base_url.starts_with("https://");
        let hsts = secure_cookies && !loopback_host(&services.settings.public_base_url);
        AppState(Arc::new(AppContext {
            services,
            metrics: Arc::new(Metrics::default()),
            secure_cookies,
            hsts,
            trusted_proxies,
            documents: oidc::Documents::default(),
        }))
    }
}

impl std::ops::Deref for AppState {
    type Target = AppContext;

    fn deref(&self) -> &AppContext {
        &self.0
    }
}

/// Whether a URL's host is `localhost` (or a name under it) or a loopback address.
fn loopback_host(url: &str) -> bool {
    match url::Url::parse(url).ok().as_ref().and_then(url::Url::host) {
        Some(url::Host::Domain(name)) => {
            let name = name.to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The current time in Unix seconds; the one place the HTTP layer reads the clock.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The largest request body accepted anywhere (CSV uploads included).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The whole application: every area's router with the shared layers.
pub fn app(state: AppState) -> Router {
    let routes = Router::new()
        .merge(ops::router())
        .merge(oidc::router())
        .merge(saml::router())
        .merge(scim::router())
        .merge(api::router(&state.services.settings.public_base_url))
        .merge(
            pages::router().route_layer(axum::middleware::from_fn_with_state(
                state.clone(),
                web_security::same_origin_forms,
            )),
        )
        .merge(pages::federation_router());
    let routes = ops::with_layers(routes, state.clone()).layer(
        axum::middleware::from_fn_with_state(state.clone(), web_security::https_only),
    );
    // Before routing: a Graph client's `/users/%24count` is routed as `/users/$count`.
    let routes = routes.with_state(state);
    Router::new().fallback_service(
        tower::ServiceBuilder::new()
            .map_request(api::decode_dollar_segments)
            .service(routes),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_hosts_are_told_apart_from_others() {
        for url in [
            "https://localhost:8443",
            "https://LOCALHOST",
            "https://id.localhost",
            "https://127.0.0.1:8080",
            "https://127.1.2.3",
            "https://[::1]:8080",
        ] {
            assert!(super::loopback_host(url), "{url}");
        }
        for url in [
            "https://id.contoso.test",
            "https://10.0.0.1",
            "https://localhost.example.com",
        ] {
            assert!(!super::loopback_host(url), "{url}");
        }
    }
}
