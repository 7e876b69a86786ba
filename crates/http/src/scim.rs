//! SCIM 2.0 (RFC 7643, RFC 7644; decision 0017) under `/scim/v2/{tenant}/`: so far the
//! discovery endpoints every client reads first (`ServiceProviderConfig`,
//! `ResourceTypes`, `Schemas`) and the authentication every endpoint shares: a
//! bearer token of an application of the path's tenant holding `SCIM.ReadWrite.All`.
//! Bodies and errors are SCIM's (`application/scim+json`), not Graph's.

use axum::Router;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
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
}

const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// A SCIM answer: JSON as `application/scim+json`.
struct Scim(StatusCode, Value);

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
            DomainError::NotFound => ScimError::new(StatusCode::NOT_FOUND, "Resource not found."),
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
                detail: message,
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
    pub tenant: TenantId,
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
        let caller =
            match entente_domain::oauth::authenticate_api_caller(&state.services, token, now).await
            {
                Ok(caller) => caller,
                Err(DomainError::Invalid(message)) => {
                    return Err(ScimError::new(StatusCode::UNAUTHORIZED, message));
                }
                Err(other) => return Err(other.into()),
            };
        let tenant = entente_domain::oauth::resolve_tenant(&state.services, &segment, now)
            .await
            .map_err(|_| ScimError::new(StatusCode::NOT_FOUND, "Resource not found."))?;
        if tenant.id != caller.tenant {
            return Err(ScimError::new(StatusCode::NOT_FOUND, "Resource not found."));
        }
        let access = caller.provisioning()?;
        Ok(Provisioner {
            tenant: access.tenant,
        })
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
    let location = format!("{}/ServiceProviderConfig", base(&state, who.tenant));
    Scim(
        StatusCode::OK,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "documentationUri": format!("{}/v1.0/openapi.json", state.services.settings.public_base_url),
            "patch": { "supported": false },
            "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
            "filter": { "supported": false, "maxResults": 0 },
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

fn list(items: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST],
        "totalResults": items.len(),
        "itemsPerPage": items.len(),
        "startIndex": 1,
        "Resources": items,
    })
}

/// `ResourceTypes` (RFC 7643 section 6): `User` (with the enterprise extension) and
/// `Group`.
async fn resource_types(
    State(state): State<AppState>,
    Path(_): Path<String>,
    who: Provisioner,
) -> Scim {
    let base = base(&state, who.tenant);
    let items = ["User", "Group"]
        .iter()
        .filter_map(|id| resource_type_body(&base, id))
        .collect();
    Scim(StatusCode::OK, list(items))
}

async fn resource_type(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
) -> Result<Scim, ScimError> {
    let base = base(&state, who.tenant);
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
        body["referenceTypes"] = json!(["User", "Group", "external"]);
    }
    body
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
            attribute("userName", "string", "The user's principal name, unique in the organization.", Traits { required: true, uniqueness: "server", ..plain() }),
            attribute("name", "complex", "The components of the user's name.", Traits { sub_attributes: vec![sub("formatted", "string"), sub("familyName", "string"), sub("givenName", "string")], ..plain() }),
            attribute("displayName", "string", "The name shown for the user.", plain()),
            attribute("userType", "string", "Member or Guest.", Traits { mutability: "readOnly", ..plain() }),
            attribute("preferredLanguage", "string", "The language of the user's emails.", plain()),
            attribute("active", "boolean", "false: sign-in is blocked; the user is kept.", plain()),
            attribute("emails", "complex", "Email addresses; the work address is the user's mail.", multi(vec![sub("value", "string"), sub("type", "string"), sub("primary", "boolean")])),
            attribute("groups", "complex", "The groups the user is a member of.", Traits { mutability: "readOnly", ..multi(vec![sub("value", "string"), sub("display", "string")]) }),
        ],
        "meta": { "resourceType": "Schema", "location": format!("{base}/Schemas/{USER}") },
    });
    let group = json!({
        "id": GROUP,
        "name": "Group",
        "description": "Group",
        "attributes": [
            attribute("displayName", "string", "The group's name.", Traits { required: true, ..plain() }),
            attribute("members", "complex", "The group's members.", multi(vec![
                attribute("value", "string", "The member's id.", Traits { mutability: "immutable", ..plain() }),
                attribute("display", "string", "The member's name.", Traits { mutability: "readOnly", ..plain() }),
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
            attribute("department", "string", "The user's department.", plain()),
            attribute("manager", "complex", "The user's manager.", Traits { sub_attributes: vec![sub("value", "string"), sub("displayName", "string")], ..plain() }),
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
    Scim(
        StatusCode::OK,
        list(schema_bodies(&base(&state, who.tenant))),
    )
}

async fn schema(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
) -> Result<Scim, ScimError> {
    schema_bodies(&base(&state, who.tenant))
        .into_iter()
        .find(|s| s["id"] == id.as_str())
        .map(|body| Scim(StatusCode::OK, body))
        .ok_or_else(|| ScimError::new(StatusCode::NOT_FOUND, "Resource not found."))
}
