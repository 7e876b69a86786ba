//! Creating the first tenant: the one-time setup link and the scripted bootstrap.
//!
//! Neither path has a default password: the setup link is a single-use secret printed
//! to the log, and bootstrap reads the admin password from a file.

use entente_model::{
    Actor, AppId, AppRoleAssignment, Application, AssignmentId, DirectoryRole, PrincipalType,
    Tenant, TenantId, UnixTime, User, UserId,
};
use entente_storage::NewUser;
use serde::Serialize;

use crate::access::{DIRECTORY_API_ID, DIRECTORY_PERMISSIONS};
use crate::crypto::{new_token, token_hash};
use crate::directory::{DEFAULT_SECRET_LIFETIME, mint_client_secret};
use crate::{DomainError, Services};

/// How long a setup link stays usable.
pub const SETUP_TOKEN_LIFETIME: i64 = 3600;

/// A tenant to create (the first, or another) and its administrator.
#[derive(Clone, Debug)]
pub struct NewTenant {
    pub tenant_name: String,
    pub admin_email: String,
    pub admin_password: String,
    /// The administrator's name, as invitations and logs show it; `None` for the
    /// local part of the address.
    pub admin_display_name: Option<String>,
}

/// What bootstrap made; the client secret is shown here and never again.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bootstrapped {
    pub tenant_id: TenantId,
    pub initial_domain: String,
    pub admin_user_id: UserId,
    /// The name the administrator signs in with (at the tenant's initial domain).
    pub admin_sign_in_name: String,
    pub client_id: String,
    pub client_secret: String,
    pub issuer: String,
}

/// Bootstrap either created the first tenant or found the deployment already set up.
#[derive(Clone, Debug)]
pub enum BootstrapOutcome {
    Created(Bootstrapped),
    AlreadyBootstrapped,
}

/// Creates another tenant of the deployment, as [`bootstrap`] creates the first: the
/// tenant, its administrator and an API application holding every directory
/// permission. Run by the operator (`entente create-tenant`), who holds the database.
pub async fn create_tenant(
    services: &Services,
    request: NewTenant,
    now: UnixTime,
) -> Result<Bootstrapped, DomainError> {
    let password_hash = checked_password_hash(services, &request).await?;
    let mut tx = services.store.write().await?;
    let created = insert_tenant(services, &mut tx, &request, &password_hash, now).await?;
    tx.commit().await?;
    Ok(created)
}

/// Creates the first tenant, its administrator and an API application holding every
/// directory permission. On a deployment that has a tenant it changes nothing.
pub async fn bootstrap(
    services: &Services,
    request: NewTenant,
    now: UnixTime,
) -> Result<BootstrapOutcome, DomainError> {
    let password_hash = checked_password_hash(services, &request).await?;
    let mut tx = services.store.write().await?;
    if tx.db().count_tenants().await? > 0 {
        return Ok(BootstrapOutcome::AlreadyBootstrapped);
    }
    let created = insert_tenant(services, &mut tx, &request, &password_hash, now).await?;
    tx.commit().await?;
    Ok(BootstrapOutcome::Created(created))
}

/// Makes a setup link token when the deployment has no tenant yet.
pub async fn issue_setup_token(
    services: &Services,
    now: UnixTime,
) -> Result<Option<String>, DomainError> {
    let mut tx = services.store.write().await?;
    if tx.db().count_tenants().await? > 0 {
        return Ok(None);
    }
    let token = new_token(services.entropy.as_ref());
    tx.db()
        .insert_setup_token(&token_hash(&token), now, now + SETUP_TOKEN_LIFETIME)
        .await?;
    tx.commit().await?;
    Ok(Some(token))
}

/// Whether a setup token can still be used (for showing the setup form).
pub async fn setup_token_valid(
    services: &Services,
    token: &str,
    now: UnixTime,
) -> Result<bool, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn.db().setup_token_valid(&token_hash(token), now).await?)
}

/// Uses a setup link: creates the first tenant exactly once.
pub async fn complete_setup(
    services: &Services,
    token: &str,
    request: NewTenant,
    now: UnixTime,
) -> Result<Bootstrapped, DomainError> {
    let password_hash = checked_password_hash(services, &request).await?;
    let mut tx = services.store.write().await?;
    if !tx.db().consume_setup_token(&token_hash(token), now).await?
        || tx.db().count_tenants().await? > 0
    {
        return Err(DomainError::invalid(
            "this setup link has expired or was already used",
        ));
    }
    let created = insert_tenant(services, &mut tx, &request, &password_hash, now).await?;
    tx.commit().await?;
    Ok(created)
}

/// Checks a new tenant's request and hashes its administrator's password, before any
/// transaction opens (hashing takes the password gate's time).
async fn checked_password_hash(
    services: &Services,
    request: &NewTenant,
) -> Result<String, DomainError> {
    validate(request)?;
    services
        .password_gate
        .hash(services, request.admin_password.clone())
        .await
}

