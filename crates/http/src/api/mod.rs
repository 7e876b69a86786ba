//! The REST API under `/v1.0`, shaped like Microsoft Graph: users (and `/me`), groups,
//! group members, a user's groups, applications, app role assignments, domains, the
//! organization and the directory audit log.
//!
//! This module holds what every resource shares: the bearer-token extractor and a
//! JSON extractor whose failures keep Graph's error shape. Each resource module's
//! routes are utoipa-axum `routes!` of handlers annotated with `#[utoipa::path]`, so
//! the router and the OpenAPI document (`openapi`, served at `/v1.0/openapi.json`)
//! are built from one list; `query` holds the OData
//! query options every collection takes (one parsed query, one filter tree, one
//! `$select` projection, one collection envelope) and `filter` their expression
//! parsers. Handlers translate between Graph's JSON and the domain's
//! types and call one `entente_domain` use case each; no rule about who
//! may change what, and no SQL, lives here.

mod access_reviews;
mod applications;
mod assignments;
mod audit;
mod collaboration;
mod cross_tenant;
mod deleted_items;
mod domains;
mod federation;
mod filter;
mod group_owners;
mod groups;
mod invitations;
pub mod openapi;
mod organization;
mod policies;
mod query;
mod saml;
mod service_principals;
mod sponsors;
mod users;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::{Extension, Router};
use entente_domain::DomainError;
use entente_domain::access::Caller;
use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::ApiError;

pub use query::{ODataQuery, collection};

/// The routes of `/v1.0`, and the OpenAPI document of exactly those routes (served
/// by one of them) with `public_base_url` as its server.
pub fn router(public_base_url: &str) -> Router<AppState> {
    let (routes, document) = routes(public_base_url);
    routes
        // Unknown paths under /v1.0 answer in Graph's shape too, not with an empty 404.
        .route("/v1.0/{*rest}", axum::routing::any(unknown_path))
        .layer(Extension(openapi::served(&document)))
        .layer(axum::middleware::from_fn(crate::error::api_request))
}

/// Every route of `/v1.0` but the fallback for unknown paths, and their document.
pub fn routes(public_base_url: &str) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (routes, document) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(users::router())
        .merge(groups::router())
        .merge(group_owners::router())
        .merge(applications::router())
        .merge(assignments::router())
        .merge(audit::router())
        .merge(policies::router())
        .merge(cross_tenant::router())
        .merge(domains::router())
        .merge(invitations::router())
        .merge(collaboration::router())
        .merge(saml::router())
        .merge(service_principals::router())
        .merge(sponsors::router())
        .merge(federation::router())
        .merge(organization::router())
        .merge(deleted_items::router())
        .merge(access_reviews::router())
        .routes(routes!(openapi::document))
        .split_for_parts();
    (routes, openapi::finish(document, public_base_url))
}

/// `request` with each path segment of `/v1.0` that starts with `%24` (a `$` that a
/// Graph client percent-encoded, as in `/users/%24count`) spelled with `$`, so it is
/// routed as `$count` is. Routing reads the path as sent; the segments' values reach
/// handlers decoded either way. Applied around the whole router, before routing.
pub fn decode_dollar_segments(mut request: Request) -> Request {
    let path = request.uri().path();
    if !path.starts_with("/v1.0/") || !path.contains("/%24") {
        return request;
    }
    let path = path.replace("/%24", "/$");
    let path_and_query = match request.uri().query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    let mut parts = request.uri().clone().into_parts();
    if let Ok(rewritten) = path_and_query.parse() {
        parts.path_and_query = Some(rewritten);
        if let Ok(uri) = axum::http::Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
    }
    request
}

async fn unknown_path() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
        "No resource of the directory API has this path.",
    )
}

/// The authenticated caller of a request, from its `Authorization: Bearer` token.
pub struct ApiCaller(pub Caller);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|token| !token.is_empty())
            .ok_or_else(|| ApiError::unauthorized("Access token is empty."))?;
        let now = crate::now();
        match entente_domain::oauth::authenticate_api_caller(&state.services, token, now).await {
            Ok(caller) => Ok(ApiCaller(caller)),
            // Every refusal of the token itself is a 401; a database failure stays a 5xx.
            Err(DomainError::Invalid(message)) => Err(ApiError::unauthorized(message)),
            Err(other) => Err(other.into()),
        }
    }
}

