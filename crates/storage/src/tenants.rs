//! Tenants and their domains.

use entente_model::{Branding, CollaborationPolicy, Tenant, TenantId, UnixTime, UserId};
use sqlx::any::AnyRow;

use crate::rows::{flag, int, json, opt_int, parsed, text, to_json};
use crate::{Db, Result, conflict_as};

macro_rules! tenant_columns {
    () => {
        "SELECT id, display_name, initial_domain, created_at, mfa_required, managed, \
         collaboration, branding FROM tenants "
    };
}

/// A domain a tenant has claimed, verified or not yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantDomainRecord {
    pub domain: String,
    /// The text the domain's DNS TXT record must hold to prove the claim.
    pub verification_code: String,
    pub created_at: UnixTime,
    pub verified_at: Option<UnixTime>,
}

macro_rules! domain_columns {
    () => {
        "SELECT domain, verification_code, created_at, verified_at FROM tenant_domains "
    };
}

fn tenant_domain(row: &AnyRow) -> Result<TenantDomainRecord> {
    Ok(TenantDomainRecord {
        domain: text(row, "domain")?,
        verification_code: text(row, "verification_code")?,
        created_at: int(row, "created_at")?,
        verified_at: opt_int(row, "verified_at")?,
    })
}

fn tenant(row: &AnyRow) -> Result<Tenant> {
    Ok(Tenant {
        id: parsed(row, "id")?,
        display_name: text(row, "display_name")?,
        initial_domain: text(row, "initial_domain")?,
        created_at: int(row, "created_at")?,
        mfa_required: flag(row, "mfa_required")?,
        managed: flag(row, "managed")?,
        collaboration: json(row, "collaboration")?,
        branding: json(row, "branding")?,
    })
}

