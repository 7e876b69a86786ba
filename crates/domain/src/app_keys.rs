//! Certificate credentials of applications: Graph's `keyCredentials`, the keys an
//! application signs its client assertions (`private_key_jwt`) with, as MSAL's and
//! azure-identity's certificate credentials do.
//!
//! A credential is an X.509 certificate (RSA of 2048 bits or more, or ECDSA P-256 or
//! P-384); only its public key and validity matter, it is never checked against a
//! CA, as in Entra. An assertion names its key by the certificate's thumbprint
//! (`x5t`: SHA-1, `x5t#S256`: SHA-256, base64url) or by `kid` (the credential's key id
//! or the SHA-1 thumbprint in hex). An admin replaces the set (`PATCH keyCredentials`);
//! the application itself rolls its keys with `addKey` and `removeKey`, each carrying a
//! proof of possession: a JWT signed by one of its current certificates, which is
//! good once. Nothing here ever holds a private key.

use aws_lc_rs::digest;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use entente_model::{AppId, KeyCredential, TenantId, UnixTime};
use entente_storage::Tx;
use jsonwebtoken::{Algorithm, DecodingKey, Header, Validation};
use serde_json::{Value, json};
use uuid::Uuid;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

use crate::access::{Caller, WriteAccess};
use crate::directory::audit;
use crate::{DomainError, Services};

/// Graph's audience of a proof of possession (the AAD Graph application's id).
pub const PROOF_AUDIENCE: &str = "00000002-0000-0000-c000-000000000000";
/// The longest a proof of possession may live, as Graph says (`exp` = `nbf` + 10 min).
const PROOF_LIFETIME: i64 = 10 * 60;
/// At most this many certificate credentials per application.
pub const MAX_KEYS: usize = 20;
/// Graph's `customKeyIdentifier` is at most 32 bytes.
const MAX_CUSTOM_KEY_IDENTIFIER: usize = 32;
/// Entra's audit activity for changes to an application's credentials.
const AUDIT_ACTION: &str = "Update application – Certificates and secrets management";

/// A certificate credential as a request gives it (Graph's `keyCredential`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyCredentialInput {
    /// Keeps the existing credential of this id when `key` is absent (a PATCH that
    /// sends back what a GET showed); names the new one otherwise.
    pub key_id: Option<Uuid>,
    /// The certificate: base64 of its DER or PEM bytes, or PEM text itself.
    pub key: Option<String>,
    pub display_name: Option<String>,
    pub custom_key_identifier: Option<String>,
    pub starts_at: Option<UnixTime>,
    pub ends_at: Option<UnixTime>,
    /// `AsymmetricX509Cert`, the only type Entente takes.
    pub key_type: Option<String>,
    /// `Verify`, the only usage Entente takes.
    pub usage: Option<String>,
}

/// A parsed certificate: what a credential keeps of it.
#[derive(Clone, Debug)]
pub struct Certificate {
    pub der: Vec<u8>,
    pub thumbprint_sha1: String,
    pub thumbprint_sha256: String,
    pub not_before: UnixTime,
    pub not_after: UnixTime,
    pub subject: String,
}

/// A credential's key, ready to check signatures: what the client cache holds.
#[derive(Clone)]
pub struct ClientKey {
    pub id: Uuid,
    pub thumbprint_sha1: String,
    pub thumbprint_sha256: String,
    pub starts_at: UnixTime,
    pub ends_at: UnixTime,
    key: DecodingKey,
    algorithms: &'static [Algorithm],
}

impl std::fmt::Debug for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientKey")
            .field("id", &self.id)
            .field("thumbprint_sha1", &self.thumbprint_sha1)
            .finish_non_exhaustive()
    }
}

const RSA_ALGORITHMS: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
];

