//! Users in the portal: members and guests in one list with the guest attributes
//! (user type, invitation state, where the account lives), searchable and paged by
//! cursor so a tenant of 100,000 users pages as fast as one of ten; and one user's
//! page, where an admin blocks, unblocks or deletes the account.

use crate::texts::portal::PortalTexts;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::access::Area;
use entente_domain::directory::{self, Lockout, NewMember, PageRequest};
use entente_domain::directory_reads::{self, Listing};
use entente_domain::fields::Rule;
use std::collections::HashMap;

use crate::texts::lists::ListTexts;
use entente_domain::lists::{self, HomeOrganization};
use entente_model::{ExternalUserState, TenantId, User, UserId, UserType};
use entente_storage::{
    Comparison, Direction, Filter, LifecycleStep, Literal, UserField, UserPatch,
};
use serde::Deserialize;

use super::confirm::{ConfirmForm, Confirmation, Notice, confirm, named};
use super::field_errors::FieldErrors;
use super::lists::{
    Header, SortChoice, count_line, dir_of, headers, sort_choice, texts as lists_texts,
};
use super::{AdminPage, AdminPost, CsrfForm, Gate, Nav, parse_id};
use crate::AppState;
use crate::now;
use crate::pages::page;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/users", get(list).post(create))
        .route("/{tenant}/admin/users.csv", get(export))
        .route("/{tenant}/admin/users/{id}", get(show).post(rename))
        .route("/{tenant}/admin/users/{id}/block", post(block))
        .route("/{tenant}/admin/users/{id}/unblock", post(unblock))
        .route("/{tenant}/admin/users/{id}/delete", post(delete))
        .route("/{tenant}/admin/users/{id}/sponsors", post(add_sponsor))
        .route(
            "/{tenant}/admin/users/{id}/access-end",
            post(set_access_end),
        )
        .route(
            "/{tenant}/admin/users/{id}/sponsors/{sponsor}/remove",
            post(remove_sponsor),
        )
}

/// Users shown per page.
const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    nav: Nav,
    lists: &'static ListTexts,
    search: String,
    kind: String,
    users: Vec<UserLine>,
    next: Option<String>,
    /// "Users found: 12,345".
    count: String,
    /// The sortable columns' headers, by key (`name`, `upn`, `created`).
    headers: Vec<Header>,
    /// The sort, kept by the search form.
    sort: &'static str,
    dir: &'static str,
    /// The export of the users listed, all pages.
    export: String,
    may_write: bool,
    /// The initial domain, the suffix a new member's principal name can take.
    initial_domain: String,
    error: Option<String>,
    /// What the new member form kept of a refused submission (never the password).
    kept: NewMemberKept,
    /// The new member form's problems, shown beside each field.
    fields: FieldErrors,
}

/// The new member form's fields as typed, shown again after a refusal.
#[derive(Default)]
struct NewMemberKept {
    display_name: String,
    user_principal_name: String,
    mail: String,
}

/// One user as the list and the user page show it.
struct UserLine {
    id: String,
    link: String,
    display_name: String,
    principal_name: String,
    mail: String,
    user_type: &'static str,
    /// "Member" or "Guest" in the reader's language.
    type_label: &'static str,
    /// "Pending acceptance" or "Accepted" in the reader's language.
    state_label: &'static str,
    source: String,
    enabled: bool,
    created: super::LocalTime,
}

