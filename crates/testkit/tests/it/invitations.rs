//! Inviting partner users through `/v1.0/invitations`: one at a time (Graph's shape),
//! in bulk from a CSV file (preview, confirm, result file), resending, revoking and
//! resetting a redemption, and the invitation email as a real SMTP server receives it.
//!
//! Redemption itself has its own tests. Tokens are signed here with the server's own
//! key ring, as in `api.rs`.

use entente_model::{Tenant, TenantId, UserId};
use entente_testkit::entente_storage::OutboxRecord;
use entente_testkit::smtp::SmtpServer;
use entente_testkit::{Backend, TestServer, backends, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const ADMIN_ROLES: &[&str] = &["Directory.ReadWrite.All", "AuditLog.Read.All"];

/// A server and an admin token (an application holding `Directory.ReadWrite.All`).
pub(crate) struct Inviting {
    pub server: TestServer,
    pub admin: String,
}

impl Inviting {
    pub async fn start(backend: Backend) -> Inviting {
        Inviting::with(TestServer::start_on(backend).await)
    }

    pub fn with(server: TestServer) -> Inviting {
        let admin = server.sign(&server.api_claims(
            server.bootstrap().tenant_id,
            uuid::Uuid::new_v4(),
            "app",
            ADMIN_ROLES,
            now(),
        ));
        Inviting { server, admin }
    }

    pub fn tenant(&self) -> TenantId {
        self.server.bootstrap().tenant_id
    }

    /// A token of a user of the first tenant; its permissions come from its
    /// directory roles.
    pub fn user_token(&self, user: UserId) -> String {
        self.server.sign(
            &self
                .server
                .api_claims(self.tenant(), user.0, "user", &[], now()),
        )
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.server
            .call(method, path, Some(&self.admin), body)
            .await
    }

    pub async fn invite(&self, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, "/v1.0/invitations", Some(body))
            .await
    }

    pub async fn invite_as(&self, bearer: &str, body: Value) -> (StatusCode, Value) {
        self.server
            .call(Method::POST, "/v1.0/invitations", Some(bearer), Some(body))
            .await
    }

    pub async fn create(&self, path: &str, body: Value) -> String {
        let (status, body) = self.call(Method::POST, path, Some(body)).await;
        assert_eq!(status, 201, "{path}: {body}");
        body["id"].as_str().unwrap().to_owned()
    }

    pub async fn user_count(&self) -> i64 {
        let mut conn = self.server.services.store.read().await.unwrap();
        conn.db().count_users(self.tenant()).await.unwrap()
    }

    /// The tenant's outbox with the bodies as queued: opened, or for a message sent
    /// already (whose stored bodies are emptied) read from the `.eml` file the file
    /// outbox wrote.
    pub async fn outbox(&self) -> Vec<OutboxRecord> {
        self.server.outbox(self.tenant()).await
    }

    /// Uploads a CSV file as `multipart/form-data`; answers the status and JSON body.
    pub async fn upload(&self, csv: impl Into<Vec<u8>>) -> (StatusCode, Value) {
        let part = reqwest::multipart::Part::bytes(csv.into())
            .file_name("invitations.csv")
            .mime_str("text/csv")
            .unwrap();
        let form = reqwest::multipart::Form::new().part("file", part);
        let response = self
            .server
            .http
            .post(self.server.url("/v1.0/invitations/bulk"))
            .bearer_auth(&self.admin)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// Confirms an uploaded batch as the admin; answers the status and JSON body.
    pub async fn confirm(&self, batch: &str) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            &format!("/v1.0/invitations/bulk/{batch}/confirm"),
            None,
        )
        .await
    }

    /// A second tenant with its own admin token.
    pub async fn other_tenant(&self) -> (TenantId, String) {
        let other = Tenant::new(
            TenantId::new_id(),
            "Fabrikam".into(),
            "fabrikam.entente.test".into(),
            now(),
        );
        let mut tx = self.server.services.store.write().await.unwrap();
        tx.db().insert_tenant(&other).await.unwrap();
        tx.commit().await.unwrap();
        let token = self.server.sign(&self.server.api_claims(
            other.id,
            uuid::Uuid::new_v4(),
            "app",
            ADMIN_ROLES,
            now(),
        ));
        (other.id, token)
    }
}

fn str_of<'v>(value: &'v Value, pointer: &str) -> &'v str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} is a string in {value}"))
}

/// The secret part of a redemption link.
fn secret_of(redeem_url: &str) -> &str {
    redeem_url
        .rsplit_once("/redeem/")
        .map(|(_, secret)| secret)
        .unwrap_or_else(|| panic!("{redeem_url} is a redemption link"))
}

