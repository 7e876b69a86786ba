//! `/v1.0/applications`: application registrations and their client secrets.
//!
//! Graph splits redirect URIs by platform (`publicClient`, `web`); Entente stores one
//! list and a public/confidential flag, so this module translates between the two
//! and refuses a body that asks for both kinds at once. A secret's text appears in
//! the `addPassword` response only; every other response shows its hint.
//! Certificate credentials (`keyCredentials`) are set with the application (POST,
//! PATCH) by an admin, or rolled by the application itself with `addKey` and
//! `removeKey` and a proof of possession; as in Graph, a certificate's `key` is shown
//! only when a single application is read with `$select=keyCredentials`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use entente_domain::access::Area;
use entente_domain::app_keys::{self, KeyCredentialInput, KeyRoll};
use entente_domain::directory::{self, ApplicationPatch, ApplicationView, NewApplication};
use entente_domain::directory_reads;
use entente_model::{AppRole, ClientSecretInfo, KeyCredential};
use entente_storage::ApplicationField;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::{CountOptions, ListOptions, reference};
use super::query::{
    Collection, Holds, ODataQuery, Property, Schema, Type, count_response, counted,
};
use super::{ApiCaller, ApiJson, date_time, nullable, parse_date_time, path_id, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(count))
        .routes(routes!(read, update, remove))
        .routes(routes!(add_password))
        .routes(routes!(remove_password))
        .routes(routes!(add_key))
        .routes(routes!(remove_key))
}

reference!(Applications => ApplicationBody);

/// Applications as the directory API lists them: by id and by `appId`.
pub(super) const APPLICATIONS: Schema<ApplicationField> = Schema {
    entity: "application",
    resource: "Application",
    properties: &[
        Property::equality("id", Holds::Field(ApplicationField::Id, Type::Id)),
        Property::equality("appId", Holds::Field(ApplicationField::AppId, Type::Text)),
    ],
    selectable: &[
        "id",
        "appId",
        "displayName",
        "createdDateTime",
        "isFallbackPublicClient",
        "publicClient",
        "web",
        "info",
        "appRoles",
        "passwordCredentials",
        "keyCredentials",
        "appRoleAssignmentRequired",
        "signInAudience",
    ],
    unkept: &[
        "description",
        "notes",
        "publisherDomain",
        "uniqueName",
        "groupMembershipClaims",
        "defaultRedirectUri",
        "tokenEncryptionKeyId",
        "serviceManagementReference",
        "disabledByMicrosoftStatus",
        "deletedDateTime",
        "api",
        "spa",
    ],
    unkept_lists: &["identifierUris", "tags", "requiredResourceAccess", "addIns"],
};

/// An application registration, as Graph shows it (its service principal's
/// `appRoleAssignmentRequired` included). A listing with `$select` keeps only `id` and
/// the properties selected.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Application)]
pub(super) struct ApplicationBody {
    #[schema(format = Uuid)]
    id: String,
    /// The client id of OAuth requests.
    #[schema(required = false)]
    app_id: String,
    #[schema(required = false)]
    display_name: String,
    #[schema(format = DateTime)]
    created_date_time: Option<String>,
    /// A public client (native, SPA, CLI): no secret, PKCE.
    #[schema(required = false)]
    is_fallback_public_client: bool,
    #[schema(required = false)]
    public_client: RedirectUris,
    #[schema(required = false)]
    web: WebBody,
    #[schema(required = false)]
    info: InfoBody,
    #[schema(required = false)]
    app_roles: Vec<AppRole>,
    #[schema(required = false)]
    password_credentials: Vec<PasswordCredential>,
    #[schema(required = false)]
    key_credentials: Vec<KeyCredentialBody>,
    /// On Graph's service principal; Entente has one object for both.
    #[schema(required = false)]
    app_role_assignment_required: bool,
    /// Who may sign in: `AzureADMyOrg`, the tenant's own people and its guests, or
    /// `AzureADMultipleOrgs`, other organizations' people too once each consented.
    #[schema(required = false)]
    sign_in_audience: &'static str,
}

