//! SCIM 2.0 provisioning's use cases (issue 23, decision 0017): users and groups
//! created, replaced, changed and deleted by a provisioning client, through the same
//! checks and audit entries as Graph's, plus what SCIM keeps beside them (the client's
//! `externalId`, `meta.lastModified`, the attributes kept as sent) and group
//! membership changed many members at a time.
//!
//! The SCIM bodies themselves (JSON, PATCH operations, filters) are the HTTP layer's:
//! it turns each request into the state or the change asked for here.

use std::collections::{BTreeSet, HashMap};

use entente_model::{CreationType, ExternalUserState};
use entente_model::{Group, GroupId, UnixTime, User, UserId, UserType};
use entente_storage::{
    Filter, GroupField, GroupScope, Literal, NewUser, Query, ScimExtras, UserField, UserPatch,
    UserScope,
};
use serde_json::{Value, json};

use crate::access::{ProvisioningAccess, WriteAccess};
use crate::directory::{self, audit, check_upn_domain, optional_mail, required_name};
use crate::fields::{Fault, Rule};
use crate::signin::check_password_policy;
use crate::{DomainError, Services};

/// The most results one SCIM page holds (`count` is cut to it, as RFC 7644 allows).
pub const MAX_PAGE: i64 = 1_000;

/// The most groups a user's `groups` attribute lists.
const MAX_GROUPS_SHOWN: i64 = 999;

/// The largest kept attributes of one user, as JSON.
const MAX_PROFILE_BYTES: usize = 16 * 1024;

/// The most members one request may name (a group of more is changed in several).
pub const MAX_MEMBERS_PER_REQUEST: usize = 10_000;

impl ProvisioningAccess {
    /// A provisioning client changes the directory as any writer of it does.
    fn writer(&self) -> WriteAccess {
        WriteAccess {
            tenant: self.tenant,
            actor: self.actor.clone(),
        }
    }
}

/// The state of a user a SCIM request asks for (a POST's or PUT's body, or what a
/// PATCH made of the current one).
#[derive(Clone, Debug, Default)]
pub struct ScimUser {
    /// SCIM's `userName`: the principal name. An address must be in one of the
    /// tenant's domains; a name without `@` is taken as it is (see decision 0017).
    pub user_name: String,
    pub display_name: String,
    /// The work address (the user's `mail`).
    pub mail: Option<String>,
    pub active: bool,
    pub external_id: Option<String>,
    /// A new password (write-only), when the request sets one.
    pub password: Option<String>,
    /// The attributes kept as sent (an object), or none.
    pub profile: Option<Value>,
}

/// A user as SCIM shows it.
#[derive(Clone, Debug)]
pub struct ScimUserView {
    pub user: User,
    pub extras: ScimExtras,
    /// Its groups (id and name), when read.
    pub groups: Option<Vec<(GroupId, String)>>,
}

/// A group as SCIM shows it.
#[derive(Clone, Debug)]
pub struct ScimGroupView {
    pub group: Group,
    pub extras: ScimExtras,
    /// Its members (id and name), unless the request excluded them.
    pub members: Option<Vec<(UserId, String)>>,
}

/// A change of a group's members: a new set, and members to add and to remove (in
/// that order).
#[derive(Clone, Debug, Default)]
pub struct MemberChanges {
    pub replace: Option<Vec<UserId>>,
    pub add: Vec<UserId>,
    pub remove: Vec<UserId>,
}

impl MemberChanges {
    fn named(&self) -> usize {
        self.replace.as_ref().map_or(0, Vec::len) + self.add.len() + self.remove.len()
    }
}

/// The memberships a change made and ended.
#[derive(Clone, Debug, Default)]
pub struct MemberDelta {
    pub added: Vec<UserId>,
    pub removed: Vec<UserId>,
}

/// A change of a group: `None` leaves an attribute as it is.
#[derive(Clone, Debug, Default)]
pub struct GroupChanges {
    pub display_name: Option<String>,
    pub external_id: Option<Option<String>>,
    pub members: MemberChanges,
}

/// One page of a SCIM list: how many match in all, and the page's resources.
#[derive(Clone, Debug)]
pub struct ScimPage<T> {
    pub total: i64,
    pub items: Vec<T>,
}

