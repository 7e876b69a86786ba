//! A tenant's colour as a stylesheet, `/{tenant}/branding.css`, which its branded
//! pages link to. The pages' Content-Security-Policy allows no inline style (not
//! even a `style` attribute), so the colour cannot be written into the page itself.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use entente_model::Tenant;

use crate::error::PageError;
use crate::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new().route("/{tenant}/branding.css", get(stylesheet))
}

/// The link a branded page puts in its head, when the tenant has a colour.
pub fn stylesheet_link(tenant: &Tenant) -> Option<String> {
    brand_color(tenant).map(|_| format!("/{}/branding.css", tenant.id))
}

/// The tenant's colour when it is a well-formed `#rrggbb` (it is checked when set;
/// checked again here because it goes into CSS).
fn brand_color(tenant: &Tenant) -> Option<&str> {
    tenant.branding.brand_color.as_deref().filter(|c| {
        c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit())
    })
}

async fn stylesheet(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let css = match brand_color(&tenant) {
        Some(colour) => format!(":root {{ --accent: {colour}; }}\n"),
        None => String::new(),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/css"),
            // The tenant cache keeps a change from reaching other nodes for up to a
            // minute anyway; browsers may keep the sheet as long.
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        css,
    )
        .into_response())
}
