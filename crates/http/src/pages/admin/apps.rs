//! Applications in the portal: the tenant's registrations, registering one (a web
//! app with a secret, or a public client), and an application's page: its client id
//! and redirect URIs, whether sign-in needs an assignment, its home page, its client
//! secrets (a new secret is shown once, on the page that made it, and never again),
//! and who is assigned to it, where an admin assigns a user or a group or removes one.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::access::Area;
use entente_domain::directory::{
    self, ApplicationPatch, NewApplication, NewAssignment, PageRequest, Principal,
};
use entente_domain::directory_reads::{self, Listing};
use entente_model::{AppId, AssignmentId, NameIdFormat, PrincipalType, SamlSigning};
use entente_storage::{Filter, GroupField};
use serde::Deserialize;

use super::confirm::{ConfirmForm, Confirmation, Notice, confirm, named};
use super::field_errors::FieldErrors;
use super::{Admin, AdminPage, AdminPost, Gate, Nav, find_user, not_found, parse_id};
use crate::AppState;
use crate::now;
use crate::pages::page;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/apps", get(list).post(create))
        .route("/{tenant}/admin/apps/{id}", get(show).post(update))
        .route("/{tenant}/admin/apps/{id}/secrets", post(add_secret))
        .route("/{tenant}/admin/apps/{id}/keys", post(add_key))
        .route("/{tenant}/admin/apps/{id}/keys/remove", post(remove_key))
        .route(
            "/{tenant}/admin/apps/{id}/secrets/remove",
            post(remove_secret),
        )
        .route("/{tenant}/admin/apps/{id}/assignments", post(assign))
        .route(
            "/{tenant}/admin/apps/{id}/assignments/remove",
            post(unassign),
        )
        .route("/{tenant}/admin/apps/{id}/delete", post(delete))
        .route("/{tenant}/admin/apps/others/{id}", get(show_other))
        .route(
            "/{tenant}/admin/apps/others/{id}/access",
            post(other_access),
        )
        .route(
            "/{tenant}/admin/apps/others/{id}/remove",
            post(remove_other),
        )
        .merge(super::app_roles::router())
        .merge(super::app_saml::router())
}

#[derive(Template)]
#[template(path = "admin/apps.html")]
struct AppsPage {
    nav: Nav,
    apps: Vec<AppLine>,
    next: Option<String>,
    may_write: bool,
    error: Option<String>,
    /// The registration form's problems beside its fields, and what was typed.
    fields: FieldErrors,
    c: &'static crate::texts::consent::ConsentTexts,
    /// Other organizations' applications this one consented to (the first
    /// [`OTHERS_SHOWN`]).
    others: Vec<OtherLine>,
}

/// How many other organizations' applications the page lists.
const OTHERS_SHOWN: i64 = 100;

/// Another organization's application this one consented to (its service principal).
struct OtherLine {
    id: String,
    link: String,
    name: String,
    publisher: String,
    client_id: String,
    accepted: super::LocalTime,
    assigned_only: bool,
}

struct AppLine {
    link: String,
    name: String,
    client_id: String,
    kind: &'static str,
}

#[derive(Deserialize)]
struct ListQuery {
    after: Option<String>,
}

async fn apps_page(
    state: &AppState,
    admin: &Admin,
    after: Option<String>,
    status: StatusCode,
    (error, fields): (Option<String>, FieldErrors),
) -> Result<Response, Gate> {
    let access = admin.caller.read(Area::Applications)?;
    let request = PageRequest {
        top: Some(50),
        skip_token: after,
    };
    let found =
        directory_reads::list_applications(&state.services, access, &Listing::page(request))
            .await?;
    let base = admin.path("");
    let texts = admin.texts();
    let listing = AppsPage {
        nav: admin.nav("apps"),
        apps: found
            .items
            .iter()
            .map(|v| AppLine {
                link: format!("{base}/apps/{}", v.application.id),
                name: v.application.display_name.clone(),
                client_id: v.application.client_id.clone(),
                kind: if v.application.public_client {
                    texts.public_client
                } else {
                    texts.web_application
                },
            })
            .collect(),
        next: found
            .skip_token
            .map(|token| format!("{base}/apps?after={token}")),
        may_write: admin.caller.write(Area::Applications).is_ok(),
        error,
        fields,
        c: crate::texts::consent::for_language(admin.language),
        others: other_applications(state, admin).await?,
    };
    Ok(admin.respond(page(status, &listing)))
}

