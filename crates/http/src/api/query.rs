//! The OData query options of the directory API, one mechanism for every collection:
//! `$top`, `$skiptoken`, `$filter`, `$search`, `$orderby`, `$select`, `$count` (as an
//! option and as the `/$count` segment) and `$expand`, with Graph's rules for the
//! `ConsistencyLevel: eventual` header.
//!
//! [`ODataQuery`] reads a request's options (under their names with `$`, which
//! Microsoft's SDKs send percent-encoded as `%24select`) and parses each. A
//! collection's [`Schema`] says, in Graph's names, which properties its filters,
//! sorts and searches may name, how their values are typed and which need Graph's
//! *advanced query* parameters; [`ODataQuery::listing`] checks the options against it
//! and turns them into the domain's [`Listing`], whose filter tree the storage layer
//! turns into SQL. Responses are shaped here too: the collection envelope with
//! `@odata.count` and an `@odata.nextLink` made from the same parsed options, the
//! `$select` projection of any serialized entity (which always keeps `id`), and the
//! `text/plain` answer of `/$count`.
//!
//! Anything a collection does not support is refused with a 400 naming what it
//! does support: a filter half understood would answer a different question.

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entente_domain::directory::PageRequest;
use entente_domain::directory_reads::Listing;
use entente_storage::{Comparison, Direction, Field, Filter, Literal, Sort};
use serde::Serialize;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;
use uuid::Uuid;

use super::filter::{self, Expr, Op, Search};
use crate::AppState;
use crate::error::ApiError;

/// The most comparisons one request's `$filter` and `$search` may hold together.
const MAX_TERMS: usize = 100;

/// Graph's answer to `/$count` without `ConsistencyLevel: eventual`.
const COUNT_NEEDS_EVENTUAL: &str = "$count is not currently supported.";
/// Graph's answer to `$search` without `ConsistencyLevel: eventual`.
const SEARCH_NEEDS_EVENTUAL: &str = "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'";
/// Graph's answer to a sort it supports only in advanced queries.
const SORTING_NOT_SUPPORTED: &str = "Sorting not supported for current query.";
/// What the advanced query parameters are, for the messages that need them.
const ADVANCED: &str = "it needs the advanced query parameters: the header \
    'ConsistencyLevel: eventual' and $count=true";

/// A collection of the API, in Graph's names: what its `$filter`, `$orderby`,
/// `$search` and `$select` may name.
pub struct Schema<F: 'static> {
    /// The entity type (`user`), as in `#microsoft.graph.user`.
    pub entity: &'static str,
    /// The resource as Graph's query errors name it (`User`).
    pub resource: &'static str,
    pub properties: &'static [Property<F>],
    /// The properties of the entity's JSON, which `$select` may name.
    pub selectable: &'static [&'static str],
    /// Graph properties Entente keeps no value of: `$select` answers them `null`.
    pub unkept: &'static [&'static str],
    /// Graph collection properties Entente keeps no value of: `$select` answers `[]`.
    pub unkept_lists: &'static [&'static str],
}

/// The fields of a resource whose queries name none (the organization).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoField {}

impl Field for NoField {
    fn column(self) -> entente_storage::Column {
        match self {}
    }
}

/// One property a query may name, and what it may do with it.
pub struct Property<F: 'static> {
    pub name: &'static str,
    pub holds: Holds<F>,
    /// `startswith(property, '...')`.
    pub starts_with: bool,
    /// `gt`, `ge`, `lt`, `le`.
    pub range: bool,
    /// `eq null` and `ne null` (advanced queries).
    pub null: bool,
    pub sort: Sorting,
    /// `$search="property:..."`.
    pub search: bool,
}

impl<F> Property<F> {
    /// A property that only `eq`, `ne` and `in` may name.
    pub const fn equality(name: &'static str, holds: Holds<F>) -> Property<F> {
        Property {
            name,
            holds,
            starts_with: false,
            range: false,
            null: false,
            sort: Sorting::No,
            search: false,
        }
    }
}

/// Where a property's value is.
pub enum Holds<F: 'static> {
    /// In a storage field, typed as given.
    Field(F, Type),
    /// Nowhere: every object of the collection has this boolean value.
    Constant(bool),
}

/// How a property's literals are typed.
pub enum Type {
    Text,
    /// One of these names (matched case-insensitively, sent as written here).
    Enum(&'static [&'static str]),
    Bool,
    Id,
    DateTime,
}

/// Whether `$orderby` may name a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sorting {
    No,
    /// In any query.
    Default,
    /// Only in advanced queries (Graph's `createdDateTime` on users).
    Advanced,
}

/// The query options of a request, each parsed, with the original text kept for the
/// next page's link.
#[derive(Debug, Default)]
pub struct ODataQuery {
    top: Option<i64>,
    skip_token: Option<String>,
    filter: Option<(String, Expr)>,
    search: Option<(String, Search)>,
    orderby: Option<(String, Vec<(String, Direction)>)>,
    select: Option<(String, Vec<String>)>,
    expand: Option<(String, Vec<Expand>)>,
    count: Option<bool>,
    /// The request has `ConsistencyLevel: eventual`.
    eventual: bool,
    path: String,
}

