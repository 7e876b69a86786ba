//! Applications, their client secrets, and app role assignments.

use entente_model::{
    AppId, AppRoleAssignment, Application, AssignmentId, ClientSecretInfo, KeyCredential,
    PrincipalType, TenantId, UserId,
};
use sqlx::any::AnyRow;

use crate::rows::{flag, int, json, named, opt_text, parsed, text, to_json};
use crate::{Db, Result, conflict_as};

macro_rules! app_select {
    () => {
        "SELECT id, tenant_id, client_id, display_name, public_client, redirect_uris, home_page_url, \
         logo_url, app_roles, jwks, created_at, assignment_required, multiple_orgs FROM applications "
    };
}

pub(crate) fn application(row: &AnyRow) -> Result<Application> {
    Ok(Application {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        client_id: text(row, "client_id")?,
        display_name: text(row, "display_name")?,
        public_client: flag(row, "public_client")?,
        redirect_uris: json(row, "redirect_uris")?,
        home_page_url: opt_text(row, "home_page_url")?,
        logo_url: opt_text(row, "logo_url")?,
        app_roles: json(row, "app_roles")?,
        jwks: opt_text(row, "jwks")?,
        created_at: int(row, "created_at")?,
        assignment_required: flag(row, "assignment_required")?,
        multiple_orgs: flag(row, "multiple_orgs")?,
    })
}

/// A client secret's metadata with its stored hash, for verifying a presented secret.
#[derive(Clone, Debug)]
pub struct SecretRecord {
    pub info: ClientSecretInfo,
    pub secret_hash: String,
}

fn assignment(row: &AnyRow) -> Result<AppRoleAssignment> {
    Ok(AppRoleAssignment {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        principal_id: parsed(row, "principal_id")?,
        principal_type: named(row, "principal_type", PrincipalType::parse)?,
        resource_id: parsed(row, "resource_id")?,
        app_role_id: parsed(row, "app_role_id")?,
        created_at: int(row, "created_at")?,
    })
}

