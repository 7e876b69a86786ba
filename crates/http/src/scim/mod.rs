//! SCIM 2.0 (RFC 7643, RFC 7644; decision 0017) under `/scim/v2/{tenant}/`: the
//! discovery endpoints every client reads first (`ServiceProviderConfig`,
//! `ResourceTypes`, `Schemas`), `Users` and `Groups`, and the authentication every
//! endpoint shares: a bearer token of an application of the path's tenant holding
//! `SCIM.ReadWrite.All`. Bodies and errors are SCIM's (`application/scim+json`), not
//! Graph's; the use cases are the domain's (`entente_domain::scim`).

mod filter;
mod groups;
mod patch;
mod query;
mod users;

use axum::Router;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use entente_domain::DomainError;
use entente_model::TenantId;
use serde_json::{Value, json};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/scim/v2/{tenant}/ServiceProviderConfig",
            get(service_provider_config),
        )
        .route("/scim/v2/{tenant}/ResourceTypes", get(resource_types))
        .route("/scim/v2/{tenant}/ResourceTypes/{id}", get(resource_type))
        .route("/scim/v2/{tenant}/Schemas", get(schemas))
        .route("/scim/v2/{tenant}/Schemas/{id}", get(schema))
        .route(
            "/scim/v2/{tenant}/Users",
            get(users::list).post(users::create),
        )
        .route(
            "/scim/v2/{tenant}/Users/{id}",
            get(users::read)
                .put(users::replace)
                .patch(users::change)
                .delete(users::delete),
        )
        .route(
            "/scim/v2/{tenant}/Groups",
            get(groups::list).post(groups::create),
        )
        .route(
            "/scim/v2/{tenant}/Groups/{id}",
            get(groups::read)
                .put(groups::replace)
                .patch(groups::change)
                .delete(groups::delete),
        )
        .route("/scim/v2/{tenant}/.search", post(search_everything))
        .route("/scim/v2/{tenant}/{*rest}", any(no_such_endpoint))
}

/// Any other path under `/scim/v2/` is a SCIM 404 (a client's mistyped endpoint
/// gets an error it can read), whoever asks.
async fn no_such_endpoint() -> ScimError {
    ScimError::not_found()
}

/// `POST /.search` at the root (RFC 7644 section 3.4.3) searches every resource type
/// at once, which this service provider does not do; each type's own list does.
async fn search_everything(Path(_): Path<String>, _who: Provisioner) -> ScimError {
    ScimError::new(
        StatusCode::NOT_IMPLEMENTED,
        "Searching several resource types at once is not supported; query /Users or /Groups.",
    )
}

const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub(crate) const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub(crate) const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub(crate) const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// A SCIM answer: JSON as `application/scim+json`.
pub(crate) struct Scim(StatusCode, Value);

impl IntoResponse for Scim {
    fn into_response(self) -> Response {
        let mut response = (self.0, self.1.to_string()).into_response();
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/scim+json"),
        );
        response
    }
}

/// A SCIM error response (RFC 7644 section 3.12): `status` as text, `detail` safe
/// to show, `scimType` where the RFC names one.
#[derive(Debug)]
pub(crate) struct ScimError {
    status: StatusCode,
    scim_type: Option<&'static str>,
    detail: String,
}

impl ScimError {
    fn new(status: StatusCode, detail: impl Into<String>) -> ScimError {
        ScimError {
            status,
            scim_type: None,
            detail: detail.into(),
        }
    }

    /// A 400 with the RFC's `scimType`.
    fn bad(scim_type: &'static str, detail: impl Into<String>) -> ScimError {
        ScimError {
            status: StatusCode::BAD_REQUEST,
            scim_type: Some(scim_type),
            detail: detail.into(),
        }
    }

    pub(crate) fn invalid_filter(detail: impl Into<String>) -> ScimError {
        ScimError::bad("invalidFilter", detail)
    }

    pub(crate) fn invalid_syntax(detail: impl Into<String>) -> ScimError {
        ScimError::bad("invalidSyntax", detail)
    }

