//! Cross-tenant access settings: a tenant's default row and its partners' rows
//! (migration 29), the settings kept as the JSON of their Graph shape.

use entente_model::cross_tenant::{CrossTenantPartner, CrossTenantSettings, PartnerKind};
use entente_model::{TenantId, UnixTime};
use sqlx::any::AnyRow;

use crate::query::{Bind, Column, Field, Kind, Listed, Query, Source, count_sql};
use crate::rows::{int, parsed, text};
use crate::{Db, Result, StoreError, conflict_as};

/// The `partner` of a tenant's default row.
const DEFAULT: &str = "";

const COLUMNS: &str = "c.partner, c.kind, c.settings, c.created_at, c.updated_at";

/// The fields of a partner entry a collection query may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartnerField {
    /// The partner's id (Graph's `tenantId`).
    TenantId,
}

impl Field for PartnerField {
    fn column(self) -> Column {
        match self {
            PartnerField::TenantId => Column {
                name: "partner",
                kind: Kind::Id,
                nullable: false,
                sortable: false,
                ordered: false,
                words: None,
                substring: None,
                index: None,
            },
        }
    }
}

fn partner_source(tenant: TenantId) -> Source<'static> {
    Source {
        from: "cross_tenant_access c",
        alias: "c",
        id: "c.partner",
        scope: "c.tenant_id = $1 AND c.kind <> 'default'",
        scope_values: vec![Bind::Text(tenant.to_string())],
        columns: COLUMNS,
        single_table: true,
        sqlite: true,
    }
}

fn settings_of(row: &AnyRow) -> Result<CrossTenantSettings> {
    let raw = text(row, "settings")?;
    serde_json::from_str(&raw)
        .map_err(|e| StoreError::Corrupt(format!("cross-tenant settings: {e}")))
}

fn partner_row(row: &AnyRow) -> Result<CrossTenantPartner> {
    let kind = text(row, "kind")?;
    Ok(CrossTenantPartner {
        partner_id: parsed(row, "partner")?,
        kind: PartnerKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("cross-tenant kind {kind:?}")))?,
        settings: settings_of(row)?,
        created_at: int(row, "created_at")?,
        updated_at: int(row, "updated_at")?,
    })
}

fn json(settings: &CrossTenantSettings) -> String {
    serde_json::to_string(settings).unwrap_or_else(|_| "{}".to_owned())
}

/// A tenant's default and, when it has one, its entry for one partner: what a
/// decision about that partner needs, read by primary key in one statement.
#[derive(Clone, Debug, Default)]
pub struct CrossTenantPair {
    /// The default as stored, `None` while it was never changed.
    pub default: Option<CrossTenantSettings>,
    pub partner: Option<CrossTenantPartner>,
}