/// Graph's `keyCredential`: a certificate whose key checks the application's client
/// assertions.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = KeyCredential)]
struct KeyCredentialBody {
    #[schema(format = Uuid)]
    key_id: String,
    /// `AsymmetricX509Cert`.
    #[serde(rename = "type")]
    key_type: &'static str,
    /// `Verify`.
    usage: &'static str,
    display_name: Option<String>,
    /// The certificate's SHA-1 thumbprint.
    custom_key_identifier: Option<String>,
    #[schema(format = DateTime)]
    start_date_time: Option<String>,
    #[schema(format = DateTime)]
    end_date_time: Option<String>,
    /// The certificate (base64 DER): only with `$select=keyCredentials` on one
    /// application, as in Graph.
    key: Option<String>,
}

impl KeyCredentialBody {
    fn new(key: &KeyCredential, with_certificate: bool) -> KeyCredentialBody {
        KeyCredentialBody {
            key_id: key.id.to_string(),
            key_type: "AsymmetricX509Cert",
            usage: "Verify",
            display_name: key.display_name.clone(),
            custom_key_identifier: key.custom_key_identifier.clone(),
            start_date_time: date_time(key.starts_at),
            end_date_time: date_time(key.ends_at),
            key: with_certificate.then(|| key.certificate.clone()),
        }
    }
}

/// A `keyCredential` as a request sends it; every field may be absent or null.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = KeyCredentialInput)]
struct KeyCredentialInputBody {
    #[serde(default)]
    key_id: Option<uuid::Uuid>,
    #[serde(default, rename = "type")]
    key_type: Option<String>,
    #[serde(default)]
    usage: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    custom_key_identifier: Option<String>,
    #[serde(default)]
    start_date_time: Option<String>,
    #[serde(default)]
    end_date_time: Option<String>,
    #[serde(default)]
    key: Option<String>,
}

impl KeyCredentialInputBody {
    fn into_input(self) -> Result<KeyCredentialInput, ApiError> {
        let date =
            |text: Option<String>, field| text.map(|t| parse_date_time(&t, field)).transpose();
        Ok(KeyCredentialInput {
            key_id: self.key_id,
            key: self.key,
            display_name: self.display_name,
            custom_key_identifier: self.custom_key_identifier,
            starts_at: date(self.start_date_time, "startDateTime")?,
            ends_at: date(self.end_date_time, "endDateTime")?,
            key_type: self.key_type,
            usage: self.usage,
        })
    }
}

fn key_inputs(bodies: Vec<KeyCredentialInputBody>) -> Result<Vec<KeyCredentialInput>, ApiError> {
    bodies
        .into_iter()
        .map(KeyCredentialInputBody::into_input)
        .collect()
}

/// Graph's `addKey` body: the certificate and a proof of possession of a current one.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = AddKeyRequest)]
struct AddKey {
    key_credential: KeyCredentialInputBody,
    /// Graph's `addKey` adds a password too; Entente's secrets go through `addPassword`,
    /// so only `null` is taken here.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    password_credential: Option<serde_json::Value>,
    /// A JWT signed with one of the application's current certificates (Graph's proof
    /// of possession: `aud` `00000002-0000-0000-c000-000000000000`, `iss` the
    /// application's object id, at most 10 minutes long).
    proof: String,
}

/// Graph's `removeKey` body: the certificate to retire and a proof of possession.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = RemoveKeyRequest)]
struct RemoveKey {
    key_id: uuid::Uuid,
    proof: String,
}

/// Graph's `publicClient`: the redirect URIs of a public client.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = PublicClientApplication)]
struct RedirectUris {
    #[serde(default)]
    redirect_uris: Vec<String>,
}

/// Graph's `web`: the redirect URIs of a confidential client and its home page.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = WebApplication)]
struct WebBody {
    redirect_uris: Vec<String>,
    home_page_url: Option<String>,
}

/// Graph's `informationalUrls`; its `logoUrl` is writable in Entente (Graph takes the
/// logo as an upload instead), as an absolute https address.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = InformationalUrl)]
struct InfoBody {
    #[serde(default, deserialize_with = "nullable")]
    logo_url: Option<Option<String>>,
}

/// A client secret. Its text is in the `addPassword` response only.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct PasswordCredential {
    #[schema(format = Uuid)]
    key_id: String,
    display_name: Option<String>,
    /// The first characters of the secret.
    hint: String,
    #[schema(format = DateTime)]
    start_date_time: Option<String>,
    #[schema(format = DateTime)]
    end_date_time: Option<String>,
    /// Present only in the `addPassword` response.
    secret_text: Option<String>,
}

