//! Reading the directory as Graph clients do: the collections (users, a group's
//! members, groups, a user's groups, applications) through one parsed query each
//! (filter, sort, keyset page, count), a user by principal name, the signed-in user,
//! a group with its first members, and the organization.
//!
//! Every use case takes the capability its read needs and reads only that tenant.
//! A collection's page and its count are read on one connection but not in one
//! snapshot, which is what Graph promises too (`ConsistencyLevel: eventual`).
//! Which filters and sorts a client may ask for is the API's business; here a
//! `$skiptoken` is checked to fit the query it continues.

use entente_model::{Application, Group, GroupId, Tenant, User, UserId};
use entente_storage::{
    ApplicationField, Cursor, Field, Filter, GroupField, GroupScope, Listed, Query, Sort,
    UserField, UserScope,
};

use crate::access::{OwnAccount, ReadAccess};
use crate::directory::{ApplicationView, PageRequest, page_size};
use crate::domains::Domain;
use crate::{DomainError, Services};

/// How many members `$expand=members` shows with a group, as in Graph.
pub const EXPANDED_MEMBERS: i64 = 20;

/// What to read of a collection: which objects, in which order, which page, and
/// whether to count all the matching objects too.
#[derive(Clone, Debug)]
pub struct Listing<F> {
    pub filter: Option<Filter<F>>,
    pub sort: Option<Sort<F>>,
    pub page: PageRequest,
    pub count: bool,
}

impl<F> Listing<F> {
    /// A page of every object, in id order, uncounted.
    pub fn page(page: PageRequest) -> Listing<F> {
        Listing {
            filter: None,
            sort: None,
            page,
            count: false,
        }
    }

    pub fn filtered(self, filter: Filter<F>) -> Listing<F> {
        Listing {
            filter: Some(filter),
            ..self
        }
    }
}

/// One page of a collection, the `$skiptoken` of the next one, and the number of
/// matching objects when it was asked for.
#[derive(Clone, Debug)]
pub struct Found<T> {
    pub items: Vec<T>,
    pub skip_token: Option<String>,
    pub count: Option<i64>,
}

/// The tenant as Graph's `organization` shows it: its record and its verified
/// domains, the initial one first.
#[derive(Clone, Debug)]
pub struct Organization {
    pub tenant: Tenant,
    pub verified_domains: Vec<Domain>,
}

// ---------------------------------------------------------------------------------
// Users

pub async fn list_users(
    services: &Services,
    access: ReadAccess,
    listing: &Listing<UserField>,
) -> Result<Found<User>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let page = db
        .list_users(access.tenant, UserScope::Tenant, &query)
        .await?;
    let count = match listing.count {
        true => Some(
            db.count_users_matching(access.tenant, UserScope::Tenant, query.filter.as_ref())
                .await?,
        ),
        false => None,
    };
    Ok(found(page, count))
}

/// How many users of the tenant match `filter` (`/users/$count`).
pub async fn count_users(
    services: &Services,
    access: ReadAccess,
    filter: Option<&Filter<UserField>>,
) -> Result<i64, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn
        .db()
        .count_users_matching(access.tenant, UserScope::Tenant, filter)
        .await?)
}

/// A user by principal name, case-insensitively; a guest's name is its
/// `alice_fabrikam.com#EXT#@...` one.
pub async fn user_by_principal_name(
    services: &Services,
    access: ReadAccess,
    upn: &str,
) -> Result<User, DomainError> {
    let mut conn = services.store.read().await?;
    conn.db()
        .user_by_principal_name(access.tenant, &crate::address::normalize(upn))
        .await?
        .ok_or(DomainError::NotFound)
}

/// The signed-in user of a delegated token (`/me`); needs no directory permission.
pub async fn signed_in_user(services: &Services, own: OwnAccount) -> Result<User, DomainError> {
    let mut conn = services.store.read().await?;
    conn.db()
        .user_by_id(own.tenant, own.user)
        .await?
        .ok_or(DomainError::NotFound)
}

/// The groups a user is a direct member of (`/users/{id}/memberOf`).
pub async fn list_member_of(
    services: &Services,
    access: ReadAccess,
    user: UserId,
    listing: &Listing<GroupField>,
) -> Result<Found<Group>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    if db.user_by_id(access.tenant, user).await?.is_none() {
        return Err(DomainError::NotFound);
    }
    let scope = GroupScope::GroupsOf(user);
    let page = db.list_groups(access.tenant, scope, &query).await?;
    let count = match listing.count {
        true => Some(
            db.count_groups_matching(access.tenant, scope, query.filter.as_ref())
                .await?,
        ),
        false => None,
    };
    Ok(found(page, count))
}

/// How many groups a user is a direct member of, among those matching `filter`.
pub async fn count_member_of(
    services: &Services,
    access: ReadAccess,
    user: UserId,
    filter: Option<&Filter<GroupField>>,
) -> Result<i64, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    if db.user_by_id(access.tenant, user).await?.is_none() {
        return Err(DomainError::NotFound);
    }
    Ok(db
        .count_groups_matching(access.tenant, GroupScope::GroupsOf(user), filter)
        .await?)
}

// ---------------------------------------------------------------------------------
// Groups

pub async fn list_groups(
    services: &Services,
    access: ReadAccess,
    listing: &Listing<GroupField>,
) -> Result<Found<Group>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let page = db
        .list_groups(access.tenant, GroupScope::Tenant, &query)
        .await?;
    let count = match listing.count {
        true => Some(
            db.count_groups_matching(access.tenant, GroupScope::Tenant, query.filter.as_ref())
                .await?,
        ),
        false => None,
    };
    Ok(found(page, count))
}

