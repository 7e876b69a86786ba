//! Certificate credentials (Graph's `keyCredentials`): registered with a PATCH, shown
//! as Graph shows them, used by client assertions named by `x5t`/`x5t#S256`/`kid`
//! with fractional NumericDates (as MSAL writes them), and rolled by the application
//! itself with `addKey`/`removeKey` and a proof of possession.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use entente_testkit::{TestServer, backends};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

/// A self-signed certificate and the PKCS#8 of its key.
struct Cert {
    der: Vec<u8>,
    pkcs8: Vec<u8>,
    alg: Algorithm,
}

impl Cert {
    fn new(alg: &'static rcgen::SignatureAlgorithm, jwt_alg: Algorithm, days: i64) -> Cert {
        let key = rcgen::KeyPair::generate_for(alg).unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["daemon.example.com".into()]).unwrap();
        let now = time::OffsetDateTime::now_utc();
        params.not_before = now - time::Duration::days(1);
        params.not_after = now + time::Duration::days(days);
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Daemon signing");
        let cert = params.self_signed(&key).unwrap();
        Cert {
            der: cert.der().to_vec(),
            pkcs8: key.serialize_der(),
            alg: jwt_alg,
        }
    }

    fn es256() -> Cert {
        Cert::new(&rcgen::PKCS_ECDSA_P256_SHA256, Algorithm::ES256, 365)
    }

    fn x5t(&self) -> String {
        URL_SAFE_NO_PAD.encode(aws_lc_rs::digest::digest(
            &aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY,
            &self.der,
        ))
    }

    fn x5t_s256(&self) -> String {
        URL_SAFE_NO_PAD.encode(aws_lc_rs::digest::digest(
            &aws_lc_rs::digest::SHA256,
            &self.der,
        ))
    }

    fn encoding_key(&self) -> EncodingKey {
        match self.alg {
            Algorithm::ES256 => EncodingKey::from_ec_der(&self.pkcs8),
            _ => EncodingKey::from_rsa_der(&self.pkcs8),
        }
    }

    /// A JWT with `claims`, its header naming the certificate as `name` says.
    fn sign(&self, claims: &Value, name: impl Fn(&mut Header, &Cert)) -> String {
        let mut header = Header::new(self.alg);
        name(&mut header, self);
        jsonwebtoken::encode(&header, claims, &self.encoding_key()).unwrap()
    }

    fn credential(&self) -> Value {
        json!({
            "@odata.type": "#microsoft.graph.keyCredential",
            "type": "AsymmetricX509Cert", "usage": "Verify",
            "key": STANDARD.encode(&self.der), "displayName": "CN=Daemon signing",
        })
    }
}

fn by_x5t(header: &mut Header, cert: &Cert) {
    header.x5t = Some(cert.x5t());
}

fn by_x5t_s256(header: &mut Header, cert: &Cert) {
    header.x5t_s256 = Some(cert.x5t_s256());
}

/// Seconds since the epoch with a fraction, as Python's `time.time()`.
fn fractional_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