/// Whether a user is one a connection may see: any, or for a partner's connection
/// that partner's guests.
fn in_scope(access: &ProvisioningAccess, user: &User) -> bool {
    match access.partner {
        None => true,
        Some(partner) => user.user_type == UserType::Guest && user.home_tenant_id == Some(partner),
    }
}

/// The users a connection lists: all, or its partner's guests.
fn scope(access: &ProvisioningAccess) -> Option<Filter<UserField>> {
    access.partner.map(|partner| {
        // The home tenant first: its index is what a page is read through.
        Filter::And(vec![
            Filter::eq(UserField::HomeTenant, Literal::Id(partner.0)),
            Filter::eq(UserField::UserType, Literal::Text("Guest".into())),
        ])
    })
}

/// A partner's connection provisions people, not groups.
fn groups_allowed(access: &ProvisioningAccess) -> Result<(), DomainError> {
    match access.partner {
        None => Ok(()),
        Some(_) => Err(DomainError::Refused(
            "A partner's connection provisions its people as guests; it has no access to groups."
                .into(),
        )),
    }
}

/// The principal name a `userName` stands for: an address, canonical; or a plain
/// name, trimmed.
fn principal_name(user_name: &str) -> Result<String, DomainError> {
    let name = user_name.trim();
    let refuse = |message: &str| Err(Fault::error("userName", Rule::Empty, message.to_owned()));
    if name.is_empty() {
        return refuse("userName must not be empty");
    }
    if name.chars().count() > 256 {
        return refuse("userName must have at most 256 characters");
    }
    if name.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return refuse("userName must not hold spaces or control characters");
    }
    Ok(crate::address::normalize(name))
}

/// A `userName` with `@` must be an address in one of the tenant's domains (as a
/// Graph member's principal name); one without is a plain name.
async fn check_user_name(
    tx: &mut entente_storage::Tx,
    access: &ProvisioningAccess,
    upn: &str,
) -> Result<(), DomainError> {
    if upn.contains('@') {
        check_upn_domain(tx, access.tenant, upn).await?;
    }
    Ok(())
}

fn checked_external_id(id: Option<String>) -> Result<Option<String>, DomainError> {
    match id {
        Some(id) if id.chars().count() > 256 => Err(Fault::error(
            "externalId",
            Rule::TooLong {
                length: id.chars().count(),
                max: 256,
            },
            "externalId must have at most 256 characters",
        )),
        Some(id) if id.is_empty() => Ok(None),
        other => Ok(other),
    }
}

fn checked_profile(profile: Option<Value>) -> Result<Option<Value>, DomainError> {
    match profile {
        Some(Value::Object(map)) if map.is_empty() => Ok(None),
        Some(value @ Value::Object(_)) => {
            let length = value.to_string().len();
            if length > MAX_PROFILE_BYTES {
                return Err(DomainError::invalid(format!(
                    "the user's attributes take {length} bytes; at most {MAX_PROFILE_BYTES} are kept"
                )));
            }
            Ok(Some(value))
        }
        None | Some(Value::Null) => Ok(None),
        Some(_) => Err(DomainError::invalid(
            "the kept attributes must be an object",
        )),
    }
}

/// A password a request sets, hashed (before any transaction: hashing is slow on
/// purpose).
async fn hashed(
    services: &Services,
    password: Option<String>,
) -> Result<Option<String>, DomainError> {
    match password {
        Some(password) => {
            check_password_policy(&password)?;
            Ok(Some(services.password_gate.hash(services, password).await?))
        }
        None => Ok(None),
    }
}