    pub(crate) fn invalid_path(detail: impl Into<String>) -> ScimError {
        ScimError::bad("invalidPath", detail)
    }

    pub(crate) fn invalid_value(detail: impl Into<String>) -> ScimError {
        ScimError::bad("invalidValue", detail)
    }

    pub(crate) fn no_target(detail: impl Into<String>) -> ScimError {
        ScimError::bad("noTarget", detail)
    }

    pub(crate) fn mutability(detail: impl Into<String>) -> ScimError {
        ScimError::bad("mutability", detail)
    }

    pub(crate) fn not_found() -> ScimError {
        ScimError::new(StatusCode::NOT_FOUND, "Resource not found.")
    }
}

/// A request's body as JSON, whatever its media type says (clients send
/// `application/scim+json`, some `application/json`); malformed JSON is
/// `invalidSyntax`.
pub(crate) fn json_body(bytes: &[u8]) -> Result<Value, ScimError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ScimError::invalid_syntax(format!("the body is not JSON: {e}")))?;
    if !value.is_object() {
        return Err(ScimError::invalid_syntax("the body must be a JSON object"));
    }
    Ok(value)
}

/// The list parameters every resource type takes (RFC 7644 section 3.4.2).
#[derive(serde::Deserialize, Default)]
pub(crate) struct ListParams {
    filter: Option<String>,
    #[serde(rename = "startIndex")]
    start_index: Option<String>,
    count: Option<String>,
    attributes: Option<String>,
    #[serde(rename = "excludedAttributes")]
    excluded_attributes: Option<String>,
}

/// A list request read: its filter over the resource type's fields, its page and
/// what to return of each resource.
pub(crate) struct ListRequest<F> {
    pub filter: Option<entente_storage::Filter<F>>,
    pub start: i64,
    pub count: i64,
    pub projection: query::Projection,
}

impl ListParams {
    /// Reads the parameters: a malformed filter or page is a SCIM error.
    pub(crate) fn read<F: query::Fields>(&self) -> Result<ListRequest<F>, ScimError> {
        let filter = self
            .filter
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(query::parse::<F>)
            .transpose()?;
        let (start, count) = paging(self)?;
        Ok(ListRequest {
            filter,
            start,
            count,
            projection: self.projection(),
        })
    }

    /// `attributes` and `excludedAttributes`.
    pub(crate) fn projection(&self) -> query::Projection {
        query::Projection::new(
            self.attributes.as_deref(),
            self.excluded_attributes.as_deref(),
        )
    }
}

/// A `ListResponse` (RFC 7644 section 3.4.2): the page's resources from `start`, of
/// `total` matching.
pub(crate) fn list_response(start: i64, total: i64, resources: Vec<Value>) -> Scim {
    Scim(
        StatusCode::OK,
        json!({
            "schemas": [LIST],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": resources.len(),
            "Resources": resources,
        }),
    )
}

/// `startIndex` counts from 1 (less is taken as 1); `count` defaults to 100 and is
/// cut to the page limit (negative is taken as 0), as RFC 7644 section 3.4.2.4 says.
fn paging(params: &ListParams) -> Result<(i64, i64), ScimError> {
    let number = |text: &Option<String>, name: &str, default: i64| match text {
        None => Ok(default),
        Some(t) => t
            .trim()
            .parse::<i64>()
            .map_err(|_| ScimError::invalid_value(format!("{name} must be a whole number"))),
    };
    let start = number(&params.start_index, "startIndex", 1)?.max(1);
    let count = number(&params.count, "count", 100)?.clamp(0, entente_domain::scim::MAX_PAGE);
    Ok((start, count))
}

/// What a write request did, for the provisioning log.
pub(crate) struct Done {
    /// `create`, `update`, `disable` or `delete`.
    pub action: &'static str,
    pub resource_id: String,
    pub resource_name: Option<String>,
    pub changes: Vec<Value>,
}