/// Reads a certificate as Graph's `key` carries it (base64 of the file's bytes, DER
/// or PEM), or as PEM text (an upload, a CLI file).
pub fn read_certificate(text: &str) -> Result<Certificate, DomainError> {
    let bad = |why: &str| DomainError::invalid(format!("the certificate is unusable: {why}"));
    let trimmed = text.trim();
    let bytes = if trimmed.starts_with("-----BEGIN") {
        trimmed.as_bytes().to_vec()
    } else {
        let compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
        STANDARD
            .decode(&compact)
            .or_else(|_| URL_SAFE_NO_PAD.decode(compact.trim_end_matches('=')))
            .map_err(|_| bad("it is neither base64 nor PEM"))?
    };
    let der = if bytes.starts_with(b"-----BEGIN") {
        let (_, pem) = x509_parser::pem::parse_x509_pem(&bytes)
            .map_err(|_| bad("the PEM text holds no certificate"))?;
        if pem.label != "CERTIFICATE" {
            return Err(bad(&format!(
                "the PEM block is a {}, not a CERTIFICATE",
                pem.label
            )));
        }
        pem.contents
    } else {
        bytes
    };
    let (rest, cert) =
        X509Certificate::from_der(&der).map_err(|_| bad("not an X.509 certificate"))?;
    if !rest.is_empty() {
        return Err(bad("trailing bytes after the certificate"));
    }
    public_key(&cert).map_err(|why| bad(&why))?;
    let thumbprint = |algorithm| URL_SAFE_NO_PAD.encode(digest::digest(algorithm, &der));
    Ok(Certificate {
        thumbprint_sha1: thumbprint(&digest::SHA1_FOR_LEGACY_USE_ONLY),
        thumbprint_sha256: thumbprint(&digest::SHA256),
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        subject: cert.subject().to_string(),
        der: der.clone(),
    })
}

/// The certificate's key as a signature checker, with the algorithms it may sign
/// with; weak or unknown keys are refused.
fn public_key(cert: &X509Certificate) -> Result<(DecodingKey, &'static [Algorithm]), String> {
    let spki = cert.public_key();
    let raw = &spki.subject_public_key.data;
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) if rsa.key_size() >= 2048 => {
            Ok((DecodingKey::from_rsa_der(raw), RSA_ALGORITHMS))
        }
        Ok(PublicKey::RSA(rsa)) => Err(format!(
            "its RSA key has {} bits; at least 2048 are required",
            rsa.key_size()
        )),
        Ok(PublicKey::EC(point)) => match point.key_size() {
            256 => Ok((DecodingKey::from_ec_der(raw), &[Algorithm::ES256])),
            384 => Ok((DecodingKey::from_ec_der(raw), &[Algorithm::ES384])),
            bits => Err(format!(
                "its EC key has {bits} bits; P-256 or P-384 is required"
            )),
        },
        _ => Err("its key is neither RSA nor ECDSA".to_owned()),
    }
}

/// The keys of stored credentials, for the client cache; a certificate that no longer
/// parses (it was checked when stored) is left out.
pub fn client_keys(credentials: &[KeyCredential]) -> Vec<ClientKey> {
    credentials
        .iter()
        .filter_map(|c| {
            let der = STANDARD.decode(&c.certificate).ok()?;
            let (_, cert) = X509Certificate::from_der(&der).ok()?;
            let (key, algorithms) = public_key(&cert).ok()?;
            Some(ClientKey {
                id: c.id,
                thumbprint_sha1: c.thumbprint_sha1.clone(),
                thumbprint_sha256: c.thumbprint_sha256.clone(),
                starts_at: c.starts_at,
                ends_at: c.ends_at,
                key,
                algorithms,
            })
        })
        .collect()
}

/// What went wrong finding or using a key, for the caller's error message.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyMismatch {
    /// The JWT names no key that is registered.
    NotRegistered,
    /// It names one, which is outside its validity.
    NotValidNow(String),
    /// The JWT names none and more than one is registered.
    Ambiguous,
}

