//! The directory's collections as sources of [`query`](crate::query) queries: the
//! users of a tenant, a group's members, the groups of a tenant, a user's groups and
//! the applications of a tenant, each with the fields a filter or sort may name.
//!
//! Every source is scoped to one tenant (its first parameter), so an object of
//! another tenant never matches. Each field's column leads an index after
//! `tenant_id` (migrations 1, 4 and 22; the `plans` tests pin the plans).

use entente_model::{Application, Group, GroupId, Invitation, TenantId, User, UserId};

use sqlx::any::AnyRow;

use crate::invitations::EmailState;
use crate::query::{
    Bind, Column, Drive, Field, Filter, Kind, Listed, Query, SORT_MATCHES_UP_TO, Source, Sql,
    count_sql, count_sql_indexed, listed, page_sql_driven, probe_sql,
};
use crate::rows::int;
use crate::{Db, Result};

/// The fields of a user a collection query may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserField {
    Id,
    /// Case-insensitive; searched by its words.
    DisplayName,
    /// Case-insensitive.
    Mail,
    /// Case-insensitive.
    UserPrincipalName,
    UserType,
    AccountEnabled,
    CreationType,
    ExternalUserState,
    /// Unix seconds.
    CreatedAt,
    /// The display name, principal name and mail together, for
    /// [`Filter::Contains`] only (the portal's search for any part of them).
    Text,
    /// Whether someone answers for the user: a sponsor that is an enabled user or a
    /// group, neither deleted (decision 0015). `eq true`/`eq false` only.
    Sponsored,
    /// The last interactive sign-in (Unix seconds); null when none was recorded.
    LastSignIn,
    /// The last non-interactive sign-in; null when none. Not indexed: it narrows a
    /// query another field drives.
    LastNonInteractive,
    /// When a sponsor last kept the user (the inactive-guest policy); not indexed.
    KeptAt,
    /// The provisioning client's id for the user (SCIM's `externalId`); exact.
    ExternalId,
    /// When the user's attributes last changed (SCIM's `meta.lastModified`), Unix
    /// seconds.
    UpdatedAt,
    /// A guest's home tenant (a partner connection's scope).
    HomeTenant,
}

/// [`UserField::Sponsored`]: an active sponsor of the user `@` exists (the sponsors'
/// primary key leads with the tenant and the user).
const ACTIVE_SPONSOR: &str = "SELECT 1 FROM sponsors s \
     LEFT JOIN users su ON s.sponsor_type = 'User' AND su.tenant_id = s.tenant_id \
        AND su.id = s.sponsor_id AND su.deleted_at IS NULL AND su.account_enabled = 1 \
     LEFT JOIN groups sg ON s.sponsor_type = 'Group' AND sg.tenant_id = s.tenant_id \
        AND sg.id = s.sponsor_id AND sg.deleted_at IS NULL \
     WHERE s.tenant_id = @.tenant_id AND s.user_id = @.id \
     AND (su.id IS NOT NULL OR sg.id IS NOT NULL)";

