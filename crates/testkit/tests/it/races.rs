//! Counters and single-use things under concurrent requests (issue 16, findings 3
//! and 7): many requests fired at once, on two nodes of one database, must each see
//! the ones before them. Sign-in throttling counts every attempt before it is checked;
//! TOTP steps, recovery codes, authorization codes and refresh tokens work once, and a
//! refresh token's rotation and the revocation its reuse causes never both succeed.

use entente_model::TenantId;
use entente_testkit::entente_domain::crypto::{SystemEntropy, new_token, token_hash};
use entente_testkit::entente_domain::mfa::{self, EnrolmentOutcome, SecondFactorOutcome};
use entente_testkit::entente_domain::signin::{self, PasswordSignIn, SignInOutcome};
use entente_testkit::entente_storage::{PendingMfaRecord, ThrottleState};
use entente_testkit::{
    ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, TestServer, TestUser, backends, hidden_field, now,
    set_cookie_value,
};
use totp_rs::{Builder, Secret, Totp};

/// Failures on one account before delays start (`signin::ACCOUNT_FREE_FAILURES`).
const ACCOUNT_FREE_FAILURES: usize = 5;
/// The attempts a burst may see checked: the free ones, the one that earns the first
/// one-second block, and (the clock counting whole seconds) at most two more admitted
/// as each block ends while the burst is still arriving.
const MOST_CHECKED: usize = ACCOUNT_FREE_FAILURES + 3;

const CALLBACK: &str = "https://app.contoso.com/cb";

/// Two nodes of one deployment, as behind a load balancer.
async fn two_nodes(backend: entente_testkit::Backend) -> (TestServer, TestServer) {
    let first = TestServer::start_on(backend).await;
    let second = first.start_second_node().await;
    (first, second)
}

/// Two nodes, an application, and the administrator's browser cookies at the first.
async fn two_nodes_with_a_signed_in_admin(
    backend: entente_testkit::Backend,
) -> (TestServer, TestServer, TestApp, String) {
    let (first, second) = two_nodes(backend).await;
    let tenant = first.bootstrap().tenant_id;
    let app = first.register_app("Web", CALLBACK, false).await;
    let (cookies, _) = first
        .browser_sign_in(
            &first.url(&format!("/{tenant}/login")),
            ADMIN_EMAIL,
            ADMIN_PASSWORD,
        )
        .await
        .unwrap();
    (first, second, app, cookies)
}

async fn throttle_state(server: &TestServer, key: &str) -> ThrottleState {
    let mut conn = server.services.store.read().await.unwrap();
    conn.db().throttle_state(key).await.unwrap()
}

