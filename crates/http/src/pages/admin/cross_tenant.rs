//! Cross-tenant access in the portal (Graph's `crossTenantAccessPolicy`), for the
//! tenant's administrators: the default settings (inbound and outbound B2B
//! collaboration, trust of partners' MFA, automatic redemption, the redemption order)
//! and their reset; the partners with an entry of their own, paged, each named and
//! summed up; adding one (a tenant of this deployment by id, or a federation
//! configuration); a partner's page, whose every part may use the default; and the
//! explanation of what the settings decide for an address and an application.
//!
//! The same use cases as `/v1.0/policies/crossTenantAccessPolicy`, with the member's
//! own permissions. `cross_tenant_parts` turns the forms into the domain's patch and
//! its answers into words; a refusal comes back on the form with what was typed.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::DomainError;
use entente_domain::access::Area;
use entente_domain::cross_tenant::{self, Question, view};
use entente_domain::directory::PageRequest;
use entente_domain::directory_reads::Listing;
use entente_domain::federation;
use entente_model::cross_tenant::{CrossTenantPartner, PartnerKind};
use serde::Deserialize;

use super::confirm::{Confirmation, Notice, confirm, named};
use super::cross_tenant_parts::{
    ExplainView, Posted, SettingsForm, b2b_summary, explained, kind_name, trust_summary,
};
use super::field_errors::FieldErrors;
use super::lists::{count_line, link};
use super::{Admin, AdminPage, AdminPost, Gate, Nav, parse_id};
use crate::AppState;
use crate::now;
use crate::pages::page;
use crate::texts::access::{self as access_texts, AccessTexts};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin/cross-tenant", get(show))
        .route("/{tenant}/admin/cross-tenant/default", post(save_default))
        .route(
            "/{tenant}/admin/cross-tenant/default/reset",
            post(reset_default),
        )
        .route("/{tenant}/admin/cross-tenant/partners", post(add_partner))
        .route("/{tenant}/admin/cross-tenant/explain", post(explain))
        .route(
            "/{tenant}/admin/cross-tenant/partners/{id}",
            get(show_partner).post(save_partner),
        )
        .route(
            "/{tenant}/admin/cross-tenant/partners/{id}/remove",
            post(remove_partner),
        )
}

/// Partner entries shown per page.
const PAGE_SIZE: i64 = 50;

/// The section the navigation marks.
const SECTION: &str = "cross-tenant";

#[derive(Template)]
#[template(path = "admin/cross_tenant.html")]
struct AccessPage {
    nav: Nav,
    t: &'static AccessTexts,
    is_system_default: bool,
    parts: SettingsForm,
    /// Users and groups may be listed (always, on the default).
    people_lists: bool,
    /// This tenant's applications: the inbound checkboxes and the explanation's
    /// choice.
    apps: Vec<AppChoice>,
    /// "Partners with an entry of their own: 1,000".
    count: String,
    partners: Vec<PartnerLine>,
    next: Option<String>,
    first: Option<String>,
    /// This tenant's federation configurations: id and name with domains.
    federations: Vec<(String, String)>,
    add_tenant: String,
    add_federation: String,
    explain_address: String,
    explain_app: String,
    explanation: Option<ExplainView>,
    error: Option<String>,
    fields: FieldErrors,
}

#[derive(Template)]
#[template(path = "admin/cross_tenant_partner.html")]
struct PartnerPage {
    nav: Nav,
    t: &'static AccessTexts,
    id: String,
    name: String,
    domains: String,
    kind: &'static str,
    /// Users and groups may be listed (a partner elsewhere has none known here).
    people_lists: bool,
    parts: SettingsForm,
    apps: Vec<AppChoice>,
    error: Option<String>,
    fields: FieldErrors,
}

/// An application to tick, by name; its value is its `appId`.
struct AppChoice {
    app_id: String,
    name: String,
    /// Listed by the inbound setting on the form.
    ticked: bool,
}

