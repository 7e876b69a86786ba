//! Who may do what: a permission check hands back a capability that the write methods
//! require, so a use case cannot be reached without the check having passed.
//!
//! Permissions are the directory API's app roles (named as in Microsoft Graph), held
//! by applications through app role assignments and by users through directory roles.

use entente_model::{Actor, DirectoryRole, PrincipalType, TenantId, UserId};
use uuid::{Uuid, uuid};

use crate::DomainError;

/// The fixed resource id of the directory API, the `resourceId` of its assignments.
pub const DIRECTORY_API_ID: Uuid = uuid!("e7e7e7e7-0000-4000-8000-000000000001");

/// The directory API's permissions with their fixed role ids.
pub const DIRECTORY_PERMISSIONS: &[(Uuid, &str)] = &[
    (
        uuid!("e7e7e7e7-0001-4000-8000-000000000001"),
        "User.Read.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-000000000002"),
        "User.ReadWrite.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-000000000003"),
        "Group.Read.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-000000000004"),
        "Group.ReadWrite.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-000000000005"),
        "Application.Read.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-000000000006"),
        "Application.ReadWrite.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-000000000007"),
        "Directory.Read.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-000000000008"),
        "Directory.ReadWrite.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-000000000009"),
        "AuditLog.Read.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-00000000000a"),
        "User.Invite.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-00000000000b"),
        "Domain.Read.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-00000000000c"),
        "Domain.ReadWrite.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-00000000000d"),
        "AccessReview.Read.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-00000000000e"),
        "AccessReview.ReadWrite.All",
    ),
    (
        uuid!("e7e7e7e7-0001-4000-8000-00000000000f"),
        "SCIM.ReadWrite.All",
    ),
];

/// The permission value of a directory API role id.
pub fn directory_permission(role_id: Uuid) -> Option<&'static str> {
    DIRECTORY_PERMISSIONS
        .iter()
        .find(|(id, _)| *id == role_id)
        .map(|(_, name)| *name)
}

/// The permissions a directory role gives a user.
pub fn permissions_of_role(role: DirectoryRole) -> &'static [&'static str] {
    match role {
        DirectoryRole::GlobalAdministrator => &[
            "Directory.ReadWrite.All",
            "AuditLog.Read.All",
            "User.Invite.All",
        ],
        DirectoryRole::GuestInviter => &["User.Invite.All"],
        DirectoryRole::DirectoryReader => &["Directory.Read.All"],
    }
}

/// The id of a directory role's template in Entra ID, which tokens carry in `wids`.
pub fn role_template_id(role: DirectoryRole) -> &'static str {
    match role {
        DirectoryRole::GlobalAdministrator => "62e90394-69f5-4237-9190-012177145e10",
        DirectoryRole::GuestInviter => "95e79109-95c0-4d8e-aee3-d01accf2d47b",
        DirectoryRole::DirectoryReader => "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
    }
}

/// A part of the directory with its own read and write permissions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Users,
    Groups,
    Applications,
    Domains,
}

impl Area {
    fn permissions(self) -> (&'static str, &'static str) {
        match self {
            Area::Users => ("User.Read.All", "User.ReadWrite.All"),
            Area::Groups => ("Group.Read.All", "Group.ReadWrite.All"),
            Area::Applications => ("Application.Read.All", "Application.ReadWrite.All"),
            Area::Domains => ("Domain.Read.All", "Domain.ReadWrite.All"),
        }
    }
}

/// An authenticated caller of the directory API: a tenant, who, and what it holds.
#[derive(Clone, Debug)]
pub struct Caller {
    pub tenant: TenantId,
    pub actor: Actor,
    pub permissions: Vec<String>,
}

/// Proof that the caller may read an area of its tenant's directory.
#[derive(Clone, Copy, Debug)]
pub struct ReadAccess {
    pub tenant: TenantId,
}

/// Proof that the caller may change an area of its tenant's directory.
#[derive(Clone, Debug)]
pub struct WriteAccess {
    pub tenant: TenantId,
    pub actor: Actor,
}

/// Proof that the caller may change its tenant's sign-in policies, such as requiring a
/// second factor: a Global Administrator, or an application holding
/// `Directory.ReadWrite.All` (the permission that role gives).
#[derive(Clone, Debug)]
pub struct TenantAdmin {
    pub tenant: TenantId,
    pub actor: Actor,
}

/// Proof that the caller is a user acting for itself with a delegated token: what
/// reading its own account (`/me`) needs, with no directory permission.
#[derive(Clone, Copy, Debug)]
pub struct OwnAccount {
    pub tenant: TenantId,
    pub user: UserId,
}

