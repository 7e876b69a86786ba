//! Deleted items, as Entra keeps them: a deleted user, group or application stays 30
//! days in the tenant's deleted items (Graph's `/directory/deletedItems`), from where
//! an administrator restores it, with its memberships, roles and assignments, or
//! deletes it for good; the housekeeping purges what is older.
//!
//! Reading, restoring and deleting an item permanently need the permission of its
//! kind (`User.ReadWrite.All` for a user, ...), the same as deleting it, so each use
//! case finds the kind first, in the caller's tenant only, then checks the caller.
//! Restore and purge are each one conditional statement on the item's row: of many
//! at once, exactly one acts and the others find nothing.

use entente_model::{Actor, AppId, Application, Group, GroupId, UnixTime, User, UserId};
use entente_storage::{ApplicationField, DeletedKind, GroupField, Tx, UserField};
use serde_json::json;
use uuid::Uuid;

use crate::access::{Area, Caller, ReadAccess, WriteAccess};
use crate::directory::audit;
use crate::directory_reads::{Found, Listing, found, query_of};
use crate::{DomainError, Services};

/// How long a deleted item can be restored before it is purged.
pub const KEEP_DELETED: i64 = 30 * 86_400;

/// How many deleted items one housekeeping transaction purges.
const PURGE_BATCH: i64 = 100;

/// A deleted user, group or application.
#[derive(Clone, Debug)]
pub enum DeletedObject {
    User(User),
    Group(Group),
    Application(Application),
}

/// An object in deleted items, and when it was deleted.
#[derive(Clone, Debug)]
pub struct DeletedItem {
    pub object: DeletedObject,
    pub deleted_at: UnixTime,
}

impl DeletedItem {
    pub fn id(&self) -> Uuid {
        match &self.object {
            DeletedObject::User(u) => u.id.0,
            DeletedObject::Group(g) => g.id.0,
            DeletedObject::Application(a) => a.id.0,
        }
    }

    pub fn display_name(&self) -> &str {
        match &self.object {
            DeletedObject::User(u) => &u.display_name,
            DeletedObject::Group(g) => &g.display_name,
            DeletedObject::Application(a) => &a.display_name,
        }
    }

    pub fn kind(&self) -> DeletedKind {
        match &self.object {
            DeletedObject::User(_) => DeletedKind::User,
            DeletedObject::Group(_) => DeletedKind::Group,
            DeletedObject::Application(_) => DeletedKind::Application,
        }
    }

    /// When the housekeeping erases it, unless it is restored first.
    pub fn purged_at(&self) -> UnixTime {
        self.deleted_at + KEEP_DELETED
    }
}

/// The part of the directory whose permissions govern a kind of deleted item.
pub fn area(kind: DeletedKind) -> Area {
    match kind {
        DeletedKind::User => Area::Users,
        DeletedKind::Group => Area::Groups,
        DeletedKind::Application => Area::Applications,
    }
}

fn kind_name(kind: DeletedKind) -> &'static str {
    match kind {
        DeletedKind::User => "User",
        DeletedKind::Group => "Group",
        DeletedKind::Application => "Application",
    }
}

fn users(page: Found<(User, UnixTime)>) -> Found<DeletedItem> {
    map_found(page, |(u, at)| DeletedItem {
        object: DeletedObject::User(u),
        deleted_at: at,
    })
}

fn map_found<T>(page: Found<T>, item: impl Fn(T) -> DeletedItem) -> Found<DeletedItem> {
    Found {
        items: page.items.into_iter().map(item).collect(),
        skip_token: page.skip_token,
        count: page.count,
    }
}

/// The tenant's deleted users (`/directory/deletedItems/microsoft.graph.user`).
pub async fn list_deleted_users(
    services: &Services,
    access: ReadAccess,
    listing: &Listing<UserField>,
) -> Result<Found<DeletedItem>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let page = db.list_deleted_users(access.tenant, &query).await?;
    let count = match listing.count {
        true => Some(
            db.count_deleted_users(access.tenant, query.filter.as_ref())
                .await?,
        ),
        false => None,
    };
    Ok(users(found(page, count)))
}

