//! SCIM PATCH (RFC 7644 section 3.5.2) applied to a resource's JSON, as real clients
//! send it: operation names in any case (Entra ID writes `Add`, `Replace`, `Remove`),
//! `add`/`replace` without a `path` whose value is a map of attributes (or of paths:
//! Entra writes `{"name.givenName": ...}` and `{"emails[type eq \"work\"].value": ...}`
//! as keys), paths with value filters, booleans written as strings (`"False"`), and a
//! `remove` of `members` naming the values to remove.
//!
//! The resource is patched as a whole document; the caller then reads the result as
//! a PUT body, so a PATCH goes through exactly the checks a replacement does.

use serde_json::{Map, Value};

use super::ScimError;
use super::filter::{self, CompValue, CompareOp, Expr, PatchPath};

/// One operation, as read from the request.
#[derive(Debug)]
pub(crate) struct Operation {
    pub kind: OpKind,
    pub path: Option<PatchPath>,
    /// The path as written (for messages).
    pub path_text: Option<String>,
    pub value: Option<Value>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OpKind {
    Add,
    Replace,
    Remove,
}

const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// The most operations one request may hold.
const MAX_OPERATIONS: usize = 1_000;

/// Reads a PatchOp body into its operations: the schema must be PatchOp's, each
/// operation `add`, `replace` or `remove` (any case), a `remove` needs a path, an
/// `add` a value.
pub(crate) fn operations(body: &Value) -> Result<Vec<Operation>, ScimError> {
    let schemas_ok = body
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|v| v.as_str() == Some(PATCH_OP)));
    if !schemas_ok {
        return Err(ScimError::invalid_syntax(format!(
            "a PATCH body must name the schema {PATCH_OP}"
        )));
    }
    let ops = field(body, "Operations")
        .and_then(Value::as_array)
        .ok_or_else(|| ScimError::invalid_syntax("a PATCH body needs its Operations"))?;
    if ops.is_empty() || ops.len() > MAX_OPERATIONS {
        return Err(ScimError::invalid_syntax(format!(
            "a PATCH body holds from 1 to {MAX_OPERATIONS} operations"
        )));
    }
    ops.iter()
        .map(|op| {
            let name = field(op, "op").and_then(Value::as_str).unwrap_or_default();
            let kind = match name.to_ascii_lowercase().as_str() {
                "add" => OpKind::Add,
                "replace" => OpKind::Replace,
                "remove" => OpKind::Remove,
                _ => {
                    return Err(ScimError::invalid_syntax(format!(
                        "{name:?} is no PATCH operation (add, replace or remove)"
                    )));
                }
            };
            let path_text = field(op, "path")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned);
            let path = path_text
                .as_deref()
                .map(|p| filter::parse_path(p).map_err(|e| ScimError::invalid_path(e.to_string())))
                .transpose()?;
            let value = field(op, "value").cloned();
            if kind == OpKind::Remove && path.is_none() {
                return Err(ScimError::no_target("a remove operation needs a path"));
            }
            if kind != OpKind::Remove && value.is_none() {
                return Err(ScimError::invalid_value(format!(
                    "a {name} operation needs a value"
                )));
            }
            Ok(Operation {
                kind,
                path,
                path_text,
                value,
            })
        })
        .collect()
}

/// A member of a JSON object by name, its case ignored (RFC 7643 section 2.1).
pub(crate) fn field<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    let map = value.as_object()?;
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// The key under which `map` holds `name` (its case ignored), or `name` itself.
fn key_of(map: &Map<String, Value>, name: &str) -> String {
    map.keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .cloned()
        .unwrap_or_else(|| name.to_owned())
}

/// How a resource type's attributes behave under PATCH.
pub(crate) struct Shape<'a> {
    /// The core schema's URN (a path may be prefixed with it).
    pub core: &'a str,
    /// Extension schemas (their attributes live under the URN's key).
    pub extensions: &'a [&'a str],
    /// Attributes a client cannot write (`id`, `meta`...): a path to one is refused.
    pub read_only: &'a [&'a str],
    /// Whether an attribute is case-exact when a filter compares it.
    pub case_exact: &'a dyn Fn(&str) -> bool,
}

