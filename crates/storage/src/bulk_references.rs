//! Finding the groups and applications a bulk-invitation file names by display name
//! or client id, within one tenant.

use entente_model::TenantId;
use uuid::Uuid;

use crate::rows::{parsed, text};
use crate::{Db, Result};

/// A group or application as a name may mean it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedObject {
    pub id: Uuid,
    /// An application's client id; `None` for a group.
    pub client_id: Option<String>,
    pub display_name: String,
}

impl Db<'_> {
    /// The tenant's groups whose lower-cased display name (as `str::to_lowercase`
    /// writes it) is one of `names_lower`, through the `groups_display_name` index.
    pub async fn groups_named(
        &mut self,
        tenant: TenantId,
        names_lower: &[String],
    ) -> Result<Vec<NamedObject>> {
        let mut found = Vec::new();
        for chunk in names_lower.chunks(crate::invitations::BULK_CHUNK) {
            let placeholders = (0..chunk.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT id, display_name FROM groups \
                 WHERE tenant_id = $1 AND deleted_at IS NULL \
                 AND display_name_lower IN ({placeholders})"
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.to_string());
            for name in chunk {
                query = query.bind(name);
            }
            for row in query.fetch_all(&mut *self.conn).await? {
                found.push(NamedObject {
                    id: parsed(&row, "id")?,
                    client_id: None,
                    display_name: text(&row, "display_name")?,
                });
            }
        }
        Ok(found)
    }

    /// Every application of the tenant with its client id and name. A tenant has tens
    /// or hundreds of them, and a name or client id is matched without regard to case,
    /// which the caller does alike on both backends.
    pub async fn application_names(&mut self, tenant: TenantId) -> Result<Vec<NamedObject>> {
        let rows = sqlx::query(
            "SELECT id, client_id, display_name FROM applications \
             WHERE tenant_id = $1 AND deleted_at IS NULL",
        )
        .bind(tenant.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(NamedObject {
                    id: parsed(row, "id")?,
                    client_id: Some(text(row, "client_id")?),
                    display_name: text(row, "display_name")?,
                })
            })
            .collect()
    }
}