async fn list(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let fields = FieldErrors::new(admin.language);
    apps_page(&state, &admin, query.after, StatusCode::OK, (None, fields)).await
}

#[derive(Deserialize)]
struct CreateForm {
    display_name: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    public_client: Option<String>,
}

async fn create(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<CreateForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Applications)?;
    let redirect = form.redirect_uri.trim();
    let request = NewApplication {
        display_name: form.display_name.clone(),
        public_client: form.public_client.is_some(),
        redirect_uris: if redirect.is_empty() {
            Vec::new()
        } else {
            vec![redirect.to_owned()]
        },
        home_page_url: None,
        logo_url: None,
        app_roles: Vec::new(),
        assignment_required: false,
        multiple_orgs: false,
        key_credentials: Vec::new(),
    };
    match directory::create_application(&state.services, &access, request, now()).await {
        Ok(view) => {
            let id = view.application.id;
            let target = Notice::Registered.on(&admin.path(&format!("/apps/{id}")), id);
            Ok(Redirect::to(&target).into_response())
        }
        Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
            let typed = vec![
                FieldErrors::tick("public_client", &form.public_client),
                ("display_name", form.display_name),
                ("redirect_uri", form.redirect_uri),
            ];
            let inputs = [
                ("displayName", "display_name"),
                ("redirectUris", "redirect_uri"),
            ];
            let refused = FieldErrors::refused(admin.language, &error, &inputs, typed);
            let status = StatusCode::BAD_REQUEST;
            apps_page(&state, &admin, None, status, (refused.1, refused.0)).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "admin/app.html")]
struct AppPage {
    nav: Nav,
    id: String,
    name: String,
    client_id: String,
    public_client: bool,
    redirect_uris: String,
    home_page_url: String,
    logo_url: String,
    assignment_required: bool,
    roles: Vec<RoleLine>,
    /// The roles a user or group can be assigned (enabled, for users): id and name.
    assignable_roles: Vec<(String, String)>,
    secrets: Vec<SecretLine>,
    /// A secret made by this very request: shown once.
    new_secret: Option<String>,
    /// Certificates whose keys sign the application's client assertions.
    key_credentials: Vec<KeyLine>,
    assignments: Vec<AssignmentLine>,
    may_write: bool,
    error: Option<String>,
    /// The settings form's problems beside its fields, and what was typed.
    fields: FieldErrors,
    /// SAML single sign-on: the settings when on, this organization's endpoints, and
    /// its signing certificates.
    saml: Option<entente_model::SamlSettings>,
    saml_endpoints: SamlEndpoints,
    certificates: Vec<CertificateLine>,
    /// The choices of the SAML form: value, label, chosen.
    name_id_options: Vec<(&'static str, &'static str, bool)>,
    signing_options: Vec<(&'static str, &'static str, bool)>,
    /// The application's own attributes as the form writes them (`name = source` a
    /// line), empty for the default set; and the sources to choose from.
    attributes_text: String,
    attribute_sources: String,
}

struct SamlEndpoints {
    entity_id: String,
    sso_url: String,
    metadata_url: String,
}

struct CertificateLine {
    id: String,
    thumbprint: String,
    expires: super::LocalTime,
    active: bool,
}

struct KeyLine {
    id: String,
    /// SHA-1, hex, as certificate tools show it.
    thumbprint: String,
    name: String,
    expires: super::LocalTime,
}

struct SecretLine {
    id: String,
    hint: String,
    name: String,
    expires: super::LocalTime,
}

struct RoleLine {
    id: String,
    display_name: String,
    value: String,
    description: String,
    /// Who may hold it, in the page's language ("Users and groups, Applications").
    member_types: String,
    enabled: bool,
}

