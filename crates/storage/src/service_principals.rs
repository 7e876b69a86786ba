//! Service principals: a customer tenant's instances of other tenants'
//! multi-organization applications (migration 30), and the one question every
//! protocol step asks: which application a client id names in a tenant.

use entente_model::{AppId, Application, ServicePrincipal, TenantId};
use sqlx::any::AnyRow;

use crate::collections::APPLICATION_COLUMNS;
use crate::query::{Bind, Column, Field, Kind, Listed, Query, Source, count_sql};
use crate::rows::{flag, int, opt_parsed, parsed};
use crate::{Db, Result, conflict_as};

/// The fields of a service principal a collection query may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalField {
    Id,
    /// The application's client id (Graph's `appId`).
    AppId,
}

impl Field for PrincipalField {
    fn column(self) -> Column {
        let (name, kind) = match self {
            PrincipalField::Id => ("id", Kind::Id),
            PrincipalField::AppId => ("app_id", Kind::Exact),
        };
        Column {
            name,
            kind,
            nullable: false,
            sortable: false,
            ordered: false,
            words: None,
            substring: None,
            index: None,
        }
    }
}

/// A service principal with the application it is an instance of.
#[derive(Clone, Debug)]
pub struct PrincipalRow {
    pub principal: ServicePrincipal,
    pub application: Application,
    /// The name of the tenant that registered the application (Graph's
    /// `publisherName`).
    pub publisher: String,
}

/// An application a client id names in a tenant: the tenant's own, or another
/// tenant's multi-organization application the tenant consented to.
#[derive(Clone, Debug)]
pub struct UsableApplication {
    pub application: Application,
    /// The tenant's service principal of it, for another tenant's application.
    pub principal: Option<ServicePrincipal>,
}

const PRINCIPAL_COLUMNS: &str = "s.id AS sp_id, s.tenant_id AS sp_tenant_id, \
    s.assignment_required AS sp_assignment_required, s.consented_by AS sp_consented_by, \
    s.created_at AS sp_created_at, t.display_name AS publisher_name";

fn principal(row: &AnyRow) -> Result<ServicePrincipal> {
    Ok(ServicePrincipal {
        id: parsed(row, "sp_id")?,
        tenant_id: parsed(row, "sp_tenant_id")?,
        application_id: parsed(row, "id")?,
        assignment_required: flag(row, "sp_assignment_required")?,
        consented_by: opt_parsed(row, "sp_consented_by")?,
        created_at: int(row, "sp_created_at")?,
    })
}

fn principal_row(row: &AnyRow) -> Result<PrincipalRow> {
    Ok(PrincipalRow {
        principal: principal(row)?,
        application: crate::applications::application(row)?,
        publisher: crate::rows::text(row, "publisher_name")?,
    })
}

fn principal_source(tenant: TenantId, columns: &str) -> Source<'_> {
    Source {
        from: "service_principals s JOIN applications a ON a.id = s.application_id \
               JOIN tenants t ON t.id = a.tenant_id",
        alias: "s",
        id: "s.id",
        scope: "s.tenant_id = $1 AND a.deleted_at IS NULL",
        scope_values: vec![Bind::Text(tenant.to_string())],
        columns,
        single_table: false,
        sqlite: true,
    }
}

fn select_principals() -> String {
    format!(
        "SELECT {PRINCIPAL_COLUMNS}, {APPLICATION_COLUMNS} FROM service_principals s \
         JOIN applications a ON a.id = s.application_id JOIN tenants t ON t.id = a.tenant_id \
         WHERE s.tenant_id = $1 \
         AND a.deleted_at IS NULL"
    )
}