impl PasswordCredential {
    fn new(info: &ClientSecretInfo, secret_text: Option<String>) -> PasswordCredential {
        PasswordCredential {
            key_id: info.id.to_string(),
            display_name: info.display_name.clone(),
            hint: info.hint.clone(),
            start_date_time: date_time(info.created_at),
            end_date_time: date_time(info.expires_at),
            secret_text,
        }
    }
}

impl From<&ApplicationView> for ApplicationBody {
    fn from(view: &ApplicationView) -> Self {
        ApplicationBody::new(view, false)
    }
}

impl ApplicationBody {
    fn new(view: &ApplicationView, with_certificates: bool) -> Self {
        let a = &view.application;
        let (public_uris, web_uris) = if a.public_client {
            (a.redirect_uris.clone(), Vec::new())
        } else {
            (Vec::new(), a.redirect_uris.clone())
        };
        ApplicationBody {
            id: a.id.to_string(),
            app_id: a.client_id.clone(),
            display_name: a.display_name.clone(),
            created_date_time: date_time(a.created_at),
            is_fallback_public_client: a.public_client,
            public_client: RedirectUris {
                redirect_uris: public_uris,
            },
            web: WebBody {
                redirect_uris: web_uris,
                home_page_url: a.home_page_url.clone(),
            },
            info: InfoBody {
                logo_url: Some(a.logo_url.clone()),
            },
            app_roles: a.app_roles.clone(),
            password_credentials: view
                .secrets
                .iter()
                .map(|s| PasswordCredential::new(s, None))
                .collect(),
            key_credentials: view
                .keys
                .iter()
                .map(|k| KeyCredentialBody::new(k, with_certificates))
                .collect(),
            app_role_assignment_required: a.assignment_required,
            sign_in_audience: directory::sign_in_audience(a.multiple_orgs),
        }
    }
}

/// Graph's `web` as a request sends it.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = WebApplicationInput)]
struct WebInput {
    #[serde(default)]
    redirect_uris: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    home_page_url: Option<Option<String>>,
}

/// An application's properties to set: all of them on creation (`displayName` is
/// required there), those to change in a PATCH. An application is either a public
/// client (`publicClient.redirectUris`) or a confidential one (`web.redirectUris`).
/// `keyCredentials` replaces the whole set of certificates.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ApplicationInput {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    is_fallback_public_client: Option<bool>,
    #[serde(default)]
    public_client: Option<RedirectUris>,
    #[serde(default)]
    web: Option<WebInput>,
    #[serde(default)]
    info: Option<InfoBody>,
    #[serde(default)]
    app_roles: Option<Vec<AppRole>>,
    #[serde(default)]
    app_role_assignment_required: Option<bool>,
    #[serde(default)]
    key_credentials: Option<Vec<KeyCredentialInputBody>>,
    /// `AzureADMyOrg` or `AzureADMultipleOrgs` (see [`sign_in_audience`]).
    #[serde(default)]
    sign_in_audience: Option<String>,
}

/// Graph's `addPassword` body.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = AddPasswordRequest)]
struct AddPassword {
    #[serde(default)]
    password_credential: Option<NewPasswordCredential>,
}

/// The new secret's name and end; two years when no end is given.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = PasswordCredentialInput)]
struct NewPasswordCredential {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    end_date_time: Option<String>,
}

/// Graph's `removePassword` body.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = RemovePasswordRequest)]
struct RemovePassword {
    key_id: uuid::Uuid,
}

/// List applications
#[utoipa::path(get, path = "/v1.0/applications", operation_id = "applications_list",
    tag = "applications", params(ListOptions),
    responses((status = 200, description = "A page of applications.",
        body = Collection<Applications>)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Json<serde_json::Value>, ApiError> {
    let access = caller.read(Area::Applications)?;
    let listing = query.listing(&APPLICATIONS, true)?;
    let selection = query.selection(&APPLICATIONS)?;
    let found = directory_reads::list_applications(&state.services, access, &listing).await?;
    let items = found
        .items
        .iter()
        .map(|a| to_value(ApplicationBody::from(a)))
        .collect();
    let (next, count) = (found.skip_token, found.count);
    Ok(counted(
        &state,
        Some(&query),
        "applications",
        Some(&selection),
        items,
        next,
        count,
    ))
}

/// Count applications
///
/// How many applications match `$filter`, as text.
#[utoipa::path(get, path = "/v1.0/applications/$count", operation_id = "applications_count",
    tag = "applications", params(CountOptions),
    responses((status = 200, description = "The number, as text.", body = i64, content_type = "text/plain")))]