/// The registered key a JWT's header names (`x5t#S256`, `x5t`, `kid`), or the only
/// one when it names none. `None` when none of `keys` is named: other kinds of
/// registered key (a JWKS) may still match.
pub fn find_key<'k>(
    keys: &'k [ClientKey],
    header: &Header,
    now: UnixTime,
) -> Result<&'k ClientKey, KeyMismatch> {
    let hex = |k: &ClientKey| {
        URL_SAFE_NO_PAD
            .decode(&k.thumbprint_sha1)
            .map(|b| b.iter().map(|x| format!("{x:02x}")).collect::<String>())
            .unwrap_or_default()
    };
    let named = if let Some(s256) = &header.x5t_s256 {
        keys.iter()
            .find(|k| same_thumbprint(&k.thumbprint_sha256, s256))
    } else if let Some(x5t) = &header.x5t {
        keys.iter()
            .find(|k| same_thumbprint(&k.thumbprint_sha1, x5t))
    } else if let Some(kid) = &header.kid {
        keys.iter().find(|k| {
            k.id.to_string().eq_ignore_ascii_case(kid) || hex(k).eq_ignore_ascii_case(kid)
        })
    } else if keys.len() == 1 {
        keys.first()
    } else if keys.is_empty() {
        None
    } else {
        return Err(KeyMismatch::Ambiguous);
    };
    let key = named.ok_or(KeyMismatch::NotRegistered)?;
    if now < key.starts_at - crate::oauth::CLOCK_SKEW {
        return Err(KeyMismatch::NotValidNow(format!(
            "the certificate {} is valid only from {}",
            key.thumbprint_sha1,
            crate::directory::time_text(key.starts_at)
        )));
    }
    if now > key.ends_at + crate::oauth::CLOCK_SKEW {
        return Err(KeyMismatch::NotValidNow(format!(
            "the certificate {} expired at {}",
            key.thumbprint_sha1,
            crate::directory::time_text(key.ends_at)
        )));
    }
    Ok(key)
}

/// Thumbprints as clients write them: base64url (MSAL, azure-identity), padded or
/// standard base64 (some tools); compared as bytes.
fn same_thumbprint(stored: &str, given: &str) -> bool {
    let given = given.trim_end_matches('=');
    let bytes = URL_SAFE_NO_PAD
        .decode(given)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(given));
    match (URL_SAFE_NO_PAD.decode(stored), bytes) {
        (Ok(a), Ok(b)) => crate::crypto::constant_time_eq(&a, &b),
        _ => false,
    }
}

/// Checks a JWT's signature with `key`, its audience among `audiences`, and reads its
/// claims. The times are read by [`numeric_date`], not here.
pub fn verify_signed(
    key: &ClientKey,
    jwt: &str,
    header: &Header,
    audiences: &[String],
) -> Result<Value, String> {
    if !key.algorithms.contains(&header.alg) {
        return Err(format!(
            "the algorithm {:?} does not fit the registered key",
            header.alg
        ));
    }
    let mut validation = Validation::new(header.alg);
    validation.set_audience(audiences);
    // `exp` may be fractional (RFC 7519's NumericDate; MSAL writes `time.time()`),
    // which jsonwebtoken's own check refuses: the caller checks it.
    validation.set_required_spec_claims(&["aud"]);
    validation.validate_exp = false;
    jsonwebtoken::decode::<Value>(jwt, &key.key, &validation)
        .map(|data| data.claims)
        .map_err(|e| e.to_string())
}

/// A NumericDate claim (RFC 7519 section 2): seconds since the epoch, integer or not;
/// rounded down.
pub fn numeric_date(claims: &Value, name: &str) -> Option<UnixTime> {
    let seconds = claims.get(name)?.as_f64()?;
    seconds.is_finite().then(|| seconds.floor() as UnixTime)
}

// ---------------------------------------------------------------------------------
// Use cases