/// Proof that the caller may read its tenant's access reviews with every decision.
#[derive(Clone, Copy, Debug)]
pub struct ReviewReadAccess {
    pub tenant: TenantId,
}

/// Proof that the caller may create, change, stop and apply its tenant's access
/// reviews, and record any decision in them.
#[derive(Clone, Debug)]
pub struct ReviewAdmin {
    pub tenant: TenantId,
    pub actor: Actor,
}

/// Proof that the caller may provision users and groups through SCIM (decision 0017).
#[derive(Clone, Debug)]
pub struct ProvisioningAccess {
    pub tenant: TenantId,
    pub actor: Actor,
    /// The provisioning connection whose token this is (none for an application's
    /// access token).
    pub connection: Option<uuid::Uuid>,
    /// A partner's connection: it provisions that tenant's people, as guests only.
    pub partner: Option<TenantId>,
}

/// Proof that the caller may read the audit log.
#[derive(Clone, Copy, Debug)]
pub struct AuditReadAccess {
    pub tenant: TenantId,
}

impl Caller {
    fn holds(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| p == permission)
    }

    pub fn read(&self, area: Area) -> Result<ReadAccess, DomainError> {
        let (read, write) = area.permissions();
        if [read, write, "Directory.Read.All", "Directory.ReadWrite.All"]
            .iter()
            .any(|p| self.holds(p))
        {
            Ok(ReadAccess {
                tenant: self.tenant,
            })
        } else {
            Err(DomainError::Forbidden(read))
        }
    }

    pub fn write(&self, area: Area) -> Result<WriteAccess, DomainError> {
        let (_, write) = area.permissions();
        if self.holds(write) || self.holds("Directory.ReadWrite.All") {
            Ok(WriteAccess {
                tenant: self.tenant,
                actor: self.actor.clone(),
            })
        } else {
            Err(DomainError::Forbidden(write))
        }
    }

    /// Proof that the caller may change which users belong to a group. This is the one
    /// rule for every way a member is added or removed: directly (API and portal) and
    /// by an invitation that puts its guest into groups, so the two cannot drift.
    /// Entente has no group owners; the groups write permission decides.
    pub fn group_members(&self) -> Result<WriteAccess, DomainError> {
        self.write(Area::Groups)
    }

    /// Proof that the caller may give principals of `kind` access to applications
    /// (app role assignments), or take it away. Assignments are governed by the
    /// principal's area, as the API's routes under `/users` and `/groups` are; the
    /// portal, and an invitation that assigns its guest to applications, ask the same.
    pub fn assignments_of(&self, kind: PrincipalType) -> Result<WriteAccess, DomainError> {
        match kind {
            PrincipalType::User => self.write(Area::Users),
            PrincipalType::Group => self.write(Area::Groups),
            PrincipalType::ServicePrincipal => self.write(Area::Applications),
        }
    }

    pub fn tenant_admin(&self) -> Result<TenantAdmin, DomainError> {
        if self.holds("Directory.ReadWrite.All") {
            Ok(TenantAdmin {
                tenant: self.tenant,
                actor: self.actor.clone(),
            })
        } else {
            Err(DomainError::Forbidden("Directory.ReadWrite.All"))
        }
    }

    /// Whether a permission the caller holds lets it invite partner users: the invite
    /// permission itself, or one that may create users anyway.
    pub fn may_invite(&self) -> bool {
        [
            "User.Invite.All",
            "User.ReadWrite.All",
            "Directory.ReadWrite.All",
        ]
        .iter()
        .any(|p| self.holds(p))
    }

    /// The caller's own account when it is a signed-in user (a delegated token);
    /// `None` for an application acting as itself.
    pub fn own_account(&self) -> Option<OwnAccount> {
        match self.actor {
            Actor::User(user) => Some(OwnAccount {
                tenant: self.tenant,
                user,
            }),
            _ => None,
        }
    }

    /// Proof that the caller may read its organization's profile (name, verified
    /// domains): every signed-in user of the tenant, as Graph's `User.Read` allows,
    /// and an application holding a directory or domain permission.
    pub fn organization(&self) -> Result<ReadAccess, DomainError> {
        let readers = [
            "Directory.Read.All",
            "Directory.ReadWrite.All",
            "Domain.Read.All",
            "Domain.ReadWrite.All",
        ];
        if matches!(self.actor, Actor::User(_)) || readers.iter().any(|p| self.holds(p)) {
            Ok(ReadAccess {
                tenant: self.tenant,
            })
        } else {
            Err(DomainError::Forbidden("Directory.Read.All"))
        }
    }

    /// Access reviews: Graph's `AccessReview.Read.All` (or the directory's read
    /// permission, which a Global Administrator's covers).
    pub fn review_reader(&self) -> Result<ReviewReadAccess, DomainError> {
        let readers = [
            "AccessReview.Read.All",
            "AccessReview.ReadWrite.All",
            "Directory.Read.All",
            "Directory.ReadWrite.All",
        ];
        if readers.iter().any(|p| self.holds(p)) {
            Ok(ReviewReadAccess {
                tenant: self.tenant,
            })
        } else {
            Err(DomainError::Forbidden("AccessReview.Read.All"))
        }
    }

    /// Access reviews: Graph's `AccessReview.ReadWrite.All`, or
    /// `Directory.ReadWrite.All` (a Global Administrator's).
    pub fn review_admin(&self) -> Result<ReviewAdmin, DomainError> {
        if self.holds("AccessReview.ReadWrite.All") || self.holds("Directory.ReadWrite.All") {
            Ok(ReviewAdmin {
                tenant: self.tenant,
                actor: self.actor.clone(),
            })
        } else {
            Err(DomainError::Forbidden("AccessReview.ReadWrite.All"))
        }
    }

    /// SCIM provisioning: an application's `SCIM.ReadWrite.All`, given for exactly
    /// that (an HR system's or another identity provider's connector). A user's
    /// token never provisions.
    pub fn provisioning(&self) -> Result<ProvisioningAccess, DomainError> {
        if matches!(self.actor, Actor::Application(_)) && self.holds("SCIM.ReadWrite.All") {
            Ok(ProvisioningAccess {
                tenant: self.tenant,
                actor: self.actor.clone(),
                connection: None,
                partner: None,
            })
        } else {
            Err(DomainError::Forbidden("SCIM.ReadWrite.All"))
        }
    }

    pub fn audit(&self) -> Result<AuditReadAccess, DomainError> {
        if self.holds("AuditLog.Read.All") {
            Ok(AuditReadAccess {
                tenant: self.tenant,
            })
        } else {
            Err(DomainError::Forbidden("AuditLog.Read.All"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(permissions: &[&str]) -> Caller {
        Caller {
            tenant: TenantId(Uuid::nil()),
            actor: Actor::System,
            permissions: permissions.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn read_permission_does_not_allow_writes() {
        let reader = caller(&["User.Read.All"]);
        assert!(reader.read(Area::Users).is_ok());
        assert!(matches!(
            reader.write(Area::Users),
            Err(DomainError::Forbidden("User.ReadWrite.All"))
        ));
        assert!(reader.read(Area::Groups).is_err());
    }

    #[test]
    fn directory_read_write_covers_every_area() {
        let admin = caller(&["Directory.ReadWrite.All"]);
        for area in [Area::Users, Area::Groups, Area::Applications, Area::Domains] {
            assert!(admin.read(area).is_ok());
            assert!(admin.write(area).is_ok());
        }
        assert!(admin.audit().is_err());
        assert!(admin.tenant_admin().is_ok());
    }

    #[test]
    fn domain_permissions_cover_domains_only() {
        let domains = caller(&["Domain.ReadWrite.All"]);
        assert!(domains.read(Area::Domains).is_ok());
        assert!(domains.write(Area::Domains).is_ok());
        assert!(domains.write(Area::Users).is_err());
        assert!(matches!(
            caller(&["Domain.Read.All"]).write(Area::Domains),
            Err(DomainError::Forbidden("Domain.ReadWrite.All"))
        ));
        assert_eq!(
            directory_permission(uuid!("e7e7e7e7-0001-4000-8000-00000000000c")),
            Some("Domain.ReadWrite.All")
        );
    }

    #[test]
    fn granting_groups_and_applications_needs_the_write_permission() {
        let inviter = caller(&["User.Invite.All"]);
        assert!(inviter.group_members().is_err());
        assert!(inviter.assignments_of(PrincipalType::User).is_err());
        let admin = caller(&["Directory.ReadWrite.All"]);
        assert!(admin.group_members().is_ok());
        assert!(admin.assignments_of(PrincipalType::User).is_ok());
        let groups = caller(&["Group.ReadWrite.All"]);
        assert!(groups.group_members().is_ok());
        assert!(groups.assignments_of(PrincipalType::User).is_err());
    }

    #[test]
    fn tenant_admin_needs_directory_write() {
        assert!(matches!(
            caller(&["User.ReadWrite.All", "Directory.Read.All"]).tenant_admin(),
            Err(DomainError::Forbidden("Directory.ReadWrite.All"))
        ));
    }
}