/// Posts `count` sign-ins with a wrong password for `login` at once, alternating
/// between the nodes, and returns their statuses.
async fn wrong_password_burst(nodes: [&TestServer; 2], login: &str, count: usize) -> Vec<u16> {
    let tenant = nodes[0].bootstrap().tenant_id;
    let page = nodes[0]
        .http
        .get(nodes[0].url(&format!("/{tenant}/login")))
        .send()
        .await
        .unwrap();
    let csrf_cookie = set_cookie_value(&page, "entente_csrf").unwrap();
    let csrf = hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..count {
        let node = nodes[i % 2];
        let request = node
            .http
            .post(node.url(&format!("/{tenant}/login")))
            .header("cookie", format!("entente_csrf={csrf_cookie}"))
            .form(&[
                ("login", login),
                ("password", "not the password at all"),
                ("csrf", &csrf),
            ]);
        tasks.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    tasks.join_all().await
}

#[tokio::test]
async fn parallel_wrong_passwords_are_checked_no_more_than_one_after_another() {
    for backend in backends() {
        let (first, second) = two_nodes(backend).await;
        let tenant = first.bootstrap().tenant_id;
        let dave = first
            .create_member("dave@contoso.com", "Dave", "dave's long password")
            .await;
        let statuses = wrong_password_burst([&first, &second], &dave.email, 32).await;
        let checked = statuses.iter().filter(|s| **s == 401).count();
        let refused = statuses.iter().filter(|s| **s == 429).count();
        assert_eq!(
            checked + refused,
            32,
            "{backend:?}: every attempt is checked or refused as throttled, none overloaded: {statuses:?}"
        );
        assert!(
            (ACCOUNT_FREE_FAILURES + 1..=MOST_CHECKED).contains(&checked),
            "{backend:?}: 32 guesses at once, {checked} checked: {statuses:?}"
        );
        // Every checked guess was counted, on either node; none was lost.
        let account = throttle_state(&first, &format!("account:{tenant}:{}", dave.email)).await;
        assert_eq!(account.failures, checked as i64, "{backend:?}");
        assert!(
            account.blocked_until > 0,
            "{backend:?}: past the free ones, a block"
        );
        let source = throttle_state(&first, "source:127.0.0.1").await;
        assert_eq!(source.failures, checked as i64, "{backend:?}");
        second.stop().await;
        first.stop().await;
    }
}

#[tokio::test]
async fn a_right_password_counts_as_no_failure_and_clears_the_account() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let dave = server
            .create_member("dave@contoso.com", "Dave", "dave's long password")
            .await;
        let sign_in = |password: &str| PasswordSignIn {
            tenant,
            login: dave.email.clone(),
            password: password.to_owned(),
            source: "192.0.2.7".to_owned(),
            return_to: "/".to_owned(),
            shown_at: None,
        };
        for _ in 0..3 {
            let outcome =
                signin::sign_in_with_password(&server.services, sign_in("wrong password"), now())
                    .await
                    .unwrap();
            assert!(matches!(outcome, SignInOutcome::Rejected), "{outcome:?}");
        }
        let account_key = format!("account:{tenant}:{}", dave.email);
        assert_eq!(throttle_state(&server, &account_key).await.failures, 3);
        let outcome =
            signin::sign_in_with_password(&server.services, sign_in(&dave.password), now())
                .await
                .unwrap();
        assert!(matches!(outcome, SignInOutcome::SignedIn(_)), "{outcome:?}");
        // The success starts the account afresh and gives the source its count back.
        assert_eq!(
            throttle_state(&server, &account_key).await,
            ThrottleState::default(),
            "{backend:?}"
        );
        assert_eq!(
            throttle_state(&server, "source:192.0.2.7").await.failures,
            3,
            "{backend:?}"
        );
        server.stop().await;
    }
}

/// Gives `user` a confirmed authenticator app through the use cases and returns it.
async fn enrol(server: &TestServer, user: &TestUser) -> Totp {
    let tenant = server.bootstrap().tenant_id;
    let attempt = PasswordSignIn {
        tenant,
        login: user.email.clone(),
        password: user.password.clone(),
        source: "192.0.2.1".to_owned(),
        return_to: "/".to_owned(),
        shown_at: None,
    };
    let SignInOutcome::SignedIn(session) =
        signin::sign_in_with_password(&server.services, attempt, now())
            .await
            .unwrap()
    else {
        panic!("no app yet, so the password signs in");
    };
    let holder = mfa::holder_from_session(&server.services, tenant, &session.token, now())
        .await
        .unwrap()
        .unwrap();
    let enrolment = mfa::start_enrolment(&server.services, &holder, now())
        .await
        .unwrap();
    let totp = Builder::new()
        .with_secret(Secret::try_from_base32(&enrolment.secret_base32).unwrap())
        .build_noncompliant();
    // Confirmed with the previous step's code, so the current one stays unused.
    let code = totp.generate((now() - 30) as u64).to_string();
    let confirmed = mfa::confirm_enrolment(&server.services, &holder, &code, "192.0.2.1", now())
        .await
        .unwrap();
    assert!(matches!(confirmed, EnrolmentOutcome::Confirmed { .. }));
    totp
}