impl UserLine {
    fn of(
        user: &User,
        base: &str,
        texts: &PortalTexts,
        words: &ListTexts,
        homes: &HashMap<TenantId, HomeOrganization>,
    ) -> UserLine {
        // Where the account lives: this organization, the partner organization by
        // name, the tenant of addresses proven by a one-time code, or the partner's
        // own identity provider.
        let source = match (user.user_type, user.home_tenant_id) {
            (UserType::Member, _) => texts.source_member.to_owned(),
            (UserType::Guest, _) if user.external_issuer.is_some() => {
                words.source_federated.to_owned()
            }
            (UserType::Guest, Some(home)) => match homes.get(&home) {
                Some(h) if !h.managed => words.source_code.to_owned(),
                Some(h) => h.display_name.clone(),
                None => texts
                    .source_guest_home
                    .arg("home", home.to_string())
                    .to_string(),
            },
            (UserType::Guest, None) => texts.source_guest_pending.to_owned(),
        };
        let state_label = match user.external_user_state {
            Some(ExternalUserState::PendingAcceptance) => words.state_pending,
            Some(ExternalUserState::Accepted) => words.state_accepted,
            None => "",
        };
        UserLine {
            id: user.id.to_string(),
            link: format!("{base}/users/{}", user.id),
            display_name: user.display_name.clone(),
            principal_name: user.user_principal_name.clone(),
            mail: user.mail.clone().unwrap_or_default(),
            user_type: user.user_type.as_str(),
            type_label: match user.user_type {
                UserType::Member => words.member,
                UserType::Guest => words.guest,
            },
            state_label,
            source,
            enabled: user.account_enabled,
            created: super::LocalTime::of(user.created_at),
        }
    }
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    q: String,
    /// `member`, `guest` or empty for both.
    #[serde(default)]
    kind: String,
    /// `name`, `upn` or `created`; by name when absent.
    #[serde(default)]
    sort: String,
    /// `asc` or `desc`.
    #[serde(default)]
    dir: String,
    after: Option<String>,
}

/// The users' sortable columns: their keys in the address, and their fields.
const SORTS: [(&str, UserField); 3] = [
    ("name", UserField::DisplayName),
    ("upn", UserField::UserPrincipalName),
    ("created", UserField::CreatedAt),
];

impl ListQuery {
    /// What the list shows: the users whose name or address contains the search
    /// (see [`lists::users_containing`]), of the chosen type.
    fn filter(&self, tenant: &entente_model::Tenant) -> Option<Filter<UserField>> {
        let search = self.q.trim();
        let kind = |t: UserType| Filter::eq(UserField::UserType, Literal::Text(t.as_str().into()));
        let kind = match self.kind.as_str() {
            "guest" => Some(kind(UserType::Guest)),
            "member" => Some(kind(UserType::Member)),
            // Guests nobody answers for (decision 0015).
            "unsponsored" => Some(Filter::And(vec![
                kind(UserType::Guest),
                Filter::eq(UserField::Sponsored, Literal::Bool(false)),
            ])),
            // Whom the inactive-guest policy finds (or, before it is on, would find):
            // enabled guests that neither signed in nor were kept since its cut-off.
            "inactive" => {
                let since =
                    entente_domain::inactivity::inactive_since(&tenant.collaboration, now());
                let before = |field| {
                    Filter::Or(vec![
                        Filter::eq(field, Literal::Null),
                        Filter::Compare(field, Comparison::Lt, Literal::Int(since)),
                    ])
                };
                Some(Filter::And(vec![
                    kind(UserType::Guest),
                    Filter::eq(UserField::AccountEnabled, Literal::Bool(true)),
                    Filter::Compare(UserField::CreatedAt, Comparison::Lt, Literal::Int(since)),
                    before(UserField::LastSignIn),
                    before(UserField::LastNonInteractive),
                    before(UserField::KeptAt),
                ]))
            }
            _ => None,
        };
        let search = (!search.is_empty()).then(|| lists::users_containing(search));
        Filter::both(search, kind)
    }

    fn sort(&self) -> SortChoice<UserField> {
        sort_choice(&SORTS, &self.sort, &self.dir, Direction::Ascending)
    }
}

async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let fields = FieldErrors::new(admin.language);
    let kept = NewMemberKept::default();
    users_page(&state, &admin, &query, StatusCode::OK, None, (kept, fields)).await
}

