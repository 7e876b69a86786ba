//! What the admin portal shows around the cross-tenant access settings that the
//! settings themselves do not hold: each partner's name (a tenant's display name, or
//! a federation configuration's display name and domains) and the tenant's
//! applications an inbound list may name. Reads only, tenant admins only; it decides
//! nothing.

use entente_model::cross_tenant::PartnerKind;
use entente_storage::ApplicationField;

use crate::access::TenantAdmin;
use crate::directory::PageRequest;
use crate::directory_reads::{Listing, query_of};
use crate::{DomainError, Services};

/// The most applications [`applications`] answers, in id order before they are sorted
/// by name: a form of checkboxes longer than this is no longer a form to read.
pub const MAX_APPLICATIONS: i64 = 500;

/// A partner's name as the portal shows it beside its entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerName {
    pub partner_id: uuid::Uuid,
    pub kind: PartnerKind,
    /// `None` when the tenant or federation configuration no longer exists.
    pub display_name: Option<String>,
    /// A federation configuration's domains (a tenant's are not shown).
    pub domains: Vec<String>,
}

/// The name of each partner among `partners` (an id and what it names), in their
/// order; two statements for a page, however long.
pub async fn partner_names(
    services: &Services,
    admin: &TenantAdmin,
    partners: &[(uuid::Uuid, PartnerKind)],
) -> Result<Vec<PartnerName>, DomainError> {
    let of_kind = |kind| -> Vec<uuid::Uuid> {
        partners
            .iter()
            .filter(|(_, k)| *k == kind)
            .map(|(id, _)| *id)
            .collect()
    };
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let tenants = db.tenant_names(&of_kind(PartnerKind::Tenant)).await?;
    let configs = db
        .federation_config_names(admin.tenant, &of_kind(PartnerKind::Federation))
        .await?;
    Ok(partners
        .iter()
        .map(|&(partner_id, kind)| {
            let (display_name, domains) = match kind {
                PartnerKind::Tenant => (
                    tenants
                        .iter()
                        .find(|(id, _)| *id == partner_id)
                        .map(|(_, name)| name.clone()),
                    Vec::new(),
                ),
                PartnerKind::Federation => configs
                    .iter()
                    .find(|(id, _, _)| *id == partner_id)
                    .map_or((None, Vec::new()), |(_, name, domains)| {
                        (Some(name.clone()), domains.clone())
                    }),
            };
            PartnerName {
                partner_id,
                kind,
                display_name,
                domains,
            }
        })
        .collect())
}

/// The tenant's applications an inbound setting may list, as (`appId`, display
/// name), by name; at most [`MAX_APPLICATIONS`].
pub async fn applications(
    services: &Services,
    admin: &TenantAdmin,
) -> Result<Vec<(String, String)>, DomainError> {
    let listing = Listing::<ApplicationField>::page(PageRequest {
        top: Some(MAX_APPLICATIONS),
        skip_token: None,
    });
    let query = query_of(&listing)?;
    let mut conn = services.store.read().await?;
    let page = conn.db().list_applications(admin.tenant, &query).await?;
    let mut apps: Vec<(String, String)> = page
        .items
        .into_iter()
        .map(|a| (a.client_id, a.display_name))
        .collect();
    apps.sort_by(|a, b| {
        a.1.to_lowercase()
            .cmp(&b.1.to_lowercase())
            .then(a.0.cmp(&b.0))
    });
    Ok(apps)
}