/// Answers a write request's outcome and records it in the provisioning log: what it
/// changed, or why it failed (`action` names what the request meant to do). A log that
/// cannot be written is a warning, never the request's failure: the change and its
/// audit entry are committed already.
pub(crate) async fn logged(
    state: &AppState,
    who: &Provisioner,
    resource_type: &'static str,
    action: &'static str,
    target: Option<String>,
    result: Result<(Response, Done), ScimError>,
) -> Result<Response, ScimError> {
    use entente_domain::provisioning::{Outcome, record};
    let (outcome, answer) = match result {
        Ok((response, done)) => (
            Outcome {
                action: done.action,
                resource_type,
                resource_id: Some(done.resource_id),
                resource_name: done.resource_name,
                http_status: response.status().as_u16(),
                error: None,
                changes: done.changes,
            },
            Ok(response),
        ),
        Err(error) => (
            Outcome {
                action,
                resource_type,
                resource_id: target,
                resource_name: None,
                http_status: error.status.as_u16(),
                error: Some((
                    error.scim_type.map(str::to_owned).unwrap_or_else(|| {
                        error
                            .status
                            .canonical_reason()
                            .unwrap_or("error")
                            .to_owned()
                    }),
                    error.detail.clone(),
                )),
                changes: Vec::new(),
            },
            Err(error),
        ),
    };
    // A request that changed nothing (clients repeat what is already so) is no entry.
    let no_change = outcome.error.is_none()
        && outcome.changes.is_empty()
        && matches!(outcome.action, "update" | "disable");
    if no_change {
        return answer;
    }
    if let Err(error) = record(&state.services, &who.access, outcome, crate::now()).await {
        tracing::warn!(%error, "a SCIM request's provisioning log entry was not written");
    }
    answer
}

/// What differs between two versions of a resource's JSON, as the log's changes:
/// each top-level attribute (and each attribute of an extension) whose value
/// changed, with its old and new value; `id`, `meta`, `schemas` and the read-only
/// lists left out.
pub(crate) fn changes(before: &Value, after: &Value, extensions: &[&str]) -> Vec<Value> {
    const SKIPPED: [&str; 5] = ["id", "meta", "schemas", "groups", "members"];
    let empty = serde_json::Map::new();
    let old = before.as_object().unwrap_or(&empty);
    let new = after.as_object().unwrap_or(&empty);
    let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        if SKIPPED.contains(&name.as_str()) {
            continue;
        }
        let (a, b) = (old.get(name), new.get(name));
        if extensions.contains(&name.as_str()) {
            let inner = changes(a.unwrap_or(&Value::Null), b.unwrap_or(&Value::Null), &[]);
            for mut change in inner {
                let sub = change["name"].as_str().unwrap_or_default().to_owned();
                change["name"] = json!(format!("{name}:{sub}"));
                out.push(change);
            }
            continue;
        }
        if a != b {
            out.push(json!({ "name": name, "oldValue": a, "newValue": b }));
        }
    }
    out
}

/// A SCIM time (RFC 3339, UTC).
fn time(at: i64) -> Option<String> {
    crate::api::date_time(at)
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "schemas": [ERROR],
            "status": self.status.as_u16().to_string(),
            "detail": self.detail,
        });
        if let Some(kind) = self.scim_type {
            body["scimType"] = json!(kind);
        }
        let mut response = Scim(self.status, body).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

impl From<DomainError> for ScimError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::NotFound => ScimError::not_found(),
            DomainError::Forbidden(permission) => ScimError::new(
                StatusCode::FORBIDDEN,
                format!("The token does not hold {permission}."),
            ),
            DomainError::Invalid(message) | DomainError::Field { message, .. } => ScimError {
                status: StatusCode::BAD_REQUEST,
                scim_type: Some("invalidValue"),
                detail: message,
            },
            DomainError::Conflict(message) => ScimError {
                status: StatusCode::CONFLICT,
                scim_type: Some("uniqueness"),
                // SCIM's name for the principal name.
                detail: message.replace("userPrincipalName", "userName"),
            },
            DomainError::Refused(message) => ScimError::new(StatusCode::FORBIDDEN, message),
            DomainError::Overloaded | DomainError::Store(_) => ScimError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "The service is busy; retry shortly.",
            ),
            other => {
                tracing::error!(error = %other, "a SCIM request failed");
                ScimError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal error.")
            }
        }
    }
}

