//! Time-boxed guest access (issue 22, decision 0015): when a guest's access ends, the
//! reminder its sponsors get before, the block at the end, and the move to deleted
//! items after the tenant's grace. Each user owes at most one next step
//! ([`entente_storage::AccessEnd`]); [`run_due`], called by the server's lifecycle
//! tick and by tests with any `now`, takes the due ones, each in its own transaction
//! with its effect and audit entry, so a step happens once whatever the number of
//! nodes.

use entente_i18n::Language;
use entente_model::{
    Actor, CollaborationPolicy, DirectoryRole, Tenant, TenantId, UnixTime, User, UserId, UserType,
};
use entente_storage::{AccessEnd, Db, DueStep, LifecycleStep, Tx, UserPatch};
use serde_json::json;

use crate::access::WriteAccess;
use crate::invitations::messages::format_date;
use crate::mail::{OutgoingEmail, enqueue_email};
use crate::sponsors::language_of;
use crate::{DomainError, Services};

const DAY: i64 = 86_400;

/// A time as the audit log's details write it.
pub(crate) fn rfc3339(at: UnixTime) -> Option<String> {
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()?
        .format(&time::format_description::well_known::Rfc3339)
        .ok()
}

/// How much a sponsor's "extend" adds when the tenant sets no guest lifetime.
pub const DEFAULT_EXTENSION_DAYS: u32 = 90;

/// How many due steps one round reads.
const BATCH: i64 = 200;

/// The first step owed for access ending at `ends`, as of `now`: the sponsors'
/// reminder while its day is ahead (at once when that day has passed but the end has
/// not), else the block at the end.
pub fn plan(policy: &CollaborationPolicy, ends: Option<UnixTime>, now: UnixTime) -> AccessEnd {
    let Some(ends) = ends else {
        return AccessEnd {
            ends_at: None,
            next: None,
        };
    };
    let reminder = ends - i64::from(policy.expiry_reminder_days) * DAY;
    let next = if policy.expiry_reminder_days > 0 && ends > now {
        (LifecycleStep::Remind, reminder.max(now))
    } else {
        (LifecycleStep::Block, ends)
    };
    AccessEnd {
        ends_at: Some(ends),
        next: Some(next),
    }
}

/// When a guest invited at `now` loses access under the tenant's policy, if ever.
pub fn default_end(policy: &CollaborationPolicy, now: UnixTime) -> Option<UnixTime> {
    policy
        .guest_lifetime_days
        .map(|days| now + i64::from(days) * DAY)
}

/// Where a user's time-boxed access stands.
pub async fn access_end(
    services: &Services,
    tenant: TenantId,
    user: UserId,
) -> Result<AccessEnd, DomainError> {
    let mut conn = services.store.read().await?;
    Ok(conn.db().access_end(tenant, user).await?)
}

/// Sets (or, with `None`, clears) when a user's access ends, as an administrator.
pub async fn set_access_end(
    services: &Services,
    access: &WriteAccess,
    user: UserId,
    ends: Option<UnixTime>,
    now: UnixTime,
) -> Result<AccessEnd, DomainError> {
    let mut tx = services.store.write().await?;
    let Some(person) = tx.db().user_by_id(access.tenant, user).await? else {
        return Err(DomainError::NotFound);
    };
    // Members answer to the organization's own processes (and an end could block
    // its last administrator): only a guest's access is time-boxed.
    if person.user_type != UserType::Guest && ends.is_some() {
        return Err(DomainError::invalid(
            "accessEndsDateTime applies to guest users only",
        ));
    }
    let end = apply_end(&mut tx, &person, ends, &access.actor, now).await?;
    tx.commit().await?;
    Ok(end)
}