impl Db<'_> {
    /// The tenant's default as stored, with when it last changed.
    pub async fn cross_tenant_default(
        &mut self,
        tenant: TenantId,
    ) -> Result<Option<(CrossTenantSettings, UnixTime)>> {
        let row = sqlx::query(
            "SELECT settings, updated_at FROM cross_tenant_access \
             WHERE tenant_id = $1 AND partner = $2",
        )
        .bind(tenant.to_string())
        .bind(DEFAULT)
        .fetch_optional(&mut *self.conn)
        .await?;
        row.map(|r| Ok((settings_of(&r)?, int(&r, "updated_at")?)))
            .transpose()
    }

    /// Stores the tenant's default, replacing what it had.
    pub async fn set_cross_tenant_default(
        &mut self,
        tenant: TenantId,
        settings: &CrossTenantSettings,
        now: UnixTime,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO cross_tenant_access (tenant_id, partner, kind, settings, created_at, \
             updated_at) VALUES ($1, $2, 'default', $3, $4, $4) \
             ON CONFLICT (tenant_id, partner) DO UPDATE SET settings = excluded.settings, \
             updated_at = excluded.updated_at",
        )
        .bind(tenant.to_string())
        .bind(DEFAULT)
        .bind(json(settings))
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// Forgets the tenant's default, which is then the system's again.
    pub async fn reset_cross_tenant_default(&mut self, tenant: TenantId) -> Result<()> {
        sqlx::query("DELETE FROM cross_tenant_access WHERE tenant_id = $1 AND partner = $2")
            .bind(tenant.to_string())
            .bind(DEFAULT)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    /// The tenant's default and its entry for `partner`.
    pub async fn cross_tenant_pair(
        &mut self,
        tenant: TenantId,
        partner: uuid::Uuid,
    ) -> Result<CrossTenantPair> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM cross_tenant_access c \
             WHERE c.tenant_id = $1 AND c.partner IN ($2, $3)"
        )))
        .bind(tenant.to_string())
        .bind(DEFAULT)
        .bind(partner.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        let mut pair = CrossTenantPair::default();
        for row in &rows {
            if text(row, "partner")? == DEFAULT {
                pair.default = Some(settings_of(row)?);
            } else {
                pair.partner = Some(partner_row(row)?);
            }
        }
        Ok(pair)
    }

    /// Adds a partner entry; a second entry for the same partner is a conflict.
    pub async fn insert_cross_tenant_partner(
        &mut self,
        tenant: TenantId,
        partner: &CrossTenantPartner,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO cross_tenant_access (tenant_id, partner, kind, settings, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(tenant.to_string())
        .bind(partner.partner_id.to_string())
        .bind(partner.kind.as_str())
        .bind(json(&partner.settings))
        .bind(partner.created_at)
        .bind(partner.updated_at)
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("cross-tenant partner"))?;
        Ok(())
    }

    /// Replaces a partner entry's settings; false when the tenant has no such entry.
    pub async fn update_cross_tenant_partner(
        &mut self,
        tenant: TenantId,
        partner: uuid::Uuid,
        settings: &CrossTenantSettings,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE cross_tenant_access SET settings = $3, updated_at = $4 \
             WHERE tenant_id = $1 AND partner = $2 AND kind <> 'default'",
        )
        .bind(tenant.to_string())
        .bind(partner.to_string())
        .bind(json(settings))
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes a partner entry; false when the tenant has no such entry.
    pub async fn delete_cross_tenant_partner(
        &mut self,
        tenant: TenantId,
        partner: uuid::Uuid,
    ) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM cross_tenant_access WHERE tenant_id = $1 AND partner = $2 \
             AND kind <> 'default'",
        )
        .bind(tenant.to_string())
        .bind(partner.to_string())
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// One page of the tenant's partner entries matching a query.
    pub async fn list_cross_tenant_partners(
        &mut self,
        tenant: TenantId,
        query: &Query<PartnerField>,
    ) -> Result<Listed<CrossTenantPartner>> {
        let source = partner_source(tenant).on(self.sqlite());
        self.page(&source, query, partner_row, |p| p.partner_id)
            .await
    }

    /// How many of the tenant's partner entries match a query's filter.
    pub async fn count_cross_tenant_partners(
        &mut self,
        tenant: TenantId,
        query: &Query<PartnerField>,
    ) -> Result<i64> {
        let source = partner_source(tenant).on(self.sqlite());
        let sql = count_sql(&source, query.filter.as_ref())?;
        self.count(&sql).await
    }

    /// Whether the tenant has any partner entry.
    pub async fn has_cross_tenant_partners(&mut self, tenant: TenantId) -> Result<bool> {
        let row = sqlx::query(
            "SELECT partner FROM cross_tenant_access WHERE tenant_id = $1 \
             AND kind <> 'default' LIMIT 1",
        )
        .bind(tenant.to_string())
        .fetch_optional(&mut *self.conn)
        .await?;
        Ok(row.is_some())
    }
}

/// `$first, $first + 1, ...` for `count` values bound after the others.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Db<'_> {
    /// The display names of the tenants among `ids`, by primary key: what the portal
    /// shows beside a page of partner entries that name tenants of this deployment.
    pub async fn tenant_names(&mut self, ids: &[uuid::Uuid]) -> Result<Vec<(uuid::Uuid, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id, display_name FROM tenants WHERE id IN ({})",
            placeholders(1, ids.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in ids {
            query = query.bind(id.to_string());
        }
        let rows = query.fetch_all(&mut *self.conn).await?;
        rows.iter()
            .map(|r| Ok((parsed(r, "id")?, text(r, "display_name")?)))
            .collect()
    }

    /// The display names and domains of `tenant`'s federation configurations among
    /// `ids`: what the portal shows beside partner entries that name them.
    pub async fn federation_config_names(
        &mut self,
        tenant: TenantId,
        ids: &[uuid::Uuid],
    ) -> Result<Vec<(uuid::Uuid, String, Vec<String>)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT c.id, c.display_name, d.domain FROM federation_configs c \
             LEFT JOIN federation_domains d ON d.tenant_id = c.tenant_id AND d.config_id = c.id \
             WHERE c.tenant_id = $1 AND c.id IN ({}) ORDER BY c.id, d.domain",
            placeholders(2, ids.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.to_string());
        for id in ids {
            query = query.bind(id.to_string());
        }
        let rows = query.fetch_all(&mut *self.conn).await?;
        let mut names: Vec<(uuid::Uuid, String, Vec<String>)> = Vec::new();
        for row in &rows {
            let id: uuid::Uuid = parsed(row, "id")?;
            let domain: Option<String> = crate::rows::opt_text(row, "domain")?;
            match names.last_mut() {
                Some((last, _, domains)) if *last == id => domains.extend(domain),
                _ => names.push((id, text(row, "display_name")?, domain.into_iter().collect())),
            }
        }
        Ok(names)
    }
}
