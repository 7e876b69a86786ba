//! Signing in to a tenant with a password, the account page, and signing out.
//!
//! The pages speak the browser's language (`Accept-Language`), English by default.

use crate::client_address::ClientAddress;

use crate::texts::signin::{SignInTexts, for_language as sign_in_texts};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use entente_domain::invitations::Language;
use entente_domain::signin::{PasswordSignIn, SignInOutcome};
use entente_model::TenantId;
use serde::Deserialize;

use super::{
    PageForm, browser_language, check_csrf, cookie, csrf, local_return_path, page, set_cookie,
};
use crate::error::PageError;
use crate::{AppState, now};

pub const SESSION_COOKIE: &str = "entente_session";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{tenant}/login", get(show_login).post(submit_login))
        .route("/{tenant}/account", get(account))
        .route("/{tenant}/logout", axum::routing::post(sign_out))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    texts: &'static SignInTexts,
    tenant_name: &'a str,
    /// The tenant's logo and colour.
    tenant_logo: Option<&'a str>,
    branding_css: Option<String>,
    /// "to {tenant}", under the heading.
    subtitle: String,
    action: String,
    csrf: &'a str,
    return_to: &'a str,
    login: &'a str,
    error: Option<&'a str>,
}

#[derive(Deserialize)]
struct LoginQuery {
    return_to: Option<String>,
    login_hint: Option<String>,
}

