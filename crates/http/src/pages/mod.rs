//! Server-rendered pages: first-start setup, sign-in, second factors, sign-out and the
//! account page.
//! Templates live in `templates/`, one per page. Every form carries a CSRF token bound
//! to the browser's session (before sign-in, to a pre-session cookie), and forms
//! posted from another site are refused before any handler runs
//! ([`crate::web_security`]); the core forms work without JavaScript.

mod admin;
mod branding;
mod code_signin;
pub(crate) mod consent;
mod device;
mod federation;
pub(crate) mod front_door;
mod mfa;
mod redeem;
mod reviews;
mod setup;
mod signin;

use askama::Template;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Router};
use entente_domain::invitations::Language;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::PageError;

pub(crate) use branding::stylesheet_link;
pub(crate) use signin::{
    SESSION_COOKIE, SignOutRequest, SignedOutPage, confirm_sign_out, end_browser_session,
};

/// The pages whose forms only this site's own pages post (see
/// [`crate::web_security::same_origin_forms`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(setup::router())
        .merge(front_door::router())
        .merge(signin::router())
        .merge(code_signin::router())
        .merge(mfa::router())
        .merge(device::router())
        .merge(redeem::router())
        .merge(reviews::router())
        .merge(admin::router())
        .merge(consent::router())
        .merge(branding::router())
}

/// Where partners' identity providers send the browser back, by cross-site posts
/// among others: no form of this site's own.
pub fn federation_router() -> Router<AppState> {
    federation::router()
}

/// Renders a template; a rendering failure (a bug) becomes a plain message.
pub fn render<T: Template>(template: &T) -> String {
    template.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "template rendering failed");
        "An internal error occurred.".to_owned()
    })
}

/// A rendered page with a status.
pub fn page<T: Template>(status: StatusCode, template: &T) -> Response {
    (status, Html(render(template))).into_response()
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub message: &'a str,
    /// Where the page leads on: the start page always, and signing out where the
    /// account signed in is what stands in the way.
    pub start_page: &'a str,
    pub sign_out: Option<(&'a str, &'a str)>,
}

/// The value of one cookie of the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/`, no `Domain`, and Secure
/// over https, where [`crate::web_security::https_only`] also gives the name its
/// `__Host-` prefix.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age: Option<i64>) -> HeaderValue {
    let mut text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        text.push_str(&format!("; Max-Age={age}"));
    }
    if state.secure_cookies {
        text.push_str("; Secure");
    }
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

/// The pre-session cookie a form's CSRF token is bound to while the browser has no
/// session (the sign-in, setup and redemption pages).
pub const CSRF_COOKIE: &str = "entente_csrf";

/// What a form's CSRF token is bound to: the browser's session when it has one (the
/// hash of its session cookie, which is the key of its row in `sessions`), so a token
/// dies with its session and one session's token is worthless in another; before any
/// session, the random pre-session cookie.
fn csrf_binding(headers: &HeaderMap) -> Option<String> {
    if let Some(session) = cookie(headers, SESSION_COOKIE).filter(|v| !v.is_empty()) {
        return Some(format!(
            "session {}",
            entente_domain::crypto::token_hash(&session)
        ));
    }
    cookie(headers, CSRF_COOKIE)
        .filter(|v| v.len() >= 32)
        .map(|value| format!("browser {value}"))
}

/// The CSRF token for the forms of a page (see [`csrf_binding`]), and the
/// `Set-Cookie` header of a new pre-session cookie when the browser has neither a
/// session nor that cookie yet.
pub fn csrf(state: &AppState, headers: &HeaderMap) -> (String, Option<HeaderValue>) {
    match csrf_binding(headers) {
        Some(binding) => (state.services.master.csrf_token(&binding), None),
        None => {
            let value = entente_domain::crypto::new_token(state.services.entropy.as_ref());
            let token = state
                .services
                .master
                .csrf_token(&format!("browser {value}"));
            (token, Some(set_cookie(state, CSRF_COOKIE, &value, None)))
        }
    }
}

/// The browser's session as a tenant sees it (a session at a partner's home tenant
/// becomes the guest object it redeemed here, once the guest gave any second factor
/// the tenant requires), and whether the browser is signed in at all.
pub(crate) async fn tenant_session(
    state: &AppState,
    tenant: entente_model::TenantId,
    headers: &HeaderMap,
) -> Result<(entente_domain::invitations::redeem::TenantSession, bool), PageError> {
    let services = &state.services;
    let session = match cookie(headers, SESSION_COOKIE) {
        Some(token) => entente_domain::signin::session(services, &token, crate::now()).await?,
        None => None,
    };
    Ok(match session {
        Some(session) => {
            let seen = entente_domain::invitations::redeem::session_in_tenant(
                services,
                tenant,
                session,
                crate::now(),
            )
            .await?;
            if let entente_domain::invitations::redeem::TenantSession::Refused(refusal) = &seen {
                return Err(cross_tenant_refusal(state, tenant, refusal).await?);
            }
            (seen, true)
        }
        None => (
            entente_domain::invitations::redeem::TenantSession::NoAccess,
            false,
        ),
    })
}