/// One item of `$expand`: a navigation property, with its own `$select`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expand {
    pub name: String,
    pub select: Option<Vec<String>>,
}

impl<S: Send + Sync> FromRequestParts<S> for ODataQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let eventual = parts.headers.get_all("consistencylevel").iter().any(|v| {
            v.to_str()
                .is_ok_and(|v| v.trim().eq_ignore_ascii_case("eventual"))
        });
        let raw = parts.uri.query().unwrap_or_default();
        ODataQuery::parse(parts.uri.path(), raw, eventual)
    }
}

impl ODataQuery {
    /// Reads the options of a query string (percent-encoded names and values alike).
    pub fn parse(path: &str, raw: &str, eventual: bool) -> Result<ODataQuery, ApiError> {
        let mut query = ODataQuery {
            eventual,
            path: path.to_owned(),
            ..ODataQuery::default()
        };
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            let key = key.to_ascii_lowercase();
            if !key.starts_with('$') {
                continue;
            }
            if seen.contains(&key) {
                return Err(ApiError::bad_request(format!(
                    "Query option '{key}' is given more than once."
                )));
            }
            seen.push(key.clone());
            let value = value.into_owned();
            match key.as_str() {
                "$top" => {
                    let top = value.trim().parse::<i64>().map_err(|_| {
                        ApiError::bad_request(format!(
                            "Invalid value '{value}' for $top: it must be an integer between 1 and 999."
                        ))
                    })?;
                    query.top = Some(top);
                }
                "$skiptoken" => query.skip_token = Some(value),
                "$filter" => {
                    let parsed = filter::parse_filter(&value).map_err(|why| {
                        ApiError::bad_request(format!("Invalid filter clause: {why}."))
                    })?;
                    query.filter = Some((value, parsed));
                }
                "$search" => {
                    let parsed = filter::parse_search(&value)
                        .map_err(|why| ApiError::bad_request(format!("Invalid $search: {why}.")))?;
                    query.search = Some((value, parsed));
                }
                "$orderby" => {
                    let parsed = parse_orderby(&value)?;
                    query.orderby = Some((value, parsed));
                }
                "$select" => {
                    let parsed = parse_names(&value, "$select")?;
                    query.select = Some((value, parsed));
                }
                "$expand" => {
                    let parsed = parse_expand(&value)?;
                    query.expand = Some((value, parsed));
                }
                "$count" => {
                    let count = match value.trim().to_ascii_lowercase().as_str() {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(ApiError::bad_request(format!(
                                "Invalid value '{value}' for $count: use true or false."
                            )));
                        }
                    };
                    query.count = Some(count);
                }
                other => {
                    return Err(ApiError::bad_request(format!(
                        "Query option '{other}' is not supported; the directory API takes \
                         $top, $skiptoken, $filter, $search, $orderby, $select, $count and, \
                         on a group, $expand=members."
                    )));
                }
            }
        }
        Ok(query)
    }

    /// Whether this is one of Graph's advanced queries: `ConsistencyLevel: eventual`
    /// with `$count=true` (or with `$search`, which needs no `$count`).
    fn advanced(&self) -> bool {
        self.eventual && (self.count == Some(true) || self.search.is_some())
    }

    /// The listing a collection request asks for, checked against the collection's
    /// schema. `sortable` is false where Graph supports no `$orderby` at all (a
    /// group's members, a user's groups).
    pub fn listing<F: Field>(
        &self,
        schema: &Schema<F>,
        sortable: bool,
    ) -> Result<Listing<F>, ApiError> {
        if self.expand.is_some() {
            return Err(ApiError::bad_request(format!(
                "$expand is not supported on a collection of {}s; read one object to expand it.",
                schema.entity
            )));
        }
        self.selection(schema)?;
        let filter = self.filter_of(schema, self.advanced())?;
        let sort = self.sort_of(schema, sortable)?;
        Ok(Listing {
            filter,
            sort,
            page: PageRequest {
                top: self.top,
                skip_token: self.skip_token.clone(),
            },
            // Without the header Graph ignores `$count=true` rather than refusing it.
            count: self.count == Some(true) && self.eventual,
        })
    }

    /// The filter of a `/$count` request: only `$filter` and `$search` may come
    /// with it, and Graph counts only with `ConsistencyLevel: eventual`.
    pub fn counting<F: Field>(&self, schema: &Schema<F>) -> Result<Option<Filter<F>>, ApiError> {
        if !self.eventual {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "Request_BadRequest",
                COUNT_NEEDS_EVENTUAL,
            ));
        }
        self.only(&["$filter", "$search"], "/$count")?;
        self.filter_of(schema, true)
    }

    /// The `$select` of a request for one object, which takes no other option
    /// (`expands` lists the navigation properties `$expand` may name, if any).
    pub fn entity<F: Field>(
        &self,
        schema: &Schema<F>,
        expands: &[&str],
    ) -> Result<Selection, ApiError> {
        let allowed: &[&str] = if expands.is_empty() {
            &["$select"]
        } else {
            &["$select", "$expand"]
        };
        self.only(allowed, &format!("a single {}", schema.entity))?;
        for item in self.expand.iter().flat_map(|(_, items)| items) {
            if !expands.iter().any(|e| e.eq_ignore_ascii_case(&item.name)) {
                return Err(ApiError::bad_request(format!(
                    "Could not find a navigation property named '{}' on type 'microsoft.graph.{}': \
                     $expand takes {}.",
                    item.name,
                    schema.entity,
                    expands.join(", ")
                )));
            }
        }
        self.selection(schema)
    }

    /// The `$select` of `$expand=name`, if the request expands it.
    pub fn expanded<F: Field>(
        &self,
        name: &str,
        schema: &Schema<F>,
    ) -> Result<Option<Selection>, ApiError> {
        let Some(item) = self
            .expand
            .iter()
            .flat_map(|(_, items)| items)
            .find(|item| item.name.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        let names = match &item.select {
            Some(names) => Some(select_names(schema, names)?),
            None => None,
        };
        Ok(Some(Selection {
            names,
            unkept_lists: schema.unkept_lists,
        }))
    }

    /// The request's `$select`, checked against the schema.
    pub fn selection<F: Field>(&self, schema: &Schema<F>) -> Result<Selection, ApiError> {
        let names = match &self.select {
            Some((_, names)) => Some(select_names(schema, names)?),
            None => None,
        };
        Ok(Selection {
            names,
            unkept_lists: schema.unkept_lists,
        })
    }

    /// Refuses every option but `allowed`, naming where.
    fn only(&self, allowed: &[&str], place: &str) -> Result<(), ApiError> {
        let given = [
            ("$top", self.top.is_some()),
            ("$skiptoken", self.skip_token.is_some()),
            ("$filter", self.filter.is_some()),
            ("$search", self.search.is_some()),
            ("$orderby", self.orderby.is_some()),
            ("$select", self.select.is_some()),
            ("$expand", self.expand.is_some()),
            ("$count", self.count.is_some()),
        ];
        for (option, present) in given {
            if present && !allowed.contains(&option) {
                let takes = if allowed.is_empty() {
                    "no query option".to_owned()
                } else {
                    allowed.join(" and ")
                };
                return Err(ApiError::bad_request(format!(
                    "Query option '{option}' is not supported on {place}, which takes {takes}."
                )));
            }
        }
        Ok(())
    }

    /// The page of a collection that takes no filter, sort or projection (the audit
    /// log): only `$top` and `$skiptoken`.
    pub fn page_only(&self, place: &str) -> Result<PageRequest, ApiError> {
        self.only(&["$top", "$skiptoken"], place)?;
        Ok(PageRequest {
            top: self.top,
            skip_token: self.skip_token.clone(),
        })
    }

    /// `$filter` and `$search` together as one filter tree.
    fn filter_of<F: Field>(
        &self,
        schema: &Schema<F>,
        advanced: bool,
    ) -> Result<Option<Filter<F>>, ApiError> {
        let mut needs = None;
        let filter = match &self.filter {
            Some((_, expr)) => Some(translate(schema, expr, &mut needs)?),
            None => None,
        };
        if let Some(why) = needs
            && !advanced
        {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "Request_UnsupportedQuery",
                format!(
                    "Unsupported Query. {why} in $filter is supported in advanced queries only: {ADVANCED}."
                ),
            ));
        }
        let search = match &self.search {
            Some((_, search)) => {
                if !self.eventual {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "Request_UnsupportedQuery",
                        SEARCH_NEEDS_EVENTUAL,
                    ));
                }
                Some(search_filter(schema, search)?)
            }
            None => None,
        };
        let both = Filter::both(filter, search);
        if let Some(filter) = &both
            && filter.terms() > MAX_TERMS
        {
            return Err(ApiError::bad_request(format!(
                "The query has {} comparisons; at most {MAX_TERMS} are taken.",
                filter.terms()
            )));
        }
        Ok(both)
    }

    fn sort_of<F: Field>(
        &self,
        schema: &Schema<F>,
        sortable: bool,
    ) -> Result<Option<Sort<F>>, ApiError> {
        let Some((_, keys)) = &self.orderby else {
            return Ok(None);
        };
        let unsupported = |message: String| {
            ApiError::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", message)
        };
        if !sortable {
            return Err(unsupported(format!(
                "{SORTING_NOT_SUPPORTED} This collection cannot be sorted."
            )));
        }
        let [(name, direction)] = keys.as_slice() else {
            return Err(unsupported(
                "Sorting by more than one property is not supported.".to_owned(),
            ));
        };
        let sortable_names = || {
            schema
                .properties
                .iter()
                .filter(|p| p.sort != Sorting::No)
                .map(|p| match p.sort {
                    Sorting::Advanced => format!("{} (advanced queries)", p.name),
                    _ => p.name.to_owned(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let found = schema
            .properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name) && p.sort != Sorting::No)
            .and_then(|p| match &p.holds {
                Holds::Field(field, _) => Some((p, *field)),
                Holds::Constant(_) => None,
            });
        let Some((property, field)) = found else {
            return Err(unsupported(format!(
                "Unsupported sort property '{name}' for '{}'. Sortable: {}.",
                schema.resource,
                sortable_names()
            )));
        };
        let advanced = self.advanced();
        if property.sort == Sorting::Advanced && !advanced {
            return Err(unsupported(format!(
                "Unsupported sort property '{}' for '{}'. Sorting by it is supported in advanced \
                 queries only: {ADVANCED}.",
                property.name, schema.resource
            )));
        }
        if !advanced && (self.filter.is_some() || *direction == Direction::Descending) {
            let what = if self.filter.is_some() {
                "$orderby with $filter"
            } else {
                "a descending $orderby"
            };
            return Err(unsupported(format!(
                "{SORTING_NOT_SUPPORTED} {what} is supported in advanced queries only: {ADVANCED}."
            )));
        }
        Ok(Some(Sort {
            field,
            direction: *direction,
        }))
    }

    /// The full URL of the next page: this request's options with the new cursor.
    fn next_link(&self, base_url: &str, skip_token: &str) -> String {
        let mut options = Vec::new();
        if let Some(top) = self.top {
            options.push(format!("$top={top}"));
        }
        for (name, option) in [
            ("$select", self.select.as_ref().map(|(raw, _)| raw)),
            ("$filter", self.filter.as_ref().map(|(raw, _)| raw)),
            ("$search", self.search.as_ref().map(|(raw, _)| raw)),
            ("$orderby", self.orderby.as_ref().map(|(raw, _)| raw)),
        ] {
            if let Some(raw) = option {
                options.push(format!("{name}={}", encode(raw)));
            }
        }
        if let Some(count) = self.count {
            options.push(format!("$count={count}"));
        }
        options.push(format!("$skiptoken={}", encode(skip_token)));
        format!("{base_url}{}?{}", self.path, options.join("&"))
    }
}

/// The properties `$select` keeps of each object; `None` keeps all.
#[derive(Clone, Debug)]
pub struct Selection {
    names: Option<Vec<&'static str>>,
    unkept_lists: &'static [&'static str],
}