/// A sponsor's "extend": the guest's access ends a guest lifetime (or
/// [`DEFAULT_EXTENSION_DAYS`]) after today or after its current end, whichever is
/// later. Only a sponsor of the guest, itself or through a group, may.
pub async fn extend_as_sponsor(
    services: &Services,
    tenant: TenantId,
    sponsor: UserId,
    guest: UserId,
    now: UnixTime,
) -> Result<AccessEnd, DomainError> {
    let mut tx = services.store.write().await?;
    if !tx.db().answers_for(tenant, sponsor, guest).await? {
        return Err(DomainError::NotFound);
    }
    let Some(person) = tx.db().user_by_id(tenant, guest).await? else {
        return Err(DomainError::NotFound);
    };
    let policy = tx
        .db()
        .tenant_by_id(tenant)
        .await?
        .ok_or(DomainError::NotFound)?
        .collaboration;
    let current = tx.db().access_end(tenant, guest).await?;
    let days = policy.guest_lifetime_days.unwrap_or(DEFAULT_EXTENSION_DAYS);
    let from = current.ends_at.unwrap_or(now).max(now);
    let ends = from + i64::from(days) * DAY;
    let end = apply_end(&mut tx, &person, Some(ends), &Actor::User(sponsor), now).await?;
    tx.commit().await?;
    Ok(end)
}

/// Writes a new end and its first step on the caller's transaction; a guest blocked
/// because its access ended may sign in again when the new end is ahead. Audited.
async fn apply_end(
    tx: &mut Tx,
    person: &User,
    ends: Option<UnixTime>,
    actor: &Actor,
    now: UnixTime,
) -> Result<AccessEnd, DomainError> {
    let tenant = person.tenant_id;
    let policy = tx
        .db()
        .tenant_by_id(tenant)
        .await?
        .ok_or(DomainError::NotFound)?
        .collaboration;
    let before = tx.db().access_end(tenant, person.id).await?;
    let end = plan(&policy, ends, now);
    tx.db().set_access_end(tenant, person.id, end).await?;
    let ended_by_time = matches!(before.next, Some((LifecycleStep::Delete, _)));
    let reopened = ended_by_time && !person.account_enabled && ends.is_none_or(|e| e > now);
    if reopened {
        let patch = UserPatch {
            account_enabled: Some(true),
            ..UserPatch::default()
        };
        tx.db().update_user(tenant, person.id, &patch, now).await?;
    }
    let details = json!({
        "accessEndsDateTime": ends.and_then(rfc3339),
        "oldValue": before.ends_at.and_then(rfc3339),
        "signInAllowedAgain": reopened,
    });
    tx.db()
        .append_audit(
            tenant,
            now,
            actor,
            "Set guest access end",
            "User",
            Some(&person.id.to_string()),
            &details,
        )
        .await?;
    Ok(end)
}

/// Takes every lifecycle step due at `now`; answers how many this node took.
pub async fn run_due(services: &Services, now: UnixTime) -> Result<usize, DomainError> {
    drain_due(
        || async move {
            let mut conn = services.store.read().await?;
            Ok(conn.db().due_lifecycle_steps(now, BATCH).await?)
        },
        |step| async move { take(services, &step, now).await },
    )
    .await
}

/// Reads due steps a batch at a time and takes each; answers how many this node
/// took. Stops when nothing more is due, or when another node took every step of a
/// batch this one read.
pub(crate) async fn drain_due<T, Read, Reading, Take, Taking>(
    mut read: Read,
    mut take: Take,
) -> Result<usize, DomainError>
where
    Read: FnMut() -> Reading,
    Reading: std::future::Future<Output = Result<Vec<T>, DomainError>>,
    Take: FnMut(T) -> Taking,
    Taking: std::future::Future<Output = Result<bool, DomainError>>,
{
    let mut taken = 0;
    loop {
        let due = read().await?;
        let read_count = due.len();
        let mut progressed = false;
        for step in due {
            if take(step).await? {
                taken += 1;
                progressed = true;
            }
        }
        if !progressed || (read_count as i64) < BATCH {
            break;
        }
    }
    Ok(taken)
}