async fn count(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    query: ODataQuery,
) -> Result<Response, ApiError> {
    let access = caller.read(Area::Applications)?;
    let filter = query.counting(&APPLICATIONS)?;
    let count =
        directory_reads::count_applications(&state.services, access, filter.as_ref()).await?;
    Ok(count_response(count))
}

/// Create an application
#[utoipa::path(post, path = "/v1.0/applications", operation_id = "applications_create",
    tag = "applications", request_body = ApplicationInput,
    responses((status = 201, description = "The application made.", body = ApplicationBody)))]
async fn create(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<ApplicationInput>,
) -> Result<(StatusCode, Json<ApplicationBody>), ApiError> {
    let access = caller.write(Area::Applications)?;
    let patch = application_patch(body)?;
    let request = NewApplication {
        display_name: patch
            .display_name
            .ok_or_else(|| ApiError::bad_request("displayName is required."))?,
        public_client: patch.public_client.unwrap_or(false),
        redirect_uris: patch.redirect_uris.unwrap_or_default(),
        home_page_url: patch.home_page_url.flatten(),
        logo_url: patch.logo_url.flatten(),
        app_roles: patch.app_roles.unwrap_or_default(),
        assignment_required: patch.assignment_required.unwrap_or(false),
        multiple_orgs: patch.multiple_orgs.unwrap_or(false),
        key_credentials: patch.key_credentials.unwrap_or_default(),
    };
    let view =
        directory::create_application(&state.services, &access, request, crate::now()).await?;
    Ok((StatusCode::CREATED, Json(ApplicationBody::from(&view))))
}

/// Get an application
///
/// The whole application: `$select` does not project it here, but naming
/// `keyCredentials` in it shows each certificate's `key`, as in Graph.
#[utoipa::path(get, path = "/v1.0/applications/{id}", operation_id = "applications_get",
    tag = "applications",
    params(("id" = String, Path, description = "The application's object id (not its appId)."), ("$select" = Option<String>, Query,
        description = "Naming `keyCredentials` shows each certificate's `key` (base64 DER).")),
    responses((status = 200, description = "The application.", body = ApplicationBody)))]
async fn read(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    uri: axum::http::Uri,
) -> Result<Json<ApplicationBody>, ApiError> {
    let access = caller.read(Area::Applications)?;
    let view = directory::get_application(&state.services, access, path_id(&id)?).await?;
    // Graph shows certificates' bytes only to a read that selects keyCredentials.
    let with_certificates = selects(uri.query().unwrap_or(""), "keyCredentials");
    Ok(Json(ApplicationBody::new(&view, with_certificates)))
}

/// Whether a query string's `$select` names `property` (case-insensitive, as Graph).
fn selects(query: &str, property: &str) -> bool {
    url::form_urlencoded::parse(query.as_bytes())
        .filter(|(name, _)| name == "$select")
        .any(|(_, value)| {
            value
                .split(',')
                .any(|p| p.trim().eq_ignore_ascii_case(property))
        })
}

/// Update an application
#[utoipa::path(patch, path = "/v1.0/applications/{id}", operation_id = "applications_update",
    tag = "applications", params(("id" = String, Path, description = "The application's object id (not its appId).")), request_body = ApplicationInput,
    responses((status = 204, description = "Updated.")))]
async fn update(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ApplicationInput>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Applications)?;
    let (id, patch) = (path_id(&id)?, application_patch(body)?);
    directory::update_application(&state.services, &access, id, patch, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete an application
#[utoipa::path(delete, path = "/v1.0/applications/{id}", operation_id = "applications_delete",
    tag = "applications", params(("id" = String, Path, description = "The application's object id (not its appId).")), responses((status = 204, description = "Deleted.")))]
async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Applications)?;
    directory::delete_application(&state.services, &access, path_id(&id)?, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add a client secret
#[utoipa::path(post, path = "/v1.0/applications/{id}/addPassword",
    operation_id = "applications_addPassword", tag = "applications", params(("id" = String, Path, description = "The application's object id (not its appId).")),
    request_body = AddPassword,
    responses((status = 200, description = "The secret, with its text (shown only here).",
        body = PasswordCredential)))]