/// Creates a member user (SCIM's POST /Users), with its SCIM attributes, audited as
/// "Add user" with the source.
pub async fn create_user(
    services: &Services,
    access: &ProvisioningAccess,
    request: ScimUser,
    now: UnixTime,
) -> Result<ScimUserView, DomainError> {
    if let Some(partner) = access.partner {
        return create_partner_guest(services, access, partner, request, now).await;
    }
    let upn = principal_name(&request.user_name)?;
    let display_name = required_name(&request.display_name, "displayName")?;
    let mail = optional_mail(request.mail)?;
    let external_id = checked_external_id(request.external_id)?;
    let profile = checked_profile(request.profile)?;
    let password_hash = hashed(services, request.password).await?;
    let mut tx = services.store.write().await?;
    check_user_name(&mut tx, access, &upn).await?;
    let user = User {
        account_enabled: request.active,
        ..User::new_member(access.tenant, upn, mail, display_name, now)
    };
    tx.db()
        .insert_user(NewUser {
            user: &user,
            password_hash: password_hash.as_deref(),
        })
        .await?;
    tx.db()
        .set_user_scim(
            access.tenant,
            user.id,
            external_id.as_deref(),
            profile.as_ref(),
            now,
        )
        .await?;
    let details = json!({
        "displayName": user.display_name, "userPrincipalName": user.user_principal_name,
        "mail": user.mail, "accountEnabled": user.account_enabled,
        "passwordSet": password_hash.is_some(), "externalId": external_id, "source": "SCIM",
    });
    let writer = access.writer();
    audit(&mut tx, &writer, now, "Add user", "User", user.id, details).await?;
    tx.commit().await?;
    Ok(ScimUserView {
        user,
        extras: ScimExtras {
            external_id,
            updated_at: Some(now),
            profile,
        },
        groups: Some(Vec::new()),
    })
}