/// A JSON body whose rejections (bad syntax, unknown or missing fields, wrong content
/// type) answer in Graph's error shape instead of axum's plain text.
///
/// OData annotations that say what an object is (`@odata.type`, `@odata.context`,
/// `@odata.etag`, at any depth) are taken off before the body is read, as Graph does:
/// Microsoft's SDKs put `"@odata.type": "#microsoft.graph.user"` in every entity they
/// send. An `@odata.type` that names another entity than the path's collection is
/// refused. Any other unknown field, `@odata.bind` included, is still refused.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let entity = entity_of_path(request.uri().path());
        let mut value = match axum::Json::<serde_json::Value>::from_request(request, state).await {
            Ok(axum::Json(value)) => value,
            // A body over the size limit keeps its own status so clients know not to
            // retry it as is; every other rejection is the client's malformed request.
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError::new(
                    rejection.status(),
                    "RequestEntityTooLarge",
                    rejection.body_text(),
                ));
            }
            Err(rejection) => return Err(ApiError::bad_request(rejection.body_text())),
        };
        if let Some(named) = take_annotations(&mut value)
            && let Some(entity) = entity
            && named != format!("#microsoft.graph.{entity}")
        {
            return Err(ApiError::bad_request(format!(
                "@odata.type {named:?} does not name a {entity}: this request takes #microsoft.graph.{entity}."
            )));
        }
        serde_json::from_value(value).map(ApiJson).map_err(|e| {
            ApiError::bad_request(format!(
                "Failed to deserialize the JSON body into the target type: {e}"
            ))
        })
    }
}

/// Takes the OData annotations that describe an object off `value` and its nested
/// objects (a `null` `odata_type`, which the Graph SDK's backing store sends for a
/// cleared type, too); answers the top object's `@odata.type`, if it named one.
fn take_annotations(value: &mut serde_json::Value) -> Option<String> {
    const DESCRIBING: [&str; 4] = ["@odata.type", "@odata.context", "@odata.etag", "odata_type"];
    let serde_json::Value::Object(object) = value else {
        return None;
    };
    let mut named = None;
    for key in DESCRIBING {
        match object.remove(key) {
            Some(serde_json::Value::String(text)) => {
                if key.ends_with("type") {
                    named = Some(text);
                }
            }
            Some(serde_json::Value::Null) | None => {}
            // Not text: put back, for the body's own check to refuse as unknown.
            Some(other) => {
                object.insert(key.to_owned(), other);
            }
        }
    }
    for nested in object.values_mut() {
        match nested {
            serde_json::Value::Object(_) => {
                take_annotations(nested);
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    take_annotations(item);
                }
            }
            _ => {}
        }
    }
    named
}

/// The entity a request body is for, from the last collection its path names
/// (`/v1.0/users/{id}` → `user`); `None` where the body is not one of those.
fn entity_of_path(path: &str) -> Option<&'static str> {
    const COLLECTIONS: [(&str, &str); 6] = [
        ("users", "user"),
        ("groups", "group"),
        ("applications", "application"),
        ("invitations", "invitation"),
        ("appRoleAssignments", "appRoleAssignment"),
        ("domains", "domain"),
    ];
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // A body posted to an action or a reference (`$ref`, `addPassword`) is not the entity.
    let last = segments.last()?;
    if last.starts_with('$') {
        return None;
    }
    segments.iter().rev().take(2).find_map(|segment| {
        COLLECTIONS
            .iter()
            .find(|(collection, _)| collection == segment)
            .map(|(_, entity)| *entity)
    })
}

/// Parses an id from a path; a malformed one does not exist, as in Graph.
pub fn path_id<T: std::str::FromStr>(text: &str) -> Result<T, ApiError> {
    text.parse().map_err(|_| ApiError::not_found())
}

/// A Unix time as Graph writes it (RFC 3339, UTC).
pub fn date_time(at: i64) -> Option<String> {
    OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
}

/// Reads an RFC 3339 time from a request as Unix seconds.
pub fn parse_date_time(text: &str, field: &str) -> Result<i64, ApiError> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map(|t| t.unix_timestamp())
        .map_err(|_| ApiError::bad_request(format!("{field} must be an RFC 3339 date and time.")))
}

/// Tells an explicit `null` (`Some(None)`) from an absent property (`None`) in a PATCH
/// body; use with `#[serde(default, deserialize_with = "nullable")]`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Serializes a response body as a JSON value for a collection.
pub fn to_value<T: serde::Serialize>(item: T) -> Value {
    serde_json::to_value(item).unwrap_or(Value::Null)
}