/// The provisioning client behind a request: a bearer token of an application of
/// the path's tenant holding `SCIM.ReadWrite.All`. Another tenant's token is told
/// nothing about this tenant (404).
pub(crate) struct Provisioner {
    pub access: entente_domain::access::ProvisioningAccess,
}

impl FromRequestParts<AppState> for Provisioner {
    type Rejection = ScimError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ScimError> {
        let segment = parts
            .uri
            .path()
            .strip_prefix("/scim/v2/")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default()
            .to_owned();
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                ScimError::new(StatusCode::UNAUTHORIZED, "A bearer token is required.")
            })?;
        let now = crate::now();
        let unauthorized = |error: DomainError| match error {
            DomainError::Invalid(message) => ScimError::new(StatusCode::UNAUTHORIZED, message),
            other => other.into(),
        };
        // A provisioning connection's long-lived token, or an application's access
        // token holding `SCIM.ReadWrite.All`.
        let access = if token.starts_with(entente_domain::provisioning::TOKEN_PREFIX) {
            entente_domain::provisioning::authenticate(&state.services, token, now)
                .await
                .map_err(unauthorized)?
        } else {
            entente_domain::oauth::authenticate_api_caller(&state.services, token, now)
                .await
                .map_err(unauthorized)?
                .provisioning()?
        };
        let tenant = entente_domain::oauth::resolve_tenant(&state.services, &segment, now)
            .await
            .map_err(|_| ScimError::not_found())?;
        if tenant.id != access.tenant {
            return Err(ScimError::not_found());
        }
        Ok(Provisioner { access })
    }
}

/// The base of a tenant's SCIM endpoints.
fn base(state: &AppState, tenant: TenantId) -> String {
    format!(
        "{}/scim/v2/{tenant}",
        state.services.settings.public_base_url
    )
}

/// `ServiceProviderConfig` (RFC 7643 section 5): what this service provider does,
/// truthfully: no bulk, sort, ETags or password change; filtering and PATCH as the
/// resources support them.
async fn service_provider_config(
    State(state): State<AppState>,
    Path(_): Path<String>,
    who: Provisioner,
) -> Scim {
    let location = format!("{}/ServiceProviderConfig", base(&state, who.access.tenant));
    Scim(
        StatusCode::OK,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "documentationUri": format!("{}/v1.0/openapi.json", state.services.settings.public_base_url),
            "patch": { "supported": true },
            "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
            "filter": { "supported": true, "maxResults": entente_domain::scim::MAX_PAGE },
            "changePassword": { "supported": false },
            "sort": { "supported": false },
            "etag": { "supported": false },
            "authenticationSchemes": [{
                "type": "oauthbearertoken",
                "name": "OAuth Bearer Token",
                "description": "A token of an application of this organization holding SCIM.ReadWrite.All.",
                "specUri": "https://www.rfc-editor.org/info/rfc6750",
                "primary": true,
            }],
            "meta": { "resourceType": "ServiceProviderConfig", "location": location },
        }),
    )
}

fn resource_type_body(base: &str, id: &str) -> Option<Value> {
    let (name, endpoint, schema, description, extensions) = match id {
        "User" => (
            "User",
            "/Users",
            USER,
            "A user of the organization: a member, or a guest from a partner",
            json!([{ "schema": ENTERPRISE, "required": false }]),
        ),
        "Group" => ("Group", "/Groups", GROUP, "A security group", json!([])),
        _ => return None,
    };
    Some(json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": id,
        "name": name,
        "endpoint": endpoint,
        "description": description,
        "schema": schema,
        "schemaExtensions": extensions,
        "meta": { "resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/{id}") },
    }))
}

