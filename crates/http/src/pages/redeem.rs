//! The redemption pages (`/redeem/{invitation id}.{secret}`, the path segment named
//! `secret` below) and a tenant's My Apps page.
//!
//! Every page speaks the invitation's language and shows the inviting tenant. The
//! handlers only pick what to show from the session and the link's state; the
//! decisions (who owns the address, what a code proves) are the domain's.

use crate::texts::redeem::{PageTexts, for_language as page_texts};
use crate::texts::signin::for_language as sign_in_texts;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use entente_domain::invitations::Language;
use entente_domain::invitations::messages::format_date;
use entente_domain::invitations::redeem::{
    self, CODE_LIFETIME_MINUTES, HomeRealm, Link, OpenInvitation, RedeemError,
};
use entente_storage::SessionRecord;
use serde::Deserialize;

use super::code_signin::{retry_later, scoped_cookie};
use super::signin::SESSION_COOKIE;
use super::{PageForm, check_csrf, cookie, csrf, page, set_cookie};
use crate::client_address::ClientAddress;
use crate::error::PageError;
use crate::{AppState, now};

/// The browser's pending one-time code: `{id}.{binding}`, the code's id and the
/// random value binding it to this browser (the code itself is in the email). Only a
/// guess that carries both is checked against the code; the cookie goes only to
/// `/redeem/`.
const CODE_COOKIE: &str = "entente_code";
const CODE_COOKIE_PATH: &str = "/redeem/";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/redeem/{secret}", get(show))
        .route("/redeem/{secret}/accept", post(accept))
        .route("/redeem/{secret}/switch", post(switch_account))
        .route("/redeem/{secret}/code", post(send_code))
        .route("/redeem/{secret}/verify", post(verify))
        .route("/redeem/{secret}/partner", get(to_partner))
        .route("/{tenant}/myapps", get(my_apps))
        .route("/{tenant}/myapps/guests/{id}/extend", post(extend_guest))
        .route("/{tenant}/myapps/guests/{id}/keep", post(keep_guest))
}

pub(crate) enum Step {
    /// Signed in with the invited account: the consent to review, and Accept.
    Accept {
        account_line: String,
        consent_intro: String,
        consent_trust: String,
    },
    WrongAccount {
        wrong_line: String,
        prove_label: String,
        can_prove: bool,
    },
    SignInAtHome {
        link: String,
        label: String,
    },
    /// The partner's own identity provider: what the inviting organization will
    /// receive, reviewed before going there (signing in there accepts).
    SignInAtPartner {
        link: String,
        label: String,
        consent_intro: String,
        consent_trust: String,
    },
    SignUp {
        intro: String,
    },
    SignUpBlocked {
        line: String,
    },
    /// No way to redeem applies (the inviting tenant allows no one-time codes).
    Closed {
        line: String,
    },
    EnterCode {
        sent_line: String,
    },
}

#[derive(Template)]
#[template(path = "redeem.html")]
struct RedeemPage<'a> {
    lang: &'a str,
    title: String,
    tenant_logo: Option<&'a str>,
    /// The tenant's colour as a stylesheet to link, when it has one.
    branding_css: Option<String>,
    app_line: Option<String>,
    app_logo: Option<&'a str>,
    invited_line: String,
    expires_line: String,
    error: Option<String>,
    step: Step,
    base: String,
    csrf: &'a str,
    texts: &'a PageTexts,
    contact: Option<(String, String)>,
    /// What accepting gives the inviting organization (intro, trust), reviewed on the
    /// one-time code's steps too: entering the code accepts.
    consent: (String, String),
}

#[derive(Template)]
#[template(path = "redeem_notice.html")]
struct NoticePage<'a> {
    lang: &'a str,
    title: String,
    message: String,
    is_error: bool,
    link: Option<String>,
    link_label: &'a str,
}

