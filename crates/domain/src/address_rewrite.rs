//! The one-time rewrite of names stored before addresses and domains had one
//! canonical form ([`crate::address`], docs/decisions/0011): tenants' and federation
//! partners' domains claimed in their `xn--` form, and addresses at such domains,
//! are rewritten in canonical (Unicode) form so look-ups find them again.
//!
//! Migration 27 leaves a marker; the first start after it rewrites everything in one
//! transaction and clears the marker in it, so the work is done exactly once (a node
//! starting alongside waits for the writer, then finds nothing left to do).

use crate::address::{canonical, canonical_domain};
use crate::{DomainError, Services};

/// Rewrites the stored names still in ASCII form, when migration 27 asks for it;
/// answers how many rows changed.
pub async fn rewrite_stored_names(services: &Services) -> Result<usize, DomainError> {
    let mut tx = services.store.write().await?;
    let mut db = tx.db();
    if !db.idn_rewrite_pending().await? {
        return Ok(0);
    }
    let mut changed = 0;
    for (tenant, domain) in db.tenant_domains_in_ascii_form().await? {
        if let Some(unicode) = canonical_domain(&domain).filter(|u| *u != domain) {
            db.rename_tenant_domain(tenant, &domain, &unicode).await?;
            changed += 1;
        }
    }
    for (tenant, domain) in db.federation_domains_in_ascii_form().await? {
        if let Some(unicode) = canonical_domain(&domain).filter(|u| *u != domain) {
            db.rename_federation_domain(tenant, &domain, &unicode)
                .await?;
            changed += 1;
        }
    }
    for user in db.users_in_ascii_form().await? {
        // A guest's principal name is a name (`alice_xn--…#EXT#@…`), not an address at
        // the partner's domain: only a member's is an address to rewrite.
        let upn = canonical(&user.user_principal_name)
            .filter(|upn| !upn.contains("#EXT#"))
            .unwrap_or_else(|| user.user_principal_name.clone());
        let mail = user
            .mail
            .as_deref()
            .map(|m| canonical(m).unwrap_or(m.to_owned()));
        if upn != user.user_principal_name || mail != user.mail {
            // A principal name already taken in canonical form keeps its old form.
            let taken = upn != user.user_principal_name
                && db
                    .user_by_principal_name(user.tenant, &upn)
                    .await?
                    .is_some();
            let upn = if taken {
                user.user_principal_name.as_str()
            } else {
                upn.as_str()
            };
            db.rename_user(user.tenant, user.id, upn, mail.as_deref())
                .await?;
            changed += 1;
        }
    }
    for (id, email) in db.invitations_in_ascii_form().await? {
        if let Some(unicode) = canonical(&email).filter(|u| *u != email) {
            db.set_invited_email(id, &unicode).await?;
            changed += 1;
        }
    }
    db.finish_idn_rewrite().await?;
    tx.commit().await?;
    // Run at start, before any request: no cache holds the old names yet.
    if changed > 0 {
        tracing::info!(
            changed,
            "rewrote stored domains and addresses in canonical form"
        );
    }
    Ok(changed)
}
