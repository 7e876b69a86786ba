//! What an audit entry keeps of a change besides its new values: the values it
//! replaced, so a reader can see "Display name: 'Old' → 'New'" (the portal's
//! `pages/admin/audit_changes` writes those sentences).

use serde_json::Value;

/// The key of `details` holding the values a change replaced, by property.
pub const OLD_VALUES: &str = "oldValues";

/// Adds to a change's `details` the values it replaced (from `before`, a JSON object
/// of the same properties), under [`OLD_VALUES`], for the properties it changed.
pub fn keep_old_values(details: &mut serde_json::Map<String, Value>, before: &Value) {
    let old: serde_json::Map<String, Value> = details
        .iter()
        .filter_map(|(key, new)| {
            let was = before.get(key)?;
            (was != new).then(|| (key.clone(), was.clone()))
        })
        .collect();
    if !old.is_empty() {
        details.insert(OLD_VALUES.to_owned(), Value::Object(old));
    }
}
