//! Multi-tenant applications (decision 0014): an application one tenant (the
//! vendor) registers with `signInAudience` `AzureADMultipleOrgs` is used by people of
//! other tenants (its customers), each customer once its administrator consented,
//! which makes the customer's service principal of it. The customer assigns the
//! application's roles to its own people, chooses whether only assigned people may
//! sign in, and removes the application when it wants; its tokens are issued by the
//! customer tenant (`iss`, `tid`) with the customer's assignments as `roles`.
//!
//! The protocol steps ask [`entente_storage::Db::usable_application`]: the client id
//! names the tenant's own application, or a consented one of another tenant.

use entente_model::{AppRole, Application, ServicePrincipal, TenantId, UnixTime};
use entente_storage::{PrincipalField, PrincipalRow};
use serde_json::json;

use crate::access::{ReadAccess, TenantAdmin, WriteAccess};
use crate::directory_reads::{Found, Listing, found, query_of};
use crate::oauth::redirect_uri_matches;
use crate::{DomainError, Services};

/// What an administrator is asked to consent to.
#[derive(Clone, Debug)]
pub struct ConsentRequest {
    pub application: Application,
    /// The vendor organization's name.
    pub vendor: String,
    /// The roles the application defines for people.
    pub roles: Vec<AppRole>,
    /// Whether this tenant consented already.
    pub consented: bool,
    pub redirect_uri: Option<String>,
}

/// Why a consent request cannot be asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsentRefusal {
    /// No application has this client id.
    UnknownApplication,
    /// The application is for its own organization only.
    SingleOrganization,
    /// The application is this tenant's own: it needs no consent.
    OwnApplication,
    /// The `redirect_uri` is not one of the application's.
    RedirectNotRegistered,
}

impl ConsentRefusal {
    /// The reason in English, for logs and the API.
    pub fn message(&self) -> &'static str {
        match self {
            ConsentRefusal::UnknownApplication => "no application has this client_id",
            ConsentRefusal::SingleOrganization => {
                "the application is not configured for other organizations \
                 (signInAudience AzureADMyOrg)"
            }
            ConsentRefusal::OwnApplication => {
                "the application belongs to this organization and needs no consent"
            }
            ConsentRefusal::RedirectNotRegistered => {
                "the redirect_uri is not registered for this application"
            }
        }
    }
}

/// Reads what the administrator of `tenant` is asked to consent to: another
/// tenant's multi-organization application and where to send the browser after.
pub async fn consent_request(
    services: &Services,
    tenant: TenantId,
    client_id: &str,
    redirect_uri: Option<&str>,
) -> Result<Result<ConsentRequest, ConsentRefusal>, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let Some(application) = db.application_of_client(client_id).await? else {
        return Ok(Err(ConsentRefusal::UnknownApplication));
    };
    if application.tenant_id == tenant {
        return Ok(Err(ConsentRefusal::OwnApplication));
    }
    if !application.multiple_orgs {
        return Ok(Err(ConsentRefusal::SingleOrganization));
    }
    if let Some(uri) = redirect_uri
        && !application
            .redirect_uris
            .iter()
            .any(|registered| redirect_uri_matches(registered, uri))
    {
        return Ok(Err(ConsentRefusal::RedirectNotRegistered));
    }
    let vendor = db
        .tenant_by_id(application.tenant_id)
        .await?
        .map(|t| t.display_name)
        .unwrap_or_default();
    let consented = db
        .service_principal_of(tenant, application.id)
        .await?
        .is_some();
    let roles = application
        .app_roles
        .iter()
        .filter(|r| r.is_enabled && r.allowed_member_types.iter().any(|t| t == "User"))
        .cloned()
        .collect();
    Ok(Ok(ConsentRequest {
        application,
        vendor,
        roles,
        consented,
        redirect_uri: redirect_uri.map(str::to_owned),
    }))
}

/// The administrator grants: the tenant's service principal of the application is
/// made (once: consenting again keeps the first), audited in the tenant.
pub async fn grant_consent(
    services: &Services,
    admin: &TenantAdmin,
    client_id: &str,
    now: UnixTime,
) -> Result<Result<ServicePrincipal, ConsentRefusal>, DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    let Some(application) = db.application_of_client(client_id).await? else {
        return Ok(Err(ConsentRefusal::UnknownApplication));
    };
    if application.tenant_id == admin.tenant {
        return Ok(Err(ConsentRefusal::OwnApplication));
    }
    if !application.multiple_orgs {
        return Ok(Err(ConsentRefusal::SingleOrganization));
    }
    if let Some(existing) = db
        .service_principal_of(admin.tenant, application.id)
        .await?
    {
        return Ok(Ok(existing.principal));
    }
    let principal = ServicePrincipal {
        id: uuid::Uuid::new_v4(),
        tenant_id: admin.tenant,
        application_id: application.id,
        assignment_required: false,
        consented_by: match &admin.actor {
            entente_model::Actor::User(user) => Some(*user),
            _ => None,
        },
        created_at: now,
    };
    if !db
        .insert_service_principal(&principal, &application.client_id)
        .await?
    {
        // Another consent of the same tenant committed meanwhile: it stands.
        let existing = db
            .service_principal_of(admin.tenant, application.id)
            .await?;
        return existing
            .map(|row| Ok(row.principal))
            .ok_or_else(|| DomainError::internal("a consent vanished while being given"));
    }
    let details = json!({
        "appId": application.client_id,
        "displayName": application.display_name,
        "appOwnerOrganizationId": application.tenant_id.to_string(),
    });
    db.append_audit(
        admin.tenant,
        now,
        &admin.actor,
        "Consent to application",
        "ServicePrincipal",
        Some(&principal.id.to_string()),
        &details,
    )
    .await?;
    tx.commit().await?;
    services.cache.forget_tenant(admin.tenant);
    Ok(Ok(principal))
}