/// Takes one due step, with its effect and audit entry, in one transaction; false
/// when another node took it first (or its end moved meanwhile).
async fn take(services: &Services, step: &DueStep, now: UnixTime) -> Result<bool, DomainError> {
    let mut tx = services.store.write().await?;
    let Some(tenant) = tx.db().tenant_by_id(step.tenant_id).await? else {
        return Ok(false);
    };
    let grace = i64::from(tenant.collaboration.expired_guest_grace_days) * DAY;
    let next = match step.step {
        LifecycleStep::Remind => Some((LifecycleStep::Block, step.ends_at)),
        LifecycleStep::Block => Some((LifecycleStep::Delete, step.ends_at + grace)),
        LifecycleStep::Delete => None,
    };
    if !tx.db().take_lifecycle_step(step, next).await? {
        return Ok(false);
    }
    let Some(user) = tx.db().user_by_id(step.tenant_id, step.user_id).await? else {
        tx.commit().await?;
        return Ok(true);
    };
    let mut mailed = false;
    let (action, details) = match step.step {
        LifecycleStep::Remind => {
            let sent = remind(&mut tx.db(), services, &tenant, &user, step.ends_at, now).await?;
            mailed = sent > 0;
            (
                "Remind sponsors: guest access ends",
                json!({ "notices": sent }),
            )
        }
        LifecycleStep::Block => {
            let (sessions, tokens) =
                crate::directory::block_sign_in(&mut tx, tenant.id, user.id, now).await?;
            (
                "Block guest: access ended",
                json!({ "endedSessions": sessions, "revokedRefreshTokens": tokens }),
            )
        }
        // A guest an administrator let in again during the grace (without a new
        // end) is kept: that was a decision about it.
        LifecycleStep::Delete if user.account_enabled => (
            "Keep guest: signed in again after its access ended",
            json!({}),
        ),
        LifecycleStep::Delete => {
            tx.db().soft_delete_user(tenant.id, user.id, now).await?;
            ("Delete guest: access ended", json!({ "deletedItem": true }))
        }
    };
    let mut details = details;
    details["accessEndedDateTime"] = json!(rfc3339(step.ends_at));
    details["userPrincipalName"] = json!(user.user_principal_name);
    tx.db()
        .append_audit(
            tenant.id,
            now,
            &Actor::System,
            action,
            "User",
            Some(&user.id.to_string()),
            &details,
        )
        .await?;
    tx.commit().await?;
    if mailed {
        services.wake_mail_delivery();
    }
    Ok(true)
}

/// Tells the guest's active sponsors (or, when none can be written to, the tenant's
/// administrators) that its access ends at `ends`; answers how many emails.
async fn remind(
    db: &mut Db<'_>,
    services: &Services,
    tenant: &Tenant,
    guest: &User,
    ends: UnixTime,
    now: UnixTime,
) -> Result<usize, DomainError> {
    let (_, answering) = db.active_sponsors(tenant.id, &[guest.id]).await?;
    let base = &services.settings.public_base_url;
    let (recipients, admin): (Vec<(String, Language)>, bool) = if answering.is_empty() {
        let admins = db
            .role_holders_with_mail(tenant.id, DirectoryRole::GlobalAdministrator)
            .await?;
        let to = admins
            .into_iter()
            .map(|(_, mail, language)| (mail, language_of(language.as_deref())))
            .collect();
        (to, true)
    } else {
        let to = answering
            .into_iter()
            .map(|a| (a.mail, language_of(a.language.as_deref())))
            .collect();
        (to, false)
    };
    let link = if admin {
        format!("{base}/{}/admin/users/{}", tenant.id, guest.id)
    } else {
        format!("{base}/{}/myapps#my-guests", tenant.id)
    };
    let name = match &guest.mail {
        Some(mail) => format!("{} <{mail}>", guest.display_name),
        None => guest.display_name.clone(),
    };
    let mut sent = 0;
    for (to, language) in recipients {
        let texts = crate::texts::email::for_language(language);
        let date = format_date(language, ends);
        let subject = texts
            .access_ends_subject
            .arg("tenant", tenant.display_name.as_str())
            .arg("guest", name.as_str())
            .arg("date", date.as_str())
            .to_string();
        let intro = if admin {
            &texts.access_ends_admin
        } else {
            &texts.access_ends_sponsor
        };
        let text = format!(
            "{}\n{link}\n\n{}\n",
            intro
                .arg("tenant", tenant.display_name.as_str())
                .arg("guest", name.as_str())
                .arg("date", date.as_str()),
            texts
                .access_ends_then
                .arg("days", tenant.collaboration.expired_guest_grace_days),
        );
        let email = OutgoingEmail {
            from: services.settings.mail_sender.of(&tenant.display_name),
            to: vec![to],
            cc: Vec::new(),
            subject,
            text,
            html: None,
        };
        enqueue_email(db, services, tenant.id, &email, now).await?;
        sent += 1;
    }
    Ok(sent)
}
