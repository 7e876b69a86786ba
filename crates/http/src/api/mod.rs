//! The REST API under `/v1.0`, shaped like Microsoft Graph: users, groups, group
//! members, applications and app role assignments.

use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