impl Field for UserField {
    fn column(self) -> Column {
        let plain = |name, kind, nullable, index| Column {
            name,
            kind,
            nullable,
            sortable: false,
            ordered: false,
            words: None,
            substring: None,
            index: Some(index),
        };
        match self {
            UserField::Id => plain("id", Kind::Id, false, "users_page"),
            UserField::DisplayName => Column {
                sortable: true,
                ordered: true,
                words: Some("display_name_rest"),
                ..plain(
                    "display_name_lower",
                    Kind::Folded,
                    false,
                    "users_display_name",
                )
            },
            // Null for some users, so never a sort; a prefix of it is read in order.
            UserField::Mail => Column {
                ordered: true,
                ..plain("mail_lower", Kind::Folded, true, "users_mail")
            },
            UserField::UserPrincipalName => Column {
                sortable: true,
                ordered: true,
                ..plain("upn_lower", Kind::Folded, false, "users_upn")
            },
            UserField::UserType => plain("user_type", Kind::Exact, false, "users_type"),
            UserField::AccountEnabled => {
                plain("account_enabled", Kind::Flag, false, "users_enabled")
            }
            UserField::CreationType => plain("creation_type", Kind::Exact, true, "users_creation"),
            UserField::ExternalUserState => {
                plain("external_user_state", Kind::Exact, true, "users_state")
            }
            UserField::CreatedAt => Column {
                sortable: true,
                ordered: true,
                ..plain("created_at", Kind::Int, false, "users_created")
            },
            UserField::Text => Column {
                substring: Some("users_search"),
                index: None,
                ..plain("search_text", Kind::Folded, false, "")
            },
            UserField::LastSignIn => Column {
                ordered: true,
                ..plain("last_sign_in_at", Kind::Int, true, "users_last_sign_in")
            },
            UserField::LastNonInteractive => Column {
                index: None,
                ..plain("last_non_interactive_at", Kind::Int, true, "")
            },
            UserField::KeptAt => Column {
                index: None,
                ..plain("kept_at", Kind::Int, true, "")
            },
            UserField::Sponsored => Column {
                index: None,
                ..plain(ACTIVE_SPONSOR, Kind::Exists, false, "")
            },
            UserField::ExternalId => plain("external_id", Kind::Exact, true, "users_external_id"),
            UserField::UpdatedAt => Column {
                ordered: true,
                ..plain("updated_at", Kind::Int, true, "users_updated")
            },
            UserField::HomeTenant => plain("home_tenant_id", Kind::Id, true, "users_home_tenant"),
        }
    }
}

/// Which users a query reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserScope {
    /// Every user of the tenant.
    Tenant,
    /// The members of a group, in the order of its membership index.
    MembersOf(GroupId),
}

/// The fields of a group a collection query may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupField {
    Id,
    /// Case-insensitive; searched by its words.
    DisplayName,
    /// Unix seconds.
    CreatedAt,
    /// The provisioning client's id for the group (SCIM's `externalId`); exact.
    ExternalId,
    /// When the group last changed (SCIM's `meta.lastModified`), Unix seconds.
    UpdatedAt,
}

impl Field for GroupField {
    fn column(self) -> Column {
        match self {
            GroupField::Id => Column {
                name: "id",
                kind: Kind::Id,
                nullable: false,
                sortable: false,
                ordered: false,
                words: None,
                substring: None,
                index: Some("groups_page"),
            },
            GroupField::DisplayName => Column {
                name: "display_name_lower",
                kind: Kind::Folded,
                nullable: false,
                sortable: true,
                ordered: true,
                words: Some("display_name_rest"),
                substring: Some("groups_search"),
                index: Some("groups_display_name"),
            },
            GroupField::CreatedAt => Column {
                name: "created_at",
                kind: Kind::Int,
                nullable: false,
                sortable: true,
                ordered: true,
                words: None,
                substring: None,
                index: Some("groups_created"),
            },
            GroupField::ExternalId => Column {
                name: "external_id",
                kind: Kind::Exact,
                nullable: true,
                sortable: false,
                ordered: false,
                words: None,
                substring: None,
                index: Some("groups_external_id"),
            },
            GroupField::UpdatedAt => Column {
                name: "updated_at",
                kind: Kind::Int,
                nullable: true,
                sortable: false,
                ordered: true,
                words: None,
                substring: None,
                index: Some("groups_updated"),
            },
        }
    }
}

/// Which groups a query reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupScope {
    /// Every group of the tenant.
    Tenant,
    /// The groups a user is a direct member of.
    GroupsOf(UserId),
}

/// The fields of an application a collection query may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplicationField {
    Id,
    /// The client id (Graph's `appId`).
    AppId,
}

impl Field for ApplicationField {
    fn column(self) -> Column {
        let (name, kind) = match self {
            ApplicationField::Id => ("id", Kind::Id),
            ApplicationField::AppId => ("client_id", Kind::Exact),
        };
        // Applications are never sorted, so their indexes are never named.
        Column {
            name,
            kind,
            nullable: false,
            sortable: false,
            ordered: false,
            words: None,
            substring: None,
            index: None,
        }
    }
}

/// The fields of an invitation a collection query may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvitationField {
    Id,
    /// `PendingAcceptance`, `Completed` or `Revoked`.
    Status,
    /// The address as invited (its domain in lower case).
    InvitedEmail,
    /// The invited address and the display name given with it together, for
    /// [`Filter::Contains`] only.
    Text,
    /// Unix seconds.
    CreatedAt,
}