/// Checks one credential of a request and makes it, or names what is wrong.
fn new_credential(
    app: AppId,
    input: KeyCredentialInput,
    now: UnixTime,
) -> Result<KeyCredential, DomainError> {
    if let Some(kind) = input.key_type.as_deref()
        && kind != "AsymmetricX509Cert"
    {
        return Err(DomainError::invalid(format!(
            "keyCredentials type {kind:?} is not supported: use AsymmetricX509Cert"
        )));
    }
    if let Some(usage) = input.usage.as_deref()
        && usage != "Verify"
    {
        return Err(DomainError::invalid(format!(
            "keyCredentials usage {usage:?} is not supported: use Verify (the certificate checks the application's client assertions)"
        )));
    }
    let key = input
        .key
        .as_deref()
        .ok_or_else(|| DomainError::invalid("a new key credential needs its certificate in key"))?;
    let cert = read_certificate(key)?;
    let starts_at = input.starts_at.unwrap_or(cert.not_before);
    let ends_at = input.ends_at.unwrap_or(cert.not_after);
    if starts_at < cert.not_before || ends_at > cert.not_after {
        return Err(DomainError::invalid(format!(
            "startDateTime and endDateTime must lie within the certificate's validity ({} to {})",
            crate::directory::time_text(cert.not_before),
            crate::directory::time_text(cert.not_after)
        )));
    }
    if ends_at <= starts_at {
        return Err(DomainError::invalid(
            "endDateTime must be after startDateTime",
        ));
    }
    if ends_at <= now {
        return Err(DomainError::invalid(format!(
            "the certificate expired at {}",
            crate::directory::time_text(ends_at)
        )));
    }
    let custom = match input.custom_key_identifier {
        Some(text) => {
            let bytes = STANDARD
                .decode(text.trim())
                .map_err(|_| DomainError::invalid("customKeyIdentifier must be base64"))?;
            if bytes.is_empty() || bytes.len() > MAX_CUSTOM_KEY_IDENTIFIER {
                return Err(DomainError::invalid(
                    "customKeyIdentifier must be 1 to 32 bytes",
                ));
            }
            STANDARD.encode(bytes)
        }
        // Graph's default: the certificate's SHA-1 thumbprint.
        None => STANDARD.encode(
            URL_SAFE_NO_PAD
                .decode(&cert.thumbprint_sha1)
                .unwrap_or_default(),
        ),
    };
    let display_name = input
        .display_name
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .or_else(|| Some(cert.subject.clone()).filter(|s| !s.is_empty()));
    Ok(KeyCredential {
        id: input.key_id.unwrap_or_else(Uuid::new_v4),
        application_id: app,
        display_name,
        custom_key_identifier: Some(custom),
        certificate: STANDARD.encode(&cert.der),
        thumbprint_sha1: cert.thumbprint_sha1,
        thumbprint_sha256: cert.thumbprint_sha256,
        starts_at,
        ends_at,
        created_at: now,
    })
}

fn described(key: &KeyCredential) -> Value {
    json!({
        "keyId": key.id.to_string(), "displayName": key.display_name,
        "thumbprint": key.thumbprint_sha1, "endDateTime": key.ends_at,
    })
}

/// What [`replace_keys`] leaves: every credential now, and what changed for the audit.
pub(crate) struct Replaced {
    pub all: Vec<KeyCredential>,
    pub details: Value,
}

/// Replaces an application's certificate credentials with `wanted`, in the caller's
/// transaction (Graph's `keyCredentials` in a POST or PATCH of the application): an
/// entry with a known `keyId` and no `key` keeps that credential (so a body that
/// sends back what a GET showed changes nothing), an entry with a `key` adds it, and
/// every credential not named goes.
pub(crate) async fn replace_keys(
    tx: &mut Tx,
    tenant: TenantId,
    app: AppId,
    wanted: Vec<KeyCredentialInput>,
    now: UnixTime,
) -> Result<Replaced, DomainError> {
    if wanted.len() > MAX_KEYS {
        return Err(DomainError::invalid(format!(
            "an application has at most {MAX_KEYS} key credentials"
        )));
    }
    // Two replacements at once must not interleave into a union of both sets.
    tx.db().tenant_for_update(tenant).await?;
    let existing = tx.db().key_credentials(tenant, app).await?;
    let mut kept = Vec::new();
    let mut added = Vec::new();
    for input in wanted {
        let known = input
            .key_id
            .and_then(|id| existing.iter().find(|k| k.id == id));
        match (known, &input.key) {
            (Some(old), Some(key)) => {
                // Sent back whole, it is kept; another certificate under its id is a mistake.
                let same = STANDARD.encode(read_certificate(key)?.der) == old.certificate;
                if !same {
                    return Err(DomainError::invalid(format!(
                        "keyCredentials: keyId {} names another certificate; give a new one a new keyId",
                        old.id
                    )));
                }
                kept.push(old.clone());
            }
            (Some(old), None) => kept.push(old.clone()),
            (None, None) => {
                return Err(DomainError::invalid(match input.key_id {
                    Some(id) => format!(
                        "keyCredentials: no credential has keyId {id}; a new one needs its certificate in key"
                    ),
                    None => {
                        "keyCredentials: a new credential needs its certificate in key".to_owned()
                    }
                }));
            }
            (None, Some(_)) => added.push(new_credential(app, input, now)?),
        }
    }
    let mut ids: Vec<Uuid> = kept.iter().chain(&added).map(|k| k.id).collect();
    ids.sort_unstable();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        return Err(DomainError::invalid("keyCredentials names a keyId twice"));
    }
    let removed: Vec<&KeyCredential> = existing
        .iter()
        .filter(|k| !kept.iter().any(|kept| kept.id == k.id))
        .collect();
    for key in &removed {
        tx.db().delete_key_credential(tenant, app, key.id).await?;
    }
    for key in &added {
        tx.db().insert_key_credential(tenant, key).await?;
    }
    let details = json!({
        "added": added.iter().map(described).collect::<Vec<_>>(),
        "removed": removed.iter().map(|k| described(k)).collect::<Vec<_>>(),
    });
    let all = tx.db().key_credentials(tenant, app).await?;
    Ok(Replaced { all, details })
}

