//! The inactive-guest policy (issue 22, part 3; decision 0015). When a tenant turns
//! it on, a guest without a sign-in (interactive or not) for `inactiveGuestDays` is
//! reported to its sponsors (or the administrators), owes a block
//! `inactiveGuestBlockAfterDays` later unless a sponsor keeps it or it signs in, and
//! owes a move to deleted items `expiredGuestGraceInDays` after the block. [`run`],
//! on the server's lifecycle tick and in tests with any `now`, finds the newly
//! inactive and takes the due steps, each by compare-and-set in the transaction that
//! performs and audits it. The users list's "Inactive guests" shows whom the policy
//! finds before it is turned on.

use std::collections::BTreeMap;

use entente_i18n::Language;
use entente_model::{Actor, CollaborationPolicy, DirectoryRole, TenantId, UnixTime, UserId};
use entente_storage::{DueInactivity, LifecycleStep};
use serde_json::json;

use crate::invitations::messages::format_date;
use crate::sponsors::{guest_list, language_of, queue_notice};
use crate::{DomainError, Services};

const DAY: i64 = 86_400;
const BATCH: i64 = 200;

/// Since when a guest must not have signed in to be inactive under `policy` at `now`.
pub fn inactive_since(policy: &CollaborationPolicy, now: UnixTime) -> UnixTime {
    now - i64::from(policy.inactive_guest_days) * DAY
}

/// Finds the guests newly inactive in every tenant whose policy is on, and takes the
/// due blocks and deletes; answers how many guests this node flagged or moved on.
pub async fn run(services: &Services, now: UnixTime) -> Result<usize, DomainError> {
    let tenants = {
        let mut conn = services.store.read().await?;
        conn.db().tenants_with_inactive_guest_policy().await?
    };
    let mut done = 0;
    for (tenant, policy) in tenants {
        loop {
            let flagged = flag(services, tenant, &policy, now).await?;
            done += flagged;
            if (flagged as i64) < BATCH {
                break;
            }
        }
    }
    done += crate::lifecycle::drain_due(
        || async move {
            let mut conn = services.store.read().await?;
            Ok(conn.db().due_inactivity_steps(now, BATCH).await?)
        },
        |step| async move { take(services, &step, now).await },
    )
    .await?;
    Ok(done)
}

/// Flags up to a batch of newly inactive guests of one tenant, and tells their
/// sponsors (or the administrators) in one email each, in one transaction.
async fn flag(
    services: &Services,
    tenant: TenantId,
    policy: &CollaborationPolicy,
    now: UnixTime,
) -> Result<usize, DomainError> {
    let block_at = now + i64::from(policy.inactive_guest_block_days) * DAY;
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    let flagged = db
        .flag_inactive_guests(tenant, inactive_since(policy, now), block_at, BATCH)
        .await?;
    if flagged.is_empty() {
        return Ok(0);
    }
    let Some(tenant_row) = db.tenant_by_id(tenant).await? else {
        return Ok(0);
    };
    let mut guests = Vec::with_capacity(flagged.len());
    for id in &flagged {
        if let Some(user) = db.user_by_id(tenant, *id).await? {
            guests.push(user);
        }
    }
    let (still_sponsored, answering) = db.active_sponsors(tenant, &flagged).await?;
    // Each recipient, with its language and the guests it is told about.
    let mut letters: BTreeMap<(bool, String), (Language, Vec<UserId>)> = BTreeMap::new();
    for answer in &answering {
        letters
            .entry((false, answer.mail.clone()))
            .or_insert_with(|| (language_of(answer.language.as_deref()), Vec::new()))
            .1
            .push(answer.user_id);
    }
    let told: std::collections::HashSet<UserId> = answering.iter().map(|a| a.user_id).collect();
    let orphans: Vec<UserId> = flagged
        .iter()
        .copied()
        .filter(|id| !told.contains(id))
        .collect();
    if !orphans.is_empty() {
        for (_, mail, language) in db
            .role_holders_with_mail(tenant, DirectoryRole::GlobalAdministrator)
            .await?
        {
            letters.insert(
                (true, mail),
                (language_of(language.as_deref()), orphans.clone()),
            );
        }
    }
    let base = &services.settings.public_base_url;
    let mut mailed = false;
    for ((admin, mail), (language, ids)) in &letters {
        let texts = crate::texts::email::for_language(*language);
        let date = format_date(*language, block_at);
        let name = tenant_row.display_name.as_str();
        let subject = texts
            .inactive_subject
            .arg("tenant", name)
            .arg("days", policy.inactive_guest_days)
            .to_string();
        let intro = if *admin {
            &texts.inactive_admin
        } else {
            &texts.inactive_sponsor
        };
        let named: Vec<(&str, Option<&str>)> = guests
            .iter()
            .filter(|g| ids.contains(&g.id))
            .map(|g| (g.display_name.as_str(), g.mail.as_deref()))
            .collect();
        let link = if *admin {
            format!("{base}/{tenant}/admin/users?kind=inactive")
        } else {
            format!("{base}/{tenant}/myapps#my-guests")
        };
        let text = format!(
            "{}\n\n{}",
            intro.arg("tenant", name).arg("date", date.as_str()),
            guest_list(*language, &named, &link)
        );
        queue_notice(&mut db, services, &tenant_row, mail, (subject, text), now).await?;
        mailed = true;
    }
    for guest in &guests {
        let details = json!({
            "inactiveGuestDays": policy.inactive_guest_days,
            "blockDateTime": crate::lifecycle::rfc3339(block_at),
            "sponsored": still_sponsored.contains(&guest.id),
        });
        db.append_audit(
            tenant,
            now,
            &Actor::System,
            "Report inactive guest",
            "User",
            Some(&guest.id.to_string()),
            &details,
        )
        .await?;
    }
    tx.commit().await?;
    if mailed {
        services.wake_mail_delivery();
    }
    Ok(flagged.len())
}