impl Db<'_> {
    pub async fn insert_application(&mut self, a: &Application) -> Result<()> {
        sqlx::query(
            "INSERT INTO applications (id, tenant_id, client_id, display_name, public_client, redirect_uris, \
             home_page_url, logo_url, app_roles, jwks, created_at, assignment_required, multiple_orgs) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(a.id.to_string())
        .bind(a.tenant_id.to_string())
        .bind(&a.client_id)
        .bind(&a.display_name)
        .bind(i64::from(a.public_client))
        .bind(to_json(&a.redirect_uris))
        .bind(a.home_page_url.as_deref())
        .bind(a.logo_url.as_deref())
        .bind(to_json(&a.app_roles))
        .bind(a.jwks.as_deref())
        .bind(a.created_at)
        .bind(i64::from(a.assignment_required))
        .bind(i64::from(a.multiple_orgs))
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("clientId"))?;
        Ok(())
    }

    /// Replaces an application's editable attributes with those of `a`.
    pub async fn update_application(&mut self, a: &Application) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE applications SET display_name = $3, public_client = $4, redirect_uris = $5, \
             home_page_url = $6, logo_url = $7, app_roles = $8, jwks = $9, assignment_required = $10, \
             multiple_orgs = $11 \
             WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL",
        )
        .bind(a.tenant_id.to_string())
        .bind(a.id.to_string())
        .bind(&a.display_name)
        .bind(i64::from(a.public_client))
        .bind(to_json(&a.redirect_uris))
        .bind(a.home_page_url.as_deref())
        .bind(a.logo_url.as_deref())
        .bind(to_json(&a.app_roles))
        .bind(a.jwks.as_deref())
        .bind(i64::from(a.assignment_required))
        .bind(i64::from(a.multiple_orgs))
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn application_by_id(
        &mut self,
        tenant: TenantId,
        id: AppId,
    ) -> Result<Option<Application>> {
        sqlx::query(concat!(
            app_select!(),
            "WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL"
        ))
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| application(&r))
        .transpose()
    }

    pub async fn application_by_client_id(
        &mut self,
        tenant: TenantId,
        client_id: &str,
    ) -> Result<Option<Application>> {
        sqlx::query(concat!(
            app_select!(),
            "WHERE tenant_id = $1 AND client_id = $2 AND deleted_at IS NULL"
        ))
        .bind(tenant.to_string())
        .bind(client_id)
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| application(&r))
        .transpose()
    }

    /// Erases an application with its secrets, keys, SAML settings, assignments (both
    /// ways) and tokens: a deleted item's purge, so it reads the row deleted or not.
    pub async fn purge_application(&mut self, tenant: TenantId, id: AppId) -> Result<bool> {
        let Some(row) =
            sqlx::query("SELECT client_id FROM applications WHERE tenant_id = $1 AND id = $2")
                .bind(tenant.to_string())
                .bind(id.to_string())
                .fetch_optional(&mut *self.conn)
                .await?
        else {
            return Ok(false);
        };
        let client_id = text(&row, "client_id")?;
        self.purge_service_principals_of(id, &client_id).await?;
        for (sql, key) in [
            (
                "DELETE FROM app_role_assignments WHERE tenant_id = $1 AND (resource_id = $2 OR principal_id = $2)",
                id.to_string(),
            ),
            (
                "DELETE FROM application_secrets WHERE tenant_id = $1 AND application_id = $2",
                id.to_string(),
            ),
            (
                "DELETE FROM application_keys WHERE tenant_id = $1 AND application_id = $2",
                id.to_string(),
            ),
            (
                "DELETE FROM refresh_tokens WHERE tenant_id = $1 AND client_id = $2",
                client_id.clone(),
            ),
            (
                "DELETE FROM authorization_codes WHERE tenant_id = $1 AND client_id = $2",
                client_id.clone(),
            ),
            (
                "DELETE FROM saml_service_providers WHERE tenant_id = $1 AND application_id = $2",
                id.to_string(),
            ),
            (
                "DELETE FROM saml_requests WHERE tenant_id = $1 AND application_id = $2",
                id.to_string(),
            ),
            (
                "DELETE FROM applications WHERE tenant_id = $1 AND id = $2",
                id.to_string(),
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

    pub async fn insert_client_secret(
        &mut self,
        tenant: TenantId,
        info: &ClientSecretInfo,
        secret_hash: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO application_secrets (id, tenant_id, application_id, hint, display_name, secret_hash, \
             created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(info.id.to_string())
        .bind(tenant.to_string())
        .bind(info.application_id.to_string())
        .bind(&info.hint)
        .bind(info.display_name.as_deref())
        .bind(secret_hash)
        .bind(info.created_at)
        .bind(info.expires_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    /// The application's secrets, expired ones included (the caller checks expiry).
    pub async fn client_secrets(
        &mut self,
        tenant: TenantId,
        app: AppId,
    ) -> Result<Vec<SecretRecord>> {
        let rows = sqlx::query(
            "SELECT id, application_id, hint, display_name, secret_hash, created_at, expires_at \
             FROM application_secrets WHERE tenant_id = $1 AND application_id = $2 ORDER BY created_at",
        )
        .bind(tenant.to_string())
        .bind(app.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SecretRecord {
                    info: ClientSecretInfo {
                        id: parsed(r, "id")?,
                        application_id: parsed(r, "application_id")?,
                        hint: text(r, "hint")?,
                        display_name: opt_text(r, "display_name")?,
                        created_at: int(r, "created_at")?,
                        expires_at: int(r, "expires_at")?,
                    },
                    secret_hash: text(r, "secret_hash")?,
                })
            })
            .collect()
    }

    pub async fn delete_client_secret(
        &mut self,
        tenant: TenantId,
        app: AppId,
        secret: uuid::Uuid,
    ) -> Result<bool> {
        let done = sqlx::query("DELETE FROM application_secrets WHERE tenant_id = $1 AND application_id = $2 AND id = $3")
            .bind(tenant.to_string())
            .bind(app.to_string())
            .bind(secret.to_string())
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// An application's certificate credentials, oldest first.
    pub async fn key_credentials(
        &mut self,
        tenant: TenantId,
        app: AppId,
    ) -> Result<Vec<KeyCredential>> {
        let rows = sqlx::query(
            "SELECT id, application_id, display_name, custom_key_identifier, certificate, thumbprint_sha1, \
             thumbprint_sha256, starts_at, ends_at, created_at FROM application_keys \
             WHERE tenant_id = $1 AND application_id = $2 ORDER BY created_at, id",
        )
        .bind(tenant.to_string())
        .bind(app.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(KeyCredential {
                    id: parsed(r, "id")?,
                    application_id: parsed(r, "application_id")?,
                    display_name: opt_text(r, "display_name")?,
                    custom_key_identifier: opt_text(r, "custom_key_identifier")?,
                    certificate: text(r, "certificate")?,
                    thumbprint_sha1: text(r, "thumbprint_sha1")?,
                    thumbprint_sha256: text(r, "thumbprint_sha256")?,
                    starts_at: int(r, "starts_at")?,
                    ends_at: int(r, "ends_at")?,
                    created_at: int(r, "created_at")?,
                })
            })
            .collect()
    }

    pub async fn insert_key_credential(
        &mut self,
        tenant: TenantId,
        key: &KeyCredential,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO application_keys (id, tenant_id, application_id, display_name, custom_key_identifier, \
             certificate, thumbprint_sha1, thumbprint_sha256, starts_at, ends_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(key.id.to_string())
        .bind(tenant.to_string())
        .bind(key.application_id.to_string())
        .bind(key.display_name.as_deref())
        .bind(key.custom_key_identifier.as_deref())
        .bind(&key.certificate)
        .bind(&key.thumbprint_sha1)
        .bind(&key.thumbprint_sha256)
        .bind(key.starts_at)
        .bind(key.ends_at)
        .bind(key.created_at)
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("a key credential with this keyId"))?;
        Ok(())
    }

    pub async fn delete_key_credential(
        &mut self,
        tenant: TenantId,
        app: AppId,
        key: uuid::Uuid,
    ) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM application_keys WHERE tenant_id = $1 AND application_id = $2 AND id = $3",
        )
        .bind(tenant.to_string())
        .bind(app.to_string())
        .bind(key.to_string())
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn insert_assignment(&mut self, a: &AppRoleAssignment) -> Result<()> {
        sqlx::query(
            "INSERT INTO app_role_assignments (id, tenant_id, principal_id, principal_type, resource_id, \
             app_role_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(a.id.to_string())
        .bind(a.tenant_id.to_string())
        .bind(a.principal_id.to_string())
        .bind(a.principal_type.as_str())
        .bind(a.resource_id.to_string())
        .bind(a.app_role_id.to_string())
        .bind(a.created_at)
        .execute(&mut *self.conn)
        .await
        .map_err(conflict_as("appRoleAssignment"))?;
        Ok(())
    }

    pub async fn delete_assignment(&mut self, tenant: TenantId, id: AssignmentId) -> Result<bool> {
        let done = sqlx::query("DELETE FROM app_role_assignments WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.to_string())
            .bind(id.to_string())
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn assignment_by_id(
        &mut self,
        tenant: TenantId,
        id: AssignmentId,
    ) -> Result<Option<AppRoleAssignment>> {
        sqlx::query(
            "SELECT id, tenant_id, principal_id, principal_type, resource_id, app_role_id, created_at \
             FROM app_role_assignments WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| assignment(&r))
        .transpose()
    }

    /// Assignments held directly by a principal (user, group or application).
    pub async fn assignments_of_principal(
        &mut self,
        tenant: TenantId,
        principal: uuid::Uuid,
    ) -> Result<Vec<AppRoleAssignment>> {
        let rows = sqlx::query(
            "SELECT id, tenant_id, principal_id, principal_type, resource_id, app_role_id, created_at \
             FROM app_role_assignments WHERE tenant_id = $1 AND principal_id = $2 \
             AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = resource_id \
             AND a.deleted_at IS NOT NULL) ORDER BY id",
        )
        .bind(tenant.to_string())
        .bind(principal.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(assignment).collect()
    }

    /// Assignments granting roles on a resource application.
    pub async fn assignments_to_resource(
        &mut self,
        tenant: TenantId,
        resource: uuid::Uuid,
    ) -> Result<Vec<AppRoleAssignment>> {
        let rows = sqlx::query(
            "SELECT id, tenant_id, principal_id, principal_type, resource_id, app_role_id, created_at \
             FROM app_role_assignments WHERE tenant_id = $1 AND resource_id = $2 \
             AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = principal_id AND u.deleted_at IS NOT NULL) \
             AND NOT EXISTS (SELECT 1 FROM groups g WHERE g.id = principal_id AND g.deleted_at IS NOT NULL) \
             AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = principal_id \
             AND a.deleted_at IS NOT NULL) ORDER BY id",
        )
        .bind(tenant.to_string())
        .bind(resource.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(assignment).collect()
    }

    /// The role ids a user holds on a resource, directly or through its groups.
    pub async fn user_role_ids_on(
        &mut self,
        tenant: TenantId,
        user: UserId,
        resource: uuid::Uuid,
    ) -> Result<Vec<uuid::Uuid>> {
        let rows = sqlx::query(
            "SELECT DISTINCT app_role_id FROM app_role_assignments WHERE tenant_id = $1 AND resource_id = $3 \
             AND (principal_id = $2 OR principal_id IN \
                  (SELECT m.group_id FROM group_members m JOIN groups g ON g.id = m.group_id \
                   WHERE m.tenant_id = $1 AND m.user_id = $2 AND g.deleted_at IS NULL))",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(resource.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(|r| parsed(r, "app_role_id")).collect()
    }
}