/// The page of a guest the cross-tenant access settings keep out: the inviting
/// tenant's (inbound) or the guest's own organization's (outbound), with a way to
/// sign out and use another account.
pub(crate) async fn cross_tenant_refusal(
    state: &AppState,
    tenant: entente_model::TenantId,
    refusal: &entente_domain::cross_tenant::enforce::Refusal,
) -> Result<PageError, PageError> {
    use entente_domain::cross_tenant::rules::Direction;
    let name = state
        .services
        .cache
        .tenant(&state.services.store, &tenant.to_string(), crate::now())
        .await?
        .map(|t| t.display_name.clone())
        .unwrap_or_default();
    let message: crate::error::FilledWords = match refusal.verdict.direction {
        Direction::Inbound => |t| t.cross_tenant_inbound,
        Direction::Outbound => |t| t.cross_tenant_outbound,
    };
    Ok(PageError::filled(
        StatusCode::FORBIDDEN,
        |t| t.cross_tenant_title,
        message,
        &[("tenant", &name)],
    )
    .with_sign_out(tenant))
}

/// A local path with a query string, each value encoded.
pub(crate) fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(pairs);
    format!("{path}?{}", query.finish())
}

/// Checks a submitted form's CSRF token against what it must be bound to: the
/// browser's session, or without one its pre-session cookie.
pub fn check_csrf(state: &AppState, headers: &HeaderMap, submitted: &str) -> Result<(), PageError> {
    let expected = csrf_binding(headers).map(|binding| state.services.master.csrf_token(&binding));
    match expected {
        Some(expected)
            if entente_domain::crypto::constant_time_eq(
                expected.as_bytes(),
                submitted.as_bytes(),
            ) =>
        {
            Ok(())
        }
        _ => Err(PageError::new(
            StatusCode::FORBIDDEN,
            |t| t.form_expired_title,
            |t| t.form_expired,
        )),
    }
}

/// A form body whose rejection is a page error rather than axum's plain text.
pub struct PageForm<T>(pub T);

impl<S, T> FromRequest<S> for PageForm<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = PageError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Form::<T>::from_request(request, state).await {
            Ok(Form(value)) => Ok(PageForm(value)),
            Err(rejection) => Err(PageError::invalid(rejection.body_text())),
        }
    }
}

/// A path of this site to return to after sign-in; anything else (another site, or
/// what a browser would read as one) falls back to `fallback`, so the parameter cannot
/// be used as an open redirect. See [`crate::redirect`].
pub fn local_return_path(state: &AppState, candidate: Option<&str>, fallback: String) -> String {
    candidate
        .and_then(|candidate| {
            crate::redirect::redirect_target(
                &state.services.settings.public_base_url,
                candidate,
                crate::redirect::Chosen::ByRequest,
            )
        })
        .unwrap_or(fallback)
}

/// Where an administrator's registered URL (an invitation's redirect URL, a partner's
/// provider) sends the browser, checked like every other target; a URL that fails the
/// check (which registration should have refused) becomes `fallback`.
pub fn registered_target(state: &AppState, candidate: &str, fallback: String) -> String {
    crate::redirect::redirect_target(
        &state.services.settings.public_base_url,
        candidate,
        crate::redirect::Chosen::ByAdministrator,
    )
    .unwrap_or(fallback)
}

/// The first of the browser's preferred languages (`Accept-Language`) that Entente
/// speaks, or English when it names none of them.
pub(crate) fn browser_language(headers: &HeaderMap) -> Language {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(',')
        .filter_map(|part| part.split(';').next())
        .find_map(Language::from_locale)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; entente_session=abc; b=2"),
        );
        assert_eq!(cookie(&headers, "entente_session").as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn the_browser_language_is_its_first_one_entente_speaks() {
        let language = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static(value));
            browser_language(&headers)
        };
        assert_eq!(language("de-DE,de;q=0.9,en;q=0.8"), Language::De);
        assert_eq!(language("sv-SE,sv;q=0.9,fr;q=0.8"), Language::Fr);
        assert_eq!(language("zh-TW,zh;q=0.9"), Language::ZhHant);
        assert_eq!(language("pt-BR"), Language::PtBr);
        assert_eq!(language("sv, *"), Language::En);
        assert_eq!(browser_language(&HeaderMap::new()), Language::En);
    }
}
