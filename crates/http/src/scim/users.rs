//! `/Users`: a tenant's users as SCIM's core User with the enterprise extension.
//!
//! `userName` is the principal name, `active` is `accountEnabled` (false blocks the
//! user, who stays listed), the work address of `emails` is the mail, `externalId` and
//! `meta.lastModified` are indexed columns; every other attribute of the core schema or
//! the enterprise extension (name, title, phone numbers, addresses, employee number,
//! department, manager...) is kept as sent and returned as kept.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use entente_domain::scim::{self, ScimUser, ScimUserView};
use entente_model::{UserId, UserType};
use entente_storage::UserField;
use serde_json::{Map, Value, json};

use super::patch::{self, Shape, field};
use super::{
    Done, ENTERPRISE, ListParams, Provisioner, Scim, ScimError, USER, base, json_body,
    list_response, logged, time,
};
use crate::AppState;

/// Attributes a client never writes; a PATCH path naming one is refused.
const READ_ONLY: [&str; 5] = ["id", "meta", "groups", "userType", "schemas"];

/// The attributes held in Entente's own columns (the rest of a body is kept as sent).
const MODELLED: [&str; 10] = [
    "schemas",
    "id",
    "externalId",
    "userName",
    "displayName",
    "active",
    "password",
    "meta",
    "groups",
    "userType",
];

/// Which attributes a filter compares exactly (RFC 7643: `caseExact`).
fn case_exact(name: &str) -> bool {
    name.eq_ignore_ascii_case("externalId") || name.eq_ignore_ascii_case("id")
}

/// A user as SCIM shows it. To a partner's connection (`partner`) a guest's
/// `userName` is its address, as the partner knows it.
pub(super) fn user_json(base: &str, view: &ScimUserView, partner: bool) -> Value {
    let user = &view.user;
    let mut body = match &view.extras.profile {
        Some(Value::Object(kept)) => kept.clone(),
        _ => Map::new(),
    };
    let location = format!("{base}/Users/{}", user.id);
    body.insert("id".into(), json!(user.id.to_string()));
    if let Some(external) = &view.extras.external_id {
        body.insert("externalId".into(), json!(external));
    }
    let user_name = match (&user.mail, partner) {
        (Some(mail), true) => mail,
        _ => &user.user_principal_name,
    };
    body.insert("userName".into(), json!(user_name));
    body.insert("displayName".into(), json!(user.display_name));
    body.insert("active".into(), json!(user.account_enabled));
    body.insert(
        "userType".into(),
        json!(match user.user_type {
            UserType::Guest => "Guest",
            UserType::Member => "Member",
        }),
    );
    // The addresses as sent, while the mail is still the one chosen from them; else
    // the mail alone (changed through Graph or the portal since).
    let kept_emails = body.remove("emails");
    if let Some(mail) = &user.mail {
        let still = kept_emails
            .as_ref()
            .and_then(Value::as_array)
            .filter(|emails| chosen_mail(emails).is_some_and(|m| m.eq_ignore_ascii_case(mail)));
        let emails = match still {
            Some(emails) => Value::Array(emails.clone()),
            None => json!([{ "value": mail, "type": "work", "primary": true }]),
        };
        body.insert("emails".into(), emails);
    }
    if let Some(groups) = &view.groups {
        let groups: Vec<Value> = groups
            .iter()
            .map(|(id, name)| {
                json!({ "value": id.to_string(), "display": name, "$ref": format!("{base}/Groups/{id}"), "type": "direct" })
            })
            .collect();
        body.insert("groups".into(), Value::Array(groups));
    }
    let mut schemas = vec![json!(USER)];
    if body
        .get(ENTERPRISE)
        .and_then(Value::as_object)
        .is_some_and(|e| !e.is_empty())
    {
        schemas.push(json!(ENTERPRISE));
    } else {
        body.remove(ENTERPRISE);
    }
    body.insert("schemas".into(), Value::Array(schemas));
    let created = time(user.created_at);
    let modified = view.extras.updated_at.and_then(time).or(created.clone());
    body.insert(
        "meta".into(),
        json!({ "resourceType": "User", "created": created, "lastModified": modified, "location": location }),
    );
    Value::Object(body)
}

