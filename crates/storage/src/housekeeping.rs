//! Removing rows whose time is over: expired codes, sessions, device requests, pending
//! sign-ins, setup links, refresh token families, stale throttling state, one-time
//! email codes, unconfirmed bulk invitation previews and the second factors guests
//! proved with sessions that are over, SAML requests nobody signed in for, and
//! sign-ins sent to a partner's identity provider that never came back.

use entente_model::UnixTime;

use crate::{Db, Result};

/// How many rows each purge removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub authorization_codes: u64,
    pub refresh_tokens: u64,
    pub sessions: u64,
    pub device_codes: u64,
    pub pending_mfa: u64,
    pub setup_tokens: u64,
    pub login_throttle: u64,
    pub client_assertions: u64,
    pub email_codes: u64,
    /// Counts of code guesses and requests whose window ended a day ago or more.
    pub code_budgets: u64,
    pub invitation_previews: u64,
    pub guest_mfa_proofs: u64,
    pub saml_requests: u64,
    pub federation_logins: u64,
    /// Sent emails whose bodies were emptied (not removed rows).
    pub sent_email_bodies: u64,
    /// Users, groups and applications purged after 30 days in deleted items.
    pub deleted_items: u64,
}

impl Db<'_> {
    /// Empties the bodies of emails sent before `before`. An invitation email carries
    /// a live redemption link, which is otherwise kept only as a hash; once the email
    /// has left, the outbox keeps who, when and the subject, not the link.
    pub async fn forget_sent_bodies(&mut self, before: UnixTime) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE outbox SET text_body = '', html_body = NULL \
             WHERE status = 'sent' AND sent_at < $1 AND (text_body <> '' OR html_body IS NOT NULL)",
        )
        .bind(before)
        .execute(&mut *self.conn)
        .await?
        .rows_affected())
    }

    /// Deletes rows that expired (or ended) before `before`. Callers pass a time some
    /// way in the past, so a replayed code or refresh token shortly after its expiry
    /// still meets its row and is recognised as a replay.
    pub async fn purge_expired(&mut self, before: UnixTime) -> Result<Purged> {
        let mut run = async |sql: &'static str| -> Result<u64> {
            Ok(sqlx::query(sql)
                .bind(before)
                .execute(&mut *self.conn)
                .await?
                .rows_affected())
        };
        Ok(Purged {
            authorization_codes: run("DELETE FROM authorization_codes WHERE expires_at < $1")
                .await?,
            // A family shares one end, so whole families go at once.
            refresh_tokens: run("DELETE FROM refresh_tokens WHERE expires_at < $1").await?,
            sessions: run("DELETE FROM sessions WHERE expires_at < $1 OR ended_at < $1").await?,
            device_codes: run("DELETE FROM device_codes WHERE expires_at < $1").await?,
            pending_mfa: run("DELETE FROM pending_mfa WHERE expires_at < $1").await?,
            setup_tokens: run("DELETE FROM setup_tokens WHERE expires_at < $1").await?,
            login_throttle: run(
                "DELETE FROM login_throttle WHERE updated_at < $1 AND blocked_until < $1",
            )
            .await?,
            client_assertions: run("DELETE FROM client_assertions WHERE expires_at < $1").await?,
            email_codes: run("DELETE FROM email_codes WHERE expires_at < $1").await?,
            // Windows last an hour at most; a day on, a count is history.
            code_budgets: run("DELETE FROM code_budgets WHERE window_start < $1 - 86400").await?,
            // Confirmed uploads stay: their result file is the record of what was done.
            invitation_previews: run(
                "DELETE FROM invitation_batches WHERE status = 'preview' AND expires_at < $1",
            )
            .await?,
            // A proof is worth only as much as its session: it goes once the session
            // is gone, expired or ended.
            guest_mfa_proofs: run(
                "DELETE FROM guest_mfa_proofs WHERE NOT EXISTS (SELECT 1 FROM sessions s \
                 WHERE s.token_hash = guest_mfa_proofs.session_hash AND s.expires_at >= $1 \
                 AND (s.ended_at IS NULL OR s.ended_at >= $1))",
            )
            .await?,
            saml_requests: run("DELETE FROM saml_requests WHERE expires_at < $1").await?,
            federation_logins: run("DELETE FROM federation_logins WHERE expires_at < $1").await?,
            sent_email_bodies: 0,
            deleted_items: 0,
        })
    }
}