/// A partner in the list.
struct PartnerLine {
    link: String,
    id: String,
    name: String,
    domains: String,
    kind: &'static str,
    inbound: Vec<String>,
    outbound: Vec<String>,
    trust: &'static str,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    after: Option<String>,
}

/// What a refused or answered form puts back on the main page.
#[derive(Default)]
struct Submitted {
    settings: Option<SettingsForm>,
    add: (String, String),
    explain: (String, String),
    explanation: Option<ExplainView>,
}

fn texts(admin: &Admin) -> &'static AccessTexts {
    access_texts::for_language(admin.language)
}

async fn access_page(
    state: &AppState,
    admin: &Admin,
    after: Option<String>,
    status: StatusCode,
    submitted: Submitted,
    (error, fields): (Option<String>, FieldErrors),
) -> Result<Response, Gate> {
    let services = &state.services;
    let capability = admin.caller.tenant_admin()?;
    let t = texts(admin);
    let default = cross_tenant::default_settings(services, &capability).await?;
    let listing = Listing {
        count: true,
        ..Listing::page(PageRequest {
            top: Some(PAGE_SIZE),
            skip_token: after.clone().filter(|a| !a.is_empty()),
        })
    };
    let found = cross_tenant::list_partners(services, &capability, &listing).await?;
    let keys: Vec<_> = found.items.iter().map(|p| (p.partner_id, p.kind)).collect();
    let names = view::partner_names(services, &capability, &keys).await?;
    let configs = federation::list_configs(services, admin.caller.read(Area::Domains)?).await?;
    let form = submitted
        .settings
        .unwrap_or_else(|| SettingsForm::of(&default.settings, false));
    let apps = app_choices(state, admin, &form).await?;
    let path = admin.path("/cross-tenant");
    let partners = found
        .items
        .iter()
        .zip(names)
        .map(|(p, name)| partner_line(admin, t, p, name))
        .collect();
    let access = AccessPage {
        nav: admin.nav(SECTION),
        t,
        is_system_default: default.is_service_default,
        parts: form,
        people_lists: true,
        apps,
        count: count_line(t.partners_count, found.count),
        partners,
        next: found
            .skip_token
            .map(|token| link(&path, &[("after", token.as_str())], &[])),
        first: after.filter(|a| !a.is_empty()).map(|_| path.clone()),
        federations: configs
            .into_iter()
            .map(|c| {
                let name = format!("{} ({})", c.display_name, c.domains.join(", "));
                (c.id.to_string(), name)
            })
            .collect(),
        add_tenant: submitted.add.0,
        add_federation: submitted.add.1,
        explain_address: submitted.explain.0,
        explain_app: submitted.explain.1,
        explanation: submitted.explanation,
        error,
        fields,
    };
    Ok(admin.respond(page(status, &access)))
}

fn partner_line(
    admin: &Admin,
    t: &'static AccessTexts,
    p: &CrossTenantPartner,
    name: view::PartnerName,
) -> PartnerLine {
    PartnerLine {
        link: admin.path(&format!("/cross-tenant/partners/{}", p.partner_id)),
        id: p.partner_id.to_string(),
        name: name
            .display_name
            .unwrap_or_else(|| t.name_unknown.to_owned()),
        domains: name.domains.join(", "),
        kind: kind_name(t, p.kind),
        inbound: b2b_summary(t, p.settings.b2b_collaboration_inbound.as_ref()),
        outbound: b2b_summary(t, p.settings.b2b_collaboration_outbound.as_ref()),
        trust: trust_summary(t, p.settings.inbound_trust.as_ref()),
    }
}