/// The tenant's deleted groups.
pub async fn list_deleted_groups(
    services: &Services,
    access: ReadAccess,
    listing: &Listing<GroupField>,
) -> Result<Found<DeletedItem>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let page = db.list_deleted_groups(access.tenant, &query).await?;
    let count = match listing.count {
        true => Some(
            db.count_deleted_groups(access.tenant, query.filter.as_ref())
                .await?,
        ),
        false => None,
    };
    Ok(map_found(found(page, count), |(g, at)| DeletedItem {
        object: DeletedObject::Group(g),
        deleted_at: at,
    }))
}

/// The tenant's deleted applications.
pub async fn list_deleted_applications(
    services: &Services,
    access: ReadAccess,
    listing: &Listing<ApplicationField>,
) -> Result<Found<DeletedItem>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let page = db.list_deleted_applications(access.tenant, &query).await?;
    let count = match listing.count {
        true => Some(
            db.count_deleted_applications(access.tenant, query.filter.as_ref())
                .await?,
        ),
        false => None,
    };
    Ok(map_found(found(page, count), |(a, at)| DeletedItem {
        object: DeletedObject::Application(a),
        deleted_at: at,
    }))
}

/// Reads one deleted item of the caller's tenant, of any kind the caller may read.
pub async fn deleted_item(
    services: &Services,
    caller: &Caller,
    id: Uuid,
) -> Result<DeletedItem, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let Some((kind, _)) = db.deleted_kind(caller.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    let access = caller.read(area(kind))?;
    let item = match kind {
        DeletedKind::User => db
            .deleted_user(access.tenant, UserId(id))
            .await?
            .map(|(u, at)| (DeletedObject::User(u), at)),
        DeletedKind::Group => db
            .deleted_group(access.tenant, GroupId(id))
            .await?
            .map(|(g, at)| (DeletedObject::Group(g), at)),
        DeletedKind::Application => db
            .deleted_application(access.tenant, AppId(id))
            .await?
            .map(|(a, at)| (DeletedObject::Application(a), at)),
    };
    let (object, deleted_at) = item.ok_or(DomainError::NotFound)?;
    Ok(DeletedItem { object, deleted_at })
}

/// Finds the kind of a deleted item of the caller's tenant and the caller's write
/// access to that kind, in the transaction.
async fn writable(
    tx: &mut Tx,
    caller: &Caller,
    id: Uuid,
) -> Result<(DeletedKind, WriteAccess), DomainError> {
    let Some((kind, _)) = tx.db().deleted_kind(caller.tenant, id).await? else {
        return Err(DomainError::NotFound);
    };
    Ok((kind, caller.write(area(kind))?))
}

