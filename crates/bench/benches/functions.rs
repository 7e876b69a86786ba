//! Criterion benchmarks of the functions on Entente's hot paths: signing and
//! validating tokens, checking client secrets, and argon2id password checks.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use entente_domain::crypto::{MasterKey, SystemEntropy, hash_password, verify_password};
use entente_domain::domains::NoTxtRecords;
use entente_domain::keys::SigningAlgorithm;
use entente_domain::oauth::{AccessClaims, validate_access_token};
use entente_domain::{Services, Settings};
use entente_storage::Store;

fn services(runtime: &tokio::runtime::Runtime, algorithm: SigningAlgorithm) -> Services {
    runtime.block_on(async {
        let dir =
            std::env::temp_dir().join(format!("entente-bench-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        let store = Store::connect(&format!("sqlite://{}", dir.join("bench.db").display()))
            .await
            .expect("store");
        store.migrate().await.expect("migrate");
        let (master, _) = MasterKey::generate(&SystemEntropy);
        let mut settings = Settings::new("http://127.0.0.1:8080");
        settings.signing_algorithm = algorithm;
        let services = Services::new(
            store,
            master,
            settings,
            Arc::new(SystemEntropy),
            Arc::new(NoTxtRecords),
        );
        services.refresh_keys(1_700_000_000).await.expect("keys");
        services
    })
}

fn claims(now: i64) -> AccessClaims {
    AccessClaims {
        iss: "http://127.0.0.1:8080/6f1c2a52-5f5e-4a6b-9d4e-0c8f0e7b2a11/v2.0".into(),
        sub: "3c0b8f1e-1a2b-4c3d-8e9f-0a1b2c3d4e5f".into(),
        aud: "http://127.0.0.1:8080".into(),
        exp: now + 3600,
        iat: now,
        nbf: now,
        jti: "b3f1c2d4e5a6".into(),
        oid: "3c0b8f1e-1a2b-4c3d-8e9f-0a1b2c3d4e5f".into(),
        tid: "6f1c2a52-5f5e-4a6b-9d4e-0c8f0e7b2a11".into(),
        azp: "0d6f2f0e-3a4b-4c5d-9e8f-7a6b5c4d3e2f".into(),
        idtyp: "app".into(),
        scp: None,
        roles: vec!["Directory.ReadWrite.All".into(), "AuditLog.Read.All".into()],
        wids: Vec::new(),
        name: None,
        preferred_username: None,
        email: None,
        groups: None,
        idp: None,
        altsecid: None,
        ver: "2.0".into(),
    }
}

fn tokens(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let services = services(&runtime, SigningAlgorithm::Es256);
    let now = 1_700_000_000;
    let token_claims = claims(now);
    c.bench_function("sign access token (ES256)", |b| {
        b.iter(|| services.keys.sign(&token_claims, now).expect("sign"))
    });
    let rsa = self::services(&runtime, SigningAlgorithm::Rs256);
    c.bench_function("sign access token (RS256)", |b| {
        b.iter(|| rsa.keys.sign(&token_claims, now).expect("sign"))
    });
    signatures(c, &services.keys.sign(&token_claims, now).expect("sign"));
    let token = services.keys.sign(&token_claims, now).expect("sign");
    c.bench_function("validate access token", |b| {
        b.iter(|| validate_access_token(&services, &token, now).expect("valid"))
    });
    let stored = services
        .master
        .client_secret_hash("ent~a-client-secret-of-forty-three-characters");
    c.bench_function("check client secret (HMAC-SHA256)", |b| {
        b.iter(|| {
            services
                .master
                .client_secret_matches("ent~a-client-secret-of-forty-three-characters", &stored)
        })
    });
}

/// aws-lc's own signing rates on a token's signing input, beside the token signing
/// above: what a token request's signature costs at the least (issue 24).
fn signatures(c: &mut Criterion, token: &str) {
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::rsa::KeySize;
    use aws_lc_rs::signature::{
        ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, RSA_PKCS1_SHA256, RsaKeyPair,
    };
    let input = token.rsplit_once('.').expect("a JWT").0.as_bytes();
    let random = SystemRandom::new();
    let ec = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).expect("P-256 key");
    c.bench_function("aws-lc: ECDSA P-256 SHA-256 signature", |b| {
        b.iter(|| ec.sign(&random, input).expect("sign"))
    });
    let rsa = RsaKeyPair::generate(KeySize::Rsa2048).expect("RSA key");
    let mut signature = vec![0; rsa.public_modulus_len()];
    c.bench_function("aws-lc: RSA-2048 PKCS#1 SHA-256 signature", |b| {
        b.iter(|| {
            rsa.sign(&RSA_PKCS1_SHA256, &random, input, &mut signature)
                .expect("sign")
        })
    });
}

fn passwords(c: &mut Criterion) {
    let hash = hash_password("correct horse battery staple", &SystemEntropy);
    let mut group = c.benchmark_group("passwords");
    group.sample_size(10);
    group.bench_function("verify password (argon2id, 19 MiB, t=2)", |b| {
        b.iter(|| verify_password("correct horse battery staple", &hash))
    });
    group.finish();
}

/// What a refresh grant adds for `signInActivity` (issue 22): noting the user in this
/// node's map, here over 10,000 users already noted, as on a busy node.
fn activity(c: &mut Criterion) {
    use entente_domain::activity::ActivityBuffer;
    use entente_model::{TenantId, UserId};
    let buffer = ActivityBuffer::default();
    let tenant = TenantId::new_id();
    let users: Vec<UserId> = (0..10_000).map(|_| UserId::new_id()).collect();
    for user in &users {
        buffer.touch(tenant, *user, 1);
    }
    let mut i = 0usize;
    c.bench_function("note a non-interactive sign-in (10,000 users noted)", |b| {
        b.iter(|| {
            i = (i + 1) % users.len();
            buffer.touch(tenant, users[i], 2 + i as i64);
        })
    });
}

criterion_group!(benches, tokens, passwords, activity);
criterion_main!(benches);
