//! The authorization endpoint and RP-initiated logout: the two protocol endpoints a
//! browser visits.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use entente_domain::invitations::redeem::TenantSession;
use entente_domain::oauth::{AuthorizeFailure, AuthorizeRequest, ValidAuthorize};
use serde::Deserialize;

use crate::error::PageError;
use crate::pages::{PageForm, SESSION_COOKIE, SignOutRequest, page, set_cookie};
use crate::{AppState, now};

pub(super) async fn authorize_get(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    Query(request): Query<AuthorizeRequest>,
) -> Result<Response, PageError> {
    authorize(state, tenant, headers, request).await
}

pub(super) async fn authorize_post(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    PageForm(request): PageForm<AuthorizeRequest>,
) -> Result<Response, PageError> {
    authorize(state, tenant, headers, request).await
}

async fn authorize(
    state: AppState,
    tenant: String,
    headers: HeaderMap,
    request: AuthorizeRequest,
) -> Result<Response, PageError> {
    if entente_domain::oauth::is_multi_tenant_authority(&tenant) {
        return super::organizations::authorize(state, &tenant, headers, request).await;
    }
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    authorize_in(state, tenant.id, None, headers, request).await
}

/// An authorization request of `tenant`. `authority` is `organizations` or
/// `common` when the request came there and `tenant` is the one home realm
/// discovery found: the way back after signing in is that address again, and the
/// answers carry no `iss` (RFC 9207), since the client knows the issuer only as
/// Entra's template (`…/{tenantid}/v2.0`) and takes it from the ID token.
pub(super) async fn authorize_in(
    state: AppState,
    tenant: entente_model::TenantId,
    authority: Option<&str>,
    headers: HeaderMap,
    request: AuthorizeRequest,
) -> Result<Response, PageError> {
    let services = &state.services;
    let iss = authority
        .is_none()
        .then(|| services.settings.issuer(tenant));
    let valid = match entente_domain::oauth::validate_authorize(services, tenant, &request).await {
        Ok(valid) => valid,
        Err(AuthorizeFailure::Page(message)) => {
            return Err(PageError::said(
                StatusCode::BAD_REQUEST,
                |t| t.sign_in_request_title,
                message,
            ));
        }
        Err(AuthorizeFailure::NotConsented(missing)) => {
            let redirect_uri = request.redirect_uri.as_deref().unwrap_or_default();
            return Ok(crate::pages::consent::consent_needed(
                &headers,
                tenant,
                &missing,
                redirect_uri,
            ));
        }
        Err(AuthorizeFailure::Redirect {
            redirect_uri,
            state: client_state,
            failure,
            form_post,
        }) => {
            let mut fields = vec![
                ("error", failure.error.to_owned()),
                ("error_description", failure.description),
            ];
            fields.extend(client_state.map(|s| ("state", s)));
            fields.extend(iss.map(|i| ("iss", i)));
            return Ok(respond_to_client(&redirect_uri, fields, form_post));
        }
    };
    let (session, _) = crate::pages::tenant_session(&state, tenant, &headers).await?;
    // Come back to this same request after signing in (or proving a factor), without
    // prompt=login so the new session satisfies it.
    let mut again = request.clone();
    again.prompt = None;
    again.max_age = None;
    let return_to = format!(
        "/{}/oauth2/v2.0/authorize?{}",
        authority.map_or_else(|| tenant.to_string(), str::to_owned),
        serde_urlencoded_query(&again)
    );
    let iss = iss.as_deref();
    match session {
        TenantSession::Ready(session)
            if entente_domain::oauth::session_satisfies(&valid, &session, now()) =>
        {
            match entente_domain::oauth::issue_code(services, &valid, &session, now()).await? {
                Ok(code) => Ok(code_response(&state, &valid, code, iss)),
                // The cross-tenant access settings keep this guest from this application.
                Err(refusal) => {
                    let mut fields = vec![
                        ("error", "access_denied".to_owned()),
                        ("error_description", refusal.message()),
                    ];
                    fields.extend(valid.state.clone().map(|s| ("state", s)));
                    fields.extend(iss.map(|i| ("iss", i.to_owned())));
                    Ok(respond_to_client(
                        &valid.redirect_uri,
                        fields,
                        valid.form_post,
                    ))
                }
            }
        }
        TenantSession::SecondFactorDue(_) if valid.no_prompt => {
            Ok(refuse_silently(&valid, "interaction_required", iss))
        }
        TenantSession::SecondFactorDue(_) if !valid.force_login => {
            let target = crate::pages::with_query(
                &format!("/{tenant}/mfa/guest"),
                &[("return_to", &return_to)],
            );
            Ok(Redirect::to(&target).into_response())
        }
        _ if valid.no_prompt => Ok(refuse_silently(&valid, "login_required", iss)),
        _ => {
            let mut pairs = vec![("return_to", return_to.as_str())];
            if let Some(hint) = &request.login_hint {
                pairs.push(("login_hint", hint));
            }
            let target = crate::pages::with_query(&format!("/{tenant}/login"), &pairs);
            Ok(Redirect::to(&target).into_response())
        }
    }
}

/// The answer to `prompt=none` when the user would have to do something first.
fn refuse_silently(valid: &ValidAuthorize, error: &str, iss: Option<&str>) -> Response {
    let mut fields = vec![("error", error.to_owned())];
    fields.extend(valid.state.clone().map(|s| ("state", s)));
    fields.extend(iss.map(|i| ("iss", i.to_owned())));
    respond_to_client(&valid.redirect_uri, fields, valid.form_post)
}

