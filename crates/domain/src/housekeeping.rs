//! Periodic clean-up of rows whose time is over, so tables of short-lived secrets
//! (codes, sessions, device requests, pending sign-ins) do not grow without end, and
//! of deleted items past their 30 days.

use entente_model::UnixTime;
use entente_storage::Purged;

use crate::{DomainError, Services};

/// Expired rows are kept this long before removal: a code or refresh token replayed
/// just after it expired still meets its row and is treated as a replay.
pub const KEEP_AFTER_EXPIRY: i64 = 24 * 3600;

/// How long a sent email keeps its body (for an operator looking into a delivery)
/// before it is emptied: invitation emails carry live redemption links.
pub const KEEP_SENT_BODY: i64 = 3600;

/// Removes everything that expired more than [`KEEP_AFTER_EXPIRY`] before `now`, and
/// empties the bodies of emails sent more than [`KEEP_SENT_BODY`] ago.
pub async fn purge_expired(services: &Services, now: UnixTime) -> Result<Purged, DomainError> {
    let mut tx = services.store.write().await?;
    let mut purged = tx.db().purge_expired(now - KEEP_AFTER_EXPIRY).await?;
    purged.sent_email_bodies = tx.db().forget_sent_bodies(now - KEEP_SENT_BODY).await?;
    tx.commit().await?;
    crate::sign_in_log::purge_old(services, now).await?;
    crate::provisioning::purge_log(services, now).await?;
    purged.deleted_items = crate::deleted_items::purge_expired(services, now).await?;
    Ok(purged)
}