struct AssignmentLine {
    id: String,
    principal_id: String,
    principal: String,
    /// The role's display name, or "Default access".
    role: String,
    kind: &'static str,
    /// `kind` in the page's language.
    kind_label: &'static str,
}

/// The assignments of an application (or of another organization's, through this
/// tenant's service principal) as the pages list them.
fn assignment_lines(
    texts: &'static crate::texts::portal::PortalTexts,
    roles: &[entente_model::AppRole],
    assigned: &[directory::AssignmentView],
) -> Vec<AssignmentLine> {
    assigned
        .iter()
        .map(|a| AssignmentLine {
            id: a.assignment.id.to_string(),
            principal_id: a.assignment.principal_id.to_string(),
            principal: a.principal_display_name.clone().unwrap_or_default(),
            role: roles
                .iter()
                .find(|r| r.id == a.assignment.app_role_id)
                .map_or(texts.default_access, |r| r.display_name.as_str())
                .to_owned(),
            kind: match a.assignment.principal_type {
                PrincipalType::User => "User",
                PrincipalType::Group => "Group",
                _ => "Application",
            },
            kind_label: match a.assignment.principal_type {
                PrincipalType::User => texts.kind_user,
                PrincipalType::Group => texts.kind_group,
                _ => texts.kind_application,
            },
        })
        .collect()
}

/// The roles of an application a user or group can be given: id and name.
fn assignable(roles: &[entente_model::AppRole]) -> Vec<(String, String)> {
    roles
        .iter()
        .filter(|r| r.is_enabled && r.allowed_member_types.iter().any(|t| t == "User"))
        .map(|r| (r.id.to_string(), r.display_name.clone()))
        .collect()
}

pub(super) async fn app_page(
    state: &AppState,
    admin: &Admin,
    id: AppId,
    status: StatusCode,
    new_secret: Option<String>,
    error: Option<String>,
) -> Result<Response, Gate> {
    let fields = FieldErrors::new(admin.language);
    app_page_with(state, admin, id, status, new_secret, (error, fields)).await
}

