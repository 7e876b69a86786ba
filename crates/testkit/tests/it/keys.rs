//! Signing key rotation, driven by moving `now` forward: the successor is published
//! before it signs, the predecessor stays published after, and then retires.

use base64::Engine;
use entente_testkit::entente_domain::keys::{RETAIN_AFTER, ROTATION_LEAD, ROTATION_PERIOD};
use entente_testkit::{TestServer, backends};

fn kids(jwks: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(jwks).unwrap();
    value["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect()
}

fn kid_of(jwt: &str) -> String {
    jsonwebtoken::decode_header(jwt).unwrap().kid.unwrap()
}

#[tokio::test]
async fn keys_rotate_with_overlap_on_both_sides() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let services = &server.services;
        let claims = serde_json::json!({"sub": "rotation"});
        let start = entente_testkit::now();
        let first = kids(services.keys.jwks().text());
        assert_eq!(first.len(), 1, "one key at start");
        let old = first[0].clone();

        // Just before the successor is due nothing changes.
        services
            .refresh_keys(start + ROTATION_PERIOD - ROTATION_LEAD - 60)
            .await
            .unwrap();
        assert_eq!(kids(services.keys.jwks().text()), vec![old.clone()]);

        // The successor is published ahead of use; the old key still signs.
        let publish = start + ROTATION_PERIOD - ROTATION_LEAD + 60;
        services.refresh_keys(publish).await.unwrap();
        let both = kids(services.keys.jwks().text());
        assert_eq!(
            both.len(),
            2,
            "the next key is published before it signs: {both:?}"
        );
        let new = both.iter().find(|k| **k != old).unwrap().clone();
        let signed_before = services.keys.sign(&claims, publish).unwrap();
        assert_eq!(kid_of(&signed_before), old);

        // After the switch the new key signs and the old one is still published.
        let switched = start + ROTATION_PERIOD + 60;
        services.refresh_keys(switched).await.unwrap();
        assert_eq!(kid_of(&services.keys.sign(&claims, switched).unwrap()), new);
        assert!(
            kids(services.keys.jwks().text()).contains(&old),
            "the previous key stays published"
        );
        assert!(
            services.keys.verifier(&old).is_some(),
            "tokens the old key signed still verify"
        );

        // Once everything it signed has expired, the old key retires.
        let retired = start + ROTATION_PERIOD + RETAIN_AFTER + 60;
        services.refresh_keys(retired).await.unwrap();
        assert_eq!(kids(services.keys.jwks().text()), vec![new.clone()]);
        assert!(services.keys.verifier(&old).is_none());
        server.stop().await;
    }
}

#[tokio::test]
async fn private_keys_are_stored_sealed_under_the_master_key() {
    use entente_testkit::entente_domain::crypto::{MasterKey, SystemEntropy};

    let server = TestServer::start().await;
    let services = &server.services;
    let mut conn = services.store.read().await.unwrap();
    let stored = conn
        .db()
        .published_signing_keys(entente_testkit::now())
        .await
        .unwrap();
    drop(conn);
    assert!(!stored.is_empty());
    for key in stored {
        assert!(
            !key.private_key_sealed.contains("PRIVATE KEY"),
            "no PEM in the database"
        );
        let opened = services
            .master
            .open(&key.private_key_sealed)
            .expect("opens with the deployment's key");
        // A P-256 PKCS#8 document starts with a DER SEQUENCE; the stored text does not.
        assert_eq!(opened[0], 0x30);
        // The stored text is not the key in another encoding: neither base64 form of
        // the DER document appears in it. (It is itself base64, so its first
        // character says nothing: an earlier check on it failed one run in sixty.)
        for encoded in [
            base64::engine::general_purpose::STANDARD.encode(&opened),
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&opened),
        ] {
            assert!(!key.private_key_sealed.contains(&encoded[8..40]));
        }
        let (other, _) = MasterKey::generate(&SystemEntropy);
        assert!(
            other.open(&key.private_key_sealed).is_err(),
            "another master key cannot open it"
        );
    }
    server.stop().await;
}
