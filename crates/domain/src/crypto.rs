//! Secrets and their storage forms: random tokens, hashes, the master key that seals
//! signing keys at rest, the keyed hash for client secrets, and password hashing.
//!
//! Nothing here stores anything; every function is pure apart from the entropy source
//! it is given.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use aws_lc_rs::{digest, hmac};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use subtle::ConstantTimeEq;

/// A source of cryptographically secure random bytes, passed in so tests can fix it.
pub trait Entropy: Send + Sync + std::fmt::Debug {
    fn fill(&self, buffer: &mut [u8]);
}

/// The operating system's generator.
#[derive(Debug, Default)]
pub struct SystemEntropy;

impl Entropy for SystemEntropy {
    fn fill(&self, buffer: &mut [u8]) {
        // The system generator failing means the machine cannot make secrets at all;
        // continuing would hand out predictable tokens.
        #[allow(clippy::expect_used)]
        aws_lc_rs::rand::fill(buffer).expect("the system random generator failed");
    }
}

/// A new random token of 256 bits, URL-safe base64 without padding.
pub fn new_token(entropy: &dyn Entropy) -> String {
    let mut bytes = [0u8; 32];
    entropy.fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The storage form of a high-entropy token (session, code, refresh token): SHA-256
/// hex. Lookups go by this hash, so the token itself is never stored.
pub fn token_hash(token: &str) -> String {
    hex(digest::digest(&digest::SHA256, token.as_bytes()).as_ref())
}

/// Compares two secrets in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Errors opening sealed data.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the master key must be 32 bytes of base64")]
    BadMasterKey,
    #[error("sealed data could not be opened: wrong master key or damaged data")]
    Unseal,
}

/// The deployment's root secret. It seals signing keys at rest and keys the hash of
/// client secrets; every node of a deployment must have the same one.
#[derive(Clone)]
pub struct MasterKey {
    seal: [u8; 32],
    secret_hash: hmac::Key,
    csrf: hmac::Key,
    pairwise: hmac::Key,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    /// Reads a master key from its base64 text form.
    pub fn from_base64(text: &str) -> Result<MasterKey, CryptoError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| CryptoError::BadMasterKey)?;
        let root: [u8; 32] = bytes.try_into().map_err(|_| CryptoError::BadMasterKey)?;
        Ok(MasterKey::from_bytes(root))
    }

    /// Makes a new random master key, returning it with its base64 text form.
    pub fn generate(entropy: &dyn Entropy) -> (MasterKey, String) {
        let mut root = [0u8; 32];
        entropy.fill(&mut root);
        (MasterKey::from_bytes(root), STANDARD.encode(root))
    }

    fn from_bytes(root: [u8; 32]) -> MasterKey {
        // Each use gets its own key derived from the root, so one use's output never
        // helps attack another.
        let derive = |label: &[u8]| {
            let key = hmac::Key::new(hmac::HMAC_SHA256, &root);
            let tag = hmac::sign(&key, label);
            let mut out = [0u8; 32];
            out.copy_from_slice(tag.as_ref());
            out
        };
        MasterKey {
            seal: derive(b"entente seal v1"),
            secret_hash: hmac::Key::new(hmac::HMAC_SHA256, &derive(b"entente client secret v1")),
            csrf: hmac::Key::new(hmac::HMAC_SHA256, &derive(b"entente csrf v1")),
            pairwise: hmac::Key::new(hmac::HMAC_SHA256, &derive(b"entente pairwise v1")),
        }
    }

    /// Encrypts with AES-256-GCM; the result is base64 of nonce followed by ciphertext.
    pub fn seal(&self, plaintext: &[u8], entropy: &dyn Entropy) -> String {
        self.seal_bound(plaintext, b"", entropy)
    }

    pub fn open(&self, sealed: &str) -> Result<Vec<u8>, CryptoError> {
        self.open_bound(sealed, b"")
    }

    /// [`MasterKey::seal`] with associated data: the result opens only with the same
    /// `bound_to` (say, the id of the row that holds it), so a sealed value copied into
    /// another row does not open there.
    pub fn seal_bound(&self, plaintext: &[u8], bound_to: &[u8], entropy: &dyn Entropy) -> String {
        let mut nonce = [0u8; 12];
        entropy.fill(&mut nonce);
        let mut data = Vec::with_capacity(12 + plaintext.len() + 16);
        data.extend_from_slice(&nonce);
        data.extend_from_slice(plaintext);
        // A 32-byte key always makes a valid AES-256 key, and sealing into a Vec
        // cannot run out of room.
        #[allow(clippy::expect_used)]
        let key = LessSafeKey::new(UnboundKey::new(&AES_256_GCM, &self.seal).expect("32-byte key"));
        #[allow(clippy::expect_used)]
        let tag = key
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(bound_to),
                &mut data[12..],
            )
            .expect("sealing into a vector");
        data.extend_from_slice(tag.as_ref());
        STANDARD.encode(data)
    }

    /// Opens what [`MasterKey::seal_bound`] sealed with the same `bound_to`.
    pub fn open_bound(&self, sealed: &str, bound_to: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut bytes = STANDARD.decode(sealed).map_err(|_| CryptoError::Unseal)?;
        if bytes.len() < 12 + 16 {
            return Err(CryptoError::Unseal);
        }
        let nonce: [u8; 12] = bytes[..12].try_into().map_err(|_| CryptoError::Unseal)?;
        let key = LessSafeKey::new(
            UnboundKey::new(&AES_256_GCM, &self.seal).map_err(|_| CryptoError::Unseal)?,
        );
        let plain = key
            .open_in_place(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(bound_to),
                &mut bytes[12..],
            )
            .map_err(|_| CryptoError::Unseal)?;
        Ok(plain.to_vec())
    }

    /// The storage form of a client secret: HMAC-SHA256 keyed by the master key. Client
    /// secrets are 256-bit random values, so a fast keyed hash is as strong as a slow
    /// one and checking costs microseconds instead of an argon2 run.
    pub fn client_secret_hash(&self, secret: &str) -> String {
        hex(hmac::sign(&self.secret_hash, secret.as_bytes()).as_ref())
    }

    /// Checks a presented client secret against a stored hash, in constant time.
    pub fn client_secret_matches(&self, secret: &str, stored_hash: &str) -> bool {
        constant_time_eq(
            self.client_secret_hash(secret).as_bytes(),
            stored_hash.as_bytes(),
        )
    }

    /// A stable opaque identifier for `input` (64 hex characters): the same input
    /// always gives the same value, and the value tells nothing about the input
    /// without the master key (pairwise subject ids, SAML session indexes).
    pub fn pairwise_id(&self, input: &str) -> String {
        hex(hmac::sign(&self.pairwise, input.as_bytes()).as_ref())
    }

    /// The CSRF token that goes with what a form is bound to (the pages name it: a
    /// browser session's hash, or a pre-session cookie's value).
    pub fn csrf_token(&self, binding: &str) -> String {
        URL_SAFE_NO_PAD.encode(hmac::sign(&self.csrf, binding.as_bytes()).as_ref())
    }
}

/// Argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane).
fn argon2() -> Argon2<'static> {
    #[allow(clippy::expect_used)]
    let params = Params::new(19 * 1024, 2, 1, None).expect("constant parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into its PHC string. CPU-heavy (tens of milliseconds): call it
/// off the async threads.
pub fn hash_password(password: &str, entropy: &dyn Entropy) -> String {
    let mut salt = [0u8; 16];
    entropy.fill(&mut salt);
    #[allow(clippy::expect_used)]
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    #[allow(clippy::expect_used)]
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("hashing with valid parameters")
        .to_string()
}

/// Checks a password against a PHC string; false for a malformed hash.
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of a password nobody has, verified when the account does not exist, so an
/// unknown account costs the same time as a wrong password.
pub fn decoy_password_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$8CjLe3aN+G0W+hHb1Kca4HUKuvB0zz4ZE8fXkn3ajRs"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_writes_two_lower_case_digits_per_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff, 0x10]), "000fa5ff10");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn sealed_data_opens_only_with_the_same_key() {
        let (key, _) = MasterKey::generate(&SystemEntropy);
        let (other, _) = MasterKey::generate(&SystemEntropy);
        let sealed = key.seal(b"private key", &SystemEntropy);
        assert_eq!(key.open(&sealed).unwrap(), b"private key");
        assert!(other.open(&sealed).is_err());
    }

    #[test]
    fn bound_sealed_data_opens_only_with_the_same_binding() {
        let (key, _) = MasterKey::generate(&SystemEntropy);
        let sealed = key.seal_bound(b"body", b"row 1", &SystemEntropy);
        assert_eq!(key.open_bound(&sealed, b"row 1").unwrap(), b"body");
        assert!(key.open_bound(&sealed, b"row 2").is_err());
        assert!(key.open(&sealed).is_err());
        // Unbound sealing is binding to nothing: what was sealed before still opens.
        let old = key.seal(b"signing key", &SystemEntropy);
        assert_eq!(key.open_bound(&old, b"").unwrap(), b"signing key");
    }

    #[test]
    fn master_key_round_trips_through_base64() {
        let (key, text) = MasterKey::generate(&SystemEntropy);
        let again = MasterKey::from_base64(&text).unwrap();
        assert_eq!(key.client_secret_hash("s"), again.client_secret_hash("s"));
        assert!(MasterKey::from_base64("c2hvcnQ=").is_err());
    }

    #[test]
    fn client_secret_hash_is_keyed() {
        let (a, _) = MasterKey::generate(&SystemEntropy);
        let (b, _) = MasterKey::generate(&SystemEntropy);
        let stored = a.client_secret_hash("secret");
        assert!(a.client_secret_matches("secret", &stored));
        assert!(!a.client_secret_matches("secreT", &stored));
        assert!(!b.client_secret_matches("secret", &stored));
    }

    #[test]
    fn passwords_verify_and_decoy_rejects() {
        let hash = hash_password("correct horse", &SystemEntropy);
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong", &hash));
        assert!(!verify_password("anything", decoy_password_hash()));
    }
}
