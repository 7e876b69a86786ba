//! What the preview of a bulk file asks of the directory beyond [`super::invite`]'s
//! checks: which group or application each name or client id means, within the
//! inviter's tenant only, and which rows send a copy (`CcEmailAddress`) to a person
//! who would then have no way to redeem.
//!
//! A name that matches nothing, or several objects, is an error of its row naming the
//! candidates with their ids; the admin fixes the file. The copy is a warning: the row
//! can be invited, and the partner can still redeem once their organization is known
//! here (a proven domain or a federated provider).

use std::collections::HashMap;

use entente_storage::{Db, NamedObject};
use uuid::Uuid;

use super::csv_import::{InvitationRow, Reference, References, RowError, RowOutcome};
use super::invite::{GuestInviter, code as invite_code};
use crate::DomainError;

/// The stable codes this module adds to a row's problems.
pub mod code {
    /// A name matches several groups or applications of the tenant.
    pub const AMBIGUOUS_NAME: &str = "ambiguous_name";
    /// A warning: the invitation goes out with a copy, and the invited address has no
    /// organization or federated provider to sign in with, so it could only redeem by
    /// a one-time code sign-up, which a copied invitation may not use.
    pub const CC_BLOCKS_SIGN_UP: &str = "cc_blocks_sign_up";
}

/// The groups and applications the file's valid rows may mean.
pub(crate) struct Names {
    /// Groups by lower-cased display name.
    groups: HashMap<String, Vec<NamedObject>>,
    applications: Vec<NamedObject>,
    may_add_to_groups: bool,
    may_assign_applications: bool,
}

impl Names {
    /// Looks up, in the inviter's tenant, what the valid rows name.
    pub(crate) async fn load(
        db: &mut Db<'_>,
        inviter: &GuestInviter,
        outcomes: &[RowOutcome],
    ) -> Result<Names, DomainError> {
        let valid = || outcomes.iter().filter(|o| o.result.is_ok());
        let mut group_names: Vec<String> = valid()
            .flat_map(|o| o.references.groups.iter())
            .filter_map(|r| match r {
                Reference::Name(name) => Some(name.to_lowercase()),
                Reference::Id(_) => None,
            })
            .collect();
        group_names.sort_unstable();
        group_names.dedup();
        let mut groups: HashMap<String, Vec<NamedObject>> = HashMap::new();
        if inviter.may_add_to_groups() && !group_names.is_empty() {
            for group in db.groups_named(inviter.tenant, &group_names).await? {
                groups
                    .entry(group.display_name.to_lowercase())
                    .or_default()
                    .push(group);
            }
        }
        let names_applications = valid()
            .any(|o| !o.references.applications.is_empty() || o.references.branding_app.is_some());
        let applications = if names_applications {
            db.application_names(inviter.tenant).await?
        } else {
            Vec::new()
        };
        Ok(Names {
            groups,
            applications,
            may_add_to_groups: inviter.may_add_to_groups(),
            may_assign_applications: inviter.may_assign_applications(),
        })
    }

    /// Puts the ids of what `references` name into `row`, in file order; returns the
    /// names that mean nothing or several things. Ids that match nothing stay, for
    /// the invitation's own check to report.
    pub(crate) fn resolve(
        &self,
        references: &References,
        row: &mut InvitationRow,
    ) -> Vec<RowError> {
        let mut errors = Vec::new();
        let mut group_ids = Vec::new();
        for reference in &references.groups {
            let id = match reference {
                Reference::Id(id) => Some(*id),
                // Nothing is looked up for an inviter who may not add members: the
                // row is refused for that, without saying which groups exist.
                Reference::Name(name) if !self.may_add_to_groups => {
                    errors.push(RowError::new(
                        invite_code::GROUP_NOT_PERMITTED,
                        format!(
                            "you may not add members to group \"{name}\", so you may not \
                             invite into it (Group.ReadWrite.All is required)"
                        ),
                    ));
                    None
                }
                Reference::Name(name) => {
                    let found = self
                        .groups
                        .get(&name.to_lowercase())
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    one_of(
                        name,
                        "group",
                        found,
                        invite_code::UNKNOWN_GROUP,
                        &mut errors,
                    )
                }
            };
            push_once(&mut group_ids, id);
        }
        row.group_ids = group_ids;

        let mut application_ids = Vec::new();
        for reference in &references.applications {
            let id = match reference {
                Reference::Name(name) if !self.may_assign_applications => {
                    errors.push(RowError::new(
                        invite_code::APPLICATION_NOT_PERMITTED,
                        format!(
                            "you may not assign users to application \"{name}\", so you may \
                             not invite into it (User.ReadWrite.All is required)"
                        ),
                    ));
                    None
                }
                _ => self.application(reference, &mut errors),
            };
            push_once(&mut application_ids, id);
        }
        row.application_ids = application_ids;
        row.branding_app_id = references.branding_app.as_ref().and_then(|reference| {
            match reference {
                // Names are looked up only for an inviter who may see applications'
                // names anyway (as for `InvitedToApplications`); an id still works.
                Reference::Name(name) if !self.may_assign_applications => {
                    errors.push(RowError::new(
                        invite_code::APPLICATION_NOT_PERMITTED,
                        format!(
                            "you may not name application \"{name}\" for branding; give its \
                             id instead (User.ReadWrite.All is required to name it)"
                        ),
                    ));
                    None
                }
                _ => self.application(reference, &mut errors),
            }
        });
        errors
    }

