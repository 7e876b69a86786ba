//! The portal's lists (issue 19): what an admin types in a list's search box as a
//! filter (any part of a name or an address), the invitations of a tenant read through
//! the collection mechanism, the organizations the page's guests come from, and the
//! users (as listed) as a CSV file.
//!
//! Every read takes the capability its list needs and reads only that tenant; the
//! filters, sorts and pages are the directory API's own ([`Listing`]), so the portal
//! and Graph read the directory one way.

use std::borrow::Cow;
use std::collections::HashMap;

use entente_model::{TenantId, User};
use entente_storage::{
    Filter, GroupField, InvitationField, Query, SUBSTRING_MIN_CHARS, Sort, UserField, UserScope,
};

use crate::access::ReadAccess;
use crate::directory_reads::{Found, Listing, query_of};
use crate::invitations::invite::{GuestInviter, Invited};
use crate::{DomainError, Services};

/// The users whose display name, principal name or email address contains `text`
/// (case-insensitively). A text of one or two characters has no trigram to look up:
/// it finds the users whose name (or its second word), principal name or address
/// starts with it, through their indexes.
pub fn users_containing(text: &str) -> Filter<UserField> {
    if text.chars().count() >= SUBSTRING_MIN_CHARS {
        Filter::Contains(UserField::Text, text.to_owned())
    } else {
        Filter::Or(vec![
            Filter::Search(UserField::DisplayName, text.to_owned()),
            Filter::starts_with(UserField::UserPrincipalName, text),
            Filter::starts_with(UserField::Mail, text),
        ])
    }
}

/// The groups whose display name contains `text`; a text of one or two characters
/// finds the names (or their second words) that start with it.
pub fn groups_containing(text: &str) -> Filter<GroupField> {
    if text.chars().count() >= SUBSTRING_MIN_CHARS {
        Filter::Contains(GroupField::DisplayName, text.to_owned())
    } else {
        Filter::Search(GroupField::DisplayName, text.to_owned())
    }
}

/// The invitations whose address or display name contains `text` (case-insensitively;
/// a text of one or two characters is compared with each of the tenant's invitations).
pub fn invitations_containing(text: &str) -> Filter<InvitationField> {
    Filter::Contains(InvitationField::Text, text.to_owned())
}

/// A page of the tenant's invitations as `listing` asks (newest first when it names
/// no sort), each with its guest and where its email stands. An invitation whose guest
/// was deleted since is history and left out of the page (though counted).
pub async fn find_invitations(
    services: &Services,
    inviter: &GuestInviter,
    listing: &Listing<InvitationField>,
) -> Result<Found<Invited>, DomainError> {
    let mut listing = listing.clone();
    listing.sort = listing.sort.or(Some(Sort {
        field: InvitationField::CreatedAt,
        direction: entente_storage::Direction::Descending,
    }));
    let query = query_of(&listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let page = db.list_invitations_matching(inviter.tenant, &query).await?;
    let count = match listing.count {
        true => Some(
            db.count_invitations_matching(inviter.tenant, query.filter.as_ref())
                .await?,
        ),
        false => None,
    };
    let mut items = Vec::with_capacity(page.items.len());
    for (invitation, email) in page.items {
        if let Some(guest) = db.user_by_id(inviter.tenant, invitation.user_id).await? {
            items.push(Invited {
                invitation,
                guest,
                redeem_url: None,
                email,
            });
        }
    }
    Ok(Found {
        items,
        skip_token: page.next.map(|c| c.to_string()),
        count,
    })
}

/// Where a guest's account lives, as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HomeOrganization {
    pub display_name: String,
    /// False for the tenant made for addresses proven by a one-time email code.
    pub managed: bool,
}

/// The home organizations of the guests among `users`, by tenant id (each read once).
pub async fn home_organizations(
    services: &Services,
    _access: ReadAccess,
    users: &[User],
) -> Result<HashMap<TenantId, HomeOrganization>, DomainError> {
    let mut homes = HashMap::new();
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    for home in users.iter().filter_map(|u| u.home_tenant_id) {
        if homes.contains_key(&home) {
            continue;
        }
        if let Some(tenant) = db.tenant_by_id(home).await? {
            homes.insert(
                home,
                HomeOrganization {
                    display_name: tenant.display_name,
                    managed: tenant.managed,
                },
            );
        }
    }
    Ok(homes)
}

/// The most users one export holds.
pub const USERS_EXPORT_LIMIT: usize = 100_000;

/// The users matching `filter`, in the order of `sort`, as a CSV file for a
/// spreadsheet (at most [`USERS_EXPORT_LIMIT`]), read a thousand at a time; cells a
/// spreadsheet would run as a formula (names are typed by anyone) are neutralized.
pub async fn export_users(
    services: &Services,
    access: ReadAccess,
    filter: Option<Filter<UserField>>,
    sort: Option<Sort<UserField>>,
) -> Result<String, DomainError> {
    let mut conn = services.store.read().await?;
    let mut users = Vec::new();
    let mut query = Query {
        filter,
        sort,
        after: None,
        limit: 1_000,
    };
    while users.len() < USERS_EXPORT_LIMIT {
        let page = conn
            .db()
            .list_users(access.tenant, UserScope::Tenant, &query)
            .await?;
        users.extend(page.items);
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    users.truncate(USERS_EXPORT_LIMIT);
    drop(conn);
    let homes = home_organizations(services, access, &users).await?;
    let rows = users.into_iter().map(|u| {
        let home = u
            .home_tenant_id
            .and_then(|h| homes.get(&h))
            .map(|h| h.display_name.clone())
            .unwrap_or_default();
        vec![
            Cow::Owned(u.id.to_string()),
            Cow::Owned(u.display_name),
            Cow::Owned(u.user_principal_name),
            Cow::Owned(u.mail.unwrap_or_default()),
            Cow::Borrowed(u.user_type.as_str()),
            Cow::Borrowed(u.creation_type.map_or("", |c| c.as_str())),
            Cow::Borrowed(u.external_user_state.map_or("", |s| s.as_str())),
            Cow::Owned(home),
            Cow::Borrowed(if u.account_enabled { "true" } else { "false" }),
            Cow::Owned(crate::directory::time_text(u.created_at)),
        ]
    });
    Ok(crate::invitations::csv_report::write_table(
        &[
            "id",
            "displayName",
            "userPrincipalName",
            "mail",
            "userType",
            "creationType",
            "externalUserState",
            "homeOrganization",
            "accountEnabled",
            "createdDateTime",
        ],
        rows,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_of_three_characters_or_more_looks_for_any_part() {
        assert_eq!(
            users_containing("ang"),
            Filter::Contains(UserField::Text, "ang".into())
        );
        assert_eq!(
            users_containing("zoë"),
            Filter::Contains(UserField::Text, "zoë".into())
        );
        let Filter::Or(starts) = users_containing("wa") else {
            panic!("two characters search starts");
        };
        assert_eq!(starts.len(), 3);
        assert_eq!(
            starts[0],
            Filter::Search(UserField::DisplayName, "wa".into())
        );
    }
}
