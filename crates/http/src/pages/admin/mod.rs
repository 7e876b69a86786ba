//! The admin portal under `/{tenant}/admin`: a tenant's administrators and delegated
//! inviters manage partners and users from the browser.
//!
//! Every page is a thin face over the same use cases the `/v1.0` API calls, with the
//! signed-in member's directory roles as its permissions, so the portal can do
//! nothing the API would refuse that member, and leaves the same audit trail. Every
//! form carries the CSRF token; the pages work without JavaScript, and
//! `/assets/portal.js` only adds live progress to a bulk confirmation.
//!
//! The pages speak the browser's language (`Accept-Language`), English by default:
//! every page reaches its words through `nav.texts`. Data, the directory's own words
//! and the domain's error messages are shown as they come.

mod app_roles;
mod app_saml;
mod apps;
mod audit;
mod audit_changes;
mod confirm;
mod cross_tenant;
mod cross_tenant_parts;
mod deleted;
mod domains;
pub(super) mod field_errors;
mod groups;
mod invitations;
mod invite;
mod lists;
mod provisioning;
mod reviews;
mod settings;
mod sign_ins;
mod users;

use std::sync::Arc;

use crate::texts::deleted::DeletedItemsTexts;
use crate::texts::portal::{PortalTexts, for_language as portal_texts};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use entente_domain::access::Caller;
use entente_domain::invitations::Language;
use entente_model::{Tenant, User};

use super::{PageForm, SESSION_COOKIE, check_csrf, cookie, csrf};
use crate::error::PageError;
use crate::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/admin", get(home))
        .merge(invite::router())
        .merge(invitations::router())
        .merge(settings::router())
        .merge(cross_tenant::router())
        .merge(groups::router())
        .merge(apps::router())
        .merge(domains::router())
        .merge(audit::router())
        .merge(sign_ins::router())
        .merge(users::router())
        .merge(deleted::router())
        .merge(reviews::router())
        .merge(provisioning::router())
}

/// The signed-in member behind a portal request, with what the layout shows.
pub(crate) struct Admin {
    pub tenant: Arc<Tenant>,
    pub caller: Caller,
    pub user: User,
    /// The language of the pages, from the browser's `Accept-Language`.
    pub language: Language,
    pub csrf: String,
    /// A new CSRF cookie to set with the response, when the browser had none.
    pub csrf_cookie: Option<HeaderValue>,
    /// What the last change did, as the address's notice code says it (`confirm`).
    pub notice: Option<String>,
}

impl Admin {
    /// The navigation bar and sign-out form every portal page carries.
    pub fn nav(&self, section: &'static str) -> Nav {
        Nav {
            texts: self.texts(),
            tenant_id: self.tenant.id.to_string(),
            tenant_name: self.tenant.display_name.clone(),
            user_name: self.user.display_name.clone(),
            csrf: self.csrf.clone(),
            section,
            may_invite: self.caller.may_invite(),
            may_read_users: self
                .caller
                .read(entente_domain::access::Area::Users)
                .is_ok(),
            may_administer: self.caller.tenant_admin().is_ok(),
            may_read_audit: self.caller.audit().is_ok(),
            may_read_groups: self
                .caller
                .read(entente_domain::access::Area::Groups)
                .is_ok(),
            may_read_apps: self
                .caller
                .read(entente_domain::access::Area::Applications)
                .is_ok(),
            may_read_domains: self
                .caller
                .read(entente_domain::access::Area::Domains)
                .is_ok(),
            may_review: self.caller.review_reader().is_ok(),
            deleted: self.deleted_texts(),
            notice: self.notice.clone(),
        }
    }

    /// The words of deleted items, confirmations and notices.
    pub fn deleted_texts(&self) -> &'static DeletedItemsTexts {
        crate::texts::deleted::for_language(self.language)
    }

    /// The portal's words in the browser's language.
    pub fn texts(&self) -> &'static PortalTexts {
        portal_texts(self.language)
    }

    /// A response with the CSRF cookie added when it is new.
    pub fn respond(&self, mut response: Response) -> Response {
        if let Some(cookie) = &self.csrf_cookie {
            response
                .headers_mut()
                .append(header::SET_COOKIE, cookie.clone());
        }
        response
    }

    pub fn path(&self, rest: &str) -> String {
        format!("/{}/admin{rest}", self.tenant.id)
    }
}

/// What the portal layout needs.
pub(crate) struct Nav {
    /// The words of every portal page, in the browser's language.
    pub texts: &'static PortalTexts,
    pub tenant_id: String,
    pub tenant_name: String,
    pub user_name: String,
    pub csrf: String,
    pub section: &'static str,
    pub may_invite: bool,
    pub may_read_users: bool,
    pub may_administer: bool,
    pub may_read_audit: bool,
    pub may_read_groups: bool,
    pub may_read_apps: bool,
    pub may_read_domains: bool,
    /// May read the tenant's access reviews.
    pub may_review: bool,
    pub deleted: &'static DeletedItemsTexts,
    /// A notice of the change just made (`role=status`).
    pub notice: Option<String>,
}

