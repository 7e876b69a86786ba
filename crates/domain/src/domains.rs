//! A tenant's domains: claiming a DNS name, proving it with a TXT record, and letting
//! it go.
//!
//! A tenant claims a domain and is handed a verification code; once the domain's DNS
//! holds a TXT record with that code, verifying it makes the domain the tenant's, and
//! from then on home-realm discovery sends addresses in that domain to the tenant. A
//! domain is verified by at most one tenant: the storage's unique index decides, so two
//! tenants verifying at once cannot both win.
//!
//! A domain held by an *unmanaged* tenant (made when a partner signed up by email
//! verification) blocks no one: the first managed tenant to prove it by DNS takes the
//! unmanaged tenant over, its users becoming that tenant's members in the same
//! transaction that marks the domain verified.
//!
//! DNS is reached only through the [`TxtResolver`] the services were built with; this
//! module never opens a socket, and never holds a transaction while a lookup is under
//! way (a slow name server must not stall every other write).

use std::future::Future;
use std::pin::Pin;

use entente_model::{Tenant, TenantId, UnixTime};
use entente_storage::{Db, StoreError, Tx};
use serde_json::json;

use crate::access::{ReadAccess, WriteAccess};
use crate::crypto::hex;
use crate::fields::{Fault, Rule};
use crate::{DomainError, Services};

/// The prefix of every verification code, so a TXT record says what it is for.
pub const VERIFICATION_PREFIX: &str = "entente-verification=";

/// The time to live suggested for the verification record, in seconds (Graph's).
pub const VERIFICATION_TTL: u32 = 3600;

/// The TXT strings of a name, or why they could not be read.
pub type TxtLookup<'a> = Pin<Box<dyn Future<Output = Result<Vec<String>, String>> + Send + 'a>>;

/// Looks up DNS TXT records. Implementations answer one string per record (its
/// character-strings joined, as SPF and verification records are read), an empty list
/// when the name has no TXT record or does not exist, and an error only when the
/// answer could not be had (time-out, refused, malformed), with a message safe to show.
pub trait TxtResolver: Send + Sync + std::fmt::Debug {
    fn txt(&self, name: &str) -> TxtLookup<'_>;
}

/// A resolver that knows no records at all: for programs that never verify domains,
/// such as benchmarks.
#[derive(Debug, Default)]
pub struct NoTxtRecords;

impl TxtResolver for NoTxtRecords {
    fn txt(&self, _name: &str) -> TxtLookup<'_> {
        Box::pin(async { Ok(Vec::new()) })
    }
}

/// A domain of a tenant as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Domain {
    /// The lower-case DNS name, which is also the domain's id.
    pub name: String,
    pub is_verified: bool,
    /// The domain the tenant got at creation; it is always verified and stays.
    pub is_initial: bool,
    /// The text the TXT record must hold; the initial domain has none.
    pub verification_code: Option<String>,
    pub created_at: UnixTime,
    pub verified_at: Option<UnixTime>,
}

/// A DNS record to publish to prove a domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerificationRecord {
    /// The record's name: the domain itself.
    pub label: String,
    pub text: String,
    pub ttl: u32,
}

/// Claims a domain for the caller's tenant and makes its verification code.
pub async fn add_domain(
    services: &Services,
    access: &WriteAccess,
    name: &str,
    now: UnixTime,
) -> Result<Domain, DomainError> {
    let name = domain_name(name, &services.settings.initial_domain_suffix)?;
    let code = format!("{VERIFICATION_PREFIX}{}", hex(&random_bytes(services, 16)));
    let mut tx = services.store.write().await?;
    if tx.db().tenant_domain(access.tenant, &name).await?.is_some() {
        return Err(DomainError::Conflict(format!(
            "the domain {name} has already been added to this tenant"
        )));
    }
    if let Some(taken) = verified_elsewhere_in(&mut tx.db(), access.tenant, &name).await? {
        return Err(verified_elsewhere(&taken));
    }
    tx.db()
        .insert_tenant_domain(access.tenant, &name, &code, now)
        .await?;
    audit(&mut tx, access, now, "Add domain", &name, json!({})).await?;
    tx.commit().await?;
    Ok(Domain {
        name,
        is_verified: false,
        is_initial: false,
        verification_code: Some(code),
        created_at: now,
        verified_at: None,
    })
}