impl Db<'_> {
    pub async fn insert_tenant(&mut self, t: &Tenant) -> Result<()> {
        sqlx::query(
            "INSERT INTO tenants (id, display_name, initial_domain, created_at, mfa_required, \
             managed, collaboration, branding) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(t.id.to_string())
        .bind(&t.display_name)
        .bind(&t.initial_domain)
        .bind(t.created_at)
        .bind(i64::from(t.mfa_required))
        .bind(i64::from(t.managed))
        .bind(to_json(&t.collaboration))
        .bind(to_json(&t.branding))
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("tenant domain"))?;
        Ok(())
    }

    /// Up to two managed tenants (organizations, not the unmanaged ones code sign-ups
    /// make), so a caller can tell none, one and several apart.
    pub async fn first_managed_tenants(&mut self) -> Result<Vec<TenantId>> {
        let rows =
            sqlx::query("SELECT id FROM tenants WHERE managed = 1 ORDER BY created_at, id LIMIT 2")
                .fetch_all(&mut *self.conn)
                .await?;
        rows.iter().map(|r| parsed(r, "id")).collect()
    }

    pub async fn count_tenants(&mut self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM tenants")
            .fetch_one(&mut *self.conn)
            .await?;
        int(&row, "n")
    }

    pub async fn tenant_by_id(&mut self, id: TenantId) -> Result<Option<Tenant>> {
        sqlx::query(concat!(tenant_columns!(), "WHERE id = $1"))
            .bind(id.to_string())
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| tenant(&r))
            .transpose()
    }

    /// The tenant whose initial domain, or one of whose verified domains, is `domain`.
    pub async fn tenant_by_domain(&mut self, domain: &str) -> Result<Option<Tenant>> {
        sqlx::query(concat!(
            tenant_columns!(),
            "WHERE initial_domain = $1 OR id = \
             (SELECT tenant_id FROM tenant_domains WHERE domain = $1 AND verified_at IS NOT NULL)"
        ))
        .bind(domain.to_ascii_lowercase())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| tenant(&r))
        .transpose()
    }

    pub async fn initial_domain_taken(&mut self, domain: &str) -> Result<bool> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM tenants WHERE initial_domain = $1")
            .bind(domain)
            .fetch_one(&mut *self.conn)
            .await?;
        Ok(int(&row, "n")? > 0)
    }

    /// A tenant read in a write transaction that will change it: on PostgreSQL the row
    /// stays locked until the transaction ends, so two read-modify-write changes of
    /// its settings cannot both start from the same old value (SQLite's single writer
    /// already serializes them).
    pub async fn tenant_for_update(&mut self, id: TenantId) -> Result<Option<Tenant>> {
        let sql = if self.conn.backend_name() == "SQLite" {
            concat!(tenant_columns!(), "WHERE id = $1")
        } else {
            concat!(tenant_columns!(), "WHERE id = $1 FOR UPDATE")
        };
        sqlx::query(sql)
            .bind(id.to_string())
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| tenant(&r))
            .transpose()
    }

    /// Replaces a tenant's collaboration policy and branding.
    pub async fn set_tenant_collaboration(
        &mut self,
        id: TenantId,
        policy: &CollaborationPolicy,
        branding: &Branding,
    ) -> Result<bool> {
        let done =
            sqlx::query("UPDATE tenants SET collaboration = $2, branding = $3 WHERE id = $1")
                .bind(id.to_string())
                .bind(to_json(policy))
                .bind(to_json(branding))
                .execute(&mut *self.conn)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn set_tenant_mfa_required(&mut self, id: TenantId, required: bool) -> Result<bool> {
        let done = sqlx::query("UPDATE tenants SET mfa_required = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(i64::from(required))
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a domain a tenant claims, with the code its DNS TXT record must hold.
    pub async fn insert_tenant_domain(
        &mut self,
        tenant: TenantId,
        domain: &str,
        verification_code: &str,
        now: UnixTime,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO tenant_domains (tenant_id, domain, verification_code, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(tenant.to_string())
        .bind(domain)
        .bind(verification_code)
        .bind(now)
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("domain"))?;
        Ok(())
    }

    /// One domain a tenant has claimed.
    pub async fn tenant_domain(
        &mut self,
        tenant: TenantId,
        domain: &str,
    ) -> Result<Option<TenantDomainRecord>> {
        sqlx::query(concat!(
            domain_columns!(),
            "WHERE tenant_id = $1 AND domain = $2"
        ))
        .bind(tenant.to_string())
        .bind(domain)
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| tenant_domain(&r))
        .transpose()
    }

    /// Every domain a tenant has claimed (not its initial domain), by name.
    pub async fn tenant_domains(&mut self, tenant: TenantId) -> Result<Vec<TenantDomainRecord>> {
        sqlx::query(concat!(
            domain_columns!(),
            "WHERE tenant_id = $1 ORDER BY domain"
        ))
        .bind(tenant.to_string())
        .fetch_all(&mut *self.conn)
        .await?
        .iter()
        .map(tenant_domain)
        .collect()
    }

    /// The tenant that has verified `domain`, if any has.
    pub async fn domain_verified_by(&mut self, domain: &str) -> Result<Option<TenantId>> {
        sqlx::query(
            "SELECT tenant_id FROM tenant_domains WHERE domain = $1 AND verified_at IS NOT NULL",
        )
        .bind(domain)
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| parsed(&r, "tenant_id"))
        .transpose()
    }

    /// Marks a tenant's claim on a domain as proven. The partial unique index on
    /// verified domains refuses a second verifier with [`StoreError::Conflict`], which
    /// is what settles two tenants verifying the same domain at once.
    ///
    /// [`StoreError::Conflict`]: crate::StoreError::Conflict
    pub async fn set_tenant_domain_verified(
        &mut self,
        tenant: TenantId,
        domain: &str,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE tenant_domains SET verified_at = $3 WHERE tenant_id = $1 AND domain = $2",
        )
        .bind(tenant.to_string())
        .bind(domain)
        .bind(now)
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("verified domain"))?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn delete_tenant_domain(&mut self, tenant: TenantId, domain: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM tenant_domains WHERE tenant_id = $1 AND domain = $2")
            .bind(tenant.to_string())
            .bind(domain)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// How many of a tenant's users have a principal name in `domain`.
    pub async fn count_users_in_domain(&mut self, tenant: TenantId, domain: &str) -> Result<i64> {
        // Domain names hold only letters, digits, hyphens and dots, so the pattern
        // has no LIKE wildcard but its own leading `%`.
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM users WHERE tenant_id = $1 AND upn_lower LIKE $2",
        )
        .bind(tenant.to_string())
        .bind(format!("%@{}", domain.to_ascii_lowercase()))
        .fetch_one(&mut *self.conn)
        .await?;
        int(&row, "n")
    }
}