/// This tenant's applications by name, and any `appId` the form lists that is not
/// among them (kept, so saving does not drop it).
async fn app_choices(
    state: &AppState,
    admin: &Admin,
    form: &SettingsForm,
) -> Result<Vec<AppChoice>, Gate> {
    let capability = admin.caller.tenant_admin()?;
    let mut apps: Vec<AppChoice> = view::applications(&state.services, &capability)
        .await?
        .into_iter()
        .map(|(app_id, name)| AppChoice {
            ticked: form.inbound.lists_app(&app_id),
            app_id,
            name,
        })
        .collect();
    for listed in &form.inbound.app_ids {
        if !apps.iter().any(|a| a.app_id == *listed) {
            apps.push(AppChoice {
                app_id: listed.clone(),
                name: listed.clone(),
                ticked: true,
            });
        }
    }
    Ok(apps)
}

async fn show(
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let fields = FieldErrors::new(admin.language);
    let submitted = Submitted::default();
    access_page(
        &state,
        &admin,
        query.after,
        StatusCode::OK,
        submitted,
        (None, fields),
    )
    .await
}

/// The input of each setting a domain refusal may name (by its API name), so the
/// refusal shows beside it in the reader's words; any other shows above the form.
const SETTING_INPUTS: [(&str, &str); 5] = [
    ("b2bCollaborationInbound.usersAndGroups", "in_users"),
    ("b2bCollaborationInbound.applications", "in_app_list"),
    ("b2bCollaborationOutbound.usersAndGroups", "out_users"),
    ("b2bCollaborationOutbound.applications", "out_app_ids"),
    (cross_tenant::REDEMPTION_ORDER, "order_1"),
];

/// A settings form's refusal: beside the input of the field it names, else above.
fn refusal(admin: &Admin, error: &DomainError) -> (Option<String>, FieldErrors) {
    let mut fields = FieldErrors::new(admin.language);
    let above = fields.place(error, &SETTING_INPUTS);
    (above, fields)
}

async fn save_default(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<Vec<(String, String)>>,
) -> Result<Response, Gate> {
    let capability = admin.caller.tenant_admin()?;
    let settings = SettingsForm::posted(&Posted(form), false);
    let current = cross_tenant::default_settings(&state.services, &capability).await?;
    let mut fields = FieldErrors::new(admin.language);
    let refused = match settings.patch(&current.settings, texts(&admin), &mut fields) {
        None => (None, fields),
        Some(patch) => {
            match cross_tenant::update_default(&state.services, &capability, patch, now()).await {
                Ok(_) => {
                    let path = admin.path("/cross-tenant");
                    let target = Notice::AccessDefaultSaved.on(&path, admin.tenant.id);
                    return Ok(Redirect::to(&target).into_response());
                }
                Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
                    refusal(&admin, &error)
                }
                Err(other) => return Err(other.into()),
            }
        }
    };
    let submitted = Submitted {
        settings: Some(settings),
        ..Submitted::default()
    };
    access_page(
        &state,
        &admin,
        None,
        StatusCode::BAD_REQUEST,
        submitted,
        refused,
    )
    .await
}

async fn reset_default(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<Vec<(String, String)>>,
) -> Result<Response, Gate> {
    let capability = admin.caller.tenant_admin()?;
    let t = texts(&admin);
    if !Posted(form).confirmed() {
        let confirmation = Confirmation {
            question: t.confirm_reset.to_owned(),
            consequences: vec![t.consequence_reset.to_owned()],
            action: admin.path("/cross-tenant/default/reset"),
            fields: Vec::new(),
            button: t.button_reset.to_owned(),
            cancel: admin.path("/cross-tenant"),
        };
        return Ok(confirm(&admin, SECTION, confirmation));
    }
    cross_tenant::reset_default(&state.services, &capability, now()).await?;
    let target = Notice::AccessDefaultReset.on(&admin.path("/cross-tenant"), admin.tenant.id);
    Ok(Redirect::to(&target).into_response())
}

#[derive(Deserialize)]
struct AddForm {
    #[serde(default)]
    tenant_id: String,
    #[serde(default)]
    federation: String,
}