async fn users_page(
    state: &AppState,
    admin: &super::Admin,
    query: &ListQuery,
    status: StatusCode,
    error: Option<String>,
    (kept, fields): (NewMemberKept, FieldErrors),
) -> Result<Response, Gate> {
    let access = admin.caller.read(Area::Users)?;
    let search = query.q.trim();
    let choice = query.sort();
    let listing = Listing {
        filter: query.filter(&admin.tenant),
        sort: Some(choice.sort),
        count: true,
        ..Listing::page(PageRequest {
            top: Some(PAGE_SIZE),
            skip_token: query.after.clone(),
        })
    };
    let found = directory_reads::list_users(&state.services, access, &listing).await?;
    let homes = lists::home_organizations(&state.services, access, &found.items).await?;
    let base = admin.path("");
    let words = lists_texts(admin.language);
    let path = format!("{base}/users");
    let keep = [("q", search), ("kind", query.kind.as_str())];
    let sorted = [("sort", choice.key), ("dir", dir_of(&choice))];
    let next = found
        .skip_token
        .map(|token| super::lists::link(&path, &keep, &[sorted[0], sorted[1], ("after", &token)]));
    let texts = admin.texts();
    let headers = headers(
        &path,
        &keep,
        &choice,
        &[
            ("name", texts.name),
            ("upn", texts.user_principal_name),
            ("created", words.created),
        ],
    );
    let users_page = UsersPage {
        nav: admin.nav("users"),
        lists: words,
        search: search.to_owned(),
        kind: query.kind.clone(),
        users: found
            .items
            .iter()
            .map(|u| UserLine::of(u, &base, texts, words, &homes))
            .collect(),
        next,
        count: count_line(words.users_found, found.count),
        headers,
        sort: choice.key,
        dir: dir_of(&choice),
        export: super::lists::link(&format!("{base}/users.csv"), &keep, &sorted),
        may_write: admin.caller.write(Area::Users).is_ok(),
        initial_domain: admin.tenant.initial_domain.clone(),
        error,
        kept,
        fields,
    };
    Ok(admin.respond(page(status, &users_page)))
}

/// The users the list shows (its search, type and sort), all pages, as a CSV file.
async fn export(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let access = admin.caller.read(Area::Users)?;
    let file = lists::export_users(
        &state.services,
        access,
        query.filter(&admin.tenant),
        Some(query.sort().sort),
    )
    .await?;
    Ok(super::csv_download("users.csv", file))
}

#[derive(Deserialize)]
struct CreateForm {
    display_name: String,
    user_principal_name: String,
    #[serde(default)]
    mail: String,
    #[serde(default)]
    password: String,
}

/// The new member form's inputs by the API names of their fields.
const NEW_MEMBER_INPUTS: [(&str, &str); 4] = [
    ("displayName", "new-display-name"),
    ("userPrincipalName", "new-upn"),
    ("mail", "new-mail"),
    ("passwordProfile", "new-password"),
];