async fn show_login(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    Query(query): Query<LoginQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let (token, new_cookie) = csrf(&state, &headers);
    let return_to = local_return_path(
        &state,
        query.return_to.as_deref(),
        format!("/{}/account", tenant.id),
    );
    let texts = sign_in_texts(browser_language(&headers));
    let login_page = LoginPage {
        texts,
        tenant_name: &tenant.display_name,
        tenant_logo: tenant.branding.logo_url.as_deref(),
        branding_css: super::stylesheet_link(&tenant),
        subtitle: texts
            .sign_in_to
            .arg("tenant", &tenant.display_name)
            .to_string(),
        action: format!("/{}/login", tenant.id),
        csrf: &token,
        return_to: &return_to,
        login: query.login_hint.as_deref().unwrap_or(""),
        error: None,
    };
    let mut response = page(StatusCode::OK, &login_page);
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
struct LoginForm {
    login: String,
    /// Absent for accounts of unmanaged tenants, which sign in by an emailed code.
    #[serde(default)]
    password: String,
    csrf: String,
    return_to: Option<String>,
}

async fn submit_login(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<LoginForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let return_to = local_return_path(
        &state,
        form.return_to.as_deref(),
        format!("/{}/account", tenant.id),
    );
    let language = browser_language(&headers);
    let texts = sign_in_texts(language);
    // A guest of a partner with its own identity provider signs in there.
    if let Some(begun) = entente_domain::federation::login::begin_sign_in(
        &state.services,
        tenant.id,
        &form.login,
        &return_to,
        now(),
    )
    .await?
    {
        return Ok(super::federation::to_provider(&state, &begun));
    }
    if let Some(code_form) = super::code_signin::offer_code(
        &state,
        &tenant,
        &form.login,
        &return_to,
        &form.csrf,
        language,
        client,
    )
    .await?
    {
        return Ok(code_form);
    }
    let realm =
        entente_domain::signin::realm_for_login(&state.services, tenant.id, &form.login).await?;
    if form.password.is_empty() && realm != tenant.id {
        // A guest whose organization is a tenant here signs in at home, with its
        // name and branding shown, and comes back here afterwards.
        return Ok(Redirect::to(&home_sign_in(realm, &form.login, &return_to)).into_response());
    }
    if form.password.is_empty() {
        // Not a wrong password (and no attempt spent): no other way applied to this
        // address, so it needs one.
        let login_page = LoginPage {
            texts,
            tenant_name: &tenant.display_name,
            tenant_logo: tenant.branding.logo_url.as_deref(),
            branding_css: super::stylesheet_link(&tenant),
            subtitle: texts
                .sign_in_to
                .arg("tenant", &tenant.display_name)
                .to_string(),
            action: format!("/{}/login", tenant.id),
            csrf: &form.csrf,
            return_to: &return_to,
            login: &form.login,
            error: Some(texts.password_required),
        };
        return Ok(page(StatusCode::BAD_REQUEST, &login_page));
    }
    let attempt = PasswordSignIn {
        tenant: realm,
        login: form.login.clone(),
        password: form.password,
        source: client.to_string(),
        return_to: return_to.clone(),
        shown_at: Some(tenant.id),
    };
    let outcome =
        entente_domain::signin::sign_in_with_password(&state.services, attempt, now()).await;
    let retry = |status: StatusCode, message: String, after: i64| {
        let login_page = LoginPage {
            texts,
            tenant_name: &tenant.display_name,
            tenant_logo: tenant.branding.logo_url.as_deref(),
            branding_css: super::stylesheet_link(&tenant),
            subtitle: texts
                .sign_in_to
                .arg("tenant", &tenant.display_name)
                .to_string(),
            action: format!("/{}/login", tenant.id),
            csrf: &form.csrf,
            return_to: &return_to,
            login: &form.login,
            error: Some(&message),
        };
        let mut response = page(status, &login_page);
        if after > 0
            && let Ok(value) = HeaderValue::from_str(&after.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    };
    match outcome {
        Ok(SignInOutcome::SignedIn(session)) => {
            state.metrics.count("logins", "success");
            let max_age = session.record.expires_at - now();
            let mut response = Redirect::to(&return_to).into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&state, SESSION_COOKIE, &session.token, Some(max_age)),
            );
            Ok(response)
        }
        Ok(SignInOutcome::SecondFactorRequired {
            pending_token,
            must_enrol,
        }) => {
            state.metrics.count("logins", "second_factor");
            Ok(super::mfa::to_second_factor(
                &state,
                realm,
                &pending_token,
                must_enrol,
            ))
        }
        Ok(SignInOutcome::Rejected) => {
            state.metrics.count("logins", "rejected");
            Ok(retry(
                StatusCode::UNAUTHORIZED,
                texts.password_incorrect.to_owned(),
                0,
            ))
        }
        Ok(SignInOutcome::Throttled { retry_after }) => {
            state.metrics.count("logins", "throttled");
            let seconds = retry_after;
            let message = texts.too_many_attempts.arg("seconds", seconds).to_string();
            Ok(retry(StatusCode::TOO_MANY_REQUESTS, message, retry_after))
        }
        Err(entente_domain::DomainError::Overloaded) => {
            state.metrics.count("logins", "overloaded");
            Ok(retry(
                StatusCode::SERVICE_UNAVAILABLE,
                texts.busy.to_owned(),
                1,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The sign-in page of a guest's home tenant, with the address filled in and the
/// way back to where the guest was going.
fn home_sign_in(home: TenantId, login: &str, return_to: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("login_hint", login.trim())
        .append_pair("return_to", return_to)
        .finish();
    format!("/{home}/login?{query}")
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage<'a> {
    texts: &'static SignInTexts,
    tenant_name: &'a str,
    display_name: &'a str,
    user_principal_name: &'a str,
    /// The words of "Signed in to {tenant} as {account}." around the emphasised account.
    before_account: String,
    after_account: String,
    logout_action: String,
    enrol_link: String,
    /// The admin portal, for a user holding a directory role.
    portal_link: Option<String>,
    my_apps_link: String,
    csrf: &'a str,
}

async fn account(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let session = match cookie(&headers, SESSION_COOKIE) {
        Some(token) => entente_domain::signin::session(&state.services, &token, now()).await?,
        None => None,
    };
    let Some(session) = session else {
        return Ok(Redirect::to(&format!("/{}/login", tenant.id)).into_response());
    };
    if session.tenant_id != tenant.id {
        // Signed in at home (a guest, after a code or its home tenant's sign-in): its
        // place here is My Apps, which takes the guest in or says why not.
        return Ok(Redirect::to(&format!("/{}/myapps", tenant.id)).into_response());
    }
    let user = entente_domain::signin::session_user(&state.services, &session).await?;
    // Administrators (any directory role) get the way to the portal from here.
    let portal_link = entente_domain::signin::session_caller(&state.services, &session)
        .await
        .ok()
        .filter(|caller| !caller.permissions.is_empty())
        .map(|_| format!("/{}/admin", tenant.id));
    let (token, new_cookie) = csrf(&state, &headers);
    let texts = sign_in_texts(browser_language(&headers));
    let (before_account, after_account) = around(
        texts
            .signed_in_as
            .arg("tenant", &tenant.display_name)
            .arg("account", ""),
        "account",
    );
    let account_page = AccountPage {
        texts,
        tenant_name: &tenant.display_name,
        display_name: &user.display_name,
        user_principal_name: &user.user_principal_name,
        before_account,
        after_account,
        logout_action: format!("/{}/logout", tenant.id),
        enrol_link: format!("/{}/mfa/enrol", tenant.id),
        portal_link,
        my_apps_link: format!("/{}/myapps", tenant.id),
        csrf: &token,
    };
    let mut response = page(StatusCode::OK, &account_page);
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
struct SignOutForm {
    csrf: String,
    /// Set when the form is the confirmation of an application's sign-out request
    /// ([`confirm_sign_out`]): where that application asked the browser to go after.
    #[serde(flatten)]
    request: SignOutRequest,
}

/// What an application's sign-out request (OpenID Connect RP-Initiated Logout) asks
/// for besides ending the session.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct SignOutRequest {
    pub client_id: Option<String>,
    pub post_logout_redirect_uri: Option<String>,
    pub state: Option<String>,
}

/// The page that asks before an application's sign-out request ends the session
/// (one without an `id_token_hint` naming this session's user, so any site could have
/// sent it): its form posts to [`sign_out`], CSRF-protected and same-origin only.
#[derive(Template)]
#[template(path = "logout_confirm.html")]
struct ConfirmSignOutPage<'a> {
    texts: &'static SignInTexts,
    tenant_name: &'a str,
    heading: String,
    action: String,
    csrf: &'a str,
    client_id: Option<&'a str>,
    post_logout_redirect_uri: Option<&'a str>,
    state: Option<&'a str>,
}

/// The confirmation page of an application's sign-out request, in the browser's
/// language.
pub(crate) fn confirm_sign_out(
    state: &AppState,
    tenant: &entente_model::Tenant,
    headers: &HeaderMap,
    request: &SignOutRequest,
) -> Response {
    let (token, new_cookie) = csrf(state, headers);
    let texts = sign_in_texts(browser_language(headers));
    let confirm_page = ConfirmSignOutPage {
        texts,
        tenant_name: &tenant.display_name,
        heading: texts
            .sign_out_question
            .arg("tenant", &tenant.display_name)
            .to_string(),
        action: format!("/{}/logout", tenant.id),
        csrf: &token,
        client_id: request.client_id.as_deref(),
        post_logout_redirect_uri: request.post_logout_redirect_uri.as_deref(),
        state: request.state.as_deref(),
    };
    let mut response = page(StatusCode::OK, &confirm_page);
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// The page after signing out.
#[derive(Template)]
#[template(path = "signed_out.html")]
struct SignedOutView<'a> {
    texts: &'static SignInTexts,
    login_link: &'a str,
    /// The words of "You can close this window, or {link}." around the link.
    before_link: String,
    after_link: String,
}

impl<'a> SignedOutView<'a> {
    fn new(language: Language, login_link: &'a str) -> SignedOutView<'a> {
        let texts = sign_in_texts(language);
        let (before_link, after_link) = around(texts.signed_out_next.arg("link", ""), "link");
        SignedOutView {
            texts,
            login_link,
            before_link,
            after_link,
        }
    }
}

/// The signed-out page as the OIDC end-session endpoint builds it: [`SignedOutView`]
/// in the language it names (the browser's).
#[derive(Template)]
#[template(source = "{{ self.view()|safe }}", ext = "html")]
pub(crate) struct SignedOutPage<'a> {
    pub login_link: &'a str,
    pub language: Language,
}

impl SignedOutPage<'_> {
    fn view(&self) -> SignedOutView<'_> {
        SignedOutView::new(self.language, self.login_link)
    }
}

async fn sign_out(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    PageForm(form): PageForm<SignOutForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    end_browser_session(&state, &headers).await?;
    // A confirmed sign-out request goes back to the application only at a URI
    // registered for it, checked again here since the form came from the browser.
    let back = match (
        &form.request.post_logout_redirect_uri,
        &form.request.client_id,
    ) {
        (Some(uri), Some(client))
            if entente_domain::oauth::logout_redirect_allowed(
                &state.services,
                tenant.id,
                client,
                uri,
            )
            .await? =>
        {
            Some(uri.clone())
        }
        _ => None,
    };
    let mut response = match back {
        Some(uri) => {
            let fields = form
                .request
                .state
                .map(|s| ("state", s))
                .into_iter()
                .collect();
            crate::oidc::authorize::respond_to_client(&uri, fields, false)
        }
        None => {
            let login_link = format!("/{}/login", tenant.id);
            page(
                StatusCode::OK,
                &SignedOutView::new(browser_language(&headers), &login_link),
            )
        }
    };
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    Ok(response)
}

/// The parts of a formatted sentence before and after its variable `name`, so a
/// template can put an element (a link, an emphasised name) where the value goes.
/// Without the variable the whole sentence comes first.
fn around(sentence: entente_i18n::Filled, name: &str) -> (String, String) {
    let (mut before, mut after) = (String::new(), String::new());
    let mut seen = false;
    for piece in sentence.pieces() {
        let side = if seen { &mut after } else { &mut before };
        side.push_str(&piece.words);
        if piece.slot == name && !seen {
            seen = true;
        } else {
            side.push_str(&piece.value);
        }
    }
    (before, after)
}

/// Ends the session of the browser's cookie, if there is one.
pub(crate) async fn end_browser_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(), PageError> {
    if let Some(token) = cookie(headers, SESSION_COOKIE) {
        entente_domain::signin::sign_out(&state.services, &token, now()).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_splits_around_its_variable() {
        let en = sign_in_texts(Language::En);
        assert_eq!(
            around(en.signed_out_next.arg("link", "x"), "link"),
            ("You can close this window, or ".to_owned(), ".".to_owned())
        );
        let ja = sign_in_texts(Language::Ja);
        assert_eq!(
            around(
                ja.signed_in_as
                    .arg("tenant", "Contoso")
                    .arg("account", "ada"),
                "account"
            ),
            (
                "".to_owned(),
                " として Contoso にサインインしています。".to_owned()
            )
        );
        assert_eq!(
            around(en.signed_out_next.arg("other", "x"), "link"),
            (
                "You can close this window, or {$link}.".to_owned(),
                String::new()
            ),
            "without the variable the whole sentence comes first"
        );
    }

    #[test]
    fn the_end_session_page_is_the_signed_out_page_in_its_language() {
        let english = SignedOutPage {
            login_link: "/t/login",
            language: Language::En,
        }
        .render()
        .unwrap();
        assert_eq!(
            english,
            SignedOutView::new(Language::En, "/t/login")
                .render()
                .unwrap()
        );
        assert!(english.contains("<html lang=\"en\">"), "{english}");
        assert!(
            english.contains(
                "<p>You can close this window, or <a href=\"/t/login\">sign in again</a>.</p>"
            ),
            "{english}"
        );
        let french = SignedOutPage {
            login_link: "/t/login",
            language: Language::Fr,
        }
        .render()
        .unwrap();
        assert!(
            french.contains("fermer cette fenêtre ou <a href=\"/t/login\">vous reconnecter</a>."),
            "{french}"
        );
    }
}
