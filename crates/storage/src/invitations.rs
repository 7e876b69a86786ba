//! Invitations, the guest objects' link to their home identity, bulk uploads awaiting
//! confirmation, and one-time codes sent to email addresses.

use entente_model::{
    Actor, AppId, BatchId, Invitation, InvitationId, InvitationStatus, TenantId, UnixTime, User,
    UserId,
};
use sqlx::any::AnyRow;
use uuid::Uuid;

use crate::directory::user_row;
use crate::rows::{int, json, named, opt_int, opt_parsed, opt_text, parsed, text, to_json};
use crate::{Db, Result, StoreError};

macro_rules! invitation_columns {
    () => {
        "SELECT id, tenant_id, user_id, invited_email, display_name, redirect_url, language, \
         message, cc, branding_app_id, contact_url, send_message, invited_by_type, invited_by_id, \
         created_at, expires_at, status, redeemed_at, revoked_at, outbox_id"
    };
}

/// An invitation's columns as `i` and its latest email's as `o`, for [`invited_row`].
macro_rules! invited_columns {
    () => {
        "i.id, i.tenant_id, i.user_id, i.invited_email, i.display_name, \
         i.redirect_url, i.language, i.message, i.cc, i.branding_app_id, i.contact_url, \
         i.send_message, i.invited_by_type, i.invited_by_id, i.created_at, i.expires_at, \
         i.status, i.redeemed_at, i.revoked_at, i.outbox_id, o.status AS email_status, \
         o.attempts AS email_attempts, o.last_error AS email_last_error, \
         o.sent_at AS email_sent_at"
    };
}
pub(crate) use invited_columns;

/// An invitation and where its latest email stands, from [`invited_columns`].
pub(crate) fn invited_row(r: &AnyRow) -> Result<(Invitation, Option<EmailState>)> {
    let email = match opt_text(r, "email_status")? {
        Some(status) => Some(EmailState {
            status,
            attempts: int(r, "email_attempts")?,
            last_error: opt_text(r, "email_last_error")?,
            sent_at: opt_int(r, "email_sent_at")?,
        }),
        None => None,
    };
    Ok((invitation_row(r)?, email))
}

macro_rules! invitation_select {
    () => {
        concat!(invitation_columns!(), " FROM invitations ")
    };
}

/// A link of the kind sent before migration 16 (the secret alone), found by its hash in
/// the partial index that holds only such links.
pub(crate) const INVITATION_BY_V1_LINK: &str = concat!(
    invitation_select!(),
    "WHERE secret_hash = $1 AND link_version = 1"
);

fn invitation_row(row: &AnyRow) -> Result<Invitation> {
    let actor_type = text(row, "invited_by_type")?;
    let actor_id: Option<Uuid> = opt_parsed(row, "invited_by_id")?;
    let invited_by = Actor::from_parts(&actor_type, actor_id)
        .ok_or_else(|| StoreError::Corrupt(format!("invitation actor {actor_type:?}")))?;
    Ok(Invitation {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        user_id: parsed(row, "user_id")?,
        invited_email: text(row, "invited_email")?,
        display_name: opt_text(row, "display_name")?,
        redirect_url: opt_text(row, "redirect_url")?,
        language: text(row, "language")?,
        message: opt_text(row, "message")?,
        cc: json(row, "cc")?,
        branding_app_id: opt_parsed::<AppId>(row, "branding_app_id")?,
        contact_url: opt_text(row, "contact_url")?,
        send_message: int(row, "send_message")? != 0,
        invited_by,
        created_at: int(row, "created_at")?,
        expires_at: int(row, "expires_at")?,
        status: named(row, "status", InvitationStatus::parse)?,
        redeemed_at: opt_int(row, "redeemed_at")?,
        revoked_at: opt_int(row, "revoked_at")?,
        outbox_id: opt_parsed(row, "outbox_id")?,
    })
}

/// Where the email of an invitation stands, from its outbox row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailState {
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<UnixTime>,
}

/// A bulk upload: its checked rows until confirmed, then the outcome of each row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchRecord {
    pub id: BatchId,
    pub tenant_id: TenantId,
    pub created_by: Actor,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    /// `preview` until confirmed, then `completed`.
    pub status: String,
    /// The preview as JSON, in whatever shape the domain keeps it.
    pub preview: String,
    /// The per-row outcome as JSON, once confirmed.
    pub result: Option<String>,
    pub completed_at: Option<UnixTime>,
}