impl Selection {
    /// Every property.
    pub fn all() -> Selection {
        Selection {
            names: None,
            unkept_lists: &[],
        }
    }

    /// The names selected, for `@odata.context`.
    fn names(&self) -> Option<&[&'static str]> {
        self.names.as_deref()
    }

    /// Whether `$select` names `name` (a property Graph returns only when asked for,
    /// such as `signInActivity`).
    pub fn names_explicitly(&self, name: &str) -> bool {
        self.names
            .as_ref()
            .is_some_and(|names| names.contains(&name))
    }

    /// Keeps the selected properties of a serialized object, and always its `id` and
    /// `@odata.type`; a selected Graph property Entente keeps no value of is `null`
    /// (`[]` for a collection), as Graph shows an unset one.
    pub fn project(&self, value: Value) -> Value {
        let Some(names) = &self.names else {
            return value;
        };
        let Value::Object(mut object) = value else {
            return value;
        };
        let mut kept = Map::new();
        for always in ["@odata.type", "id"] {
            if let Some(v) = object.remove(always) {
                kept.insert(always.to_owned(), v);
            }
        }
        for name in names {
            if kept.contains_key(*name) {
                continue;
            }
            let v = object.remove(*name).unwrap_or_else(|| {
                if self.unkept_lists.contains(name) {
                    json!([])
                } else {
                    Value::Null
                }
            });
            kept.insert((*name).to_owned(), v);
        }
        Value::Object(kept)
    }
}