/// Applies `ops` in order to `doc`.
pub(crate) fn apply(
    doc: &mut Value,
    ops: &[Operation],
    shape: &Shape<'_>,
) -> Result<(), ScimError> {
    for op in ops {
        match &op.path {
            None => {
                // `add`/`replace` with a map: each key is an attribute or a path.
                let Some(Value::Object(map)) = &op.value else {
                    return Err(ScimError::invalid_value(
                        "an operation without a path takes an object of attributes",
                    ));
                };
                for (key, value) in map {
                    if shape.extensions.iter().any(|u| u.eq_ignore_ascii_case(key)) {
                        let Value::Object(inner) = value else {
                            return Err(ScimError::invalid_value(format!(
                                "{key} takes an object of attributes"
                            )));
                        };
                        for (name, value) in inner {
                            let path = filter::parse_path(&format!("{key}:{name}"))
                                .map_err(|e| ScimError::invalid_path(e.to_string()))?;
                            apply_one(doc, op.kind, &path, Some(value), shape, true)?;
                        }
                        continue;
                    }
                    if key.eq_ignore_ascii_case("schemas") {
                        continue;
                    }
                    let path = filter::parse_path(key)
                        .map_err(|e| ScimError::invalid_path(e.to_string()))?;
                    apply_one(doc, op.kind, &path, Some(value), shape, true)?;
                }
            }
            Some(path) => apply_one(doc, op.kind, path, op.value.as_ref(), shape, false)?,
        }
    }
    Ok(())
}

/// One operation on one path. `lenient` (keys of a path-less value): a read-only
/// attribute is skipped rather than refused (Okta repeats the `id` there).
fn apply_one(
    doc: &mut Value,
    kind: OpKind,
    path: &PatchPath,
    value: Option<&Value>,
    shape: &Shape<'_>,
    lenient: bool,
) -> Result<(), ScimError> {
    let attr = &path.attr;
    // The container the attribute lives in: the resource, or an extension's object.
    let extension = match &attr.uri {
        None => None,
        Some(uri) if uri.eq_ignore_ascii_case(shape.core) => None,
        Some(uri) => match shape
            .extensions
            .iter()
            .find(|u| u.eq_ignore_ascii_case(uri))
        {
            Some(urn) => Some(*urn),
            None => return Err(ScimError::invalid_path(format!("unknown schema {uri}"))),
        },
    };
    if extension.is_none()
        && shape
            .read_only
            .iter()
            .any(|r| r.eq_ignore_ascii_case(&attr.name))
    {
        if lenient {
            return Ok(());
        }
        return Err(ScimError::mutability(format!(
            "{} cannot be changed",
            attr.name
        )));
    }
    let Some(root) = doc.as_object_mut() else {
        return Err(ScimError::invalid_value("the resource is not an object"));
    };
    let container = match extension {
        None => root,
        Some(urn) => {
            let key = key_of(root, urn);
            let entry = root.entry(key).or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            entry
                .as_object_mut()
                .ok_or_else(|| ScimError::invalid_value("bad extension"))?
        }
    };
    // A bare extension URN: the value is a map of the extension's attributes.
    if attr.name.is_empty() {
        return match (kind, value) {
            (OpKind::Remove, _) => {
                container.clear();
                Ok(())
            }
            (_, Some(Value::Object(map))) => {
                for (k, v) in map {
                    let key = key_of(container, k);
                    container.insert(key, v.clone());
                }
                Ok(())
            }
            _ => Err(ScimError::invalid_value(
                "a schema's path takes an object of its attributes",
            )),
        };
    }
    let key = key_of(container, &attr.name);
    match (&path.filter, &attr.sub) {
        (None, None) => plain(container, &key, kind, value),
        (None, Some(sub)) => {
            // `name.givenName`: a sub-attribute of a complex attribute.
            match kind {
                OpKind::Remove => {
                    if let Some(Value::Object(inner)) = container.get_mut(&key) {
                        let sub_key = key_of(inner, sub);
                        inner.remove(&sub_key);
                    }
                    Ok(())
                }
                _ => {
                    let entry = container
                        .entry(key)
                        .or_insert_with(|| Value::Object(Map::new()));
                    match entry {
                        Value::Object(inner) => {
                            let sub_key = key_of(inner, sub);
                            set_or_drop(inner, sub_key, value.cloned());
                            Ok(())
                        }
                        // `emails.value` on a multi-valued attribute: every value's.
                        Value::Array(items) => {
                            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                                let sub_key = key_of(item, sub);
                                set_or_drop(item, sub_key, value.cloned());
                            }
                            Ok(())
                        }
                        _ => Err(ScimError::invalid_path(format!(
                            "{} has no sub-attributes",
                            attr.name
                        ))),
                    }
                }
            }
        }
        (Some(selector), _) => filtered(container, &key, kind, selector, path, value, shape),
    }
}

/// Sets `key` to `value`, or removes it when the value is null.
fn set_or_drop(map: &mut Map<String, Value>, key: String, value: Option<Value>) {
    match value {
        None | Some(Value::Null) => {
            map.remove(&key);
        }
        Some(value) => {
            map.insert(key, value);
        }
    }
}