async fn forget_throttling(server: &TestServer, account_key: &str) {
    let mut tx = server.services.store.write().await.unwrap();
    tx.db().clear_throttle(account_key).await.unwrap();
    tx.db().clear_throttle("source:192.0.2.9").await.unwrap();
    tx.commit().await.unwrap();
}

/// A pending sign-in of `user` as a right password leaves it, written directly so a
/// test needs no argon2 run per pending sign-in.
async fn pending_sign_in(server: &TestServer, user: &TestUser) -> String {
    let tenant = server.bootstrap().tenant_id;
    let token = new_token(&SystemEntropy);
    let mut tx = server.services.store.write().await.unwrap();
    tx.db()
        .insert_pending_mfa(&PendingMfaRecord {
            token_hash: token_hash(&token),
            tenant_id: tenant,
            user_id: user.id,
            return_to: "/".to_owned(),
            throttle_key: format!("account:{tenant}:{}", user.email),
            created_at: now(),
            expires_at: now() + mfa::PENDING_LIFETIME,
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    token
}

/// Presents second factors at once, alternating between the nodes: `code` for each
/// pending sign-in, by TOTP or as a recovery code.
async fn second_factor_burst(
    nodes: [&TestServer; 2],
    tenant: TenantId,
    pending: &[String],
    code: &str,
    recovery: bool,
) -> Vec<SecondFactorOutcome> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, pending) in pending.iter().enumerate() {
        let services = nodes[i % 2].services.clone();
        let (pending, code) = (pending.clone(), code.to_owned());
        tasks.spawn(async move {
            if recovery {
                mfa::use_recovery_code(&services, tenant, &pending, &code, "192.0.2.9", now()).await
            } else {
                mfa::verify_code(&services, tenant, &pending, &code, "192.0.2.9", now()).await
            }
            .unwrap()
        });
    }
    tasks.join_all().await
}

fn signed_in(outcomes: &[SecondFactorOutcome]) -> usize {
    outcomes
        .iter()
        .filter(|o| matches!(o, SecondFactorOutcome::SignedIn { .. }))
        .count()
}

#[tokio::test]
async fn parallel_wrong_codes_are_checked_no_more_than_one_after_another() {
    for backend in backends() {
        let (first, second) = two_nodes(backend).await;
        let tenant = first.bootstrap().tenant_id;
        let carol = first
            .create_member("carol@contoso.com", "Carol", "carol's long password")
            .await;
        let totp = enrol(&first, &carol).await;
        let near: Vec<String> = (-2..=2)
            .map(|o| totp.generate((now() + o * 30) as u64).to_string())
            .collect();
        let wrong = (0..)
            .map(|n: u32| format!("{:06}", (123_456 + n * 7919) % 1_000_000))
            .find(|c| !near.contains(c))
            .unwrap();
        let pending = vec![pending_sign_in(&first, &carol).await; 16];
        let outcomes =
            second_factor_burst([&first, &second], tenant, &pending, &wrong, false).await;
        let checked = outcomes
            .iter()
            .filter(|o| matches!(o, SecondFactorOutcome::Rejected))
            .count();
        let refused = outcomes
            .iter()
            .filter(|o| matches!(o, SecondFactorOutcome::Throttled { .. }))
            .count();
        assert_eq!(checked + refused, 16, "{backend:?}: {outcomes:?}");
        assert!(
            (ACCOUNT_FREE_FAILURES + 1..=MOST_CHECKED).contains(&checked),
            "{backend:?}: 16 codes at once, {checked} checked"
        );
        let account = throttle_state(&first, &format!("account:{tenant}:{}", carol.email)).await;
        assert_eq!(account.failures, checked as i64, "{backend:?}");
        second.stop().await;
        first.stop().await;
    }
}