/// A Graph collection: `@odata.context`, `@odata.count` when counted, `value` and,
/// when more follow, `@odata.nextLink` with the same options.
pub fn collection(
    state: &AppState,
    query: Option<&ODataQuery>,
    entity_set: &str,
    items: Vec<Value>,
    skip_token: Option<String>,
) -> Json<Value> {
    counted(state, query, entity_set, None, items, skip_token, None)
}

/// [`collection`] with `$select`'s projection applied, and the count when asked.
pub fn counted(
    state: &AppState,
    query: Option<&ODataQuery>,
    entity_set: &str,
    selection: Option<&Selection>,
    items: Vec<Value>,
    skip_token: Option<String>,
    count: Option<i64>,
) -> Json<Value> {
    let base = &state.services.settings.public_base_url;
    let items: Vec<Value> = match selection {
        Some(selection) => items.into_iter().map(|v| selection.project(v)).collect(),
        None => items,
    };
    let selected = selection
        .and_then(Selection::names)
        .map(|names| format!("({})", names.join(",")))
        .unwrap_or_default();
    let next_link = match (query, skip_token) {
        (Some(query), Some(token)) => Some(query.next_link(base, &token)),
        _ => None,
    };
    Json(super::to_value(Collection {
        context: format!("{base}/v1.0/$metadata#{entity_set}{selected}"),
        count,
        next_link,
        value: items,
    }))
}

/// A Graph collection as it is sent: `value` holds the objects (each as `$select`
/// left it), `@odata.nextLink` the next page's full URL when more follow.
#[derive(Serialize, ToSchema)]
pub struct Collection<T> {
    #[serde(rename = "@odata.context")]
    pub context: String,
    /// The number of objects that match, with `$count=true` and `ConsistencyLevel: eventual`.
    #[serde(rename = "@odata.count", skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(rename = "@odata.nextLink", skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
    pub value: Vec<T>,
}

