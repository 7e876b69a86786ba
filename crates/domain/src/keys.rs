//! Token signing keys: generation, rotation, sealing at rest, signing and the JWKS.
//!
//! Keys belong to the deployment and sign for every tenant's issuer (as Entra ID's do).
//! A key is made `ROTATION_LEAD` before it starts signing, so every node and every
//! relying party sees it in the JWKS first, and stays published `RETAIN_AFTER` after
//! a newer key takes over, longer than any token it signed lives.
//!
//! The ring is a cache derived from the `signing_keys` table: dropping it loses
//! nothing, and `refresh` rebuilds it.

use std::sync::{Arc, RwLock};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair, RSA_PKCS1_SHA256, RsaKeyPair,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use entente_model::UnixTime;
use entente_storage::{KeyRecord, Store};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Serialize;

use crate::DomainError;
use crate::crypto::{Entropy, MasterKey};
use crate::document::Document;

/// How long a key signs before the next one takes over.
pub const ROTATION_PERIOD: i64 = 30 * 24 * 3600;
/// How long before activation a new key is published.
pub const ROTATION_LEAD: i64 = 2 * 24 * 3600;
/// How long a key stays published after it stops signing.
pub const RETAIN_AFTER: i64 = 7 * 24 * 3600;

/// The algorithm new signing keys use: ES256 by default, RS256 for relying parties
/// that only know RSA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigningAlgorithm {
    Es256,
    Rs256,
}

impl SigningAlgorithm {
    pub fn name(self) -> &'static str {
        match self {
            SigningAlgorithm::Es256 => "ES256",
            SigningAlgorithm::Rs256 => "RS256",
        }
    }

    pub fn parse(name: &str) -> Option<SigningAlgorithm> {
        match name.to_ascii_uppercase().as_str() {
            "ES256" => Some(SigningAlgorithm::Es256),
            "RS256" => Some(SigningAlgorithm::Rs256),
            _ => None,
        }
    }

    fn jwt_algorithm(self) -> Algorithm {
        match self {
            SigningAlgorithm::Es256 => Algorithm::ES256,
            SigningAlgorithm::Rs256 => Algorithm::RS256,
        }
    }
}

enum Signer {
    Ec(EcdsaKeyPair),
    Rsa(RsaKeyPair),
}

struct LoadedKey {
    kid: String,
    algorithm: SigningAlgorithm,
    activates_at: UnixTime,
    signer: Signer,
    verifier: DecodingKey,
    jwk: serde_json::Value,
}

#[derive(Default)]
struct Ring {
    keys: Vec<Arc<LoadedKey>>,
    jwks: Document,
    /// The algorithms of `keys`, sorted, without repeats.
    algorithms: Vec<&'static str>,
    /// Moves whenever the published keys change.
    generation: u64,
}

/// The published keys, with the private halves opened in memory.
#[derive(Clone)]
pub struct KeyRing {
    ring: Arc<RwLock<Ring>>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyRing(..)")
    }
}

#[derive(Serialize)]
struct JwtHeader<'a> {
    alg: &'static str,
    typ: &'static str,
    kid: &'a str,
}

impl KeyRing {
    pub fn empty() -> KeyRing {
        KeyRing {
            ring: Arc::new(RwLock::new(Ring::default())),
        }
    }

    /// Makes sure a signing key and its successor exist, then reloads the ring from
    /// the store. Several nodes may race here; an extra key is harmless.
    pub async fn rotate_and_refresh(
        &self,
        store: &Store,
        master: &MasterKey,
        entropy: &dyn Entropy,
        algorithm: SigningAlgorithm,
        now: UnixTime,
    ) -> Result<(), DomainError> {
        let mut conn = store.read().await?;
        let records = conn.db().published_signing_keys(now).await?;
        drop(conn);
        let newest = records.iter().max_by_key(|k| k.activates_at);
        let wanted = match newest {
            None => Some(now),
            // A successor is already published and waiting: nothing to do.
            Some(k) if k.activates_at > now => None,
            // The configured algorithm changed: publish a key of the new one, used
            // once relying parties have had time to fetch it.
            Some(k) if k.alg != algorithm.name() => Some(now + ROTATION_LEAD),
            // The newest key is signing and its successor is due: publish it.
            Some(k) if k.activates_at + ROTATION_PERIOD - ROTATION_LEAD <= now => {
                Some(k.activates_at + ROTATION_PERIOD)
            }
            Some(_) => None,
        };
        if let Some(activates_at) = wanted {
            let record = generate_key(master, entropy, algorithm, now, activates_at)?;
            let mut tx = store.write().await?;
            tx.db().insert_signing_key(&record).await?;
            tx.commit().await?;
            tracing::info!(kid = %record.kid, activates_at, "created a token signing key");
        }
        self.refresh(store, master, now).await
    }

