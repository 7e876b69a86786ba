//! The OpenAPI 3.1 document of `/v1.0`, served at `GET /v1.0/openapi.json`.
//!
//! Nothing here is written by hand that the code already says: each resource module
//! builds its routes with utoipa-axum's `routes!` from handlers annotated with
//! `#[utoipa::path]`, so a route and its operation come from one place, and the
//! bodies' schemas are derived from the types the handlers serialize. This module
//! adds what every operation shares: the bearer scheme, Graph's error response for
//! every `4XX` and `5XX`, the OData query options as parameters (each set names
//! the options one method of `query::ODataQuery` accepts), and the document's
//! servers. It is built once when the router is, and served as fixed bytes.
//!
//! Graph serves `$metadata` (CSDL, OData's XML schema) instead; Entente does not
//! pretend to: this is an OpenAPI document for generators such as Kiota or
//! openapi-generator, beside the API it describes so a `/v2.0` would have its own.

use axum::Extension;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::json;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::response::{ResponseBuilder, Responses};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::server::Server;
use utoipa::openapi::{
    ContentBuilder, HeaderBuilder, OpenApi as Document, Ref, RefOr, Required, Schema,
};
use utoipa::{IntoParams, Modify, OpenApi};

use crate::error::ErrorBody;

/// The prefix every route of the API has; the document's `servers` carry it and its
/// paths do not, as in Graph's own OpenAPI description.
const PREFIX: &str = "/v1.0";

/// The name of the security scheme and of the shared error response.
const BEARER: &str = "bearer";
const ERROR: &str = "error";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Entente directory API",
        description = "The directory of an Entente tenant, shaped like Microsoft Graph v1.0: \
            users, groups, applications and their credentials, app role assignments, domains, \
            invitations, policies, federation and SAML settings, and the audit log.\n\n\
            Every operation but this document's takes an access token issued by Entente for \
            the API: `POST {base}/{tenant}/oauth2/v2.0/token` with \
            `grant_type=client_credentials` and `scope={base}/.default` for an application \
            (its app roles give the permissions), or a user's token from the authorization \
            code flow (its directory roles do). Errors have Graph's shape: \
            `{\"error\": {\"code\", \"message\", \"innerError\"}}`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    components(schemas(ErrorBody)),
    security(("bearer" = [])),
    modifiers(&Conventions),
    tags(
        (name = "users", description = "Users, `/me` and a user's groups"),
        (name = "groups", description = "Security groups and their members"),
        (name = "applications", description = "Application registrations, their secrets and certificates"),
        (name = "appRoleAssignments", description = "App roles assigned to users and groups"),
        (name = "servicePrincipals", description = "Other organizations' applications this tenant consented to, and their role assignments here"),
        (name = "domains", description = "The tenant's domains and their DNS verification"),
        (name = "organization", description = "The tenant as Graph's organization, and its branding"),
        (name = "policies", description = "Collaboration and security defaults policies"),
        (name = "invitations", description = "Invitations of partner users, one at a time or from a CSV file"),
        (name = "federation", description = "Partners' own identity providers"),
        (name = "saml", description = "SAML settings of applications and the tenant's signing certificates"),
        (name = "auditLogs", description = "The directory audit log"),
        (name = "deletedItems", description = "Deleted users, groups and applications: restore or erase within 30 days"),
        (name = "identityGovernance", description = "Access reviews: who keeps access, decided by sponsors, named reviewers or administrators, on a schedule"),
        (name = "openapi", description = "This document"),
    )
)]
/// The document's fixed parts; the operations and their schemas come from the routers.
pub struct ApiDoc;

/// What every operation shares, added once the handlers' operations are collected.
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token issued by the tenant's token endpoint \
                         (`{base}/{tenant}/oauth2/v2.0/token`) for the audience `{base}`.",
                    ))
                    .build(),
            ),
        );
        let error = ResponseBuilder::new()
            .description("An error, in Microsoft Graph's shape.")
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorResponse")))
                    .build(),
            )
            .header(
                "Retry-After",
                HeaderBuilder::new()
                    .schema(
                        ObjectBuilder::new()
                            .schema_type(Type::Integer)
                            .minimum(Some(0)),
                    )
                    .description(Some("With a 503: seconds to wait before trying again."))
                    .build(),
            )
            .header(
                "WWW-Authenticate",
                HeaderBuilder::new()
                    .schema(ObjectBuilder::new().schema_type(Type::String))
                    .description(Some("With a 401: `Bearer`."))
                    .build(),
            )
            .build();
        components.responses.insert(ERROR.to_owned(), error.into());
    }
}

