//! `/Groups`: a tenant's groups as SCIM's core Group, members being users.
//!
//! A membership change names its members by id, thousands in one request: PATCH's
//! member operations become one [`MemberChanges`] the domain applies a chunk of
//! members per statement; the other attributes are patched as a document.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use entente_domain::scim::{self, GroupChanges, MemberChanges, MemberDelta, ScimGroupView};
use entente_model::{GroupId, UserId};
use entente_storage::GroupField;
use serde_json::{Value, json};

use super::filter::{CompValue, CompareOp, Expr};
use super::patch::{self, OpKind, Operation, Shape, field};
use super::query::Projection;
use super::{
    Done, GROUP, ListParams, Provisioner, Scim, ScimError, base, json_body, list_response, logged,
    time,
};
use crate::AppState;

/// A group as SCIM shows it; the members' names (`returned: request`) only when
/// `names` (the request asked for `members.display`).
fn group_json(base: &str, view: &ScimGroupView, names: bool) -> Value {
    let group = &view.group;
    let mut body = json!({
        "schemas": [GROUP],
        "id": group.id.to_string(),
        "displayName": group.display_name,
    });
    if let Some(external) = &view.extras.external_id {
        body["externalId"] = json!(external);
    }
    if let Some(members) = &view.members {
        body["members"] = members
            .iter()
            .map(|(id, name)| {
                let mut member = json!({ "value": id.to_string(), "type": "User", "$ref": format!("{base}/Users/{id}") });
                if names {
                    member["display"] = json!(name);
                }
                member
            })
            .collect();
    }
    let created = time(group.created_at);
    let modified = view.extras.updated_at.and_then(time).or(created.clone());
    body["meta"] = json!({
        "resourceType": "Group", "created": created, "lastModified": modified,
        "location": format!("{base}/Groups/{}", group.id),
    });
    body
}

fn group_id(text: &str) -> Result<GroupId, ScimError> {
    text.parse().map_err(|_| ScimError::not_found())
}

/// The ids of a `members` value: a list of `{"value": id}` (or one such object).
fn member_ids(value: &Value) -> Result<Vec<UserId>, ScimError> {
    let items = match value {
        Value::Array(items) => items.as_slice(),
        Value::Object(_) => std::slice::from_ref(value),
        Value::Null => &[],
        _ => {
            return Err(ScimError::invalid_value(
                "members takes a list of {\"value\": id}",
            ));
        }
    };
    items
        .iter()
        .map(|item| {
            let id = field(item, "value")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    ScimError::invalid_value("each member needs its value (the user's id)")
                })?;
            id.parse()
                .map_err(|_| ScimError::invalid_value(format!("{id:?} is no user id")))
        })
        .collect()
}

/// The member ids a `members[...]` filter names: `value eq "id"`, possibly several
/// joined by `or`.
fn filtered_ids(expr: &Expr) -> Result<Vec<UserId>, ScimError> {
    match expr {
        Expr::Compare(attr, CompareOp::Eq, CompValue::Str(id))
            if attr.name.eq_ignore_ascii_case("value") && attr.sub.is_none() =>
        {
            Ok(id.parse().map(|id| vec![id]).unwrap_or_default())
        }
        Expr::Or(a, b) => {
            let mut ids = filtered_ids(a)?;
            ids.extend(filtered_ids(b)?);
            Ok(ids)
        }
        _ => Err(ScimError::invalid_filter(
            "members are selected by value eq \"id\" (joined by or)",
        )),
    }
}

fn is_members(name: &str) -> bool {
    name.eq_ignore_ascii_case("members")
}

