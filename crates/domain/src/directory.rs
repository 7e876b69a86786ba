//! Directory use cases: users, groups, applications, app role assignments and the
//! audit log, as the `/v1.0` API, the portal and the CLI reach them.
//!
//! Every function takes the capability its permission check handed out
//! ([`ReadAccess`] for reads, [`WriteAccess`] for writes), so none can be reached
//! without the check, and every query is scoped to that capability's tenant: an id
//! from another tenant is indistinguishable from one that does not exist. Each write
//! owns its transaction and appends its audit entry inside it, so a change and its
//! record are committed together or not at all.

use entente_model::{
    AppId, AppRole, AppRoleAssignment, Application, AssignmentId, AuditEntry, ClientSecretInfo,
    DirectoryRole, Group, GroupId, PrincipalType, TenantId, UnixTime, User, UserId, UserType,
};
use std::collections::HashMap;

use entente_storage::{AuditFilter, Db, GroupPatch, NewUser, Tx, UserPatch};
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuditReadAccess, DIRECTORY_API_ID, ReadAccess, WriteAccess};
use crate::crypto::new_token;
use crate::fields::{Fault, Rule};
use crate::signin::check_password_policy;
use crate::{DomainError, Services};

/// How long a client secret lives unless the request says otherwise (two years, as
/// Entra ID's portal suggests).
pub const DEFAULT_SECRET_LIFETIME: i64 = 2 * 365 * 24 * 3600;

/// The page size when a request names none, and the largest one allowed (Graph's).
pub const DEFAULT_PAGE_SIZE: i64 = 100;
pub const MAX_PAGE_SIZE: i64 = 999;

/// A freshly made client secret: the value to show once, its metadata, and the hash
/// to store.
pub struct MintedSecret {
    pub value: String,
    pub info: ClientSecretInfo,
    pub hash: String,
}

/// Makes a new client secret for an application.
pub fn mint_client_secret(
    services: &Services,
    application_id: AppId,
    display_name: Option<String>,
    now: UnixTime,
    lifetime: i64,
) -> MintedSecret {
    let value = format!("ent~{}", new_token(services.entropy.as_ref()));
    let hash = services.master.client_secret_hash(&value);
    let info = ClientSecretInfo {
        id: uuid::Uuid::new_v4(),
        application_id,
        hint: value.chars().take(7).collect(),
        display_name,
        created_at: now,
        expires_at: now + lifetime,
    };
    MintedSecret { value, info, hash }
}

/// Which page of a collection to read: its size and the opaque cursor of the
/// previous page (the last id it held).
#[derive(Clone, Debug, Default)]
pub struct PageRequest {
    pub top: Option<i64>,
    pub skip_token: Option<String>,
}

/// One page of a collection and the cursor of the next one, when there is more.
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub skip_token: Option<String>,
}

/// A member user to create.
#[derive(Clone, Debug)]
pub struct NewMember {
    pub display_name: String,
    pub user_principal_name: String,
    pub mail: Option<String>,
    pub account_enabled: bool,
    /// The initial password; a member without one cannot sign in with a password.
    pub password: Option<String>,
}

/// A group to create.
#[derive(Clone, Debug)]
pub struct NewGroup {
    pub display_name: String,
    pub description: Option<String>,
}

/// An application to register.
#[derive(Clone, Debug)]
pub struct NewApplication {
    pub display_name: String,
    pub public_client: bool,
    pub redirect_uris: Vec<String>,
    pub home_page_url: Option<String>,
    pub logo_url: Option<String>,
    pub app_roles: Vec<AppRole>,
    pub assignment_required: bool,
    /// Open to other organizations of this deployment (`AzureADMultipleOrgs`).
    pub multiple_orgs: bool,
    /// Certificate credentials to register with it (Graph's `keyCredentials`).
    pub key_credentials: Vec<crate::app_keys::KeyCredentialInput>,
}

/// Changes to an application; `None` leaves an attribute as it is.
#[derive(Clone, Debug, Default)]
pub struct ApplicationPatch {
    pub display_name: Option<String>,
    pub public_client: Option<bool>,
    pub redirect_uris: Option<Vec<String>>,
    pub home_page_url: Option<Option<String>>,
    /// The logo My Apps and the invitation pages show (absolute https).
    pub logo_url: Option<Option<String>>,
    pub app_roles: Option<Vec<AppRole>>,
    pub assignment_required: Option<bool>,
    /// Open to other organizations (`AzureADMultipleOrgs`) or to its own only.
    pub multiple_orgs: Option<bool>,
    /// The whole set of certificate credentials (see `app_keys::replace_keys`).
    pub key_credentials: Option<Vec<crate::app_keys::KeyCredentialInput>>,
}

/// An application with the metadata of its client secrets (never the secrets) and
/// its certificate credentials.
#[derive(Clone, Debug)]
pub struct ApplicationView {
    pub application: Application,
    pub secrets: Vec<ClientSecretInfo>,
    pub keys: Vec<entente_model::KeyCredential>,
}

/// A new client secret, whose value is shown this once.
#[derive(Clone, Debug)]
pub struct AddedPassword {
    pub secret_text: String,
    pub info: ClientSecretInfo,
}

/// The user or group an app role assignment is made to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Principal {
    User(UserId),
    Group(GroupId),
}

impl Principal {
    /// The user's or group's object id.
    pub fn id(self) -> Uuid {
        match self {
            Principal::User(id) => id.0,
            Principal::Group(id) => id.0,
        }
    }

    pub fn kind(self) -> PrincipalType {
        match self {
            Principal::User(_) => PrincipalType::User,
            Principal::Group(_) => PrincipalType::Group,
        }
    }
}

/// A grant of `app_role_id` (or the nil UUID for default access) on `resource`.
#[derive(Clone, Copy, Debug)]
pub struct NewAssignment {
    pub resource: AppId,
    pub app_role_id: Uuid,
}

/// An assignment with the names of its principal and resource, as Graph shows it.
#[derive(Clone, Debug)]
pub struct AssignmentView {
    pub assignment: AppRoleAssignment,
    pub principal_display_name: Option<String>,
    pub resource_display_name: Option<String>,
}

// ---------------------------------------------------------------------------------
// Users