/// The address a user's `emails` make its mail: the work one, else the primary one,
/// else the first.
fn chosen_mail(emails: &[Value]) -> Option<&str> {
    fn value(e: &Value) -> Option<&str> {
        field(e, "value").and_then(Value::as_str)
    }
    emails
        .iter()
        .find(|e| {
            field(e, "type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("work"))
        })
        .or_else(|| {
            emails
                .iter()
                .find(|e| field(e, "primary").and_then(boolean).unwrap_or(false))
        })
        .or_else(|| emails.first())
        .and_then(value)
}

/// A boolean as clients write it: `true`, or the text `"True"` (Entra ID's PATCH).
fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Reads a user's state from a POST or PUT body (or a patched representation).
pub(super) fn read_user(body: &Value) -> Result<ScimUser, ScimError> {
    let text = |name: &str| -> Result<Option<String>, ScimError> {
        match field(body, name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ScimError::invalid_value(format!("{name} must be a string"))),
        }
    };
    let user_name = text("userName")?
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ScimError::invalid_value("userName is required"))?;
    let active = match field(body, "active") {
        None | Some(Value::Null) => true,
        Some(value) => boolean(value)
            .ok_or_else(|| ScimError::invalid_value("active must be true or false"))?,
    };
    let emails = match field(body, "emails") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(emails)) => emails.clone(),
        Some(_) => return Err(ScimError::invalid_value("emails must be a list")),
    };
    let mail = chosen_mail(&emails).map(str::to_owned);
    let name = field(body, "name");
    let part = |sub: &str| {
        name.and_then(|n| field(n, sub))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let display_name = text("displayName")?
        .filter(|n| !n.trim().is_empty())
        .or_else(|| part("formatted").map(str::to_owned))
        .or_else(|| {
            let joined = [part("givenName"), part("familyName")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            (!joined.is_empty()).then_some(joined)
        })
        .unwrap_or_else(|| user_name.clone());
    let mut profile = Map::new();
    if let Some(map) = body.as_object() {
        for (key, value) in map {
            if value.is_null() || MODELLED.iter().any(|m| m.eq_ignore_ascii_case(key)) {
                continue;
            }
            if key.eq_ignore_ascii_case(ENTERPRISE) {
                profile.insert(ENTERPRISE.to_owned(), enterprise(value)?);
            } else if key.len() > 4 && key[..4].eq_ignore_ascii_case("urn:") {
                // Another schema's extension: not served, not kept.
                continue;
            } else {
                profile.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(ScimUser {
        user_name,
        display_name,
        mail,
        active,
        external_id: text("externalId")?,
        password: text("password")?,
        profile: Some(Value::Object(profile)),
    })
}

/// The enterprise extension as kept: `manager` as an object (Entra ID sends its id
/// alone, as a string).
fn enterprise(value: &Value) -> Result<Value, ScimError> {
    let Value::Object(map) = value else {
        return Err(ScimError::invalid_value(format!(
            "{ENTERPRISE} takes an object"
        )));
    };
    let mut map = map.clone();
    let manager_key = map
        .keys()
        .find(|k| k.eq_ignore_ascii_case("manager"))
        .cloned();
    if let Some(key) = manager_key {
        match map.remove(&key) {
            Some(Value::String(id)) if !id.is_empty() => {
                map.insert("manager".into(), json!({ "value": id }));
            }
            Some(Value::Object(manager)) if !manager.is_empty() => {
                map.insert("manager".into(), Value::Object(manager));
            }
            _ => {}
        }
    }
    map.retain(|_, v| !v.is_null());
    Ok(Value::Object(map))
}

fn user_id(text: &str) -> Result<UserId, ScimError> {
    text.parse().map_err(|_| ScimError::not_found())
}

fn respond(status: StatusCode, base: &str, body: Value, id: UserId) -> Response {
    let location = format!("{base}/Users/{id}");
    ([(LOCATION, location)], Scim(status, body)).into_response()
}

/// What a replacement did, for the provisioning log: `disable` when it blocked the
/// user, else `update`, with the attributes that changed.
fn replaced(before: &Value, after: &Value, view: &ScimUserView, password: bool) -> Done {
    let mut changes = super::changes(before, after, &[ENTERPRISE]);
    if password {
        changes.push(json!({ "name": "password" }));
    }
    let disabled = before["active"] == true && after["active"] == false;
    Done {
        action: if disabled { "disable" } else { "update" },
        resource_id: view.user.id.to_string(),
        resource_name: Some(view.user.display_name.clone()),
        changes,
    }
}

/// `GET /Users`: filtered, paged by `startIndex`/`count`, trimmed by `attributes`.
pub(super) async fn list(
    State(state): State<AppState>,
    Path(_): Path<String>,
    who: Provisioner,
    Query(params): Query<ListParams>,
) -> Result<Scim, ScimError> {
    let request = params.read::<UserField>()?;
    let partner = who.access.partner.is_some();
    // A partner names its guests by their addresses.
    let filter = request.filter.map(|f| {
        f.map(|field| match field {
            UserField::UserPrincipalName if partner => UserField::Mail,
            other => other,
        })
    });
    // Groups are read per user: only when asked for by name.
    let groups =
        request.projection.attributes.iter().any(|a| {
            a.eq_ignore_ascii_case("groups") || a.to_ascii_lowercase().starts_with("groups.")
        });
    let (start, count) = (request.start, request.count);
    let page = scim::list_users(&state.services, &who.access, filter, start, count, groups).await?;
    let base = base(&state, who.access.tenant);
    let resources = page
        .items
        .iter()
        .map(|view| {
            let mut body = user_json(&base, view, partner);
            request.projection.apply(&mut body, &[ENTERPRISE]);
            body
        })
        .collect();
    Ok(list_response(start, page.total, resources))
}

/// `POST /Users`: 201 with the user and its `Location`; a taken `userName` is 409.
pub(super) async fn create(
    State(state): State<AppState>,
    Path(_): Path<String>,
    who: Provisioner,
    body: Bytes,
) -> Result<Response, ScimError> {
    let outcome = async {
        let request = read_user(&json_body(&body)?)?;
        let password = request.password.is_some();
        let view = scim::create_user(&state.services, &who.access, request, crate::now()).await?;
        let body = user_json(
            &base(&state, who.access.tenant),
            &view,
            who.access.partner.is_some(),
        );
        let mut done = replaced(&Value::Null, &body, &view, password);
        done.action = "create";
        Ok((
            respond(
                StatusCode::CREATED,
                &base(&state, who.access.tenant),
                body,
                view.user.id,
            ),
            done,
        ))
    }
    .await;
    logged(&state, &who, "User", "create", None, outcome).await
}

/// `GET /Users/{id}`.
pub(super) async fn read(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
    Query(params): Query<ListParams>,
) -> Result<Response, ScimError> {
    let view = scim::get_user(&state.services, &who.access, user_id(&id)?).await?;
    let base = base(&state, who.access.tenant);
    let mut body = user_json(&base, &view, who.access.partner.is_some());
    params.projection().apply(&mut body, &[ENTERPRISE]);
    Ok(Scim(StatusCode::OK, body).into_response())
}

/// `PUT /Users/{id}`: the body is the user's new state; what it leaves out is
/// cleared (RFC 7644 section 3.5.1), as Okta's integrations expect.
pub(super) async fn replace(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
    body: Bytes,
) -> Result<Response, ScimError> {
    let target = Some(id.clone());
    let outcome = async {
        let id = user_id(&id)?;
        let request = read_user(&json_body(&body)?)?;
        let password = request.password.is_some();
        let partner = who.access.partner.is_some();
        let base = base(&state, who.access.tenant);
        let before = scim::get_user(&state.services, &who.access, id).await?;
        let before = user_json(&base, &before, partner);
        let view =
            scim::replace_user(&state.services, &who.access, id, request, crate::now()).await?;
        let after = user_json(&base, &view, partner);
        let done = replaced(&before, &after, &view, password);
        Ok((respond(StatusCode::OK, &base, after, id), done))
    }
    .await;
    logged(&state, &who, "User", "update", target, outcome).await
}

/// `PATCH /Users/{id}`: the operations applied to the user as it is, then saved as a
/// replacement; answers the user (200).
pub(super) async fn change(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
    body: Bytes,
) -> Result<Response, ScimError> {
    let target = Some(id.clone());
    let outcome = async {
        let id = user_id(&id)?;
        let ops = patch::operations(&json_body(&body)?)?;
        let current = scim::get_user(&state.services, &who.access, id).await?;
        let base = base(&state, who.access.tenant);
        let partner = who.access.partner.is_some();
        let before = user_json(&base, &current, partner);
        let mut doc = before.clone();
        {
            // Not held across an await: the shape is not `Send`.
            let shape = Shape {
                core: USER,
                extensions: &[ENTERPRISE],
                read_only: &READ_ONLY,
                case_exact: &case_exact,
            };
            patch::apply(&mut doc, &ops, &shape)?;
        }
        let request = read_user(&doc)?;
        let password = request.password.is_some();
        let view =
            scim::replace_user(&state.services, &who.access, id, request, crate::now()).await?;
        let after = user_json(&base, &view, partner);
        let done = replaced(&before, &after, &view, password);
        Ok((respond(StatusCode::OK, &base, after, id), done))
    }
    .await;
    logged(&state, &who, "User", "update", target, outcome).await
}

/// `DELETE /Users/{id}`: into deleted items (204).
pub(super) async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
) -> Result<Response, ScimError> {
    let target = Some(id.clone());
    let outcome = async {
        let id = user_id(&id)?;
        let user = scim::get_user(&state.services, &who.access, id).await?;
        scim::delete_user(&state.services, &who.access, id, crate::now()).await?;
        let done = Done {
            action: "delete",
            resource_id: id.to_string(),
            resource_name: Some(user.user.display_name),
            changes: Vec::new(),
        };
        Ok((StatusCode::NO_CONTENT.into_response(), done))
    }
    .await;
    logged(&state, &who, "User", "delete", target, outcome).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_as_okta_sends_it_is_read() {
        let body = json!({
            "schemas": [USER],
            "userName": "ann@contoso.com",
            "name": { "givenName": "Ann", "familyName": "Lee" },
            "emails": [{ "primary": true, "value": "ann@contoso.com", "type": "work" }],
            "locale": "en-US",
            "externalId": "00u1",
            "groups": [],
            "password": "a long secret phrase",
            "active": true,
            ENTERPRISE: { "manager": "m-1", "department": null, "employeeNumber": "7" },
        });
        let user = read_user(&body).expect("reads");
        assert_eq!(user.user_name, "ann@contoso.com");
        assert_eq!(user.display_name, "Ann Lee", "from the name's parts");
        assert_eq!(user.mail.as_deref(), Some("ann@contoso.com"));
        assert!(user.active);
        assert_eq!(user.external_id.as_deref(), Some("00u1"));
        assert_eq!(user.password.as_deref(), Some("a long secret phrase"));
        let profile = user.profile.expect("kept");
        assert_eq!(profile["locale"], "en-US");
        assert_eq!(
            profile[ENTERPRISE],
            json!({ "manager": { "value": "m-1" }, "employeeNumber": "7" })
        );
        assert!(profile.get("groups").is_none() && profile.get("password").is_none());

        let refused = |body: Value| read_user(&body).expect_err("refused").scim_type;
        assert_eq!(refused(json!({ "displayName": "x" })), Some("invalidValue"));
        assert_eq!(
            refused(json!({ "userName": "x", "active": "maybe" })),
            Some("invalidValue")
        );
        assert_eq!(refused(json!({ "userName": 7 })), Some("invalidValue"));
        let inactive = read_user(&json!({ "userName": "x", "active": "False" })).expect("reads");
        assert!(!inactive.active);
    }

    #[test]
    fn the_work_address_is_the_mail() {
        let emails = [
            json!({ "value": "h@x", "type": "home", "primary": true }),
            json!({ "value": "w@x", "type": "work" }),
        ];
        assert_eq!(chosen_mail(&emails), Some("w@x"));
        assert_eq!(chosen_mail(&emails[..1]), Some("h@x"));
        assert_eq!(chosen_mail(&[]), None);
    }
}