impl Field for InvitationField {
    fn column(self) -> Column {
        let plain = |name, kind, nullable| Column {
            name,
            kind,
            nullable,
            sortable: false,
            ordered: false,
            words: None,
            substring: None,
            index: None,
        };
        match self {
            InvitationField::Id => plain("id", Kind::Id, false),
            InvitationField::Status => plain("status", Kind::Exact, false),
            InvitationField::InvitedEmail => Column {
                sortable: true,
                ordered: true,
                index: Some("invitations_address"),
                ..plain("invited_email", Kind::Exact, false)
            },
            InvitationField::Text => Column {
                substring: Some("invitations_search"),
                ..plain("search_text", Kind::Exact, false)
            },
            InvitationField::CreatedAt => Column {
                sortable: true,
                ordered: true,
                index: Some("invitations_created"),
                ..plain("created_at", Kind::Int, false)
            },
        }
    }
}

pub(crate) const USER_COLUMNS: &str = "u.id, u.tenant_id, u.user_type, u.creation_type, \
    u.external_user_state, u.external_user_state_changed_at, u.sign_in_name, \
    u.alternative_security_id, u.home_tenant_id, u.home_user_id, u.external_issuer, \
    u.user_principal_name, u.mail, u.display_name, u.account_enabled, u.created_at";

pub(crate) const GROUP_COLUMNS: &str =
    "g.id, g.tenant_id, g.display_name, g.description, g.created_at";

pub(crate) const APPLICATION_COLUMNS: &str = "a.id, a.tenant_id, a.client_id, a.display_name, \
    a.public_client, a.redirect_uris, a.home_page_url, a.logo_url, a.app_roles, a.jwks, \
    a.created_at, a.assignment_required, a.multiple_orgs";

pub(crate) fn user_source(tenant: TenantId, scope: UserScope) -> Source<'static> {
    let tenant = Bind::Text(tenant.to_string());
    match scope {
        UserScope::Tenant => Source {
            from: "users u",
            alias: "u",
            id: "u.id",
            scope: "u.tenant_id = $1 AND u.deleted_at IS NULL",
            scope_values: vec![tenant],
            columns: USER_COLUMNS,
            single_table: true,
            sqlite: true,
        },
        // The membership's primary key (group_id, user_id) gives its members in id
        // order, and each member's row is read by its id. `CROSS JOIN` keeps SQLite
        // from starting at the users (PostgreSQL plans it as any join).
        UserScope::MembersOf(group) => Source {
            from: "group_members m CROSS JOIN users u",
            alias: "u",
            id: "m.user_id",
            scope: "m.group_id = $2 AND m.tenant_id = $1 AND u.id = m.user_id \
                    AND u.tenant_id = $1 AND u.deleted_at IS NULL",
            scope_values: vec![tenant, Bind::Text(group.to_string())],
            columns: USER_COLUMNS,
            single_table: false,
            sqlite: true,
        },
    }
}

pub(crate) fn group_source(tenant: TenantId, scope: GroupScope) -> Source<'static> {
    let tenant = Bind::Text(tenant.to_string());
    match scope {
        GroupScope::Tenant => Source {
            from: "groups g",
            alias: "g",
            id: "g.id",
            scope: "g.tenant_id = $1 AND g.deleted_at IS NULL",
            scope_values: vec![tenant],
            columns: GROUP_COLUMNS,
            single_table: true,
            sqlite: true,
        },
        // `group_members_user_group` (user_id, group_id) gives a user's groups in id
        // order, each group read by its id; `CROSS JOIN` as above.
        GroupScope::GroupsOf(user) => Source {
            from: "group_members m CROSS JOIN groups g",
            alias: "g",
            id: "m.group_id",
            scope: "m.user_id = $2 AND m.tenant_id = $1 AND g.id = m.group_id \
                    AND g.tenant_id = $1 AND g.deleted_at IS NULL",
            scope_values: vec![tenant, Bind::Text(user.to_string())],
            columns: GROUP_COLUMNS,
            single_table: false,
            sqlite: true,
        },
    }
}

pub(crate) fn invitation_source(tenant: TenantId) -> Source<'static> {
    Source {
        from: "invitations i LEFT JOIN outbox o ON o.id = i.outbox_id",
        alias: "i",
        id: "i.id",
        scope: "i.tenant_id = $1",
        scope_values: vec![Bind::Text(tenant.to_string())],
        columns: crate::invitations::invited_columns!(),
        single_table: false,
        sqlite: true,
    }
}