/// The browser's live session, if any.
pub(super) async fn browser_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<SessionRecord>, PageError> {
    Ok(match cookie(headers, SESSION_COOKIE) {
        Some(token) => entente_domain::signin::session(&state.services, &token, now()).await?,
        None => None,
    })
}

async fn show(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let session = browser_session(&state, &headers).await?;
    // Both organizations' settings may skip the consent page (automatic redemption).
    if let Some(signed_in) = &session {
        match redeem::accept_automatically(&state.services, &secret, signed_in, now()).await {
            Ok(Some(accepted)) => {
                let fallback = format!("/redeem/{secret}");
                let target = super::registered_target(&state, &accepted.redirect, fallback);
                return Ok(Redirect::to(&target).into_response());
            }
            Ok(None) => {}
            Err(error) => {
                return redeem_failure(&state, &secret, &headers, session, error).await;
            }
        }
    }
    render_link(&state, &secret, &headers, session, None, None).await
}

/// Renders what a link leads to, with an optional step forced (code entry) and error.
async fn render_link(
    state: &AppState,
    secret: &str,
    headers: &HeaderMap,
    session: Option<SessionRecord>,
    forced: Option<Step>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let open = match redeem::open(&state.services, secret, now()).await? {
        Link::Open(open) => open,
        other => return Ok(notice(other)),
    };
    let texts = page_texts(open.language);
    let (token, new_cookie) = csrf(state, headers);
    let step = match forced {
        Some(step) => step,
        None => choose_step(state, secret, &open, texts, session).await?,
    };
    let tenant = open.tenant.display_name.as_str();
    let invitation = &open.invitation;
    let redeem_page = RedeemPage {
        lang: texts.html_lang,
        title: texts.invitation_title.arg("tenant", tenant).to_string(),
        tenant_logo: open.tenant.branding.logo_url.as_deref(),
        branding_css: super::stylesheet_link(&open.tenant),
        app_line: open
            .app_name
            .as_deref()
            .map(|app| texts.invitation_to_app.arg("app", app).to_string()),
        app_logo: open.app_logo_url.as_deref(),
        invited_line: texts
            .invited_address
            .arg("email", &invitation.invited_email)
            .to_string(),
        expires_line: texts
            .expires_on
            .arg("date", format_date(open.language, invitation.expires_at))
            .to_string(),
        error,
        step,
        base: format!("/redeem/{secret}"),
        csrf: &token,
        texts,
        contact: invitation
            .contact_url
            .clone()
            .map(|url| (url, texts.contact.arg("tenant", tenant).to_string())),
        consent: (
            texts.consent_intro.arg("tenant", tenant).to_string(),
            texts.consent_trust.arg("tenant", tenant).to_string(),
        ),
    };
    let mut response = page(StatusCode::OK, &redeem_page);
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

async fn choose_step(
    state: &AppState,
    secret: &str,
    open: &OpenInvitation,
    texts: &PageTexts,
    session: Option<SessionRecord>,
) -> Result<Step, PageError> {
    let invited = &open.invitation.invited_email;
    let tenant = open.tenant.display_name.as_str();
    // A federated domain redeems at the partner's provider, whoever is signed in here.
    if let HomeRealm::Federated { name } = &open.home {
        return Ok(at_partner(secret, name, tenant, texts));
    }
    if let Some(session) = session {
        let user = entente_domain::signin::session_user(&state.services, &session).await?;
        let account = user
            .mail
            .clone()
            .unwrap_or(user.user_principal_name.clone());
        let owns = account.eq_ignore_ascii_case(invited)
            || user.user_principal_name.eq_ignore_ascii_case(invited);
        return Ok(if owns {
            Step::Accept {
                account_line: texts.signed_in_as.arg("account", &account).to_string(),
                consent_intro: texts.consent_intro.arg("tenant", tenant).to_string(),
                consent_trust: texts.consent_trust.arg("tenant", tenant).to_string(),
            }
        } else {
            Step::WrongAccount {
                wrong_line: texts
                    .wrong_account
                    .arg("email", invited)
                    .arg("account", &account)
                    .to_string(),
                prove_label: texts.prove_address.arg("email", invited).to_string(),
                can_prove: open.codes_allowed,
            }
        });
    }
    Ok(match &open.home {
        HomeRealm::Managed { tenant, name } => {
            let mut link = url::form_urlencoded::Serializer::new(String::new());
            link.append_pair("login_hint", invited);
            link.append_pair("return_to", &format!("/redeem/{secret}"));
            Step::SignInAtHome {
                link: format!("/{tenant}/login?{}", link.finish()),
                label: texts.sign_in_at_home.arg("home", name).to_string(),
            }
        }
        HomeRealm::Federated { name } => at_partner(secret, name, tenant, texts),
        HomeRealm::Unmanaged { .. } | HomeRealm::None if open.sign_up_blocked => {
            Step::SignUpBlocked {
                line: texts
                    .cc_blocks_signup
                    .arg("tenant", &open.tenant.display_name)
                    .to_string(),
            }
        }
        HomeRealm::Closed => Step::Closed {
            line: texts.no_codes.arg("tenant", tenant).to_string(),
        },
        HomeRealm::Unmanaged { .. } | HomeRealm::None => Step::SignUp {
            intro: texts.sign_up_intro.arg("email", invited).to_string(),
        },
    })
}

/// The way to the partner's own identity provider, with the consent to review first.
fn at_partner(secret: &str, provider: &str, tenant: &str, texts: &PageTexts) -> Step {
    Step::SignInAtPartner {
        link: format!("/redeem/{secret}/partner"),
        label: texts.sign_in_at_home.arg("home", provider).to_string(),
        consent_intro: texts.consent_intro.arg("tenant", tenant).to_string(),
        consent_trust: texts.consent_trust.arg("tenant", tenant).to_string(),
    }
}

/// The page for a link that no longer opens an invitation.
fn notice(link: Link) -> Response {
    let (language, title, message, link, status) = match link {
        Link::Unknown | Link::Open(_) => {
            let texts = page_texts(Language::default());
            (
                Language::default(),
                texts.invitation_invalid.to_owned(),
                texts.invitation_invalid.to_owned(),
                None,
                StatusCode::NOT_FOUND,
            )
        }
        Link::Expired {
            tenant_name,
            language,
        } => {
            let texts = page_texts(language);
            let message = texts
                .invitation_expired
                .arg("tenant", &tenant_name)
                .to_string();
            (language, tenant_name, message, None, StatusCode::GONE)
        }
        Link::Revoked {
            tenant_name,
            language,
        } => {
            let texts = page_texts(language);
            let message = texts.invitation_revoked.to_owned();
            (language, tenant_name, message, None, StatusCode::GONE)
        }
        Link::Used {
            tenant_name,
            language,
            redirect,
        } => {
            let texts = page_texts(language);
            let title = texts.accepted_title.arg("tenant", &tenant_name).to_string();
            let message = texts.invitation_used.to_owned();
            (language, title, message, Some(redirect), StatusCode::OK)
        }
    };
    let texts = page_texts(language);
    let is_error = status != StatusCode::OK;
    page(
        status,
        &NoticePage {
            lang: texts.html_lang,
            title,
            message,
            is_error,
            link,
            link_label: texts.sign_in,
        },
    )
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

async fn accept(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    headers: HeaderMap,
    PageForm(form): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let Some(session) = browser_session(&state, &headers).await? else {
        let back = super::local_return_path(&state, Some(&format!("/redeem/{secret}")), "/".into());
        return Ok(Redirect::to(&back).into_response());
    };
    match redeem::accept(&state.services, &secret, &session, now()).await {
        Ok(accepted) => {
            let fallback = format!("/redeem/{secret}");
            let target = super::registered_target(&state, &accepted.redirect, fallback);
            Ok(Redirect::to(&target).into_response())
        }
        Err(error) => redeem_failure(&state, &secret, &headers, Some(session), error).await,
    }
}

/// Shows the link's page again with what went wrong, in the invitation's language.
async fn redeem_failure(
    state: &AppState,
    secret: &str,
    headers: &HeaderMap,
    session: Option<SessionRecord>,
    error: RedeemError,
) -> Result<Response, PageError> {
    let open = match redeem::open(&state.services, secret, now()).await? {
        Link::Open(open) => open,
        other => return Ok(notice(other)),
    };
    let texts = page_texts(open.language);
    let tenant = open.tenant.display_name.as_str();
    let message = match error {
        RedeemError::BadCode => texts.code_invalid.to_owned(),
        RedeemError::NotOpen => texts.invitation_invalid.to_owned(),
        RedeemError::WrongAccount { invited, account } => texts
            .wrong_account
            .arg("email", &invited)
            .arg("account", &account)
            .to_string(),
        RedeemError::SignUpBlocked => texts.cc_blocks_signup.arg("tenant", tenant).to_string(),
        RedeemError::TooManyCodes(wait) => {
            let minutes = wait.minutes();
            let message = texts.too_many_codes.arg("minutes", minutes).to_string();
            let response =
                render_link(state, secret, headers, session, None, Some(message)).await?;
            return Ok(too_many(response, wait));
        }
        RedeemError::TooManyGuesses(wait) => {
            let seconds = wait.retry_after;
            let message = sign_in_texts(open.language)
                .too_many_attempts
                .arg("seconds", seconds)
                .to_string();
            let step = Step::EnterCode {
                sent_line: String::new(),
            };
            let response =
                render_link(state, secret, headers, session, Some(step), Some(message)).await?;
            return Ok(too_many(response, wait));
        }
        RedeemError::MemberOfInviter => texts.member_of_inviter.arg("tenant", tenant).to_string(),
        RedeemError::AlreadyGuest => texts.already_guest.arg("tenant", tenant).to_string(),
        RedeemError::ManagedDomain { home, .. } => {
            texts.sign_in_at_home.arg("home", &home).to_string()
        }
        RedeemError::Federated { provider } => {
            texts.sign_in_at_home.arg("home", &provider).to_string()
        }
        RedeemError::NoCodes => texts.no_codes.arg("tenant", tenant).to_string(),
        RedeemError::CrossTenant(refusal) => {
            let errors = crate::texts::errors::for_language(open.language);
            let message = match refusal.verdict.direction {
                entente_domain::cross_tenant::rules::Direction::Inbound => {
                    errors.cross_tenant_inbound
                }
                entente_domain::cross_tenant::rules::Direction::Outbound => {
                    errors.cross_tenant_outbound
                }
            };
            message.arg("tenant", tenant).to_string()
        }
        RedeemError::Domain(error) => return Err(PageError::from(error)),
    };
    let mut response = render_link(state, secret, headers, session, None, Some(message)).await?;
    *response.status_mut() = StatusCode::BAD_REQUEST;
    Ok(response)
}

/// A page answered 429 with `Retry-After`.
fn too_many(mut response: Response, wait: entente_domain::email_codes::Wait) -> Response {
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    retry_later(response, wait)
}

/// Sends the invited person to their organization's own identity provider.
async fn to_partner(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    match entente_domain::federation::login::begin_redemption(&state.services, &secret, now()).await
    {
        Ok(begun) => Ok(super::federation::to_provider(&state, &begun)),
        Err(error) => redeem_failure(&state, &secret, &headers, None, error).await,
    }
}

async fn switch_account(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    headers: HeaderMap,
    PageForm(form): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    super::end_browser_session(&state, &headers).await?;
    let back = super::local_return_path(&state, Some(&format!("/redeem/{secret}")), "/".into());
    let mut response = Redirect::to(&back).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    Ok(response)
}

async fn send_code(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let session = browser_session(&state, &headers).await?;
    let signing_up = session.is_none();
    let source = client.to_string();
    match redeem::send_code(&state.services, &secret, signing_up, &source, now()).await {
        Ok(sent) => {
            let language = match redeem::open(&state.services, &secret, now()).await? {
                Link::Open(open) => open.language,
                other => return Ok(notice(other)),
            };
            let texts = page_texts(language);
            let minutes = CODE_LIFETIME_MINUTES;
            let step = Step::EnterCode {
                sent_line: texts
                    .code_sent
                    .arg("email", &sent.email)
                    .arg("minutes", minutes)
                    .to_string(),
            };
            let mut response =
                render_link(&state, &secret, &headers, session, Some(step), None).await?;
            response.headers_mut().append(
                header::SET_COOKIE,
                scoped_cookie(
                    &state,
                    CODE_COOKIE,
                    &format!("{}.{}", sent.id, sent.binding),
                    CODE_COOKIE_PATH,
                    i64::from(CODE_LIFETIME_MINUTES) * 60,
                ),
            );
            Ok(response)
        }
        Err(error) => redeem_failure(&state, &secret, &headers, session, error).await,
    }
}

#[derive(Deserialize)]
struct CodeForm {
    csrf: String,
    code: String,
}

async fn verify(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    PageForm(form): PageForm<CodeForm>,
) -> Result<Response, PageError> {
    check_csrf(&state, &headers, &form.csrf)?;
    let session = browser_session(&state, &headers).await?;
    let pending = cookie(&headers, CODE_COOKIE);
    let (code_id, binding) = match pending.as_deref().map(|v| v.split_once('.')) {
        Some(Some((id, binding))) => (id.parse().ok(), Some(binding)),
        _ => (None, None),
    };
    let Some(code_id) = code_id else {
        return redeem_failure(&state, &secret, &headers, session, RedeemError::BadCode).await;
    };
    let outcome = redeem::accept_with_code(
        &state.services,
        &secret,
        code_id,
        &form.code,
        binding,
        session.as_ref(),
        &client.to_string(),
        now(),
    )
    .await;
    match outcome {
        Ok(accepted) => {
            let fallback = format!("/redeem/{secret}");
            let target = super::registered_target(&state, &accepted.redirect, fallback);
            let mut response = Redirect::to(&target).into_response();
            response.headers_mut().append(
                header::SET_COOKIE,
                scoped_cookie(&state, CODE_COOKIE, "", CODE_COOKIE_PATH, 0),
            );
            if let Some(new) = accepted.session {
                let max_age = new.record.expires_at - now();
                response.headers_mut().append(
                    header::SET_COOKIE,
                    set_cookie(&state, SESSION_COOKIE, &new.token, Some(max_age)),
                );
            }
            Ok(response)
        }
        Err(RedeemError::BadCode) => {
            // Stay on the code form so another try needs no new email.
            let language = match redeem::open(&state.services, &secret, now()).await? {
                Link::Open(open) => open.language,
                other => return Ok(notice(other)),
            };
            let texts = page_texts(language);
            let step = Step::EnterCode {
                sent_line: String::new(),
            };
            let mut response = render_link(
                &state,
                &secret,
                &headers,
                session,
                Some(step),
                Some(texts.code_invalid.to_owned()),
            )
            .await?;
            *response.status_mut() = StatusCode::BAD_REQUEST;
            Ok(response)
        }
        Err(error) => redeem_failure(&state, &secret, &headers, session, error).await,
    }
}

#[derive(Template)]
#[template(path = "myapps.html")]
struct MyAppsPage<'a> {
    lang: &'a str,
    texts: &'a PageTexts,
    tenant_name: &'a str,
    user_name: &'a str,
    apps: Vec<redeem::MyApp>,
    tenant_id: entente_model::TenantId,
    /// Where else this person can open My Apps; shown when there is more than one.
    organizations: Vec<redeem::Organization>,
    /// The guests this person answers for as a sponsor ("my guests").
    guests: Vec<GuestLine>,
    /// The access reviews in progress in which this person decides.
    reviews: Vec<ReviewLine>,
    csrf: &'a str,
}

/// An access review in progress for the signed-in reviewer.
struct ReviewLine {
    id: String,
    name: String,
    /// How many decisions are open, and when it ends.
    status: String,
}

/// A guest in "my guests": name, address, where it stands and when its access ends.
struct GuestLine {
    id: String,
    name: String,
    mail: String,
    state: &'static str,
    ends: Option<String>,
    /// When it is blocked for not signing in, unless kept.
    inactive: Option<String>,
}

async fn my_apps(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, &tenant, now()).await?;
    let browser = browser_session(&state, &headers).await?;
    let signed_in = browser.is_some();
    let organizations = match &browser {
        Some(home) => redeem::organizations_of(&state.services, home).await?,
        None => Vec::new(),
    };
    let session = match browser {
        Some(session) => {
            redeem::session_in_tenant(&state.services, tenant.id, session, now()).await?
        }
        None => redeem::TenantSession::NoAccess,
    };
    let session = match session {
        redeem::TenantSession::Ready(session) => session,
        redeem::TenantSession::SecondFactorDue(_) => {
            let target = format!("/{}/mfa/guest?return_to=/{}/myapps", tenant.id, tenant.id);
            return Ok(Redirect::to(&target).into_response());
        }
        // Signed in, but neither a member nor a guest who may come in (never invited,
        // or blocked or removed by this tenant): sending the browser to sign in again
        // would only bring it back here.
        redeem::TenantSession::NoAccess if signed_in => {
            return Err(PageError::filled(
                StatusCode::FORBIDDEN,
                |t| t.no_access_title,
                |t| t.no_access,
                &[("tenant", &tenant.display_name)],
            )
            .with_sign_out(tenant.id));
        }
        redeem::TenantSession::NoAccess => {
            let target = format!("/{}/login?return_to=/{}/myapps", tenant.id, tenant.id);
            return Ok(Redirect::to(&target).into_response());
        }
        redeem::TenantSession::Refused(refusal) => {
            return Err(super::cross_tenant_refusal(&state, tenant.id, &refusal).await?);
        }
    };
    let (user, apps) = redeem::my_apps(&state.services, &session).await?;
    let language = super::browser_language(&headers);
    let texts = page_texts(language);
    let guests = entente_domain::sponsors::answered_for(&state.services, tenant.id, user.id)
        .await?
        .into_iter()
        .map(|guest| GuestLine {
            id: guest.id.to_string(),
            inactive: guest.inactive_block_at.map(|at| {
                let date = entente_domain::invitations::messages::format_date(language, at);
                texts.guest_inactive.arg("date", date.as_str()).to_string()
            }),
            ends: guest.access_ends_at.map(|at| {
                let date = entente_domain::invitations::messages::format_date(language, at);
                texts
                    .guest_access_ends
                    .arg("date", date.as_str())
                    .to_string()
            }),
            state: if !guest.account_enabled {
                texts.guest_blocked
            } else if guest.external_user_state
                == Some(entente_model::ExternalUserState::PendingAcceptance)
            {
                texts.guest_pending
            } else {
                texts.guest_active
            },
            name: guest.display_name,
            mail: guest.mail.unwrap_or_default(),
        })
        .collect();
    let reviews = entente_domain::reviews::reviews_of(&state.services, tenant.id, user.id)
        .await?
        .into_iter()
        .map(|r| ReviewLine {
            id: r.instance.id.to_string(),
            status: texts
                .review_open_count
                .arg("open", r.open)
                .arg("total", r.total)
                .arg(
                    "date",
                    entente_domain::invitations::messages::format_date(language, r.instance.end_at)
                        .as_str(),
                )
                .to_string(),
            name: r.review_name,
        })
        .collect();
    let (token, new_cookie) = csrf(&state, &headers);
    let mut response = page(
        StatusCode::OK,
        &MyAppsPage {
            lang: texts.html_lang,
            texts,
            tenant_name: &tenant.display_name,
            user_name: &user.display_name,
            apps,
            tenant_id: tenant.id,
            organizations,
            guests,
            reviews,
            csrf: &token,
        },
    );
    if let Some(cookie) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Deserialize)]
