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

use entente_model::{Actor, AppId, Application, Group, UnixTime, User, UserId};
use entente_storage::{DeletedField, DeletedKind, DeletedRow, Direction, Sort, Tx};
use serde_json::json;
use uuid::Uuid;

use crate::access::{Area, Caller, ReadAccess, WriteAccess};
use crate::directory::{PageRequest, audit};
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

impl From<User> for DeletedObject {
    fn from(user: User) -> DeletedObject {
        DeletedObject::User(user)
    }
}

impl From<Group> for DeletedObject {
    fn from(group: Group) -> DeletedObject {
        DeletedObject::Group(group)
    }
}

impl From<Application> for DeletedObject {
    fn from(application: Application) -> DeletedObject {
        DeletedObject::Application(application)
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

fn item<T>((object, deleted_at): (T, UnixTime)) -> DeletedItem
where
    DeletedObject: From<T>,
{
    DeletedItem {
        object: object.into(),
        deleted_at,
    }
}

/// The tenant's deleted items of `T`'s kind (Graph's
/// `/directory/deletedItems/microsoft.graph.user`, `.group`, `.application`): the
/// listing names the kind's own fields, as on its live collection.
pub async fn list_deleted<T>(
    services: &Services,
    access: ReadAccess,
    listing: &Listing<T::Field>,
) -> Result<Found<DeletedItem>, DomainError>
where
    T: DeletedRow,
    DeletedObject: From<T>,
{
    let listing = Listing {
        filter: listing.filter.clone().map(|f| f.map(DeletedField::Of)),
        sort: listing.sort.map(|sort| Sort {
            field: DeletedField::Of(sort.field),
            direction: sort.direction,
        }),
        page: listing.page.clone(),
        count: listing.count,
    };
    read_deleted::<T>(services, access, &listing).await
}

/// A page of the tenant's deleted items of `T`'s kind, the newest deletion first (then
/// by id), with how many there are: the portal's list, as Entra's shows them.
pub async fn newest_deleted<T>(
    services: &Services,
    access: ReadAccess,
    page: PageRequest,
) -> Result<Found<DeletedItem>, DomainError>
where
    T: DeletedRow,
    DeletedObject: From<T>,
{
    let listing = Listing {
        sort: Some(Sort {
            field: DeletedField::DeletedAt,
            direction: Direction::Descending,
        }),
        count: true,
        ..Listing::page(page)
    };
    read_deleted::<T>(services, access, &listing).await
}

/// One page of a listing of deleted items, through the collections' one query.
async fn read_deleted<T>(
    services: &Services,
    access: ReadAccess,
    listing: &Listing<DeletedField<T::Field>>,
) -> Result<Found<DeletedItem>, DomainError>
where
    T: DeletedRow,
    DeletedObject: From<T>,
{
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let page = db.list_deleted::<T>(access.tenant, &query).await?;
    let count = match listing.count {
        true => Some(
            db.count_deleted::<T>(access.tenant, query.filter.as_ref())
                .await?,
        ),
        false => None,
    };
    let page = found(page, count);
    Ok(Found {
        items: page.items.into_iter().map(item).collect(),
        skip_token: page.skip_token,
        count: page.count,
    })
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
    let tenant = access.tenant;
    let found = match kind {
        DeletedKind::User => db.deleted::<User>(tenant, id).await?.map(item),
        DeletedKind::Group => db.deleted::<Group>(tenant, id).await?.map(item),
        DeletedKind::Application => db.deleted::<Application>(tenant, id).await?.map(item),
    };
    found.ok_or(DomainError::NotFound)
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
    let mut tenants = vec![access.tenant];
    if kind == DeletedKind::User {
        tenants.extend(restore_guests_deleted_with(&mut tx, &access, UserId(id), now).await?);
    }
    tx.commit().await?;
    for tenant in tenants {
        services.cache.forget_tenant(tenant);
    }
    let mut item = item;
    if let (DeletedObject::User(user), Some(upn)) = (&mut item.object, new_upn) {
        user.user_principal_name = upn;
    }
    Ok(item)
}

/// Restores, in the home account's restore transaction, the guest objects that the
/// deletion of the home account `home` took along (`delete_user`), each audited in
/// its own tenant; answers the tenants they are in. Guests deleted on their own stay
/// deleted, purged ones stay purged, and a guest whose principal name another user
/// of its tenant has taken meanwhile stays in deleted items, which its audit entry
/// says. The name is checked before the restore: on PostgreSQL a refused statement
/// would end the whole transaction.
async fn restore_guests_deleted_with(
    tx: &mut Tx,
    access: &WriteAccess,
    home: UserId,
    now: UnixTime,
) -> Result<Vec<entente_model::TenantId>, DomainError> {
    let mut tenants = Vec::new();
    for guest in tx.db().guests_deleted_with(home).await? {
        let taken = tx
            .db()
            .user_by_principal_name(guest.tenant_id, &guest.user_principal_name)
            .await?
            .is_some();
        let mut details = json!({
            "userPrincipalName": guest.user_principal_name, "userType": guest.user_type,
            "reason": "home account restored", "homeTenantId": access.tenant.to_string(),
        });
        // Graph's log says every entry succeeded, so a guest left deleted has an action
        // of its own rather than a "Restore user" that did not happen.
        let action = if taken {
            details["note"] = json!(
                "Not restored: another user of this tenant now has its user principal \
                 name. Restore it from deleted items with a new one."
            );
            "Restore user skipped"
        } else if tx
            .db()
            .restore(DeletedKind::User, guest.tenant_id, guest.id.0, None)
            .await?
        {
            tenants.push(guest.tenant_id);
            "Restore user"
        } else {
            // Read in this transaction, so never gone since; nothing to say if it were.
            continue;
        };
        tx.db()
            .append_audit(
                guest.tenant_id,
                now,
                &Actor::System,
                action,
                "User",
                Some(&guest.id.to_string()),
                &details,
            )
            .await?;
    }
    Ok(tenants)
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