fn alice(extra: Value) -> Value {
    let mut body = json!({
        "invitedUserEmailAddress": "alice@fabrikam.com",
        "invitedUserDisplayName": "Alice Fabrikam",
        "inviteRedirectUrl": "https://apps.contoso.com/welcome",
        "sendInvitationMessage": true,
    });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        for (key, value) in extra {
            body.insert(key.clone(), value.clone());
        }
    }
    body
}

#[tokio::test]
async fn an_invitation_creates_a_pending_guest_and_inviting_again_reuses_it() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        let users_before = api.user_count().await;
        let (status, invited) = api.invite(alice(json!({}))).await;
        assert_eq!(status, 201, "{backend:?}: {invited}");
        let invitation = str_of(&invited, "/id").to_owned();
        let guest = str_of(&invited, "/invitedUser/id").to_owned();
        assert_eq!(invited["status"], "PendingAcceptance");
        assert_eq!(invited["invitedUserEmailAddress"], "alice@fabrikam.com");
        assert_eq!(
            invited["inviteRedirectUrl"],
            "https://apps.contoso.com/welcome"
        );
        let redeem = str_of(&invited, "/inviteRedeemUrl");
        assert!(
            redeem.starts_with(&format!("{}/redeem/", api.server.base_url)),
            "{redeem}"
        );
        assert!(secret_of(redeem).len() >= 22, "at least 128 bits: {redeem}");

        let (status, user) = api
            .call(Method::GET, &format!("/v1.0/users/{guest}"), None)
            .await;
        assert_eq!(status, 200, "{user}");
        assert_eq!(user["userType"], "Guest");
        assert_eq!(user["creationType"], "Invitation");
        assert_eq!(user["externalUserState"], "PendingAcceptance");
        assert_eq!(user["displayName"], "Alice Fabrikam");
        assert_eq!(user["mail"], "alice@fabrikam.com");
        let domain = &api.server.bootstrap().initial_domain;
        assert_eq!(
            user["userPrincipalName"],
            format!("alice_fabrikam.com#EXT#@{domain}")
        );
        assert_eq!(api.user_count().await, users_before + 1);
        assert_eq!(api.outbox().await.len(), 1, "{backend:?}: one email queued");

        // Inviting the same address again: the same guest, a new invitation, another email.
        let (status, again) = api.invite(alice(json!({}))).await;
        assert_eq!(status, 201, "{again}");
        assert_eq!(str_of(&again, "/invitedUser/id"), guest);
        assert_ne!(str_of(&again, "/id"), invitation);
        assert_eq!(api.user_count().await, users_before + 1, "no second guest");
        let outbox = api.outbox().await;
        assert_eq!(outbox.len(), 2, "{backend:?}: the email is sent again");
        assert!(outbox.iter().all(|m| m.to == ["alice@fabrikam.com"]));
        // Addresses are compared without regard to case.
        let (status, shouted) = api
            .invite(alice(json!({ "invitedUserEmailAddress": "Alice@FABRIKAM.com", "sendInvitationMessage": false })))
            .await;
        assert_eq!(status, 201, "{shouted}");
        assert_eq!(str_of(&shouted, "/invitedUser/id"), guest);
        assert_eq!(api.user_count().await, users_before + 1, "{backend:?}");

        // Graph's language tags are read; the redirect may be http on localhost only.
        let (status, german) = api
            .invite(json!({
                "invitedUserEmailAddress": "dieter@fabrikam.com",
                "inviteRedirectUrl": "http://localhost:3000/after",
                "invitedUserMessageInfo": { "messageLanguage": "de-DE" },
            }))
            .await;
        assert_eq!(status, 201, "{german}");
        assert_eq!(
            german["invitedUserMessageInfo"]["messageLanguage"], "de-DE",
            "echoed as sent"
        );
        assert_eq!(german["sendInvitationMessage"], false);
        assert_eq!(api.outbox().await.len(), 2, "no email unless asked for");

        // The audit log names the invitation and its guest.
        let (status, log) = api
            .call(Method::GET, "/v1.0/auditLogs/directoryAudits", None)
            .await;
        assert_eq!(status, 200, "{log}");
        let entries = log["value"].as_array().unwrap();
        let invites: Vec<&Value> = entries
            .iter()
            .filter(|e| e["activityDisplayName"] == "Invite external user")
            .collect();
        assert_eq!(invites.len(), 4, "{log}");
        assert!(
            invites
                .iter()
                .any(|e| e["targetResources"][0]["id"] == guest.as_str())
        );
        api.server.stop().await;
    }
}

