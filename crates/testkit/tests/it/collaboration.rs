//! The tenant's external collaboration policy and branding under `/v1.0`: reading and
//! changing them (tenant admins only), and their effect on who may invite whom.

use entente_model::DirectoryRole;
use entente_testkit::{backends, now};
use reqwest::Method;
use serde_json::json;

use crate::invitations::Inviting;

const POLICY: &str = "/v1.0/policies/externalCollaborationPolicy";
const BRANDING: &str = "/v1.0/organization/branding";

fn guest(email: &str) -> serde_json::Value {
    json!({
        "invitedUserEmailAddress": email,
        "inviteRedirectUrl": "https://apps.contoso.com",
    })
}

#[tokio::test]
async fn the_policy_decides_which_domains_may_be_invited() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        let (status, policy) = api.call(Method::GET, POLICY, None).await;
        assert_eq!(status, 200, "{backend:?}: {policy}");
        assert_eq!(policy["membersCanInvite"], false);
        assert_eq!(policy["allowConsumerDomains"], false);
        assert_eq!(policy["invitationLifetimeDays"], 30);
        assert_eq!(policy["trustHomeMfa"], true);
        assert_eq!(policy["blockedDomains"], json!([]));

        let (status, _) = api.invite(guest("pat@gmail.com")).await;
        assert_eq!(status, 400, "consumer domains are refused by default");
        let (status, policy) = api
            .call(
                Method::PATCH,
                POLICY,
                Some(json!({
                    "allowConsumerDomains": true,
                    "blockedDomains": ["Rival.example"],
                    "invitationLifetimeDays": 7,
                })),
            )
            .await;
        assert_eq!(status, 200, "{policy}");
        assert_eq!(policy["blockedDomains"], json!(["rival.example"]));
        let (status, invited) = api.invite(guest("pat@gmail.com")).await;
        assert_eq!(
            status, 201,
            "{backend:?}: allowed after the change: {invited}"
        );
        let created = invited["createdDateTime"].as_str().unwrap().to_owned();
        let expires = invited["expirationDateTime"].as_str().unwrap().to_owned();
        let days = |t: &str| {
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                .unwrap()
                .unix_timestamp()
        };
        assert_eq!(days(&expires) - days(&created), 7 * 86_400);
        let (status, body) = api.invite(guest("spy@rival.example")).await;
        assert_eq!(status, 400, "a blocked domain: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("rival.example")
        );

        // An allow-list admits its domains only.
        let (status, _) = api
            .call(
                Method::PATCH,
                POLICY,
                Some(json!({ "allowedDomains": ["fabrikam.com"] })),
            )
            .await;
        assert_eq!(status, 200);
        let (status, _) = api.invite(guest("ann@northwind.example")).await;
        assert_eq!(status, 400);
        let (status, _) = api.invite(guest("ann@fabrikam.com")).await;
        assert_eq!(status, 201);

        for bad in [
            json!({ "invitationLifetimeDays": 0 }),
            json!({ "invitationLifetimeDays": 366 }),
            json!({ "blockedDomains": ["not a domain"] }),
            json!({ "allowedDomains": ["fabrikam.com"], "blockedDomains": ["fabrikam.com"] }),
            json!({ "somethingElse": true }),
        ] {
            let (status, body) = api.call(Method::PATCH, POLICY, Some(bad.clone())).await;
            assert_eq!(status, 400, "{bad}: {body}");
        }
        let (_, policy) = api.call(Method::GET, POLICY, None).await;
        assert_eq!(
            policy["invitationLifetimeDays"], 7,
            "refused changes change nothing"
        );

        let (_, log) = api
            .call(Method::GET, "/v1.0/auditLogs/directoryAudits", None)
            .await;
        let changes = log["value"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["activityDisplayName"] == "Update external collaboration policy")
            .count();
        assert_eq!(changes, 2, "{log}");
        api.server.stop().await;
    }
}

