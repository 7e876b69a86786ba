//! Server-rendered pages: setup, sign-in, sign-out. Templates live in `templates/`,
//! mirroring these modules.

use askama::Template;
use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}

/// Renders a template; a rendering failure (a bug) becomes a plain message.
pub fn render<T: Template>(template: &T) -> String {
    template.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "template rendering failed");
        "An internal error occurred.".to_owned()
    })
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub title: &'a str,
    pub message: &'a str,
}