struct ExtendForm {
    csrf: String,
}

/// A sponsor extends a guest's access from My Apps ("my guests").
async fn extend_guest(
    State(state): State<AppState>,
    Path((tenant, guest)): Path<(String, String)>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<ExtendForm>,
) -> Result<Response, PageError> {
    sponsor_action(
        &state,
        &tenant,
        &guest,
        &headers,
        &form.csrf,
        |services, tenant, sponsor, guest| {
            Box::pin(async move {
                entente_domain::lifecycle::extend_as_sponsor(
                    services,
                    tenant,
                    sponsor,
                    guest,
                    now(),
                )
                .await
                .map(|_| ())
            })
        },
    )
    .await
}

/// A sponsor keeps a guest the inactive-guest policy reported, from My Apps.
async fn keep_guest(
    State(state): State<AppState>,
    Path((tenant, guest)): Path<(String, String)>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<ExtendForm>,
) -> Result<Response, PageError> {
    sponsor_action(
        &state,
        &tenant,
        &guest,
        &headers,
        &form.csrf,
        |services, tenant, sponsor, guest| {
            Box::pin(entente_domain::inactivity::keep(
                services,
                tenant,
                sponsor,
                guest,
                now(),
            ))
        },
    )
    .await
}

type SponsorFuture<'a> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<(), entente_domain::DomainError>> + Send + 'a>,
>;