async fn add_password(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AddPassword>,
) -> Result<Json<PasswordCredential>, ApiError> {
    let access = caller.write(Area::Applications)?;
    let credential = body.password_credential;
    let (name, end) = credential.map_or((None, None), |c| (c.display_name, c.end_date_time));
    let end = end
        .map(|e| parse_date_time(&e, "endDateTime"))
        .transpose()?;
    let (id, now) = (path_id(&id)?, crate::now());
    let added =
        directory::add_application_password(&state.services, &access, id, name, end, now).await?;
    Ok(Json(PasswordCredential::new(
        &added.info,
        Some(added.secret_text),
    )))
}

/// Remove a client secret
#[utoipa::path(post, path = "/v1.0/applications/{id}/removePassword",
    operation_id = "applications_removePassword", tag = "applications", params(("id" = String, Path, description = "The application's object id (not its appId).")),
    request_body = RemovePassword, responses((status = 204, description = "Removed.")))]
async fn remove_password(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RemovePassword>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Applications)?;
    let (id, now) = (path_id(&id)?, crate::now());
    directory::remove_application_password(&state.services, &access, id, body.key_id, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add a certificate
///
/// Graph's `addKey`: the application rolls in a new certificate, proving with `proof`
/// that it holds one of its current ones.
#[utoipa::path(post, path = "/v1.0/applications/{id}/addKey",
    operation_id = "applications_addKey", tag = "applications", params(("id" = String, Path, description = "The application's object id (not its appId).")),
    request_body = AddKey,
    responses((status = 200, description = "The certificate added.", body = KeyCredentialBody)))]
async fn add_key(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AddKey>,
) -> Result<Json<KeyCredentialBody>, ApiError> {
    if body
        .password_credential
        .as_ref()
        .is_some_and(|p| !p.is_null())
    {
        return Err(ApiError::bad_request(
            "addKey takes a keyCredential only here: add client secrets with addPassword.",
        ));
    }
    let change = KeyRoll::Add(body.key_credential.into_input()?);
    let (id, now) = (path_id(&id)?, crate::now());
    let added = app_keys::roll_key(&state.services, &caller, id, change, &body.proof, now)
        .await?
        .ok_or_else(|| {
            ApiError::from(entente_domain::DomainError::internal(
                "addKey added nothing",
            ))
        })?;
    Ok(Json(KeyCredentialBody::new(&added, false)))
}

/// Remove a certificate
///
/// Graph's `removeKey`: the application retires one of its certificates, with a proof.
#[utoipa::path(post, path = "/v1.0/applications/{id}/removeKey",
    operation_id = "applications_removeKey", tag = "applications", params(("id" = String, Path, description = "The application's object id (not its appId).")),
    request_body = RemoveKey, responses((status = 204, description = "Removed.")))]