impl Nav {
    /// The access reviews' words, in the language of the page.
    pub fn reviews(&self) -> &'static crate::texts::reviews::ReviewTexts {
        let language = entente_domain::invitations::Language::from_locale(self.texts.html_lang);
        crate::texts::reviews::for_language(language.unwrap_or_default())
    }

    /// The provisioning page's words, in the language of the page.
    pub fn provisioning(&self) -> &'static crate::texts::provisioning::ProvisioningTexts {
        let language = entente_domain::invitations::Language::from_locale(self.texts.html_lang);
        crate::texts::provisioning::for_language(language.unwrap_or_default())
    }

    /// The bulk pages' and copy buttons' words, in the language of the page.
    pub fn bulk(&self) -> &'static crate::texts::bulk::BulkTexts {
        let language = entente_domain::invitations::Language::from_locale(self.texts.html_lang);
        crate::texts::bulk::for_language(language.unwrap_or_default())
    }
}

/// Why a portal request cannot go on: the browser must sign in first, or the error.
pub(crate) enum Gate {
    SignIn(Response),
    Refused(PageError),
}

impl IntoResponse for Gate {
    fn into_response(self) -> Response {
        match self {
            Gate::SignIn(response) => response,
            Gate::Refused(error) => error.into_response(),
        }
    }
}

impl From<PageError> for Gate {
    fn from(error: PageError) -> Self {
        Gate::Refused(error)
    }
}

impl From<entente_domain::DomainError> for Gate {
    fn from(error: entente_domain::DomainError) -> Self {
        Gate::Refused(error.into())
    }
}

/// The member signed in at this tenant in this browser, or a redirect to its sign-in
/// page that comes back to `return_to`. A guest's session (a partner signed in at
/// home) is not a member of this tenant and is sent to sign in as one.
pub(crate) async fn admin(
    state: &AppState,
    tenant: &str,
    headers: &HeaderMap,
    return_to: &str,
) -> Result<Admin, Gate> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, tenant, now()).await?;
    let session = match cookie(headers, SESSION_COOKIE) {
        Some(token) => entente_domain::signin::session(&state.services, &token, now()).await?,
        None => None,
    };
    let Some(session) = session.filter(|s| s.tenant_id == tenant.id) else {
        let target = format!(
            "/{}/login?return_to={}",
            tenant.id,
            url::form_urlencoded::byte_serialize(return_to.as_bytes()).collect::<String>()
        );
        return Err(Gate::SignIn(Redirect::to(&target).into_response()));
    };
    let caller = entente_domain::signin::session_caller(&state.services, &session)
        .await
        .map_err(|_| {
            PageError::new(
                StatusCode::FORBIDDEN,
                |t| t.not_allowed_title,
                |t| t.account_disabled,
            )
        })?;
    let user = entente_domain::signin::session_user(&state.services, &session).await?;
    let (csrf, csrf_cookie) = csrf(state, headers);
    Ok(Admin {
        tenant,
        caller,
        user,
        language: crate::pages::browser_language(headers),
        csrf,
        csrf_cookie,
        notice: None,
    })
}

/// The user of the tenant with this email address (or object id), through the same
/// use cases as the users page.
pub(crate) async fn find_user(
    state: &AppState,
    admin: &Admin,
    address: &str,
) -> Result<Option<User>, Gate> {
    let address = address.trim();
    let access = admin.caller.read(entente_domain::access::Area::Users)?;
    if let Ok(id) = address.parse::<entente_model::UserId>() {
        return match entente_domain::directory::get_user(&state.services, access, id).await {
            Ok(user) => Ok(Some(user)),
            Err(entente_domain::DomainError::NotFound) => Ok(None),
            Err(other) => Err(other.into()),
        };
    }
    let request = entente_domain::directory::PageRequest {
        top: Some(10),
        skip_token: None,
    };
    let listing = entente_domain::directory_reads::Listing::page(request).filtered(
        entente_storage::Filter::eq(
            entente_storage::UserField::Mail,
            entente_storage::Literal::Text(address.to_owned()),
        ),
    );
    let found =
        entente_domain::directory_reads::list_users(&state.services, access, &listing).await?;
    Ok(found.items.into_iter().next())
}

/// The page error for an id that names nothing here.
pub(crate) fn not_found() -> PageError {
    PageError::not_found()
}

/// A portal page's request: the signed-in member behind it, or a redirect to sign in
/// that comes back to this very address. The tenant is the path's first segment.
pub(crate) struct AdminPage(pub Admin);