/// `ResourceTypes` (RFC 7643 section 6): `User` (with the enterprise extension) and
/// `Group`.
async fn resource_types(
    State(state): State<AppState>,
    Path(_): Path<String>,
    who: Provisioner,
) -> Scim {
    let base = base(&state, who.access.tenant);
    let items: Vec<Value> = ["User", "Group"]
        .iter()
        .filter_map(|id| resource_type_body(&base, id))
        .collect();
    let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
    list_response(1, total, items)
}

async fn resource_type(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
) -> Result<Scim, ScimError> {
    let base = base(&state, who.access.tenant);
    resource_type_body(&base, &id)
        .map(|body| Scim(StatusCode::OK, body))
        .ok_or_else(|| ScimError::new(StatusCode::NOT_FOUND, "Resource not found."))
}

/// One attribute's definition (RFC 7643 section 7), with the characteristics every
/// attribute states.
fn attribute(name: &str, kind: &str, description: &str, traits: Traits) -> Value {
    let mut body = json!({
        "name": name,
        "type": kind,
        "multiValued": traits.multi_valued,
        "description": description,
        "required": traits.required,
        "caseExact": traits.case_exact,
        "mutability": traits.mutability,
        "returned": traits.returned,
        "uniqueness": traits.uniqueness,
    });
    if !traits.sub_attributes.is_empty() {
        body["subAttributes"] = Value::Array(traits.sub_attributes);
    }
    if kind == "reference" {
        // Members are users.
        body["referenceTypes"] = json!(["User"]);
    }
    body
}

/// An attribute with the canonical values of `sub` (one of its sub-attributes), or
/// of itself when `sub` is empty.
fn with_canonical(mut attribute: Value, sub: &str, values: &[&str]) -> Value {
    if sub.is_empty() {
        attribute["canonicalValues"] = json!(values);
        return attribute;
    }
    if let Some(subs) = attribute["subAttributes"].as_array_mut() {
        for item in subs.iter_mut().filter(|a| a["name"] == sub) {
            item["canonicalValues"] = json!(values);
        }
    }
    attribute
}

/// An attribute's characteristics, RFC 7643's defaults unless changed.
struct Traits {
    multi_valued: bool,
    required: bool,
    case_exact: bool,
    mutability: &'static str,
    returned: &'static str,
    uniqueness: &'static str,
    sub_attributes: Vec<Value>,
}

impl Traits {
    fn plain() -> Traits {
        Traits {
            multi_valued: false,
            required: false,
            case_exact: false,
            mutability: "readWrite",
            returned: "default",
            uniqueness: "none",
            sub_attributes: Vec::new(),
        }
    }
}