/// A page of the tenant's service principals of other tenants' applications.
pub async fn list_principals(
    services: &Services,
    access: ReadAccess,
    listing: &Listing<PrincipalField>,
) -> Result<Found<PrincipalRow>, DomainError> {
    let query = query_of(listing)?;
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let page = db.list_service_principals(access.tenant, &query).await?;
    let count = match listing.count {
        true => Some(db.count_service_principals(access.tenant, &query).await?),
        false => None,
    };
    Ok(found(page, count))
}

/// One of the tenant's service principals.
pub async fn principal(
    services: &Services,
    access: ReadAccess,
    id: uuid::Uuid,
) -> Result<PrincipalRow, DomainError> {
    let mut conn = services.store.read().await?;
    conn.db()
        .service_principal(access.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Sets whether only the tenant's assigned people (and members of assigned groups)
/// may sign in to the application.
pub async fn set_assignment_required(
    services: &Services,
    access: &WriteAccess,
    id: uuid::Uuid,
    required: bool,
    now: UnixTime,
) -> Result<PrincipalRow, DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    if !db
        .set_principal_assignment_required(access.tenant, id, required)
        .await?
    {
        return Err(DomainError::NotFound);
    }
    let row = db
        .service_principal(access.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    db.append_audit(
        access.tenant,
        now,
        &access.actor,
        "Update service principal",
        "ServicePrincipal",
        Some(&id.to_string()),
        &json!({ "appRoleAssignmentRequired": required,
                 "displayName": row.application.display_name }),
    )
    .await?;
    tx.commit().await?;
    services.cache.forget_tenant(access.tenant);
    Ok(row)
}

/// Removes another tenant's application from the tenant: the consent, the
/// assignments of its roles, and the sign-ins it holds (codes and refresh tokens),
/// so its access ends at the next refresh.
pub async fn remove_principal(
    services: &Services,
    access: &WriteAccess,
    id: uuid::Uuid,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    let row = db
        .service_principal(access.tenant, id)
        .await?
        .ok_or(DomainError::NotFound)?;
    if !db.delete_service_principal(access.tenant, &row).await? {
        return Err(DomainError::NotFound);
    }
    db.append_audit(
        access.tenant,
        now,
        &access.actor,
        "Remove service principal",
        "ServicePrincipal",
        Some(&id.to_string()),
        &json!({ "appId": row.application.client_id,
                 "displayName": row.application.display_name }),
    )
    .await?;
    tx.commit().await?;
    services.cache.forget_tenant(access.tenant);
    Ok(())
}

/// The application a role assignment of `tenant` may name as its resource: one of
/// the tenant's own (by object id), or another tenant's through the tenant's
/// service principal of it (by the principal's id, as Graph's `resourceId` is).
pub(crate) async fn assignable_resource(
    db: &mut entente_storage::Db<'_>,
    tenant: TenantId,
    id: uuid::Uuid,
) -> Result<Option<Application>, DomainError> {
    if let Some(own) = db
        .application_by_id(tenant, entente_model::AppId(id))
        .await?
    {
        return Ok(Some(own));
    }
    Ok(db
        .service_principal(tenant, id)
        .await?
        .map(|row| row.application))
}

/// Whether a user of `tenant` may sign in to the application the client id names
/// there, and why not: the organization never consented to another tenant's
/// application.
#[derive(Clone, Debug)]
pub struct NotConsented {
    pub application: Application,
    /// The vendor organization's name.
    pub vendor: String,
    pub tenant_name: String,
}

/// Why an authorization request of `tenant` names no usable application: another
/// tenant's multi-organization application this tenant has not consented to (the
/// page says so and offers the consent link), or nothing at all.
pub async fn not_consented(
    services: &Services,
    tenant: TenantId,
    client_id: &str,
) -> Result<Option<NotConsented>, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let Some(application) = db.application_of_client(client_id).await? else {
        return Ok(None);
    };
    if !application.multiple_orgs || application.tenant_id == tenant {
        return Ok(None);
    }
    let tenant_name = db
        .tenant_by_id(tenant)
        .await?
        .map(|t| t.display_name)
        .unwrap_or_default();
    let vendor = db
        .tenant_by_id(application.tenant_id)
        .await?
        .map(|t| t.display_name)
        .unwrap_or_default();
    Ok(Some(NotConsented {
        application,
        vendor,
        tenant_name,
    }))
}