#[tokio::test]
async fn invitations_that_break_a_rule_are_refused_and_create_nothing() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        api.server
            .create_member("bob@contoso.com", "Bob", "a long enough password")
            .await;
        let (_, theirs) = api.other_tenant().await;
        let their_group = {
            let (status, body) = api
                .server
                .call(
                    Method::POST,
                    "/v1.0/groups",
                    Some(&theirs),
                    Some(json!({ "displayName": "Fabrikam staff" })),
                )
                .await;
            assert_eq!(status, 201, "{body}");
            body["id"].as_str().unwrap().to_owned()
        };
        let their_app = {
            let (status, body) = api
                .server
                .call(
                    Method::POST,
                    "/v1.0/applications",
                    Some(&theirs),
                    Some(json!({ "displayName": "Fabrikam app" })),
                )
                .await;
            assert_eq!(status, 201, "{body}");
            body["id"].as_str().unwrap().to_owned()
        };
        let users_before = api.user_count().await;

        let (status, body) = api
            .invite(alice(
                json!({ "invitedUserEmailAddress": "bob@contoso.com" }),
            ))
            .await;
        assert_eq!(status, 409, "{backend:?}: a member's address: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("member")
        );

        let refused = [
            (
                "another tenant's group",
                json!({ "invitedToGroups": [their_group] }),
            ),
            (
                "another tenant's application",
                json!({ "invitedToApplications": [their_app] }),
            ),
            (
                "a consumer address",
                json!({ "invitedUserEmailAddress": "alice@gmail.com" }),
            ),
            (
                "an http redirect to another host",
                json!({ "inviteRedirectUrl": "http://apps.contoso.com/welcome" }),
            ),
            (
                "an invalid address",
                json!({ "invitedUserEmailAddress": "alice" }),
            ),
            (
                "an unsupported language",
                json!({ "invitedUserMessageInfo": { "messageLanguage": "tlh" } }),
            ),
            ("a member type", json!({ "invitedUserType": "Member" })),
        ];
        for (what, change) in refused {
            let (status, body) = api.invite(alice(change)).await;
            assert_eq!(status, 400, "{backend:?}: {what}: {body}");
            assert!(
                body["error"]["message"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty()),
                "{body}"
            );
        }
        assert_eq!(api.user_count().await, users_before, "{backend:?}");
        assert!(api.outbox().await.is_empty());

        // A caller without an inviting permission: a reader application, a plain member.
        let reader = api.server.sign(&api.server.api_claims(
            api.tenant(),
            uuid::Uuid::new_v4(),
            "app",
            &["Directory.Read.All"],
            now(),
        ));
        let (status, body) = api.invite_as(&reader, alice(json!({}))).await;
        assert_eq!(status, 403, "{body}");
        let carol = api
            .server
            .create_member("carol@contoso.com", "Carol", "a long enough password")
            .await;
        let (status, body) = api
            .invite_as(&api.user_token(carol.id), alice(json!({})))
            .await;
        assert_eq!(status, 403, "{body}");
        assert_eq!(api.user_count().await, users_before + 1, "only Carol");
        api.server.stop().await;
    }
}