/// An operation on an attribute as a whole.
fn plain(
    container: &mut Map<String, Value>,
    key: &str,
    kind: OpKind,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    match kind {
        OpKind::Remove => {
            match (container.get_mut(key), value) {
                // `remove members` with the values to remove (Entra ID).
                (Some(Value::Array(items)), Some(Value::Array(gone))) => {
                    items.retain(|item| !gone.iter().any(|g| same_value(item, g)));
                }
                _ => {
                    container.remove(key);
                }
            }
            Ok(())
        }
        OpKind::Add => {
            let value = value.cloned().unwrap_or(Value::Null);
            match (container.get_mut(key), value) {
                // Multi-valued: the new values join the existing ones.
                (Some(Value::Array(items)), Value::Array(new)) => {
                    for item in new {
                        if !items.iter().any(|i| same_value(i, &item)) {
                            items.push(item);
                        }
                    }
                }
                (Some(Value::Array(items)), item @ Value::Object(_)) => {
                    if !items.iter().any(|i| same_value(i, &item)) {
                        items.push(item);
                    }
                }
                // Complex: the given sub-attributes are set, the others kept.
                (Some(Value::Object(existing)), Value::Object(new)) => {
                    for (k, v) in new {
                        let k = key_of(existing, &k);
                        existing.insert(k, v);
                    }
                }
                (_, value) => set_or_drop(container, key.to_owned(), Some(value)),
            }
            Ok(())
        }
        OpKind::Replace => {
            let value = value.cloned().unwrap_or(Value::Null);
            match (container.get_mut(key), value) {
                (Some(Value::Object(existing)), Value::Object(new)) => {
                    for (k, v) in new {
                        let k = key_of(existing, &k);
                        existing.insert(k, v);
                    }
                }
                (_, value) => set_or_drop(container, key.to_owned(), Some(value)),
            }
            Ok(())
        }
    }
}

/// Two values of a multi-valued attribute are one when their `value`s are equal
/// (members, emails), else when they are equal as a whole.
fn same_value(a: &Value, b: &Value) -> bool {
    match (field(a, "value"), field(b, "value")) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// An operation on the values of a multi-valued attribute that a filter selects
/// (`emails[type eq "work"].value`, `members[value eq "…"]`).
fn filtered(
    container: &mut Map<String, Value>,
    key: &str,
    kind: OpKind,
    selector: &Expr,
    path: &PatchPath,
    value: Option<&Value>,
    shape: &Shape<'_>,
) -> Result<(), ScimError> {
    let items = match container.get_mut(key) {
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(ScimError::invalid_path(format!(
                "{key} is not multi-valued"
            )));
        }
        None if kind == OpKind::Remove => return Ok(()),
        None => {
            container.insert(key.to_owned(), Value::Array(Vec::new()));
            match container.get_mut(key) {
                Some(Value::Array(items)) => items,
                _ => return Err(ScimError::invalid_path(key.to_owned())),
            }
        }
    };
    let selected: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| filter::matches(selector, item, shape.case_exact))
        .map(|(i, _)| i)
        .collect();
    match kind {
        OpKind::Remove => {
            match &path.sub {
                Some(sub) => {
                    for &i in &selected {
                        if let Some(item) = items[i].as_object_mut() {
                            let sub_key = key_of(item, sub);
                            item.remove(&sub_key);
                        }
                    }
                }
                None => {
                    let mut i = 0;
                    items.retain(|_| {
                        let keep = !selected.contains(&i);
                        i += 1;
                        keep
                    });
                }
            }
            Ok(())
        }
        OpKind::Add | OpKind::Replace => {
            if selected.is_empty() {
                // Entra ID writes `emails[type eq "work"].value` for a user who has
                // no work address yet: the value is made from the filter's equalities.
                let Some(mut item) = equalities(selector) else {
                    return Err(ScimError::no_target(format!(
                        "no value of {key} matches the path's filter"
                    )));
                };
                match (&path.sub, value) {
                    (Some(sub), Some(v)) => {
                        item.insert(sub.clone(), v.clone());
                    }
                    (None, Some(Value::Object(map))) => {
                        item.extend(map.clone());
                    }
                    _ => {
                        return Err(ScimError::invalid_value("the value does not fit the path"));
                    }
                }
                items.push(Value::Object(item));
                return Ok(());
            }
            for &i in &selected {
                let Some(item) = items[i].as_object_mut() else {
                    continue;
                };
                match (&path.sub, value) {
                    (Some(sub), v) => {
                        let sub_key = key_of(item, sub);
                        set_or_drop(item, sub_key, v.cloned());
                    }
                    (None, Some(Value::Object(map))) => {
                        for (k, v) in map {
                            let k = key_of(item, k);
                            item.insert(k, v.clone());
                        }
                    }
                    (None, Some(other)) => items[i] = other.clone(),
                    (None, None) => {}
                }
            }
            Ok(())
        }
    }
}