/// Creates a member user of the caller's tenant. A field breaking a rule is a
/// [`DomainError::Field`] naming it.
pub async fn create_user(
    services: &Services,
    access: &WriteAccess,
    request: NewMember,
    now: UnixTime,
) -> Result<User, DomainError> {
    let display_name = required_name(&request.display_name, "displayName")?;
    let upn = crate::address::normalize(&request.user_principal_name);
    let mail = optional_mail(request.mail)?;
    // Hash before taking the write lock: hashing is slow on purpose, and holding the
    // (single, on SQLite) writer meanwhile would stall every other write.
    let password_hash = match request.password {
        Some(password) => {
            check_password_policy(&password)?;
            Some(services.password_gate.hash(services, password).await?)
        }
        None => None,
    };
    let mut tx = services.store.write().await?;
    check_upn_domain(&mut tx, access.tenant, &upn).await?;
    let user = User {
        account_enabled: request.account_enabled,
        ..User::new_member(access.tenant, upn, mail, display_name, now)
    };
    tx.db()
        .insert_user(NewUser {
            user: &user,
            password_hash: password_hash.as_deref(),
        })
        .await?;
    let details = json!({
        "displayName": user.display_name, "userPrincipalName": user.user_principal_name,
        "mail": user.mail, "accountEnabled": user.account_enabled,
        "passwordSet": password_hash.is_some(),
    });
    audit(&mut tx, access, now, "Add user", "User", user.id, details).await?;
    tx.commit().await?;
    Ok(user)
}

pub async fn get_user(
    services: &Services,
    access: ReadAccess,
    id: UserId,
) -> Result<User, DomainError> {
    let mut conn = services.store.read().await?;
    conn.db()
        .user_by_id(access.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Where a guest object comes from: who invited it and when (its newest invitation),
/// and the organization its account lives in, by name. `None` for members and for
/// what is unknown (an inviter deleted since, a home not chosen yet).
#[derive(Debug, Default)]
pub struct GuestOrigin {
    pub invited_by: Option<String>,
    pub invited_at: Option<UnixTime>,
    pub home_tenant: Option<String>,
}

/// The [`GuestOrigin`] of a user of the caller's tenant.
pub async fn guest_origin(
    services: &Services,
    access: ReadAccess,
    user: &User,
) -> Result<GuestOrigin, DomainError> {
    if user.user_type != UserType::Guest {
        return Ok(GuestOrigin::default());
    }
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let invitation = db.latest_invitation_of(access.tenant, user.id).await?;
    let invited_by = match invitation.as_ref().map(|i| &i.invited_by) {
        Some(entente_model::Actor::User(id)) => db
            .user_by_id(access.tenant, *id)
            .await?
            .map(|u| u.display_name),
        Some(entente_model::Actor::Application(id)) => db
            .application_by_id(access.tenant, *id)
            .await?
            .map(|a| a.display_name),
        Some(entente_model::Actor::System) => Some("Entente".to_owned()),
        None => None,
    };
    let home_tenant = match user.home_tenant_id {
        Some(home) => db.tenant_by_id(home).await?.map(|t| t.display_name),
        None => None,
    };
    Ok(GuestOrigin {
        invited_by,
        invited_at: invitation.map(|i| i.created_at),
        home_tenant,
    })
}

/// Changes a user's attributes. Disabling an account also ends its sessions and
/// revokes its refresh tokens in the same transaction, so a blocked user cannot keep
/// using what they were issued before.
pub async fn update_user(
    services: &Services,
    access: &WriteAccess,
    id: UserId,
    patch: UserPatch,
    now: UnixTime,
) -> Result<(), DomainError> {
    let patch = UserPatch {
        display_name: patch
            .display_name
            .map(|n| required_name(&n, "displayName"))
            .transpose()?,
        mail: patch.mail.map(optional_mail).transpose()?,
        account_enabled: patch.account_enabled,
        user_principal_name: patch
            .user_principal_name
            .map(|u| crate::address::normalize(&u)),
    };
    let mut tx = services.store.write().await?;
    let Some(before) = tx.db().user_by_id(access.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    // A guest's is refused by `change_user`, whatever its domain.
    if let Some(upn) = patch.user_principal_name.as_ref()
        && before.user_type != UserType::Guest
    {
        check_upn_domain(&mut tx, access.tenant, upn).await?;
    }
    let (details, notices) = change_user(&mut tx, services, access, &before, &patch, now).await?;
    let details = serde_json::Value::Object(details);
    audit(&mut tx, access, now, "Update user", "User", id, details).await?;
    tx.commit().await?;
    if notices > 0 {
        services.wake_mail_delivery();
    }
    Ok(())
}

/// Applies a checked [`UserPatch`] to `before` in the caller's transaction (Graph's
/// and SCIM's updates; the caller has checked a new principal name's domain): a
/// guest keeps its principal name, nobody locks the organization out, and a block
/// ends the user's sessions and refresh tokens and tells its sponsored users'
/// other sponsors. Answers the audit entry's details (old values kept) and how many
/// notices were queued.
pub(crate) async fn change_user(
    tx: &mut Tx,
    services: &Services,
    access: &WriteAccess,
    before: &User,
    patch: &UserPatch,
    now: UnixTime,
) -> Result<(serde_json::Map<String, serde_json::Value>, usize), DomainError> {
    let id = before.id;
    if let Some(upn) = &patch.user_principal_name {
        // A guest's principal name is derived from its home address and must keep
        // pointing there; only members' names are theirs to change.
        if before.user_type == UserType::Guest && *upn != before.user_principal_name {
            return Err(DomainError::invalid(
                "the userPrincipalName of a guest user cannot be changed",
            ));
        }
    }
    let blocked = patch.account_enabled == Some(false) && before.account_enabled;
    if blocked {
        keep_an_administrator(tx, access, before, false).await?;
    }
    tx.db().update_user(access.tenant, id, patch, now).await?;
    let mut details = serde_json::Map::new();
    if let Some(name) = &patch.display_name {
        details.insert("displayName".into(), json!(name));
    }
    if let Some(mail) = &patch.mail {
        details.insert("mail".into(), json!(mail));
    }
    if let Some(upn) = &patch.user_principal_name {
        details.insert("userPrincipalName".into(), json!(upn));
    }
    if let Some(enabled) = patch.account_enabled {
        details.insert("accountEnabled".into(), json!(enabled));
    }
    let old = json!({
        "displayName": before.display_name, "mail": before.mail,
        "userPrincipalName": before.user_principal_name, "accountEnabled": before.account_enabled,
    });
    crate::audit_changes::keep_old_values(&mut details, &old);
    let mut notices = 0;
    if blocked {
        let (sessions, tokens) = end_sign_ins(tx, access.tenant, id, now).await?;
        details.insert("endedSessions".into(), json!(sessions));
        details.insert("revokedRefreshTokens".into(), json!(tokens));
        notices = crate::sponsors::sponsor_left(
            &mut tx.db(),
            services,
            access.tenant,
            id.0,
            &before.display_name,
            now,
        )
        .await?;
    }
    Ok((details, notices))
}

/// A block or delete refused because it would lock the organization out of its own
/// administration; the portal says it in the reader's language, the API in English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lockout {
    /// The caller's own account.
    Own { delete: bool },
    /// The organization's last enabled Global Administrator, by display name.
    LastAdministrator { name: String, delete: bool },
}

impl std::fmt::Display for Lockout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Lockout::Own { delete } => write!(
                f,
                "You cannot {} your own account: you would lose access at once. \
                 Another administrator can do it.",
                if *delete { "delete" } else { "block" }
            ),
            Lockout::LastAdministrator { name, delete } => write!(
                f,
                "{name} is the organization's last Global Administrator: nobody could sign \
                 in to the portal to undo it, so they cannot be {}.",
                if *delete { "deleted" } else { "blocked" }
            ),
        }
    }
}

