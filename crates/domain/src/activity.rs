//! Sign-in activity (issue 22, part 3; decision 0015), as Graph's `signInActivity`.
//!
//! An interactive sign-in writes its time in the transaction that records it in the
//! sign-in log ([`crate::sign_in_log`]). A non-interactive one (a refresh token grant)
//! must not cost the token endpoint a write: each node keeps the latest time per user
//! in memory ([`ActivityBuffer::touch`], a map insert) and [`flush`] writes them in one
//! transaction every few seconds; a write keeps the later of the stored and the new
//! time, so nodes and retries never move it back. A node that stops without flushing
//! loses at most one interval of non-interactive times, never an interactive one.

use std::collections::HashMap;
use std::sync::Mutex;

use entente_model::{TenantId, UnixTime, UserId};

use crate::{DomainError, Services};

/// The latest non-interactive sign-in per user, not yet written.
#[derive(Debug, Default)]
pub struct ActivityBuffer {
    latest: Mutex<HashMap<(TenantId, UserId), UnixTime>>,
}

impl ActivityBuffer {
    /// Notes a non-interactive sign-in of `user` at `at`.
    pub fn touch(&self, tenant: TenantId, user: UserId, at: UnixTime) {
        let mut latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        latest
            .entry((tenant, user))
            .and_modify(|known| *known = (*known).max(at))
            .or_insert(at);
    }

    fn take(&self) -> Vec<(TenantId, UserId, UnixTime)> {
        let mut latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *latest)
            .into_iter()
            .map(|((tenant, user), at)| (tenant, user, at))
            .collect()
    }
}

/// Writes the non-interactive sign-ins noted since the last flush; answers how many
/// users. On failure they are noted again, so the next flush writes them.
pub async fn flush(services: &Services) -> Result<usize, DomainError> {
    let latest = services.activity.take();
    if latest.is_empty() {
        return Ok(0);
    }
    let written = async {
        let mut tx = services.store.write().await?;
        tx.db().record_non_interactive_sign_ins(&latest).await?;
        tx.commit().await?;
        Ok::<_, DomainError>(())
    }
    .await;
    if let Err(error) = written {
        for (tenant, user, at) in latest {
            services.activity.touch(tenant, user, at);
        }
        return Err(error);
    }
    Ok(latest.len())
}