    /// Reloads the published keys from the store.
    pub async fn refresh(
        &self,
        store: &Store,
        master: &MasterKey,
        now: UnixTime,
    ) -> Result<(), DomainError> {
        let mut conn = store.read().await?;
        let records = conn.db().published_signing_keys(now).await?;
        drop(conn);
        let mut keys = Vec::with_capacity(records.len());
        for record in records {
            keys.push(Arc::new(load_key(&record, master)?));
        }
        let jwks =
            serde_json::json!({ "keys": keys.iter().map(|k| k.jwk.clone()).collect::<Vec<_>>() });
        let jwks = Document::new(jwks.to_string().into_bytes());
        let mut algorithms: Vec<&'static str> = keys.iter().map(|k| k.algorithm.name()).collect();
        algorithms.sort_unstable();
        algorithms.dedup();
        let mut ring = self
            .ring
            .write()
            .map_err(|_| DomainError::internal("key ring lock poisoned"))?;
        let generation = match ring.jwks.etag == jwks.etag {
            true => ring.generation,
            false => ring.generation + 1,
        };
        *ring = Ring {
            keys,
            jwks,
            algorithms,
            generation,
        };
        Ok(())
    }

    /// The JSON Web Key Set document, ready to serve.
    pub fn jwks(&self) -> Document {
        self.ring.read().map(|r| r.jwks.clone()).unwrap_or_default()
    }

    /// A number that moves whenever the published keys change: what a document built
    /// from [`KeyRing::algorithms`] is current for.
    pub fn generation(&self) -> u64 {
        self.ring.read().map(|r| r.generation).unwrap_or_default()
    }

    /// Signs claims as a compact JWT with the key active at `now`.
    pub fn sign<T: Serialize>(&self, claims: &T, now: UnixTime) -> Result<String, DomainError> {
        let key = self.active(now)?;
        // Sized for a header and for a token's claims, so neither grows by copies.
        let mut header = Vec::with_capacity(96);
        serde_json::to_writer(
            &mut header,
            &JwtHeader {
                alg: key.algorithm.name(),
                typ: "JWT",
                kid: &key.kid,
            },
        )
        .map_err(|e| DomainError::internal(format!("header: {e}")))?;
        let mut payload = Vec::with_capacity(1024);
        serde_json::to_writer(&mut payload, claims)
            .map_err(|e| DomainError::internal(format!("claims: {e}")))?;
        let mut token = String::with_capacity(header.len() * 2 + payload.len() * 2 + 400);
        URL_SAFE_NO_PAD.encode_string(&header, &mut token);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&payload, &mut token);
        let failed = |_| DomainError::internal("signing failed");
        let signature = match &key.signer {
            Signer::Ec(pair) => pair
                .sign(&SystemRandom::new(), token.as_bytes())
                .map_err(failed)?
                .as_ref()
                .to_vec(),
            Signer::Rsa(pair) => {
                let mut signature = vec![0u8; pair.public_modulus_len()];
                pair.sign(
                    &RSA_PKCS1_SHA256,
                    &SystemRandom::new(),
                    token.as_bytes(),
                    &mut signature,
                )
                .map_err(failed)?;
                signature
            }
        };
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&signature, &mut token);
        Ok(token)
    }

    /// The algorithms of the published keys, for discovery's
    /// `id_token_signing_alg_values_supported`: clients take it as the list to accept.
    pub fn algorithms(&self) -> Vec<&'static str> {
        self.ring
            .read()
            .map(|ring| ring.algorithms.clone())
            .unwrap_or_default()
    }

    /// The verification key for a `kid`, when it is one of ours and still published.
    pub fn verifier(&self, kid: &str) -> Option<(DecodingKey, Algorithm)> {
        let ring = self.ring.read().ok()?;
        ring.keys
            .iter()
            .find(|k| k.kid == kid)
            .map(|k| (k.verifier.clone(), k.algorithm.jwt_algorithm()))
    }

    fn active(&self, now: UnixTime) -> Result<Arc<LoadedKey>, DomainError> {
        let ring = self
            .ring
            .read()
            .map_err(|_| DomainError::internal("key ring lock poisoned"))?;
        ring.keys
            .iter()
            .filter(|k| k.activates_at <= now)
            .max_by_key(|k| k.activates_at)
            .or_else(|| ring.keys.first())
            .cloned()
            .ok_or_else(|| DomainError::internal("no signing key is loaded"))
    }
}