/// Refuses, in the caller's transaction, to block or delete one's own account, or the
/// organization's last enabled Global Administrator: either leaves nobody who can
/// sign in to the portal and undo it. On PostgreSQL the tenant's row is locked first,
/// so two administrators blocking each other at once cannot both succeed (SQLite's
/// single writer already serializes them).
pub(crate) async fn keep_an_administrator(
    tx: &mut Tx,
    access: &WriteAccess,
    target: &User,
    delete: bool,
) -> Result<(), DomainError> {
    if access.actor == entente_model::Actor::User(target.id) {
        return Err(DomainError::LockedOut(Lockout::Own { delete }));
    }
    let roles = tx.db().directory_roles(access.tenant, target.id).await?;
    if !roles.contains(&DirectoryRole::GlobalAdministrator) || (!delete && !target.account_enabled)
    {
        return Ok(());
    }
    tx.db().tenant_for_update(access.tenant).await?;
    let others = tx
        .db()
        .enabled_role_holders_besides(access.tenant, DirectoryRole::GlobalAdministrator, target.id)
        .await?;
    if others == 0 {
        return Err(DomainError::LockedOut(Lockout::LastAdministrator {
            name: target.display_name.clone(),
            delete,
        }));
    }
    Ok(())
}

/// Ends a user's browser sessions and revokes their refresh tokens, in the caller's
/// transaction; answers how many of each there were.
pub(crate) async fn end_sign_ins(
    tx: &mut Tx,
    tenant: TenantId,
    user: UserId,
    now: UnixTime,
) -> Result<(u64, u64), DomainError> {
    let sessions = tx.db().end_user_sessions(tenant, user, now).await?;
    let tokens = tx
        .db()
        .revoke_user_refresh_tokens(tenant, user, now)
        .await?;
    Ok((sessions, tokens))
}

/// Blocks a user's sign-in and ends its sessions and refresh tokens, in the caller's
/// transaction (the guest lifecycle's, the inactive-guest policy's and the access
/// reviews' block); answers how many sessions and tokens ended.
pub(crate) async fn block_sign_in(
    tx: &mut Tx,
    tenant: TenantId,
    user: UserId,
    now: UnixTime,
) -> Result<(u64, u64), DomainError> {
    let patch = entente_storage::UserPatch {
        account_enabled: Some(false),
        ..entente_storage::UserPatch::default()
    };
    tx.db().update_user(tenant, user, &patch, now).await?;
    end_sign_ins(tx, tenant, user, now).await
}

