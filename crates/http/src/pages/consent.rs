//! Admin consent to another organization's application (Entra's v2 admin consent
//! endpoint): `GET /{tenant}/adminconsent?client_id=…&redirect_uri=…&state=…` shows a
//! signed-in administrator of the tenant the application, the organization that made
//! it and the roles it defines; accepting makes the tenant's service principal of it
//! and sends the browser to the application's registered `redirect_uri` with
//! `admin_consent=True&tenant={id}&state=…`, declining with `error=access_denied`.
//! Also the page a person sees at sign-in while their organization has not consented
//! (Entra's AADSTS65001), which links administrators here.

use askama::Template;
use axum::Router;
use axum::extract::Query;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use entente_domain::multi_tenant::{self, ConsentRefusal, ConsentRequest, NotConsented};
use entente_model::TenantId;
use serde::Deserialize;

use super::admin::{AdminPage, AdminPost, Gate};
use super::{browser_language, page, with_query};
use crate::oidc::authorize::respond_to_client;
use crate::texts::consent::{ConsentTexts, for_language};
use crate::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new().route("/{tenant}/adminconsent", get(show).post(decide))
}

#[derive(Deserialize)]
struct ConsentQuery {
    client_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
}

#[derive(Template)]
#[template(path = "consent.html")]
struct ConsentPage {
    t: &'static ConsentTexts,
    tenant: String,
    csrf: String,
    intro: String,
    effect: String,
    already: String,
    consented: bool,
    /// Each role's display name and description.
    roles: Vec<(String, String)>,
    client_id: String,
    redirect_uri: Option<String>,
    client_state: Option<String>,
}

#[derive(Template)]
#[template(path = "consent_needed.html")]
struct NeededPage {
    t: &'static ConsentTexts,
    body: String,
    admin: String,
    link: String,
}