/// A sponsor's action on one of its guests from My Apps: the form's CSRF token, the
/// browser's session at the tenant (else the sign-in), then `act`, then back to "my
/// guests".
async fn sponsor_action(
    state: &AppState,
    tenant: &str,
    guest: &str,
    headers: &HeaderMap,
    csrf: &str,
    act: impl for<'a> FnOnce(
        &'a entente_domain::Services,
        entente_model::TenantId,
        entente_model::UserId,
        entente_model::UserId,
    ) -> SponsorFuture<'a>,
) -> Result<Response, PageError> {
    check_csrf(state, headers, csrf)?;
    let (tenant, session) = match acting_session(state, tenant, headers, "myapps").await? {
        Ok(found) => found,
        Err(sign_in) => return Ok(sign_in),
    };
    let guest: entente_model::UserId = guest.parse().map_err(|_| PageError::not_found())?;
    act(&state.services, tenant.id, session.user_id, guest).await?;
    Ok(Redirect::to(&format!("/{}/myapps#my-guests", tenant.id)).into_response())
}

/// The tenant a My Apps action names and the browser's session acting in it; else
/// the response that sends the browser to sign in there first, and then back to
/// `back` (a path under the tenant's).
pub(super) async fn acting_session(
    state: &AppState,
    tenant: &str,
    headers: &HeaderMap,
    back: &str,
) -> Result<Result<(std::sync::Arc<entente_model::Tenant>, SessionRecord), Response>, PageError> {
    let tenant = entente_domain::oauth::resolve_tenant(&state.services, tenant, now()).await?;
    let session = match browser_session(state, headers).await? {
        Some(home) => redeem::session_in_tenant(&state.services, tenant.id, home, now()).await?,
        None => redeem::TenantSession::NoAccess,
    };
    let redeem::TenantSession::Ready(session) = session else {
        let target = format!("/{}/login?return_to=/{}/{back}", tenant.id, tenant.id);
        return Ok(Err(Redirect::to(&target).into_response()));
    };
    Ok(Ok((tenant, session)))
}