/// Reads a group's PATCH: member operations into [`MemberChanges`], the others
/// applied to `doc` (its `displayName` and `externalId`).
fn read_patch(doc: &mut Value, ops: Vec<Operation>) -> Result<MemberChanges, ScimError> {
    let mut members = MemberChanges::default();
    let mut others = Vec::new();
    for op in ops {
        let on_members = op
            .path
            .as_ref()
            .is_some_and(|p| p.attr.uri.is_none() && is_members(&p.attr.name));
        if on_members {
            let path = op.path.as_ref().expect("checked");
            match (op.kind, &path.filter, &op.value) {
                (OpKind::Add, None, Some(value)) => members.add.extend(member_ids(value)?),
                (OpKind::Replace, None, Some(value)) => {
                    members.replace = Some(member_ids(value)?);
                    members.add.clear();
                    members.remove.clear();
                }
                (OpKind::Remove, None, Some(value)) => members.remove.extend(member_ids(value)?),
                (OpKind::Remove, None, None) => {
                    members.replace = Some(Vec::new());
                    members.add.clear();
                    members.remove.clear();
                }
                (OpKind::Remove, Some(selector), _) => {
                    members.remove.extend(filtered_ids(selector)?)
                }
                _ => {
                    return Err(ScimError::invalid_path(format!(
                        "{} is not an operation on members",
                        op.path_text.as_deref().unwrap_or("members")
                    )));
                }
            }
            continue;
        }
        // A path-less value may carry members beside other attributes.
        if op.path.is_none()
            && let Some(Value::Object(map)) = &op.value
        {
            let mut rest = map.clone();
            let key = map.keys().find(|k| is_members(k)).cloned();
            if let Some(key) = key {
                let value = rest.remove(&key).unwrap_or(Value::Null);
                match op.kind {
                    OpKind::Replace => {
                        members.replace = Some(member_ids(&value)?);
                        members.add.clear();
                        members.remove.clear();
                    }
                    _ => members.add.extend(member_ids(&value)?),
                }
            }
            others.push(Operation {
                value: Some(Value::Object(rest)),
                ..op
            });
            continue;
        }
        others.push(op);
    }
    let exact =
        |name: &str| name.eq_ignore_ascii_case("externalId") || name.eq_ignore_ascii_case("id");
    let shape = Shape {
        core: GROUP,
        extensions: &[],
        read_only: &["id", "meta", "schemas"],
        case_exact: &exact,
    };
    patch::apply(doc, &others, &shape)?;
    Ok(members)
}

fn text(body: &Value, name: &str) -> Result<Option<String>, ScimError> {
    match field(body, name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ScimError::invalid_value(format!("{name} must be a string"))),
    }
}

fn respond(status: StatusCode, base: &str, view: &ScimGroupView) -> Response {
    let location = format!("{base}/Groups/{}", view.group.id);
    (
        [(LOCATION, location)],
        Scim(status, group_json(base, view, false)),
    )
        .into_response()
}

/// The most member ids one log entry lists (beyond them, the counts say how many).
const LOGGED_MEMBERS: usize = 100;

/// What a change of a group did, for the provisioning log.
fn changed(before: &Value, after: &Value, view: &ScimGroupView, delta: &MemberDelta) -> Done {
    let mut changes = super::changes(before, after, &[]);
    for (name, ids) in [
        ("members added", &delta.added),
        ("members removed", &delta.removed),
    ] {
        if !ids.is_empty() {
            let listed: Vec<String> = ids
                .iter()
                .take(LOGGED_MEMBERS)
                .map(ToString::to_string)
                .collect();
            changes.push(json!({ "name": name, "count": ids.len(), "newValue": listed }));
        }
    }
    Done {
        action: "update",
        resource_id: view.group.id.to_string(),
        resource_name: Some(view.group.display_name.clone()),
        changes,
    }
}

/// Whether a request's `attributes` name the members' names.
fn names_asked(projection: &Projection) -> bool {
    projection
        .attributes
        .iter()
        .any(|a| a.eq_ignore_ascii_case("members.display"))
}

