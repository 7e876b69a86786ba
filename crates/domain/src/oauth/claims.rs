//! What goes into tokens: the user's claims, the roles granted on a resource, and the
//! resource a scope names.

use entente_model::{AppRoleAssignment, Application, TenantId, UnixTime, User, UserId};

use super::OAuthFailure;
use crate::access::{DIRECTORY_API_ID, directory_permission, permissions_of_role};
use crate::{DomainError, Services};

/// The OpenID Connect scopes; every other scope names a resource.
pub(crate) const OIDC_SCOPES: &[&str] = &["openid", "profile", "email", "offline_access"];

/// The API a token is for.
#[derive(Clone, Debug)]
pub(crate) enum Resource {
    /// Entente's own directory API (`/v1.0`).
    Directory,
    /// An application of the tenant that exposes an API.
    App(Box<Application>),
    /// No resource scope was asked for: the token is for the client itself (and userinfo).
    Client,
}

impl Resource {
    pub(crate) fn audience(&self, services: &Services, client_id: &str) -> String {
        match self {
            Resource::Directory => services.settings.directory_api_audience().to_owned(),
            Resource::App(app) => app.client_id.clone(),
            Resource::Client => client_id.to_owned(),
        }
    }
}

/// Splits a scope string into the resource it names and the scope names without the
/// resource prefix. All resource scopes of one request must name the same resource.
pub(crate) async fn resource_of(
    services: &Services,
    tenant: TenantId,
    scope: &str,
    now: UnixTime,
) -> Result<(Resource, Vec<String>), OAuthFailure> {
    let mut resource_id: Option<String> = None;
    let mut names = Vec::new();
    for item in scope.split_whitespace() {
        if OIDC_SCOPES.contains(&item) {
            names.push(item.to_owned());
            continue;
        }
        let Some((prefix, name)) = item.rsplit_once('/') else {
            return Err(OAuthFailure::new(
                "invalid_scope",
                format!("unknown scope {item:?}"),
            ));
        };
        match &resource_id {
            Some(existing) if existing != prefix => {
                return Err(OAuthFailure::new(
                    "invalid_scope",
                    "a token can be for one resource only",
                ));
            }
            _ => resource_id = Some(prefix.to_owned()),
        }
        names.push(name.to_owned());
    }
    let Some(id) = resource_id else {
        return Ok((Resource::Client, names));
    };
    if id == services.settings.directory_api_audience() {
        return Ok((Resource::Directory, names));
    }
    let client_id = id.strip_prefix("api://").unwrap_or(&id);
    // Through the client cache: a token for an application's API keeps being issued
    // while the database is briefly out of reach.
    match services
        .cache
        .client(&services.store, tenant, client_id, now)
        .await?
    {
        Some(record) => Ok((Resource::App(Box::new(record.app.clone())), names)),
        None => Err(OAuthFailure::new(
            "invalid_scope",
            format!("no resource {id:?} in this organization"),
        )),
    }
}

/// What every user may do at the directory API with a delegated token: read their
/// own profile (`/me`), as in Entra.
const USER_READ: &str = "User.Read";

/// The scopes a user's access token grants (its `scp`): of those asked for, the ones
/// the user holds. At the directory API that is `User.Read` and the permissions of the
/// user's directory roles (`held`), all of them for `.default`; at an application's
/// API the named scopes (Entente's applications declare none of their own, so
/// `.default` adds nothing). `offline_access` asks for a refresh token and is no
/// permission; the OpenID scopes stay, as Entra writes them. `None` when nothing is
/// granted.
pub(crate) fn granted_scopes(
    resource: &Resource,
    names: &[String],
    held: &[String],
) -> Option<String> {
    let directory = matches!(resource, Resource::Directory);
    let mut granted: Vec<&str> = Vec::new();
    for name in names {
        let wanted: Vec<&str> = match name.as_str() {
            "offline_access" => Vec::new(),
            "openid" | "profile" | "email" => vec![name.as_str()],
            ".default" if directory => std::iter::once(USER_READ)
                .chain(held.iter().map(String::as_str))
                .collect(),
            ".default" => Vec::new(),
            scope if directory && scope != USER_READ && !held.iter().any(|h| h == scope) => {
                Vec::new()
            }
            scope => vec![scope],
        };
        for scope in wanted {
            if !granted.contains(&scope) {
                granted.push(scope);
            }
        }
    }
    (!granted.is_empty()).then(|| granted.join(" "))
}