async fn add_partner(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<AddForm>,
) -> Result<Response, Gate> {
    let capability = admin.caller.tenant_admin()?;
    let t = texts(&admin);
    let (typed, chosen) = (form.tenant_id.trim(), form.federation.trim());
    let mut fields = FieldErrors::new(admin.language);
    let id =
        match (typed.is_empty(), chosen.is_empty()) {
            (true, true) => Err(t.add_neither.to_owned()),
            (false, false) => Err(t.add_both.to_owned()),
            (false, true) => uuid::Uuid::parse_str(typed)
                .map_err(|_| t.not_an_id.arg("entry", typed).to_string()),
            (true, false) => uuid::Uuid::parse_str(chosen)
                .map_err(|_| t.not_an_id.arg("entry", chosen).to_string()),
        };
    let refused = match id {
        Ok(id) => {
            let patch = Default::default();
            let name = cross_tenant::PartnerName::Id(id);
            match cross_tenant::create_partner(&state.services, &capability, name, patch, now())
                .await
            {
                Ok(made) => {
                    let path = format!("/cross-tenant/partners/{}", made.partner_id);
                    let target = Notice::PartnerAdded.on(&admin.path(&path), made.partner_id);
                    return Ok(Redirect::to(&target).into_response());
                }
                Err(DomainError::Conflict(_)) => {
                    fields.add("add-tenant", t.add_exists.to_owned());
                    (None, fields)
                }
                Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
                    // A refusal of the id is said beside it in the reader's language.
                    if let Some(message) = fields.place(&error, &[("tenantId", "add-tenant")]) {
                        fields.add("add-tenant", message);
                    }
                    (None, fields)
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(problem) => {
            fields.add("add-tenant", problem);
            (None, fields)
        }
    };
    let submitted = Submitted {
        add: (form.tenant_id, form.federation),
        ..Submitted::default()
    };
    access_page(
        &state,
        &admin,
        None,
        StatusCode::BAD_REQUEST,
        submitted,
        refused,
    )
    .await
}

#[derive(Deserialize)]
struct ExplainForm {
    #[serde(default)]
    address: String,
    #[serde(default)]
    app: String,
}

async fn explain(
    State(state): State<AppState>,
    AdminPost { admin, form }: AdminPost<ExplainForm>,
) -> Result<Response, Gate> {
    let capability = admin.caller.tenant_admin()?;
    let question = Question {
        address: form.address.clone(),
        application: Some(form.app.trim().to_owned()).filter(|a| !a.is_empty()),
    };
    let answer = cross_tenant::explain(&state.services, &capability, question, now()).await;
    let mut submitted = Submitted {
        explain: (form.address, form.app),
        ..Submitted::default()
    };
    let (status, refused) = match answer {
        Ok(answer) => {
            let name = match (answer.partner.id(), answer.partner_kind) {
                (Some(id), Some(kind)) => {
                    view::partner_names(&state.services, &capability, &[(id, kind)])
                        .await?
                        .pop()
                        .and_then(|n| n.display_name)
                }
                _ => None,
            };
            submitted.explanation = Some(explained(texts(&admin), &answer, name));
            (StatusCode::OK, (None, FieldErrors::new(admin.language)))
        }
        Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
            // The domain names the field and the rule: the reader's words beside it.
            let mut fields = FieldErrors::new(admin.language);
            let inputs = [
                ("address", "explain-address"),
                ("application", "explain-app"),
            ];
            if let Some(above) = fields.place(&error, &inputs) {
                fields.add("explain-address", above);
            }
            (StatusCode::BAD_REQUEST, (None, fields))
        }
        Err(other) => return Err(other.into()),
    };
    access_page(&state, &admin, None, status, submitted, refused).await
}

/// A partner's page: its entry, named, and its form.
async fn partner_page(
    state: &AppState,
    admin: &Admin,
    id: uuid::Uuid,
    status: StatusCode,
    form: Option<SettingsForm>,
    (error, fields): (Option<String>, FieldErrors),
) -> Result<Response, Gate> {
    let capability = admin.caller.tenant_admin()?;
    let t = texts(admin);
    let partner = cross_tenant::partner(&state.services, &capability, id).await?;
    let name = view::partner_names(&state.services, &capability, &[(id, partner.kind)])
        .await?
        .pop();
    let form = form.unwrap_or_else(|| SettingsForm::of(&partner.settings, true));
    let apps = app_choices(state, admin, &form).await?;
    let partner_page = PartnerPage {
        nav: admin.nav(SECTION),
        t,
        id: id.to_string(),
        name: name
            .as_ref()
            .and_then(|n| n.display_name.clone())
            .unwrap_or_else(|| t.name_unknown.to_owned()),
        domains: name.map(|n| n.domains.join(", ")).unwrap_or_default(),
        kind: kind_name(t, partner.kind),
        people_lists: partner.kind == PartnerKind::Tenant,
        parts: form,
        apps,
        error,
        fields,
    };
    Ok(admin.respond(page(status, &partner_page)))
}

async fn show_partner(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPage(admin): AdminPage,
) -> Result<Response, Gate> {
    let id = parse_id::<uuid::Uuid>(&id)?;
    let fields = FieldErrors::new(admin.language);
    partner_page(&state, &admin, id, StatusCode::OK, None, (None, fields)).await
}

async fn save_partner(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<Vec<(String, String)>>,
) -> Result<Response, Gate> {
    let id = parse_id::<uuid::Uuid>(&id)?;
    let capability = admin.caller.tenant_admin()?;
    let settings = SettingsForm::posted(&Posted(form), true);
    let current = cross_tenant::partner(&state.services, &capability, id).await?;
    let mut fields = FieldErrors::new(admin.language);
    let refused = match settings.patch(&current.settings, texts(&admin), &mut fields) {
        None => (None, fields),
        Some(patch) => {
            match cross_tenant::update_partner(&state.services, &capability, id, patch, now()).await
            {
                Ok(_) => {
                    let path = admin.path(&format!("/cross-tenant/partners/{id}"));
                    let target = Notice::PartnerSaved.on(&path, id);
                    return Ok(Redirect::to(&target).into_response());
                }
                Err(error @ (DomainError::Invalid(_) | DomainError::Field { .. })) => {
                    refusal(&admin, &error)
                }
                Err(other) => return Err(other.into()),
            }
        }
    };
    let status = StatusCode::BAD_REQUEST;
    partner_page(&state, &admin, id, status, Some(settings), refused).await
}

async fn remove_partner(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, String)>,
    AdminPost { admin, form }: AdminPost<Vec<(String, String)>>,
) -> Result<Response, Gate> {
    let id = parse_id::<uuid::Uuid>(&id)?;
    let capability = admin.caller.tenant_admin()?;
    if !Posted(form).confirmed() {
        let t = texts(&admin);
        let partner = cross_tenant::partner(&state.services, &capability, id).await?;
        let name = view::partner_names(&state.services, &capability, &[(id, partner.kind)])
            .await?
            .pop()
            .and_then(|n| n.display_name)
            .unwrap_or_else(|| id.to_string());
        let confirmation = Confirmation {
            question: named(t.confirm_remove, &name),
            consequences: vec![t.consequence_remove.to_owned()],
            action: admin.path(&format!("/cross-tenant/partners/{id}/remove")),
            fields: Vec::new(),
            button: t.button_remove.to_owned(),
            cancel: admin.path(&format!("/cross-tenant/partners/{id}")),
        };
        return Ok(confirm(&admin, SECTION, confirmation));
    }
    cross_tenant::delete_partner(&state.services, &capability, id, now()).await?;
    let target = Notice::PartnerRemoved.on(&admin.path("/cross-tenant"), id);
    Ok(Redirect::to(&target).into_response())
}
