//! SCIM's query parameters: a `filter` becomes the shared collection query's
//! [`Filter`] tree (never SQL of its own: every field it names is an indexed column),
//! and `attributes`/`excludedAttributes` trim the resources returned.

use entente_storage::{Comparison, Filter, GroupField, Literal, UserField};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::filter::{self, AttrPath, CompValue, CompareOp, Expr};
use super::{ENTERPRISE, GROUP, ScimError, USER};

/// What a filter names, for one resource type.
pub(crate) trait Fields: Copy + Sized {
    /// The core schema's URN (a path may carry it).
    const CORE: &'static str;
    /// The filter on `attr op value`, or why it cannot be.
    fn compare(
        attr: &AttrPath,
        op: CompareOp,
        value: &CompValue,
    ) -> Result<Filter<Self>, ScimError>;
    /// `attr pr`.
    fn present(attr: &AttrPath) -> Result<Filter<Self>, ScimError>;
    /// `attr[inner]` (a value filter on a multi-valued attribute).
    fn value_path(attr: &AttrPath, inner: &Expr) -> Result<Filter<Self>, ScimError>;
}

/// Parses a `filter` parameter into the query's filter over `F`.
pub(crate) fn parse<F: Fields>(text: &str) -> Result<Filter<F>, ScimError> {
    let expr = filter::parse_filter(text).map_err(|e| ScimError::invalid_filter(e.to_string()))?;
    tree::<F>(&expr)
}

fn tree<F: Fields>(expr: &Expr) -> Result<Filter<F>, ScimError> {
    Ok(match expr {
        Expr::And(a, b) => Filter::And(vec![tree(a)?, tree(b)?]),
        Expr::Or(a, b) => Filter::Or(vec![tree(a)?, tree(b)?]),
        Expr::Not(inner) => Filter::Not(Box::new(tree(inner)?)),
        Expr::Present(attr) => F::present(&core(attr, F::CORE)?)?,
        Expr::Compare(attr, op, value) => F::compare(&core(attr, F::CORE)?, *op, value)?,
        Expr::ValuePath(attr, inner) => F::value_path(&core(attr, F::CORE)?, inner)?,
    })
}

/// The path without its schema when that is the core one; another schema's
/// attributes are not filtered on.
fn core(attr: &AttrPath, core: &str) -> Result<AttrPath, ScimError> {
    match &attr.uri {
        None => Ok(attr.clone()),
        Some(uri) if uri.eq_ignore_ascii_case(core) => Ok(AttrPath {
            uri: None,
            ..attr.clone()
        }),
        Some(uri) => Err(ScimError::invalid_filter(format!(
            "filtering on the attributes of {uri} is not supported"
        ))),
    }
}

fn is(attr: &AttrPath, name: &str, sub: Option<&str>) -> bool {
    attr.name.eq_ignore_ascii_case(name)
        && match (&attr.sub, sub) {
            (None, None) => true,
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        }
}

fn unsupported<T>(attr: &AttrPath, what: &str) -> Result<T, ScimError> {
    let name = match &attr.sub {
        Some(sub) => format!("{}.{sub}", attr.name),
        None => attr.name.clone(),
    };
    Err(ScimError::invalid_filter(format!(
        "{what} on {name} is not supported"
    )))
}

fn text(attr: &AttrPath, value: &CompValue) -> Result<String, ScimError> {
    match value {
        CompValue::Str(s) => Ok(s.clone()),
        _ => unsupported(attr, "a value other than a string"),
    }
}