/// Takes one due block or delete; false when another node took it, or a sponsor kept
/// the guest, first.
async fn take(
    services: &Services,
    step: &DueInactivity,
    now: UnixTime,
) -> Result<bool, DomainError> {
    let mut tx = services.store.write().await?;
    let Some(tenant) = tx.db().tenant_by_id(step.tenant_id).await? else {
        return Ok(false);
    };
    let policy = &tenant.collaboration;
    let flagged_at = step.due_at - i64::from(policy.inactive_guest_block_days) * DAY;
    let next = match step.step {
        LifecycleStep::Block => Some((
            LifecycleStep::Delete,
            now + i64::from(policy.expired_guest_grace_days) * DAY,
        )),
        _ => None,
    };
    // A guest that signed in since it was reported, or a policy turned off, owes
    // nothing any more.
    let still = match step.step {
        LifecycleStep::Block => {
            policy.inactive_guest_policy
                && tx
                    .db()
                    .inactive_since(step.tenant_id, step.user_id, flagged_at)
                    .await?
        }
        _ => true,
    };
    let next = if still { next } else { None };
    if !tx.db().take_inactivity_step(step, next).await? {
        return Ok(false);
    }
    let Some(user) = tx.db().user_by_id(step.tenant_id, step.user_id).await? else {
        tx.commit().await?;
        return Ok(true);
    };
    let action = match step.step {
        _ if !still => None,
        LifecycleStep::Block => {
            crate::directory::block_sign_in(&mut tx, tenant.id, user.id, now).await?;
            Some("Block guest: inactive")
        }
        // Let in again by an administrator meanwhile: that was a decision about it.
        LifecycleStep::Delete if user.account_enabled => None,
        LifecycleStep::Delete => {
            tx.db().soft_delete_user(tenant.id, user.id, now).await?;
            Some("Delete guest: inactive")
        }
        LifecycleStep::Remind => None,
    };
    if let Some(action) = action {
        let details = json!({
            "userPrincipalName": user.user_principal_name,
            "inactiveGuestDays": policy.inactive_guest_days,
        });
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
    }
    tx.commit().await?;
    Ok(true)
}

/// A sponsor keeps a guest from My Apps: it counts as active from `now`, and a block
/// owed for inactivity is called off. Only a sponsor of the guest (itself or through a
/// group) may; audited.
pub async fn keep(
    services: &Services,
    tenant: TenantId,
    sponsor: UserId,
    guest: UserId,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    if !tx.db().answers_for(tenant, sponsor, guest).await? {
        return Err(DomainError::NotFound);
    }
    if !tx.db().keep_guest(tenant, guest, now).await? {
        return Err(DomainError::Conflict(
            "the guest is already blocked for not signing in; an administrator can let it in again"
                .into(),
        ));
    }
    tx.db()
        .append_audit(
            tenant,
            now,
            &Actor::User(sponsor),
            "Keep guest: sponsor confirmed",
            "User",
            Some(&guest.to_string()),
            &json!({}),
        )
        .await?;
    tx.commit().await?;
    Ok(())
}