    /// The application a reference means: an object id, else a client id, else a
    /// display name.
    fn application(&self, reference: &Reference, errors: &mut Vec<RowError>) -> Option<Uuid> {
        match reference {
            Reference::Id(id) => {
                if self.applications.iter().any(|a| a.id == *id) {
                    return Some(*id);
                }
                let by_client_id = id.to_string();
                Some(
                    self.applications
                        .iter()
                        .find(|a| {
                            a.client_id
                                .as_deref()
                                .is_some_and(|c| c.eq_ignore_ascii_case(&by_client_id))
                        })
                        .map_or(*id, |a| a.id),
                )
            }
            Reference::Name(name) => {
                let lower = name.to_lowercase();
                let found: Vec<NamedObject> = self
                    .applications
                    .iter()
                    .filter(|a| {
                        a.display_name.to_lowercase() == lower
                            || a.client_id
                                .as_deref()
                                .is_some_and(|c| c.to_lowercase() == lower)
                    })
                    .cloned()
                    .collect();
                one_of(
                    name,
                    "application",
                    &found,
                    invite_code::UNKNOWN_APPLICATION,
                    errors,
                )
            }
        }
    }
}

/// The one object a name found, or the error saying it found none or several.
fn one_of(
    name: &str,
    kind: &str,
    found: &[NamedObject],
    unknown: &'static str,
    errors: &mut Vec<RowError>,
) -> Option<Uuid> {
    match found {
        [one] => Some(one.id),
        [] => {
            let hint = if name.contains(char::is_whitespace) {
                " (several names in one cell are separated by \";\")"
            } else {
                ""
            };
            let by = if kind == "application" {
                "named or with the client id"
            } else {
                "named"
            };
            errors.push(RowError::new(
                unknown,
                format!("there is no {kind} {by} \"{name}\" in this tenant{hint}"),
            ));
            None
        }
        several => {
            let candidates: Vec<String> = several
                .iter()
                .map(|o| format!("{} ({})", o.display_name, o.id))
                .collect();
            errors.push(RowError::new(
                code::AMBIGUOUS_NAME,
                format!(
                    "\"{name}\" names {} {kind}s: {}; give the one you mean by its id",
                    several.len(),
                    candidates.join(", ")
                ),
            ));
            None
        }
    }
}

fn push_once(ids: &mut Vec<Uuid>, id: Option<Uuid>) {
    if let Some(id) = id
        && !ids.contains(&id)
    {
        ids.push(id);
    }
}