/// `GET /Groups`: filtered and paged; members unless excluded (Entra ID asks with
/// `excludedAttributes=members`, and then no member is read).
pub(super) async fn list(
    State(state): State<AppState>,
    Path(_): Path<String>,
    who: Provisioner,
    Query(params): Query<ListParams>,
) -> Result<Scim, ScimError> {
    let request = params.read::<GroupField>()?;
    let projection = &request.projection;
    let page = scim::list_groups(
        &state.services,
        &who.access,
        request.filter,
        request.start,
        request.count,
        projection.wants("members"),
    )
    .await?;
    let base = base(&state, who.access.tenant);
    let resources = page
        .items
        .iter()
        .map(|view| {
            let mut body = group_json(&base, view, names_asked(projection));
            projection.apply(&mut body, &[]);
            body
        })
        .collect();
    Ok(list_response(request.start, page.total, resources))
}

/// `POST /Groups`: 201 with the group, its members made in the same transaction.
pub(super) async fn create(
    State(state): State<AppState>,
    Path(_): Path<String>,
    who: Provisioner,
    body: Bytes,
) -> Result<Response, ScimError> {
    let outcome = async {
        let body = json_body(&body)?;
        let name = text(&body, "displayName")?
            .ok_or_else(|| ScimError::invalid_value("displayName is required"))?;
        let members = member_ids(field(&body, "members").unwrap_or(&Value::Null))?;
        let view = scim::create_group(
            &state.services,
            &who.access,
            name,
            text(&body, "externalId")?,
            members,
            crate::now(),
        )
        .await?;
        let base = base(&state, who.access.tenant);
        let delta = MemberDelta {
            added: view.members.iter().flatten().map(|(id, _)| *id).collect(),
            removed: Vec::new(),
        };
        let mut done = changed(
            &Value::Null,
            &group_json(&base, &view, false),
            &view,
            &delta,
        );
        done.action = "create";
        Ok((respond(StatusCode::CREATED, &base, &view), done))
    }
    .await;
    logged(&state, &who, "Group", "create", None, outcome).await
}

/// `GET /Groups/{id}`.
pub(super) async fn read(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
    Query(params): Query<ListParams>,
) -> Result<Scim, ScimError> {
    let projection = params.projection();
    let view = scim::get_group(
        &state.services,
        &who.access,
        group_id(&id)?,
        projection.wants("members"),
    )
    .await?;
    let mut body = group_json(
        &base(&state, who.access.tenant),
        &view,
        names_asked(&projection),
    );
    projection.apply(&mut body, &[]);
    Ok(Scim(StatusCode::OK, body))
}

/// `PUT /Groups/{id}`: the name, `externalId` and members become the body's.
pub(super) async fn replace(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
    body: Bytes,
) -> Result<Response, ScimError> {
    let target = Some(id.clone());
    let outcome = async {
        let id = group_id(&id)?;
        let body = json_body(&body)?;
        let name = text(&body, "displayName")?
            .ok_or_else(|| ScimError::invalid_value("displayName is required"))?;
        let changes = GroupChanges {
            display_name: Some(name),
            external_id: Some(text(&body, "externalId")?),
            members: MemberChanges {
                replace: Some(member_ids(field(&body, "members").unwrap_or(&Value::Null))?),
                ..MemberChanges::default()
            },
        };
        let base = base(&state, who.access.tenant);
        let before = scim::get_group(&state.services, &who.access, id, false).await?;
        let before = group_json(&base, &before, false);
        let delta =
            scim::change_group(&state.services, &who.access, id, changes, crate::now()).await?;
        let view = scim::get_group(&state.services, &who.access, id, true).await?;
        let done = changed(&before, &group_json(&base, &view, false), &view, &delta);
        Ok((respond(StatusCode::OK, &base, &view), done))
    }
    .await;
    logged(&state, &who, "Group", "update", target, outcome).await
}

