//! The OpenID Connect provider endpoints, one issuer per tenant under `/{tenant}/`.

use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