/// The roles a user holds on a resource.
pub(crate) async fn user_roles(
    services: &Services,
    tenant: TenantId,
    user: UserId,
    resource: &Resource,
) -> Result<Vec<String>, OAuthFailure> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    Ok(match resource {
        Resource::Directory => directory_permissions(&db.directory_roles(tenant, user).await?),
        Resource::App(app) => {
            let ids = db.user_role_ids_on(tenant, user, app.id.0).await?;
            role_values(app, &ids)
        }
        Resource::Client => Vec::new(),
    })
}

/// What a user's access token says of its rights: its roles on the resource, and the
/// template ids of its directory roles (`wids`), read on one connection with the
/// directory roles read once.
pub(crate) async fn user_access(
    services: &Services,
    tenant: TenantId,
    user: UserId,
    resource: &Resource,
) -> Result<(Vec<String>, Vec<String>), OAuthFailure> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let directory_roles = db.directory_roles(tenant, user).await?;
    let roles = match resource {
        Resource::Directory => directory_permissions(&directory_roles),
        Resource::App(app) => {
            let ids = db.user_role_ids_on(tenant, user, app.id.0).await?;
            role_values(app, &ids)
        }
        Resource::Client => Vec::new(),
    };
    let wids = directory_roles
        .into_iter()
        .map(|role| crate::access::role_template_id(role).to_owned())
        .collect();
    Ok((roles, wids))
}