#[tokio::test]
async fn the_invitation_email_reaches_a_real_smtp_server() {
    for backend in backends() {
        let smtp = SmtpServer::start().await;
        let url = smtp.url();
        let api = Inviting::with(
            TestServer::start_configured(backend, true, |config| config.smtp_url = Some(url)).await,
        );
        let (status, invited) = api
            .invite(alice(json!({
                "invitedUserMessageInfo": {
                    "customizedMessageBody": "Welcome <b>hi</b> & see you",
                    "ccRecipients": [{ "emailAddress": { "address": "manager@fabrikam.com" } }],
                },
            })))
            .await;
        assert_eq!(status, 201, "{backend:?}: {invited}");
        let redeem = str_of(&invited, "/inviteRedeemUrl").to_owned();
        let id = str_of(&invited, "/id").to_owned();
        // At creation the email is queued, and the guest is a Graph user.
        assert_eq!(invited["emailStatus"]["status"], "queued", "{invited}");
        assert_eq!(invited["emailStatus"]["attempts"], 0, "{invited}");
        assert_eq!(invited["invitedUser"]["userType"], "Guest", "{invited}");
        assert_eq!(
            invited["invitedUser"]["mail"], "alice@fabrikam.com",
            "{invited}"
        );

        let received = smtp.wait_for_emails(1).await;
        assert_eq!(received.len(), 1);
        let email = &received[0];
        assert_eq!(email.to, ["alice@fabrikam.com"]);
        assert_eq!(email.cc, ["manager@fabrikam.com"]);
        // From the inviting organization, at the operator's mail domain (issue 19).
        assert_eq!(email.from, "Contoso via Entente <no-reply@entente.test>");
        assert!(email.subject.contains("Contoso"), "{}", email.subject);
        let text = email.text.as_deref().unwrap();
        assert!(text.contains(&redeem), "{text}");
        assert!(text.contains("Welcome <b>hi</b> & see you"), "{text}");
        let html = email.html.as_deref().unwrap();
        assert!(!html.contains("<b>hi</b>"), "user text is escaped: {html}");
        assert!(
            html.contains("&#60;b&#62;hi&#60;/b&#62;") || html.contains("&lt;b&gt;hi&lt;/b&gt;"),
            "{html}"
        );
        assert!(html.contains(&redeem), "{html}");

        // The invitation shows that its email went out.
        let mut shown = Value::Null;
        for _ in 0..100 {
            let (status, body) = api
                .call(Method::GET, &format!("/v1.0/invitations/{id}"), None)
                .await;
            assert_eq!(status, 200, "{body}");
            shown = body;
            if shown["emailStatus"]["status"] == "sent" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(shown["emailStatus"]["status"], "sent", "{shown}");
        assert_eq!(shown["emailStatus"]["attempts"], 1);
        assert!(shown["emailStatus"]["sentDateTime"].is_string());
        assert_eq!(
            shown["inviteRedeemUrl"],
            Value::Null,
            "the secret is not kept"
        );

        // The email speaks the invitation's language.
        let (status, dutch) = api
            .invite(json!({
                "invitedUserEmailAddress": "daan@fabrikam.com",
                "invitedUserDisplayName": "Daan",
                "sendInvitationMessage": true,
                "invitedUserMessageInfo": { "messageLanguage": "nl-NL" },
            }))
            .await;
        assert_eq!(status, 201, "{dutch}");
        // messageLanguage is echoed as sent, now and when read again.
        assert_eq!(
            dutch["invitedUserMessageInfo"]["messageLanguage"], "nl-NL",
            "{dutch}"
        );
        let (_, read) = api
            .call(
                Method::GET,
                &format!("/v1.0/invitations/{}", str_of(&dutch, "/id")),
                None,
            )
            .await;
        assert_eq!(read["invitedUserMessageInfo"]["messageLanguage"], "nl-NL");
        let received = smtp.wait_for_emails(2).await;
        let email = received
            .iter()
            .find(|e| e.to == ["daan@fabrikam.com"])
            .expect("Daan's email");
        assert_eq!(email.subject, "Uitnodiging voor Contoso");
        let text = email.text.as_deref().unwrap();
        assert!(text.contains("Beste Daan,"), "{text}");
        assert!(
            text.contains("U bent als gast uitgenodigd bij Contoso."),
            "{text}"
        );
        drop(smtp);
        api.server.stop().await;
    }
}

#[tokio::test]
async fn resend_gives_a_new_link_revoke_withdraws_it_and_reset_keeps_the_guest() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        let (_, invited) = api.invite(alice(json!({}))).await;
        let id = str_of(&invited, "/id").to_owned();
        let guest = str_of(&invited, "/invitedUser/id").to_owned();
        let first_link = str_of(&invited, "/inviteRedeemUrl").to_owned();

        let (status, resent) = api
            .call(
                Method::POST,
                &format!("/v1.0/invitations/{id}/resend"),
                None,
            )
            .await;
        assert_eq!(status, 200, "{backend:?}: {resent}");
        assert_eq!(resent["id"], id.as_str(), "the same invitation");
        let second_link = str_of(&resent, "/inviteRedeemUrl").to_owned();
        assert_ne!(secret_of(&second_link), secret_of(&first_link));
        assert_eq!(api.outbox().await.len(), 2, "{backend:?}: a second email");

        let (status, _) = api
            .call(
                Method::POST,
                &format!("/v1.0/invitations/{id}/revoke"),
                None,
            )
            .await;
        assert_eq!(status, 204);
        let (_, shown) = api
            .call(Method::GET, &format!("/v1.0/invitations/{id}"), None)
            .await;
        assert_eq!(shown["status"], "Revoked", "{shown}");
        let (status, body) = api
            .call(
                Method::POST,
                &format!("/v1.0/invitations/{id}/revoke"),
                None,
            )
            .await;
        assert_eq!(status, 409, "revoking twice: {body}");

        // Resending a revoked invitation opens it again with yet another link.
        let (status, reopened) = api
            .call(
                Method::POST,
                &format!("/v1.0/invitations/{id}/resend"),
                None,
            )
            .await;
        assert_eq!(status, 200, "{reopened}");
        assert_eq!(reopened["status"], "PendingAcceptance");
        let (_, shown) = api
            .call(Method::GET, &format!("/v1.0/invitations/{id}"), None)
            .await;
        assert_eq!(shown["status"], "PendingAcceptance", "{shown}");
        let third_link = str_of(&reopened, "/inviteRedeemUrl");
        assert_ne!(secret_of(third_link), secret_of(&second_link));

        // Reset redemption: Graph's create with resetRedemption keeps the guest's id.
        let users_before = api.user_count().await;
        let (status, reset) = api
            .invite(json!({
                "invitedUserEmailAddress": "alice@fabrikam.com",
                "inviteRedirectUrl": "https://apps.contoso.com/welcome",
                "sendInvitationMessage": false,
                "resetRedemption": true,
                "invitedUser": { "id": guest },
            }))
            .await;
        assert_eq!(status, 201, "{reset}");
        assert_eq!(reset["resetRedemption"], true);
        assert_eq!(str_of(&reset, "/invitedUser/id"), guest);
        assert_ne!(str_of(&reset, "/id"), id);
        assert_eq!(api.user_count().await, users_before, "no new guest");
        let (status, body) = api
            .invite(json!({
                "invitedUserEmailAddress": "alice@fabrikam.com",
                "resetRedemption": true,
            }))
            .await;
        assert_eq!(status, 400, "reset needs the guest: {body}");

        let (status, _) = api
            .call(
                Method::GET,
                &format!("/v1.0/invitations/{}", uuid::Uuid::new_v4()),
                None,
            )
            .await;
        assert_eq!(status, 404);
        api.server.stop().await;
    }
}