fn batch_row(row: &AnyRow) -> Result<BatchRecord> {
    let actor_type = text(row, "created_by_type")?;
    let actor_id: Option<Uuid> = opt_parsed(row, "created_by_id")?;
    Ok(BatchRecord {
        id: parsed(row, "id")?,
        tenant_id: parsed(row, "tenant_id")?,
        created_by: Actor::from_parts(&actor_type, actor_id)
            .ok_or_else(|| StoreError::Corrupt(format!("batch actor {actor_type:?}")))?,
        created_at: int(row, "created_at")?,
        expires_at: int(row, "expires_at")?,
        status: text(row, "status")?,
        preview: text(row, "preview")?,
        result: opt_text(row, "result")?,
        completed_at: opt_int(row, "completed_at")?,
    })
}

/// A one-time code sent to an email address, stored hashed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailCodeRecord {
    pub id: Uuid,
    /// The tenant whose page asked for the code.
    pub tenant_id: TenantId,
    /// The invitation being redeemed, when the code is part of a redemption.
    pub invitation_id: Option<InvitationId>,
    /// The address the code was sent to, lower-cased.
    pub email: String,
    pub code_hash: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub attempts: i64,
    pub used_at: Option<UnixTime>,
    /// The SHA-256 of the cookie of the browser that asked for the code; only a guess
    /// from that browser is checked against the code.
    pub binding_hash: Option<String>,
}

/// What a redeemed guest object learns about its home identity.
pub struct GuestRedemption<'a> {
    pub sign_in_name: &'a str,
    pub alternative_security_id: &'a str,
    /// The home account in this deployment; `None` for a guest of a partner's own
    /// identity provider, which `external_issuer` names instead.
    pub home: Option<(TenantId, UserId)>,
    pub external_issuer: Option<&'a str>,
    /// The display name, when the invitation gave none.
    pub display_name: Option<&'a str>,
}