/// A new member of the tenant; without a password it cannot sign in with one until
/// an admin sets it (through the API).
async fn create(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<CreateForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Users)?;
    let optional = |value: &str| {
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_owned())
    };
    let kept = NewMemberKept {
        display_name: form.display_name.clone(),
        user_principal_name: form.user_principal_name.clone(),
        mail: form.mail.clone(),
    };
    let request = NewMember {
        display_name: form.display_name,
        user_principal_name: form.user_principal_name,
        mail: optional(&form.mail),
        account_enabled: true,
        password: (!form.password.is_empty()).then_some(form.password),
    };
    match directory::create_user(&state.services, &access, request, now()).await {
        Ok(user) => {
            let target =
                Notice::UserCreated.on(&admin.path(&format!("/users/{}", user.id)), user.id);
            Ok(Redirect::to(&target).into_response())
        }
        Err(
            error
            @ (DomainError::Invalid(_) | DomainError::Conflict(_) | DomainError::Field { .. }),
        ) => {
            let mut fields = FieldErrors::new(admin.language);
            let message = match &error {
                // Says which domains fit: the organization's first one, for example.
                DomainError::Field { fault, message } if fault.rule == Rule::OutsideDomains => {
                    let typed = kept.user_principal_name.trim();
                    let given = typed.rsplit_once('@').map_or(typed, |(_, domain)| domain);
                    let domain = admin.tenant.initial_domain.as_str();
                    let words = fields
                        .texts
                        .upn_not_in_domain
                        .arg("given", given)
                        .arg("domain", domain)
                        .to_string();
                    fields.add("new-upn", words);
                    Some(message.clone())
                }
                // The one unique value of a new member is its principal name.
                DomainError::Conflict(message) => {
                    fields.add("new-upn", fields.texts.upn_taken.to_owned());
                    Some(message.clone())
                }
                other => fields.place(other, &NEW_MEMBER_INPUTS),
            };
            let query = ListQuery {
                q: String::new(),
                kind: String::new(),
                sort: String::new(),
                dir: String::new(),
                after: None,
            };
            users_page(
                &state,
                &admin,
                &query,
                StatusCode::BAD_REQUEST,
                message.filter(|_| fields.is_empty()),
                (kept, fields),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct RenameForm {
    display_name: String,
}

async fn rename(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<RenameForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Users)?;
    let id = parse_id::<UserId>(&id)?;
    let patch = UserPatch {
        display_name: Some(form.display_name.clone()),
        ..UserPatch::default()
    };
    match directory::update_user(&state.services, &access, id, patch, now()).await {
        Ok(()) => {
            let target = Notice::Saved.on(&admin.path(&format!("/users/{id}")), id);
            Ok(Redirect::to(&target).into_response())
        }
        Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
            let typed = vec![("rename", form.display_name)];
            let inputs = [("displayName", "rename")];
            let refused = FieldErrors::refused(admin.language, &error, &inputs, typed);
            let status = StatusCode::BAD_REQUEST;
            user_page_with(&state, &admin, id, status, (refused.1, refused.0)).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    nav: Nav,
    user: UserLine,
    sign_in_name: String,
    alternative_security_id: String,
    created: super::LocalTime,
    may_write: bool,
    may_invite: bool,
    actions: String,
    /// "Name, date" of the newest invitation of a guest; empty for members.
    invited_by: String,
    /// Why the last change was refused, in the reader's language.
    error: Option<String>,
    /// A refused rename's problem beside its field, and what was typed.
    fields: FieldErrors,
    /// Who answers for the user (decision 0015).
    sponsors: Vec<SponsorLine>,
    /// Whether one of them is active (an enabled user, or a group).
    sponsored: bool,
    /// When the user's access ends, if it does, and the next step owed for it.
    access_ends: Option<super::LocalTime>,
    /// The end as `YYYY-MM-DD` for the date input.
    access_ends_day: String,
    next_step: Option<(String, super::LocalTime)>,
}

/// A sponsor as the user's page lists it.
struct SponsorLine {
    id: String,
    name: String,
    /// The sponsor's own page in the portal.
    href: String,
    /// The principal name of a user sponsor; empty for a group.
    detail: String,
    group: bool,
    blocked: bool,
}

async fn show(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    user_page(
        &state,
        &admin,
        parse_id::<UserId>(&id)?,
        StatusCode::OK,
        None,
    )
    .await
}

/// A refusal to lock the organization out of its administration, said in the
/// reader's language.
fn lockout_message(texts: &PortalTexts, lockout: &Lockout) -> String {
    match lockout {
        Lockout::Own { delete: false } => texts.cannot_block_yourself.to_owned(),
        Lockout::Own { delete: true } => texts.cannot_delete_yourself.to_owned(),
        Lockout::LastAdministrator { name, delete } => {
            let text = if *delete {
                texts.last_admin_delete
            } else {
                texts.last_admin_block
            };
            text.arg("name", name).to_string()
        }
    }
}

async fn user_page(
    state: &AppState,
    admin: &super::Admin,
    id: UserId,
    status: StatusCode,
    error: Option<String>,
) -> Result<Response, Gate> {
    let fields = FieldErrors::new(admin.language);
    user_page_with(state, admin, id, status, (error, fields)).await
}

/// The user's page, with a refused rename's problem beside its field.
async fn user_page_with(
    state: &AppState,
    admin: &super::Admin,
    id: UserId,
    status: StatusCode,
    (error, fields): (Option<String>, FieldErrors),
) -> Result<Response, Gate> {
    let access = admin.caller.read(Area::Users)?;
    let user = directory::get_user(&state.services, access, id).await?;
    let origin = directory::guest_origin(&state.services, access, &user).await?;
    let base = admin.path("");
    let texts = admin.texts();
    let homes =
        lists::home_organizations(&state.services, access, std::slice::from_ref(&user)).await?;
    let line = UserLine::of(&user, &base, texts, lists_texts(admin.language), &homes);
    let invited_by = match (&origin.invited_by, origin.invited_at) {
        (Some(name), Some(at)) => {
            format!("{name}, {}", crate::api::date_time(at).unwrap_or_default())
        }
        (None, Some(at)) => crate::api::date_time(at).unwrap_or_default(),
        _ => String::new(),
    };
    let sponsors: Vec<SponsorLine> =
        entente_domain::sponsors::list(&state.services, access, user.id)
            .await?
            .into_iter()
            .map(|row| {
                let group = row.sponsor_type == entente_model::PrincipalType::Group;
                let kind = if group { "groups" } else { "users" };
                SponsorLine {
                    id: row.sponsor_id.to_string(),
                    href: format!("{base}/{kind}/{}", row.sponsor_id),
                    name: row.display_name,
                    detail: row.user_principal_name.unwrap_or_default(),
                    group,
                    blocked: !row.account_enabled,
                }
            })
            .collect();
    let end =
        entente_domain::lifecycle::access_end(&state.services, access.tenant, user.id).await?;
    let next_step = end.next.map(|(step, at)| {
        let words = match step {
            LifecycleStep::Remind => &texts.next_step_remind,
            LifecycleStep::Block => &texts.next_step_block,
            LifecycleStep::Delete => &texts.next_step_delete,
        };
        let when = super::LocalTime::of(at);
        (words.arg("date", when.text.as_str()).to_string(), when)
    });
    let user_page = UserPage {
        access_ends: end.ends_at.map(super::LocalTime::of),
        access_ends_day: end
            .ends_at
            .and_then(crate::api::date_time)
            .map(|iso| iso.chars().take(10).collect())
            .unwrap_or_default(),
        next_step,
        sponsored: sponsors.iter().any(|s| !s.blocked),
        sponsors,
        nav: admin.nav("users"),
        sign_in_name: user.sign_in_name.clone().unwrap_or_default(),
        alternative_security_id: user.alternative_security_id.clone().unwrap_or_default(),
        created: super::LocalTime::of(user.created_at),
        may_write: admin.caller.write(Area::Users).is_ok(),
        may_invite: admin.caller.may_invite(),
        actions: format!("{base}/users/{}", user.id),
        invited_by,
        user: line,
        error,
        fields,
    };
    Ok(admin.respond(page(status, &user_page)))
}

async fn set_enabled(
    state: AppState,
    admin: super::Admin,
    id: String,
    enabled: bool,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Users)?;
    let patch = UserPatch {
        account_enabled: Some(enabled),
        ..UserPatch::default()
    };
    let id = parse_id::<UserId>(&id)?;
    match directory::update_user(&state.services, &access, id, patch, now()).await {
        Ok(()) => {
            let notice = if enabled {
                Notice::Unblocked
            } else {
                Notice::Blocked
            };
            let target = notice.on(&admin.path(&format!("/users/{id}")), id);
            Ok(Redirect::to(&target).into_response())
        }
        Err(DomainError::LockedOut(lockout)) => {
            let message = lockout_message(admin.texts(), &lockout);
            user_page(&state, &admin, id, StatusCode::FORBIDDEN, Some(message)).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn block(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<ConfirmForm>,
) -> Result<Response, Gate> {
    // One's own account is refused at once, with the reason, unasked.
    if !form.confirmed() && admin.user.id.to_string() != id {
        return confirm_for(&state, &admin, &id, false).await;
    }
    set_enabled(state, admin, id, false).await
}

/// The confirmation of blocking (or, with `delete`, deleting) a user, naming them.
async fn confirm_for(
    state: &AppState,
    admin: &super::Admin,
    id: &str,
    delete: bool,
) -> Result<Response, Gate> {
    let id = parse_id::<UserId>(id)?;
    let user = directory::get_user(&state.services, admin.caller.read(Area::Users)?, id).await?;
    let texts = admin.deleted_texts();
    let (question, consequence, button, action) = match delete {
        true => (
            texts.confirm_delete_user,
            texts.consequence_delete_user,
            texts.button_delete,
            "delete",
        ),
        false => (
            texts.confirm_block_user,
            texts.consequence_block_user,
            texts.button_block,
            "block",
        ),
    };
    let confirmation = Confirmation {
        question: named(question, &user.display_name),
        consequences: vec![consequence.to_owned()],
        action: admin.path(&format!("/users/{id}/{action}")),
        fields: Vec::new(),
        button: button.to_owned(),
        cancel: admin.path(&format!("/users/{id}")),
    };
    Ok(confirm(admin, "users", confirmation))
}

async fn unblock(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, .. }: AdminPost<CsrfForm>,
) -> Result<Response, Gate> {
    set_enabled(state, admin, id, true).await
}

async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<ConfirmForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Users)?;
    if !form.confirmed() && admin.user.id.to_string() != id {
        return confirm_for(&state, &admin, &id, true).await;
    }
    let id = parse_id::<UserId>(&id)?;
    match directory::delete_user(&state.services, &access, id, now()).await {
        Ok(()) => Ok(Redirect::to(&Notice::Deleted.on(&admin.path("/users"), id)).into_response()),
        Err(DomainError::LockedOut(lockout)) => {
            let message = lockout_message(admin.texts(), &lockout);
            user_page(&state, &admin, id, StatusCode::FORBIDDEN, Some(message)).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct SponsorForm {
    /// A member's address, or a member's or group's object id.
    sponsor: String,
}

/// Adds a sponsor named by address or id; a refusal is shown beside the field.
async fn add_sponsor(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<SponsorForm>,
) -> Result<Response, Gate> {
    use entente_domain::sponsors::{SponsorRefusal, add_named};
    let access = admin.caller.write(Area::Users)?;
    let id = parse_id::<UserId>(&id)?;
    match add_named(&state.services, &access, id, &form.sponsor, now()).await? {
        Ok(_) => {
            let target = admin.path(&format!("/users/{id}#sponsors-heading"));
            Ok(Redirect::to(&target).into_response())
        }
        Err(refusal) => {
            let texts = admin.texts();
            let message = match refusal {
                SponsorRefusal::NotFound => texts.sponsor_not_found,
                SponsorRefusal::Guest => texts.sponsor_is_guest,
                SponsorRefusal::Itself => texts.sponsor_self,
                SponsorRefusal::Already => texts.sponsor_already,
            };
            let mut fields =
                FieldErrors::new(admin.language).keeping(vec![("sponsor", form.sponsor)]);
            fields.add("sponsor", message.to_owned());
            let status = StatusCode::BAD_REQUEST;
            user_page_with(&state, &admin, id, status, (None, fields)).await
        }
    }
}

/// Ends one sponsorship.
async fn remove_sponsor(
    State(state): State<AppState>,
    Path((_, id, sponsor)): Path<(String, String, String)>,
    AdminPost { admin, .. }: AdminPost<CsrfForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Users)?;
    let id = parse_id::<UserId>(&id)?;
    let sponsor = parse_id::<uuid::Uuid>(&sponsor)?;
    entente_domain::sponsors::remove(&state.services, &access, id, sponsor, now()).await?;
    let target = admin.path(&format!("/users/{id}#sponsors-heading"));
    Ok(Redirect::to(&target).into_response())
}

#[derive(Deserialize)]
struct AccessEndForm {
    /// `YYYY-MM-DD`: access ends at the start of that day (UTC); empty: never.
    #[serde(default)]
    access_ends: String,
}

/// Sets or clears when the user's access ends.
async fn set_access_end(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<AccessEndForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Users)?;
    let id = parse_id::<UserId>(&id)?;
    let typed = form.access_ends.trim();
    let ends = if typed.is_empty() {
        None
    } else {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        match time::Date::parse(typed, &format) {
            Ok(day) => Some(day.midnight().assume_utc().unix_timestamp()),
            Err(_) => {
                let mut fields = FieldErrors::new(admin.language)
                    .keeping(vec![("access_ends", form.access_ends.clone())]);
                fields.add("access_ends", admin.texts().access_ends_date.to_owned());
                let status = StatusCode::BAD_REQUEST;
                return user_page_with(&state, &admin, id, status, (None, fields)).await;
            }
        }
    };
    entente_domain::lifecycle::set_access_end(&state.services, &access, id, ends, now()).await?;
    let target = admin.path(&format!("/users/{id}#access-heading"));
    Ok(Redirect::to(&target).into_response())
}