pub(crate) fn application_source(tenant: TenantId) -> Source<'static> {
    Source {
        from: "applications a",
        alias: "a",
        id: "a.id",
        scope: "a.tenant_id = $1 AND a.deleted_at IS NULL",
        scope_values: vec![Bind::Text(tenant.to_string())],
        columns: APPLICATION_COLUMNS,
        single_table: true,
        sqlite: true,
    }
}

impl Db<'_> {
    /// One page of users (of the tenant, or of a group) matching a query.
    pub async fn list_users(
        &mut self,
        tenant: TenantId,
        scope: UserScope,
        query: &Query<UserField>,
    ) -> Result<Listed<User>> {
        let source = user_source(tenant, scope).on(self.sqlite());
        self.page(&source, query, crate::directory::user_row, |u| u.id.0)
            .await
    }

    /// [`Db::list_users`], its first `offset` matches skipped (SCIM's paging).
    pub async fn list_users_from(
        &mut self,
        tenant: TenantId,
        scope: UserScope,
        query: &Query<UserField>,
        offset: i64,
    ) -> Result<Listed<User>> {
        let source = user_source(tenant, scope).on(self.sqlite());
        self.page_from(
            &source,
            query,
            offset,
            true,
            crate::directory::user_row,
            |u| u.id.0,
        )
        .await
    }

    /// [`Db::count_users_matching`], first counted by a probe of the filter's own
    /// index (named on SQLite) up to [`SORT_MATCHES_UP_TO`], which is the count when
    /// the matches are fewer: a conjunction's count is otherwise left to a planner
    /// that, seeing a column mostly null, scans the tenant (SCIM's partner scope).
    pub async fn count_users_probed(
        &mut self,
        tenant: TenantId,
        filter: Option<&Filter<UserField>>,
    ) -> Result<i64> {
        let source = user_source(tenant, UserScope::Tenant).on(self.sqlite());
        if let Some(filter) = filter.filter(|f| crate::query::driving_index(*f).is_some()) {
            let probed = self.count(&probe_sql(&source, filter)?).await?;
            if probed <= SORT_MATCHES_UP_TO {
                return Ok(probed);
            }
        }
        self.count_users_matching(tenant, UserScope::Tenant, filter)
            .await
    }

    /// How many users (of the tenant, or of a group) match a filter.
    pub async fn count_users_matching(
        &mut self,
        tenant: TenantId,
        scope: UserScope,
        filter: Option<&Filter<UserField>>,
    ) -> Result<i64> {
        let sql = count_sql_indexed(
            &user_source(tenant, scope).on(self.sqlite()),
            filter,
            self.sqlite(),
        )?;
        self.count(&sql).await
    }

    /// [`Db::list_groups`], its first `offset` matches skipped (SCIM's paging).
    pub async fn list_groups_from(
        &mut self,
        tenant: TenantId,
        query: &Query<GroupField>,
        offset: i64,
    ) -> Result<Listed<Group>> {
        let source = group_source(tenant, GroupScope::Tenant).on(self.sqlite());
        self.page_from(&source, query, offset, true, crate::groups::group, |g| {
            g.id.0
        })
        .await
    }

    /// One page of groups (of the tenant, or of a user) matching a query.
    pub async fn list_groups(
        &mut self,
        tenant: TenantId,
        scope: GroupScope,
        query: &Query<GroupField>,
    ) -> Result<Listed<Group>> {
        let source = group_source(tenant, scope).on(self.sqlite());
        self.page(&source, query, crate::groups::group, |g| g.id.0)
            .await
    }

    /// How many groups (of the tenant, or of a user) match a filter.
    pub async fn count_groups_matching(
        &mut self,
        tenant: TenantId,
        scope: GroupScope,
        filter: Option<&Filter<GroupField>>,
    ) -> Result<i64> {
        let sql = count_sql(&group_source(tenant, scope).on(self.sqlite()), filter)?;
        self.count(&sql).await
    }

    /// One page of the tenant's applications matching a query.
    pub async fn list_applications(
        &mut self,
        tenant: TenantId,
        query: &Query<ApplicationField>,
    ) -> Result<Listed<Application>> {
        let source = application_source(tenant);
        self.page(&source, query, crate::applications::application, |a| a.id.0)
            .await
    }

    /// One page of the tenant's invitations matching a query, each with where its
    /// latest email stands.
    pub async fn list_invitations_matching(
        &mut self,
        tenant: TenantId,
        query: &Query<InvitationField>,
    ) -> Result<Listed<(Invitation, Option<EmailState>)>> {
        let source = invitation_source(tenant).on(self.sqlite());
        self.page(&source, query, crate::invitations::invited_row, |(i, _)| {
            i.id.0
        })
        .await
    }

    /// How many of the tenant's invitations match a filter.
    pub async fn count_invitations_matching(
        &mut self,
        tenant: TenantId,
        filter: Option<&Filter<InvitationField>>,
    ) -> Result<i64> {
        let sql = count_sql(&invitation_source(tenant).on(self.sqlite()), filter)?;
        self.count(&sql).await
    }

    /// One page of `query` from `source`. A page both sorted and filtered whose filter
    /// matches at most [`SORT_MATCHES_UP_TO`] rows (a probe of the filter's index
    /// counts them) is read through that index and sorted: walking the sort's index
    /// would read much of the tenant to find a few matches. Both planners misjudge it
    /// on their own: SQLite cannot see the value, and PostgreSQL, which can, walked
    /// the name index for 2 % of disabled users (20 ms instead of 2).
    pub(crate) async fn page<F: Field, T>(
        &mut self,
        source: &Source<'_>,
        query: &Query<F>,
        read: fn(&AnyRow) -> Result<T>,
        id_of: fn(&T) -> uuid::Uuid,
    ) -> Result<Listed<T>> {
        self.page_from(source, query, 0, false, read, id_of).await
    }

    /// [`Db::page`], its first `offset` rows skipped (SCIM's `startIndex`, which may
    /// name any row; keyset pages never skip). With `narrow`, a page in id order whose
    /// filter has an index of its own is probed too, and read through that index when
    /// its matches are few: SQLite, seeing a column mostly null (an `externalId` only
    /// provisioned users have), would rather walk the whole tenant in id order.
    pub(crate) async fn page_from<F: Field, T>(
        &mut self,
        source: &Source<'_>,
        query: &Query<F>,
        offset: i64,
        narrow: bool,
        read: fn(&AnyRow) -> Result<T>,
        id_of: fn(&T) -> uuid::Uuid,
    ) -> Result<Listed<T>> {
        let sqlite = self.sqlite();
        let probed = match (&query.sort, &query.filter) {
            (Some(_), Some(filter)) => Some(filter),
            (None, Some(filter)) if narrow && crate::query::driving_index(filter).is_some() => {
                Some(filter)
            }
            _ => None,
        };
        let drive = match (probed, &query.filter) {
            (Some(_), Some(filter)) => {
                let probe = probe_sql(source, filter)?;
                if self.count(&probe).await? <= SORT_MATCHES_UP_TO {
                    Drive::Matches { indexed_by: sqlite }
                } else {
                    Drive::Planner
                }
            }
            _ => Drive::Planner,
        };
        let mut sql = page_sql_driven(source, query, drive)?;
        if offset > 0 {
            sql.offset(offset);
        }
        let rows = sql.query_kept(sqlite).fetch_all(&mut *self.conn).await?;
        listed(query, rows, read, id_of)
    }

    /// Runs a query answering a count as `n` (kept prepared on SQLite only, see
    /// [`Sql::query_kept`]).
    pub(crate) async fn count(&mut self, sql: &Sql) -> Result<i64> {
        let kept = self.sqlite();
        let row = sql.query_kept(kept).fetch_one(&mut *self.conn).await?;
        int(&row, "n")
    }

    pub(crate) fn sqlite(&self) -> bool {
        self.conn.backend_name() == "SQLite"
    }

    /// How many of the tenant's applications match a filter.
    pub async fn count_applications_matching(
        &mut self,
        tenant: TenantId,
        filter: Option<&Filter<ApplicationField>>,
    ) -> Result<i64> {
        let sql = count_sql(&application_source(tenant), filter)?;
        self.count(&sql).await
    }
}