/// The application's page, with a refused settings form's problems beside its fields.
async fn app_page_with(
    state: &AppState,
    admin: &Admin,
    id: AppId,
    status: StatusCode,
    new_secret: Option<String>,
    (error, fields): (Option<String>, FieldErrors),
) -> Result<Response, Gate> {
    let access = admin.caller.read(Area::Applications)?;
    let view = directory::get_application(&state.services, access, id).await?;
    let assigned = directory::list_assigned_to(&state.services, access, id).await?;
    let saml = entente_domain::saml::settings::get(&state.services, access, id).await?;
    // Listing makes the tenant's first certificate, so only SAML applications do.
    let certificates = match &saml {
        Some(_) => entente_domain::saml::certificates::list(&state.services, access, now())
            .await?
            .into_iter()
            .map(|c| CertificateLine {
                id: c.id.to_string(),
                thumbprint: c.thumbprint,
                expires: super::LocalTime::of(c.not_after),
                active: c.active,
            })
            .collect(),
        None => Vec::new(),
    };
    let settings = &state.services.settings;
    let idp = entente_domain::saml::entity_id(settings, admin.tenant.id);
    let saml_endpoints = SamlEndpoints {
        sso_url: entente_domain::saml::sso_url(settings, admin.tenant.id),
        metadata_url: format!("{idp}/metadata"),
        entity_id: idp,
    };
    let app = view.application;
    let texts = admin.texts();
    let app_page = AppPage {
        nav: admin.nav("apps"),
        id: app.id.to_string(),
        name: app.display_name,
        client_id: app.client_id,
        public_client: app.public_client,
        redirect_uris: app.redirect_uris.join("\n"),
        home_page_url: app.home_page_url.unwrap_or_default(),
        logo_url: app.logo_url.unwrap_or_default(),
        assignment_required: app.assignment_required,
        roles: app
            .app_roles
            .iter()
            .map(|r| RoleLine {
                id: r.id.to_string(),
                display_name: r.display_name.clone(),
                value: r.value.clone(),
                description: r.description.clone(),
                member_types: r
                    .allowed_member_types
                    .iter()
                    .map(|t| match t.as_str() {
                        "User" => texts.users_and_groups,
                        _ => texts.nav_apps,
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                enabled: r.is_enabled,
            })
            .collect(),
        assignable_roles: assignable(&app.app_roles),
        secrets: view
            .secrets
            .iter()
            .map(|s| SecretLine {
                id: s.id.to_string(),
                hint: s.hint.clone(),
                name: s.display_name.clone().unwrap_or_default(),
                expires: super::LocalTime::of(s.expires_at),
            })
            .collect(),
        new_secret,
        key_credentials: view
            .keys
            .iter()
            .map(|k| KeyLine {
                id: k.id.to_string(),
                thumbprint: hex_thumbprint(&k.thumbprint_sha1),
                name: k.display_name.clone().unwrap_or_default(),
                expires: super::LocalTime::of(k.ends_at),
            })
            .collect(),
        assignments: assignment_lines(texts, &app.app_roles, &assigned),
        may_write: admin.caller.write(Area::Applications).is_ok(),
        error,
        fields,
        name_id_options: [
            (NameIdFormat::Email, texts.name_id_email),
            (NameIdFormat::Persistent, texts.name_id_persistent),
            (NameIdFormat::Transient, texts.name_id_transient),
            (NameIdFormat::Unspecified, texts.name_id_unspecified),
        ]
        .into_iter()
        .map(|(f, label)| {
            let chosen = saml
                .as_ref()
                .map_or(f == NameIdFormat::Email, |s| s.name_id_format == f);
            (f.as_str(), label, chosen)
        })
        .collect(),
        signing_options: [
            (SamlSigning::Assertion, texts.sign_assertion),
            (SamlSigning::Response, texts.sign_response),
            (SamlSigning::Both, texts.sign_both),
        ]
        .into_iter()
        .map(|(v, label)| {
            let chosen = saml
                .as_ref()
                .map_or(v == SamlSigning::Assertion, |s| s.signing == v);
            (v.as_str(), label, chosen)
        })
        .collect(),
        attributes_text: saml
            .as_ref()
            .and_then(|s| s.attributes.as_ref())
            .map(|list| {
                list.iter()
                    .map(|a| format!("{} = {}", a.name, a.source))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default(),
        attribute_sources: entente_domain::saml::settings::ATTRIBUTE_SOURCES.join(", "),
        saml,
        saml_endpoints,
        certificates,
    };
    Ok(admin.respond(page(status, &app_page)))
}

async fn show(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    app_page(
        &state,
        &admin,
        parse_id::<AppId>(&id)?,
        StatusCode::OK,
        None,
        None,
    )
    .await
}

#[derive(Deserialize)]
struct UpdateForm {
    display_name: String,
    #[serde(default)]
    redirect_uris: String,
    #[serde(default)]
    home_page_url: String,
    #[serde(default)]
    logo_url: String,
    #[serde(default)]
    assignment_required: Option<String>,
}

async fn update(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<UpdateForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Applications)?;
    let id = parse_id::<AppId>(&id)?;
    let home = form.home_page_url.trim();
    let patch = ApplicationPatch {
        display_name: Some(form.display_name.clone()),
        redirect_uris: Some(
            form.redirect_uris
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        ),
        home_page_url: Some((!home.is_empty()).then(|| home.to_owned())),
        logo_url: Some(Some(form.logo_url.clone())),
        assignment_required: Some(form.assignment_required.is_some()),
        ..ApplicationPatch::default()
    };
    match directory::update_application(&state.services, &access, id, patch, now()).await {
        Ok(()) => {
            let target = Notice::Saved.on(&admin.path(&format!("/apps/{id}")), id);
            Ok(Redirect::to(&target).into_response())
        }
        Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
            let typed = vec![
                FieldErrors::tick("assignment_required", &form.assignment_required),
                ("display_name", form.display_name),
                ("redirect_uris", form.redirect_uris),
                ("home_page_url", form.home_page_url),
                ("logo_url", form.logo_url),
            ];
            let refused = FieldErrors::refused(admin.language, &error, &APP_INPUTS, typed);
            let status = StatusCode::BAD_REQUEST;
            app_page_with(&state, &admin, id, status, None, (refused.1, refused.0)).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The application settings form's inputs by the API names of their fields.
const APP_INPUTS: [(&str, &str); 4] = [
    ("displayName", "display_name"),
    ("redirectUris", "redirect_uris"),
    ("homePageUrl", "home_page_url"),
    ("logoUrl", "logo_url"),
];

#[derive(Deserialize)]
struct SecretForm {
    #[serde(default)]
    display_name: String,
}

/// Makes a client secret and shows it on this response only: the page is not a
/// redirect, so reloading does not show it again (the browser asks to resubmit, which
/// would make another secret).
async fn add_secret(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<SecretForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Applications)?;
    let id = parse_id::<AppId>(&id)?;
    let name = form.display_name.trim();
    let added = directory::add_application_password(
        &state.services,
        &access,
        id,
        (!name.is_empty()).then(|| name.to_owned()),
        None,
        now(),
    )
    .await?;
    app_page(
        &state,
        &admin,
        id,
        StatusCode::OK,
        Some(added.secret_text),
        None,
    )
    .await
}

#[derive(Deserialize)]
struct RemoveForm {
    id: String,
    #[serde(flatten)]
    confirm: ConfirmForm,
}

/// The confirmation of removing a secret or a certificate (`key`) of an application.
async fn confirm_removal(
    state: &AppState,
    admin: &Admin,
    id: AppId,
    item: uuid::Uuid,
    key: bool,
) -> Result<Response, Gate> {
    let view =
        directory::get_application(&state.services, admin.caller.read(Area::Applications)?, id)
            .await?;
    let name = match key {
        true => view.keys.iter().find(|k| k.id == item).map(|k| {
            k.display_name
                .clone()
                .unwrap_or_else(|| hex_thumbprint(&k.thumbprint_sha1))
        }),
        false => view
            .secrets
            .iter()
            .find(|s| s.id == item)
            .map(|s| s.display_name.clone().unwrap_or_else(|| s.hint.clone())),
    }
    .ok_or_else(not_found)?;
    let texts = admin.deleted_texts();
    let (question, consequence, path) = match key {
        true => (
            texts.confirm_remove_certificate,
            texts.consequence_remove_certificate,
            "keys",
        ),
        false => (
            texts.confirm_remove_secret,
            texts.consequence_remove_secret,
            "secrets",
        ),
    };
    let app_name = view.application.display_name.as_str();
    let confirmation = Confirmation {
        question: question.arg("name", &name).arg("app", app_name).to_string(),
        consequences: vec![consequence.to_owned()],
        action: admin.path(&format!("/apps/{id}/{path}/remove")),
        fields: vec![("id".to_owned(), item.to_string())],
        button: texts.button_remove.to_owned(),
        cancel: admin.path(&format!("/apps/{id}")),
    };
    Ok(confirm(admin, "apps", confirmation))
}

async fn remove_secret(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<RemoveForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Applications)?;
    let id = parse_id::<AppId>(&id)?;
    let key = form.id.parse().map_err(|_| not_found())?;
    if !form.confirm.confirmed() {
        return confirm_removal(&state, &admin, id, key, false).await;
    }
    directory::remove_application_password(&state.services, &access, id, key, now()).await?;
    let target = Notice::SecretRemoved.on(&admin.path(&format!("/apps/{id}")), id);
    Ok(Redirect::to(&target).into_response())
}

/// A base64url SHA-1 thumbprint in upper-case hex.
fn hex_thumbprint(base64url: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(base64url)
        .map(|bytes| bytes.iter().map(|b| format!("{b:02X}")).collect())
        .unwrap_or_default()
}

#[derive(Deserialize)]
struct KeyForm {
    certificate: String,
    #[serde(default)]
    display_name: String,
}

/// Registers a certificate pasted as PEM text; a certificate that cannot be used comes
/// back on the page with the reason.
async fn add_key(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<KeyForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Applications)?;
    let id = parse_id::<AppId>(&id)?;
    let name = form.display_name.trim();
    let input = entente_domain::app_keys::KeyCredentialInput {
        key: Some(form.certificate),
        display_name: (!name.is_empty()).then(|| name.to_owned()),
        ..Default::default()
    };
    match entente_domain::app_keys::add_key_credential(&state.services, &access, id, input, now())
        .await
    {
        Ok(_) => Ok(Redirect::to(&admin.path(&format!("/apps/{id}"))).into_response()),
        Err(entente_domain::DomainError::Invalid(message))
        | Err(entente_domain::DomainError::Field { message, .. }) => {
            app_page(
                &state,
                &admin,
                id,
                StatusCode::BAD_REQUEST,
                None,
                Some(message),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

async fn remove_key(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<RemoveForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Applications)?;
    let id = parse_id::<AppId>(&id)?;
    let key = form.id.parse().map_err(|_| not_found())?;
    if !form.confirm.confirmed() {
        return confirm_removal(&state, &admin, id, key, true).await;
    }
    entente_domain::app_keys::remove_key_credential(&state.services, &access, id, key, now())
        .await?;
    let target = Notice::CertificateRemoved.on(&admin.path(&format!("/apps/{id}")), id);
    Ok(Redirect::to(&target).into_response())
}

#[derive(Deserialize)]
struct AssignForm {
    /// A user's email address, or a group's exact name.
    principal: String,
    /// The role's id; empty for default access.
    #[serde(default)]
    role: String,
}

async fn assign(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<AssignForm>,
) -> Result<Response, Gate> {
    let id = parse_id::<AppId>(&id)?;
    let principal = match find_user(&state, &admin, &form.principal).await? {
        Some(user) => Principal::User(user.id),
        None => match find_group(&state, &admin, &form.principal).await? {
            Some(group) => Principal::Group(group),
            None => {
                let message = admin
                    .texts()
                    .no_user_or_group
                    .arg("address", form.principal.trim())
                    .to_string();
                let typed = vec![("assign-principal", form.principal)];
                let mut fields = FieldErrors::new(admin.language).keeping(typed);
                fields.add("assign-principal", message);
                let status = StatusCode::BAD_REQUEST;
                return assignments_page(&state, &admin, id, status, (None, fields)).await;
            }
        },
    };
    let access = admin.caller.assignments_of(principal.kind())?;
    let role = form.role.trim();
    let request = NewAssignment {
        resource: id,
        app_role_id: if role.is_empty() {
            uuid::Uuid::nil()
        } else {
            role.parse().map_err(|_| not_found())?
        },
    };
    match directory::assign_app_role(&state.services, &access, principal, request, now()).await {
        Ok(_) => Ok(Redirect::to(&page_of(&state, &admin, id).await?).into_response()),
        Err(entente_domain::DomainError::Invalid(message))
        | Err(entente_domain::DomainError::Field { message, .. })
        | Err(entente_domain::DomainError::Conflict(message)) => {
            let fields = FieldErrors::new(admin.language);
            let status = StatusCode::BAD_REQUEST;
            assignments_page(&state, &admin, id, status, (Some(message), fields)).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The group of the tenant with exactly this name (case-insensitive), if one.
async fn find_group(
    state: &AppState,
    admin: &Admin,
    name: &str,
) -> Result<Option<entente_model::GroupId>, Gate> {
    let name = name.trim();
    let access = admin.caller.read(Area::Groups)?;
    let request = PageRequest {
        top: Some(50),
        skip_token: None,
    };
    let listing =
        Listing::page(request).filtered(Filter::starts_with(GroupField::DisplayName, name));
    let found = directory_reads::list_groups(&state.services, access, &listing).await?;
    Ok(found
        .items
        .into_iter()
        .find(|g| g.display_name.eq_ignore_ascii_case(name))
        .map(|g| g.id))
}

#[derive(Deserialize)]
struct UnassignForm {
    id: String,
    principal: String,
    kind: String,
}

async fn unassign(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<UnassignForm>,
) -> Result<Response, Gate> {
    let id = parse_id::<AppId>(&id)?;
    let assignment: AssignmentId = form.id.parse().map_err(|_| not_found())?;
    let principal_id: uuid::Uuid = form.principal.parse().map_err(|_| not_found())?;
    let principal = match form.kind.as_str() {
        "User" => Principal::User(entente_model::UserId(principal_id)),
        "Group" => Principal::Group(entente_model::GroupId(principal_id)),
        _ => return Err(Gate::Refused(not_found())),
    };
    let access = admin.caller.assignments_of(principal.kind())?;
    directory::delete_assignment(&state.services, &access, principal, assignment, now()).await?;
    Ok(Redirect::to(&page_of(&state, &admin, id).await?).into_response())
}

async fn delete(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<ConfirmForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Applications)?;
    let id = parse_id::<AppId>(&id)?;
    if !form.confirmed() {
        let read = admin.caller.read(Area::Applications)?;
        let view = directory::get_application(&state.services, read, id).await?;
        let texts = admin.deleted_texts();
        let mut consequences = vec![texts.consequence_delete_app.to_owned()];
        if entente_domain::deleted_items::reaches_directory_api(&state.services, read, id).await? {
            consequences.push(texts.consequence_cli_app.to_owned());
        }
        let confirmation = Confirmation {
            question: named(texts.confirm_delete_app, &view.application.display_name),
            consequences,
            action: admin.path(&format!("/apps/{id}/delete")),
            fields: Vec::new(),
            button: texts.button_delete.to_owned(),
            cancel: admin.path(&format!("/apps/{id}")),
        };
        return Ok(confirm(&admin, "apps", confirmation));
    }
    directory::delete_application(&state.services, &access, id, now()).await?;
    Ok(Redirect::to(&Notice::Deleted.on(&admin.path("/apps"), id)).into_response())
}

/// The other organizations' applications this one consented to, through the same
/// use case as `/v1.0/servicePrincipals`.
async fn other_applications(state: &AppState, admin: &Admin) -> Result<Vec<OtherLine>, Gate> {
    let access = admin.caller.read(Area::Applications)?;
    let request = PageRequest {
        top: Some(OTHERS_SHOWN),
        skip_token: None,
    };
    let found = entente_domain::multi_tenant::list_principals(
        &state.services,
        access,
        &Listing::page(request),
    )
    .await?;
    Ok(found
        .items
        .into_iter()
        .map(|row| OtherLine {
            id: row.principal.id.to_string(),
            link: admin.path(&format!("/apps/others/{}", row.principal.id)),
            name: row.application.display_name,
            publisher: row.publisher,
            client_id: row.application.client_id,
            accepted: super::LocalTime::of(row.principal.created_at),
            assigned_only: row.principal.assignment_required,
        })
        .collect())
}

#[derive(Deserialize)]
struct OtherAccessForm {
    #[serde(default)]
    assigned_only: Option<String>,
}

/// Whether only the people assigned to another organization's application may sign
/// in to it here.
async fn other_access(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<OtherAccessForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Applications)?;
    let id = parse_id::<uuid::Uuid>(&id)?;
    let required = form.assigned_only.is_some();
    entente_domain::multi_tenant::set_assignment_required(
        &state.services,
        &access,
        id,
        required,
        now(),
    )
    .await?;
    let page = admin.path(&format!("/apps/others/{id}"));
    Ok(Redirect::to(&Notice::Saved.on(&page, id)).into_response())
}

/// Removes another organization's application from this one, once confirmed: its
/// access here ends, with the roles given in it.
async fn remove_other(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<ConfirmForm>,
) -> Result<Response, Gate> {
    let access = admin.caller.write(Area::Applications)?;
    let id = parse_id::<uuid::Uuid>(&id)?;
    if !form.confirmed() {
        let read = admin.caller.read(Area::Applications)?;
        let row = entente_domain::multi_tenant::principal(&state.services, read, id).await?;
        let c = crate::texts::consent::for_language(admin.language);
        let confirmation = Confirmation {
            question: c
                .others_remove_confirm
                .arg("app", &row.application.display_name)
                .arg("organization", &admin.tenant.display_name)
                .to_string(),
            consequences: Vec::new(),
            action: admin.path(&format!("/apps/others/{id}/remove")),
            fields: Vec::new(),
            button: c.others_remove.to_owned(),
            cancel: admin.path("/apps"),
        };
        return Ok(confirm(&admin, "apps", confirmation));
    }
    entente_domain::multi_tenant::remove_principal(&state.services, &access, id, now()).await?;
    Ok(Redirect::to(&admin.path("/apps#others")).into_response())
}

/// Whether `id` names another organization's application here (this tenant's
/// service principal of it) rather than one of the tenant's own.
async fn is_other(state: &AppState, admin: &Admin, id: AppId) -> Result<bool, Gate> {
    let read = admin.caller.read(Area::Applications)?;
    match entente_domain::multi_tenant::principal(&state.services, read, id.0).await {
        Ok(_) => Ok(true),
        Err(DomainError::NotFound) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

/// The page where an application's assignments are listed: its own page, or
/// another organization's application's.
async fn page_of(state: &AppState, admin: &Admin, id: AppId) -> Result<String, Gate> {
    Ok(match is_other(state, admin, id).await? {
        true => admin.path(&format!("/apps/others/{id}")),
        false => admin.path(&format!("/apps/{id}")),
    })
}

/// The page of `id` with a refused assignment's problem on it.
async fn assignments_page(
    state: &AppState,
    admin: &Admin,
    id: AppId,
    status: StatusCode,
    (error, fields): (Option<String>, FieldErrors),
) -> Result<Response, Gate> {
    match is_other(state, admin, id).await? {
        true => other_page(state, admin, id.0, status, (error, fields)).await,
        false => app_page_with(state, admin, id, status, None, (error, fields)).await,
    }
}

#[derive(Template)]
#[template(path = "admin/other_app.html")]
struct OtherAppPage {
    nav: Nav,
    c: &'static crate::texts::consent::ConsentTexts,
    id: String,
    name: String,
    publisher: String,
    client_id: String,
    accepted: super::LocalTime,
    assigned_only: bool,
    roles: Vec<(String, String)>,
    assignable_roles: Vec<(String, String)>,
    assignments: Vec<AssignmentLine>,
    may_write: bool,
    error: Option<String>,
    fields: FieldErrors,
}

/// Another organization's application as this tenant has it: who may sign in, the
/// roles it defines, and who here holds them.
async fn other_page(
    state: &AppState,
    admin: &Admin,
    id: uuid::Uuid,
    status: StatusCode,
    (error, fields): (Option<String>, FieldErrors),
) -> Result<Response, Gate> {
    let access = admin.caller.read(Area::Applications)?;
    let row = entente_domain::multi_tenant::principal(&state.services, access, id).await?;
    let assigned = directory::list_assigned_to(&state.services, access, AppId(id)).await?;
    let texts = admin.texts();
    let app = &row.application;
    let body = OtherAppPage {
        nav: admin.nav("apps"),
        c: crate::texts::consent::for_language(admin.language),
        id: id.to_string(),
        name: app.display_name.clone(),
        publisher: row.publisher.clone(),
        client_id: app.client_id.clone(),
        accepted: super::LocalTime::of(row.principal.created_at),
        assigned_only: row.principal.assignment_required,
        roles: app
            .app_roles
            .iter()
            .filter(|r| r.is_enabled)
            .map(|r| (r.display_name.clone(), r.description.clone()))
            .collect(),
        assignable_roles: assignable(&app.app_roles),
        assignments: assignment_lines(texts, &app.app_roles, &assigned),
        may_write: admin.caller.write(Area::Applications).is_ok(),
        error,
        fields,
    };
    Ok(admin.respond(page(status, &body)))
}

async fn show_other(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let id = parse_id::<uuid::Uuid>(&id)?;
    let fields = FieldErrors::new(admin.language);
    other_page(&state, &admin, id, StatusCode::OK, (None, fields)).await
}