/// Audits a change of `app`'s certificates, commits it, and drops this node's cached
/// copy of the client, so the next assertion sees the change.
async fn record_and_commit(
    services: &Services,
    mut tx: Tx,
    access: &WriteAccess,
    app: AppId,
    details: Value,
    now: UnixTime,
) -> Result<(), DomainError> {
    audit(
        &mut tx,
        access,
        now,
        AUDIT_ACTION,
        "Application",
        app,
        details,
    )
    .await?;
    tx.commit().await?;
    services.cache.forget_tenant(access.tenant);
    Ok(())
}

/// Adds one certificate credential (the portal, the CLI): the admin's way, with the
/// applications write permission and no proof.
pub async fn add_key_credential(
    services: &Services,
    access: &WriteAccess,
    app: AppId,
    input: KeyCredentialInput,
    now: UnixTime,
) -> Result<KeyCredential, DomainError> {
    let key = new_credential(app, input, now)?;
    let mut tx = services.store.write().await?;
    if tx
        .db()
        .application_by_id(access.tenant, app)
        .await?
        .is_none()
    {
        return Err(DomainError::NotFound);
    }
    tx.db().tenant_for_update(access.tenant).await?;
    if tx.db().key_credentials(access.tenant, app).await?.len() >= MAX_KEYS {
        return Err(DomainError::invalid(format!(
            "an application has at most {MAX_KEYS} key credentials"
        )));
    }
    tx.db().insert_key_credential(access.tenant, &key).await?;
    let details = json!({ "added": [described(&key)] });
    record_and_commit(services, tx, access, app, details, now).await?;
    Ok(key)
}

/// Removes one certificate credential (the portal, the CLI).
pub async fn remove_key_credential(
    services: &Services,
    access: &WriteAccess,
    app: AppId,
    key_id: Uuid,
    now: UnixTime,
) -> Result<(), DomainError> {
    let mut tx = services.store.write().await?;
    if !tx
        .db()
        .delete_key_credential(access.tenant, app, key_id)
        .await?
    {
        return Err(DomainError::NotFound);
    }
    let details = json!({ "removed": [{ "keyId": key_id.to_string() }] });
    record_and_commit(services, tx, access, app, details, now).await?;
    Ok(())
}

/// What `addKey` or `removeKey` changes.
pub enum KeyRoll {
    Add(KeyCredentialInput),
    Remove(Uuid),
}

