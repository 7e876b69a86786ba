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

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use entente_model::UnixTime;
use entente_storage::{KeyRecord, Store};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Serialize;

use crate::DomainError;
use crate::crypto::{Entropy, MasterKey};

/// How long a key signs before the next one takes over.
pub const ROTATION_PERIOD: i64 = 30 * 24 * 3600;
/// How long before activation a new key is published.
pub const ROTATION_LEAD: i64 = 2 * 24 * 3600;
/// How long a key stays published after it stops signing.
pub const RETAIN_AFTER: i64 = 7 * 24 * 3600;

struct LoadedKey {
    kid: String,
    activates_at: UnixTime,
    signer: EcdsaKeyPair,
    verifier: DecodingKey,
    jwk: serde_json::Value,
}

#[derive(Default)]
struct Ring {
    keys: Vec<Arc<LoadedKey>>,
    jwks: Arc<String>,
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
        now: UnixTime,
    ) -> Result<(), DomainError> {
        let mut conn = store.read().await?;
        let records = conn.db().published_signing_keys(now).await?;
        drop(conn);
        let newest_activation = records.iter().map(|k| k.activates_at).max();
        let wanted = match newest_activation {
            None => Some(now),
            // The newest key is already signing and its successor is due: publish it.
            Some(t) if t <= now && t + ROTATION_PERIOD - ROTATION_LEAD <= now => {
                Some(t + ROTATION_PERIOD)
            }
            Some(_) => None,
        };
        if let Some(activates_at) = wanted {
            let record = generate_key(master, entropy, now, activates_at)?;
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
        let ring = Ring {
            keys,
            jwks: Arc::new(jwks.to_string()),
        };
        *self
            .ring
            .write()
            .map_err(|_| DomainError::internal("key ring lock poisoned"))? = ring;
        Ok(())
    }

    /// The JSON Web Key Set document, ready to serve.
    pub fn jwks(&self) -> Arc<String> {
        self.ring.read().map(|r| r.jwks.clone()).unwrap_or_default()
    }

    /// Signs claims as a compact JWT with the key active at `now`.
    pub fn sign<T: Serialize>(&self, claims: &T, now: UnixTime) -> Result<String, DomainError> {
        let key = self.active(now)?;
        let header = serde_json::to_vec(&JwtHeader {
            alg: "ES256",
            typ: "JWT",
            kid: &key.kid,
        })
        .map_err(|e| DomainError::internal(format!("header: {e}")))?;
        let payload = serde_json::to_vec(claims)
            .map_err(|e| DomainError::internal(format!("claims: {e}")))?;
        let mut token = String::with_capacity(header.len() * 2 + payload.len() * 2 + 100);
        URL_SAFE_NO_PAD.encode_string(&header, &mut token);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&payload, &mut token);
        let signature = key
            .signer
            .sign(&SystemRandom::new(), token.as_bytes())
            .map_err(|_| DomainError::internal("signing failed"))?;
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(signature.as_ref(), &mut token);
        Ok(token)
    }

    /// The verification key for a `kid`, when it is one of ours and still published.
    pub fn verifier(&self, kid: &str) -> Option<(DecodingKey, Algorithm)> {
        let ring = self.ring.read().ok()?;
        ring.keys
            .iter()
            .find(|k| k.kid == kid)
            .map(|k| (k.verifier.clone(), Algorithm::ES256))
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
    now: UnixTime,
    activates_at: UnixTime,
) -> Result<KeyRecord, DomainError> {
    let pkcs8 =
        EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
            .map_err(|_| DomainError::internal("key generation failed"))?;
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref())
        .map_err(|_| DomainError::internal("generated key rejected"))?;
    let point = pair.public_key().as_ref();
    let (x, y) = (
        URL_SAFE_NO_PAD.encode(&point[1..33]),
        URL_SAFE_NO_PAD.encode(&point[33..65]),
    );
    let mut kid_bytes = [0u8; 12];
    entropy.fill(&mut kid_bytes);
    let kid = URL_SAFE_NO_PAD.encode(kid_bytes);
    let jwk = serde_json::json!({ "kty": "EC", "crv": "P-256", "x": x, "y": y, "kid": kid, "use": "sig", "alg": "ES256" });
    Ok(KeyRecord {
        kid,
        alg: "ES256".to_owned(),
        private_key_sealed: master.seal(pkcs8.as_ref(), entropy),
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
    let signer = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &pkcs8)
        .map_err(|_| DomainError::internal("stored signing key is malformed"))?;
    let jwk: serde_json::Value = serde_json::from_str(&record.public_jwk)
        .map_err(|_| DomainError::internal("stored JWK is malformed"))?;
    let coordinate = |name: &str| {
        jwk.get(name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let verifier = DecodingKey::from_ec_components(&coordinate("x"), &coordinate("y"))
        .map_err(|_| DomainError::internal("stored JWK is malformed"))?;
    Ok(LoadedKey {
        kid: record.kid.clone(),
        activates_at: record.activates_at,
        signer,
        verifier,
        jwk,
    })
}