fn schema_bodies(base: &str) -> Vec<Value> {
    let plain = Traits::plain;
    let multi = |subs: Vec<Value>| Traits {
        multi_valued: true,
        sub_attributes: subs,
        ..plain()
    };
    let sub = |name: &str, kind: &str| attribute(name, kind, name, plain());
    let user = json!({
        "id": USER,
        "name": "User",
        "description": "User Account",
        "attributes": [
            attribute("userName", "string", "The user's principal name, unique in the organization: an address in one of its domains, or a name without @.", Traits { required: true, uniqueness: "server", ..plain() }),
            attribute("name", "complex", "The components of the user's name (kept as sent).", Traits { sub_attributes: vec![sub("formatted", "string"), sub("familyName", "string"), sub("givenName", "string")], ..plain() }),
            attribute("displayName", "string", "The name shown for the user; every user has one (made from the name or the userName when a request gives none).", Traits { required: true, ..plain() }),
            attribute("title", "string", "The user's job title (kept as sent).", plain()),
            attribute("userType", "string", "Member or Guest.", Traits { mutability: "readOnly", ..plain() }),
            attribute("preferredLanguage", "string", "The user's preferred language (kept as sent).", plain()),
            attribute("active", "boolean", "false: sign-in is blocked and the user is kept; every user has it (true when a request gives none).", Traits { required: true, ..plain() }),
            attribute("password", "string", "A new password for sign-in with a password; never returned.", Traits { mutability: "writeOnly", returned: "never", ..plain() }),
            with_canonical(attribute("emails", "complex", "Email addresses: the work one (else the primary, else the first) is the user's mail.", multi(vec![sub("value", "string"), sub("type", "string"), sub("primary", "boolean")])), "type", &["work", "home", "other"]),
            with_canonical(attribute("phoneNumbers", "complex", "Phone numbers (kept as sent).", multi(vec![sub("value", "string"), sub("type", "string"), sub("primary", "boolean")])), "type", &["work", "mobile", "home", "fax", "other"]),
            attribute("groups", "complex", "The groups the user is a direct member of.", Traits { mutability: "readOnly", ..multi(vec![
                attribute("value", "string", "The group's id.", Traits { mutability: "readOnly", ..plain() }),
                attribute("display", "string", "The group's name.", Traits { mutability: "readOnly", ..plain() }),
                attribute("type", "string", "direct.", Traits { mutability: "readOnly", ..plain() }),
                {
                    let mut reference = attribute("$ref", "reference", "The group's URI.", Traits { mutability: "readOnly", ..plain() });
                    reference["referenceTypes"] = json!(["Group"]);
                    reference
                },
            ]) }),
        ],
        "meta": { "resourceType": "Schema", "location": format!("{base}/Schemas/{USER}") },
    });
    let group = json!({
        "id": GROUP,
        "name": "Group",
        "description": "Group",
        "attributes": [
            attribute("displayName", "string", "The group's name.", Traits { required: true, ..plain() }),
            attribute("members", "complex", "The group's members: users of the organization, by id.", multi(vec![
                attribute("value", "string", "The member's id.", Traits { mutability: "immutable", ..plain() }),
                attribute("display", "string", "The member's name: returned when asked for by attributes=members.display.", Traits { mutability: "readOnly", returned: "request", ..plain() }),
                with_canonical(attribute("type", "string", "User.", Traits { mutability: "immutable", ..plain() }), "", &["User"]),
                attribute("$ref", "reference", "The member's URI.", Traits { mutability: "immutable", ..plain() }),
            ])),
        ],
        "meta": { "resourceType": "Schema", "location": format!("{base}/Schemas/{GROUP}") },
    });
    let enterprise = json!({
        "id": ENTERPRISE,
        "name": "EnterpriseUser",
        "description": "Enterprise User",
        "attributes": [
            attribute("employeeNumber", "string", "The user's number in the organization.", plain()),
            attribute("costCenter", "string", "The user's cost center.", plain()),
            attribute("organization", "string", "The user's organization.", plain()),
            attribute("division", "string", "The user's division.", plain()),
            attribute("department", "string", "The user's department.", plain()),
            attribute("manager", "complex", "The user's manager (its id in the provisioning client, kept as sent).", Traits { sub_attributes: vec![sub("value", "string"), attribute("displayName", "string", "The manager's name.", Traits { mutability: "readOnly", ..plain() })], ..plain() }),
        ],
        "meta": { "resourceType": "Schema", "location": format!("{base}/Schemas/{ENTERPRISE}") },
    });
    let mut all = vec![user, group, enterprise];
    for schema in &mut all {
        schema["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:Schema"]);
    }
    all
}

/// `Schemas` (RFC 7643 section 7): the core User and Group schemas and the
/// enterprise User extension.
async fn schemas(State(state): State<AppState>, Path(_): Path<String>, who: Provisioner) -> Scim {
    let items = schema_bodies(&base(&state, who.access.tenant));
    let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
    list_response(1, total, items)
}

async fn schema(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
) -> Result<Scim, ScimError> {
    schema_bodies(&base(&state, who.access.tenant))
        .into_iter()
        .find(|s| s["id"] == id.as_str())
        .map(|body| Scim(StatusCode::OK, body))
        .ok_or_else(|| ScimError::new(StatusCode::NOT_FOUND, "Resource not found."))
}