#[tokio::test]
async fn one_totp_code_or_recovery_code_presented_at_once_signs_in_once() {
    for backend in backends() {
        let (first, second) = two_nodes(backend).await;
        let tenant = first.bootstrap().tenant_id;
        let erin = first
            .create_member("erin@contoso.com", "Erin", "erin's long password")
            .await;
        let totp = enrol(&first, &erin).await;
        let mut pending = Vec::new();
        for _ in 0..16 {
            pending.push(pending_sign_in(&first, &erin).await);
        }
        let code = totp.generate(now() as u64).to_string();
        let outcomes = second_factor_burst([&first, &second], tenant, &pending, &code, false).await;
        assert_eq!(signed_in(&outcomes), 1, "{backend:?}: {outcomes:?}");
        // The losers count as failures; start the recovery code afresh.
        forget_throttling(&first, &format!("account:{tenant}:{}", erin.email)).await;

        // A recovery code: issued anew here, then presented 16 times at once.
        let holder = {
            let session = match &outcomes
                .iter()
                .find(|o| matches!(o, SecondFactorOutcome::SignedIn { .. }))
            {
                Some(SecondFactorOutcome::SignedIn { session, .. }) => session.token.clone(),
                _ => unreachable!(),
            };
            mfa::holder_from_session(&first.services, tenant, &session, now())
                .await
                .unwrap()
                .unwrap()
        };
        mfa::remove_own_enrolment(&first.services, &holder, now())
            .await
            .unwrap();
        let enrolment = mfa::start_enrolment(&first.services, &holder, now())
            .await
            .unwrap();
        let totp = Builder::new()
            .with_secret(Secret::try_from_base32(&enrolment.secret_base32).unwrap())
            .build_noncompliant();
        let code = totp.generate(now() as u64).to_string();
        let EnrolmentOutcome::Confirmed { recovery_codes, .. } =
            mfa::confirm_enrolment(&first.services, &holder, &code, "192.0.2.1", now())
                .await
                .unwrap()
        else {
            panic!("the new app's code confirms it");
        };
        let mut pending = Vec::new();
        for _ in 0..16 {
            pending.push(pending_sign_in(&first, &erin).await);
        }
        let outcomes = second_factor_burst(
            [&first, &second],
            tenant,
            &pending,
            &recovery_codes[0],
            true,
        )
        .await;
        assert_eq!(signed_in(&outcomes), 1, "{backend:?}: {outcomes:?}");
        second.stop().await;
        first.stop().await;
    }
}

/// A code for `scope` from the authorization endpoint, for the signed-in browser.
async fn authorization_code(
    server: &TestServer,
    cookies: &str,
    app: &TestApp,
    scope: &str,
) -> String {
    let tenant = server.bootstrap().tenant_id;
    let mut authorize =
        url::Url::parse(&server.url(&format!("/{tenant}/oauth2/v2.0/authorize"))).unwrap();
    authorize
        .query_pairs_mut()
        .append_pair("client_id", &app.client_id)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &app.redirect_uri)
        .append_pair("scope", scope);
    let redirect = server
        .http
        .get(authorize)
        .header("cookie", cookies)
        .send()
        .await
        .unwrap();
    let location = url::Url::parse(redirect.headers()["location"].to_str().unwrap()).unwrap();
    location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .expect("a code")
        .1
        .into_owned()
}

