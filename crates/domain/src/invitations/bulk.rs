//! The rows an invitation writes, gathered so that a file's worth of invitations is
//! written in multi-row `INSERT`s rather than about nine statements per row.
//!
//! [`super::invite::invite_in`] decides every row (guest, memberships, assignments,
//! email, invitation, audit entries) into [`Writes`]; [`Writes::flush`] writes them on
//! the caller's transaction, or [`Writes::build`] binds them into statements that a
//! bulk confirmation runs while it decides the next rows. Nothing is written until
//! then, and a failure rolls the whole transaction back as before, so a row's writes
//! still commit with it or not at all.

use entente_model::{
    AppRoleAssignment, GroupId, Invitation, PrincipalType, UnixTime, User, UserId,
};
use entente_storage::{AuditNames, Inserts, NewAuditEntry, NewOutboxMessage, Tx};

use super::invite::GuestInviter;
use crate::DomainError;
use crate::mail::SealedEmail;

/// One audit entry waiting to be written.
pub(crate) struct PendingAudit {
    pub action: &'static str,
    pub target_type: &'static str,
    pub target_id: String,
    pub details: serde_json::Value,
    /// The target's name, kept with the entry (a guest's display name).
    pub target_name: Option<String>,
}

/// Rows decided but not yet written, in the order they were decided.
#[derive(Default)]
pub(crate) struct Writes {
    pub users: Vec<User>,
    pub members: Vec<(GroupId, UserId)>,
    /// Guests whose access ends, with the end and its first step.
    pub access_ends: Vec<(UserId, entente_storage::AccessEnd)>,
    /// Guests and who sponsors each: a member user or a group.
    pub sponsored: Vec<(UserId, uuid::Uuid, PrincipalType)>,
    pub assignments: Vec<AppRoleAssignment>,
    /// Emails with their outbox ids, checked already ([`crate::mail::check`]) and
    /// sealed.
    pub emails: Vec<SealedEmail>,
    /// Invitations with their secrets' hashes.
    pub invitations: Vec<(Invitation, String)>,
    pub audits: Vec<PendingAudit>,
}

impl Writes {
    /// Writes everything gathered on `tx` (users first, since the other rows name
    /// them) and empties `self`. `actor_name` is the inviter's name the audit entries
    /// keep ([`super::invite::Context`] read it once).
    pub async fn flush(
        &mut self,
        tx: &mut Tx,
        inviter: &GuestInviter,
        actor_name: Option<&str>,
        now: UnixTime,
    ) -> Result<(), DomainError> {
        let mut db = tx.db();
        let inserts = std::mem::take(self).build(db.inserts(), inviter, actor_name, now);
        db.run(inserts).await?;
        Ok(())
    }

    /// The statements that write everything gathered (users first, since the other
    /// rows name them), added to `inserts`: all the values are bound here, so running
    /// them ([`entente_storage::Db::run`]) only executes.
    pub fn build(
        self,
        mut inserts: Inserts,
        inviter: &GuestInviter,
        actor_name: Option<&str>,
        now: UnixTime,
    ) -> Inserts {
        let tenant = inviter.tenant;
        if !self.users.is_empty() {
            let users: Vec<&User> = self.users.iter().collect();
            inserts.users(&users);
        }
        if !self.members.is_empty() {
            inserts.group_members(tenant, &self.members);
        }
        if !self.sponsored.is_empty() {
            inserts.user_sponsors(tenant, &self.sponsored, now);
        }
        // One statement per distinct end: a file's guests mostly share the policy's.
        let mut ends: Vec<(entente_storage::AccessEnd, Vec<UserId>)> = Vec::new();
        for (user, end) in &self.access_ends {
            match ends.iter_mut().find(|(known, _)| known == end) {
                Some((_, users)) => users.push(*user),
                None => ends.push((*end, vec![*user])),
            }
        }
        for (end, users) in &ends {
            inserts.access_ends(tenant, users, *end);
        }
        if !self.assignments.is_empty() {
            inserts.assignments_if_absent(&self.assignments);
        }
        if !self.emails.is_empty() {
            let messages: Vec<NewOutboxMessage<'_>> = self
                .emails
                .iter()
                .map(|email| email.outbox_message(tenant, now))
                .collect();
            inserts.outbox_messages(&messages);
        }
        if !self.invitations.is_empty() {
            inserts.invitations(&self.invitations);
        }
        if !self.audits.is_empty() {
            let entries: Vec<NewAuditEntry<'_>> = self
                .audits
                .into_iter()
                .map(|a| NewAuditEntry {
                    at: now,
                    actor: &inviter.actor,
                    action: a.action,
                    target_type: a.target_type,
                    target_id: Some(a.target_id),
                    details: a.details,
                    names: Some(AuditNames {
                        actor: actor_name.map(str::to_owned),
                        target: a.target_name,
                    }),
                })
                .collect();
            inserts.audits(tenant, &entries);
        }
        inserts
    }
}