/// A file as Excel writes it in a Dutch locale: byte-order mark, `;`, CRLF, a quoted
/// cell with a line break, the 2016 labels, and the columns in its own order.
fn excel_file(app: &str, group: &str) -> Vec<u8> {
    let rows = [
        "InviteGroupResources;Language;DisplayName;Email;InvitationText;InviteAppResources;InviteRedirectURL".to_owned(),
        format!("{group};nl;Anna;anna@fabrikam.com;\"Welkom!\r\nTot maandag.\";{app};https://apps.contoso.com"),
        format!(";;Ben;ben@northwind.example;;{app};"),
        "; ;Not an address;not-an-address;;;".to_owned(),
        format!("{};;Cas;cas@fabrikam.com;;;", uuid::Uuid::new_v4()),
        ";;Anna again;ANNA@fabrikam.com;;;".to_owned(),
        ";xx;Dirk;dirk@fabrikam.com;;;".to_owned(),
        ";;Eve;eve@gmail.com;;;".to_owned(),
        ";;Bob;bob@contoso.com;;;".to_owned(),
    ];
    let mut file = vec![0xEF, 0xBB, 0xBF];
    file.extend_from_slice(rows.join("\r\n").as_bytes());
    file.extend_from_slice(b"\r\n");
    file
}