/// A text attribute held case-folded (`userName`, `displayName`, the mail): `eq`,
/// `ne`, `sw`, `co`, and the orderings.
fn folded<F: Copy>(
    attr: &AttrPath,
    field: F,
    contains: Option<F>,
    op: CompareOp,
    value: &CompValue,
) -> Result<Filter<F>, ScimError> {
    if *value == CompValue::Null {
        return match op {
            CompareOp::Eq => Ok(Filter::eq(field, Literal::Null)),
            CompareOp::Ne => Ok(Filter::Not(Box::new(Filter::eq(field, Literal::Null)))),
            _ => unsupported(attr, "this comparison with null"),
        };
    }
    let value = text(attr, value)?;
    let literal = Literal::Text(value.clone());
    Ok(match op {
        CompareOp::Eq => Filter::eq(field, literal),
        CompareOp::Ne => Filter::Not(Box::new(Filter::eq(field, literal))),
        CompareOp::Sw => Filter::StartsWith(field, value),
        CompareOp::Co => match contains {
            // The trigram index finds the candidates; the field's own text decides.
            Some(text) => Filter::And(vec![
                Filter::Contains(text, value.clone()),
                Filter::Contains(field, value),
            ]),
            None => Filter::Contains(field, value),
        },
        CompareOp::Gt => Filter::Compare(field, Comparison::Gt, literal),
        CompareOp::Ge => Filter::Compare(field, Comparison::Ge, literal),
        CompareOp::Lt => Filter::Compare(field, Comparison::Lt, literal),
        CompareOp::Le => Filter::Compare(field, Comparison::Le, literal),
        CompareOp::Ew => return unsupported(attr, "ew"),
    })
}

/// An exact text (`externalId`): `eq`, `ne`, `sw`.
fn exact<F: Copy>(
    attr: &AttrPath,
    field: F,
    op: CompareOp,
    value: &CompValue,
) -> Result<Filter<F>, ScimError> {
    let literal = match value {
        CompValue::Null => Literal::Null,
        _ => Literal::Text(text(attr, value)?),
    };
    Ok(match (op, literal) {
        (CompareOp::Eq, literal) => Filter::eq(field, literal),
        (CompareOp::Ne, literal) => Filter::Not(Box::new(Filter::eq(field, literal))),
        (CompareOp::Sw, Literal::Text(prefix)) => Filter::StartsWith(field, prefix),
        _ => return unsupported(attr, "this comparison"),
    })
}

/// A time (`meta.created`, `meta.lastModified`) compared with an RFC 3339 text, in
/// whole seconds as Entente keeps them.
fn time<F: Copy>(
    attr: &AttrPath,
    field: F,
    op: CompareOp,
    value: &CompValue,
) -> Result<Filter<F>, ScimError> {
    let text = text(attr, value)?;
    let at = OffsetDateTime::parse(&text, &Rfc3339)
        .map_err(|_| ScimError::invalid_filter(format!("{text:?} is not an RFC 3339 time")))?
        .unix_timestamp();
    let comparison = match op {
        CompareOp::Eq => Comparison::Eq,
        CompareOp::Gt => Comparison::Gt,
        CompareOp::Ge => Comparison::Ge,
        CompareOp::Lt => Comparison::Lt,
        CompareOp::Le => Comparison::Le,
        CompareOp::Ne => {
            return Ok(Filter::Not(Box::new(Filter::eq(field, Literal::Int(at)))));
        }
        _ => return unsupported(attr, "this comparison"),
    };
    Ok(Filter::Compare(field, comparison, Literal::Int(at)))
}

fn id<F: Copy>(
    attr: &AttrPath,
    field: F,
    op: CompareOp,
    value: &CompValue,
) -> Result<Filter<F>, ScimError> {
    let text = text(attr, value)?;
    let matched = match text.parse::<uuid::Uuid>() {
        Ok(id) => Filter::eq(field, Literal::Id(id)),
        // No resource has such an id.
        Err(_) => Filter::Constant(false),
    };
    match op {
        CompareOp::Eq => Ok(matched),
        CompareOp::Ne => Ok(Filter::Not(Box::new(matched))),
        _ => unsupported(attr, "this comparison"),
    }
}