/// Replaces a user's SCIM state (PUT, and PATCH once applied): what differs from the
/// user as it is changes, through the same rules as Graph's update (a block ends its
/// sessions, nobody locks the organization out, a guest keeps its principal name).
pub async fn replace_user(
    services: &Services,
    access: &ProvisioningAccess,
    id: UserId,
    request: ScimUser,
    now: UnixTime,
) -> Result<ScimUserView, DomainError> {
    let display_name = required_name(&request.display_name, "displayName")?;
    let external_id = checked_external_id(request.external_id)?;
    let profile = checked_profile(request.profile)?;
    if access.partner.is_some() && request.password.is_some() {
        return Err(partner_password());
    }
    let password_hash = hashed(services, request.password).await?;
    let writer = access.writer();
    let mut tx = services.store.write().await?;
    let Some(before) = tx
        .db()
        .user_by_id(access.tenant, id)
        .await?
        .filter(|u| in_scope(access, u))
    else {
        return Err(DomainError::NotFound);
    };
    let (upn, mail) = if access.partner.is_some() {
        // A partner's guest is its address: it keeps it (its principal name and mail
        // are derived from it).
        let address = before.mail.clone().unwrap_or_default();
        if !crate::address::same_address(&request.user_name, &address) {
            return Err(Fault::error(
                "userName",
                Rule::OutsideDomains,
                "a partner's guest keeps its address; delete it and create the new one",
            ));
        }
        (before.user_principal_name.clone(), before.mail.clone())
    } else {
        (
            principal_name(&request.user_name)?,
            optional_mail(request.mail)?,
        )
    };
    let upn_changed = upn.to_lowercase() != before.user_principal_name.to_lowercase();
    if upn_changed && before.user_type != UserType::Guest {
        check_user_name(&mut tx, access, &upn).await?;
    }
    let patch = UserPatch {
        display_name: (display_name != before.display_name).then_some(display_name),
        mail: (mail != before.mail).then_some(mail),
        account_enabled: (request.active != before.account_enabled).then_some(request.active),
        user_principal_name: (upn != before.user_principal_name).then_some(upn),
    };
    let extras_before = tx
        .db()
        .user_scim_extras(access.tenant, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let unchanged = patch.display_name.is_none()
        && patch.mail.is_none()
        && patch.account_enabled.is_none()
        && patch.user_principal_name.is_none()
        && external_id == extras_before.external_id
        && profile == extras_before.profile
        && password_hash.is_none();
    if unchanged {
        // Clients repeat what is already so (Entra ID's and Okta's syncs): nothing
        // is written, audited or dated.
        let groups = groups_of(&mut tx.db(), access, id).await?;
        return Ok(ScimUserView {
            user: before,
            extras: extras_before,
            groups: Some(groups),
        });
    }
    let (mut details, notices) =
        directory::change_user(&mut tx, services, &writer, &before, &patch, now).await?;
    tx.db()
        .set_user_scim(
            access.tenant,
            id,
            external_id.as_deref(),
            profile.as_ref(),
            now,
        )
        .await?;
    if external_id != extras_before.external_id {
        details.insert("externalId".into(), json!(external_id));
    }
    if profile != extras_before.profile {
        details.insert("scimAttributes".into(), json!(profile));
    }
    if let Some(hash) = &password_hash {
        tx.db().set_password_hash(access.tenant, id, hash).await?;
        details.insert("passwordSet".into(), json!(true));
    }
    details.insert("source".into(), json!("SCIM"));
    let details = Value::Object(details);
    audit(&mut tx, &writer, now, "Update user", "User", id, details).await?;
    let after = tx
        .db()
        .user_by_id(access.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let groups = groups_of(&mut tx.db(), access, id).await?;
    tx.commit().await?;
    if notices > 0 {
        services.wake_mail_delivery();
    }
    Ok(ScimUserView {
        user: after,
        extras: ScimExtras {
            external_id,
            updated_at: Some(now),
            profile,
        },
        groups: Some(groups),
    })
}

/// Deletes a user (into deleted items, restorable for 30 days, as Graph's DELETE).
pub async fn delete_user(
    services: &Services,
    access: &ProvisioningAccess,
    id: UserId,
    now: UnixTime,
) -> Result<(), DomainError> {
    if access.partner.is_some() {
        // Checked here and again by the delete's own transaction (which finds the
        // user by id in the tenant): a partner deletes only its guests.
        get_user(services, access, id).await?;
    }
    directory::delete_user(services, &access.writer(), id, now).await
}

async fn groups_of(
    db: &mut entente_storage::Db<'_>,
    access: &ProvisioningAccess,
    id: UserId,
) -> Result<Vec<(GroupId, String)>, DomainError> {
    let query = Query {
        filter: None,
        sort: None,
        after: None,
        limit: MAX_GROUPS_SHOWN,
    };
    let groups = db
        .list_groups(access.tenant, GroupScope::GroupsOf(id), &query)
        .await?;
    Ok(groups
        .items
        .into_iter()
        .map(|g| (g.id, g.display_name))
        .collect())
}

/// One user with its SCIM attributes and groups.
pub async fn get_user(
    services: &Services,
    access: &ProvisioningAccess,
    id: UserId,
) -> Result<ScimUserView, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let user = db
        .user_by_id(access.tenant, id)
        .await?
        .filter(|u| in_scope(access, u))
        .ok_or(DomainError::NotFound)?;
    let extras = db
        .user_scim_extras(access.tenant, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let groups = groups_of(&mut db, access, id).await?;
    Ok(ScimUserView {
        user,
        extras,
        groups: Some(groups),
    })
}

/// A page of the tenant's users matching `filter`, from the `start`th (1-based) in
/// id order (or the order a range of `meta.lastModified` reads), at most `count`.
/// `groups` says whether each user's groups are read (one query each).
pub async fn list_users(
    services: &Services,
    access: &ProvisioningAccess,
    filter: Option<Filter<UserField>>,
    start: i64,
    count: i64,
    groups: bool,
) -> Result<ScimPage<ScimUserView>, DomainError> {
    let filter = Filter::both(scope(access), filter);
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let total = db
        .count_users_probed(access.tenant, filter.as_ref())
        .await?;
    let count = count.clamp(0, MAX_PAGE);
    if count == 0 || start > total {
        return Ok(ScimPage {
            total,
            items: Vec::new(),
        });
    }
    let query = Query {
        filter,
        sort: None,
        after: None,
        limit: count,
    };
    let page = db
        .list_users_from(access.tenant, UserScope::Tenant, &query, start.max(1) - 1)
        .await?;
    let ids: Vec<UserId> = page.items.iter().map(|u| u.id).collect();
    let mut extras = db.user_scim_extras(access.tenant, &ids).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for user in page.items {
        let groups = if groups {
            Some(groups_of(&mut db, access, user.id).await?)
        } else {
            None
        };
        items.push(ScimUserView {
            extras: extras.remove(&user.id).unwrap_or_default(),
            user,
            groups,
        });
    }
    Ok(ScimPage { total, items })
}

// ---------------------------------------------------------------------------------
// Groups

/// Creates a group with its members (SCIM's POST /Groups), audited as Graph's are.
pub async fn create_group(
    services: &Services,
    access: &ProvisioningAccess,
    display_name: String,
    external_id: Option<String>,
    members: Vec<UserId>,
    now: UnixTime,
) -> Result<ScimGroupView, DomainError> {
    groups_allowed(access)?;
    let group = Group {
        id: GroupId::new_id(),
        tenant_id: access.tenant,
        display_name: required_name(&display_name, "displayName")?,
        description: None,
        created_at: now,
    };
    let external_id = checked_external_id(external_id)?;
    if members.len() > MAX_MEMBERS_PER_REQUEST {
        return Err(too_many_members(members.len()));
    }
    let writer = access.writer();
    let mut tx = services.store.write().await?;
    tx.db().insert_group(&group).await?;
    tx.db()
        .set_group_scim(access.tenant, group.id, external_id.as_deref(), now)
        .await?;
    let details = json!({
        "displayName": group.display_name, "externalId": external_id, "source": "SCIM",
    });
    audit(
        &mut tx,
        &writer,
        now,
        "Add group",
        "Group",
        group.id,
        details,
    )
    .await?;
    let changes = MemberChanges {
        add: members,
        ..MemberChanges::default()
    };
    change_members(&mut tx, access, group.id, &changes, now).await?;
    let members = tx.db().group_member_names(access.tenant, group.id).await?;
    tx.commit().await?;
    Ok(ScimGroupView {
        group,
        extras: ScimExtras {
            external_id,
            updated_at: Some(now),
            profile: None,
        },
        members: Some(members),
    })
}

fn too_many_members(named: usize) -> DomainError {
    DomainError::invalid(format!(
        "the request names {named} members; at most {MAX_MEMBERS_PER_REQUEST} are taken in one request"
    ))
}

/// Changes a group (SCIM's PATCH and PUT /Groups/{id}) in one transaction: its name,
/// its `externalId` and its members, each member added or removed audited as
/// Graph's are. A member that is no user of the tenant refuses the whole change.
pub async fn change_group(
    services: &Services,
    access: &ProvisioningAccess,
    id: GroupId,
    changes: GroupChanges,
    now: UnixTime,
) -> Result<MemberDelta, DomainError> {
    groups_allowed(access)?;
    let display_name = changes
        .display_name
        .map(|n| required_name(&n, "displayName"))
        .transpose()?;
    let external_id = changes.external_id.map(checked_external_id).transpose()?;
    if changes.members.named() > MAX_MEMBERS_PER_REQUEST {
        return Err(too_many_members(changes.members.named()));
    }
    let writer = access.writer();
    let mut tx = services.store.write().await?;
    let Some(before) = tx.db().group_by_id(access.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    let extras = tx
        .db()
        .group_scim_extras(access.tenant, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let mut details = serde_json::Map::new();
    if let Some(name) = display_name.filter(|n| *n != before.display_name) {
        let patch = entente_storage::GroupPatch {
            display_name: Some(name.clone()),
            description: None,
        };
        tx.db().update_group(access.tenant, id, &patch, now).await?;
        details.insert("displayName".into(), json!(name));
        details.insert("oldDisplayName".into(), json!(before.display_name));
    }
    let external_id = external_id.unwrap_or(extras.external_id.clone());
    if external_id != extras.external_id {
        details.insert("externalId".into(), json!(external_id));
    }
    if !details.is_empty() {
        tx.db()
            .set_group_scim(access.tenant, id, external_id.as_deref(), now)
            .await?;
        details.insert("source".into(), json!("SCIM"));
        let details = Value::Object(details);
        audit(&mut tx, &writer, now, "Update group", "Group", id, details).await?;
    }
    let delta = change_members(&mut tx, access, id, &changes.members, now).await?;
    tx.commit().await?;
    Ok(delta)
}

/// Applies member changes in the caller's transaction: the named users must all be
/// users of the tenant; each membership made or ended gets its audit entry.
async fn change_members(
    tx: &mut entente_storage::Tx,
    access: &ProvisioningAccess,
    group: GroupId,
    changes: &MemberChanges,
    now: UnixTime,
) -> Result<MemberDelta, DomainError> {
    if changes.replace.is_none() && changes.add.is_empty() && changes.remove.is_empty() {
        return Ok(MemberDelta::default());
    }
    let named: BTreeSet<UserId> = changes
        .replace
        .iter()
        .flatten()
        .chain(&changes.add)
        .copied()
        .collect();
    let named: Vec<UserId> = named.into_iter().collect();
    let names = tx.db().user_names(access.tenant, &named).await?;
    let unknown: Vec<String> = named
        .iter()
        .filter(|id| !names.contains_key(id))
        .take(5)
        .map(ToString::to_string)
        .collect();
    if !unknown.is_empty() {
        return Err(DomainError::invalid(format!(
            "no user of this organization has the id {}",
            unknown.join(", ")
        )));
    }
    let mut add: Vec<UserId> = changes.add.clone();
    let mut remove: Vec<UserId> = changes.remove.clone();
    if let Some(wanted) = &changes.replace {
        let wanted: BTreeSet<UserId> = wanted.iter().copied().collect();
        let current: BTreeSet<UserId> = tx
            .db()
            .group_member_names(access.tenant, group)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        remove.extend(current.difference(&wanted));
        add.extend(wanted.difference(&current));
    }
    let removed = tx
        .db()
        .remove_group_members(access.tenant, group, &remove)
        .await?;
    let added = tx
        .db()
        .add_group_members(access.tenant, group, &add)
        .await?;
    let mut removed_names: HashMap<UserId, String> = HashMap::new();
    if !removed.is_empty() {
        removed_names = tx.db().user_names(access.tenant, &removed).await?;
    }
    let writer = access.writer();
    for (action, ids, names) in [
        ("Remove member from group", &removed, &removed_names),
        ("Add member to group", &added, &names),
    ] {
        for user in ids {
            let details = json!({
                "memberId": user.to_string(), "memberName": names.get(user), "source": "SCIM",
            });
            audit(tx, &writer, now, action, "Group", group, details).await?;
        }
    }
    if !added.is_empty() || !removed.is_empty() {
        let external_id = tx
            .db()
            .group_scim_extras(access.tenant, &[group])
            .await?
            .remove(&group)
            .and_then(|e| e.external_id);
        tx.db()
            .set_group_scim(access.tenant, group, external_id.as_deref(), now)
            .await?;
    }
    Ok(MemberDelta { added, removed })
}

/// Deletes a group (into deleted items, as Graph's DELETE).
pub async fn delete_group(
    services: &Services,
    access: &ProvisioningAccess,
    id: GroupId,
    now: UnixTime,
) -> Result<(), DomainError> {
    groups_allowed(access)?;
    directory::delete_group(services, &access.writer(), id, now).await
}

/// One group, with its members unless `members` is false.
pub async fn get_group(
    services: &Services,
    access: &ProvisioningAccess,
    id: GroupId,
    members: bool,
) -> Result<ScimGroupView, DomainError> {
    groups_allowed(access)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let group = db
        .group_by_id(access.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    let extras = db
        .group_scim_extras(access.tenant, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let members = if members {
        Some(db.group_member_names(access.tenant, id).await?)
    } else {
        None
    };
    Ok(ScimGroupView {
        group,
        extras,
        members,
    })
}

/// A page of the tenant's groups matching `filter` (see [`list_users`]), with their
/// members unless `members` is false.
pub async fn list_groups(
    services: &Services,
    access: &ProvisioningAccess,
    filter: Option<Filter<GroupField>>,
    start: i64,
    count: i64,
    members: bool,
) -> Result<ScimPage<ScimGroupView>, DomainError> {
    groups_allowed(access)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let total = db
        .count_groups_matching(access.tenant, GroupScope::Tenant, filter.as_ref())
        .await?;
    let count = count.clamp(0, MAX_PAGE);
    if count == 0 || start > total {
        return Ok(ScimPage {
            total,
            items: Vec::new(),
        });
    }
    let query = Query {
        filter,
        sort: None,
        after: None,
        limit: count,
    };
    let page = db
        .list_groups_from(access.tenant, &query, start.max(1) - 1)
        .await?;
    let ids: Vec<GroupId> = page.items.iter().map(|g| g.id).collect();
    let mut extras = db.group_scim_extras(access.tenant, &ids).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for group in page.items {
        let members = if members {
            Some(db.group_member_names(access.tenant, group.id).await?)
        } else {
            None
        };
        items.push(ScimGroupView {
            extras: extras.remove(&group.id).unwrap_or_default(),
            group,
            members,
        });
    }
    Ok(ScimPage { total, items })
}

fn partner_password() -> DomainError {
    DomainError::invalid("a partner's guest signs in at home: it has no password here")
}

/// Creates a guest for a partner's connection: the address must be in one of the
/// partner's domains and be an account of the partner, whose identity the guest is
/// linked to at once (`altsecid`), as a redemption links it; no invitation is sent.
async fn create_partner_guest(
    services: &Services,
    access: &ProvisioningAccess,
    partner: entente_model::TenantId,
    request: ScimUser,
    now: UnixTime,
) -> Result<ScimUserView, DomainError> {
    let address = crate::address::normalize(request.user_name.trim());
    if !crate::address::is_address(&address) {
        return Err(Fault::error(
            "userName",
            Rule::NotAnAddress,
            "a partner's guest is named by its email address",
        ));
    }
    if request.password.is_some() {
        return Err(partner_password());
    }
    let display_name = required_name(&request.display_name, "displayName")?;
    let external_id = checked_external_id(request.external_id)?;
    let profile = checked_profile(request.profile)?;
    let mut tx = services.store.write().await?;
    let partner_tenant = tx
        .db()
        .tenant_by_id(partner)
        .await?
        .ok_or(DomainError::NotFound)?;
    let domain = crate::address::domain_of(&address);
    let verified = tx
        .db()
        .tenant_domains(partner)
        .await?
        .into_iter()
        .any(|d| d.verified_at.is_some() && d.domain.eq_ignore_ascii_case(&domain));
    if !verified && !partner_tenant.initial_domain.eq_ignore_ascii_case(&domain) {
        return Err(Fault::error(
            "userName",
            Rule::OutsideDomains,
            format!(
                "{address} is not in a domain of {}",
                partner_tenant.display_name
            ),
        ));
    }
    let home = match tx.db().user_by_principal_name(partner, &address).await? {
        Some(home) => Some(home),
        None => tx.db().user_by_mail(partner, &address).await?,
    };
    let Some(home) = home.filter(|h| h.user_type == UserType::Member) else {
        return Err(DomainError::invalid(format!(
            "{} has no account with the address {address}",
            partner_tenant.display_name
        )));
    };
    if tx
        .db()
        .guest_of_home_user(access.tenant, home.id)
        .await?
        .is_some()
    {
        return Err(DomainError::Conflict(format!(
            "{address} is already a guest of this organization"
        )));
    }
    let resource = tx
        .db()
        .tenant_by_id(access.tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    let user = User {
        user_type: UserType::Guest,
        creation_type: Some(CreationType::Provisioned),
        external_user_state: Some(ExternalUserState::Accepted),
        external_user_state_changed_at: Some(now),
        // The address the guest signs in with at home, as a redemption records it.
        sign_in_name: Some(
            home.mail
                .clone()
                .unwrap_or_else(|| home.user_principal_name.clone()),
        ),
        alternative_security_id: Some(format!("{}:{}", home.tenant_id, home.id)),
        home_tenant_id: Some(home.tenant_id),
        home_user_id: Some(home.id),
        account_enabled: request.active,
        ..User::new_member(
            access.tenant,
            crate::invitations::guests::guest_principal_name(&address, &resource.initial_domain),
            Some(address.clone()),
            display_name,
            now,
        )
    };
    tx.db()
        .insert_user(NewUser {
            user: &user,
            password_hash: None,
        })
        .await?;
    tx.db()
        .set_user_scim(
            access.tenant,
            user.id,
            external_id.as_deref(),
            profile.as_ref(),
            now,
        )
        .await?;
    let details = json!({
        "displayName": user.display_name, "userPrincipalName": user.user_principal_name,
        "mail": user.mail, "accountEnabled": user.account_enabled, "userType": "Guest",
        "creationType": "Provisioned", "homeTenantId": partner.to_string(),
        "externalId": external_id, "source": "SCIM",
    });
    let writer = access.writer();
    audit(
        &mut tx,
        &writer,
        now,
        "Add guest user",
        "User",
        user.id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(ScimUserView {
        user,
        extras: ScimExtras {
            external_id,
            updated_at: Some(now),
            profile,
        },
        groups: Some(Vec::new()),
    })
}