/// Posts a form to the token endpoint of one node as the app; the status and body.
async fn token_request(
    node: &TestServer,
    app: &TestApp,
    form: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let tenant = node.bootstrap().tenant_id;
    let response = node
        .http
        .post(node.url(&format!("/{tenant}/oauth2/v2.0/token")))
        .basic_auth(&app.client_id, app.client_secret.as_deref())
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn refresh(node: &TestServer, app: &TestApp, token: &str) -> (u16, serde_json::Value) {
    token_request(
        node,
        app,
        &[("grant_type", "refresh_token"), ("refresh_token", token)],
    )
    .await
}

/// Every refresh token a pair of concurrent requests returned, when any did.
fn issued(results: [&(u16, serde_json::Value); 2]) -> Vec<String> {
    results
        .iter()
        .filter(|(status, _)| *status == 200)
        .map(|(_, body)| body["refresh_token"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_refresh_token_used_twice_at_once_leaves_no_token_alive() {
    for backend in backends() {
        let (first, second, app, cookies) = two_nodes_with_a_signed_in_admin(backend).await;
        let mut winners = 0;
        for trial in 0..100 {
            let code = authorization_code(&first, &cookies, &app, "openid offline_access").await;
            let (status, tokens) = token_request(
                &first,
                &app,
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", CALLBACK),
                ],
            )
            .await;
            assert_eq!(status, 200, "{tokens}");
            let token = tokens["refresh_token"].as_str().unwrap();
            let (a, b) = tokio::join!(refresh(&first, &app, token), refresh(&second, &app, token));
            let survivors = issued([&a, &b]);
            assert!(
                survivors.len() <= 1,
                "{backend:?} trial {trial}: one token rotated twice: {a:?} {b:?}"
            );
            winners += survivors.len();
            // Whoever won, the other request's reuse revoked the family: the winner's
            // new token is dead too.
            for survivor in survivors {
                let (status, body) = refresh(&first, &app, &survivor).await;
                assert_eq!(
                    status, 400,
                    "{backend:?} trial {trial}: the rotated token outlived the reuse: {body}"
                );
            }
        }
        assert!(winners > 0, "{backend:?}: some refresh succeeded");
        second.stop().await;
        first.stop().await;
    }
}

#[tokio::test]
async fn an_old_token_reused_while_the_current_one_rotates_leaves_no_token_alive() {
    for backend in backends() {
        let (first, second, app, cookies) = two_nodes_with_a_signed_in_admin(backend).await;
        for trial in 0..50 {
            let code = authorization_code(&first, &cookies, &app, "openid offline_access").await;
            let (_, tokens) = token_request(
                &first,
                &app,
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", CALLBACK),
                ],
            )
            .await;
            let old = tokens["refresh_token"].as_str().unwrap();
            let (status, rotated) = refresh(&first, &app, old).await;
            assert_eq!(status, 200, "{rotated}");
            let current = rotated["refresh_token"].as_str().unwrap();
            // The thief replays the old token while the client rotates the current one.
            let (stolen, legitimate) =
                tokio::join!(refresh(&second, &app, old), refresh(&first, &app, current));
            assert_eq!(stolen.0, 400, "{backend:?} trial {trial}: {stolen:?}");
            for survivor in issued([&stolen, &legitimate]) {
                let (status, body) = refresh(&first, &app, &survivor).await;
                assert_eq!(
                    status, 400,
                    "{backend:?} trial {trial}: a token rotated during the family's revocation lives: {body}"
                );
            }
        }
        second.stop().await;
        first.stop().await;
    }
}

#[tokio::test]
async fn an_authorization_code_exchanged_twice_at_once_leaves_no_token_alive() {
    for backend in backends() {
        let (first, second, app, cookies) = two_nodes_with_a_signed_in_admin(backend).await;
        for trial in 0..50 {
            let code = authorization_code(&first, &cookies, &app, "openid offline_access").await;
            let form = [
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", CALLBACK),
            ];
            let (a, b) = tokio::join!(
                token_request(&first, &app, &form),
                token_request(&second, &app, &form)
            );
            let survivors = issued([&a, &b]);
            assert_eq!(
                survivors.len(),
                1,
                "{backend:?} trial {trial}: a code works once: {a:?} {b:?}"
            );
            // The replay revoked what the first exchange issued, even mid-way.
            let (status, body) = refresh(&first, &app, &survivors[0]).await;
            assert_eq!(
                status, 400,
                "{backend:?} trial {trial}: the replayed code's refresh token lives: {body}"
            );
        }
        second.stop().await;
        first.stop().await;
    }
}

#[tokio::test]
async fn a_refresh_refused_for_its_scope_leaves_the_token_usable() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let app = server.register_app("Web", CALLBACK, false).await;
        let tokens = server
            .user_tokens(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "openid offline_access")
            .await;
        let token = tokens["refresh_token"].as_str().unwrap();
        let (status, body) = token_request(
            &server,
            &app,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", token),
                ("scope", "openid offline_access profile"),
            ],
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_scope"))
        );
        // Nothing was spent: the legitimate refresh that follows works, and is no reuse.
        let (status, body) = refresh(&server, &app, token).await;
        assert_eq!(status, 200, "{backend:?}: {body}");
        let next = body["refresh_token"].as_str().unwrap();
        let (status, body) = refresh(&server, &app, next).await;
        assert_eq!(status, 200, "{backend:?}: the family lives on: {body}");
        server.stop().await;
    }
}

