//! Graph's `owners` of a group (decision 0016): users of the tenant who answer for a
//! group, and who may review its members in an access review. Governed by the groups
//! write permission, as its members are; each change audited.

use entente_model::{GroupId, UnixTime, User, UserId};
use serde_json::json;

use crate::access::{ReadAccess, WriteAccess};
use crate::directory::audit;
use crate::{DomainError, Services};

/// A group's owners, by name.
pub async fn list(
    services: &Services,
    access: ReadAccess,
    group: GroupId,
) -> Result<Vec<User>, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    if db.group_by_id(access.tenant, group).await?.is_none() {
        return Err(DomainError::NotFound);
    }
    Ok(db.group_owners(access.tenant, group).await?)
}

/// Makes a user of the tenant an owner of a group; twice is a conflict.
pub async fn add(
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
    // Another tenant's id is "not found", never anything else.
    let Some(owner) = tx.db().user_by_id(access.tenant, user).await? else {
        return Err(DomainError::NotFound);
    };
    if !tx
        .db()
        .add_group_owner(access.tenant, group, user, now)
        .await?
    {
        return Err(DomainError::Conflict(
            "the user is already an owner of the group".into(),
        ));
    }
    let details = json!({ "ownerId": user.to_string(), "ownerName": owner.display_name });
    audit(
        &mut tx,
        access,
        now,
        "Add owner to group",
        "Group",
        group,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a user's ownership of a group.
pub async fn remove(
    services: &Services,
    access: &WriteAccess,
    group: GroupId,
    user: UserId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    if !tx
        .db()
        .remove_group_owner(access.tenant, group, user)
        .await?
    {
        return Err(DomainError::NotFound);
    }
    let owner = tx.db().user_by_id(access.tenant, user).await?;
    let details = json!({
        "ownerId": user.to_string(), "ownerName": owner.map(|o| o.display_name),
    });
    audit(
        &mut tx,
        access,
        now,
        "Remove owner from group",
        "Group",
        group,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