/// Graph's `addKey` and `removeKey`: an application rolls its own certificates. The
/// caller is the application itself or holds the applications write permission, and
/// in both cases proves it holds one of the application's current certificates with
/// `proof`, a JWT signed by it whose `iss` is the application's object id and whose
/// `aud` is [`PROOF_AUDIENCE`], living at most ten minutes; each proof is good once.
/// The last certificate cannot be removed this way (the proof would have nothing left
/// to be checked with next time): an admin replaces the set instead.
pub async fn roll_key(
    services: &Services,
    caller: &Caller,
    app: AppId,
    change: KeyRoll,
    proof: &str,
    now: UnixTime,
) -> Result<Option<KeyCredential>, DomainError> {
    let actor_is_app = matches!(caller.actor, entente_model::Actor::Application(id) if id == app);
    let access = if actor_is_app {
        WriteAccess {
            tenant: caller.tenant,
            actor: caller.actor.clone(),
        }
    } else {
        caller.write(crate::access::Area::Applications)?
    };
    let refused = |why: String| DomainError::invalid(format!("the proof is not valid: {why}"));
    let mut tx = services.store.write().await?;
    let Some(application) = tx.db().application_by_id(access.tenant, app).await? else {
        return Err(DomainError::NotFound);
    };
    // The count below guards a quota: on PostgreSQL the tenant row is locked first, so
    // two changes at once cannot both pass it (SQLite's single writer serializes them).
    tx.db().tenant_for_update(access.tenant).await?;
    let existing = tx.db().key_credentials(access.tenant, app).await?;
    let keys = client_keys(&existing);
    let header = jsonwebtoken::decode_header(proof).map_err(|_| refused("not a JWT".into()))?;
    let key = find_key(&keys, &header, now).map_err(|m| match m {
        KeyMismatch::NotRegistered | KeyMismatch::Ambiguous => refused(
            "it is not signed by a certificate of this application (addKey needs one; an admin can set keyCredentials instead)".into(),
        ),
        KeyMismatch::NotValidNow(why) => refused(why),
    })?;
    let claims =
        verify_signed(key, proof, &header, &[PROOF_AUDIENCE.to_owned()]).map_err(refused)?;
    if claims.get("iss").and_then(Value::as_str) != Some(app.to_string().as_str()) {
        return Err(refused(
            "its iss must be the application's object id".into(),
        ));
    }
    let (Some(nbf), Some(exp)) = (numeric_date(&claims, "nbf"), numeric_date(&claims, "exp"))
    else {
        return Err(refused("it needs nbf and exp".into()));
    };
    let skew = crate::oauth::CLOCK_SKEW;
    if exp - nbf > PROOF_LIFETIME + 1 || nbf - skew > now || exp + skew < now {
        return Err(refused(
            "it must be current and live at most ten minutes (exp = nbf + 10 min)".into(),
        ));
    }
    // Each proof is good once: its hash is kept with the client assertions until it expires.
    let once = format!("proof:{}", crate::crypto::token_hash(proof));
    if !tx
        .db()
        .record_client_assertion(access.tenant, &application.client_id, &once, exp)
        .await?
    {
        return Err(refused("it was already used".into()));
    }
    let (outcome, details) = match change {
        KeyRoll::Add(input) => {
            if existing.len() >= MAX_KEYS {
                return Err(DomainError::invalid(format!(
                    "an application has at most {MAX_KEYS} key credentials"
                )));
            }
            let key = new_credential(app, input, now)?;
            tx.db().insert_key_credential(access.tenant, &key).await?;
            let details =
                json!({ "added": [described(&key)], "proofKeyId": key_id_of(&keys, &header, now) });
            (Some(key), details)
        }
        KeyRoll::Remove(key_id) => {
            let Some(gone) = existing.iter().find(|k| k.id == key_id) else {
                return Err(DomainError::NotFound);
            };
            if existing.len() == 1 {
                return Err(DomainError::invalid(
                    "removeKey cannot remove the application's last certificate; an admin can set keyCredentials instead",
                ));
            }
            tx.db()
                .delete_key_credential(access.tenant, app, key_id)
                .await?;
            (None, json!({ "removed": [described(gone)] }))
        }
    };
    record_and_commit(services, tx, &access, app, details, now).await?;
    Ok(outcome)
}