/// Polls the token endpoint with a device code from one node; the status and body.
async fn device_poll(node: &TestServer, device_code: &str) -> (u16, serde_json::Value) {
    let tenant = node.bootstrap().tenant_id;
    let response = node
        .http
        .post(node.url(&format!("/{tenant}/oauth2/v2.0/token")))
        .form(&[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", "entente-cli"),
            ("device_code", device_code),
        ])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Polls with one device code 16 times at once, alternating between the nodes.
async fn device_poll_burst(nodes: [&TestServer; 2], device_code: &str) -> Vec<(u16, String)> {
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..16 {
        let node = nodes[i % 2];
        let (http, url) = (
            node.http.clone(),
            node.url(&format!(
                "/{}/oauth2/v2.0/token",
                node.bootstrap().tenant_id
            )),
        );
        let device_code = device_code.to_owned();
        tasks.spawn(async move {
            let response = http
                .post(url)
                .form(&[
                    ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                    ("client_id", "entente-cli"),
                    ("device_code", device_code.as_str()),
                ])
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.unwrap();
            let error = body["error"].as_str().unwrap_or("").to_owned();
            (status, error)
        });
    }
    tasks.join_all().await
}

#[tokio::test]
async fn a_device_polling_many_times_at_once_is_in_time_once_and_gets_tokens_once() {
    for backend in backends() {
        let (first, second) = two_nodes(backend).await;
        let tenant = first.bootstrap().tenant_id;
        let mut started = serde_json::Value::Null;
        for trial in 0..20 {
            started = first
                .http
                .post(first.url(&format!("/{tenant}/oauth2/v2.0/devicecode")))
                .form(&[
                    ("client_id", "entente-cli"),
                    (
                        "scope",
                        &format!("{}/.default offline_access", first.base_url),
                    ),
                ])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let device_code = started["device_code"].as_str().unwrap();
            let polls = device_poll_burst([&first, &second], device_code).await;
            let pending = polls
                .iter()
                .filter(|(_, e)| e == "authorization_pending")
                .count();
            let slowed = polls.iter().filter(|(_, e)| e == "slow_down").count();
            assert_eq!(
                (pending, slowed),
                (1, 15),
                "{backend:?} trial {trial}: polls at once are one in time and the rest too soon: {polls:?}"
            );
        }
        let device_code = started["device_code"].as_str().unwrap();
        let complete = started["verification_uri_complete"].as_str().unwrap();
        let page = first
            .answer_device_request(complete, ADMIN_EMAIL, ADMIN_PASSWORD, "allow")
            .await;
        assert!(page.contains("You can return to your device"), "{page}");
        let polls = device_poll_burst([&first, &second], device_code).await;
        let granted = polls.iter().filter(|(status, _)| *status == 200).count();
        assert_eq!(
            granted, 1,
            "{backend:?}: one device code, one grant: {polls:?}"
        );
        let (status, _) = device_poll(&first, device_code).await;
        assert_eq!(status, 400);
        second.stop().await;
        first.stop().await;
    }
}

/// Cross-tenant access settings (issue 21): 16 patches of one partner's entry at once,
/// on two nodes, each replacing another part, lose none of them; 16 creations of one
/// partner at once make one entry.
/// Sends one API request per body at once, alternating between the nodes; answers
/// their statuses.
async fn api_burst(
    nodes: [&TestServer; 2],
    method: reqwest::Method,
    path: &str,
    token: &str,
    bodies: Vec<serde_json::Value>,
) -> Vec<u16> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, body) in bodies.into_iter().enumerate() {
        let node = nodes[i % 2];
        let request = node
            .http
            .request(method.clone(), node.url(path))
            .bearer_auth(token)
            .json(&body);
        tasks.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    tasks.join_all().await
}

