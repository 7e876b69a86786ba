//! An audit entry as a reader sees it: who did it and to what, by the names they had
//! when it happened (kept with the entry; an entry written before names were kept
//! shows ids), and what changed as a list of sentences in the reader's language
//! ("Display name: 'Old' → 'New'", "Added Alice to group Sales") instead of the
//! recorded JSON. Only presentation: the recorded details stay as they were written
//! (`entente_domain::audit_changes` keeps the replaced values with them).

use entente_model::AuditEntry;
use serde_json::Value;

use entente_domain::audit_changes::OLD_VALUES;
use entente_i18n::Language;

use crate::texts::logs::{LogTexts, for_language};
use crate::texts::portal::for_language as portal_texts;

/// Keys of `details` that only name what a sentence says already.
const NAMES: [&str; 4] = ["memberName", "principalName", "resourceName", "appRoleName"];

/// Who did it: the actor's name when the entry kept one, the system, or the kind and
/// id of an entry written before names were kept.
pub fn actor(entry: &AuditEntry, language: Language) -> String {
    match (&entry.actor_name, entry.actor_id) {
        (Some(name), _) => name.clone(),
        (None, Some(id)) => format!("{} {id}", kind(&entry.actor_type, language)),
        (None, None) => for_language(language).system.to_owned(),
    }
}

/// What it was done to, by name when known (else by id).
pub fn target(entry: &AuditEntry) -> String {
    entry
        .target_name
        .clone()
        .or_else(|| entry.target_id.clone())
        .unwrap_or_default()
}

/// The name of a kind of object (`User`, `Group`, ...) in `language`.
pub fn kind(kind: &str, language: Language) -> String {
    let portal = portal_texts(language);
    let logs = for_language(language);
    match kind {
        "User" => portal.kind_user,
        "Group" => portal.kind_group,
        "Application" => portal.kind_application,
        "Tenant" => logs.kind_tenant,
        "Domain" => logs.kind_domain,
        "AppRoleAssignment" => logs.kind_assignment,
        "FederationConfiguration" => logs.kind_provider,
        other => other,
    }
    .to_owned()
}

/// What changed, one sentence per line.
pub fn changes(entry: &AuditEntry, language: Language) -> Vec<String> {
    let texts = for_language(language);
    let details = &entry.details;
    let text = |key: &str| details.get(key).and_then(Value::as_str);
    let group = target(entry);
    let mut lines = Vec::new();
    match entry.action.as_str() {
        "Add member to group" | "Remove member from group" => {
            let member = text("memberName").or(text("memberId")).unwrap_or_default();
            let sentence = if entry.action.starts_with("Add") {
                texts.added_to_group
            } else {
                texts.removed_from_group
            };
            lines.push(
                sentence
                    .arg("member", member)
                    .arg("group", &group)
                    .to_string(),
            );
            return lines;
        }
        "Add app role assignment" | "Remove app role assignment" => {
            let principal = text("principalName")
                .or(text("principalId"))
                .unwrap_or_default();
            let app = text("resourceName")
                .or(text("resourceId"))
                .unwrap_or_default();
            if !app.is_empty() {
                let sentence = if entry.action.starts_with("Add") {
                    texts.access_given
                } else {
                    texts.access_removed
                };
                lines.push(
                    sentence
                        .arg("principal", principal)
                        .arg("app", app)
                        .to_string(),
                );
                return lines;
            }
        }
        _ => {}
    }
    let Some(fields) = details.as_object() else {
        return lines;
    };
    let old = details.get(OLD_VALUES).and_then(Value::as_object);
    for (key, value) in fields {
        if key == OLD_VALUES || NAMES.contains(&key.as_str()) {
            continue;
        }
        let field = label(key, texts);
        let new = shown(key, value, texts);
        match old.and_then(|o| o.get(key)) {
            Some(before) => lines.push(
                texts
                    .changed
                    .arg("field", field)
                    .arg("old", shown(key, before, texts))
                    .arg("new", &new)
                    .to_string(),
            ),
            None => lines.push(texts.set.arg("field", field).arg("value", &new).to_string()),
        }
    }
    lines
}

/// A time as people read it in any language, in UTC: `2026-12-06 11:00 UTC`. Pages
/// put it in a `<time>` element, whose machine-readable value a script shows in the
/// reader's language and time zone.
pub fn utc_text(at: entente_model::UnixTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| at.to_string())
}