/// The words of a refusal to show the consent page.
fn refusal(t: &'static ConsentTexts, why: &ConsentRefusal) -> &'static str {
    match why {
        ConsentRefusal::UnknownApplication => t.unknown_application,
        ConsentRefusal::SingleOrganization => t.single_organization,
        ConsentRefusal::OwnApplication => t.own_application,
        ConsentRefusal::RedirectNotRegistered => t.redirect_not_registered,
    }
}

fn refused_page(t: &'static ConsentTexts, status: StatusCode, message: &str) -> Response {
    let page_body = crate::pages::ErrorPage {
        lang: t.html_lang,
        title: t.refused_title,
        message,
        start_page: "/",
        sign_out: None,
    };
    page(status, &page_body)
}

async fn show(
    axum::extract::State(state): axum::extract::State<AppState>,
    AdminPage(admin): AdminPage,
    Query(query): Query<ConsentQuery>,
) -> Result<Response, Gate> {
    let t = for_language(admin.language);
    let organization = admin.tenant.display_name.clone();
    if admin.caller.tenant_admin().is_err() {
        let message = t.admin_only.arg("organization", &organization).to_string();
        return Ok(admin.respond(refused_page(t, StatusCode::FORBIDDEN, &message)));
    }
    let client_id = query.client_id.unwrap_or_default();
    let asked = multi_tenant::consent_request(
        &state.services,
        admin.tenant.id,
        &client_id,
        query.redirect_uri.as_deref(),
    )
    .await?;
    let request: ConsentRequest = match asked {
        Ok(request) => request,
        Err(why) => {
            let response = refused_page(t, StatusCode::BAD_REQUEST, refusal(t, &why));
            return Ok(admin.respond(response));
        }
    };
    let app = request.application.display_name.clone();
    let body = ConsentPage {
        t,
        tenant: admin.tenant.id.to_string(),
        csrf: admin.csrf.clone(),
        intro: t
            .intro
            .arg("app", &app)
            .arg("vendor", &request.vendor)
            .arg("organization", &organization)
            .to_string(),
        effect: t.effect.arg("organization", &organization).to_string(),
        already: t.already.arg("organization", &organization).to_string(),
        consented: request.consented,
        roles: request
            .roles
            .iter()
            .map(|r| (r.display_name.clone(), r.description.clone()))
            .collect(),
        client_id: request.application.client_id.clone(),
        redirect_uri: request.redirect_uri.clone(),
        client_state: query.state,
    };
    Ok(admin.respond(page(StatusCode::OK, &body)))
}

#[derive(Deserialize)]
struct DecisionForm {
    client_id: String,
    redirect_uri: Option<String>,
    state: Option<String>,
    decision: String,
}

async fn decide(
    axum::extract::State(state): axum::extract::State<AppState>,
    AdminPost { admin, form }: AdminPost<DecisionForm>,
) -> Result<Response, Gate> {
    let t = for_language(admin.language);
    let organization = admin.tenant.display_name.clone();
    let Ok(tenant_admin) = admin.caller.tenant_admin() else {
        let message = t.admin_only.arg("organization", &organization).to_string();
        return Ok(refused_page(t, StatusCode::FORBIDDEN, &message));
    };
    // The redirect_uri is checked against the application before anything is sent
    // there, accepted or declined.
    let asked = multi_tenant::consent_request(
        &state.services,
        admin.tenant.id,
        &form.client_id,
        form.redirect_uri.as_deref(),
    )
    .await?;
    let request = match asked {
        Ok(request) => request,
        Err(why) => return Ok(refused_page(t, StatusCode::BAD_REQUEST, refusal(t, &why))),
    };
    let tenant = admin.tenant.id.to_string();
    let mut fields: Vec<(&str, String)> = Vec::new();
    if form.decision == "accept" {
        if let Err(why) =
            multi_tenant::grant_consent(&state.services, &tenant_admin, &form.client_id, now())
                .await?
        {
            return Ok(refused_page(t, StatusCode::BAD_REQUEST, refusal(t, &why)));
        }
        fields.push(("admin_consent", "True".to_owned()));
        fields.push(("tenant", tenant));
    } else {
        fields.push(("error", "access_denied".to_owned()));
        fields.push((
            "error_description",
            "the administrator declined to consent".to_owned(),
        ));
        fields.push(("tenant", tenant));
    }
    fields.extend(form.state.map(|s| ("state", s)));
    Ok(match request.redirect_uri {
        Some(uri) => respond_to_client(&uri, fields, false),
        None if form.decision == "accept" => {
            let message = t
                .done
                .arg("app", &request.application.display_name)
                .arg("organization", &organization)
                .to_string();
            let body = crate::pages::ErrorPage {
                lang: t.html_lang,
                title: t.title,
                message: &message,
                start_page: &format!("/{}/admin/apps", admin.tenant.id),
                sign_out: None,
            };
            page(StatusCode::OK, &body)
        }
        None => {
            axum::response::Redirect::to(&format!("/{}/admin", admin.tenant.id)).into_response()
        }
    })
}

/// The page a person of `tenant` sees when it has not consented to another
/// organization's application: what is missing, and the consent link for its
/// administrators.
pub(crate) fn consent_needed(
    headers: &HeaderMap,
    tenant: TenantId,
    missing: &NotConsented,
    redirect_uri: &str,
) -> Response {
    let t = for_language(browser_language(headers));
    let vendor_app = &missing.application;
    let organization = &missing.tenant_name;
    let link = with_query(
        &format!("/{tenant}/adminconsent"),
        &[
            ("client_id", vendor_app.client_id.as_str()),
            ("redirect_uri", redirect_uri),
        ],
    );
    let body = NeededPage {
        t,
        body: t
            .needed_body
            .arg("app", &vendor_app.display_name)
            .arg("vendor", &missing.vendor)
            .arg("organization", organization)
            .to_string(),
        admin: t.needed_admin.arg("organization", organization).to_string(),
        link,
    };
    page(StatusCode::FORBIDDEN, &body)
}