fn validate(request: &NewTenant) -> Result<(), DomainError> {
    use crate::fields::{Fault, Rule};
    if request.tenant_name.trim().is_empty() {
        return Err(Fault::error(
            "displayName",
            Rule::Empty,
            "the tenant needs a name",
        ));
    }
    if !crate::address::is_address(&request.admin_email) {
        return Err(Fault::error(
            "mail",
            Rule::NotAnAddress,
            "the administrator's email address is not valid",
        ));
    }
    crate::signin::check_password_policy(&request.admin_password)?;
    Ok(())
}

async fn insert_tenant(
    services: &Services,
    tx: &mut entente_storage::Tx,
    request: &NewTenant,
    password_hash: &str,
    now: UnixTime,
) -> Result<Bootstrapped, DomainError> {
    let tenant = Tenant::new(
        TenantId::new_id(),
        request.tenant_name.trim().to_owned(),
        free_initial_domain(services, tx, &request.tenant_name).await?,
        now,
    );
    tx.db().insert_tenant(&tenant).await?;
    let email = crate::address::normalize(&request.admin_email);
    let local_part = email.split('@').next().unwrap_or("admin").to_owned();
    let display_name = request
        .admin_display_name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .unwrap_or(&local_part)
        .to_owned();
    let admin = User::new_member(
        tenant.id,
        format!("{local_part}@{}", tenant.initial_domain),
        Some(email.clone()),
        display_name,
        now,
    );
    tx.db()
        .insert_user(NewUser {
            user: &admin,
            password_hash: Some(password_hash),
        })
        .await?;
    tx.db()
        .grant_directory_role(tenant.id, admin.id, DirectoryRole::GlobalAdministrator)
        .await?;

    let app = Application {
        id: AppId::new_id(),
        tenant_id: tenant.id,
        client_id: uuid::Uuid::new_v4().to_string(),
        display_name: "Entente bootstrap".to_owned(),
        public_client: false,
        redirect_uris: Vec::new(),
        home_page_url: None,
        logo_url: None,
        app_roles: Vec::new(),
        jwks: None,
        created_at: now,
        assignment_required: false,
        multiple_orgs: false,
    };
    tx.db().insert_application(&app).await?;
    let secret = mint_client_secret(
        services,
        app.id,
        Some("bootstrap".to_owned()),
        now,
        DEFAULT_SECRET_LIFETIME,
    );
    tx.db()
        .insert_client_secret(tenant.id, &secret.info, &secret.hash)
        .await?;
    for (role_id, _) in DIRECTORY_PERMISSIONS {
        let grant = AppRoleAssignment {
            id: AssignmentId::new_id(),
            tenant_id: tenant.id,
            principal_id: app.id.0,
            principal_type: PrincipalType::ServicePrincipal,
            resource_id: DIRECTORY_API_ID,
            app_role_id: *role_id,
            created_at: now,
        };
        tx.db().insert_assignment(&grant).await?;
    }
    let details = serde_json::json!({
        "tenant": tenant.display_name, "initialDomain": tenant.initial_domain,
        "admin": admin.user_principal_name, "application": app.client_id,
    });
    tx.db()
        .append_audit(
            tenant.id,
            now,
            &Actor::System,
            "Bootstrap tenant",
            "Tenant",
            Some(&tenant.id.to_string()),
            &details,
        )
        .await?;
    Ok(Bootstrapped {
        tenant_id: tenant.id,
        initial_domain: tenant.initial_domain,
        admin_user_id: admin.id,
        admin_sign_in_name: admin.user_principal_name.clone(),
        client_id: app.client_id,
        client_secret: secret.value,
        issuer: services.settings.issuer(tenant.id),
    })
}

/// `<slug>.<suffix>`, numbered when the plain one is taken.
pub(crate) async fn free_initial_domain(
    services: &Services,
    tx: &mut entente_storage::Tx,
    name: &str,
) -> Result<String, DomainError> {
    let slug = slug(name);
    let suffix = &services.settings.initial_domain_suffix;
    for n in 1..1000 {
        let candidate = if n == 1 {
            format!("{slug}.{suffix}")
        } else {
            format!("{slug}{n}.{suffix}")
        };
        if !tx.db().initial_domain_taken(&candidate).await? {
            return Ok(candidate);
        }
    }
    Err(DomainError::Conflict(format!(
        "no free initial domain for {name:?}"
    )))
}

/// Lower-case letters and digits of a name, other runs made one hyphen.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "tenant".to_owned()
    } else {
        trimmed.chars().take(40).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slug_keeps_letters_and_digits() {
        assert_eq!(slug("Contoso Ltd."), "contoso-ltd");
        assert_eq!(slug("  Fabrikam  "), "fabrikam");
        assert_eq!(slug("日本"), "tenant");
    }
}