impl Db<'_> {
    /// The tenant with the most users (benchmarks and diagnostics).
    pub async fn largest_tenant(&mut self) -> Result<Option<TenantId>> {
        let row = sqlx::query(
            "SELECT tenant_id FROM users GROUP BY tenant_id ORDER BY COUNT(*) DESC, tenant_id LIMIT 1",
        )
        .fetch_optional(&mut *self.conn)
        .await?;
        row.map(|r| parsed(&r, "tenant_id")).transpose()
    }
}

impl Db<'_> {
    /// Moves every user of tenant `from` (an unmanaged tenant being taken over) into
    /// tenant `to`, keeping their ids, and returns their ids. Their sessions, codes,
    /// tokens and second factors follow them; guest objects elsewhere that point at
    /// `from` as their home now point at `to`. Directory roles, group memberships and
    /// app role assignments held in `from` are dropped rather than moved: they name
    /// `from`'s own groups and applications, which stay behind, and a role granted in
    /// a tenant nobody managed must never become a role in the one taking over.
    /// A user whose principal name `to` already has makes the move a
    /// [`StoreError::Conflict`].
    ///
    /// [`StoreError::Conflict`]: crate::StoreError::Conflict
    pub async fn move_tenant_users(&mut self, from: TenantId, to: TenantId) -> Result<Vec<UserId>> {
        let ids = sqlx::query("SELECT id FROM users WHERE tenant_id = $1 ORDER BY id")
            .bind(from.to_string())
            .fetch_all(&mut *self.conn)
            .await?
            .iter()
            .map(|r| parsed(r, "id"))
            .collect::<Result<Vec<UserId>>>()?;
        for statement in [
            "DELETE FROM user_directory_roles WHERE tenant_id = $1",
            "DELETE FROM group_members WHERE tenant_id = $1",
            "DELETE FROM app_role_assignments WHERE tenant_id = $1",
        ] {
            sqlx::query(statement)
                .bind(from.to_string())
                .execute(&mut *self.conn)
                .await?;
        }
        for statement in [
            "UPDATE sessions SET tenant_id = $2 WHERE tenant_id = $1",
            "UPDATE authorization_codes SET tenant_id = $2 WHERE tenant_id = $1",
            "UPDATE refresh_tokens SET tenant_id = $2 WHERE tenant_id = $1",
            "UPDATE totp_enrolments SET tenant_id = $2 WHERE tenant_id = $1",
            "UPDATE recovery_codes SET tenant_id = $2 WHERE tenant_id = $1",
            "UPDATE pending_mfa SET tenant_id = $2 WHERE tenant_id = $1",
            "UPDATE device_codes SET tenant_id = $2 WHERE tenant_id = $1",
            "UPDATE email_codes SET tenant_id = $2 WHERE tenant_id = $1",
            "UPDATE users SET home_tenant_id = $2 WHERE home_tenant_id = $1",
        ] {
            sqlx::query(statement)
                .bind(from.to_string())
                .bind(to.to_string())
                .execute(&mut *self.conn)
                .await?;
        }
        sqlx::query("UPDATE users SET tenant_id = $2 WHERE tenant_id = $1")
            .bind(from.to_string())
            .bind(to.to_string())
            .execute(&mut *self.conn)
            .await
            .map_err(conflict_as("user principal name"))?;
        Ok(ids)
    }
}