/// Finishes the document the router collected: every operation answers Graph's error
/// for `4XX` and `5XX`, paths lose the `/v1.0` they are routed under, and the one
/// server is the deployment's public URL with `/v1.0`.
pub fn finish(mut openapi: Document, public_base_url: &str) -> Document {
    let paths = std::mem::take(&mut openapi.paths.paths);
    for (path, mut item) in paths {
        for operation in operations_mut(&mut item) {
            add_error_responses(&mut operation.responses);
        }
        let relative = path.strip_prefix(PREFIX).unwrap_or(&path).to_owned();
        openapi.paths.paths.insert(relative, item);
    }
    let mut server = Server::new(format!("{}{PREFIX}", public_base_url.trim_end_matches('/')));
    server.description = Some("This deployment's directory API".to_owned());
    openapi.servers = Some(vec![server]);
    openapi
}

/// The operations of one path, whatever their methods.
pub fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

fn add_error_responses(responses: &mut Responses) {
    for range in ["4XX", "5XX"] {
        responses
            .responses
            .entry(range.to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(ERROR)));
    }
}

/// The document as served: its JSON, made once, with an `ETag` (a digest of the
/// bytes: the same build serves the same `ETag` on every node).
pub fn served(openapi: &Document) -> entente_domain::document::Document {
    // Serializing a document of plain maps and strings does not fail.
    entente_domain::document::Document::new(serde_json::to_vec(openapi).unwrap_or_default())
}

/// This OpenAPI document.
///
/// Needs no token. It changes only when the server is upgraded or its public URL
/// changes, so it may be cached; `If-None-Match` with its `ETag` answers 304.
#[utoipa::path(
    get,
    path = "/v1.0/openapi.json",
    operation_id = "openapi_get",
    tag = "openapi",
    security(()),
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of this API.",
            content_type = "application/json", body = Object,
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "The document has not changed since the `ETag` given."),
    )
)]
pub async fn document(
    Extension(served): Extension<entente_domain::document::Document>,
    headers: HeaderMap,
) -> Response {
    crate::documents::serve_document(&headers, &served)
}

/// Declares `$alias`, which stands for `$item` as a `$ref` to its component: a generic
/// schema (`Collection<$alias>`) would otherwise copy the item's schema inline, and
/// client generators would make a class of each copy.
macro_rules! reference {
    ($alias:ident => $item:ty) => {
        enum $alias {}

        impl utoipa::PartialSchema for $alias {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                    <$item as utoipa::ToSchema>::name(),
                ))
            }
        }

        impl utoipa::ToSchema for $alias {
            fn name() -> std::borrow::Cow<'static, str> {
                <$item as utoipa::ToSchema>::name()
            }

            fn schemas(
                schemas: &mut Vec<(
                    String,
                    utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
                )>,
            ) {
                schemas.push((
                    <$item as utoipa::ToSchema>::name().into_owned(),
                    <$item as utoipa::PartialSchema>::schema(),
                ));
                <$item as utoipa::ToSchema>::schemas(schemas);
            }
        }
    };
}
pub(crate) use reference;

/// The OData options of a collection that can be filtered, searched, sorted, counted
/// and projected (`ODataQuery::listing` with sorting): users, groups, applications.
pub enum ListOptions {}

/// [`ListOptions`] without `$orderby`, which Graph refuses on a group's members and a
/// user's groups (`ODataQuery::listing` without sorting).
pub enum UnsortedListOptions {}

/// The options of a `/$count` segment (`ODataQuery::counting`).
pub enum CountOptions {}

/// `$select` of a single object (`ODataQuery::entity`).
pub enum SelectOptions {}

/// `$select` and `$expand=members` of a single group.
pub enum ExpandOptions {}

/// `$top` and `$skiptoken` of a collection that is only paged (`ODataQuery::page_only`).
pub enum PageOptions {}