fn key_id_of(keys: &[ClientKey], header: &Header, now: UnixTime) -> Option<String> {
    find_key(keys, header, now).ok().map(|k| k.id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn self_signed(alg: &'static rcgen::SignatureAlgorithm) -> (String, rcgen::KeyPair) {
        let key = rcgen::KeyPair::generate_for(alg).unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["client.example".to_owned()]).unwrap();
        params.not_before = time::macros::datetime!(2026-01-01 0:00 UTC);
        params.not_after = time::macros::datetime!(2028-01-01 0:00 UTC);
        (params.self_signed(&key).unwrap().pem(), key)
    }

    #[test]
    fn pem_text_and_base64_of_der_or_pem_read_the_same_certificate() {
        let (pem, _) = self_signed(&rcgen::PKCS_ECDSA_P256_SHA256);
        let from_pem = read_certificate(&pem).unwrap();
        let from_der = read_certificate(&STANDARD.encode(&from_pem.der)).unwrap();
        let from_b64_pem = read_certificate(&STANDARD.encode(pem.as_bytes())).unwrap();
        assert_eq!(from_pem.thumbprint_sha1, from_der.thumbprint_sha1);
        assert_eq!(from_pem.thumbprint_sha256, from_b64_pem.thumbprint_sha256);
        assert_eq!(from_pem.not_after, 1_830_297_600);
        assert_eq!(
            URL_SAFE_NO_PAD
                .decode(&from_pem.thumbprint_sha1)
                .unwrap()
                .len(),
            20
        );
    }

    #[test]
    fn garbage_and_weak_keys_are_refused_with_the_reason() {
        let err = read_certificate("not a certificate")
            .unwrap_err()
            .to_string();
        assert!(err.contains("neither base64 nor PEM"), "{err}");
        let err = read_certificate(&STANDARD.encode(b"\x30\x03\x02\x01\x01"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("not an X.509 certificate"), "{err}");
    }

    #[test]
    fn numeric_dates_may_be_fractional() {
        let claims = json!({ "exp": 1_800_000_000.75, "iat": 1_799_999_999, "nbf": "x" });
        assert_eq!(numeric_date(&claims, "exp"), Some(1_800_000_000));
        assert_eq!(numeric_date(&claims, "iat"), Some(1_799_999_999));
        assert_eq!(numeric_date(&claims, "nbf"), None);
        assert_eq!(numeric_date(&claims, "missing"), None);
    }

    #[test]
    fn a_key_is_found_by_either_thumbprint_or_kid_and_only_while_valid() {
        let (pem, _) = self_signed(&rcgen::PKCS_ECDSA_P256_SHA256);
        let cert = read_certificate(&pem).unwrap();
        let credential = new_credential(
            AppId::new_id(),
            KeyCredentialInput {
                key: Some(pem),
                ..Default::default()
            },
            1_800_000_000,
        )
        .unwrap();
        let keys = client_keys(std::slice::from_ref(&credential));
        assert_eq!(keys.len(), 1);
        let now = 1_800_000_000;
        let mut header = Header::new(Algorithm::ES256);
        header.x5t = Some(cert.thumbprint_sha1.clone());
        assert_eq!(find_key(&keys, &header, now).unwrap().id, credential.id);
        header.x5t = Some(URL_SAFE_NO_PAD.encode([0u8; 20]));
        assert_eq!(
            find_key(&keys, &header, now).unwrap_err(),
            KeyMismatch::NotRegistered
        );
        header.x5t = None;
        header.x5t_s256 = Some(cert.thumbprint_sha256.clone());
        assert!(find_key(&keys, &header, now).is_ok());
        header.x5t_s256 = None;
        header.kid = Some(credential.id.to_string().to_uppercase());
        assert!(find_key(&keys, &header, now).is_ok());
        header.kid = None;
        // Named by nothing: the only key.
        assert!(find_key(&keys, &header, now).is_ok());
        let after = 1_830_297_600 + 3600;
        assert!(matches!(
            find_key(&keys, &header, after),
            Err(KeyMismatch::NotValidNow(_))
        ));
        // Graph's default customKeyIdentifier is the SHA-1 thumbprint, base64.
        assert_eq!(
            STANDARD
                .decode(credential.custom_key_identifier.unwrap())
                .unwrap(),
            URL_SAFE_NO_PAD.decode(&cert.thumbprint_sha1).unwrap()
        );
    }

    #[test]
    fn dates_outside_the_certificate_and_other_types_are_refused() {
        let (pem, _) = self_signed(&rcgen::PKCS_ECDSA_P256_SHA256);
        let app = AppId::new_id();
        let input = |f: &dyn Fn(&mut KeyCredentialInput)| {
            let mut input = KeyCredentialInput {
                key: Some(pem.clone()),
                ..Default::default()
            };
            f(&mut input);
            new_credential(app, input, 1_800_000_000)
                .map(|_| ())
                .unwrap_err()
                .to_string()
        };
        assert!(input(&|i| i.ends_at = Some(1_900_000_000)).contains("within the certificate"));
        assert!(input(&|i| i.key_type = Some("Symmetric".into())).contains("AsymmetricX509Cert"));
        assert!(input(&|i| i.usage = Some("Sign".into())).contains("Verify"));
        assert!(input(&|i| i.custom_key_identifier = Some("%%".into())).contains("base64"));
    }
}