fn serde_urlencoded_query(request: &AuthorizeRequest) -> String {
    let value = serde_json::to_value(request).unwrap_or_default();
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    if let Some(map) = value.as_object() {
        for (key, value) in map {
            if let Some(text) = value.as_str() {
                out.append_pair(key, text);
            }
        }
    }
    out.finish()
}

fn code_response(
    state: &AppState,
    valid: &ValidAuthorize,
    code: String,
    iss: Option<&str>,
) -> Response {
    state.metrics.count("authorization_codes", "issued");
    let mut fields = vec![("code", code)];
    fields.extend(valid.state.clone().map(|s| ("state", s)));
    // RFC 9207: name the issuer so the client can detect mix-up attacks.
    fields.extend(iss.map(|i| ("iss", i.to_owned())));
    respond_to_client(&valid.redirect_uri, fields, valid.form_post)
}

#[derive(Template)]
#[template(path = "form_post.html")]
pub(crate) struct FormPostPage<'a> {
    pub(crate) action: &'a str,
    pub(crate) fields: Vec<(&'a str, String)>,
}

/// Sends the authorization response to the client's verified redirect URI.
pub(crate) fn respond_to_client(
    redirect_uri: &str,
    fields: Vec<(&str, String)>,
    form_post: bool,
) -> Response {
    if form_post {
        return page(
            StatusCode::OK,
            &FormPostPage {
                action: redirect_uri,
                fields,
            },
        );
    }
    match url::Url::parse(redirect_uri) {
        Ok(mut target) => {
            {
                let mut pairs = target.query_pairs_mut();
                for (name, value) in &fields {
                    pairs.append_pair(name, value);
                }
            }
            Redirect::to(target.as_str()).into_response()
        }
        Err(_) => PageError::new(
            StatusCode::BAD_REQUEST,
            |t| t.invalid_redirect_title,
            |t| t.invalid_redirect,
        )
        .into_response(),
    }
}

#[derive(Deserialize)]
pub(super) struct EndSessionQuery {
    pub(super) id_token_hint: Option<String>,
    #[serde(flatten)]
    request: SignOutRequest,
}

/// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0). With an
/// `id_token_hint` we signed for a client of this tenant and naming the user of this
/// browser's session, the session ends at once; otherwise any site could have sent
/// the browser here, so a page asks the user first and its (CSRF-protected,
/// same-origin) form ends the session. Either way the browser goes back to the client
/// only to a URI registered for it.
pub(super) async fn end_session(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    Query(query): Query<EndSessionQuery>,
) -> Result<Response, PageError> {
    let services = &state.services;
    let tenant = match entente_domain::oauth::is_multi_tenant_authority(&tenant) {
        // `/organizations` and `/common`: the tenant the ID token names, else the one
        // this browser is signed in at.
        true => match super::organizations::logout_tenant(&state, &headers, &query).await? {
            Some(id) => id.to_string(),
            None => return Ok(super::organizations::signed_out(&headers)),
        },
        false => tenant,
    };
    let tenant = entente_domain::oauth::resolve_tenant(services, &tenant, now()).await?;
    let hinted = match &query.id_token_hint {
        Some(token) => Some(
            entente_domain::oauth::id_token_hint(services, tenant.id, token)
                .await?
                .ok_or_else(|| {
                    PageError::new(
                        StatusCode::BAD_REQUEST,
                        |t| t.sign_out_failed_title,
                        |t| t.id_token_hint_invalid,
                    )
                })?,
        ),
        None => None,
    };
    let mut request = query.request;
    if let Some((aud, _)) = &hinted {
        request.client_id = Some(aud.clone());
    }
    let target = match (&request.post_logout_redirect_uri, &request.client_id) {
        (Some(uri), Some(client)) => {
            if !entente_domain::oauth::logout_redirect_allowed(services, tenant.id, client, uri)
                .await?
            {
                return Err(PageError::new(
                    StatusCode::BAD_REQUEST,
                    |t| t.sign_out_failed_title,
                    |t| t.logout_uri_unregistered,
                ));
            }
            Some(uri.clone())
        }
        (Some(_), None) => {
            return Err(PageError::new(
                StatusCode::BAD_REQUEST,
                |t| t.sign_out_failed_title,
                |t| t.logout_uri_needs_client,
            ));
        }
        (None, _) => None,
    };
    let (session, signed_in) = crate::pages::tenant_session(&state, tenant.id, &headers).await?;
    let names_this_session = match (&session, &hinted) {
        (TenantSession::Ready(session), Some((_, sub))) => session.user_id.to_string() == *sub,
        _ => false,
    };
    if signed_in && !names_this_session {
        return Ok(crate::pages::confirm_sign_out(
            &state, &tenant, &headers, &request,
        ));
    }
    crate::pages::end_browser_session(&state, &headers).await?;
    let mut response = match target {
        Some(uri) => {
            let mut fields = Vec::new();
            fields.extend(request.state.map(|s| ("state", s)));
            respond_to_client(&uri, fields, false)
        }
        None => {
            let login_link = format!("/{}/login", tenant.id);
            page(
                StatusCode::OK,
                &crate::pages::SignedOutPage {
                    login_link: &login_link,
                    language: crate::pages::browser_language(&headers),
                },
            )
        }
    };
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    Ok(response)
}