/// The answer of a `/$count` segment: the number as `text/plain`, as Graph sends it.
pub fn count_response(count: i64) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"))],
        count.to_string(),
    )
        .into_response()
}

/// Percent-encodes a query value (spaces as `%20`).
fn encode(value: &str) -> String {
    // `byte_serialize` writes a space as `+` and a `+` as `%2B`: every `+` left is a space.
    url::form_urlencoded::byte_serialize(value.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

fn parse_names(text: &str, option: &str) -> Result<Vec<String>, ApiError> {
    let names: Vec<String> = text.split(',').map(|n| n.trim().to_owned()).collect();
    for name in &names {
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '@')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@'));
        if !valid {
            return Err(ApiError::bad_request(format!(
                "Invalid {option}: '{name}' is not a property name; list names separated by commas."
            )));
        }
    }
    Ok(names)
}

fn parse_orderby(text: &str) -> Result<Vec<(String, Direction)>, ApiError> {
    text.split(',')
        .map(|item| {
            let words: Vec<&str> = item.split_whitespace().collect();
            let direction = match words.get(1).map(|w| w.to_ascii_lowercase()) {
                None => Direction::Ascending,
                Some(w) if w == "asc" => Direction::Ascending,
                Some(w) if w == "desc" => Direction::Descending,
                Some(_) => Direction::Ascending,
            };
            let well_formed = (1..=2).contains(&words.len())
                && words.get(1).is_none_or(|w| {
                    w.eq_ignore_ascii_case("asc") || w.eq_ignore_ascii_case("desc")
                })
                && words[0]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !well_formed {
                return Err(ApiError::bad_request(format!(
                    "Invalid $orderby '{text}': write a property, then asc or desc."
                )));
            }
            Ok((words[0].to_owned(), direction))
        })
        .collect()
}

fn parse_expand(text: &str) -> Result<Vec<Expand>, ApiError> {
    let invalid = || {
        ApiError::bad_request(format!(
            "Invalid $expand '{text}': write a navigation property, optionally with \
             ($select=...), as in members($select=id,displayName)."
        ))
    };
    // Items are separated by commas outside parentheses.
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.checked_sub(1).ok_or_else(invalid)?,
            ',' if depth == 0 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err(invalid());
    }
    items.push(&text[start..]);
    items
        .into_iter()
        .map(|item| {
            let item = item.trim();
            let (name, options) = match item.split_once('(') {
                Some((name, rest)) => (
                    name.trim(),
                    Some(rest.strip_suffix(')').ok_or_else(invalid)?),
                ),
                None => (item, None),
            };
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(invalid());
            }
            let select = match options {
                None => None,
                Some(options) => {
                    let (key, value) = options.split_once('=').ok_or_else(invalid)?;
                    if !key.trim().eq_ignore_ascii_case("$select") {
                        return Err(ApiError::bad_request(format!(
                            "Invalid $expand '{text}': only $select may be nested in $expand."
                        )));
                    }
                    Some(parse_names(value, "$select")?)
                }
            };
            Ok(Expand {
                name: name.to_owned(),
                select,
            })
        })
        .collect()
}

/// The canonical names of a `$select` list; an unknown name is refused as Graph does.
fn select_names<F>(schema: &Schema<F>, names: &[String]) -> Result<Vec<&'static str>, ApiError> {
    names
        .iter()
        .map(|name| {
            schema
                .selectable
                .iter()
                .chain(schema.unkept)
                .chain(schema.unkept_lists)
                .find(|known| known.eq_ignore_ascii_case(name))
                .copied()
                .ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "Could not find a property named '{name}' on type 'microsoft.graph.{}'.",
                        schema.entity
                    ))
                })
        })
        .collect()
}

fn search_filter<F: Field>(schema: &Schema<F>, search: &Search) -> Result<Filter<F>, ApiError> {
    match search {
        Search::And(items) => Ok(Filter::And(
            items
                .iter()
                .map(|s| search_filter(schema, s))
                .collect::<Result<_, _>>()?,
        )),
        Search::Or(items) => Ok(Filter::Or(
            items
                .iter()
                .map(|s| search_filter(schema, s))
                .collect::<Result<_, _>>()?,
        )),
        Search::Term(name, text) => {
            let found = schema
                .properties
                .iter()
                .find(|p| p.search && p.name.eq_ignore_ascii_case(name));
            match found.map(|p| &p.holds) {
                Some(Holds::Field(field, _)) => Ok(Filter::Search(*field, text.clone())),
                _ => {
                    let searchable: Vec<&str> = schema
                        .properties
                        .iter()
                        .filter(|p| p.search)
                        .map(|p| p.name)
                        .collect();
                    Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "Request_UnsupportedQuery",
                        format!(
                            "Unsupported $search property '{name}' of resource '{}'; searchable: {}.",
                            schema.resource,
                            searchable.join(", ")
                        ),
                    ))
                }
            }
        }
    }
}