/// Restores a deleted item with everything that hung off it; a user under
/// `new_user_principal_name` when given (Graph's `newUserPrincipalName`). Refused
/// when the user's principal name is taken now: another user has it.
pub async fn restore(
    services: &Services,
    caller: &Caller,
    id: Uuid,
    new_user_principal_name: Option<String>,
    now: UnixTime,
) -> Result<DeletedItem, DomainError> {
    let item = deleted_item(services, caller, id).await?;
    // In the canonical form every other write of a principal name uses, so the
    // unique index and sign-in see the same name (see `crate::address`).
    let new_upn = new_user_principal_name
        .map(|n| crate::address::normalize(n.trim()))
        .filter(|n| !n.is_empty());
    if new_upn.is_some() && item.kind() != DeletedKind::User {
        return Err(DomainError::invalid(
            "newUserPrincipalName applies to users only.",
        ));
    }
    let mut tx = services.store.write().await?;
    let (kind, access) = writable(&mut tx, caller, id).await?;
    if let Some(upn) = &new_upn {
        crate::directory::check_upn_domain(&mut tx, access.tenant, upn).await?;
    }
    let restored = match tx
        .db()
        .restore(kind, access.tenant, id, new_upn.as_deref())
        .await
    {
        Ok(restored) => restored,
        Err(entente_storage::StoreError::Conflict(_)) => {
            let upn = new_upn.clone().unwrap_or_else(|| match &item.object {
                DeletedObject::User(u) => u.user_principal_name.clone(),
                _ => String::new(),
            });
            return Err(DomainError::Conflict(format!(
                "Another user now has the user principal name {upn}: restore with a \
                 newUserPrincipalName, or rename or delete that user first."
            )));
        }
        Err(other) => return Err(other.into()),
    };
    if !restored {
        // Restored or purged since it was read.
        return Err(DomainError::NotFound);
    }
    let details = json!({
        "displayName": item.display_name(), "deletedDateTime": item.deleted_at,
        "newUserPrincipalName": new_upn,
    });
    let action = format!("Restore {}", kind_name(kind).to_lowercase());
    audit(&mut tx, &access, now, &action, kind_name(kind), id, details).await?;
    tx.commit().await?;
    services.cache.forget_tenant(access.tenant);
    let mut item = item;
    if let (DeletedObject::User(user), Some(upn)) = (&mut item.object, new_upn) {
        user.user_principal_name = upn;
    }
    Ok(item)
}

/// Erases a deleted item at once, with everything that hung off it.
pub async fn delete_permanently(
    services: &Services,
    caller: &Caller,
    id: Uuid,
    now: UnixTime,
) -> Result<DeletedItem, DomainError> {
    let item = deleted_item(services, caller, id).await?;
    let mut tx = services.store.write().await?;
    let (kind, access) = writable(&mut tx, caller, id).await?;
    if !tx
        .db()
        .purge_deleted(kind, access.tenant, id, i64::MAX)
        .await?
    {
        return Err(DomainError::NotFound);
    }
    let details = json!({ "displayName": item.display_name(), "deletedDateTime": item.deleted_at });
    let action = format!("Hard delete {}", kind_name(kind).to_lowercase());
    audit(&mut tx, &access, now, &action, kind_name(kind), id, details).await?;
    tx.commit().await?;
    Ok(item)
}

/// Purges every deleted item deleted more than [`KEEP_DELETED`] before `now`, each
/// audited in its tenant; answers how many went.
pub async fn purge_expired(services: &Services, now: UnixTime) -> Result<u64, DomainError> {
    let before = now - KEEP_DELETED;
    let mut purged = 0;
    loop {
        let mut tx = services.store.write().await?;
        let due = tx.db().deleted_before(before, PURGE_BATCH).await?;
        if due.is_empty() {
            return Ok(purged);
        }
        let mut this_batch = 0;
        for (tenant, kind, id) in due {
            let name = tx.db().deleted_item_name(kind, tenant, id).await?;
            if tx.db().purge_deleted(kind, tenant, id, before).await? {
                this_batch += 1;
                let details = json!({ "displayName": name, "reason": "30 days in deleted items" });
                let action = format!("Hard delete {}", kind_name(kind).to_lowercase());
                let target = id.to_string();
                tx.db()
                    .append_audit(
                        tenant,
                        now,
                        &Actor::System,
                        &action,
                        kind_name(kind),
                        Some(&target),
                        &details,
                    )
                    .await?;
            }
        }
        tx.commit().await?;
        purged += this_batch;
        if this_batch == 0 {
            // Everything found was restored meanwhile; the next look finds the rest.
            return Ok(purged);
        }
    }
}

/// Whether an application holds permissions on the directory API: tools such as the
/// entente CLI sign in as it, so deleting it stops them (the portal says so first).
pub async fn reaches_directory_api(
    services: &Services,
    access: ReadAccess,
    app: AppId,
) -> Result<bool, DomainError> {
    let mut conn = services.store.read().await?;
    let held = conn
        .db()
        .assignments_of_principal(access.tenant, app.0)
        .await?;
    Ok(held
        .iter()
        .any(|a| a.resource_id == crate::access::DIRECTORY_API_ID))
}