/// The attributes a filter of equalities joined by `and` fixes (`type eq "work"`),
/// as the start of a new value; `None` for any other filter.
fn equalities(expr: &Expr) -> Option<Map<String, Value>> {
    match expr {
        Expr::Compare(attr, CompareOp::Eq, value) if attr.sub.is_none() => {
            let value = match value {
                CompValue::Str(s) => Value::String(s.clone()),
                CompValue::Bool(b) => Value::Bool(*b),
                CompValue::Number(n) => Value::Number(n.clone()),
                CompValue::Null => return None,
            };
            Some(Map::from_iter([(attr.name.clone(), value)]))
        }
        Expr::And(a, b) => {
            let mut left = equalities(a)?;
            left.extend(equalities(b)?);
            Some(left)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    fn patched(mut doc: Value, body: Value) -> Result<Value, ScimError> {
        let exact = |name: &str| name == "value";
        let shape = Shape {
            core: USER,
            extensions: &[ENTERPRISE],
            read_only: &["id", "meta", "groups", "userType"],
            case_exact: &exact,
        };
        let ops = operations(&body)?;
        apply(&mut doc, &ops, &shape)?;
        Ok(doc)
    }

    fn body(ops: Value) -> Value {
        json!({ "schemas": [PATCH_OP], "Operations": ops })
    }

    #[test]
    fn entra_id_operations_as_it_sends_them() {
        let doc = json!({ "userName": "a@x", "active": true, "emails": [] });
        let out = patched(
            doc,
            body(json!([
                { "op": "Replace", "path": "active", "value": "False" },
                { "op": "Add", "path": "emails[type eq \"work\"].value", "value": "w@x" },
                { "op": "Replace", "value": { "name.givenName": "Ann", "displayName": "Ann A" } },
                { "op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "m-1" },
            ])),
        )
        .expect("applies");
        assert_eq!(
            out["active"], "False",
            "kept as sent; the reader takes strings"
        );
        assert_eq!(out["emails"], json!([{ "type": "work", "value": "w@x" }]));
        assert_eq!(out["name"]["givenName"], "Ann");
        assert_eq!(out["displayName"], "Ann A");
        assert_eq!(out[ENTERPRISE]["manager"], "m-1");
    }

    #[test]
    fn filtered_paths_pick_their_values() {
        let doc = json!({ "emails": [
            { "type": "work", "value": "w@x", "primary": true },
            { "type": "home", "value": "h@x" },
        ]});
        let out = patched(
            doc.clone(),
            body(json!([{ "op": "replace", "path": "emails[type eq \"work\"].value", "value": "new@x" }])),
        )
        .expect("replaces");
        assert_eq!(out["emails"][0]["value"], "new@x");
        assert_eq!(out["emails"][1]["value"], "h@x");
        let out = patched(
            doc,
            body(json!([{ "op": "remove", "path": "emails[type eq \"home\"]" }])),
        )
        .expect("removes");
        assert_eq!(out["emails"].as_array().map(Vec::len), Some(1));
        assert_eq!(out["emails"][0]["type"], "work");
    }

    #[test]
    fn members_are_added_and_removed_by_value() {
        let doc = json!({ "members": [{ "value": "a" }, { "value": "b" }] });
        let out = patched(
            doc,
            body(json!([
                { "op": "add", "path": "members", "value": [{ "value": "c" }, { "value": "a" }] },
                { "op": "remove", "path": "members[value eq \"b\"]" },
                { "op": "Remove", "path": "members", "value": [{ "value": "a" }] },
            ])),
        )
        .expect("applies");
        assert_eq!(out["members"], json!([{ "value": "c" }]));
    }

    #[test]
    fn refusals_are_scim_errors() {
        let doc = json!({ "userName": "a" });
        let refused = |ops: Value| patched(doc.clone(), body(ops)).expect_err("refused");
        assert_eq!(
            refused(json!([{ "op": "move", "path": "a", "value": 1 }])).scim_type,
            Some("invalidSyntax")
        );
        assert_eq!(
            refused(json!([{ "op": "remove" }])).scim_type,
            Some("noTarget")
        );
        assert_eq!(
            refused(json!([{ "op": "replace", "path": "id", "value": "x" }])).scim_type,
            Some("mutability")
        );
        assert_eq!(
            refused(json!([{ "op": "replace", "path": "emails[type eq", "value": "x" }])).scim_type,
            Some("invalidPath")
        );
        assert!(patched(doc.clone(), json!({ "Operations": [] })).is_err());
        // Okta repeats the id in a path-less replace: skipped, not refused.
        let out = patched(
            doc,
            body(json!([{ "op": "replace", "value": { "id": "x", "displayName": "D" } }])),
        )
        .expect("applies");
        assert_eq!(out["displayName"], "D");
        assert!(out.get("id").is_none());
    }
}