impl axum::extract::FromRequestParts<AppState> for AdminPage {
    type Rejection = Gate;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Gate> {
        let tenant = first_segment(parts.uri.path());
        let here = parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
        let mut admin = admin(state, &tenant, &parts.headers, &here).await?;
        admin.notice = confirm::notice(state, &admin, parts.uri.query()).await;
        Ok(AdminPage(admin))
    }
}

/// The first segment of a path: the tenant of every portal address.
fn first_segment(path: &str) -> String {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// A form posted to the portal: its CSRF token checked, the signed-in member behind
/// it, and its fields. The tenant is the path's first segment. A post whose session
/// has ended is sent to sign in and then to the portal's front door (the form's own
/// address only answers posts).
pub(crate) struct AdminPost<T> {
    pub admin: Admin,
    pub form: T,
}

impl<T: serde::de::DeserializeOwned + Send> axum::extract::FromRequest<AppState> for AdminPost<T> {
    type Rejection = Gate;

    async fn from_request(request: axum::extract::Request, state: &AppState) -> Result<Self, Gate> {
        let (parts, body) = request.into_parts();
        let headers = parts.headers.clone();
        let tenant = first_segment(parts.uri.path());
        let bytes = axum::body::to_bytes(body, crate::MAX_BODY_BYTES)
            .await
            .map_err(|_| {
                PageError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    |t| t.invalid_title,
                    |t| t.form_unreadable,
                )
            })?;
        let csrf = url::form_urlencoded::parse(&bytes)
            .find(|(key, _)| key == "csrf")
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default();
        check_csrf(state, &headers, &csrf)?;
        let request = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
        let PageForm(form) = PageForm::<T>::from_request(request, state).await?;
        let admin = admin(state, &tenant, &headers, &format!("/{tenant}/admin")).await?;
        Ok(AdminPost { admin, form })
    }
}

/// A form with nothing but its CSRF token (a button).
#[derive(serde::Deserialize)]
pub(crate) struct CsrfForm {}

/// An object id from a portal path; anything else is a page that does not exist.
pub(crate) fn parse_id<T: std::str::FromStr>(id: &str) -> Result<T, PageError> {
    id.parse().map_err(|_| not_found())
}

/// A CSV file to download under `name`.
pub(crate) fn csv_download(name: &str, body: String) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The portal's front door: the first section the member may use.
async fn home(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Gate> {
    let admin = admin(&state, &tenant, &headers, &format!("/{tenant}/admin")).await?;
    let nav = admin.nav("home");
    let target = if nav.may_invite {
        admin.path("/invite")
    } else if nav.may_read_users {
        admin.path("/users")
    } else {
        return Err(Gate::Refused(PageError::new(
            StatusCode::FORBIDDEN,
            |t| t.not_allowed_title,
            |t| t.no_admin_role,
        )));
    };
    Ok(Redirect::to(&target).into_response())
}

/// A time as the logs show it: readable UTC text in a `<time>` element whose
/// `datetime` `/assets/local-time.js` shows in the reader's language and time zone.
pub(crate) struct LocalTime {
    /// RFC 3339, UTC.
    pub iso: String,
    /// `2026-12-06 11:00 UTC`, for a browser without scripts.
    pub text: String,
}

impl LocalTime {
    pub(crate) fn of(at: entente_model::UnixTime) -> LocalTime {
        LocalTime {
            iso: crate::api::date_time(at).unwrap_or_default(),
            text: audit_changes::utc_text(at),
        }
    }
}

#[cfg(test)]
mod tests {
    use entente_i18n::Language;

    use crate::texts::portal::for_language;

    #[test]
    fn the_bulk_summary_keeps_its_words_around_each_count_in_the_translations_order() {
        let summary = |language| {
            for_language(language)
                .bulk_completed
                .arg("invited", 1999)
                .arg("total", 2000)
                .arg("errors", 1)
                .pieces()
                .into_iter()
                .map(|p| (p.words, p.slot, p.value))
                .collect::<Vec<_>>()
        };
        let ja = summary(Language::Ja);
        let slots: Vec<&str> = ja.iter().map(|(_, slot, _)| slot.as_str()).collect();
        assert_eq!(slots, ["total", "invited", "errors", ""]);
        assert_eq!(ja[0].2, "2,000");
        let en: String = summary(Language::En)
            .into_iter()
            .map(|(words, _, value)| words + &value)
            .collect();
        assert_eq!(en, "1,999 of 2,000 rows invited; 1 with errors.");
        let one = for_language(Language::En)
            .bulk_preview
            .arg("total", 1)
            .arg("valid", 1)
            .arg("errors", 0)
            .to_string();
        assert_eq!(one, "1 row read: 1 ready to invite, 0 with errors.");
        let de = for_language(Language::De)
            .invite_people
            .arg("count", 1)
            .to_string();
        assert_eq!(de, "1 Person einladen");
    }
}