impl IntoParams for ListOptions {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        with_consistency_level(options(&[
            TOP, SKIPTOKEN, FILTER, SEARCH, ORDERBY, SELECT, COUNT,
        ]))
    }
}

impl IntoParams for UnsortedListOptions {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        with_consistency_level(options(&[TOP, SKIPTOKEN, FILTER, SEARCH, SELECT, COUNT]))
    }
}

impl IntoParams for CountOptions {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        // `/$count` answers only with the header, as Graph does.
        let mut header = consistency_level();
        header.required = Required::True;
        header.description = Some(
            "`eventual`: Graph counts only in advanced queries, so `/$count` needs it.".to_owned(),
        );
        let mut count = options(&[FILTER, SEARCH]);
        count.push(header);
        count
    }
}

impl IntoParams for SelectOptions {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        options(&[SELECT])
    }
}

impl IntoParams for ExpandOptions {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        options(&[SELECT, EXPAND])
    }
}

impl IntoParams for PageOptions {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        options(&[TOP, SKIPTOKEN])
    }
}

/// One OData option: its name, its value's type and what it does.
struct ODataOption {
    name: &'static str,
    kind: OptionKind,
    description: &'static str,
    /// A value the option takes, for the document's readers and for test generators.
    example: Option<fn() -> serde_json::Value>,
}

enum OptionKind {
    Text,
    /// `$top`: 1 to 999.
    PageSize,
    Boolean,
}

const TOP: ODataOption = ODataOption {
    name: "$top",
    kind: OptionKind::PageSize,
    description: "How many objects a page holds (1 to 999; 100 when absent).",
    example: Some(|| json!(10)),
};
const SKIPTOKEN: ODataOption = ODataOption {
    name: "$skiptoken",
    kind: OptionKind::Text,
    description: "The cursor of the next page; follow `@odata.nextLink` rather than \
        building it.",
    example: None,
};
const FILTER: ODataOption = ODataOption {
    name: "$filter",
    kind: OptionKind::Text,
    description: "An OData filter: `eq`, `ne`, `in`, `startswith`, `gt`/`ge`/`lt`/`le` on \
        dates, `eq null`, joined by `and`, `or`, `not` and parentheses, on the properties \
        the collection names in a 400's message when asked for another. `ne`, `not` and \
        `null` need the advanced query parameters (`ConsistencyLevel: eventual` and \
        `$count=true`), as in Graph.",
    example: Some(|| json!("startswith(displayName,'a')")),
};
const SEARCH: ODataOption = ODataOption {
    name: "$search",
    kind: OptionKind::Text,
    description: "`\"property:words\"` clauses joined by `AND`/`OR`, such as \
        `\"displayName:ali\"`; needs `ConsistencyLevel: eventual`.",
    example: Some(|| json!("\"displayName:ada\"")),
};
const ORDERBY: ODataOption = ODataOption {
    name: "$orderby",
    kind: OptionKind::Text,
    description: "One property, then `asc` or `desc`, such as `displayName`; \
        `createdDateTime`, a descending order and an order with `$filter` need the \
        advanced query parameters.",
    example: Some(|| json!("displayName")),
};
const SELECT: ODataOption = ODataOption {
    name: "$select",
    kind: OptionKind::Text,
    description: "Comma-separated properties to return; `id` (and `@odata.type`) always \
        come too. A Graph property Entente keeps no value of comes back `null` (`[]` for a \
        collection).",
    example: Some(|| json!("id,displayName")),
};
const COUNT: ODataOption = ODataOption {
    name: "$count",
    kind: OptionKind::Boolean,
    description: "With `ConsistencyLevel: eventual`, adds `@odata.count`, the number of \
        objects that match; ignored without the header, as Graph does.",
    example: Some(|| json!(true)),
};
const EXPAND: ODataOption = ODataOption {
    name: "$expand",
    kind: OptionKind::Text,
    description: "`members`, optionally with its own `$select`: `members($select=id,displayName)`. \
        Shows the group's first 20 members.",
    example: Some(|| json!("members($select=id,displayName)")),
};