/// The tenant's domains: the initial one first, then the claimed ones by name.
pub async fn list_domains(
    services: &Services,
    access: ReadAccess,
) -> Result<Vec<Domain>, DomainError> {
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let tenant = db
        .tenant_by_id(access.tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    let claimed = db.tenant_domains(access.tenant).await?;
    let mut domains = vec![initial(&tenant)];
    domains.extend(claimed.into_iter().map(|r| Domain {
        name: r.domain,
        is_verified: r.verified_at.is_some(),
        is_initial: false,
        verification_code: Some(r.verification_code),
        created_at: r.created_at,
        verified_at: r.verified_at,
    }));
    Ok(domains)
}

/// One of the tenant's domains; a malformed name does not exist, as in Graph.
pub async fn get_domain(
    services: &Services,
    access: ReadAccess,
    name: &str,
) -> Result<Domain, DomainError> {
    let name = requested_name(name);
    let mut conn = services.store.read().await?;
    let mut db = conn.db();
    let tenant = db
        .tenant_by_id(access.tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    if tenant.initial_domain == name {
        return Ok(initial(&tenant));
    }
    let record = db
        .tenant_domain(access.tenant, &name)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(Domain {
        name: record.domain,
        is_verified: record.verified_at.is_some(),
        is_initial: false,
        verification_code: Some(record.verification_code),
        created_at: record.created_at,
        verified_at: record.verified_at,
    })
}

/// The TXT record that proves the domain; none for the initial domain, which needs
/// no proof.
pub async fn verification_records(
    services: &Services,
    access: ReadAccess,
    name: &str,
) -> Result<Vec<VerificationRecord>, DomainError> {
    let domain = get_domain(services, access, name).await?;
    Ok(domain
        .verification_code
        .map(|code| VerificationRecord {
            label: domain.name.clone(),
            text: code,
            ttl: VERIFICATION_TTL,
        })
        .into_iter()
        .collect())
}

/// A domain just proven, and what its proof took over.
#[derive(Clone, Debug)]
pub struct Verified {
    pub domain: Domain,
    /// How many accounts of an unmanaged tenant holding the domain became members.
    /// They signed up by email code and have no password: they keep signing in by
    /// code until they get one, except where the tenant requires a second factor.
    pub moved_accounts: usize,
}

/// Proves a claimed domain by finding its verification code among the domain's TXT
/// records, looked up through `resolver`. Verifying a domain already verified by
/// this tenant changes nothing; one verified by another tenant is a conflict.
pub async fn verify_domain(
    services: &Services,
    access: &WriteAccess,
    resolver: &dyn TxtResolver,
    name: &str,
    now: UnixTime,
) -> Result<Verified, DomainError> {
    let read = ReadAccess {
        tenant: access.tenant,
    };
    let domain = get_domain(services, read, name).await?;
    if domain.is_verified {
        return Ok(Verified {
            domain,
            moved_accounts: 0,
        });
    }
    let Some(code) = domain.verification_code.clone() else {
        return Ok(Verified {
            domain,
            moved_accounts: 0,
        });
    };
    let mut conn = services.store.read().await?;
    let taken = verified_elsewhere_in(&mut conn.db(), access.tenant, &domain.name).await?;
    drop(conn);
    if let Some(taken) = taken {
        return Err(verified_elsewhere(&taken));
    }
    // The lookup happens before the write transaction opens: holding the writer (the
    // only one, on SQLite) through a DNS time-out would stall the whole deployment.
    // DNS holds an internationalized name in its ASCII (`xn--`) form.
    let dns_name = crate::address::ascii_domain(&domain.name).unwrap_or(domain.name.clone());
    let expected = || {
        format!("publish a TXT record named {dns_name} with the text \"{code}\" and verify again")
    };
    let found = resolver.txt(&dns_name).await.map_err(|error| {
        DomainError::invalid(format!(
            "The TXT records of {} could not be looked up ({error}); {}.",
            domain.name,
            expected()
        ))
    })?;
    if !found.iter().any(|text| text.trim() == code) {
        return Err(DomainError::invalid(format!(
            "No TXT record of {} holds the verification code: {}.",
            domain.name,
            expected()
        )));
    }
    let mut tx = services.store.write().await?;
    let taken_over = unmanaged_holder(&mut tx.db(), access.tenant, &domain.name).await?;
    let mut moved_accounts = 0;
    if let Some(unmanaged) = taken_over {
        moved_accounts = take_over(&mut tx, access, unmanaged, &domain.name, now).await?;
    }
    match tx
        .db()
        .set_tenant_domain_verified(access.tenant, &domain.name, now)
        .await
    {
        Ok(true) => {}
        // Removed between the lookup and now.
        Ok(false) => return Err(DomainError::NotFound),
        Err(StoreError::Conflict(_)) => return Err(verified_elsewhere(&domain.name)),
        Err(other) => return Err(other.into()),
    }
    audit(
        &mut tx,
        access,
        now,
        "Verify domain",
        &domain.name,
        json!({}),
    )
    .await?;
    tx.commit().await?;
    // Lookups of the tenant by domain are cached; this one must now find it.
    services.cache.forget_tenant(access.tenant);
    if let Some(unmanaged) = taken_over {
        services.cache.forget_tenant(unmanaged);
    }
    Ok(Verified {
        domain: Domain {
            is_verified: true,
            verified_at: Some(now),
            ..domain
        },
        moved_accounts,
    })
}

/// Gives up a claimed domain. The initial domain stays, and so does a domain that
/// users' principal names are in (they would name a domain the tenant no longer has).
pub async fn remove_domain(
    services: &Services,
    access: &WriteAccess,
    name: &str,
    now: UnixTime,
) -> Result<(), DomainError> {
    let name = requested_name(name);
    let mut tx = services.store.write().await?;
    let tenant = tx
        .db()
        .tenant_by_id(access.tenant)
        .await?
        .ok_or(DomainError::NotFound)?;
    if tenant.initial_domain == name {
        return Err(DomainError::invalid(format!(
            "{name} is the tenant's initial domain, which cannot be removed"
        )));
    }
    let Some(record) = tx.db().tenant_domain(access.tenant, &name).await? else {
        return Err(DomainError::NotFound);
    };
    let users = tx.db().count_users_in_domain(access.tenant, &name).await?;
    if users > 0 {
        return Err(DomainError::invalid(format!(
            "{users} user(s), counting those in deleted items, have a userPrincipalName in \
             {name}; change them, or delete them permanently, before removing the domain"
        )));
    }
    tx.db().delete_tenant_domain(access.tenant, &name).await?;
    let details = json!({ "wasVerified": record.verified_at.is_some() });
    audit(&mut tx, access, now, "Remove domain", &name, details).await?;
    tx.commit().await?;
    services.cache.forget_tenant(access.tenant);
    Ok(())
}

/// Checks and normalizes a domain name a tenant may claim: a DNS host name of at
/// least two labels, with no trailing dot, that is not the deployment's own
/// initial-domain suffix or under it (those names are handed out by Entente, not
/// proven by DNS). An internationalized name may be written in Unicode or in its
/// `xn--` form; the result is the canonical form of [`crate::address`] (Unicode,
/// lower case), so `bücher.example` and `xn--bcher-kva.example` are one domain.
pub fn domain_name(raw: &str, initial_domain_suffix: &str) -> Result<String, DomainError> {
    let trimmed = raw.trim();
    let message = |why: &str| format!("{raw:?} is not a valid domain: {why}");
    let invalid = |why: &str| {
        let entry = trimmed.to_owned();
        Fault::error("id", Rule::NotDomain { entry }, message(why))
    };
    if trimmed.is_empty() {
        return Err(Fault::error("id", Rule::Empty, message("it is empty")));
    }
    if trimmed.ends_with('.') {
        return Err(invalid("write it without the trailing dot"));
    }
    // The rules below read the ASCII form; an ASCII name that UTS #46 refuses goes on
    // to them to be told which rule it breaks.
    let name = match crate::address::ascii_domain(trimmed) {
        Some(ascii) => ascii,
        None if !trimmed.is_ascii() => {
            return Err(invalid("it is not a valid internationalized domain name"));
        }
        None => trimmed.to_ascii_lowercase(),
    };
    if name.len() > 253 {
        return Err(invalid("it is longer than 253 characters"));
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 {
        return Err(invalid(
            "it needs at least two labels, such as fabrikam.com",
        ));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(invalid("it has an empty label"));
        }
        if label.len() > 63 {
            return Err(invalid("a label is longer than 63 characters"));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(invalid("labels hold only letters, digits and hyphens"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(invalid("a label starts or ends with a hyphen"));
        }
    }
    // A numeric top-level label means an IP address, never a domain one can register.
    if labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(invalid("it is an IP address"));
    }
    let suffix = initial_domain_suffix
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if name == suffix || name.ends_with(&format!(".{suffix}")) {
        return Err(invalid(&format!(
            "names under {suffix} are tenants' initial domains, given by Entente"
        )));
    }
    crate::address::canonical_domain(&name)
        .ok_or_else(|| invalid("it is not a valid internationalized domain name"))
}

/// A domain named in a request, in canonical form when it is a valid name (a malformed
/// one is kept as typed, lower-cased, and matches nothing).
fn requested_name(name: &str) -> String {
    crate::address::canonical_domain(name).unwrap_or_else(|| name.trim().to_lowercase())
}

fn initial(tenant: &Tenant) -> Domain {
    Domain {
        name: tenant.initial_domain.clone(),
        is_verified: true,
        is_initial: true,
        verification_code: None,
        created_at: tenant.created_at,
        verified_at: Some(tenant.created_at),
    }
}

/// The name, among `name` and the domains above it, that another tenant has verified.
/// A tenant that proved `fabrikam.com` owns its subdomains too: no one else may claim
/// `sales.fabrikam.com`, even with a TXT record there (which that tenant's DNS holds).
async fn verified_elsewhere_in(
    db: &mut Db<'_>,
    tenant: TenantId,
    name: &str,
) -> Result<Option<String>, DomainError> {
    let mut candidate = name;
    loop {
        if let Some(owner) = db.domain_verified_by(candidate).await?
            && owner != tenant
            && !is_unmanaged(db, owner).await?
        {
            return Ok(Some(candidate.to_owned()));
        }
        match candidate.split_once('.') {
            // Stop above the last two labels: a top-level domain is never verified.
            Some((_, parent)) if parent.contains('.') => candidate = parent,
            _ => return Ok(None),
        }
    }
}

/// Whether a tenant is an unmanaged one, whose domain claims rest on email
/// verification only and yield to a DNS proof.
async fn is_unmanaged(db: &mut Db<'_>, tenant: TenantId) -> Result<bool, DomainError> {
    Ok(db.tenant_by_id(tenant).await?.is_some_and(|t| !t.managed))
}

/// The unmanaged tenant that holds exactly `name`, when `tenant` (a managed one) may
/// take it over by proving the name.
async fn unmanaged_holder(
    db: &mut Db<'_>,
    tenant: TenantId,
    name: &str,
) -> Result<Option<TenantId>, DomainError> {
    let Some(holder) = db.domain_verified_by(name).await? else {
        return Ok(None);
    };
    let verifier_managed = db.tenant_by_id(tenant).await?.is_some_and(|t| t.managed);
    Ok((holder != tenant && verifier_managed && is_unmanaged(db, holder).await?).then_some(holder))
}

/// The admin takeover: the unmanaged tenant gives up `name`, and its users (same ids,
/// with their sessions and second factors) become members of the verifying tenant;
/// guests elsewhere that were redeemed by them now name that tenant as their home.
/// The unmanaged tenant is left empty, its audit history kept.
async fn take_over(
    tx: &mut Tx,
    access: &WriteAccess,
    unmanaged: TenantId,
    name: &str,
    now: UnixTime,
) -> Result<usize, DomainError> {
    let mut db = tx.db();
    db.delete_tenant_domain(unmanaged, name).await?;
    let moved = match db.move_tenant_users(unmanaged, access.tenant).await {
        Ok(moved) => moved,
        Err(StoreError::Conflict(_)) => {
            return Err(DomainError::Conflict(format!(
                "{name} is held by an unmanaged tenant whose users have the same names as \
                 users of this tenant; rename or remove those users and verify again"
            )));
        }
        Err(other) => return Err(other.into()),
    };
    let users: Vec<String> = moved.iter().map(|u| u.to_string()).collect();
    db.append_audit(
        unmanaged,
        now,
        &access.actor,
        "Taken over by verified domain owner",
        "Tenant",
        Some(&unmanaged.to_string()),
        &json!({ "domain": name, "newTenantId": access.tenant.to_string(), "users": users }),
    )
    .await?;
    db.append_audit(
        access.tenant,
        now,
        &access.actor,
        "Take over unmanaged tenant",
        "Tenant",
        Some(&unmanaged.to_string()),
        &json!({ "domain": name, "users": users }),
    )
    .await?;
    for user in &moved {
        db.append_audit(
            access.tenant,
            now,
            &access.actor,
            "Move user from unmanaged tenant",
            "User",
            Some(&user.to_string()),
            &json!({ "domain": name, "fromTenantId": unmanaged.to_string() }),
        )
        .await?;
    }
    Ok(moved.len())
}

fn verified_elsewhere(name: &str) -> DomainError {
    DomainError::Conflict(format!(
        "the domain {name} has already been verified by another tenant"
    ))
}

fn random_bytes(services: &Services, n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    services.entropy.fill(&mut bytes);
    bytes
}

async fn audit(
    tx: &mut Tx,
    access: &WriteAccess,
    now: UnixTime,
    action: &str,
    domain: &str,
    details: serde_json::Value,
) -> Result<(), DomainError> {
    tx.db()
        .append_audit(
            access.tenant,
            now,
            &access.actor,
            action,
            "Domain",
            Some(domain),
            &details,
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str) -> Result<String, DomainError> {
        domain_name(name, "entente.test")
    }

    #[test]
    fn names_are_lower_cased_and_trimmed() {
        assert_eq!(check(" Fabrikam.COM ").unwrap(), "fabrikam.com");
        // Internationalized names, typed either way, are kept in Unicode.
        for typed in [
            "mail.xn--bcher-kva.example",
            "mail.bücher.example",
            "Mail.BÜCHER.example",
        ] {
            assert_eq!(check(typed).unwrap(), "mail.bücher.example", "{typed}");
        }
        assert_eq!(check("a-b.c9.io").unwrap(), "a-b.c9.io");
    }

    #[test]
    fn malformed_names_are_refused() {
        for bad in [
            "",
            "localhost",
            "-x.com",
            "x-.com",
            "a..b",
            ".com",
            "fabrikam.com.",
            "fab rikam.com",
            "fab_rikam.com",
            "bü cher.de",
            "xn--zz.example",
            "1.2.3.4",
            "a@b.com",
        ] {
            assert!(
                matches!(check(bad), Err(DomainError::Field { .. })),
                "{bad:?} was accepted"
            );
        }
        let long_label = format!("{}.com", "a".repeat(64));
        assert!(check(&long_label).is_err());
        let long_name = format!("{}com", "abcdefghi.".repeat(26));
        assert!(long_name.len() > 253);
        assert!(check(&long_name).is_err());
    }

    #[test]
    fn the_initial_domain_suffix_and_names_under_it_are_refused() {
        for bad in [
            "entente.test",
            "contoso.entente.test",
            "A.Contoso.Entente.Test",
        ] {
            let error = check(bad).unwrap_err().to_string();
            assert!(error.contains("initial domains"), "{bad}: {error}");
        }
        // A name that merely ends with the same letters is someone else's domain.
        assert_eq!(check("myentente.test").unwrap(), "myentente.test");
    }
}
