//! The device authorization grant (RFC 8628) with the built-in `entente-cli` client:
//! the device starts, polls (pending, then slow_down when too fast), the signed-in
//! admin allows it in a browser, and the tokens work on the directory API.

use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends};
use serde_json::Value;

use crate::support::{base64url_json, payload};

async fn start(server: &TestServer) -> Value {
    let url = server.url(&format!(
        "/{}/oauth2/v2.0/devicecode",
        server.bootstrap().tenant_id
    ));
    let scope = format!("{}/.default offline_access", server.base_url);
    let response = server
        .http
        .post(url)
        .form(&[("client_id", "entente-cli"), ("scope", scope.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn poll(server: &TestServer, device_code: &str) -> (u16, Value) {
    token(
        server,
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", device_code),
        ],
    )
    .await
}

/// A token request of the `entente-cli` client with `form`.
async fn token(server: &TestServer, form: &[(&str, &str)]) -> (u16, Value) {
    let mut form = form.to_vec();
    form.push(("client_id", "entente-cli"));
    crate::token_endpoint::post_token(server, &form).await
}

/// Signs the admin in through the page the device told the user to open, and answers.
async fn answer(server: &TestServer, started: &Value, decision: &str) -> String {
    let complete = started["verification_uri_complete"].as_str().unwrap();
    server
        .answer_device_request(complete, ADMIN_EMAIL, ADMIN_PASSWORD, decision)
        .await
}

#[tokio::test]
async fn a_device_signs_in_after_the_user_allows_it() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let started = start(&server).await;
        let device_code = started["device_code"].as_str().unwrap();
        let user_code = started["user_code"].as_str().unwrap();
        assert_eq!(user_code.len(), 9, "XXXX-XXXX: {user_code}");
        assert_eq!(started["interval"], 5);
        assert!(
            started["verification_uri"]
                .as_str()
                .unwrap()
                .ends_with("/device")
        );

        let (status, body) = poll(&server, device_code).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("authorization_pending"))
        );
        let (_, body) = poll(&server, device_code).await;
        assert_eq!(
            body["error"], "slow_down",
            "polling faster than the interval slows the device down"
        );

        let page = answer(&server, &started, "allow").await;
        assert!(page.contains("You can return to your device"), "{page}");

        let (status, tokens) = poll(&server, device_code).await;
        assert_eq!(status, 200, "{tokens}");
        assert!(tokens["refresh_token"].is_string());
        let access = tokens["access_token"].as_str().unwrap();
        let users = server
            .http
            .get(server.url("/v1.0/users"))
            .bearer_auth(access)
            .send()
            .await
            .unwrap();
        assert_eq!(
            users.status(),
            200,
            "the admin's device token works on the directory API"
        );
        let listed: Value = users.json().await.unwrap();
        assert!(
            listed["value"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u["mail"] == ADMIN_EMAIL)
        );

        let (status, again) = poll(&server, device_code).await;
        assert_eq!(
            (status, again["error"].as_str()),
            (400, Some("invalid_grant")),
            "a device code is single-use"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn a_denied_device_gets_access_denied() {
    let server = TestServer::start().await;
    let started = start(&server).await;
    let page = answer(&server, &started, "deny").await;
    assert!(page.contains("denied"), "{page}");
    let (_, body) = poll(&server, started["device_code"].as_str().unwrap()).await;
    assert_eq!(body["error"], "access_denied");
    server.stop().await;
}

#[tokio::test]
async fn a_wrong_user_code_is_refused_on_the_page() {
    let server = TestServer::start().await;
    let tenant = server.bootstrap().tenant_id;
    let login = server.url(&format!(
        "/{tenant}/login?return_to=/{tenant}/device?user_code=BCDF-GHJK"
    ));
    let (cookies, back) = server
        .browser_sign_in(&login, ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .unwrap();
    let page = server
        .http
        .get(server.url(&back))
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("This code is not valid")
    );
    server.stop().await;
}

#[tokio::test]
async fn the_device_response_tells_the_user_where_to_go_in_their_language() {
    let server = TestServer::start().await;
    let started = start(&server).await;
    let uri = started["verification_uri"].as_str().unwrap();
    let code = started["user_code"].as_str().unwrap();
    assert_eq!(
        started["message"],
        format!(
            "To sign in, use a web browser to open the page {uri} and enter the code {code} to authenticate."
        )
    );
    let german: Value = server
        .http
        .post(server.url(&format!(
            "/{}/oauth2/v2.0/devicecode",
            server.bootstrap().tenant_id
        )))
        .header("accept-language", "de-DE,de;q=0.9,en;q=0.5")
        .form(&[("client_id", "entente-cli"), ("scope", "openid")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let message = german["message"].as_str().unwrap();
    assert!(message.starts_with("Um sich anzumelden"), "{message}");
    assert!(
        message.contains(german["user_code"].as_str().unwrap())
            && message.contains(german["verification_uri"].as_str().unwrap()),
        "{message}"
    );
    server.stop().await;
}

#[tokio::test]
async fn client_info_names_the_account_when_msal_asks_and_wids_its_directory_roles() {
    let server = TestServer::start().await;
    let started = start(&server).await;
    answer(&server, &started, "allow").await;
    let (status, tokens) = token(
        &server,
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", started["device_code"].as_str().unwrap()),
            ("client_info", "1"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(
        base64url_json(tokens["client_info"].as_str().expect("client_info")),
        serde_json::json!({
            "uid": server.bootstrap().admin_user_id.to_string(),
            "utid": server.bootstrap().tenant_id.to_string(),
        })
    );
    // The admin's directory role, as Entra ID names it in `wids`.
    let access = tokens["access_token"].as_str().unwrap();
    let payload = payload(access);
    assert_eq!(
        payload["wids"],
        serde_json::json!(["62e90394-69f5-4237-9190-012177145e10"]),
        "{payload}"
    );
    // Without the request there is no client_info.
    let (_, refreshed) = token(
        &server,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ],
    )
    .await;
    assert!(refreshed["access_token"].is_string(), "{refreshed}");
    assert!(refreshed.get("client_info").is_none(), "{refreshed}");
    server.stop().await;
}