/// Turns a parsed `$filter` into the storage's filter tree over the schema's fields,
/// typing each literal; notes in `needs` the first construct that only advanced
/// queries allow (`not`, `ne`, comparisons with `null`).
fn translate<F: Field>(
    schema: &Schema<F>,
    expr: &Expr,
    needs: &mut Option<String>,
) -> Result<Filter<F>, ApiError> {
    match expr {
        Expr::And(items) => Ok(Filter::And(
            items
                .iter()
                .map(|e| translate(schema, e, needs))
                .collect::<Result<_, _>>()?,
        )),
        Expr::Or(items) => Ok(Filter::Or(
            items
                .iter()
                .map(|e| translate(schema, e, needs))
                .collect::<Result<_, _>>()?,
        )),
        Expr::Not(inner) => {
            note(needs, "not");
            Ok(Filter::Not(Box::new(translate(schema, inner, needs)?)))
        }
        Expr::Compare(name, op, value) => {
            let property = property(schema, name, op.name())?;
            if *value == filter::Value::Null {
                if !property.null || !matches!(op, Op::Eq | Op::Ne) {
                    return Err(unsupported_clause(
                        schema,
                        name,
                        &format!("{} null", op.name()),
                    ));
                }
                note(needs, &format!("{} null", op.name()));
            } else if *op == Op::Ne {
                note(needs, "ne");
            } else if *op != Op::Eq && !property.range {
                return Err(unsupported_clause(schema, name, op.name()));
            }
            let comparison = match op {
                Op::Eq => Comparison::Eq,
                Op::Ne => Comparison::Ne,
                Op::Gt => Comparison::Gt,
                Op::Ge => Comparison::Ge,
                Op::Lt => Comparison::Lt,
                Op::Le => Comparison::Le,
            };
            match &property.holds {
                Holds::Constant(constant) => {
                    let filter::Value::Bool(wanted) = value else {
                        return Err(wrong_type(property));
                    };
                    let equal = wanted == constant;
                    Ok(Filter::Constant(if *op == Op::Ne { !equal } else { equal }))
                }
                Holds::Field(field, kind) => Ok(Filter::Compare(
                    *field,
                    comparison,
                    literal(property, kind, value)?,
                )),
            }
        }
        Expr::In(name, values) => {
            let property = property(schema, name, "in")?;
            match &property.holds {
                Holds::Constant(constant) => Ok(Filter::Constant(
                    values.contains(&filter::Value::Bool(*constant)),
                )),
                Holds::Field(field, kind) => Ok(Filter::In(
                    *field,
                    values
                        .iter()
                        .map(|v| literal(property, kind, v))
                        .collect::<Result<_, _>>()?,
                )),
            }
        }
        Expr::Call(function, name, value) => {
            if function != "startswith" {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "Request_UnsupportedQuery",
                    format!(
                        "Unsupported function '{function}' in $filter; the supported one is \
                         startswith. {}",
                        supported(schema)
                    ),
                ));
            }
            let property = property(schema, name, "startswith")?;
            match (&property.holds, value) {
                (Holds::Field(field, Type::Text), filter::Value::String(prefix))
                    if property.starts_with =>
                {
                    Ok(Filter::StartsWith(*field, prefix.clone()))
                }
                (_, filter::Value::String(_)) | (Holds::Constant(_), _) => {
                    Err(unsupported_clause(schema, name, "startswith"))
                }
                _ => Err(wrong_type(property)),
            }
        }
    }
}

/// Notes the first construct of a filter that only advanced queries allow.
fn note(needs: &mut Option<String>, why: &str) {
    if needs.is_none() {
        *needs = Some(why.to_owned());
    }
}

fn property<'s, F>(
    schema: &'s Schema<F>,
    name: &str,
    operation: &str,
) -> Result<&'s Property<F>, ApiError> {
    schema
        .properties
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| unsupported_clause(schema, name, operation))
}

fn unsupported_clause<F>(schema: &Schema<F>, name: &str, operation: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "Request_UnsupportedQuery",
        format!(
            "Unsupported or invalid query filter clause specified for property '{name}' of \
             resource '{}' ({operation}). {}",
            schema.resource,
            supported(schema)
        ),
    )
}

/// What a collection's `$filter` supports, property by property.
fn supported<F>(schema: &Schema<F>) -> String {
    let items: Vec<String> = schema
        .properties
        .iter()
        .map(|p| {
            let mut ops = vec!["eq", "ne", "in"];
            if p.starts_with {
                ops.push("startswith");
            }
            if p.range {
                ops.extend(["gt", "ge", "lt", "le"]);
            }
            if p.null {
                ops.push("eq null");
            }
            format!("{} ({})", p.name, ops.join(", "))
        })
        .collect();
    format!(
        "Supported on {}s: {}; joined by and, or, not and parentheses (ne, not and null \
         only in advanced queries).",
        schema.entity,
        items.join(", ")
    )
}