#[tokio::test]
async fn parallel_changes_of_cross_tenant_access_settings_lose_nothing() {
    use reqwest::Method;
    use serde_json::json;
    const PARTNERS: &str = "/v1.0/policies/crossTenantAccessPolicy/partners";
    for backend in backends() {
        let (first, second) = two_nodes(backend).await;
        let admin = first.api_token().await;
        let fabrikam = first
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "a@fabrikam.test",
                "pw-long-enough",
                false,
            )
            .await
            .tenant_id;
        let create = json!({ "tenantId": fabrikam.to_string() });
        let bodies = vec![create; 16];
        let statuses = api_burst([&first, &second], Method::POST, PARTNERS, &admin, bodies).await;
        assert_eq!(
            statuses.iter().filter(|s| **s == 201).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 201 || *s == 409),
            "{statuses:?}"
        );

        // Four parts, each patched four times at once, from both nodes.
        let everyone = |access: &str, kind: &str, all: &str| json!({ "accessType": access, "targets": [{ "target": all, "targetType": kind }] });
        let parts = [
            json!({ "inboundTrust": { "isMfaAccepted": true } }),
            json!({ "b2bCollaborationInbound": {
                "usersAndGroups": everyone("blocked", "user", "AllUsers"),
                "applications": everyone("allowed", "application", "AllApplications") } }),
            json!({ "b2bCollaborationOutbound": {
                "usersAndGroups": everyone("allowed", "user", "AllUsers"),
                "applications": everyone("blocked", "application", "AllApplications") } }),
            json!({ "automaticUserConsentSettings": { "inboundAllowed": true } }),
        ];
        let path = format!("{PARTNERS}/{fabrikam}");
        let bodies = (0..16).map(|i| parts[i % 4].clone()).collect();
        let patched = api_burst([&first, &second], Method::PATCH, &path, &admin, bodies).await;
        assert!(patched.iter().all(|s| *s == 204), "{patched:?}");
        let (_, entry) = first.call(Method::GET, &path, Some(&admin), None).await;
        assert_eq!(entry["inboundTrust"]["isMfaAccepted"], true, "{entry}");
        assert_eq!(
            entry["b2bCollaborationInbound"]["usersAndGroups"]["accessType"], "blocked",
            "{entry}"
        );
        assert_eq!(
            entry["b2bCollaborationOutbound"]["applications"]["accessType"], "blocked",
            "{entry}"
        );
        assert_eq!(
            entry["automaticUserConsentSettings"]["inboundAllowed"], true,
            "{entry}"
        );
        second.stop().await;
        first.stop().await;
    }
}