impl Db<'_> {
    /// The application `client_id` names in `tenant`: its own, or a multi-organization
    /// application of another tenant with a service principal in `tenant`.
    pub async fn usable_application(
        &mut self,
        tenant: TenantId,
        client_id: &str,
    ) -> Result<Option<UsableApplication>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {APPLICATION_COLUMNS}, s.id AS sp_id, s.tenant_id AS sp_tenant_id, \
             s.assignment_required AS sp_assignment_required, \
             s.consented_by AS sp_consented_by, s.created_at AS sp_created_at \
             FROM applications a LEFT JOIN service_principals s \
             ON s.application_id = a.id AND s.tenant_id = $1 \
             WHERE a.client_id = $2 AND a.deleted_at IS NULL \
             AND (a.tenant_id = $1 OR (a.multiple_orgs = 1 AND s.id IS NOT NULL))"
        )))
        .bind(tenant.to_string())
        .bind(client_id)
        .fetch_optional(&mut *self.conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let application = crate::applications::application(&row)?;
        let principal = match application.tenant_id == tenant {
            true => None,
            false => Some(principal(&row)?),
        };
        Ok(Some(UsableApplication {
            application,
            principal,
        }))
    }

    /// The live application with this client id, in whichever tenant registered it:
    /// what `/organizations` and admin consent start from (client ids are unique
    /// across the deployment).
    pub async fn application_of_client(&mut self, client_id: &str) -> Result<Option<Application>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications a \
             WHERE a.client_id = $1 AND a.deleted_at IS NULL"
        )))
        .bind(client_id)
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| crate::applications::application(&r))
        .transpose()
    }

    /// Makes a tenant's service principal, unless the tenant has one of the
    /// application already (a consent given twice at once): true when this made it.
    pub async fn insert_service_principal(
        &mut self,
        principal: &ServicePrincipal,
        client_id: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO service_principals (id, tenant_id, application_id, app_id, \
             assignment_required, consented_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (tenant_id, application_id) DO NOTHING",
        )
        .bind(principal.id.to_string())
        .bind(principal.tenant_id.to_string())
        .bind(principal.application_id.to_string())
        .bind(client_id)
        .bind(i64::from(principal.assignment_required))
        .bind(principal.consented_by.map(|u| u.to_string()))
        .bind(principal.created_at)
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("servicePrincipal"))?;
        Ok(done.rows_affected() == 1)
    }

    /// One of the tenant's service principals, by its id.
    pub async fn service_principal(
        &mut self,
        tenant: TenantId,
        id: uuid::Uuid,
    ) -> Result<Option<PrincipalRow>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{} AND s.id = $2",
            select_principals()
        )))
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| principal_row(&r))
        .transpose()
    }

    /// The tenant's service principal of an application, if it consented to it.
    pub async fn service_principal_of(
        &mut self,
        tenant: TenantId,
        application: AppId,
    ) -> Result<Option<PrincipalRow>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "{} AND s.application_id = $2",
            select_principals()
        )))
        .bind(tenant.to_string())
        .bind(application.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| principal_row(&r))
        .transpose()
    }

    /// Sets whether only assigned people may sign in through a service principal.
    pub async fn set_principal_assignment_required(
        &mut self,
        tenant: TenantId,
        id: uuid::Uuid,
        required: bool,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE service_principals SET assignment_required = $3 \
             WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(i64::from(required))
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes another tenant's application from this tenant: its service principal,
    /// the tenant's assignments of its roles, and the codes and refresh tokens it
    /// holds for the tenant's people. False when the principal was gone already (a
    /// removal at the same time came first: the row it deletes first is the lock).
    pub async fn delete_service_principal(
        &mut self,
        tenant: TenantId,
        principal: &PrincipalRow,
    ) -> Result<bool> {
        let app = principal.application.id.to_string();
        let client = principal.application.client_id.clone();
        let done = sqlx::query("DELETE FROM service_principals WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.to_string())
            .bind(principal.principal.id.to_string())
            .execute(&mut *self.conn)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        for (sql, key) in [
            (
                "DELETE FROM app_role_assignments WHERE tenant_id = $1 AND resource_id = $2",
                app,
            ),
            (
                "DELETE FROM refresh_tokens WHERE tenant_id = $1 AND client_id = $2",
                client.clone(),
            ),
            (
                "DELETE FROM authorization_codes WHERE tenant_id = $1 AND client_id = $2",
                client,
            ),
        ] {
            sqlx::query(sql)
                .bind(tenant.to_string())
                .bind(key)
                .execute(&mut *self.conn)
                .await?;
        }
        Ok(true)
    }

    /// Every service principal of an application, in every customer tenant, with
    /// what they hold: an application's purge.
    pub(crate) async fn purge_service_principals_of(
        &mut self,
        application: AppId,
        client_id: &str,
    ) -> Result<()> {
        sqlx::query(
            "DELETE FROM app_role_assignments WHERE resource_id = $1 AND tenant_id IN \
             (SELECT tenant_id FROM service_principals WHERE application_id = $1)",
        )
        .bind(application.to_string())
        .execute(&mut *self.conn)
        .await?;
        for sql in [
            "DELETE FROM refresh_tokens WHERE client_id = $1",
            "DELETE FROM authorization_codes WHERE client_id = $1",
        ] {
            sqlx::query(sql)
                .bind(client_id)
                .execute(&mut *self.conn)
                .await?;
        }
        sqlx::query("DELETE FROM service_principals WHERE application_id = $1")
            .bind(application.to_string())
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    /// One page of the tenant's service principals matching a query.
    pub async fn list_service_principals(
        &mut self,
        tenant: TenantId,
        query: &Query<PrincipalField>,
    ) -> Result<Listed<PrincipalRow>> {
        let columns = format!("{PRINCIPAL_COLUMNS}, {APPLICATION_COLUMNS}");
        let source = principal_source(tenant, &columns).on(self.sqlite());
        self.page(&source, query, principal_row, |p| p.principal.id)
            .await
    }

    /// How many of the tenant's service principals match a query's filter.
    pub async fn count_service_principals(
        &mut self,
        tenant: TenantId,
        query: &Query<PrincipalField>,
    ) -> Result<i64> {
        let source = principal_source(tenant, "s.id").on(self.sqlite());
        let sql = count_sql(&source, query.filter.as_ref())?;
        self.count(&sql).await
    }
}