fn boolean(attr: &AttrPath, value: &CompValue) -> Result<bool, ScimError> {
    match value {
        CompValue::Bool(b) => Ok(*b),
        CompValue::Str(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        CompValue::Str(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => unsupported(attr, "a value other than true or false"),
    }
}

impl Fields for UserField {
    const CORE: &'static str = USER;

    fn compare(
        attr: &AttrPath,
        op: CompareOp,
        value: &CompValue,
    ) -> Result<Filter<Self>, ScimError> {
        if is(attr, "userName", None) {
            folded(
                attr,
                UserField::UserPrincipalName,
                Some(UserField::Text),
                op,
                value,
            )
        } else if is(attr, "displayName", None) {
            folded(
                attr,
                UserField::DisplayName,
                Some(UserField::Text),
                op,
                value,
            )
        } else if is(attr, "emails", None) || is(attr, "emails", Some("value")) {
            folded(attr, UserField::Mail, Some(UserField::Text), op, value)
        } else if is(attr, "externalId", None) {
            exact(attr, UserField::ExternalId, op, value)
        } else if is(attr, "id", None) {
            id(attr, UserField::Id, op, value)
        } else if is(attr, "active", None) {
            let wanted = boolean(attr, value)?;
            match op {
                CompareOp::Eq => Ok(Filter::eq(UserField::AccountEnabled, Literal::Bool(wanted))),
                CompareOp::Ne => Ok(Filter::eq(
                    UserField::AccountEnabled,
                    Literal::Bool(!wanted),
                )),
                _ => unsupported(attr, "this comparison"),
            }
        } else if is(attr, "userType", None) {
            let kind = text(attr, value)?;
            let kind = if kind.eq_ignore_ascii_case("guest") {
                "Guest"
            } else if kind.eq_ignore_ascii_case("member") {
                "Member"
            } else {
                return Ok(Filter::Constant(op == CompareOp::Ne));
            };
            let matched = Filter::eq(UserField::UserType, Literal::Text(kind.into()));
            match op {
                CompareOp::Eq => Ok(matched),
                CompareOp::Ne => Ok(Filter::Not(Box::new(matched))),
                _ => unsupported(attr, "this comparison"),
            }
        } else if is(attr, "meta", Some("lastModified")) {
            time(attr, UserField::UpdatedAt, op, value)
        } else if is(attr, "meta", Some("created")) {
            time(attr, UserField::CreatedAt, op, value)
        } else {
            unsupported(attr, "filtering")
        }
    }

    fn present(attr: &AttrPath) -> Result<Filter<Self>, ScimError> {
        let not_null = |field| Ok(Filter::Not(Box::new(Filter::eq(field, Literal::Null))));
        if is(attr, "emails", None) || is(attr, "emails", Some("value")) {
            not_null(UserField::Mail)
        } else if is(attr, "externalId", None) {
            not_null(UserField::ExternalId)
        } else if [
            "userName",
            "displayName",
            "id",
            "active",
            "userType",
            "meta",
        ]
        .iter()
        .any(|name| attr.name.eq_ignore_ascii_case(name))
        {
            // Every user has these.
            Ok(Filter::Constant(true))
        } else {
            unsupported(attr, "pr")
        }
    }

    fn value_path(attr: &AttrPath, inner: &Expr) -> Result<Filter<Self>, ScimError> {
        if !is(attr, "emails", None) {
            return unsupported(attr, "a value filter");
        }
        email_filter(inner)
    }
}

/// A filter inside `emails[...]`: on `value` (the mail), and on `type`, which is
/// `work` for the one address Entente keeps (`primary` is true for it).
fn email_filter(expr: &Expr) -> Result<Filter<UserField>, ScimError> {
    Ok(match expr {
        Expr::And(a, b) => Filter::And(vec![email_filter(a)?, email_filter(b)?]),
        Expr::Or(a, b) => Filter::Or(vec![email_filter(a)?, email_filter(b)?]),
        Expr::Not(inner) => Filter::Not(Box::new(email_filter(inner)?)),
        Expr::Present(attr) if is(attr, "value", None) => {
            Filter::Not(Box::new(Filter::eq(UserField::Mail, Literal::Null)))
        }
        Expr::Compare(attr, op, value) if is(attr, "value", None) => {
            folded(attr, UserField::Mail, Some(UserField::Text), *op, value)?
        }
        Expr::Compare(attr, CompareOp::Eq, CompValue::Str(kind)) if is(attr, "type", None) => {
            if kind.eq_ignore_ascii_case("work") {
                Filter::Not(Box::new(Filter::eq(UserField::Mail, Literal::Null)))
            } else {
                Filter::Constant(false)
            }
        }
        Expr::Compare(attr, CompareOp::Eq, CompValue::Bool(primary))
            if is(attr, "primary", None) =>
        {
            if *primary {
                Filter::Not(Box::new(Filter::eq(UserField::Mail, Literal::Null)))
            } else {
                Filter::Constant(false)
            }
        }
        Expr::Compare(attr, ..) | Expr::Present(attr) | Expr::ValuePath(attr, _) => {
            return unsupported(attr, "this filter of emails");
        }
    })
}

impl Fields for GroupField {
    const CORE: &'static str = GROUP;

    fn compare(
        attr: &AttrPath,
        op: CompareOp,
        value: &CompValue,
    ) -> Result<Filter<Self>, ScimError> {
        if is(attr, "displayName", None) {
            folded(attr, GroupField::DisplayName, None, op, value)
        } else if is(attr, "externalId", None) {
            exact(attr, GroupField::ExternalId, op, value)
        } else if is(attr, "id", None) {
            id(attr, GroupField::Id, op, value)
        } else if is(attr, "meta", Some("lastModified")) {
            time(attr, GroupField::UpdatedAt, op, value)
        } else if is(attr, "meta", Some("created")) {
            time(attr, GroupField::CreatedAt, op, value)
        } else {
            unsupported(attr, "filtering")
        }
    }

    fn present(attr: &AttrPath) -> Result<Filter<Self>, ScimError> {
        if is(attr, "externalId", None) {
            Ok(Filter::Not(Box::new(Filter::eq(
                GroupField::ExternalId,
                Literal::Null,
            ))))
        } else if ["displayName", "id", "meta"]
            .iter()
            .any(|name| attr.name.eq_ignore_ascii_case(name))
        {
            Ok(Filter::Constant(true))
        } else {
            unsupported(attr, "pr")
        }
    }

    fn value_path(attr: &AttrPath, _: &Expr) -> Result<Filter<Self>, ScimError> {
        unsupported(attr, "a value filter")
    }
}

/// `attributes` / `excludedAttributes` (RFC 7644 section 3.4.2.5): the names asked
/// for (or left out), each `name`, `name.sub`, or with its schema's URN.
#[derive(Clone, Debug, Default)]
pub(crate) struct Projection {
    pub attributes: Vec<String>,
    pub excluded: Vec<String>,
}

impl Projection {
    pub fn new(attributes: Option<&str>, excluded: Option<&str>) -> Projection {
        let split = |text: Option<&str>| -> Vec<String> {
            text.unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        Projection {
            attributes: split(attributes),
            excluded: split(excluded),
        }
    }

    /// Whether the resource's `name` (top level) is wanted at all: to skip reading
    /// what would be cut (a group's members).
    pub fn wants(&self, name: &str) -> bool {
        let named = |list: &[String]| {
            list.iter().any(|a| {
                let (_, path) = split_urn(a);
                path.split('.')
                    .next()
                    .is_some_and(|top| top.eq_ignore_ascii_case(name))
            })
        };
        if !self.attributes.is_empty() {
            return named(&self.attributes);
        }
        !named(&self.excluded)
    }

    /// Trims a resource: `id`, `schemas` and `meta`'s `resourceType` always stay.
    pub fn apply(&self, resource: &mut Value, extensions: &[&str]) {
        let Some(map) = resource.as_object_mut() else {
            return;
        };
        const ALWAYS: [&str; 2] = ["id", "schemas"];
        if !self.attributes.is_empty() {
            let mut kept = serde_json::Map::new();
            for (key, value) in map.iter() {
                if ALWAYS.contains(&key.as_str()) {
                    kept.insert(key.clone(), value.clone());
                    continue;
                }
                let is_extension = extensions.iter().any(|u| u.eq_ignore_ascii_case(key));
                let mut value = value.clone();
                let wanted = if is_extension {
                    // Kept: the extension's attributes that are named.
                    let names: Vec<&str> = self
                        .attributes
                        .iter()
                        .filter_map(|a| {
                            let (urn, path) = split_urn(a);
                            urn.filter(|u| u.eq_ignore_ascii_case(key)).map(|_| path)
                        })
                        .collect();
                    if names.iter().any(|n| n.is_empty()) {
                        true
                    } else if let Some(inner) = value.as_object_mut() {
                        inner.retain(|k, _| names.iter().any(|n| n.eq_ignore_ascii_case(k)));
                        !inner.is_empty()
                    } else {
                        false
                    }
                } else {
                    let subs: Vec<Option<&str>> = self
                        .attributes
                        .iter()
                        .filter_map(|a| core_path(a, extensions))
                        .filter_map(|(top, sub)| top.eq_ignore_ascii_case(key).then_some(sub))
                        .collect();
                    if subs.is_empty() {
                        false
                    } else if subs.contains(&None) {
                        true
                    } else {
                        keep_subs(&mut value, &subs);
                        true
                    }
                };
                if wanted {
                    kept.insert(key.clone(), value);
                }
            }
            *map = kept;
            return;
        }
        for name in &self.excluded {
            let (urn, path) = split_urn(name);
            if let Some(urn) = urn.filter(|u| extensions.iter().any(|e| e.eq_ignore_ascii_case(u)))
            {
                let key = map.keys().find(|k| k.eq_ignore_ascii_case(urn)).cloned();
                if let Some(key) = key {
                    if path.is_empty() {
                        map.remove(&key);
                    } else if let Some(inner) = map.get_mut(&key).and_then(Value::as_object_mut) {
                        inner.retain(|k, _| !k.eq_ignore_ascii_case(path));
                    }
                }
                continue;
            }
            let Some((top, sub)) = core_path(name, extensions) else {
                continue;
            };
            if ALWAYS.iter().any(|a| a.eq_ignore_ascii_case(top)) {
                continue;
            }
            let key = map.keys().find(|k| k.eq_ignore_ascii_case(top)).cloned();
            let Some(key) = key else { continue };
            match sub {
                None => {
                    map.remove(&key);
                }
                Some(sub) => match map.get_mut(&key) {
                    Some(Value::Object(inner)) => inner.retain(|k, _| !k.eq_ignore_ascii_case(sub)),
                    Some(Value::Array(items)) => {
                        for item in items.iter_mut().filter_map(Value::as_object_mut) {
                            item.retain(|k, _| !k.eq_ignore_ascii_case(sub));
                        }
                    }
                    _ => {}
                },
            }
        }
    }
}

/// A name's schema URN (up to its last `:`) and the rest; no URN for a plain name.
fn split_urn(name: &str) -> (Option<&str>, &str) {
    if name.len() > 4 && name[..4].eq_ignore_ascii_case("urn:") {
        // A bare extension URN names the whole extension.
        if [ENTERPRISE].iter().any(|e| e.eq_ignore_ascii_case(name)) {
            return (Some(name), "");
        }
        if let Some((urn, rest)) = name.rsplit_once(':') {
            return (Some(urn), rest);
        }
    }
    (None, name)
}

/// A core attribute's name and sub-attribute (`name.givenName`), the core schema's
/// URN dropped; `None` for an extension's.
fn core_path<'a>(name: &'a str, extensions: &[&str]) -> Option<(&'a str, Option<&'a str>)> {
    let (urn, path) = split_urn(name);
    if urn.is_some_and(|u| extensions.iter().any(|e| e.eq_ignore_ascii_case(u))) {
        return None;
    }
    Some(match path.split_once('.') {
        Some((top, sub)) => (top, Some(sub)),
        None => (path, None),
    })
}

/// Keeps only the named sub-attributes of a complex value (or of each of its values).
fn keep_subs(value: &mut Value, subs: &[Option<&str>]) {
    let keep = |map: &mut serde_json::Map<String, Value>| {
        map.retain(|k, _| subs.iter().flatten().any(|s| s.eq_ignore_ascii_case(k)));
    };
    match value {
        Value::Object(map) => keep(map),
        Value::Array(items) => {
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                keep(item);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_become_the_collection_query() {
        let user = |text: &str| parse::<UserField>(text);
        assert_eq!(
            user("userName eq \"Ann@X.com\"").expect("parses"),
            Filter::eq(
                UserField::UserPrincipalName,
                Literal::Text("Ann@X.com".into())
            )
        );
        assert_eq!(
            user("emails[type eq \"work\"].value eq \"a@x\"").expect("Entra's form parses"),
            user("emails[type eq \"work\" and value eq \"a@x\"]").expect("parses"),
        );
        assert_eq!(
            user("emails[type eq \"work\" and value eq \"a@x\"]").expect("parses"),
            Filter::And(vec![
                Filter::Not(Box::new(Filter::eq(UserField::Mail, Literal::Null))),
                Filter::eq(UserField::Mail, Literal::Text("a@x".into())),
            ])
        );
        assert_eq!(
            user("externalId eq \"E1\" and active eq \"False\"").expect("parses"),
            Filter::And(vec![
                Filter::eq(UserField::ExternalId, Literal::Text("E1".into())),
                Filter::eq(UserField::AccountEnabled, Literal::Bool(false)),
            ])
        );
        assert_eq!(
            user("meta.lastModified gt \"2026-12-07T10:00:00Z\"").expect("parses"),
            Filter::Compare(
                UserField::UpdatedAt,
                Comparison::Gt,
                Literal::Int(1_796_637_600)
            )
        );
        assert_eq!(
            user("not (urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"a\")")
                .expect("parses"),
            Filter::Not(Box::new(Filter::StartsWith(
                UserField::UserPrincipalName,
                "a".into()
            )))
        );
        assert_eq!(
            user("id eq \"nope\"").expect("parses"),
            Filter::Constant(false)
        );
        for refused in [
            "title eq \"x\"",
            "userName ew \"x\"",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"x\"",
            "userName eq",
            "active gt true",
        ] {
            let error = user(refused)
                .err()
                .unwrap_or_else(|| panic!("{refused} parsed"));
            assert_eq!(error.scim_type, Some("invalidFilter"), "{refused}");
        }
        assert_eq!(
            parse::<GroupField>("displayName eq \"Sales\"").expect("parses"),
            Filter::eq(GroupField::DisplayName, Literal::Text("Sales".into()))
        );
    }

    #[test]
    fn attributes_keep_and_excluded_attributes_drop() {
        let resource = json!({
            "id": "1", "schemas": ["s"], "userName": "u", "displayName": "D",
            "name": { "givenName": "G", "familyName": "F" },
            "emails": [{ "value": "a@x", "type": "work" }],
            ENTERPRISE: { "department": "Sales", "employeeNumber": "7" },
        });
        let mut kept = resource.clone();
        Projection::new(Some("userName,name.givenName,emails.value"), None)
            .apply(&mut kept, &[ENTERPRISE]);
        assert_eq!(
            kept,
            json!({ "id": "1", "schemas": ["s"], "userName": "u", "name": { "givenName": "G" }, "emails": [{ "value": "a@x" }] })
        );
        let mut kept = resource.clone();
        Projection::new(Some(&format!("{ENTERPRISE}:department")), None)
            .apply(&mut kept, &[ENTERPRISE]);
        assert_eq!(kept[ENTERPRISE], json!({ "department": "Sales" }));
        let mut cut = resource;
        Projection::new(None, Some("displayName,name.familyName,id"))
            .apply(&mut cut, &[ENTERPRISE]);
        assert!(cut.get("displayName").is_none());
        assert_eq!(cut["name"], json!({ "givenName": "G" }));
        assert_eq!(cut["id"], "1", "id is always returned");
        let members = Projection::new(None, Some("members"));
        assert!(!members.wants("members"));
        assert!(Projection::default().wants("members"));
        assert!(!Projection::new(Some("displayName"), None).wants("members"));
    }
}