#[tokio::test]
async fn a_bulk_file_is_previewed_then_confirmed_once() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        api.server
            .create_member("bob@contoso.com", "Bob", "a long enough password")
            .await;
        let app = api
            .create(
                "/v1.0/applications",
                json!({ "displayName": "Partner portal" }),
            )
            .await;
        let group = api
            .create("/v1.0/groups", json!({ "displayName": "Partners" }))
            .await;
        let users_before = api.user_count().await;

        let (status, preview) = api.upload(excel_file(&app, &group)).await;
        assert_eq!(status, 201, "{backend:?}: {preview}");
        assert_eq!(preview["status"], "preview");
        assert_eq!(preview["processedRows"], 0, "{preview}");
        assert_eq!(preview["separator"], ";");
        assert_eq!(
            (
                &preview["totalRows"],
                &preview["validRows"],
                &preview["errorRows"]
            ),
            (&json!(8), &json!(2), &json!(6)),
            "{preview}"
        );
        let rows = preview["rows"].as_array().unwrap();
        let outcome = |email: &str| -> (u64, String, Vec<String>) {
            let row = rows
                .iter()
                .find(|r| r["email"] == email)
                .unwrap_or_else(|| panic!("a row for {email}: {preview}"));
            let codes = row["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["code"].as_str().unwrap().to_owned())
                .collect();
            (
                row["line"].as_u64().unwrap(),
                row["status"].as_str().unwrap().to_owned(),
                codes,
            )
        };
        // Anna's quoted text spans two lines, so every later row is one line further.
        assert_eq!(outcome("anna@fabrikam.com"), (2, "ok".into(), vec![]));
        assert_eq!(outcome("ben@northwind.example"), (4, "ok".into(), vec![]));
        let expected = [
            ("not-an-address", 5, "invalid_email"),
            ("cas@fabrikam.com", 6, "unknown_group"),
            ("ANNA@fabrikam.com", 7, "duplicate"),
            ("dirk@fabrikam.com", 8, "unsupported_language"),
            ("eve@gmail.com", 9, "consumer_domain"),
            ("bob@contoso.com", 10, "already_member"),
        ];
        for (email, line, code) in expected {
            let (at, status, codes) = outcome(email);
            assert_eq!((at, status.as_str()), (line, "error"), "{email}: {preview}");
            assert!(codes.iter().any(|c| c == code), "{email}: {codes:?}");
            let message =
                rows.iter().find(|r| r["email"] == email).unwrap()["errors"][0]["message"]
                    .as_str()
                    .unwrap();
            assert!(!message.is_empty());
        }
        assert_eq!(
            api.user_count().await,
            users_before,
            "nothing before confirm"
        );
        assert!(api.outbox().await.is_empty());

        // Another tenant sees no such batch.
        let batch = str_of(&preview, "/id").to_owned();
        let (_, theirs) = api.other_tenant().await;
        for path in ["", "/result"] {
            let (status, _) = api
                .server
                .call(
                    Method::GET,
                    &format!("/v1.0/invitations/bulk/{batch}{path}"),
                    Some(&theirs),
                    None,
                )
                .await;
            assert_eq!(status, 404, "{backend:?}: {path}");
        }
        let (status, _) = api
            .server
            .call(
                Method::POST,
                &format!("/v1.0/invitations/bulk/{batch}/confirm"),
                Some(&theirs),
                None,
            )
            .await;
        assert_eq!(status, 404);

        let (status, done) = api.confirm(&batch).await;
        assert_eq!(status, 200, "{backend:?}: {done}");
        assert_eq!(done["status"], "completed");
        assert_eq!(done["processedRows"], 8, "{done}");
        assert_eq!(
            (&done["invitedRows"], &done["errorRows"]),
            (&json!(2), &json!(6))
        );
        let results = done["rows"].as_array().unwrap();
        assert_eq!(results.len(), 8);
        let anna = results
            .iter()
            .find(|r| r["email"] == "anna@fabrikam.com")
            .unwrap();
        assert_eq!(anna["status"], "invited");
        assert_eq!(anna["line"], 2);
        let anna_id = str_of(anna, "/invitedUserId").to_owned();
        let ben = results
            .iter()
            .find(|r| r["email"] == "ben@northwind.example")
            .unwrap();
        let ben_id = str_of(ben, "/invitedUserId").to_owned();
        assert!(ben["invitationId"].is_string());
        let bob = results
            .iter()
            .find(|r| r["email"] == "bob@contoso.com")
            .unwrap();
        assert_eq!(bob["status"], "error");
        assert_eq!(bob["errors"][0]["code"], "already_member");
        assert_eq!(bob["invitedUserId"], Value::Null);
        assert_eq!(api.user_count().await, users_before + 2);

        // The guests exist, in the group, assigned to the application, one email each.
        let (_, user) = api
            .call(Method::GET, &format!("/v1.0/users/{anna_id}"), None)
            .await;
        assert_eq!(user["userType"], "Guest", "{user}");
        assert_eq!(user["displayName"], "Anna");
        let (_, members) = api
            .call(Method::GET, &format!("/v1.0/groups/{group}/members"), None)
            .await;
        let member_ids: Vec<&str> = members["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap())
            .collect();
        assert_eq!(member_ids, [anna_id.as_str()], "{members}");
        for guest in [&anna_id, &ben_id] {
            let (_, assigned) = api
                .call(
                    Method::GET,
                    &format!("/v1.0/users/{guest}/appRoleAssignments"),
                    None,
                )
                .await;
            let resources: Vec<&str> = assigned["value"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["resourceId"].as_str().unwrap())
                .collect();
            assert_eq!(resources, [app.as_str()], "{assigned}");
        }
        let outbox = api.outbox().await;
        let mut recipients: Vec<&str> = outbox.iter().map(|m| m.to[0].as_str()).collect();
        recipients.sort_unstable();
        assert_eq!(recipients, ["anna@fabrikam.com", "ben@northwind.example"]);
        let anna_email = outbox
            .iter()
            .find(|m| m.to[0] == "anna@fabrikam.com")
            .unwrap();
        assert_eq!(
            anna_email.subject, "Uitnodiging voor Contoso",
            "Anna's language"
        );
        assert!(
            anna_email.text_body.contains("Welkom!"),
            "{}",
            anna_email.text_body
        );

        let (status, body) = api.confirm(&batch).await;
        assert_eq!(status, 409, "confirming twice: {body}");
        assert_eq!(api.user_count().await, users_before + 2);

        // The result file: a header and one line per input row, in the upload's separator.
        let response = api
            .server
            .http
            .get(
                api.server
                    .url(&format!("/v1.0/invitations/bulk/{batch}/result")),
            )
            .bearer_auth(&api.admin)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(content_type.starts_with("text/csv"), "{content_type}");
        let report = response.text().await.unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(report.trim_start_matches('\u{feff}').as_bytes());
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(records.len(), 8, "{report}");
        assert!(
            records
                .iter()
                .any(|r| r.iter().any(|c| c == "bob@contoso.com")
                    && r.iter().any(|c| c.contains("already_member"))),
            "{report}"
        );
        assert!(
            records
                .iter()
                .any(|r| r.iter().any(|c| c == "anna@fabrikam.com")
                    && r.iter().any(|c| c == "invited")),
            "{report}"
        );
        api.server.stop().await;
    }
}