/// The query parameters of `list`.
fn options(list: &[ODataOption]) -> Vec<Parameter> {
    list.iter()
        .map(|option| {
            let schema = match option.kind {
                OptionKind::Text => ObjectBuilder::new().schema_type(Type::String),
                OptionKind::PageSize => ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
                    .minimum(Some(1))
                    .maximum(Some(entente_domain::directory::MAX_PAGE_SIZE)),
                OptionKind::Boolean => ObjectBuilder::new().schema_type(Type::Boolean),
            };
            ParameterBuilder::new()
                .name(option.name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(option.description))
                .example(option.example.map(|example| example()))
                .schema(Some(Schema::Object(schema.build())))
                .build()
        })
        .collect()
}

fn with_consistency_level(mut parameters: Vec<Parameter>) -> Vec<Parameter> {
    parameters.push(consistency_level());
    parameters
}

/// Graph's `ConsistencyLevel` header: `eventual` turns on the advanced queries.
fn consistency_level() -> Parameter {
    ParameterBuilder::new()
        .name("ConsistencyLevel")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "`eventual` makes the request one of Graph's advanced queries (with `$count=true` \
             or `$search`): `$search`, `ne`, `not`, `null` and more sorts. Other values are \
             ignored.",
        ))
        .example(Some(json!("eventual")))
        .schema(Some(Schema::Object(
            ObjectBuilder::new().schema_type(Type::String).build(),
        )))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Document {
        crate::api::routes("https://id.contoso.test/").1
    }

    /// Generators name methods after operation ids and group them by tag: each
    /// operation has a unique `resource_action` id, a tag the document lists, a
    /// summary, and Graph's error for every 4XX and 5XX.
    #[test]
    fn every_operation_is_named_tagged_and_answers_graph_errors() {
        let mut openapi = document();
        let tags: Vec<String> = openapi
            .tags
            .iter()
            .flatten()
            .map(|t| t.name.clone())
            .collect();
        let mut ids = Vec::new();
        for (path, item) in openapi.paths.paths.iter_mut() {
            for operation in operations_mut(item) {
                let id = operation.operation_id.clone().unwrap_or_default();
                let (resource, action) = id.split_once('_').unwrap_or_default();
                assert!(
                    !resource.is_empty() && !action.is_empty() && !action.contains('_'),
                    "{path}: {id}"
                );
                let tag = operation.tags.iter().flatten().next();
                assert!(tag.is_some_and(|t| tags.contains(t)), "{id}: {tag:?}");
                assert!(operation.summary.is_some(), "{id} has no summary");
                for range in ["4XX", "5XX"] {
                    assert!(
                        matches!(operation.responses.responses.get(range),
                            Some(RefOr::Ref(r)) if r.ref_location == "#/components/responses/error"),
                        "{id}: {range}"
                    );
                }
                ids.push(id);
            }
        }
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "operation ids are unique");
        assert!(count >= 70, "{count} operations");
    }

    /// Paths are relative to the one server, the public URL with `/v1.0`, and every
    /// `{parameter}` of a path is declared by each of its operations.
    #[test]
    fn paths_are_under_the_server_and_declare_their_parameters() {
        let mut openapi = document();
        let servers = openapi.servers.clone().unwrap_or_default();
        assert_eq!(servers.len(), 1);
        assert_eq!(servers[0].url, "https://id.contoso.test/v1.0");
        for (path, item) in openapi.paths.paths.iter_mut() {
            assert!(path.starts_with('/') && !path.starts_with(PREFIX), "{path}");
            let names: Vec<&str> = path
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .collect();
            for operation in operations_mut(item) {
                let declared: Vec<&str> = operation
                    .parameters
                    .iter()
                    .flatten()
                    .filter(|p| p.parameter_in == ParameterIn::Path)
                    .map(|p| p.name.as_str())
                    .collect();
                assert_eq!(declared, names, "{path}");
            }
        }
    }

    /// The document is made once per router: two routers of one deployment serve the
    /// same bytes under the same `ETag`.
    #[test]
    fn the_served_document_is_stable() {
        let (first, second) = (served(&document()), served(&document()));
        assert_eq!(first.body, second.body);
        assert_eq!(first.etag, second.etag);
        let text = first.text().to_owned();
        assert!(
            text.starts_with("{\"openapi\":\"3.1.0\""),
            "{}",
            &text[..40]
        );
    }
}