/// Signs a user out everywhere (Graph's `revokeSignInSessions`): every session ends
/// and every refresh token stops working at once; the account stays enabled.
pub async fn revoke_sign_in_sessions(
    services: &Services,
    access: &WriteAccess,
    id: UserId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    if tx.db().user_by_id(access.tenant, id).await?.is_none() {
        return Err(DomainError::NotFound);
    }
    let (sessions, tokens) = end_sign_ins(&mut tx, access.tenant, id, now).await?;
    let details = json!({ "endedSessions": sessions, "revokedRefreshTokens": tokens });
    audit(
        &mut tx,
        access,
        now,
        "Revoke sign-in sessions",
        "User",
        id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_user(
    services: &Services,
    access: &WriteAccess,
    id: UserId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let Some(user) = tx.db().user_by_id(access.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    keep_an_administrator(&mut tx, access, &user, true).await?;
    // Into deleted items: sign-ins end now, the rest waits 30 days for a restore.
    tx.db().soft_delete_user(access.tenant, id, now).await?;
    let details =
        json!({ "userPrincipalName": user.user_principal_name, "userType": user.user_type });
    audit(&mut tx, access, now, "Delete user", "User", id, details).await?;
    // Whoever it answered for is told to its other sponsors, or to the administrators.
    let notices = crate::sponsors::sponsor_left(
        &mut tx.db(),
        services,
        access.tenant,
        id.0,
        &user.display_name,
        now,
    )
    .await?;
    // The guest objects this account redeemed elsewhere point at nothing now: they
    // go too, into their own tenant's deleted items, each audited there (the 2016
    // preview left them behind).
    // Each is marked as taken along by this account, so restoring the account brings
    // back exactly these (see `deleted_items::restore`).
    for guest in tx.db().guests_of_home_user(id).await? {
        tx.db()
            .soft_delete_guest_with(guest.tenant_id, guest.id, id, now)
            .await?;
        let details = json!({
            "userPrincipalName": guest.user_principal_name, "userType": guest.user_type,
            "reason": "home account deleted", "homeTenantId": access.tenant.to_string(),
        });
        tx.db()
            .append_audit(
                guest.tenant_id,
                now,
                &entente_model::Actor::System,
                "Delete guest user",
                "User",
                Some(&guest.id.to_string()),
                &details,
            )
            .await?;
    }
    tx.commit().await?;
    if notices > 0 {
        services.wake_mail_delivery();
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Groups

pub async fn create_group(
    services: &Services,
    access: &WriteAccess,
    request: NewGroup,
    now: UnixTime,
) -> Result<Group, DomainError> {
    let group = Group {
        id: GroupId::new_id(),
        tenant_id: access.tenant,
        display_name: required_name(&request.display_name, "displayName")?,
        description: group_description(request.description)?,
        created_at: now,
    };
    let mut tx = services.store.write().await?;
    tx.db().insert_group(&group).await?;
    let details = json!({ "displayName": group.display_name, "description": group.description });
    audit(
        &mut tx,
        access,
        now,
        "Add group",
        "Group",
        group.id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(group)
}

pub async fn get_group(
    services: &Services,
    access: ReadAccess,
    id: GroupId,
) -> Result<Group, DomainError> {
    let mut conn = services.store.read().await?;
    conn.db()
        .group_by_id(access.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)
}

pub async fn update_group(
    services: &Services,
    access: &WriteAccess,
    id: GroupId,
    patch: GroupPatch,
    now: UnixTime,
) -> Result<(), DomainError> {
    let patch = GroupPatch {
        display_name: patch
            .display_name
            .map(|n| required_name(&n, "displayName"))
            .transpose()?,
        description: patch.description.map(group_description).transpose()?,
    };
    let mut tx = services.store.write().await?;
    let before = tx.db().group_by_id(access.tenant, id).await?;
    if !tx.db().update_group(access.tenant, id, &patch, now).await? {
        return Err(DomainError::NotFound);
    }
    let mut details = serde_json::Map::new();
    if let Some(name) = &patch.display_name {
        details.insert("displayName".into(), json!(name));
    }
    if let Some(description) = &patch.description {
        details.insert("description".into(), json!(description));
    }
    if let Some(before) = before {
        let old = json!({ "displayName": before.display_name, "description": before.description });
        crate::audit_changes::keep_old_values(&mut details, &old);
    }
    let details = serde_json::Value::Object(details);
    audit(&mut tx, access, now, "Update group", "Group", id, details).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_group(
    services: &Services,
    access: &WriteAccess,
    id: GroupId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let Some(group) = tx.db().group_by_id(access.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    tx.db().soft_delete_group(access.tenant, id, now).await?;
    let details = json!({ "displayName": group.display_name });
    audit(&mut tx, access, now, "Delete group", "Group", id, details).await?;
    let notices = crate::sponsors::sponsor_left(
        &mut tx.db(),
        services,
        access.tenant,
        id.0,
        &group.display_name,
        now,
    )
    .await?;
    tx.commit().await?;
    if notices > 0 {
        services.wake_mail_delivery();
    }
    Ok(())
}

/// Adds a user of the tenant to a group; adding a member twice is a conflict.
pub async fn add_group_member(
    services: &Services,
    access: &WriteAccess,
    group: GroupId,
    user: UserId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    if tx.db().group_by_id(access.tenant, group).await?.is_none() {
        return Err(DomainError::NotFound);
    }
    // The member must live in the same tenant; checking here also keeps a foreign id
    // from surfacing as anything but "not found".
    let Some(member) = tx.db().user_by_id(access.tenant, user).await? else {
        return Err(DomainError::NotFound);
    };
    if !tx.db().add_group_member(access.tenant, group, user).await? {
        return Err(DomainError::Conflict(
            "the user is already a member of the group".into(),
        ));
    }
    let details = json!({ "memberId": user.to_string(), "memberName": member.display_name });
    audit(
        &mut tx,
        access,
        now,
        "Add member to group",
        "Group",
        group,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_group_member(
    services: &Services,
    access: &WriteAccess,
    group: GroupId,
    user: UserId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    if !tx
        .db()
        .remove_group_member(access.tenant, group, user)
        .await?
    {
        return Err(DomainError::NotFound);
    }
    let member = tx.db().user_by_id(access.tenant, user).await?;
    let details = json!({
        "memberId": user.to_string(), "memberName": member.map(|m| m.display_name),
    });
    let action = "Remove member from group";
    audit(&mut tx, access, now, action, "Group", group, details).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------
// Applications

/// Graph's `signInAudience` of an application: its own organization, or others too.
pub fn sign_in_audience(multiple_orgs: bool) -> &'static str {
    if multiple_orgs {
        "AzureADMultipleOrgs"
    } else {
        "AzureADMyOrg"
    }
}

pub async fn create_application(
    services: &Services,
    access: &WriteAccess,
    request: NewApplication,
    now: UnixTime,
) -> Result<ApplicationView, DomainError> {
    let application = Application {
        id: AppId::new_id(),
        tenant_id: access.tenant,
        client_id: Uuid::new_v4().to_string(),
        display_name: required_name(&request.display_name, "displayName")?,
        public_client: request.public_client,
        redirect_uris: request.redirect_uris,
        home_page_url: request.home_page_url,
        logo_url: crate::invitations::policy::logo_url(request.logo_url)?,
        app_roles: request.app_roles,
        jwks: None,
        created_at: now,
        assignment_required: request.assignment_required,
        multiple_orgs: request.multiple_orgs,
    };
    check_application(&application)?;
    let mut tx = services.store.write().await?;
    tx.db().insert_application(&application).await?;
    let keys = crate::app_keys::replace_keys(
        &mut tx,
        access.tenant,
        application.id,
        request.key_credentials,
        now,
    )
    .await?;
    let details = json!({
        "displayName": application.display_name, "appId": application.client_id,
        "publicClient": application.public_client, "redirectUris": application.redirect_uris,
        "appRoles": application.app_roles.iter().map(|r| &r.value).collect::<Vec<_>>(),
        "signInAudience": sign_in_audience(application.multiple_orgs),
        "keyCredentials": keys.details,
    });
    let action = "Add application";
    audit(
        &mut tx,
        access,
        now,
        action,
        "Application",
        application.id,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(ApplicationView {
        application,
        secrets: Vec::new(),
        keys: keys.all,
    })
}

pub async fn get_application(
    services: &Services,
    access: ReadAccess,
    id: AppId,
) -> Result<ApplicationView, DomainError> {
    let mut conn = services.store.read().await?;
    let Some(application) = conn.db().application_by_id(access.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    let secrets = secret_infos(conn.db().client_secrets(access.tenant, id).await?);
    let keys = conn.db().key_credentials(access.tenant, id).await?;
    Ok(ApplicationView {
        application,
        secrets,
        keys,
    })
}

pub async fn update_application(
    services: &Services,
    access: &WriteAccess,
    id: AppId,
    patch: ApplicationPatch,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let Some(mut application) = tx.db().application_by_id(access.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    let old = json!({
        "displayName": application.display_name, "publicClient": application.public_client,
        "redirectUris": application.redirect_uris, "homePageUrl": application.home_page_url,
        "logoUrl": application.logo_url, "appRoleAssignmentRequired": application.assignment_required,
        "appRoles": application.app_roles.iter().map(|r| &r.value).collect::<Vec<_>>(),
        "signInAudience": sign_in_audience(application.multiple_orgs),
    });
    let mut details = serde_json::Map::new();
    if let Some(name) = patch.display_name {
        application.display_name = required_name(&name, "displayName")?;
        details.insert("displayName".into(), json!(application.display_name));
    }
    if let Some(public_client) = patch.public_client {
        application.public_client = public_client;
        details.insert("publicClient".into(), json!(public_client));
    }
    if let Some(uris) = patch.redirect_uris {
        details.insert("redirectUris".into(), json!(uris));
        application.redirect_uris = uris;
    }
    if let Some(home) = patch.home_page_url {
        details.insert("homePageUrl".into(), json!(home));
        application.home_page_url = home;
    }
    if let Some(logo) = patch.logo_url {
        application.logo_url = crate::invitations::policy::logo_url(logo)?;
        details.insert("logoUrl".into(), json!(application.logo_url));
    }
    if let Some(required) = patch.assignment_required {
        details.insert("appRoleAssignmentRequired".into(), json!(required));
        application.assignment_required = required;
    }
    if let Some(multiple) = patch.multiple_orgs {
        details.insert("signInAudience".into(), json!(sign_in_audience(multiple)));
        application.multiple_orgs = multiple;
    }
    if let Some(roles) = patch.app_roles {
        // As in Entra ID, a role is disabled before it is removed, so that removing
        // one is a deliberate second step and never a slip in a PATCH body.
        if let Some(live) = application
            .app_roles
            .iter()
            .find(|old| old.is_enabled && !roles.iter().any(|r| r.id == old.id))
        {
            return Err(DomainError::invalid(format!(
                "app role {:?} must be disabled (isEnabled false) before it can be removed",
                live.value
            )));
        }
        let values: Vec<&str> = roles.iter().map(|r| r.value.as_str()).collect();
        details.insert("appRoles".into(), json!(values));
        application.app_roles = roles;
    }
    check_application(&application)?;
    tx.db().update_application(&application).await?;
    if let Some(wanted) = patch.key_credentials {
        let keys = crate::app_keys::replace_keys(&mut tx, access.tenant, id, wanted, now).await?;
        details.insert("keyCredentials".into(), keys.details);
    }
    crate::audit_changes::keep_old_values(&mut details, &old);
    let details = serde_json::Value::Object(details);
    let action = "Update application";
    audit(&mut tx, access, now, action, "Application", id, details).await?;
    tx.commit().await?;
    // Token requests read clients through the cache: drop this node's copies now.
    services.cache.forget_tenant(access.tenant);
    Ok(())
}

/// Moves an application to deleted items: it issues no token from now on, and the
/// tokens and codes issued to it are erased; its secrets, keys and assignments wait
/// for a restore.
pub async fn delete_application(
    services: &Services,
    access: &WriteAccess,
    id: AppId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let Some(application) = tx.db().application_by_id(access.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    tx.db()
        .soft_delete_application(access.tenant, id, now)
        .await?;
    let details =
        json!({ "displayName": application.display_name, "appId": application.client_id });
    let action = "Delete application";
    audit(&mut tx, access, now, action, "Application", id, details).await?;
    tx.commit().await?;
    // Token requests read clients through the cache: drop this node's copies now.
    services.cache.forget_tenant(access.tenant);
    Ok(())
}

/// Adds a client secret; its text is in the result and nowhere else, ever.
pub async fn add_application_password(
    services: &Services,
    access: &WriteAccess,
    id: AppId,
    display_name: Option<String>,
    expires_at: Option<UnixTime>,
    now: UnixTime,
) -> Result<AddedPassword, DomainError> {
    let lifetime = match expires_at {
        Some(end) if end <= now => {
            return Err(DomainError::invalid("endDateTime must be in the future"));
        }
        Some(end) => end - now,
        None => DEFAULT_SECRET_LIFETIME,
    };
    let mut tx = services.store.write().await?;
    if tx
        .db()
        .application_by_id(access.tenant, id)
        .await?
        .is_none()
    {
        return Err(DomainError::NotFound);
    }
    let minted = mint_client_secret(services, id, display_name, now, lifetime);
    tx.db()
        .insert_client_secret(access.tenant, &minted.info, &minted.hash)
        .await?;
    // The hint goes in the log so an admin can tell secrets apart; the text never does.
    let details = json!({
        "keyId": minted.info.id.to_string(), "hint": minted.info.hint,
        "displayName": minted.info.display_name, "endDateTime": minted.info.expires_at,
    });
    let action = "Add application password";
    audit(&mut tx, access, now, action, "Application", id, details).await?;
    tx.commit().await?;
    // Token requests read clients through the cache: drop this node's copies now.
    services.cache.forget_tenant(access.tenant);
    Ok(AddedPassword {
        secret_text: minted.value,
        info: minted.info,
    })
}

pub async fn remove_application_password(
    services: &Services,
    access: &WriteAccess,
    id: AppId,
    key_id: Uuid,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    if !tx
        .db()
        .delete_client_secret(access.tenant, id, key_id)
        .await?
    {
        return Err(DomainError::NotFound);
    }
    let details = json!({ "keyId": key_id.to_string() });
    let action = "Remove application password";
    audit(&mut tx, access, now, action, "Application", id, details).await?;
    tx.commit().await?;
    // Token requests read clients through the cache: drop this node's copies now.
    services.cache.forget_tenant(access.tenant);
    Ok(())
}

// ---------------------------------------------------------------------------------
// App role assignments

/// Grants a user or group a role (or default access) on an application of the tenant.
pub async fn assign_app_role(
    services: &Services,
    access: &WriteAccess,
    principal: Principal,
    request: NewAssignment,
    now: UnixTime,
) -> Result<AssignmentView, DomainError> {
    let mut tx = services.store.write().await?;
    principal_exists(&mut tx, access.tenant, principal).await?;
    let Some(resource) =
        crate::multi_tenant::assignable_resource(&mut tx.db(), access.tenant, request.resource.0)
            .await?
    else {
        return Err(DomainError::NotFound);
    };
    if !request.app_role_id.is_nil() {
        // Graph's "User" member type covers groups too: members receive the role.
        let grantable = resource.app_roles.iter().any(|r| {
            r.id == request.app_role_id
                && r.is_enabled
                && r.allowed_member_types.iter().any(|t| t == "User")
        });
        if !grantable {
            return Err(DomainError::invalid(format!(
                "appRoleId {} is not an enabled user role of application {}",
                request.app_role_id, resource.id
            )));
        }
    }
    let assignment = AppRoleAssignment {
        id: AssignmentId::new_id(),
        tenant_id: access.tenant,
        principal_id: principal.id(),
        principal_type: principal.kind(),
        resource_id: resource.id.0,
        app_role_id: request.app_role_id,
        created_at: now,
    };
    tx.db().insert_assignment(&assignment).await?;
    let details = json!({
        "principalId": assignment.principal_id.to_string(),
        "principalType": assignment.principal_type,
        "resourceId": assignment.resource_id.to_string(),
        "appRoleId": assignment.app_role_id.to_string(),
        "principalName": principal_name(&mut tx, access.tenant, principal).await?,
        "resourceName": resource.display_name,
    });
    let action = "Add app role assignment";
    let target = assignment.id;
    audit(
        &mut tx,
        access,
        now,
        action,
        "AppRoleAssignment",
        target,
        details,
    )
    .await?;
    let view = describe(&mut tx.db(), access.tenant, vec![assignment]).await?;
    tx.commit().await?;
    // Token requests read clients through the cache: drop this node's copies now.
    services.cache.forget_tenant(access.tenant);
    view.into_iter()
        .next()
        .ok_or_else(|| DomainError::internal("an assignment vanished while being described"))
}

/// The assignments a user or group holds directly.
pub async fn list_principal_assignments(
    services: &Services,
    access: ReadAccess,
    principal: Principal,
) -> Result<Vec<AssignmentView>, DomainError> {
    let mut conn = services.store.read().await?;
    let exists = match principal {
        Principal::User(id) => conn.db().user_by_id(access.tenant, id).await?.is_some(),
        Principal::Group(id) => conn.db().group_by_id(access.tenant, id).await?.is_some(),
    };
    if !exists {
        return Err(DomainError::NotFound);
    }
    let found = conn
        .db()
        .assignments_of_principal(access.tenant, principal.id())
        .await?;
    describe(&mut conn.db(), access.tenant, found).await
}

/// The assignments granting roles on an application.
pub async fn list_assigned_to(
    services: &Services,
    access: ReadAccess,
    resource: AppId,
) -> Result<Vec<AssignmentView>, DomainError> {
    let mut conn = services.store.read().await?;
    let Some(application) =
        crate::multi_tenant::assignable_resource(&mut conn.db(), access.tenant, resource.0).await?
    else {
        return Err(DomainError::NotFound);
    };
    let found = conn
        .db()
        .assignments_to_resource(access.tenant, application.id.0)
        .await?;
    describe(&mut conn.db(), access.tenant, found).await
}

/// Removes an assignment, reached through the principal that holds it.
pub async fn delete_assignment(
    services: &Services,
    access: &WriteAccess,
    principal: Principal,
    id: AssignmentId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let resource = match tx.db().assignment_by_id(access.tenant, id).await? {
        Some(a) if a.principal_id == principal.id() => a.resource_id,
        _ => return Err(DomainError::NotFound),
    };
    tx.db().delete_assignment(access.tenant, id).await?;
    let app = tx
        .db()
        .application_by_id(access.tenant, AppId(resource))
        .await?;
    let details = json!({
        "principalId": principal.id().to_string(),
        "principalName": principal_name(&mut tx, access.tenant, principal).await?,
        "resourceId": resource.to_string(), "resourceName": app.map(|a| a.display_name),
    });
    let action = "Remove app role assignment";
    audit(
        &mut tx,
        access,
        now,
        action,
        "AppRoleAssignment",
        id,
        details,
    )
    .await?;
    tx.commit().await?;
    // Token requests read clients through the cache: drop this node's copies now.
    services.cache.forget_tenant(access.tenant);
    Ok(())
}

/// A user's or group's display name, for the audit entries that name it.
async fn principal_name(
    tx: &mut Tx,
    tenant: TenantId,
    principal: Principal,
) -> Result<Option<String>, DomainError> {
    Ok(match principal {
        Principal::User(id) => tx
            .db()
            .user_by_id(tenant, id)
            .await?
            .map(|u| u.display_name),
        Principal::Group(id) => tx
            .db()
            .group_by_id(tenant, id)
            .await?
            .map(|g| g.display_name),
    })
}

// ---------------------------------------------------------------------------------
// Audit log

/// One page of the audit log, newest first.
pub async fn list_audit_log(
    services: &Services,
    access: AuditReadAccess,
    page: PageRequest,
) -> Result<Page<AuditEntry>, DomainError> {
    list_audit_log_of(services, access, &AuditFilter::default(), page).await
}

/// One page of the audit log, newest first, only the entries about `target` (an
/// object id, or a domain name) when given.
pub async fn list_audit_log_of(
    services: &Services,
    access: AuditReadAccess,
    filter: &AuditFilter,
    page: PageRequest,
) -> Result<Page<AuditEntry>, DomainError> {
    let top = page_size(page.top)?;
    let before = cursor::<entente_storage::AuditPosition>(page.skip_token.as_deref())?;
    let mut conn = services.store.read().await?;
    let rows = conn
        .db()
        .list_audit_of(access.tenant, filter, before, top + 1)
        .await?;
    Ok(paged(rows, top, |e| {
        entente_storage::AuditPosition(e.at, e.id).to_string()
    }))
}

/// The actions the tenant's audit log holds, to choose a filter from.
pub async fn audit_actions(
    services: &Services,
    access: AuditReadAccess,
) -> Result<Vec<String>, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn.db().audit_actions(access.tenant).await?)
}

/// The most entries one export of the audit log holds, newest first.
pub const AUDIT_EXPORT_LIMIT: usize = 100_000;

/// The audit log as a CSV file for a spreadsheet, newest first, at most
/// [`AUDIT_EXPORT_LIMIT`] entries; cells that a spreadsheet would run as a formula
/// (targets and details can hold what users typed) are neutralized.
pub async fn export_audit_log(
    services: &Services,
    access: AuditReadAccess,
    filter: &AuditFilter,
) -> Result<String, DomainError> {
    use std::borrow::Cow;
    let mut conn = services.store.read().await?;
    let mut entries = Vec::new();
    let mut before = None;
    while entries.len() < AUDIT_EXPORT_LIMIT {
        let page = conn
            .db()
            .list_audit_of(access.tenant, filter, before, 1_000)
            .await?;
        let Some(last) = page.last() else { break };
        before = Some(entente_storage::AuditPosition(last.at, last.id));
        let done = page.len() < 1_000;
        entries.extend(page);
        if done {
            break;
        }
    }
    entries.truncate(AUDIT_EXPORT_LIMIT);
    let rows = entries.into_iter().map(|e| {
        vec![
            Cow::Owned(e.id.to_string()),
            Cow::Owned(time_text(e.at)),
            Cow::Owned(e.actor_type),
            Cow::Owned(e.actor_id.map(|id| id.to_string()).unwrap_or_default()),
            Cow::Owned(e.action),
            Cow::Owned(e.target_type),
            Cow::Owned(e.target_id.unwrap_or_default()),
            Cow::Owned(e.details.to_string()),
            Cow::Owned(e.actor_name.unwrap_or_default()),
            Cow::Owned(e.target_name.unwrap_or_default()),
        ]
    });
    Ok(crate::invitations::csv_report::write_table(
        &[
            "Id",
            "Time",
            "ActorType",
            "ActorId",
            "Action",
            "TargetType",
            "TargetId",
            "Details",
            "ActorName",
            "TargetName",
        ],
        rows,
    ))
}

/// A Unix time as RFC 3339 in UTC, or the number when it is out of range.
pub(crate) fn time_text(at: UnixTime) -> String {
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| at.to_string())
}

// ---------------------------------------------------------------------------------
// Rules shared by the use cases

/// Checks a redirect URI: absolute, no fragment (RFC 6749 section 3.1.2), and https
/// except for loopback addresses, where native apps listen on plain http (RFC 8252).
pub fn check_redirect_uri(uri: &str) -> Result<(), DomainError> {
    let invalid =
        |rule, why: &str| Fault::error("redirectUris", rule, format!("redirect URI {uri:?} {why}"));
    let parsed =
        url::Url::parse(uri).map_err(|_| invalid(Rule::NotWebAddress, "is not an absolute URL"))?;
    if parsed.fragment().is_some() {
        return Err(invalid(Rule::Fragment, "must not contain a fragment"));
    }
    match parsed.scheme() {
        "https" if parsed.host().is_some() => Ok(()),
        "http" => match parsed.host_str() {
            Some("localhost") | Some("127.0.0.1") => Ok(()),
            _ => Err(invalid(
                Rule::NotHttps,
                "must use https unless it points at localhost",
            )),
        },
        _ => Err(invalid(Rule::NotHttps, "must use https")),
    }
}

fn check_application(application: &Application) -> Result<(), DomainError> {
    for uri in &application.redirect_uris {
        check_redirect_uri(uri)?;
    }
    if let Some(home) = &application.home_page_url {
        let invalid = |why: &str| Fault::error("homePageUrl", Rule::NotWebAddress, why);
        let parsed =
            url::Url::parse(home).map_err(|_| invalid("homePageUrl is not an absolute URL"))?;
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err(invalid("homePageUrl must be an http(s) URL"));
        }
    }
    let roles = &application.app_roles;
    for (i, role) in roles.iter().enumerate() {
        if role.id.is_nil() {
            return Err(DomainError::invalid(
                "an app role id must not be the nil UUID (it means default access)",
            ));
        }
        if role.value.trim().is_empty() || role.value.contains(char::is_whitespace) {
            return Err(DomainError::invalid(
                "an app role value must be non-empty and contain no spaces",
            ));
        }
        if role.allowed_member_types.is_empty()
            || role
                .allowed_member_types
                .iter()
                .any(|t| t != "User" && t != "Application")
        {
            return Err(DomainError::invalid(
                "allowedMemberTypes must hold \"User\", \"Application\" or both",
            ));
        }
        if roles[..i]
            .iter()
            .any(|r| r.id == role.id || r.value == role.value)
        {
            return Err(DomainError::invalid(format!(
                "app role {:?} is defined twice (ids and values must be unique)",
                role.value
            )));
        }
    }
    Ok(())
}

pub(crate) fn required_name(name: &str, field: &'static str) -> Result<String, DomainError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Fault::error(
            field,
            Rule::Empty,
            format!("{field} must not be empty"),
        ));
    }
    let length = name.chars().count();
    if length > 256 {
        return Err(Fault::error(
            field,
            Rule::TooLong { length, max: 256 },
            format!("{field} must have at most 256 characters"),
        ));
    }
    Ok(name.to_owned())
}

/// A group's description: none when blank; at most 1,024 characters, as in Entra ID.
pub(crate) fn group_description(
    description: Option<String>,
) -> Result<Option<String>, DomainError> {
    let Some(description) = description.filter(|d| !d.trim().is_empty()) else {
        return Ok(None);
    };
    let length = description.chars().count();
    if length > 1024 {
        return Err(Fault::error(
            "description",
            Rule::TooLong { length, max: 1024 },
            "description must have at most 1024 characters",
        ));
    }
    Ok(Some(description))
}

pub(crate) fn optional_mail(mail: Option<String>) -> Result<Option<String>, DomainError> {
    match mail.map(|m| m.trim().to_owned()) {
        Some(m) if m.is_empty() => Ok(None),
        Some(m) if !crate::address::is_address(&m) => Err(Fault::error(
            "mail",
            Rule::NotAnAddress,
            format!("mail {m:?} is not an email address"),
        )),
        other => Ok(other.map(|m| crate::address::normalize(&m))),
    }
}

/// A member's principal name must be an address in one of the tenant's own domains,
/// as in Entra ID: a name in someone else's domain would impersonate their users.
pub(crate) async fn check_upn_domain(
    tx: &mut Tx,
    tenant: TenantId,
    upn: &str,
) -> Result<(), DomainError> {
    let invalid = || {
        Fault::error(
            "userPrincipalName",
            Rule::OutsideDomains,
            format!("userPrincipalName {upn:?} must be an address in one of the tenant's domains"),
        )
    };
    if !crate::address::is_address(upn) {
        return Err(invalid());
    }
    let domain = crate::address::domain_of(upn);
    match tx.db().tenant_by_domain(&domain).await? {
        Some(owner) if owner.id == tenant => Ok(()),
        _ => Err(invalid()),
    }
}

async fn principal_exists(
    tx: &mut Tx,
    tenant: TenantId,
    principal: Principal,
) -> Result<(), DomainError> {
    let exists = match principal {
        Principal::User(id) => tx.db().user_by_id(tenant, id).await?.is_some(),
        Principal::Group(id) => tx.db().group_by_id(tenant, id).await?.is_some(),
    };
    if exists {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// Adds the display names of principals and resources, looking each id up once.
async fn describe(
    db: &mut Db<'_>,
    tenant: TenantId,
    assignments: Vec<AppRoleAssignment>,
) -> Result<Vec<AssignmentView>, DomainError> {
    let mut names: HashMap<Uuid, Option<String>> = HashMap::new();
    names.insert(DIRECTORY_API_ID, Some("Entente directory API".to_owned()));
    let mut views = Vec::with_capacity(assignments.len());
    for assignment in assignments {
        for (id, kind) in [
            (assignment.principal_id, assignment.principal_type),
            (assignment.resource_id, PrincipalType::ServicePrincipal),
        ] {
            if names.contains_key(&id) {
                continue;
            }
            let name = match kind {
                PrincipalType::User => db
                    .user_by_id(tenant, UserId(id))
                    .await?
                    .map(|u| u.display_name),
                PrincipalType::Group => db
                    .group_by_id(tenant, GroupId(id))
                    .await?
                    .map(|g| g.display_name),
                PrincipalType::ServicePrincipal => {
                    match db.application_by_id(tenant, AppId(id)).await? {
                        Some(own) => Some(own.display_name),
                        // Another organization's application, through this tenant's
                        // service principal of it.
                        None => db
                            .service_principal_of(tenant, AppId(id))
                            .await?
                            .map(|row| row.application.display_name),
                    }
                }
            };
            names.insert(id, name);
        }
        views.push(AssignmentView {
            principal_display_name: names.get(&assignment.principal_id).cloned().flatten(),
            resource_display_name: names.get(&assignment.resource_id).cloned().flatten(),
            assignment,
        });
    }
    Ok(views)
}

fn secret_infos(records: Vec<entente_storage::SecretRecord>) -> Vec<ClientSecretInfo> {
    records.into_iter().map(|r| r.info).collect()
}

pub(crate) async fn audit(
    tx: &mut Tx,
    access: &WriteAccess,
    now: UnixTime,
    action: &str,
    target_type: &str,
    target_id: impl std::fmt::Display,
    details: serde_json::Value,
) -> Result<(), DomainError> {
    let target = target_id.to_string();
    tx.db()
        .append_audit(
            access.tenant,
            now,
            &access.actor,
            action,
            target_type,
            Some(&target),
            &details,
        )
        .await?;
    Ok(())
}

pub(crate) fn page_size(top: Option<i64>) -> Result<i64, DomainError> {
    match top {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        Some(_) => Err(DomainError::invalid(format!(
            "$top must be between 1 and {MAX_PAGE_SIZE}"
        ))),
    }
}

pub(crate) fn cursor<T: std::str::FromStr>(token: Option<&str>) -> Result<Option<T>, DomainError> {
    token
        .map(|t| {
            t.parse()
                .map_err(|_| DomainError::invalid("the $skiptoken is not valid"))
        })
        .transpose()
}

/// Cuts the one extra row a query fetched to learn whether another page follows.
pub(crate) fn paged<T>(mut rows: Vec<T>, top: i64, key: impl Fn(&T) -> String) -> Page<T> {
    let top = usize::try_from(top).unwrap_or(usize::MAX);
    let more = rows.len() > top;
    rows.truncate(top);
    let skip_token = if more { rows.last().map(key) } else { None };
    Page {
        items: rows,
        skip_token,
    }
}

/// Sets (or, with `None`, clears) the language Entente writes to a user in (Graph's
/// `preferredLanguage`): one of the twelve languages, kept as its tag.
pub async fn set_preferred_language(
    services: &Services,
    access: &WriteAccess,
    id: UserId,
    language: Option<&str>,
    now: UnixTime,
) -> Result<(), DomainError> {
    let tag = match language.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Some(
            entente_i18n::Language::from_locale(text)
                .ok_or_else(|| {
                    DomainError::invalid(format!(
                        "preferredLanguage \"{text}\" is not one of Entente's languages"
                    ))
                })?
                .as_str(),
        ),
        None => None,
    };
    let mut tx = services.store.write().await?;
    if !tx
        .db()
        .set_preferred_language(access.tenant, id, tag)
        .await?
    {
        return Err(DomainError::NotFound);
    }
    let details = json!({ "preferredLanguage": tag });
    audit(&mut tx, access, now, "Update user", "User", id, details).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris_must_be_https_or_loopback_http() {
        assert!(check_redirect_uri("https://app.contoso.com/callback").is_ok());
        assert!(check_redirect_uri("http://localhost:8400/cb").is_ok());
        assert!(check_redirect_uri("http://127.0.0.1/cb").is_ok());
        assert!(check_redirect_uri("http://app.contoso.com/cb").is_err());
        assert!(check_redirect_uri("https://app.contoso.com/cb#frag").is_err());
        assert!(check_redirect_uri("/relative").is_err());
        assert!(check_redirect_uri("javascript:alert(1)").is_err());
    }

    #[test]
    fn paging_keeps_top_rows_and_points_at_the_last() {
        let page = paged(vec![1, 2, 3], 2, |n| n.to_string());
        assert_eq!(page.items, vec![1, 2]);
        assert_eq!(page.skip_token.as_deref(), Some("2"));
        let last = paged(vec![1, 2], 2, |n| n.to_string());
        assert_eq!(last.skip_token, None);
    }

    #[test]
    fn page_size_is_bounded() {
        assert_eq!(page_size(None).ok(), Some(DEFAULT_PAGE_SIZE));
        assert!(page_size(Some(0)).is_err());
        assert!(page_size(Some(1000)).is_err());
        assert_eq!(page_size(Some(999)).ok(), Some(999));
    }
}