/// A confirmation writes 500 rows at a time while it decides the next 500: a file
/// of several such chunks, with errors among them, is invited whole, every result in
/// its input line's place.
#[tokio::test]
async fn a_bulk_file_of_several_chunks_is_invited_whole_and_in_order() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        let group = api
            .create("/v1.0/groups", json!({ "displayName": "Partners" }))
            .await;
        let users_before = api.user_count().await;
        let mut file = String::from("Email,DisplayName,InvitedToGroups\n");
        for i in 0..1_234 {
            if i % 100 == 0 {
                file.push_str(&format!("not-an-address-{i},Broken {i},{group}\n"));
            } else {
                file.push_str(&format!("guest{i}@fabrikam.com,Guest {i},{group}\n"));
            }
        }
        let (status, preview) = api.upload(file).await;
        assert_eq!(status, 201, "{backend:?}: {preview}");
        let batch = str_of(&preview, "/id").to_owned();
        let (status, done) = api.confirm(&batch).await;
        assert_eq!(status, 200, "{backend:?}: {done}");
        assert_eq!(
            (&done["invitedRows"], &done["errorRows"]),
            (&json!(1_221), &json!(13)),
            "{backend:?}"
        );
        let results = done["rows"].as_array().unwrap();
        assert_eq!(results.len(), 1_234);
        for (i, row) in results.iter().enumerate() {
            assert_eq!(row["line"], i + 2, "{backend:?}: {row}");
            if i % 100 == 0 {
                assert_eq!(row["status"], "error", "{row}");
            } else {
                assert_eq!(row["email"], format!("guest{i}@fabrikam.com"), "{row}");
                assert_eq!(row["status"], "invited", "{row}");
            }
        }
        assert_eq!(api.user_count().await, users_before + 1_221, "{backend:?}");
        assert_eq!(api.outbox().await.len(), 1_221, "{backend:?}");
        let members = {
            let mut conn = api.server.services.store.read().await.unwrap();
            let group = entente_model::GroupId(group.parse().unwrap());
            let every = entente_testkit::entente_storage::Query {
                filter: None,
                sort: None,
                after: None,
                limit: 5_000,
            };
            let scope = entente_testkit::entente_storage::UserScope::MembersOf(group);
            conn.db()
                .list_users(api.tenant(), scope, &every)
                .await
                .unwrap()
                .items
        };
        assert_eq!(members.len(), 1_221, "{backend:?}");
        // The last chunk's rows are there, not only the first ones.
        let last = str_of(&results[1_233], "/invitedUserId").to_owned();
        let (status, guest) = api
            .call(Method::GET, &format!("/v1.0/users/{last}"), None)
            .await;
        assert_eq!(status, 200, "{backend:?}: {guest}");
        assert_eq!(guest["mail"], "guest1233@fabrikam.com");
        api.server.stop().await;
    }
}

/// A write that fails in a later chunk (here a principal name taken between preview
/// and confirmation) undoes the chunks already written: nothing of the file is
/// committed, the preview stays confirmable, and once the clash is gone it invites all.
#[tokio::test]
async fn a_failure_in_a_later_chunk_commits_nothing_of_the_file() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        let mut file = String::from("Email,DisplayName\n");
        for i in 0..1_000 {
            file.push_str(&format!("guest{i}@fabrikam.com,Guest {i}\n"));
        }
        let (status, preview) = api.upload(file).await;
        assert_eq!(status, 201, "{backend:?}: {preview}");
        let batch = str_of(&preview, "/id").to_owned();

        // Row 700 (the second chunk of 500) will want this principal name.
        let taken = entente_model::User::new_member(
            api.tenant(),
            format!(
                "guest700_fabrikam.com#EXT#@{}",
                api.server.bootstrap().initial_domain
            ),
            Some("someone.else@contoso.example".to_owned()),
            "Someone else".to_owned(),
            now(),
        );
        let mut tx = api.server.services.store.write().await.unwrap();
        tx.db()
            .insert_user(entente_testkit::entente_storage::NewUser {
                user: &taken,
                password_hash: None,
            })
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let users_before = api.user_count().await;

        let (status, body) = api.confirm(&batch).await;
        assert_eq!(status, 409, "{backend:?}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("userPrincipalName")),
            "{body}"
        );
        assert_eq!(api.user_count().await, users_before, "{backend:?}");
        assert!(api.outbox().await.is_empty(), "{backend:?}");
        let (status, kept) = api
            .call(
                Method::GET,
                &format!("/v1.0/invitations/bulk/{batch}"),
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(kept["status"], "preview", "{backend:?}: {kept}");

        let (status, _) = api
            .call(Method::DELETE, &format!("/v1.0/users/{}", taken.id), None)
            .await;
        assert_eq!(status, 204);
        let (status, done) = api.confirm(&batch).await;
        assert_eq!(status, 200, "{backend:?}: {done}");
        assert_eq!(done["invitedRows"], 1_000, "{backend:?}");
        assert_eq!(api.outbox().await.len(), 1_000, "{backend:?}");
        api.server.stop().await;
    }
}

