//! An invitation grants only what its inviter could grant directly (issue 16,
//! finding 2): with `membersCanInvite` on, a plain member may invite, but not into a
//! group it may not add members to, nor to an application it may not assign users
//! to. Each way in is pinned: the API's single invitation, the API's CSV upload, and
//! the portal's CSV upload. Administrators still invite into both.

use entente_model::UserId;
use entente_testkit::{Backend, TestServer, backends, hidden_field, now};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::invitations::Inviting;

const POLICY: &str = "/v1.0/policies/externalCollaborationPolicy";
const MEMBER_EMAIL: &str = "mia@contoso.com";
const MEMBER_PASSWORD: &str = "a long enough password";

/// A tenant whose members may invite, with a group "Eng" that holds default access to
/// an application "Web", and a plain member, Mia.
struct Scene {
    api: Inviting,
    eng: String,
    web: String,
    mia: UserId,
    mia_token: String,
}

impl Scene {
    async fn start(backend: Backend) -> Scene {
        let api = Inviting::start(backend).await;
        let (status, body) = api
            .call(
                Method::PATCH,
                POLICY,
                Some(json!({ "membersCanInvite": true })),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let eng = api
            .create("/v1.0/groups", json!({ "displayName": "Eng" }))
            .await;
        let web = api
            .create("/v1.0/applications", json!({ "displayName": "Web" }))
            .await;
        api.create(
            &format!("/v1.0/groups/{eng}/appRoleAssignments"),
            json!({ "principalId": eng, "resourceId": web }),
        )
        .await;
        let mia = api
            .server
            .create_member(MEMBER_EMAIL, "Mia", MEMBER_PASSWORD)
            .await;
        let mia_token = api.user_token(mia.id);
        Scene {
            api,
            eng,
            web,
            mia: mia.id,
            mia_token,
        }
    }

    /// The ids of Eng's members, as the admin reads them.
    async fn eng_members(&self) -> Vec<String> {
        let (status, body) = self
            .api
            .call(
                Method::GET,
                &format!("/v1.0/groups/{}/members", self.eng),
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The ids of the principals assigned to Web, as the admin reads them.
    async fn web_assignees(&self) -> Vec<String> {
        let (status, body) = self
            .api
            .call(
                Method::GET,
                &format!("/v1.0/applications/{}/appRoleAssignedTo", self.web),
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["principalId"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Whether the tenant has a user with this address.
    async fn user_with_mail(&self, mail: &str) -> Option<entente_model::User> {
        let mut conn = self.api.server.services.store.read().await.unwrap();
        conn.db()
            .user_by_mail(self.api.tenant(), mail)
            .await
            .unwrap()
    }
}

fn partner(email: &str, groups: &[&str], apps: &[&str]) -> Value {
    json!({
        "invitedUserEmailAddress": email,
        "inviteRedirectUrl": "https://apps.contoso.com",
        "invitedToGroups": groups,
        "invitedToApplications": apps,
    })
}

#[tokio::test]
async fn a_member_may_not_invite_into_a_group_or_application_through_the_api() {
    for backend in backends() {
        let scene = Scene::start(backend).await;
        let api = &scene.api;
        let (eng, web) = (scene.eng.as_str(), scene.web.as_str());

        // The direct way is closed to a plain member.
        let (status, _) = api
            .server
            .call(
                Method::POST,
                &format!("/v1.0/groups/{eng}/members/$ref"),
                Some(&scene.mia_token),
                Some(json!({ "@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{}", scene.mia) })),
            )
            .await;
        assert_eq!(status, 403, "{backend:?}");

        // So is the way round through an invitation, with the reason.
        let users_before = api.user_count().await;
        for (body, named) in [
            (partner("x@partner.example", &[eng], &[]), eng),
            (partner("x@partner.example", &[], &[web]), web),
            (partner("x@partner.example", &[eng], &[web]), eng),
        ] {
            let (status, answer) = api.invite_as(&scene.mia_token, body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend:?}: {answer}");
            assert_eq!(answer["error"]["code"], "Authorization_RequestDenied");
            let message = answer["error"]["message"].as_str().unwrap();
            assert!(message.contains(named), "names {named}: {message}");
        }
        // An unknown group is refused the same way: the answer tells nothing.
        let unknown = uuid::Uuid::new_v4().to_string();
        let (status, answer) = api
            .invite_as(
                &scene.mia_token,
                partner("x@partner.example", &[&unknown], &[]),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
        assert_eq!(api.user_count().await, users_before, "no guest was made");
        assert!(api.outbox().await.is_empty(), "no email was queued");
        assert!(scene.eng_members().await.is_empty());
        assert_eq!(scene.web_assignees().await, vec![eng.to_owned()]);

        // Inviting without groups or applications still works for the member.
        let (status, answer) = api
            .invite_as(&scene.mia_token, partner("x@partner.example", &[], &[]))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{backend:?}: {answer}");

        // An administrator invites into both, as before.
        let (status, answer) = api
            .invite(partner("y@partner.example", &[eng], &[web]))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{backend:?}: {answer}");
        let guest = answer["invitedUser"]["id"].as_str().unwrap().to_owned();
        assert_eq!(scene.eng_members().await, vec![guest.clone()]);
        assert!(scene.web_assignees().await.contains(&guest));

        // A caller holding the groups permission may invite into groups, and not
        // into applications: each grant asks its own permission.
        let groups_app = api.server.sign(&api.server.api_claims(
            api.tenant(),
            uuid::Uuid::new_v4(),
            "app",
            &["User.Invite.All", "Group.ReadWrite.All"],
            now(),
        ));
        let (status, answer) = api
            .invite_as(&groups_app, partner("z@partner.example", &[eng], &[]))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{backend:?}: {answer}");
        let (status, answer) = api
            .invite_as(&groups_app, partner("w@partner.example", &[], &[web]))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend:?}: {answer}");
        assert!(scene.user_with_mail("w@partner.example").await.is_none());
        scene.api.server.stop().await;
    }
}

/// A file with a good row (line 2), one naming Eng (line 3) and one naming Web
/// (line 4).
fn file(eng: &str, web: &str) -> Vec<u8> {
    format!(
        "Email,DisplayName,InvitedToApplications,InvitedToGroups\r\n\
         good@partner.example,Good,,\r\n\
         group@partner.example,Group,,{eng}\r\n\
         app@partner.example,App,{web},\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn a_members_csv_rows_naming_a_group_or_application_are_refused_per_row_through_the_api() {
    for backend in backends() {
        let scene = Scene::start(backend).await;
        let api = &scene.api;
        let part = reqwest::multipart::Part::bytes(file(&scene.eng, &scene.web))
            .file_name("invitations.csv")
            .mime_str("text/csv")
            .unwrap();
        let response = api
            .server
            .http
            .post(api.server.url("/v1.0/invitations/bulk"))
            .bearer_auth(&scene.mia_token)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{backend:?}");
        let preview: Value = response.json().await.unwrap();
        assert_eq!(
            (&preview["validRows"], &preview["errorRows"]),
            (&json!(1), &json!(2)),
            "{backend:?}: {preview}"
        );
        let rows = preview["rows"].as_array().unwrap();
        let row = |email: &str| rows.iter().find(|r| r["email"] == email).unwrap();
        assert_eq!(row("good@partner.example")["status"], "ok");
        for (email, line, code, named) in [
            (
                "group@partner.example",
                3,
                "group_not_permitted",
                &scene.eng,
            ),
            (
                "app@partner.example",
                4,
                "application_not_permitted",
                &scene.web,
            ),
        ] {
            let refused = row(email);
            assert_eq!(refused["line"], line, "{refused}");
            assert_eq!(refused["status"], "error", "{refused}");
            assert_eq!(refused["errors"][0]["code"], code, "{refused}");
            let message = refused["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains(named.as_str()), "{message}");
        }

        let batch = preview["id"].as_str().unwrap();
        let (status, done) = api
            .server
            .call(
                Method::POST,
                &format!("/v1.0/invitations/bulk/{batch}/confirm"),
                Some(&scene.mia_token),
                None,
            )
            .await;
        assert!(status.is_success(), "{backend:?}: {status} {done}");
        assert!(scene.user_with_mail("good@partner.example").await.is_some());
        assert!(
            scene
                .user_with_mail("group@partner.example")
                .await
                .is_none()
        );
        assert!(scene.user_with_mail("app@partner.example").await.is_none());
        assert!(scene.eng_members().await.is_empty());
        assert_eq!(scene.web_assignees().await, vec![scene.eng.clone()]);
        scene.api.server.stop().await;
    }
}

#[tokio::test]
async fn a_members_csv_rows_naming_a_group_or_application_are_refused_per_row_in_the_portal() {
    for backend in backends() {
        let scene = Scene::start(backend).await;
        let server: &TestServer = &scene.api.server;
        let contoso = scene.api.tenant();
        let (cookies, _) = server
            .browser_sign_in(
                &server.url(&format!("/{contoso}/login")),
                MEMBER_EMAIL,
                MEMBER_PASSWORD,
            )
            .await
            .expect("Mia signs in");
        let page = server
            .http
            .get(server.url(&format!("/{contoso}/admin/invite")))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{backend:?}: members may invite");
        let csrf = hidden_field(&page.text().await.unwrap(), "csrf").expect("a CSRF field");
        let part = reqwest::multipart::Part::bytes(file(&scene.eng, &scene.web))
            .file_name("partners.csv")
            .mime_str("text/csv")
            .unwrap();
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part("file", part);
        let uploaded = server
            .http
            .post(server.url(&format!("/{contoso}/admin/invite/bulk")))
            .header("cookie", &cookies)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(uploaded.status(), 303, "{backend:?}");
        let batch_page = uploaded.headers()["location"].to_str().unwrap().to_owned();
        let preview = server
            .http
            .get(server.url(&batch_page))
            .header("cookie", &cookies)
            .send()
            .await
            .unwrap();
        assert_eq!(preview.status(), 200);
        let html = preview.text().await.unwrap();
        for (line, named) in [(3, &scene.eng), (4, &scene.web)] {
            let marker = format!("class=\"row-error\" data-line=\"{line}\"");
            let start = html
                .find(&marker)
                .unwrap_or_else(|| panic!("{marker}: {html}"));
            let end = html[start..].find("</tr>").unwrap() + start;
            let row = &html[start..end];
            assert!(row.contains("you may not"), "{row}");
            assert!(row.contains(named.as_str()), "{row}");
        }
        assert!(html.contains("class=\"row-ok\" data-line=\"2\""), "{html}");

        let confirmed = server
            .http
            .post(server.url(&format!("{batch_page}/confirm")))
            .header("cookie", &cookies)
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert!(
            confirmed.status().is_success() || confirmed.status().is_redirection(),
            "{backend:?}: {}",
            confirmed.status()
        );
        // The confirmation runs in the background; wait for the good row.
        let mut invited = false;
        for _ in 0..100 {
            if scene.user_with_mail("good@partner.example").await.is_some() {
                invited = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(invited, "{backend:?}: the good row was invited");
        assert!(
            scene
                .user_with_mail("group@partner.example")
                .await
                .is_none()
        );
        assert!(scene.user_with_mail("app@partner.example").await.is_none());
        assert!(scene.eng_members().await.is_empty());
        assert_eq!(scene.web_assignees().await, vec![scene.eng.clone()]);
        scene.api.server.stop().await;
    }
}