async fn remove_key(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RemoveKey>,
) -> Result<StatusCode, ApiError> {
    let change = KeyRoll::Remove(body.key_id);
    let (id, now) = (path_id(&id)?, crate::now());
    app_keys::roll_key(&state.services, &caller, id, change, &body.proof, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Translates Graph's per-platform redirect URIs into Entente's single list and
/// public/confidential flag. An application is either public (`publicClient`
/// redirect URIs, no secret, PKCE) or confidential (`web`), never both.
fn application_patch(body: ApplicationInput) -> Result<ApplicationPatch, ApiError> {
    let multiple_orgs = body
        .sign_in_audience
        .as_deref()
        .map(sign_in_audience)
        .transpose()?;
    let public_uris = body.public_client.map(|p| p.redirect_uris);
    let (web_uris, home_page_url) = match body.web {
        Some(web) => (web.redirect_uris, web.home_page_url),
        None => (None, None),
    };
    let has = |uris: &Option<Vec<String>>| uris.as_ref().is_some_and(|u| !u.is_empty());
    let fallback = body.is_fallback_public_client;
    let (public_client, redirect_uris) = if has(&public_uris) && has(&web_uris) {
        return Err(ApiError::bad_request(
            "An application is either a public client (publicClient.redirectUris) or a \
             confidential one (web.redirectUris), not both.",
        ));
    } else if has(&public_uris) {
        if fallback == Some(false) {
            return Err(ApiError::bad_request(
                "publicClient.redirectUris requires isFallbackPublicClient to be true.",
            ));
        }
        (Some(true), public_uris)
    } else if has(&web_uris) {
        if fallback == Some(true) {
            return Err(ApiError::bad_request(
                "A public client cannot have web.redirectUris.",
            ));
        }
        (Some(false), web_uris)
    } else {
        (fallback, public_uris.or(web_uris))
    };
    Ok(ApplicationPatch {
        display_name: body.display_name,
        public_client,
        redirect_uris,
        home_page_url,
        logo_url: body.info.and_then(|i| i.logo_url),
        app_roles: body.app_roles,
        assignment_required: body.app_role_assignment_required,
        multiple_orgs,
        key_credentials: body.key_credentials.map(key_inputs).transpose()?,
    })
}

/// Takes Graph's `signInAudience`: `AzureADMyOrg` (this organization's people and
/// its guests) or `AzureADMultipleOrgs` (other organizations of this deployment too,
/// each once its administrator consented: decision 0014). Personal Microsoft
/// accounts Entente never has: a clear 400 rather than an audience stored and not
/// kept. Answers whether the application is open to other organizations.
fn sign_in_audience(value: &str) -> Result<bool, ApiError> {
    match value {
        "AzureADMyOrg" => Ok(false),
        "AzureADMultipleOrgs" => Ok(true),
        "AzureADandPersonalMicrosoftAccount" | "PersonalMicrosoftAccount" => {
            Err(ApiError::bad_request(
                "Entente has no personal Microsoft accounts; signInAudience must be \
                 AzureADMyOrg or AzureADMultipleOrgs.",
            ))
        }
        other => Err(ApiError::bad_request(format!(
            "signInAudience {other} is not one of Graph's values; use AzureADMyOrg or \
             AzureADMultipleOrgs."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_own_organization_and_other_organizations_are_the_audiences() {
        let with = |audience: &str| {
            application_patch(input(serde_json::json!({ "signInAudience": audience })))
        };
        assert_eq!(with("AzureADMyOrg").unwrap().multiple_orgs, Some(false));
        assert_eq!(
            with("AzureADMultipleOrgs").unwrap().multiple_orgs,
            Some(true)
        );
        assert_eq!(
            application_patch(input(serde_json::json!({})))
                .unwrap()
                .multiple_orgs,
            None
        );
        for refused in [
            "AzureADandPersonalMicrosoftAccount",
            "PersonalMicrosoftAccount",
            "azureadmyorg",
        ] {
            assert!(with(refused).is_err(), "{refused}");
        }
    }

    fn input(body: serde_json::Value) -> ApplicationInput {
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn public_client_uris_make_a_public_client() {
        let patch = application_patch(input(serde_json::json!({
            "publicClient": { "redirectUris": ["http://localhost/cb"] }
        })))
        .unwrap();
        assert_eq!(patch.public_client, Some(true));
        assert_eq!(
            patch.redirect_uris,
            Some(vec!["http://localhost/cb".to_owned()])
        );
    }

    #[test]
    fn web_uris_make_a_confidential_client_and_keep_the_home_page() {
        let patch = application_patch(input(serde_json::json!({
            "web": { "redirectUris": ["https://a.example/cb"], "homePageUrl": "https://a.example" }
        })))
        .unwrap();
        assert_eq!(patch.public_client, Some(false));
        assert_eq!(
            patch.home_page_url,
            Some(Some("https://a.example".to_owned()))
        );
    }

    #[test]
    fn both_kinds_at_once_or_a_contradicting_flag_are_refused() {
        assert!(
            application_patch(input(serde_json::json!({
                "publicClient": { "redirectUris": ["http://localhost/cb"] },
                "web": { "redirectUris": ["https://a.example/cb"] }
            })))
            .is_err()
        );
        assert!(
            application_patch(input(serde_json::json!({
                "isFallbackPublicClient": true,
                "web": { "redirectUris": ["https://a.example/cb"] }
            })))
            .is_err()
        );
    }

    #[test]
    fn a_patch_without_platforms_leaves_uris_alone() {
        let patch = application_patch(input(serde_json::json!({ "displayName": "X" }))).unwrap();
        assert_eq!(patch.public_client, None);
        assert_eq!(patch.redirect_uris, None);
        assert_eq!(patch.home_page_url, None);
    }
}