/// The words for a recorded property; the property's own name when there are none.
fn label<'a>(key: &'a str, texts: &'static LogTexts) -> &'a str {
    match key {
        "displayName" => texts.f_display_name,
        "mail" => texts.f_mail,
        "userPrincipalName" => texts.f_user_principal_name,
        "accountEnabled" => texts.f_account_enabled,
        "passwordSet" => texts.f_password_set,
        "description" => texts.f_description,
        "endedSessions" => texts.f_ended_sessions,
        "revokedRefreshTokens" => texts.f_revoked_tokens,
        "publicClient" => texts.f_public_client,
        "redirectUris" => texts.f_redirect_uris,
        "homePageUrl" => texts.f_home_page,
        "logoUrl" => texts.f_logo,
        "appRoleAssignmentRequired" => texts.f_assignment_required,
        "appRoles" => texts.f_app_roles,
        "appId" => texts.f_app_id,
        "invitedUserEmailAddress" => texts.f_invited_email,
        "signInName" => texts.f_sign_in_name,
        "userType" => texts.f_user_type,
        "domain" => texts.f_domain,
        "mfaRequired" => texts.f_mfa_required,
        "hint" => texts.f_secret_hint,
        "endDateTime" | "notAfter" => texts.f_expires,
        "reason" => texts.f_reason,
        "language" => texts.f_language,
        "sendInvitationMessage" => texts.f_send_message,
        "inviteRedirectUrl" => texts.f_redirect,
        "ccRecipients" => texts.f_cc,
        "groups" => texts.f_groups,
        "applications" => texts.f_applications,
        other => other,
    }
}

/// A recorded value in words: yes or no, nothing, a list, a time, or the text.
fn shown(key: &str, value: &Value, texts: &LogTexts) -> String {
    match value {
        Value::Null => texts.none.to_owned(),
        Value::Bool(true) => texts.yes.to_owned(),
        Value::Bool(false) => texts.no.to_owned(),
        Value::String(s) if s.is_empty() => texts.none.to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) if key == "endDateTime" => {
            n.as_i64().map(utc_text).unwrap_or_else(|| n.to_string())
        }
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.is_empty() => texts.none.to_owned(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                // A described object (a key credential, say) by its name or id.
                Value::Object(o) => ["displayName", "keyId", "id"]
                    .iter()
                    .find_map(|k| o.get(*k).and_then(Value::as_str))
                    .map(str::to_owned)
                    .unwrap_or_else(|| item.to_string()),
                other => shown(key, other, texts),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(_) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use entente_model::TenantId;
    use serde_json::json;

    use super::*;

    fn entry(action: &str, target_name: Option<&str>, details: Value) -> AuditEntry {
        AuditEntry {
            id: 1,
            tenant_id: TenantId(uuid::Uuid::nil()),
            at: 0,
            actor_type: "User".into(),
            actor_id: Some(uuid::Uuid::nil()),
            action: action.into(),
            target_type: "Group".into(),
            target_id: Some("g1".into()),
            details,
            actor_name: None,
            target_name: target_name.map(str::to_owned),
        }
    }

    #[test]
    fn a_rename_reads_old_to_new() {
        let e = entry(
            "Update user",
            Some("New"),
            json!({ "displayName": "New", "oldValues": { "displayName": "Old" } }),
        );
        assert_eq!(changes(&e, Language::En), ["Display name: 'Old' → 'New'"]);
        assert_eq!(changes(&e, Language::De), ["Anzeigename: „Old“ → „New“"]);
    }

    #[test]
    fn a_membership_names_the_member_and_the_group() {
        let e = entry(
            "Add member to group",
            Some("Sales"),
            json!({ "memberId": "u1", "memberName": "Alice" }),
        );
        assert_eq!(changes(&e, Language::En), ["Added Alice to group Sales"]);
        // An entry written before names were kept falls back to ids.
        let old = entry(
            "Remove member from group",
            None,
            json!({ "memberId": "u1" }),
        );
        assert_eq!(changes(&old, Language::En), ["Removed u1 from group g1"]);
    }

    #[test]
    fn values_read_as_words() {
        let e = entry(
            "Add user",
            None,
            json!({ "accountEnabled": false, "mail": null, "redirectUris": ["a", "b"] }),
        );
        let lines = changes(&e, Language::En);
        assert!(
            lines.contains(&"Account enabled: 'No'".to_owned()),
            "{lines:?}"
        );
        assert!(lines.contains(&"Email: '(none)'".to_owned()), "{lines:?}");
        assert!(
            lines.contains(&"Redirect URIs: 'a, b'".to_owned()),
            "{lines:?}"
        );
    }

    #[test]
    fn the_actor_is_named_or_identified() {
        let mut e = entry("Update user", None, json!({}));
        assert_eq!(
            actor(&e, Language::En),
            format!("User {}", uuid::Uuid::nil())
        );
        e.actor_name = Some("Ada Admin".into());
        assert_eq!(actor(&e, Language::En), "Ada Admin");
        e.actor_name = None;
        e.actor_id = None;
        e.actor_type = "System".into();
        assert_eq!(actor(&e, Language::De), "Entente (System)");
    }
}