fn wrong_type<F>(property: &Property<F>) -> ApiError {
    let wants = match &property.holds {
        Holds::Constant(_) | Holds::Field(_, Type::Bool) => "true or false".to_owned(),
        Holds::Field(_, Type::Text) => "a string in single quotes".to_owned(),
        Holds::Field(_, Type::Enum(names)) => names
            .iter()
            .map(|n| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(" or "),
        Holds::Field(_, Type::Id) => "an object id".to_owned(),
        Holds::Field(_, Type::DateTime) => "a date-time such as 2024-05-01T00:00:00Z".to_owned(),
    };
    ApiError::bad_request(format!(
        "Invalid value for {} in $filter: it takes {wants}.",
        property.name
    ))
}

/// Types a filter's literal as the property holds it.
fn literal<F>(
    property: &Property<F>,
    kind: &Type,
    value: &filter::Value,
) -> Result<Literal, ApiError> {
    use filter::Value as V;
    Ok(match (kind, value) {
        (_, V::Null) => Literal::Null,
        (Type::Text, V::String(text)) => Literal::Text(text.clone()),
        (Type::Enum(names), V::String(text)) => {
            match names.iter().find(|n| n.eq_ignore_ascii_case(text)) {
                Some(name) => Literal::Text((*name).to_owned()),
                None => return Err(wrong_type(property)),
            }
        }
        (Type::Bool, V::Bool(flag)) => Literal::Bool(*flag),
        (Type::Id, V::Guid(id)) => Literal::Id(*id),
        (Type::Id, V::String(text)) => match text.parse::<Uuid>() {
            Ok(id) => Literal::Id(id),
            Err(_) => {
                return Err(ApiError::bad_request(format!(
                    "Invalid object identifier '{text}'."
                )));
            }
        },
        (Type::DateTime, V::DateTime(at)) => Literal::Int(*at),
        (Type::DateTime, V::String(text)) => match OffsetDateTime::parse(text, &Rfc3339) {
            Ok(at) => Literal::Int(at.unix_timestamp()),
            Err(_) => return Err(wrong_type(property)),
        },
        _ => return Err(wrong_type(property)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum T {
        Name,
        Kind,
        On,
        At,
    }

    impl Field for T {
        fn column(self) -> entente_storage::Column {
            unreachable!("no storage in these tests")
        }
    }

    const PROPERTIES: &[Property<T>] = &[
        Property {
            starts_with: true,
            sort: Sorting::Default,
            search: true,
            null: true,
            ..Property::equality("displayName", Holds::Field(T::Name, Type::Text))
        },
        Property::equality(
            "kind",
            Holds::Field(T::Kind, Type::Enum(&["Guest", "Member"])),
        ),
        Property::equality("on", Holds::Field(T::On, Type::Bool)),
        Property {
            range: true,
            sort: Sorting::Advanced,
            ..Property::equality("at", Holds::Field(T::At, Type::DateTime))
        },
        Property::equality("securityEnabled", Holds::Constant(true)),
    ];

    const SCHEMA: Schema<T> = Schema {
        entity: "thing",
        resource: "Thing",
        properties: PROPERTIES,
        selectable: &["id", "displayName", "kind"],
        unkept: &["givenName"],
        unkept_lists: &["businessPhones"],
    };

    fn query(raw: &str, eventual: bool) -> Result<ODataQuery, ApiError> {
        ODataQuery::parse("/v1.0/things", raw, eventual)
    }

    fn listing(raw: &str, eventual: bool) -> Result<Listing<T>, ApiError> {
        query(raw, eventual)?.listing(&SCHEMA, true)
    }

    fn error(result: Result<Listing<T>, ApiError>) -> (&'static str, String) {
        let error = result.expect_err("refused");
        (error.code, error.message)
    }

    #[test]
    fn percent_encoded_option_names_are_the_same_options() {
        let plain = listing("$filter=kind eq 'guest'&$top=5", false).unwrap();
        let encoded = listing("%24filter=kind%20eq%20%27guest%27&%24top=5", false).unwrap();
        assert_eq!(plain.filter, encoded.filter);
        assert_eq!(
            plain.filter,
            Some(Filter::Compare(
                T::Kind,
                Comparison::Eq,
                Literal::Text("Guest".into())
            ))
        );
        assert_eq!(encoded.page.top, Some(5));
    }

    #[test]
    fn literals_are_typed_by_the_property() {
        let filter = listing(
            "$filter=on eq false and at ge 2024-05-01T00:00:00Z and securityEnabled eq false",
            false,
        )
        .unwrap()
        .filter;
        assert_eq!(
            filter,
            Some(Filter::And(vec![
                Filter::Compare(T::On, Comparison::Eq, Literal::Bool(false)),
                Filter::Compare(T::At, Comparison::Ge, Literal::Int(1_714_521_600)),
                Filter::Constant(false),
            ]))
        );
        for bad in [
            "on eq 'x'",
            "kind eq 'Robot'",
            "at ge 'yesterday'",
            "displayName eq true",
        ] {
            let (code, message) = error(listing(&format!("$filter={bad}"), false));
            assert_eq!(code, "BadRequest", "{bad}");
            assert!(message.contains("Invalid value for"), "{bad}: {message}");
        }
    }

    #[test]
    fn unsupported_properties_and_operators_name_what_is_supported() {
        for bad in [
            "jobTitle eq 'x'",
            "kind ge 'Guest'",
            "startswith(kind,'G')",
            "endswith(displayName,'x')",
        ] {
            let (code, message) = error(listing(&format!("$filter={bad}"), false));
            assert_eq!(code, "Request_UnsupportedQuery", "{bad}");
            assert!(
                message.contains("displayName (eq, ne, in, startswith, eq null)"),
                "{bad}: {message}"
            );
        }
    }

    #[test]
    fn advanced_only_constructs_need_the_header_and_count() {
        for filter in ["not(on eq true)", "kind ne 'Guest'", "displayName eq null"] {
            let (code, message) = error(listing(&format!("$filter={filter}"), false));
            assert_eq!(code, "Request_UnsupportedQuery", "{filter}");
            assert!(message.starts_with("Unsupported Query."), "{message}");
            assert!(listing(&format!("$filter={filter}&$count=true"), false).is_err());
            assert!(listing(&format!("$filter={filter}"), true).is_err());
            assert!(listing(&format!("$filter={filter}&$count=true"), true).is_ok());
        }
    }

    #[test]
    fn sorting_follows_graphs_rules() {
        let sort = listing("$orderby=displayName", false).unwrap().sort;
        assert_eq!(
            sort,
            Some(Sort {
                field: T::Name,
                direction: Direction::Ascending
            })
        );
        let (code, message) = error(listing("$orderby=displayName&$filter=on eq true", false));
        assert_eq!(code, "Request_UnsupportedQuery");
        assert!(message.starts_with(SORTING_NOT_SUPPORTED), "{message}");
        assert!(listing("$orderby=displayName&$filter=on eq true&$count=true", true).is_ok());
        let (_, message) = error(listing("$orderby=at desc", false));
        assert!(
            message.starts_with("Unsupported sort property 'at' for 'Thing'."),
            "{message}"
        );
        assert_eq!(
            listing("$orderby=at desc&$count=true", true).unwrap().sort,
            Some(Sort {
                field: T::At,
                direction: Direction::Descending
            })
        );
        let (_, message) = error(listing("$orderby=kind", true));
        assert!(
            message.contains("Sortable: displayName, at (advanced queries)"),
            "{message}"
        );
        assert!(listing("$orderby=displayName,at", true).is_err());
        assert!(listing("$orderby=displayName sideways", true).is_err());
    }

    #[test]
    fn count_is_ignored_without_the_header_as_graph_does() {
        assert!(!listing("$count=true", false).unwrap().count);
        assert!(listing("$count=true", true).unwrap().count);
        assert!(!listing("", true).unwrap().count);
        let count = query("", false).unwrap().counting(&SCHEMA).unwrap_err();
        assert_eq!(
            (count.code, count.message.as_str()),
            ("Request_BadRequest", COUNT_NEEDS_EVENTUAL)
        );
        assert!(query("$top=5", true).unwrap().counting(&SCHEMA).is_err());
        assert!(
            query("$filter=on eq true", true)
                .unwrap()
                .counting(&SCHEMA)
                .is_ok()
        );
    }

    #[test]
    fn search_needs_the_header_and_searchable_properties() {
        let (code, message) = error(listing("$search=\"displayName:al\"", false));
        assert_eq!(code, "Request_UnsupportedQuery");
        assert_eq!(message, SEARCH_NEEDS_EVENTUAL);
        assert_eq!(
            listing("$search=\"displayName:al\"", true).unwrap().filter,
            Some(Filter::Search(T::Name, "al".into()))
        );
        let (_, message) = error(listing("$search=\"kind:al\"", true));
        assert!(message.contains("searchable: displayName"), "{message}");
    }

    #[test]
    fn select_keeps_id_and_answers_unkept_properties_empty() {
        let selection = query("$select=DISPLAYNAME,givenName,businessPhones", false)
            .unwrap()
            .selection(&SCHEMA)
            .unwrap();
        let projected = selection.project(json!({
            "id": "1", "@odata.type": "#microsoft.graph.thing", "displayName": "A", "kind": "Guest"
        }));
        assert_eq!(
            projected,
            json!({ "id": "1", "@odata.type": "#microsoft.graph.thing", "displayName": "A",
                    "givenName": null, "businessPhones": [] })
        );
        let error = query("$select=id,nope", false)
            .unwrap()
            .selection(&SCHEMA)
            .unwrap_err();
        assert_eq!(
            error.message,
            "Could not find a property named 'nope' on type 'microsoft.graph.thing'."
        );
    }

    #[test]
    fn next_links_keep_every_option_and_encode_values() {
        let query = query(
            "%24select=id,displayName&$filter=startswith(displayName,'a b')&$top=2&$count=true",
            true,
        )
        .unwrap();
        assert_eq!(
            query.next_link("https://e.example", "t61.x"),
            "https://e.example/v1.0/things?$top=2&$select=id%2CdisplayName\
             &$filter=startswith%28displayName%2C%27a%20b%27%29&$count=true&$skiptoken=t61.x"
        );
    }

    #[test]
    fn unknown_and_repeated_options_are_refused() {
        for bad in [
            "$skip=2",
            "$format=json",
            "$top=1&$top=2",
            "$count=yes",
            "$expand=members(",
            "$select=a b",
        ] {
            assert!(query(bad, false).is_err(), "{bad}");
        }
        assert!(listing("$expand=members", false).is_err());
        // Options without `$` are not OData options and are left alone.
        assert!(query("api-version=2", false).is_ok());
    }
}