#[tokio::test]
async fn members_invite_when_the_policy_lets_them_and_guest_inviters_always() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        let member = api
            .server
            .create_member("mia@contoso.com", "Mia", "a long enough password")
            .await;
        let inviter = api
            .server
            .create_member("ivo@contoso.com", "Ivo", "a long enough password")
            .await;
        {
            let mut tx = api.server.services.store.write().await.unwrap();
            tx.db()
                .grant_directory_role(api.tenant(), inviter.id, DirectoryRole::GuestInviter)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
        let mia = api.user_token(member.id);
        let ivo = api.user_token(inviter.id);

        let (status, body) = api.invite_as(&mia, guest("one@fabrikam.com")).await;
        assert_eq!(status, 403, "{backend:?}: {body}");
        let (status, body) = api.invite_as(&ivo, guest("two@fabrikam.com")).await;
        assert_eq!(status, 201, "{backend:?}: a guest inviter: {body}");

        // Neither may change the policy: that takes a tenant administrator.
        for token in [&mia, &ivo] {
            let (status, _) = api
                .server
                .call(
                    Method::PATCH,
                    POLICY,
                    Some(token),
                    Some(json!({ "membersCanInvite": true })),
                )
                .await;
            assert_eq!(status, 403);
            let (status, _) = api
                .server
                .call(Method::GET, BRANDING, Some(token), None)
                .await;
            assert_eq!(status, 403);
        }

        let (status, _) = api
            .call(
                Method::PATCH,
                POLICY,
                Some(json!({ "membersCanInvite": true })),
            )
            .await;
        assert_eq!(status, 200);
        let (status, body) = api.invite_as(&mia, guest("one@fabrikam.com")).await;
        assert_eq!(status, 201, "{backend:?}: members may invite now: {body}");
        assert_eq!(body["invitedUserEmailAddress"], "one@fabrikam.com");

        // A guest is not a member, whatever the policy says.
        let guest_id: entente_model::UserId =
            body["invitedUser"]["id"].as_str().unwrap().parse().unwrap();
        let as_guest =
            api.server.sign(
                &api.server
                    .api_claims(api.tenant(), guest_id.0, "user", &[], now()),
            );
        let (status, _) = api.invite_as(&as_guest, guest("three@fabrikam.com")).await;
        assert_eq!(status, 403);
        api.server.stop().await;
    }
}

#[tokio::test]
async fn branding_takes_an_https_logo_and_a_hex_colour() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        let (status, branding) = api.call(Method::GET, BRANDING, None).await;
        assert_eq!(status, 200, "{branding}");
        assert_eq!(branding["logoUrl"], serde_json::Value::Null);
        let (status, branding) = api
            .call(
                Method::PATCH,
                BRANDING,
                Some(json!({ "logoUrl": "https://cdn.contoso.com/logo.png", "brandColor": "#0A64AD" })),
            )
            .await;
        assert_eq!(status, 200, "{backend:?}: {branding}");
        assert_eq!(branding["brandColor"], "#0a64ad");
        for bad in [
            json!({ "logoUrl": "http://cdn.contoso.com/logo.png" }),
            json!({ "brandColor": "blue" }),
            json!({ "brandColor": "#12345" }),
        ] {
            let (status, body) = api.call(Method::PATCH, BRANDING, Some(bad.clone())).await;
            assert_eq!(status, 400, "{bad}: {body}");
        }
        // The invitation email wears the branding.
        let (status, _) = api
            .invite(json!({
                "invitedUserEmailAddress": "ann@fabrikam.com",
                "sendInvitationMessage": true,
            }))
            .await;
        assert_eq!(status, 201);
        let outbox = api.outbox().await;
        let html = outbox[0].html_body.as_deref().unwrap();
        assert!(html.contains("https://cdn.contoso.com/logo.png"), "{html}");
        assert!(html.contains("#0a64ad"), "{html}");

        let (status, branding) = api
            .call(Method::PATCH, BRANDING, Some(json!({ "logoUrl": null })))
            .await;
        assert_eq!(status, 200);
        assert_eq!(branding["logoUrl"], serde_json::Value::Null);
        assert_eq!(branding["brandColor"], "#0a64ad", "untouched");
        api.server.stop().await;
    }
}
