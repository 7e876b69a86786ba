//! `/v1.0/users/{id}/sponsors`: the member users and groups who answer for a user (a
//! guest, mostly), as Graph has them: listed as directory objects, added and removed
//! by `$ref`. Governed by the users permissions.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use entente_domain::access::Area;
use entente_domain::sponsors;
use entente_model::PrincipalType;
use entente_storage::SponsorRow;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::groups::{MemberRef, member_id};
use super::openapi::reference;
use super::query::Collection;
use super::{ApiCaller, ApiJson, collection, path_id, to_value};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(add))
        .routes(routes!(remove))
}

reference!(Sponsors => SponsorBody);

/// A sponsor as a directory object: a user or a group.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Sponsor)]
struct SponsorBody {
    /// `#microsoft.graph.user` or `#microsoft.graph.group`.
    #[serde(rename = "@odata.type")]
    odata_type: &'static str,
    #[schema(format = Uuid)]
    id: String,
    display_name: String,
    /// A user's (none for a group).
    #[serde(skip_serializing_if = "Option::is_none")]
    user_principal_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mail: Option<String>,
}

impl From<&SponsorRow> for SponsorBody {
    fn from(row: &SponsorRow) -> Self {
        SponsorBody {
            odata_type: match row.sponsor_type {
                PrincipalType::Group => "#microsoft.graph.group",
                _ => "#microsoft.graph.user",
            },
            id: row.sponsor_id.to_string(),
            display_name: row.display_name.clone(),
            user_principal_name: row.user_principal_name.clone(),
            mail: row.mail.clone(),
        }
    }
}

/// List a user's sponsors
#[utoipa::path(get, path = "/v1.0/users/{id}/sponsors", operation_id = "users_listSponsors",
    tag = "users", params(("id" = String, Path, description = "The user's id.")),
    responses((status = 200, description = "The user's sponsors, users first.",
        body = Collection<Sponsors>)))]
async fn list(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let access = caller.read(Area::Users)?;
    let found = sponsors::list(&state.services, access, path_id(&id)?).await?;
    let items = found
        .iter()
        .map(|s| to_value(SponsorBody::from(s)))
        .collect();
    Ok(collection(&state, None, "directoryObjects", items, None))
}

/// Add a sponsor
///
/// A member user or a group of the tenant, by `@odata.id`.
#[utoipa::path(post, path = "/v1.0/users/{id}/sponsors/$ref", operation_id = "users_addSponsor",
    tag = "users", params(("id" = String, Path, description = "The user's id.")),
    request_body = MemberRef, responses((status = 204, description = "Added.")))]
async fn add(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MemberRef>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Users)?;
    let sponsor = member_id(&body.odata_id)?.0;
    sponsors::add(
        &state.services,
        &access,
        path_id(&id)?,
        sponsor,
        crate::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a sponsor
#[utoipa::path(delete, path = "/v1.0/users/{id}/sponsors/{sponsor}/$ref",
    operation_id = "users_removeSponsor", tag = "users",
    params(("id" = String, Path, description = "The user's id."),
        ("sponsor" = String, Path, description = "The sponsor's id.")),
    responses((status = 204, description = "Removed.")))]
async fn remove(
    State(state): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, sponsor)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let access = caller.write(Area::Users)?;
    let user = path_id(&id)?;
    let sponsor: uuid::Uuid = path_id(&sponsor)?;
    sponsors::remove(&state.services, &access, user, sponsor, crate::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