#[tokio::test]
async fn parallel_consents_and_removals_of_an_application_make_and_remove_one_principal() {
    use entente_domain::access::TenantAdmin;
    use reqwest::Method;
    use serde_json::json;
    for backend in backends() {
        let (first, second) = two_nodes(backend).await;
        let vendor_admin = first.api_token().await;
        let (_, app) = first
            .call(
                Method::POST,
                "/v1.0/applications",
                Some(&vendor_admin),
                Some(
                    json!({ "displayName": "Timesheets", "signInAudience": "AzureADMultipleOrgs",
                    "web": { "redirectUris": ["https://timesheets.example/cb"] } }),
                ),
            )
            .await;
        let client_id = app["appId"].as_str().expect("appId").to_owned();
        let ada = first
            .partner_tenant(
                "Fabrikam",
                "fabrikam.test",
                "a@fabrikam.test",
                "pw-long-enough",
                false,
            )
            .await;
        let admin = TenantAdmin {
            tenant: ada.tenant_id,
            actor: entente_model::Actor::User(ada.id),
        };
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..16 {
            let services = if i % 2 == 0 {
                first.services.clone()
            } else {
                second.services.clone()
            };
            let (admin, client_id) = (admin.clone(), client_id.clone());
            tasks.spawn(async move {
                entente_domain::multi_tenant::grant_consent(&services, &admin, &client_id, now())
                    .await
                    .expect("consent")
                    .expect("consentable")
                    .id
            });
        }
        let made = tasks.join_all().await;
        assert!(
            made.iter().all(|id| *id == made[0]),
            "one principal for every consent: {made:?}"
        );
        let token = first.sign(&first.api_claims(
            ada.tenant_id,
            uuid::Uuid::new_v4(),
            "app",
            &["Directory.ReadWrite.All", "AuditLog.Read.All"],
            now(),
        ));
        let (_, listed) = first
            .call(Method::GET, "/v1.0/servicePrincipals", Some(&token), None)
            .await;
        assert_eq!(
            listed["value"].as_array().map(Vec::len),
            Some(1),
            "{listed}"
        );
        let (_, audit) = first
            .call(
                Method::GET,
                "/v1.0/auditLogs/directoryAudits",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(
            audit.to_string().matches("Consent to application").count(),
            1,
            "one consent is audited: {audit}"
        );
        let path = format!("/v1.0/servicePrincipals/{}", made[0]);
        let statuses = api_burst(
            [&first, &second],
            Method::DELETE,
            &path,
            &token,
            vec![json!(null); 16],
        )
        .await;
        assert_eq!(
            statuses.iter().filter(|s| **s == 204).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 204 || *s == 404),
            "{statuses:?}"
        );
        second.stop().await;
        first.stop().await;
    }
}

/// 16 requests at once, from two nodes, naming the same sponsor of a guest: one adds
/// it (one audit entry), the others are conflicts; 16 removals at once remove it once.
#[tokio::test]
async fn parallel_additions_and_removals_of_a_sponsor_take_effect_once() {
    use reqwest::Method;
    use serde_json::json;
    for backend in backends() {
        let (first, second) = two_nodes(backend).await;
        let token = first.api_token().await;
        let (status, invited) = first
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&token),
                Some(json!({ "invitedUserEmailAddress": "pat@partner.example",
                    "inviteRedirectUrl": "https://app.contoso.example/" })),
            )
            .await;
        assert_eq!(status, 201, "{invited}");
        let guest = invited["invitedUser"]["id"]
            .as_str()
            .expect("guest")
            .to_owned();
        let carol = first
            .create_member("carol@contoso.com", "Carol Clark", "carol's long password")
            .await
            .id;
        let reference = json!({ "@odata.id":
            format!("https://graph.microsoft.com/v1.0/directoryObjects/{carol}") });
        let statuses = api_burst(
            [&first, &second],
            Method::POST,
            &format!("/v1.0/users/{guest}/sponsors/$ref"),
            &token,
            vec![reference; 16],
        )
        .await;
        assert_eq!(
            statuses.iter().filter(|s| **s == 204).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 204 || *s == 409),
            "{statuses:?}"
        );
        let (_, audit) = first
            .call(
                Method::GET,
                "/v1.0/auditLogs/directoryAudits",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(
            audit.to_string().matches("Add sponsor").count(),
            1,
            "{audit}"
        );
        let statuses = api_burst(
            [&first, &second],
            Method::DELETE,
            &format!("/v1.0/users/{guest}/sponsors/{carol}/$ref"),
            &token,
            vec![json!(null); 16],
        )
        .await;
        assert_eq!(
            statuses.iter().filter(|s| **s == 204).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 204 || *s == 404),
            "{statuses:?}"
        );
        second.stop().await;
        first.stop().await;
    }
}