#[tokio::test]
async fn a_bulk_file_over_two_thousand_rows_is_refused_whole() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        let mut file = String::from("Email,DisplayName\n");
        for i in 0..2_001 {
            file.push_str(&format!("guest{i}@fabrikam.com,Guest {i}\n"));
        }
        let (status, body) = api.upload(file.clone()).await;
        assert_eq!(status, 400, "{backend:?}: {body}");
        assert_eq!(body["error"]["code"], "InvalidCsvFile");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("2,000") || message.contains("2000"),
            "{message}"
        );

        // Sent as text/csv, a file of exactly 2,000 rows is fine.
        let at_limit: String = file.lines().take(2_001).map(|l| format!("{l}\n")).collect();
        let response = api
            .server
            .http
            .post(api.server.url("/v1.0/invitations/bulk"))
            .bearer_auth(&api.admin)
            .header("content-type", "text/csv")
            .body(at_limit)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let preview: Value = response.json().await.unwrap();
        assert_eq!(preview["validRows"], 2_000);
        api.server.stop().await;
    }
}

#[tokio::test]
async fn the_invitation_list_pages_newest_first_and_filters_by_status() {
    use entente_testkit::entente_domain::access::Caller;
    use entente_testkit::entente_domain::directory::PageRequest;
    use entente_testkit::entente_domain::invitations::invite::{guest_inviter, list_invitations};

    for backend in backends() {
        let api = Inviting::start(backend).await;
        let mut made = Vec::new();
        for name in ["ann", "bea", "cor"] {
            let (status, invited) = api
                .call(
                    Method::POST,
                    "/v1.0/invitations",
                    Some(json!({ "invitedUserEmailAddress": format!("{name}@fabrikam.com") })),
                )
                .await;
            assert_eq!(status, 201, "{backend:?}: {invited}");
            made.push(str_of(&invited, "/id").to_owned());
        }
        let (status, _) = api
            .call(
                Method::POST,
                &format!("/v1.0/invitations/{}/revoke", made[1]),
                None,
            )
            .await;
        assert_eq!(status, 204);

        let caller = Caller {
            tenant: api.tenant(),
            actor: entente_model::Actor::System,
            permissions: vec!["User.Invite.All".to_owned()],
        };
        let services = &api.server.services;
        let inviter = guest_inviter(services, &caller).await.expect("inviter");
        let page = |top: i64, skip_token: Option<String>| PageRequest {
            top: Some(top),
            skip_token,
        };
        let ids = |items: &[entente_testkit::entente_domain::invitations::invite::Invited]| {
            items
                .iter()
                .map(|i| i.invitation.id.to_string())
                .collect::<Vec<_>>()
        };
        let first = list_invitations(services, &inviter, None, None, page(2, None))
            .await
            .expect("first page");
        assert_eq!(
            ids(&first.items),
            [made[2].clone(), made[1].clone()],
            "{backend:?}"
        );
        let second = list_invitations(services, &inviter, None, None, page(2, first.skip_token))
            .await
            .expect("second page");
        assert_eq!(ids(&second.items), [made[0].clone()]);
        assert!(second.skip_token.is_none());
        let pending = list_invitations(
            services,
            &inviter,
            Some(entente_model::InvitationStatus::PendingAcceptance),
            None,
            page(10, None),
        )
        .await
        .expect("pending");
        assert_eq!(ids(&pending.items), [made[2].clone(), made[0].clone()]);
        assert_eq!(
            pending.items[0].guest.mail.as_deref(),
            Some("cor@fabrikam.com")
        );
        // One address, typed with its domain in capitals.
        let bea = list_invitations(
            services,
            &inviter,
            None,
            Some(" bea@FABRIKAM.com "),
            page(10, None),
        )
        .await
        .expect("by address");
        assert_eq!(ids(&bea.items), [made[1].clone()], "{backend:?}");

        // Another tenant sees none of them.
        let (other, _) = api.other_tenant().await;
        let theirs = Caller {
            tenant: other,
            ..caller.clone()
        };
        let their_inviter = guest_inviter(services, &theirs).await.expect("inviter");
        let none = list_invitations(services, &their_inviter, None, None, page(10, None))
            .await
            .expect("their list");
        assert!(none.items.is_empty());
        api.server.stop().await;
    }
}