/// How many groups of the tenant match `filter` (`/groups/$count`).
pub async fn count_groups(
    services: &Services,
    access: ReadAccess,
    filter: Option<&Filter<GroupField>>,
) -> Result<i64, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn
        .db()
        .count_groups_matching(access.tenant, GroupScope::Tenant, filter)
        .await?)
}

/// A group's members (`/groups/{id}/members`).
pub async fn list_group_members(
    services: &Services,
    access: ReadAccess,
    group: GroupId,
    listing: &Listing<UserField>,
) -> Result<Found<User>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    if db.group_by_id(access.tenant, group).await?.is_none() {
        return Err(DomainError::NotFound);
    }
    let scope = UserScope::MembersOf(group);
    let page = db.list_users(access.tenant, scope, &query).await?;
    let count = match listing.count {
        true => Some(
            db.count_users_matching(access.tenant, scope, query.filter.as_ref())
                .await?,
        ),
        false => None,
    };
    Ok(found(page, count))
}

/// How many of a group's members match `filter` (`/groups/{id}/members/$count`).
pub async fn count_group_members(
    services: &Services,
    access: ReadAccess,
    group: GroupId,
    filter: Option<&Filter<UserField>>,
) -> Result<i64, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    if db.group_by_id(access.tenant, group).await?.is_none() {
        return Err(DomainError::NotFound);
    }
    Ok(db
        .count_users_matching(access.tenant, UserScope::MembersOf(group), filter)
        .await?)
}

/// A group with its first [`EXPANDED_MEMBERS`] members, in id order (`$expand=members`).
pub async fn group_with_members(
    services: &Services,
    access: ReadAccess,
    group: GroupId,
) -> Result<(Group, Vec<User>), DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let Some(found) = db.group_by_id(access.tenant, group).await? else {
        return Err(DomainError::NotFound);
    };
    let query = Query {
        filter: None,
        sort: None,
        after: None,
        limit: EXPANDED_MEMBERS,
    };
    let members = db
        .list_users(access.tenant, UserScope::MembersOf(group), &query)
        .await?;
    Ok((found, members.items))
}

// ---------------------------------------------------------------------------------
// Applications

/// The tenant's applications with the metadata of their client secrets.
pub async fn list_applications(
    services: &Services,
    access: ReadAccess,
    listing: &Listing<ApplicationField>,
) -> Result<Found<ApplicationView>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let page = db.list_applications(access.tenant, &query).await?;
    let count = match listing.count {
        true => Some(
            db.count_applications_matching(access.tenant, query.filter.as_ref())
                .await?,
        ),
        false => None,
    };
    let Found {
        items,
        skip_token,
        count,
    } = found(page, count);
    let mut views = Vec::with_capacity(items.len());
    for application in items {
        views.push(application_view(&mut db, access, application).await?);
    }
    Ok(Found {
        items: views,
        skip_token,
        count,
    })
}

/// How many of the tenant's applications match `filter` (`/applications/$count`).
pub async fn count_applications(
    services: &Services,
    access: ReadAccess,
    filter: Option<&Filter<ApplicationField>>,
) -> Result<i64, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn
        .db()
        .count_applications_matching(access.tenant, filter)
        .await?)
}

async fn application_view(
    db: &mut entente_storage::Db<'_>,
    access: ReadAccess,
    application: Application,
) -> Result<ApplicationView, DomainError> {
    let secrets = db.client_secrets(access.tenant, application.id).await?;
    let keys = db.key_credentials(access.tenant, application.id).await?;
    Ok(ApplicationView {
        application,
        secrets: secrets.into_iter().map(|r| r.info).collect(),
        keys,
    })
}

// ---------------------------------------------------------------------------------
// The organization

/// The caller's tenant and its verified domains (`/organization`).
pub async fn organization(
    services: &Services,
    access: ReadAccess,
) -> Result<Organization, DomainError> {
    let domains = crate::domains::list_domains(services, access).await?;
    let mut conn = services.store.read().await?;
    let tenant = conn
        .db()
        .tenant_by_id(access.tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(Organization {
        tenant,
        verified_domains: domains.into_iter().filter(|d| d.is_verified).collect(),
    })
}

// ---------------------------------------------------------------------------------

/// The storage query of a listing: its page size checked and its `$skiptoken`
/// read as a cursor that must continue a query of the same order.
pub(crate) fn query_of<F: Field>(listing: &Listing<F>) -> Result<Query<F>, DomainError> {
    let mut query = Query {
        filter: listing.filter.clone(),
        sort: listing.sort,
        after: None,
        limit: page_size(listing.page.top)?,
    };
    if let Some(token) = &listing.page.skip_token {
        let invalid = || DomainError::invalid("the $skiptoken is not valid");
        let cursor: Cursor = token.parse().map_err(|_| invalid())?;
        if !cursor.fits(&query.order()) {
            return Err(invalid());
        }
        query.after = Some(cursor);
    }
    Ok(query)
}

pub(crate) fn found<T>(page: Listed<T>, count: Option<i64>) -> Found<T> {
    Found {
        items: page.items,
        skip_token: page.next.map(|c| c.to_string()),
        count,
    }
}

/// A user's `preferredLanguage`, when it set one (the caller read the user already,
/// so it may read this).
pub async fn preferred_language(
    services: &Services,
    tenant: entente_model::TenantId,
    user: UserId,
) -> Result<Option<String>, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn.db().preferred_language(tenant, user).await?)
}

/// The sign-in activity (Graph's `signInActivity`) of users of the tenant.
pub async fn sign_in_activities(
    services: &Services,
    access: ReadAccess,
    users: &[UserId],
) -> Result<std::collections::HashMap<UserId, entente_storage::SignInActivity>, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn.db().sign_in_activities(access.tenant, users).await?)
}