/// The directory API permissions that directory roles give, each once.
fn directory_permissions(roles: &[entente_model::DirectoryRole]) -> Vec<String> {
    let mut out: Vec<String> = roles
        .iter()
        .flat_map(|role| permissions_of_role(*role).iter().map(|p| p.to_string()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The roles an application itself holds on a resource (client credentials), from
/// the assignments the application holds.
pub(crate) fn app_roles_on(assignments: &[AppRoleAssignment], resource: &Resource) -> Vec<String> {
    match resource {
        Resource::Directory => assignments
            .iter()
            .filter(|a| a.resource_id == DIRECTORY_API_ID)
            .filter_map(|a| directory_permission(a.app_role_id).map(str::to_owned))
            .collect(),
        Resource::App(app) => {
            let ids: Vec<uuid::Uuid> = assignments
                .iter()
                .filter(|a| a.resource_id == app.id.0)
                .map(|a| a.app_role_id)
                .collect();
            role_values(app, &ids)
        }
        Resource::Client => Vec::new(),
    }
}

fn role_values(app: &Application, ids: &[uuid::Uuid]) -> Vec<String> {
    app.app_roles
        .iter()
        .filter(|r| r.is_enabled && ids.contains(&r.id))
        .map(|r| r.value.clone())
        .collect()
}

/// The claims that describe a user, filled according to the granted scopes.
#[derive(Clone, Debug, Default)]
pub(crate) struct UserClaims {
    pub name: Option<String>,
    pub preferred_username: Option<String>,
    pub email: Option<String>,
    /// Whether `email` is proven (see [`email_verified`]); with `email` only.
    pub email_verified: Option<bool>,
    pub groups: Vec<String>,
    /// A guest's home identity provider and opaque home link.
    pub idp: Option<String>,
    pub altsecid: Option<String>,
}

/// A guest's home identity provider, as `idp` names it: the home tenant's issuer, the
/// partner's own provider's issuer, or `mail` for an account made by email
/// verification; `None` for a member.
/// Read on the caller's connection, so token issuance takes no second one.
pub(crate) async fn home_idp(
    services: &Services,
    db: &mut entente_storage::Db<'_>,
    user: &User,
) -> Result<Option<String>, DomainError> {
    if let Some(issuer) = &user.external_issuer {
        return Ok(Some(issuer.clone()));
    }
    let Some(home) = user.home_tenant_id else {
        return Ok(None);
    };
    let managed = db.tenant_by_id(home).await?.is_some_and(|t| t.managed);
    // An account made by email verification has no organization behind it.
    Ok(Some(if managed {
        services.settings.issuer(home)
    } else {
        "mail".to_owned()
    }))
}

/// Whether a user's address is proven, as `email_verified` says to relying parties
/// (a partner's Entente acting as a provider for another deployment needs it): a
/// guest's invited address once the guest redeemed with it; a member's address made by
/// email verification, or in a domain its tenant has proven. The domain's owner comes
/// from the tenant cache, as a URL's tenant does, so token issuance rarely queries.
pub(crate) async fn email_verified(
    services: &Services,
    user: &User,
    now: UnixTime,
) -> Result<bool, DomainError> {
    let Some(mail) = &user.mail else {
        return Ok(false);
    };
    if user.user_type == entente_model::UserType::Guest {
        return Ok(user.external_user_state == Some(entente_model::ExternalUserState::Accepted));
    }
    if user.creation_type == Some(entente_model::CreationType::EmailVerified) {
        return Ok(true);
    }
    let domain = crate::address::domain_of(mail);
    if domain.is_empty() {
        return Ok(false);
    }
    Ok(services
        .cache
        .tenant(&services.store, &domain, now)
        .await?
        .is_some_and(|owner| owner.id == user.tenant_id))
}

pub(crate) async fn user_claims(
    services: &Services,
    user: &User,
    scope: &str,
    now: UnixTime,
) -> Result<UserClaims, OAuthFailure> {
    let has = |s: &str| scope.split_whitespace().any(|x| x == s);
    // Before this request's connection is taken: a cache miss reads on its own.
    let email_verified = if has("email") && user.mail.is_some() {
        Some(email_verified(services, user, now).await?)
    } else {
        None
    };
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let groups = db.group_ids_of_user(user.tenant_id, user.id).await?;
    let idp = home_idp(services, &mut db, user).await?;
    Ok(UserClaims {
        idp,
        altsecid: user.alternative_security_id.clone(),
        name: has("profile").then(|| user.display_name.clone()),
        preferred_username: has("profile").then(|| user.user_principal_name.clone()),
        email: if has("email") {
            user.mail.clone()
        } else {
            None
        },
        email_verified,
        groups: groups.iter().map(|g| g.to_string()).collect(),
    })
}

#[cfg(test)]
mod granted_tests {
    use super::*;

    fn names(scope: &str) -> Vec<String> {
        scope.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn scp_holds_only_what_is_granted() {
        let held = names("Directory.Read.All User.ReadWrite.All");
        let directory = Resource::Directory;
        assert_eq!(
            granted_scopes(&directory, &names("openid offline_access .default"), &held).as_deref(),
            Some("openid User.Read Directory.Read.All User.ReadWrite.All")
        );
        // A permission the user does not hold is not granted.
        assert_eq!(
            granted_scopes(
                &directory,
                &names("User.Read Directory.ReadWrite.All"),
                &held
            )
            .as_deref(),
            Some("User.Read")
        );
        assert_eq!(
            granted_scopes(&directory, &names("offline_access"), &held),
            None
        );
        assert_eq!(
            granted_scopes(
                &Resource::Client,
                &names("openid profile offline_access"),
                &[]
            )
            .as_deref(),
            Some("openid profile")
        );
    }
}
