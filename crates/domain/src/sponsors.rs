//! Sponsors (Graph's `sponsors`, decision 0015): the member users and groups of a
//! tenant who answer for one of its users, a guest mostly. Read and changed with the
//! users permissions; each change is audited on the sponsored user.

use entente_model::{PrincipalType, UnixTime, UserId, UserType};
use entente_storage::SponsorRow;
use serde_json::json;

use crate::access::{ReadAccess, WriteAccess};
use crate::{DomainError, Services};

/// The sponsors of a user of the tenant.
pub async fn list(
    services: &Services,
    access: ReadAccess,
    user: UserId,
) -> Result<Vec<SponsorRow>, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    if db.user_by_id(access.tenant, user).await?.is_none() {
        return Err(DomainError::NotFound);
    }
    Ok(db.sponsors_of(access.tenant, user).await?)
}

/// Makes a member user or a group of the tenant a sponsor of `user`. A guest cannot
/// sponsor (it answers to the tenant, not for it), nor can a user sponsor itself;
/// naming a sponsor twice is a conflict, as adding a group member twice is.
pub async fn add(
    services: &Services,
    access: &WriteAccess,
    user: UserId,
    sponsor: uuid::Uuid,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    let Some(sponsored) = db.user_by_id(access.tenant, user).await? else {
        return Err(DomainError::NotFound);
    };
    let (kind, name) = match db.user_by_id(access.tenant, UserId(sponsor)).await? {
        Some(person) if person.id == user => {
            return Err(DomainError::invalid("a user cannot sponsor itself"));
        }
        Some(person) if person.user_type == UserType::Guest => {
            return Err(DomainError::invalid(
                "a guest cannot be a sponsor: name a member user or a group",
            ));
        }
        Some(person) => (PrincipalType::User, person.display_name),
        None => match db
            .group_by_id(access.tenant, entente_model::GroupId(sponsor))
            .await?
        {
            Some(group) => (PrincipalType::Group, group.display_name),
            // Another tenant's id is "not found" too, never anything more.
            None => return Err(DomainError::NotFound),
        },
    };
    if !db
        .add_sponsor(access.tenant, user, sponsor, kind, now)
        .await?
    {
        return Err(DomainError::Conflict(
            "this sponsor is already a sponsor of the user".into(),
        ));
    }
    let details = json!({
        "sponsorId": sponsor.to_string(), "sponsorType": kind.as_str(), "sponsorName": name,
        "userName": sponsored.display_name,
    });
    db.append_audit(
        access.tenant,
        now,
        &access.actor,
        "Add sponsor",
        "User",
        Some(&user.to_string()),
        &details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a sponsorship.
pub async fn remove(
    services: &Services,
    access: &WriteAccess,
    user: UserId,
    sponsor: uuid::Uuid,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    if !db.remove_sponsor(access.tenant, user, sponsor).await? {
        return Err(DomainError::NotFound);
    }
    db.append_audit(
        access.tenant,
        now,
        &access.actor,
        "Remove sponsor",
        "User",
        Some(&user.to_string()),
        &json!({ "sponsorId": sponsor.to_string() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