async fn call(server: &TestServer, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let token = server.api_token().await;
    let url = format!("{}{path}", server.base_url);
    let request = match method {
        "GET" => server.http.get(&url),
        "PATCH" => server.http.patch(&url),
        _ => server.http.post(&url),
    }
    .bearer_auth(token);
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn client_credentials(server: &TestServer, assertion: &str) -> (u16, Value) {
    let form = [
        ("grant_type", "client_credentials"),
        ("scope", &format!("{}/.default", server.base_url)),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion),
    ];
    let url = format!(
        "{}/{}/oauth2/v2.0/token",
        server.base_url,
        server.bootstrap().tenant_id
    );
    let response = server.http.post(url).form(&form).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

fn assertion_claims(server: &TestServer, client_id: &str) -> Value {
    let now = fractional_now();
    json!({
        "iss": client_id, "sub": client_id,
        "aud": format!("{}/{}/oauth2/v2.0/token", server.base_url, server.bootstrap().tenant_id),
        "iat": now, "nbf": now, "exp": now + 600.0, "jti": uuid::Uuid::new_v4().to_string(),
    })
}

fn proof(cert: &Cert, app_object_id: &str) -> String {
    let now = fractional_now().floor();
    let claims = json!({
        "aud": "00000002-0000-0000-c000-000000000000", "iss": app_object_id,
        "nbf": now, "exp": now + 600.0,
    });
    cert.sign(&claims, by_x5t)
}

#[tokio::test]
async fn a_registered_certificate_authenticates_its_application_and_rolls_over() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let app = server
            .register_app("Daemon", "https://daemon.example.com/cb", false)
            .await;
        let path = format!("/v1.0/applications/{}", app.id);
        let first = Cert::es256();

        // An admin registers the certificate, as Graph's PATCH does.
        let (status, body) = call(
            &server,
            "PATCH",
            &path,
            Some(json!({ "keyCredentials": [first.credential()] })),
        )
        .await;
        assert_eq!(status, 204, "{body}");
        let (_, shown) = call(&server, "GET", &path, None).await;
        let keys = shown["keyCredentials"].as_array().unwrap();
        assert_eq!(keys.len(), 1, "{shown}");
        assert_eq!(keys[0]["type"], "AsymmetricX509Cert");
        assert_eq!(keys[0]["usage"], "Verify");
        assert_eq!(keys[0]["displayName"], "CN=Daemon signing");
        assert_eq!(
            keys[0]["key"],
            Value::Null,
            "a plain read hides the certificate"
        );
        assert_eq!(
            STANDARD
                .decode(keys[0]["customKeyIdentifier"].as_str().unwrap())
                .unwrap(),
            URL_SAFE_NO_PAD.decode(first.x5t()).unwrap(),
            "customKeyIdentifier defaults to the SHA-1 thumbprint"
        );
        let first_id = keys[0]["keyId"].as_str().unwrap().to_owned();
        // Another certificate under a known keyId is refused, not silently ignored.
        let mut other = Cert::es256().credential();
        other["keyId"] = json!(first_id);
        let (status, body) = call(
            &server,
            "PATCH",
            &path,
            Some(json!({ "keyCredentials": [other] })),
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert!(
            body.to_string().contains("names another certificate"),
            "{body}"
        );
        let (_, selected) = call(
            &server,
            "GET",
            &format!("{path}?$select=keyCredentials"),
            None,
        )
        .await;
        assert_eq!(
            selected["keyCredentials"][0]["key"],
            json!(STANDARD.encode(&first.der)),
            "$select=keyCredentials shows it"
        );

        // MSAL's assertion: x5t, fractional NumericDates.
        let claims = assertion_claims(&server, &app.client_id);
        let (status, body) = client_credentials(&server, &first.sign(&claims, by_x5t)).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["access_token"].as_str().is_some_and(|t| t.len() > 100));
        // Named by the SHA-256 thumbprint, and by the key id.
        let claims = assertion_claims(&server, &app.client_id);
        let (status, body) = client_credentials(&server, &first.sign(&claims, by_x5t_s256)).await;
        assert_eq!(status, 200, "{body}");
        let claims = assertion_claims(&server, &app.client_id);
        let kid = first_id.clone();
        let signed = first.sign(&claims, move |h, _| h.kid = Some(kid.clone()));
        assert_eq!(client_credentials(&server, &signed).await.0, 200);
        // A certificate that is not registered is refused, by name.
        let stranger = Cert::es256();
        let claims = assertion_claims(&server, &app.client_id);
        let (status, body) = client_credentials(&server, &stranger.sign(&claims, by_x5t)).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("invalid_client")),
            "{body}"
        );
        // Signed by another key while naming the registered certificate: refused.
        let claims = assertion_claims(&server, &app.client_id);
        let forged = stranger.sign(&claims, |h, _| h.x5t = Some(first.x5t()));
        assert_eq!(client_credentials(&server, &forged).await.0, 401);
        // An expired assertion, even with a fraction.
        let mut claims = assertion_claims(&server, &app.client_id);
        claims["exp"] = json!(fractional_now() - 120.5);
        let (status, body) = client_credentials(&server, &first.sign(&claims, by_x5t)).await;
        assert_eq!(status, 401);
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .contains("expired"),
            "{body}"
        );

        // The application rolls in a second certificate itself, proving it holds the first.
        let second = Cert::es256();
        let app_token = {
            let claims = assertion_claims(&server, &app.client_id);
            let (_, body) = client_credentials(&server, &first.sign(&claims, by_x5t)).await;
            body["access_token"].as_str().unwrap().to_owned()
        };
        let add = json!({
            "keyCredential": second.credential(),
            "passwordCredential": null,
            "proof": proof(&first, &app.id.to_string()),
        });
        let added = server
            .http
            .post(format!("{}{path}/addKey", server.base_url))
            .bearer_auth(&app_token)
            .json(&add)
            .send()
            .await
            .unwrap();
        assert_eq!(added.status(), 200);
        let added: Value = added.json().await.unwrap();
        let second_id = added["keyId"].as_str().unwrap().to_owned();
        assert_eq!(added["type"], "AsymmetricX509Cert");
        // The same proof again is refused: each is good once.
        let again = server
            .http
            .post(format!("{}{path}/addKey", server.base_url))
            .bearer_auth(&app_token)
            .json(&json!({ "keyCredential": Cert::es256().credential(), "proof": add["proof"] }))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 400);
        assert!(again.text().await.unwrap().contains("already used"));
        // A proof signed by a certificate the application does not hold is refused.
        let foreign = server
            .http
            .post(format!("{}{path}/addKey", server.base_url))
            .bearer_auth(&app_token)
            .json(&json!({
                "keyCredential": Cert::es256().credential(),
                "proof": proof(&stranger, &app.id.to_string()),
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(foreign.status(), 400);

        // The second one signs now, and retires the first.
        let claims = assertion_claims(&server, &app.client_id);
        assert_eq!(
            client_credentials(&server, &second.sign(&claims, by_x5t))
                .await
                .0,
            200
        );
        let removed = server
            .http
            .post(format!("{}{path}/removeKey", server.base_url))
            .bearer_auth(&app_token)
            .json(&json!({ "keyId": first_id, "proof": proof(&second, &app.id.to_string()) }))
            .send()
            .await
            .unwrap();
        assert_eq!(removed.status(), 204);
        // The cache of this node was dropped: the first certificate no longer works.
        let claims = assertion_claims(&server, &app.client_id);
        assert_eq!(
            client_credentials(&server, &first.sign(&claims, by_x5t))
                .await
                .0,
            401
        );
        // The last certificate cannot be removed with removeKey.
        let last = server
            .http
            .post(format!("{}{path}/removeKey", server.base_url))
            .bearer_auth(&app_token)
            .json(&json!({ "keyId": second_id, "proof": proof(&second, &app.id.to_string()) }))
            .send()
            .await
            .unwrap();
        assert_eq!(last.status(), 400);

        // A PATCH that sends back what a GET showed (keyId, no key) keeps it; the audit
        // log names the change.
        let (_, shown) = call(&server, "GET", &path, None).await;
        let (status, _) = call(
            &server,
            "PATCH",
            &path,
            Some(json!({ "keyCredentials": shown["keyCredentials"] })),
        )
        .await;
        assert_eq!(status, 204);
        let (_, after) = call(&server, "GET", &path, None).await;
        assert_eq!(after["keyCredentials"], shown["keyCredentials"]);
        let (_, audit) = call(&server, "GET", "/v1.0/auditLogs/directoryAudits", None).await;
        assert!(
            audit
                .to_string()
                .contains("Certificates and secrets management"),
            "{audit}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn unusable_certificates_are_refused_with_the_reason() {
    let server = TestServer::start().await;
    let app = server
        .register_app("Daemon", "https://daemon.example.com/cb", false)
        .await;
    let path = format!("/v1.0/applications/{}", app.id);
    let cases = [
        (
            json!({ "key": "bm90IGEgY2VydA==" }),
            "not an X.509 certificate",
        ),
        (json!({ "key": "@@@" }), "neither base64 nor PEM"),
        (
            json!({ "key": STANDARD.encode(Cert::es256().der), "type": "Symmetric" }),
            "AsymmetricX509Cert",
        ),
        (
            json!({ "key": STANDARD.encode(Cert::es256().der), "endDateTime": "2099-01-01T00:00:00Z" }),
            "within the certificate",
        ),
        (
            json!({ "keyId": uuid::Uuid::new_v4() }),
            "no credential has keyId",
        ),
    ];
    for (credential, reason) in cases {
        let (status, body) = call(
            &server,
            "PATCH",
            &path,
            Some(json!({ "keyCredentials": [credential] })),
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert!(body.to_string().contains(reason), "{reason}: {body}");
    }
    // A new application may come with its certificate, as Graph's POST takes it.
    let cert = Cert::es256();
    let (status, body) = call(
        &server,
        "POST",
        "/v1.0/applications",
        Some(json!({ "displayName": "With a key", "keyCredentials": [cert.credential()] })),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["keyCredentials"].as_array().map(Vec::len), Some(1));
    server.stop().await;
}

#[tokio::test]
async fn proofs_must_be_the_applications_own_and_other_tenants_get_nothing() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let app = server
            .register_app("Daemon", "https://daemon.example.com/cb", false)
            .await;
        let path = format!("/v1.0/applications/{}", app.id);
        let first = Cert::es256();
        let (status, _) = call(
            &server,
            "PATCH",
            &path,
            Some(json!({ "keyCredentials": [first.credential()] })),
        )
        .await;
        assert_eq!(status, 204);
        let add = |proof: String| {
            let (server, path) = (&server, path.clone());
            async move {
                call(
                    server,
                    "POST",
                    &format!("{path}/addKey"),
                    Some(json!({ "keyCredential": Cert::es256().credential(), "proof": proof })),
                )
                .await
            }
        };
        let now = fractional_now().floor();
        // iss must be the application's object id; the proof lives ten minutes at most.
        let wrong_iss = first.sign(
            &json!({ "aud": "00000002-0000-0000-c000-000000000000", "iss": app.client_id,
                     "nbf": now, "exp": now + 600.0 }),
            by_x5t,
        );
        let (status, body) = add(wrong_iss).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.to_string().contains("object id"), "{body}");
        let too_long = first.sign(
            &json!({ "aud": "00000002-0000-0000-c000-000000000000", "iss": app.id.to_string(),
                     "nbf": now, "exp": now + 3600.0 }),
            by_x5t,
        );
        let (status, body) = add(too_long).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.to_string().contains("ten minutes"), "{body}");

        // Another tenant's administrator, holding every permission there, with a valid
        // proof: the application does not exist for them, and nothing changes.
        let other = entente_model::TenantId::new_id();
        let outsider = server.sign(&server.api_claims(
            other,
            uuid::Uuid::new_v4(),
            "app",
            &["Directory.ReadWrite.All"],
            entente_testkit::now(),
        ));
        for (method, suffix, body) in [
            (
                "POST",
                "/addKey",
                json!({ "keyCredential": Cert::es256().credential(),
                                         "proof": proof(&first, &app.id.to_string()) }),
            ),
            ("PATCH", "", json!({ "keyCredentials": [] })),
            ("GET", "", Value::Null),
        ] {
            let url = format!("{}{path}{suffix}", server.base_url);
            let request = match method {
                "GET" => server.http.get(url),
                "PATCH" => server.http.patch(url).json(&body),
                _ => server.http.post(url).json(&body),
            };
            let status = request
                .bearer_auth(&outsider)
                .send()
                .await
                .unwrap()
                .status();
            assert!(
                status == 404 || status == 401,
                "{method} {suffix}: {status}"
            );
        }
        let (_, shown) = call(&server, "GET", &path, None).await;
        assert_eq!(shown["keyCredentials"].as_array().map(Vec::len), Some(1));
        server.stop().await;
    }
}