/// Warns of each row that sends a copy of its invitation while its invited address
/// could only redeem by signing up with a one-time code: its domain is neither proven
/// by an organization (managed tenant) nor federated by this tenant. Domains are
/// looked up once each; rows without a copy cost nothing.
pub(crate) async fn cc_warnings(
    db: &mut Db<'_>,
    inviter: &GuestInviter,
    rows: &[&InvitationRow],
) -> Result<Vec<Option<RowError>>, DomainError> {
    let mut home_of: HashMap<String, bool> = HashMap::new();
    let mut warnings = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(cc) = &row.cc_email else {
            warnings.push(None);
            continue;
        };
        let domain = row
            .email
            .rsplit_once('@')
            .map(|(_, d)| d.to_lowercase())
            .unwrap_or_default();
        let has_home = match home_of.get(&domain) {
            Some(known) => *known,
            None => {
                let managed = db
                    .tenant_by_domain(&domain)
                    .await?
                    .is_some_and(|t| t.managed);
                let has_home = managed
                    || db
                        .federation_config_for_domain(inviter.tenant, &domain)
                        .await?
                        .is_some();
                home_of.insert(domain.clone(), has_home);
                has_home
            }
        };
        warnings.push((!has_home).then(|| {
            RowError::new(
                code::CC_BLOCKS_SIGN_UP,
                format!(
                    "a copy goes to {cc}, so {} cannot sign up with a one-time code, and \
                     {domain} has no organization or federated provider to sign in \
                     with; leave CcEmailAddress empty unless the partner signs in \
                     another way",
                    row.email
                ),
            )
        }));
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invitations::Language;
    use crate::invitations::csv_import::references;

    fn object(id: u128, client_id: Option<&str>, name: &str) -> NamedObject {
        NamedObject {
            id: Uuid::from_u128(id),
            client_id: client_id.map(str::to_owned),
            display_name: name.to_owned(),
        }
    }

    fn names(may_add: bool, may_assign: bool) -> Names {
        let mut groups: HashMap<String, Vec<NamedObject>> = HashMap::new();
        for group in [
            object(1, None, "Partners"),
            object(2, None, "Sales"),
            object(3, None, "sales"),
        ] {
            groups
                .entry(group.display_name.to_lowercase())
                .or_default()
                .push(group);
        }
        Names {
            groups,
            applications: vec![
                object(10, Some("11111111-2222-3333-4444-555555555555"), "Portal"),
                object(11, Some("crm-client"), "CRM"),
            ],
            may_add_to_groups: may_add,
            may_assign_applications: may_assign,
        }
    }

    fn empty_row() -> InvitationRow {
        InvitationRow {
            email: "ann@fabrikam.example".into(),
            display_name: "Ann".into(),
            invitation_text: None,
            application_ids: Vec::new(),
            group_ids: Vec::new(),
            redirect_url: None,
            cc_email: None,
            language: Language::En,
            language_as_sent: None,
            branding_app_id: None,
            contact_url: None,
            sponsors: Vec::new(),
            access_ends_at: None,
        }
    }

    #[test]
    fn names_client_ids_and_ids_become_object_ids_in_file_order() {
        let refs = References {
            applications: references("crm-client; 11111111-2222-3333-4444-555555555555; portal"),
            groups: references("PARTNERS"),
            branding_app: Some(Reference::Name("Portal".into())),
        };
        let mut row = empty_row();
        let errors = names(true, true).resolve(&refs, &mut row);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            row.application_ids,
            [Uuid::from_u128(11), Uuid::from_u128(10)]
        );
        assert_eq!(row.group_ids, [Uuid::from_u128(1)]);
        assert_eq!(row.branding_app_id, Some(Uuid::from_u128(10)));
    }

    #[test]
    fn an_ambiguous_or_unknown_name_is_an_error_naming_the_candidates() {
        let refs = References {
            applications: references("Nope"),
            groups: references("Sales"),
            branding_app: None,
        };
        let mut row = empty_row();
        let errors = names(true, true).resolve(&refs, &mut row);
        let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["ambiguous_name", "unknown_application"]);
        assert!(errors[0].message.contains(&Uuid::from_u128(2).to_string()));
        assert!(errors[0].message.contains(&Uuid::from_u128(3).to_string()));
        assert!(row.group_ids.is_empty() && row.application_ids.is_empty());
    }

    #[test]
    fn an_inviter_who_may_not_grant_learns_nothing_from_names() {
        let refs = References {
            applications: references("Portal"),
            groups: references("Sales"),
            branding_app: None,
        };
        let mut row = empty_row();
        let errors = names(false, false).resolve(&refs, &mut row);
        let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["group_not_permitted", "application_not_permitted"]);
        assert!(
            errors.iter().all(|e| !e.message.contains("0000")),
            "{errors:?}"
        );
    }
}
