//! The rows an invitation writes, gathered so that a file's worth of invitations is
//! written in multi-row `INSERT`s rather than about nine statements per row.
//!
//! [`super::invite::invite_in`] decides every row (guest, memberships, assignments,
//! email, invitation, audit entries) into [`Writes`]; [`Writes::flush`] writes them on
//! the caller's transaction. Nothing is written until then, and a failure rolls the
//! whole transaction back as before, so a row's writes still commit with it or not at
//! all.

use entente_model::{AppRoleAssignment, GroupId, Invitation, UnixTime, User, UserId};
use entente_storage::{NewAuditEntry, NewOutboxMessage, Tx};
use uuid::Uuid;

use super::invite::GuestInviter;
use crate::DomainError;
use crate::mail::OutgoingEmail;

/// One audit entry waiting to be written.
pub(crate) struct PendingAudit {
    pub action: &'static str,
    pub target_type: &'static str,
    pub target_id: String,
    pub details: serde_json::Value,
}

/// Rows decided but not yet written, in the order they were decided.
#[derive(Default)]
pub(crate) struct Writes {
    pub users: Vec<User>,
    pub members: Vec<(GroupId, UserId)>,
    pub assignments: Vec<AppRoleAssignment>,
    /// Emails with their outbox ids, checked already ([`crate::mail::checked`]).
    pub emails: Vec<(Uuid, OutgoingEmail)>,
    /// Invitations with their secrets' hashes.
    pub invitations: Vec<(Invitation, String)>,
    pub audits: Vec<PendingAudit>,
}

impl Writes {
    /// Invitations decided and not yet written.
    pub fn len(&self) -> usize {
        self.invitations.len()
    }

    /// Writes everything gathered on `tx` (users first, since the other rows name
    /// them) and empties `self`.
    pub async fn flush(
        &mut self,
        tx: &mut Tx,
        inviter: &GuestInviter,
        now: UnixTime,
    ) -> Result<(), DomainError> {
        let mut db = tx.db();
        let tenant = inviter.tenant;
        if !self.users.is_empty() {
            let users: Vec<&User> = self.users.iter().collect();
            db.insert_users(&users).await?;
        }
        if !self.members.is_empty() {
            db.add_group_members(tenant, &self.members).await?;
        }
        if !self.assignments.is_empty() {
            db.grant_all_if_absent(&self.assignments).await?;
        }
        if !self.emails.is_empty() {
            let messages: Vec<NewOutboxMessage<'_>> = self
                .emails
                .iter()
                .map(|(id, email)| NewOutboxMessage {
                    id: *id,
                    tenant_id: tenant,
                    created_at: now,
                    sender: &email.from,
                    to: &email.to,
                    cc: &email.cc,
                    subject: &email.subject,
                    text_body: &email.text,
                    html_body: email.html.as_deref(),
                })
                .collect();
            db.enqueue_outbox_many(&messages).await?;
        }
        if !self.invitations.is_empty() {
            db.insert_invitations(&self.invitations).await?;
        }
        if !self.audits.is_empty() {
            let entries: Vec<NewAuditEntry<'_>> = self
                .audits
                .drain(..)
                .map(|a| NewAuditEntry {
                    at: now,
                    actor: &inviter.actor,
                    action: a.action,
                    target_type: a.target_type,
                    target_id: Some(a.target_id),
                    details: a.details,
                })
                .collect();
            db.append_audits(tenant, &entries).await?;
        }
        *self = Writes::default();
        Ok(())
    }
}