impl Db<'_> {
    pub async fn insert_invitation(&mut self, i: &Invitation, secret_hash: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO invitations (id, tenant_id, user_id, invited_email, display_name, \
             redirect_url, language, message, cc, branding_app_id, contact_url, send_message, \
             invited_by_type, invited_by_id, secret_hash, created_at, expires_at, status, \
             redeemed_at, revoked_at, outbox_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
             $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
        )
        .bind(i.id.to_string())
        .bind(i.tenant_id.to_string())
        .bind(i.user_id.to_string())
        .bind(&i.invited_email)
        .bind(i.display_name.as_deref())
        .bind(i.redirect_url.as_deref())
        .bind(&i.language)
        .bind(i.message.as_deref())
        .bind(to_json(&i.cc))
        .bind(i.branding_app_id.map(|a| a.to_string()))
        .bind(i.contact_url.as_deref())
        .bind(i64::from(i.send_message))
        .bind(i.invited_by.kind())
        .bind(i.invited_by.id().map(|id| id.to_string()))
        .bind(secret_hash)
        .bind(i.created_at)
        .bind(i.expires_at)
        .bind(i.status.as_str())
        .bind(i.redeemed_at)
        .bind(i.revoked_at)
        .bind(i.outbox_id.map(|id| id.to_string()))
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    pub async fn invitation_by_id(
        &mut self,
        tenant: TenantId,
        id: InvitationId,
    ) -> Result<Option<Invitation>> {
        sqlx::query(concat!(
            invitation_select!(),
            "WHERE tenant_id = $1 AND id = $2"
        ))
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| invitation_row(&r))
        .transpose()
    }

    /// An invitation, in whichever tenant it is, with the hash of its link's secret:
    /// a redemption link names its invitation and the caller compares the secrets.
    pub async fn invitation_with_secret_hash(
        &mut self,
        id: InvitationId,
    ) -> Result<Option<(Invitation, String)>> {
        let Some(row) = sqlx::query(concat!(
            invitation_columns!(),
            ", secret_hash FROM invitations WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        else {
            return Ok(None);
        };
        Ok(Some((invitation_row(&row)?, text(&row, "secret_hash")?)))
    }

    /// The invitation a link sent before links named their invitation (migration 16)
    /// opens: such a link carries only the secret, found by its hash.
    pub async fn invitation_by_v1_link(&mut self, secret_hash: &str) -> Result<Option<Invitation>> {
        sqlx::query(INVITATION_BY_V1_LINK)
            .bind(secret_hash)
            .fetch_optional(&mut *self.conn)
            .await?
            .map(|r| invitation_row(&r))
            .transpose()
    }

    /// The newest invitation of a guest object.
    pub async fn latest_invitation_of(
        &mut self,
        tenant: TenantId,
        user: UserId,
    ) -> Result<Option<Invitation>> {
        sqlx::query(concat!(
            invitation_select!(),
            "WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT 1"
        ))
        .bind(tenant.to_string())
        .bind(user.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| invitation_row(&r))
        .transpose()
    }

    /// Gives an invitation a new link (secret and expiry) and the outbox row of the
    /// email that carries it, making it pending again. Used to resend, and to reset
    /// redemption.
    pub async fn renew_invitation(
        &mut self,
        tenant: TenantId,
        id: InvitationId,
        secret_hash: &str,
        expires_at: UnixTime,
        outbox_id: Option<Uuid>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE invitations SET secret_hash = $3, link_version = 2, expires_at = $4, \
             outbox_id = $5, status = 'PendingAcceptance', redeemed_at = NULL, revoked_at = NULL \
             WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(secret_hash)
        .bind(expires_at)
        .bind(outbox_id.map(|o| o.to_string()))
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn set_invitation_outbox(
        &mut self,
        tenant: TenantId,
        id: InvitationId,
        outbox_id: Uuid,
    ) -> Result<()> {
        sqlx::query("UPDATE invitations SET outbox_id = $3 WHERE tenant_id = $1 AND id = $2")
            .bind(tenant.to_string())
            .bind(id.to_string())
            .bind(outbox_id.to_string())
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    /// Marks a pending invitation redeemed; false when it was not pending any more
    /// (someone else redeemed it first).
    pub async fn complete_invitation(
        &mut self,
        tenant: TenantId,
        id: InvitationId,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE invitations SET status = 'Completed', redeemed_at = $3 \
             WHERE tenant_id = $1 AND id = $2 AND status = 'PendingAcceptance'",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn revoke_invitation(
        &mut self,
        tenant: TenantId,
        id: InvitationId,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE invitations SET status = 'Revoked', revoked_at = $3 \
             WHERE tenant_id = $1 AND id = $2 AND status = 'PendingAcceptance'",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A page of the tenant's invitations, newest first, each with where its latest
    /// email stands: those older than `before` (a cursor), of one status and of one
    /// invited address (as stored: domain in lower case) when given.
    pub async fn list_invitations(
        &mut self,
        tenant: TenantId,
        status: Option<InvitationStatus>,
        email: Option<&str>,
        before: Option<InvitationId>,
        limit: i64,
    ) -> Result<Vec<(Invitation, Option<EmailState>)>> {
        let mut sql = String::from(concat!(
            "SELECT ",
            invited_columns!(),
            " FROM invitations i LEFT JOIN outbox o ON o.id = i.outbox_id WHERE i.tenant_id = $1"
        ));
        let mut next = 2;
        if status.is_some() {
            sql.push_str(&format!(" AND i.status = ${next}"));
            next += 1;
        }
        if email.is_some() {
            sql.push_str(&format!(" AND i.invited_email = ${next}"));
            next += 1;
        }
        if before.is_some() {
            sql.push_str(&format!(" AND i.id < ${next}"));
            next += 1;
        }
        sql.push_str(&format!(" ORDER BY i.id DESC LIMIT ${next}"));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.to_string());
        if let Some(status) = status {
            query = query.bind(status.as_str());
        }
        if let Some(email) = email {
            query = query.bind(email);
        }
        if let Some(before) = before {
            query = query.bind(before.to_string());
        }
        let rows = query.bind(limit).fetch_all(&mut *self.conn).await?;
        rows.iter().map(invited_row).collect()
    }

    /// Where an outbox message stands.
    pub async fn email_state(&mut self, outbox_id: Uuid) -> Result<Option<EmailState>> {
        let row =
            sqlx::query("SELECT status, attempts, last_error, sent_at FROM outbox WHERE id = $1")
                .bind(outbox_id.to_string())
                .fetch_optional(&mut *self.conn)
                .await?;
        row.map(|r| {
            Ok(EmailState {
                status: text(&r, "status")?,
                attempts: int(&r, "attempts")?,
                last_error: opt_text(&r, "last_error")?,
                sent_at: opt_int(&r, "sent_at")?,
            })
        })
        .transpose()
    }

    /// The user of a tenant whose mail is `mail` (case-insensitive), member or guest.
    pub async fn user_by_mail(&mut self, tenant: TenantId, mail: &str) -> Result<Option<User>> {
        sqlx::query(
            "SELECT id, tenant_id, user_type, creation_type, external_user_state, \
             external_user_state_changed_at, sign_in_name, alternative_security_id, \
             home_tenant_id, home_user_id, external_issuer, user_principal_name, mail, display_name, \
             account_enabled, created_at FROM users \
             WHERE tenant_id = $1 AND mail_lower = $2 AND deleted_at IS NULL \
             ORDER BY user_type DESC, id LIMIT 1",
        )
        .bind(tenant.to_string())
        .bind(mail.to_lowercase())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| user_row(&r))
        .transpose()
    }

    /// Of the given lower-cased addresses, those held by a user of the tenant, with
    /// that user. Members sort before guests, so a member wins a shared address.
    pub async fn users_by_mails(
        &mut self,
        tenant: TenantId,
        mails: &[String],
    ) -> Result<Vec<User>> {
        let mut found = Vec::new();
        let sqlite = self.is_sqlite();
        for chunk in mails.chunks(500) {
            let sql = users_by_mails_sql(sqlite, chunk.len());
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.to_string());
            for mail in chunk {
                query = query.bind(mail.as_str());
            }
            let mut users = query
                .fetch_all(&mut *self.conn)
                .await?
                .iter()
                .map(user_row)
                .collect::<Result<Vec<User>>>()?;
            // Sorted here rather than by `ORDER BY user_type DESC, id`: with that
            // clause PostgreSQL, when its statistics are older than the tenant's
            // growth, walks the whole tenant in `users_type` order instead of looking
            // the addresses up in `users_mail` (seconds for a 20,000-user tenant).
            users.sort_by(|a, b| {
                b.user_type
                    .as_str()
                    .cmp(a.user_type.as_str())
                    .then_with(|| a.id.to_string().cmp(&b.id.to_string()))
            });
            found.extend(users);
        }
        Ok(found)
    }

    /// Of the given ids, those naming a group of the tenant.
    pub async fn existing_group_ids(
        &mut self,
        tenant: TenantId,
        ids: &[Uuid],
    ) -> Result<Vec<Uuid>> {
        self.existing_ids("groups", tenant, ids).await
    }

    /// Of the given ids, those naming an application of the tenant.
    pub async fn existing_application_ids(
        &mut self,
        tenant: TenantId,
        ids: &[Uuid],
    ) -> Result<Vec<Uuid>> {
        self.existing_ids("applications", tenant, ids).await
    }

    async fn existing_ids(
        &mut self,
        table: &'static str,
        tenant: TenantId,
        ids: &[Uuid],
    ) -> Result<Vec<Uuid>> {
        let mut found = Vec::new();
        for chunk in ids.chunks(500) {
            let placeholders = (0..chunk.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT id FROM {table} WHERE tenant_id = $1 AND id IN ({placeholders}) AND deleted_at IS NULL"
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(tenant.to_string());
            for id in chunk {
                query = query.bind(id.to_string());
            }
            for row in query.fetch_all(&mut *self.conn).await? {
                found.push(parsed(&row, "id")?);
            }
        }
        Ok(found)
    }

    /// Grants an assignment unless the same one exists already; true when inserted.
    pub async fn grant_if_absent(&mut self, a: &entente_model::AppRoleAssignment) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO app_role_assignments (id, tenant_id, principal_id, principal_type, \
             resource_id, app_role_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT DO NOTHING",
        )
        .bind(a.id.to_string())
        .bind(a.tenant_id.to_string())
        .bind(a.principal_id.to_string())
        .bind(a.principal_type.as_str())
        .bind(a.resource_id.to_string())
        .bind(a.app_role_id.to_string())
        .bind(a.created_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Fills in a guest object at redemption and marks it `Accepted`.
    pub async fn redeem_guest(
        &mut self,
        tenant: TenantId,
        user: UserId,
        r: &GuestRedemption<'_>,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET sign_in_name = $3, alternative_security_id = $4, \
             home_tenant_id = $5, home_user_id = $6, external_user_state = 'Accepted', \
             external_user_state_changed_at = $7, \
             display_name = COALESCE($8, display_name), \
             display_name_lower = COALESCE($9, display_name_lower), external_issuer = $10 \
             WHERE tenant_id = $1 AND id = $2 AND user_type = 'Guest'",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(r.sign_in_name)
        .bind(r.alternative_security_id)
        .bind(r.home.map(|(t, _)| t.to_string()))
        .bind(r.home.map(|(_, u)| u.to_string()))
        .bind(now)
        .bind(r.display_name)
        .bind(r.display_name.map(str::to_lowercase))
        .bind(r.external_issuer)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Unlinks a guest object from its home identity so it can be redeemed again;
    /// its id, memberships and assignments stay.
    pub async fn reset_guest(
        &mut self,
        tenant: TenantId,
        user: UserId,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET sign_in_name = NULL, alternative_security_id = NULL, \
             home_tenant_id = NULL, home_user_id = NULL, external_issuer = NULL, \
             external_user_state = 'PendingAcceptance', external_user_state_changed_at = $3 \
             WHERE tenant_id = $1 AND id = $2 AND user_type = 'Guest'",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every guest object, in any tenant, redeemed by this home user.
    pub async fn guests_of_home_user(&mut self, home_user: UserId) -> Result<Vec<User>> {
        let rows = sqlx::query(
            "SELECT id, tenant_id, user_type, creation_type, external_user_state, \
             external_user_state_changed_at, sign_in_name, alternative_security_id, \
             home_tenant_id, home_user_id, external_issuer, user_principal_name, mail, display_name, \
             account_enabled, created_at FROM users WHERE home_user_id = $1 AND deleted_at IS NULL \
             ORDER BY id",
        )
        .bind(home_user.to_string())
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(user_row).collect()
    }

    /// The guest object of a tenant that this home user redeemed, if any.
    pub async fn guest_of_home_user(
        &mut self,
        tenant: TenantId,
        home_user: UserId,
    ) -> Result<Option<User>> {
        sqlx::query(
            "SELECT id, tenant_id, user_type, creation_type, external_user_state, \
             external_user_state_changed_at, sign_in_name, alternative_security_id, \
             home_tenant_id, home_user_id, external_issuer, user_principal_name, mail, display_name, \
             account_enabled, created_at FROM users \
             WHERE home_user_id = $2 AND tenant_id = $1 AND deleted_at IS NULL LIMIT 1",
        )
        .bind(tenant.to_string())
        .bind(home_user.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| user_row(&r))
        .transpose()
    }

    pub async fn insert_batch(&mut self, b: &BatchRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO invitation_batches (id, tenant_id, created_by_type, created_by_id, \
             created_at, expires_at, status, preview, result, completed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(b.id.to_string())
        .bind(b.tenant_id.to_string())
        .bind(b.created_by.kind())
        .bind(b.created_by.id().map(|id| id.to_string()))
        .bind(b.created_at)
        .bind(b.expires_at)
        .bind(&b.status)
        .bind(&b.preview)
        .bind(b.result.as_deref())
        .bind(b.completed_at)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    pub async fn batch(&mut self, tenant: TenantId, id: BatchId) -> Result<Option<BatchRecord>> {
        sqlx::query(
            "SELECT id, tenant_id, created_by_type, created_by_id, created_at, expires_at, \
             status, preview, result, completed_at FROM invitation_batches \
             WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?
        .map(|r| batch_row(&r))
        .transpose()
    }

    /// Records a batch's outcome; false when it was confirmed already.
    pub async fn complete_batch(
        &mut self,
        tenant: TenantId,
        id: BatchId,
        result: &str,
        now: UnixTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE invitation_batches SET status = 'completed', result = $3, completed_at = $4 \
             WHERE tenant_id = $1 AND id = $2 AND status = 'preview'",
        )
        .bind(tenant.to_string())
        .bind(id.to_string())
        .bind(result)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn insert_email_code(&mut self, c: &EmailCodeRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO email_codes (id, tenant_id, invitation_id, email, code_hash, created_at, \
             expires_at, attempts, used_at, binding_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(c.id.to_string())
        .bind(c.tenant_id.to_string())
        .bind(c.invitation_id.map(|i| i.to_string()))
        .bind(&c.email)
        .bind(&c.code_hash)
        .bind(c.created_at)
        .bind(c.expires_at)
        .bind(c.attempts)
        .bind(c.used_at)
        .bind(c.binding_hash.as_deref())
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    pub async fn email_code(&mut self, id: Uuid) -> Result<Option<EmailCodeRecord>> {
        let row = sqlx::query(
            "SELECT id, tenant_id, invitation_id, email, code_hash, created_at, expires_at, \
             attempts, used_at, binding_hash FROM email_codes WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *self.conn)
        .await?;
        row.map(|r| {
            Ok(EmailCodeRecord {
                id: parsed(&r, "id")?,
                tenant_id: parsed(&r, "tenant_id")?,
                invitation_id: opt_parsed(&r, "invitation_id")?,
                email: text(&r, "email")?,
                code_hash: text(&r, "code_hash")?,
                created_at: int(&r, "created_at")?,
                expires_at: int(&r, "expires_at")?,
                attempts: int(&r, "attempts")?,
                used_at: opt_int(&r, "used_at")?,
                binding_hash: opt_text(&r, "binding_hash")?,
            })
        })
        .transpose()
    }

    /// Uses a code up; false when it was used already.
    pub async fn use_email_code(&mut self, id: Uuid, now: UnixTime) -> Result<bool> {
        let done =
            sqlx::query("UPDATE email_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL")
                .bind(id.to_string())
                .bind(now)
                .execute(&mut *self.conn)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Revokes every pending invitation of a guest (its links stop working).
    pub async fn revoke_pending_invitations_of(
        &mut self,
        tenant: TenantId,
        user: UserId,
        now: UnixTime,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE invitations SET status = 'Revoked', revoked_at = $3 \
             WHERE tenant_id = $1 AND user_id = $2 AND status = 'PendingAcceptance'",
        )
        .bind(tenant.to_string())
        .bind(user.to_string())
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(done.rows_affected())
    }
}

/// One audit entry of a bulk write; see [`Db::append_audits`].
pub struct NewAuditEntry<'a> {
    pub at: UnixTime,
    pub actor: &'a Actor,
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: Option<String>,
    pub details: serde_json::Value,
    /// The actor's and target's names as the caller knows them (the inviter's name
    /// and a guest's display name): written as given. Without them, both are read
    /// where they live, as [`Db::append_audit`] does.
    pub names: Option<crate::audit::AuditNames>,
}

/// Rows per multi-row `INSERT`: the widest (users, 19 columns; invitations, 21) stay
/// far under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
pub(crate) const BULK_CHUNK: usize = 500;

/// `($1, ..., $k), ($k+1, ...), ...` for `rows` rows of `columns` parameters each; on
/// SQLite `(?, ..., ?), ...` instead, since SQLite looks numbered parameters up by
/// name, a cost that grows with the square of their number (thousands here).
pub(crate) fn values_list(sqlite: bool, rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 6);
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            if sqlite {
                sql.push('?');
            } else {
                sql.push('$');
                sql.push_str(&(r * columns + c + 1).to_string());
            }
        }
        sql.push(')');
    }
    sql
}

/// Bulk writes of a bulk invitation, built before they run: the same rows as
/// [`Db::insert_user`], [`Db::add_group_member`], [`Db::grant_if_absent`],
/// [`Db::insert_invitation`], [`Db::append_audit`] and [`Db::enqueue_outbox`] one by
/// one would write, in multi-row `INSERT`s of up to [`BULK_CHUNK`] rows, which saves a
/// round trip (and its per-statement overhead) per row. Building binds every value;
/// [`Db::run`] then only executes, so a caller can build the next rows while the
/// database writes these. Statements run in the order they were built.
pub struct Inserts {
    pub(crate) sqlite: bool,
    /// Each statement, with what a unique violation in it means ([`crate::conflict_as`]).
    pub(crate) statements: Vec<(BuiltQuery, Option<&'static str>)>,
}

pub(crate) type BuiltQuery = sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>;

impl Db<'_> {
    fn is_sqlite(&self) -> bool {
        self.conn.backend_name() == "SQLite"
    }

    /// No inserts yet, written for this connection's database.
    pub fn inserts(&self) -> Inserts {
        Inserts {
            sqlite: self.is_sqlite(),
            statements: Vec::new(),
        }
    }

    /// Runs the statements of `inserts`, in order.
    pub async fn run(&mut self, inserts: Inserts) -> Result<()> {
        for (query, conflict) in inserts.statements {
            let done = query.execute(&mut *self.conn).await;
            match conflict {
                Some(what) => done.map_err(crate::conflict_as(what))?,
                None => done?,
            };
        }
        Ok(())
    }
}

impl Inserts {
    /// Inserts users (no password), as [`Db::insert_user`] does each.
    pub fn users(&mut self, users: &[&User]) {
        for chunk in users.chunks(BULK_CHUNK) {
            let sql = format!(
                "INSERT INTO users (id, tenant_id, user_type, creation_type, external_user_state, \
                 external_user_state_changed_at, sign_in_name, alternative_security_id, \
                 user_principal_name, upn_lower, mail, mail_lower, display_name, display_name_lower, \
                 account_enabled, created_at, password_hash, home_tenant_id, home_user_id) VALUES {}",
                values_list(self.sqlite, chunk.len(), 19)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for u in chunk {
                query = query
                    .bind(u.id.to_string())
                    .bind(u.tenant_id.to_string())
                    .bind(u.user_type.as_str())
                    .bind(u.creation_type.map(|c| c.as_str()))
                    .bind(u.external_user_state.map(|s| s.as_str()))
                    .bind(u.external_user_state_changed_at)
                    .bind(u.sign_in_name.as_deref())
                    .bind(u.alternative_security_id.as_deref())
                    .bind(&u.user_principal_name)
                    .bind(u.user_principal_name.to_lowercase())
                    .bind(u.mail.as_deref())
                    .bind(u.mail.as_deref().map(str::to_lowercase))
                    .bind(&u.display_name)
                    .bind(u.display_name.to_lowercase())
                    .bind(i64::from(u.account_enabled))
                    .bind(u.created_at)
                    .bind(None::<&str>)
                    .bind(u.home_tenant_id.map(|t| t.to_string()))
                    .bind(u.home_user_id.map(|t| t.to_string()));
            }
            self.statements.push((query, Some("userPrincipalName")));
        }
    }

    /// Adds `(group, user)` memberships of a tenant; those that exist stay as they are.
    pub fn group_members(
        &mut self,
        tenant: TenantId,
        members: &[(entente_model::GroupId, UserId)],
    ) {
        let tenant = tenant.to_string();
        for chunk in members.chunks(BULK_CHUNK) {
            let sql = format!(
                "INSERT INTO group_members (tenant_id, group_id, user_id) VALUES {} ON CONFLICT DO NOTHING",
                values_list(self.sqlite, chunk.len(), 3)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (group, user) in chunk {
                query = query
                    .bind(tenant.as_str())
                    .bind(group.to_string())
                    .bind(user.to_string());
            }
            self.statements.push((query, None));
        }
    }

    /// Makes each user's sponsor (a member user or a group) its sponsor; sponsorships
    /// that exist stay.
    pub fn user_sponsors(
        &mut self,
        tenant: TenantId,
        sponsored: &[(UserId, uuid::Uuid, entente_model::PrincipalType)],
        now: i64,
    ) {
        let tenant = tenant.to_string();
        for chunk in sponsored.chunks(BULK_CHUNK) {
            let sql = format!(
                "INSERT INTO sponsors (tenant_id, user_id, sponsor_id, sponsor_type, created_at) \
                 VALUES {} ON CONFLICT DO NOTHING",
                values_list(self.sqlite, chunk.len(), 5)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (user, sponsor, kind) in chunk {
                query = query
                    .bind(tenant.as_str())
                    .bind(user.to_string())
                    .bind(sponsor.to_string())
                    .bind(kind.as_str())
                    .bind(now);
            }
            self.statements.push((query, None));
        }
    }

    /// Grants assignments; those that exist already stay as they are.
    pub fn assignments_if_absent(&mut self, assignments: &[entente_model::AppRoleAssignment]) {
        for chunk in assignments.chunks(BULK_CHUNK) {
            let sql = format!(
                "INSERT INTO app_role_assignments (id, tenant_id, principal_id, principal_type, \
                 resource_id, app_role_id, created_at) VALUES {} ON CONFLICT DO NOTHING",
                values_list(self.sqlite, chunk.len(), 7)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for a in chunk {
                query = query
                    .bind(a.id.to_string())
                    .bind(a.tenant_id.to_string())
                    .bind(a.principal_id.to_string())
                    .bind(a.principal_type.as_str())
                    .bind(a.resource_id.to_string())
                    .bind(a.app_role_id.to_string())
                    .bind(a.created_at);
            }
            self.statements.push((query, None));
        }
    }

    /// Inserts invitations with their secrets' hashes.
    pub fn invitations(&mut self, invitations: &[(Invitation, String)]) {
        for chunk in invitations.chunks(BULK_CHUNK) {
            let sql = format!(
                "INSERT INTO invitations (id, tenant_id, user_id, invited_email, display_name, \
                 redirect_url, language, message, cc, branding_app_id, contact_url, send_message, \
                 invited_by_type, invited_by_id, secret_hash, created_at, expires_at, status, \
                 redeemed_at, revoked_at, outbox_id) VALUES {}",
                values_list(self.sqlite, chunk.len(), 21)
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (i, secret_hash) in chunk {
                query = query
                    .bind(i.id.to_string())
                    .bind(i.tenant_id.to_string())
                    .bind(i.user_id.to_string())
                    .bind(&i.invited_email)
                    .bind(i.display_name.as_deref())
                    .bind(i.redirect_url.as_deref())
                    .bind(&i.language)
                    .bind(i.message.as_deref())
                    .bind(to_json(&i.cc))
                    .bind(i.branding_app_id.map(|a| a.to_string()))
                    .bind(i.contact_url.as_deref())
                    .bind(i64::from(i.send_message))
                    .bind(i.invited_by.kind())
                    .bind(i.invited_by.id().map(|id| id.to_string()))
                    .bind(secret_hash.as_str())
                    .bind(i.created_at)
                    .bind(i.expires_at)
                    .bind(i.status.as_str())
                    .bind(i.redeemed_at)
                    .bind(i.revoked_at)
                    .bind(i.outbox_id.map(|id| id.to_string()));
            }
            self.statements.push((query, None));
        }
    }

    /// Appends audit entries of a tenant, in the order given, each with its actor's
    /// and target's names as [`Db::append_audit`] keeps them.
    pub fn audits(&mut self, tenant: TenantId, entries: &[NewAuditEntry<'_>]) {
        let tenant = tenant.to_string();
        for chunk in entries.chunks(BULK_CHUNK) {
            let mut n = 0;
            let rows: Vec<String> = chunk
                .iter()
                .map(|e| match e.names {
                    Some(_) => crate::audit::named_audit_row(self.sqlite, &mut n),
                    None => crate::audit::audit_row(self.sqlite, &mut n),
                })
                .collect();
            let sql = format!(
                "INSERT INTO audit_log ({}) VALUES {}",
                crate::audit::AUDIT_COLUMNS,
                rows.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for e in chunk {
                let row = crate::audit::AuditRow {
                    tenant: tenant.clone(),
                    at: e.at,
                    actor: e.actor,
                    action: e.action,
                    target_type: e.target_type,
                    target_id: e.target_id.as_deref(),
                    details: &e.details,
                };
                query = match &e.names {
                    Some(names) => row.bind_named(query, names),
                    None => row.bind(query),
                };
            }
            self.statements.push((query, None));
        }
    }
}

/// The query of [`Db::users_by_mails`] for `count` addresses: each address looked up
/// in `users_mail`, whatever the planner's statistics say, so a file's lookups cost
/// the same in an empty tenant and in one of 100,000 users.
///
/// SQLite is told to use the index: its planner costs a scan by the row count of the
/// last `ANALYZE`, which `PRAGMA optimize` only refreshes once a table has grown
/// tenfold, so a tenant grown from 2,000 to 18,000 guests by bulk invitations was
/// scanned whole for every 500 addresses (50 ms of a 2,000-row confirmation, rising
/// with each file).
///
/// PostgreSQL has no hints, and its default cost model (`random_page_cost = 4`) prices
/// 500 index probes above a sequential scan of up to about 40,000 users: with fresh
/// statistics it read the whole tenant for each 500 addresses (7 ms at 18,000 users
/// against 0.5 ms for the probes, 40 ms of a confirmation and as much of its upload).
/// The addresses come as a `VALUES` list joined laterally to a subquery with
/// `OFFSET 0`, which the planner may not flatten: one parameterized index scan per
/// address, at any size.
pub(crate) fn users_by_mails_sql(sqlite: bool, count: usize) -> String {
    const COLUMNS: &str = "id, tenant_id, user_type, creation_type, external_user_state, \
         external_user_state_changed_at, sign_in_name, alternative_security_id, \
         home_tenant_id, home_user_id, external_issuer, user_principal_name, mail, display_name, \
         account_enabled, created_at";
    if sqlite {
        let placeholders = vec!["?"; count].join(", ");
        format!(
            "SELECT {COLUMNS} FROM users INDEXED BY users_mail \
             WHERE tenant_id = ? AND mail_lower IN ({placeholders}) AND deleted_at IS NULL"
        )
    } else {
        let rows = (0..count)
            .map(|i| format!("(${})", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "SELECT u.* FROM (VALUES {rows}) AS wanted (mail) CROSS JOIN LATERAL \
             (SELECT {COLUMNS} FROM users WHERE tenant_id = $1 AND mail_lower = wanted.mail \
             AND deleted_at IS NULL OFFSET 0) AS u"
        )
    }
}
