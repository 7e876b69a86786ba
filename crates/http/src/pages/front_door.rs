//! The deployment's front door: `/`, `/login` and `/admin`, the addresses a person
//! types without knowing a tenant id. With one organization they lead straight to its
//! sign-in page (or its portal); with several, the person's work address finds theirs
//! by its domain, as Entra's home realm discovery does; before setup they say where
//! the setup link is. Nothing here signs anyone in.

use crate::texts::signin::{SignInTexts, for_language as sign_in_texts};
use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use entente_domain::signin::{self, FrontDoor};
use serde::Deserialize;

use super::{browser_language, page};
use crate::error::PageError;
use crate::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(sign_in).post(find_for_sign_in))
        .route("/login", get(sign_in).post(find_for_sign_in))
        .route("/admin", get(portal).post(find_for_portal))
}

/// The page that asks for a work address and finds its organization: the front
/// door's, and `/organizations`' authorization's (which carries the request along
/// in hidden fields and comes back with the address as `login_hint`).
#[derive(Template)]
#[template(path = "front_door.html")]
pub(crate) struct FrontDoorPage<'a> {
    pub texts: &'static SignInTexts,
    pub action: &'a str,
    /// `post` for the front door, `get` for an authorization request.
    pub method: &'static str,
    /// The address field's name.
    pub field: &'static str,
    pub hidden: Vec<(String, String)>,
    pub address: &'a str,
    pub error: Option<String>,
    pub not_set_up: bool,
}

/// Where a found organization leads: its sign-in, or its portal.
#[derive(Clone, Copy)]
enum Target {
    SignIn,
    Portal,
}

impl Target {
    fn path(self) -> &'static str {
        match self {
            Target::SignIn => "/login",
            Target::Portal => "/admin",
        }
    }

    fn of(self, tenant: impl std::fmt::Display, address: &str) -> String {
        match self {
            Target::SignIn if !address.is_empty() => format!(
                "/{tenant}/login?login_hint={}",
                url::form_urlencoded::byte_serialize(address.as_bytes()).collect::<String>()
            ),
            Target::SignIn => format!("/{tenant}/login"),
            Target::Portal => format!("/{tenant}/admin"),
        }
    }
}

async fn sign_in(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    door(&state, &headers, Target::SignIn).await
}

async fn portal(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    door(&state, &headers, Target::Portal).await
}

async fn door(
    state: &AppState,
    headers: &HeaderMap,
    target: Target,
) -> Result<Response, PageError> {
    let texts = sign_in_texts(browser_language(headers));
    let picker = |not_set_up: bool| FrontDoorPage {
        texts,
        action: target.path(),
        method: "post",
        field: "address",
        hidden: Vec::new(),
        address: "",
        error: None,
        not_set_up,
    };
    Ok(match signin::front_door(&state.services).await? {
        FrontDoor::Only(tenant) => Redirect::to(&target.of(tenant, "")).into_response(),
        FrontDoor::NotSetUp => page(StatusCode::OK, &picker(true)),
        FrontDoor::Several => page(StatusCode::OK, &picker(false)),
    })
}

#[derive(Deserialize)]
struct AddressForm {
    #[serde(default)]
    address: String,
}

async fn find_for_sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<AddressForm>,
) -> Result<Response, PageError> {
    find(&state, &headers, &form.address, Target::SignIn).await
}

async fn find_for_portal(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<AddressForm>,
) -> Result<Response, PageError> {
    find(&state, &headers, &form.address, Target::Portal).await
}

async fn find(
    state: &AppState,
    headers: &HeaderMap,
    address: &str,
    target: Target,
) -> Result<Response, PageError> {
    let address = address.trim();
    if let Some(tenant) = signin::organization_of_address(&state.services, address, now()).await? {
        return Ok(Redirect::to(&target.of(tenant, address)).into_response());
    }
    let texts = sign_in_texts(browser_language(headers));
    let refused = FrontDoorPage {
        texts,
        action: target.path(),
        method: "post",
        field: "address",
        hidden: Vec::new(),
        address,
        error: Some(texts.no_organization.arg("address", address).to_string()),
        not_set_up: false,
    };
    Ok(page(StatusCode::NOT_FOUND, &refused))
}