/// `PATCH /Groups/{id}`: name, `externalId` and members in one transaction; answers
/// the group (200), its members left out unless asked for by `attributes`, as Entra
/// ID and Okta read only the status.
pub(super) async fn change(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
    Query(params): Query<ListParams>,
    body: Bytes,
) -> Result<Response, ScimError> {
    let target = Some(id.clone());
    let outcome = async {
        let id = group_id(&id)?;
        let ops = patch::operations(&json_body(&body)?)?;
        let current = scim::get_group(&state.services, &who.access, id, false).await?;
        let base = base(&state, who.access.tenant);
        let before = group_json(&base, &current, false);
        let mut doc = before.clone();
        let members = read_patch(&mut doc, ops)?;
        let name = text(&doc, "displayName")?
            .ok_or_else(|| ScimError::invalid_value("displayName is required"))?;
        let changes = GroupChanges {
            display_name: Some(name),
            external_id: Some(text(&doc, "externalId")?),
            members,
        };
        let delta =
            scim::change_group(&state.services, &who.access, id, changes, crate::now()).await?;
        let projection = params.projection();
        let view = scim::get_group(&state.services, &who.access, id, true).await?;
        let done = changed(&before, &group_json(&base, &view, false), &view, &delta);
        let mut body = group_json(&base, &view, names_asked(&projection));
        projection.apply(&mut body, &[]);
        let location = format!("{base}/Groups/{id}");
        Ok((
            ([(LOCATION, location)], Scim(StatusCode::OK, body)).into_response(),
            done,
        ))
    }
    .await;
    logged(&state, &who, "Group", "update", target, outcome).await
}

/// `DELETE /Groups/{id}`: into deleted items (204).
pub(super) async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    who: Provisioner,
) -> Result<Response, ScimError> {
    let target = Some(id.clone());
    let outcome = async {
        let id = group_id(&id)?;
        let group = scim::get_group(&state.services, &who.access, id, false).await?;
        scim::delete_group(&state.services, &who.access, id, crate::now()).await?;
        let done = Done {
            action: "delete",
            resource_id: id.to_string(),
            resource_name: Some(group.group.display_name),
            changes: Vec::new(),
        };
        Ok((StatusCode::NO_CONTENT.into_response(), done))
    }
    .await;
    logged(&state, &who, "Group", "delete", target, outcome).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_operations_as_entra_and_okta_send_them() {
        let a = uuid::Uuid::new_v4();
        let b = uuid::Uuid::new_v4();
        let c = uuid::Uuid::new_v4();
        let body = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                { "op": "Add", "path": "members", "value": [{ "value": a.to_string() }, { "value": b.to_string() }] },
                { "op": "remove", "path": format!("members[value eq \"{c}\"]") },
                { "op": "Remove", "path": "members", "value": [{ "value": b.to_string() }] },
                { "op": "replace", "value": { "id": "ignored", "displayName": "Renamed" } },
            ],
        });
        let mut doc = json!({ "id": "g", "displayName": "Sales" });
        let changes =
            read_patch(&mut doc, patch::operations(&body).expect("reads")).expect("applies");
        assert_eq!(changes.add, vec![UserId(a), UserId(b)]);
        assert_eq!(changes.remove, vec![UserId(c), UserId(b)]);
        assert!(changes.replace.is_none());
        assert_eq!(doc["displayName"], "Renamed");
        assert_eq!(doc["id"], "g");

        let replace = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{ "op": "replace", "value": { "members": [{ "value": a.to_string() }] } }],
        });
        let changes =
            read_patch(&mut doc, patch::operations(&replace).expect("reads")).expect("applies");
        assert_eq!(changes.replace, Some(vec![UserId(a)]));
        let bad = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{ "op": "add", "path": "members", "value": [{ "value": "not-an-id" }] }],
        });
        let error =
            read_patch(&mut doc, patch::operations(&bad).expect("reads")).expect_err("refused");
        assert_eq!(error.scim_type, Some("invalidValue"));
    }
}