#[tokio::test]
async fn certificates_added_at_once_stay_within_the_limit() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let app = server
            .register_app("Daemon", "https://daemon.example.com/cb", false)
            .await;
        let path = format!("/v1.0/applications/{}", app.id);
        let first = Cert::es256();
        let (status, _) = call(
            &server,
            "PATCH",
            &path,
            Some(json!({ "keyCredentials": [first.credential()] })),
        )
        .await;
        assert_eq!(status, 204);
        // 24 addKey calls at once, each with its own proof, on an application holding one:
        // at most 20 certificates may result.
        let token = server.api_token().await;
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..24 {
            let now = fractional_now().floor();
            let proof = first.sign(
                &json!({ "aud": "00000002-0000-0000-c000-000000000000", "iss": app.id.to_string(),
                         "nbf": now, "exp": now + 600.0, "jti": i }),
                by_x5t,
            );
            let request = server
                .http
                .post(format!("{}{path}/addKey", server.base_url))
                .bearer_auth(&token)
                .json(&json!({ "keyCredential": Cert::es256().credential(), "proof": proof }));
            tasks.spawn(async move { request.send().await.unwrap().status().as_u16() });
        }
        let statuses = tasks.join_all().await;
        assert_eq!(
            statuses.iter().filter(|s| **s == 200).count(),
            19,
            "{backend:?}: {statuses:?}"
        );
        let (_, shown) = call(&server, "GET", &path, None).await;
        assert_eq!(
            shown["keyCredentials"].as_array().map(Vec::len),
            Some(20),
            "{backend:?}"
        );
        server.stop().await;
    }
}