fn generate_key(
    master: &MasterKey,
    entropy: &dyn Entropy,
    algorithm: SigningAlgorithm,
    now: UnixTime,
    activates_at: UnixTime,
) -> Result<KeyRecord, DomainError> {
    let failed = |_| DomainError::internal("key generation failed");
    let mut kid_bytes = [0u8; 12];
    entropy.fill(&mut kid_bytes);
    let kid = URL_SAFE_NO_PAD.encode(kid_bytes);
    let (pkcs8, jwk) = match algorithm {
        SigningAlgorithm::Es256 => {
            let pkcs8 = EcdsaKeyPair::generate_pkcs8(
                &ECDSA_P256_SHA256_FIXED_SIGNING,
                &SystemRandom::new(),
            )
            .map_err(failed)?;
            let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref())
                .map_err(|_| DomainError::internal("generated key rejected"))?;
            let point = pair.public_key().as_ref();
            let jwk = serde_json::json!({
                "kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "alg": "ES256",
                "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
            });
            (pkcs8.as_ref().to_vec(), jwk)
        }
        SigningAlgorithm::Rs256 => {
            let pair = RsaKeyPair::generate(KeySize::Rsa2048).map_err(failed)?;
            let pkcs8 = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair).map_err(failed)?;
            let public = pair.public_key();
            let jwk = serde_json::json!({
                "kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
                "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
                "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
            });
            (pkcs8.as_ref().to_vec(), jwk)
        }
    };
    Ok(KeyRecord {
        kid,
        alg: algorithm.name().to_owned(),
        private_key_sealed: master.seal(&pkcs8, entropy),
        public_jwk: jwk.to_string(),
        created_at: now,
        activates_at,
        retires_at: activates_at + ROTATION_PERIOD + RETAIN_AFTER,
    })
}

fn load_key(record: &KeyRecord, master: &MasterKey) -> Result<LoadedKey, DomainError> {
    let pkcs8 = master.open(&record.private_key_sealed).map_err(|e| {
        DomainError::internal(format!(
            "signing key {} cannot be opened ({e}); every node needs the same master key",
            record.kid
        ))
    })?;
    let malformed =
        || DomainError::internal(format!("stored signing key {} is malformed", record.kid));
    let jwk: serde_json::Value =
        serde_json::from_str(&record.public_jwk).map_err(|_| malformed())?;
    let member = |name: &str| {
        jwk.get(name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let algorithm = SigningAlgorithm::parse(&record.alg).ok_or_else(malformed)?;
    let (signer, verifier) = match algorithm {
        SigningAlgorithm::Es256 => (
            Signer::Ec(
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &pkcs8)
                    .map_err(|_| malformed())?,
            ),
            DecodingKey::from_ec_components(&member("x"), &member("y")).map_err(|_| malformed())?,
        ),
        SigningAlgorithm::Rs256 => (
            Signer::Rsa(RsaKeyPair::from_pkcs8(&pkcs8).map_err(|_| malformed())?),
            DecodingKey::from_rsa_components(&member("n"), &member("e"))
                .map_err(|_| malformed())?,
        ),
    };
    Ok(LoadedKey {
        kid: record.kid.clone(),
        algorithm,
        activates_at: record.activates_at,
        signer,
        verifier,
        jwk,
    })
}
