//! Bulk files that name applications and groups rather than give their ids (issue 19,
//! item 5): names and client ids resolved within the uploading tenant only, an
//! ambiguous or unknown name a row error naming the candidates, each row's display
//! name and language, the warning on a copy that leaves the partner no way to redeem,
//! the sample file importing cleanly, the size limit (a 2,000-row file of long
//! Japanese texts accepted, a larger body a 413 on the API and on the portal, with
//! the way back), and the errors-only filter of the preview.

use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, Backend, TestServer, backends, hidden_field};
use reqwest::Method;
use serde_json::{Value, json};

use crate::invitations::Inviting;

/// The largest file within the documented limits, in bytes (as `csv_import` computes
/// it); the server takes a little more for the form around it.
const LIMIT_BYTES: usize = entente_testkit::entente_domain::invitations::csv_import::MAX_FILE_BYTES;

fn row<'a>(preview: &'a Value, email: &str) -> &'a Value {
    preview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == email)
        .unwrap_or_else(|| panic!("a row for {email}: {preview}"))
}

/// The codes of a row's `errors` or `warnings`, sorted.
fn codes(row: &Value, key: &str) -> Vec<String> {
    let mut codes: Vec<String> = row[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    codes
}

fn messages(row: &Value) -> String {
    row["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[tokio::test]
async fn names_and_client_ids_are_found_in_the_tenant_and_ambiguity_names_the_candidates() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        let (status, portal) = api
            .call(
                Method::POST,
                "/v1.0/applications",
                Some(json!({ "displayName": "Partner portal" })),
            )
            .await;
        assert_eq!(status, 201, "{portal}");
        let portal_id = portal["id"].as_str().unwrap().to_owned();
        let portal_client = portal["appId"].as_str().unwrap().to_owned();
        let crm1 = api
            .create("/v1.0/applications", json!({ "displayName": "CRM" }))
            .await;
        let crm2 = api
            .create("/v1.0/applications", json!({ "displayName": "crm" }))
            .await;
        let partners = api
            .create("/v1.0/groups", json!({ "displayName": "Partners" }))
            .await;
        let falcon = api
            .create("/v1.0/groups", json!({ "displayName": "Project Falcon" }))
            .await;
        let sales1 = api
            .create("/v1.0/groups", json!({ "displayName": "Sales" }))
            .await;
        let sales2 = api
            .create("/v1.0/groups", json!({ "displayName": "Sales" }))
            .await;

        let file = format!(
            "Email,DisplayName,InvitedToApplications,InvitedToGroups,Language,CcEmailAddress,InviteAppID\r\n\
             ann@fabrikam.com,Ann Abe,partner PORTAL,\"Partners; project falcon\",ja,,\r\n\
             ben@fabrikam.com,Ben Bakker,{portal_client},{partners},de,,Partner portal\r\n\
             cas@fabrikam.com,Cas,CRM,,,,\r\n\
             dee@fabrikam.com,Dee,,Sales,,,\r\n\
             eve@fabrikam.com,Eve,Nope,Partners Project Falcon,,,\r\n\
             fay@northwind.example,Fay,,Partners,pt-br,boss@northwind.example,\r\n\
             gus@fabrikam.entente.test,Gus,,,,boss@northwind.example,\r\n"
        );
        // Gus's domain belongs to an organization here: he signs in there, so the
        // copy costs him nothing.
        let (_, theirs) = api.other_tenant().await;
        let (status, preview) = api.upload(file).await;
        assert_eq!(status, 201, "{backend:?}: {preview}");

        let ann = row(&preview, "ann@fabrikam.com");
        assert_eq!(ann["status"], "ok", "{ann}");
        assert_eq!(
            (&ann["displayName"], &ann["language"]),
            (&json!("Ann Abe"), &json!("ja"))
        );
        let ben = row(&preview, "ben@fabrikam.com");
        assert_eq!(
            ben["status"], "ok",
            "a client id and a branding name: {ben}"
        );
        assert_eq!(ben["language"], "de");

        let cas = row(&preview, "cas@fabrikam.com");
        assert_eq!(codes(cas, "errors"), ["ambiguous_name"], "{cas}");
        let said = messages(cas);
        assert!(
            said.contains(&crm1) && said.contains(&crm2),
            "both candidates: {said}"
        );
        let dee = row(&preview, "dee@fabrikam.com");
        assert_eq!(codes(dee, "errors"), ["ambiguous_name"], "{dee}");
        let said = messages(dee);
        assert!(said.contains(&sales1) && said.contains(&sales2), "{said}");

        let eve = row(&preview, "eve@fabrikam.com");
        assert_eq!(
            codes(eve, "errors"),
            ["unknown_application", "unknown_group"],
            "{eve}"
        );
        assert!(
            messages(eve).contains("separated by \";\""),
            "{}",
            messages(eve)
        );

        let fay = row(&preview, "fay@northwind.example");
        assert_eq!(fay["status"], "ok", "a warning, not an error: {fay}");
        assert_eq!(codes(fay, "warnings"), ["cc_blocks_sign_up"], "{fay}");
        assert_eq!(fay["language"], "pt-BR");
        let gus = row(&preview, "gus@fabrikam.entente.test");
        assert_eq!(
            (&gus["status"], codes(gus, "warnings").len()),
            (&json!("ok"), 0),
            "{gus}"
        );
        assert_eq!(preview["validRows"], 4, "{preview}");

        // Confirmed: the names became the memberships and assignments they name.
        let batch = preview["id"].as_str().unwrap().to_owned();
        let (status, done) = api.confirm(&batch).await;
        assert_eq!(status, 200, "{done}");
        let ann_id = row(&done, "ann@fabrikam.com")["invitedUserId"]
            .as_str()
            .unwrap()
            .to_owned();
        let ben_id = row(&done, "ben@fabrikam.com")["invitedUserId"]
            .as_str()
            .unwrap()
            .to_owned();
        for group in [&partners, &falcon] {
            let (_, members) = api
                .call(Method::GET, &format!("/v1.0/groups/{group}/members"), None)
                .await;
            assert!(members.to_string().contains(&ann_id), "{group}: {members}");
        }
        for user in [&ann_id, &ben_id] {
            let (_, assigned) = api
                .call(
                    Method::GET,
                    &format!("/v1.0/users/{user}/appRoleAssignments"),
                    None,
                )
                .await;
            assert!(
                assigned.to_string().contains(&portal_id),
                "{user} has the portal by its object id: {assigned}"
            );
        }
        assert_eq!(
            codes(row(&done, "fay@northwind.example"), "warnings"),
            ["cc_blocks_sign_up"]
        );
        let result = api
            .server
            .http
            .get(
                api.server
                    .url(&format!("/v1.0/invitations/bulk/{batch}/result")),
            )
            .bearer_auth(&api.admin)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            result.contains("warning cc_blocks_sign_up"),
            "the result file keeps the warning: {result}"
        );

        // Another tenant's file finds nothing of Contoso's by name or client id.
        let part = reqwest::multipart::Part::bytes(
            format!(
                "Email,DisplayName,InvitedToApplications,InvitedToGroups\r\n\
                 hal@fabrikam.com,Hal,Partner portal,Partners\r\n\
                 ida@fabrikam.com,Ida,{portal_client},\r\n"
            )
            .into_bytes(),
        )
        .file_name("x.csv");
        let response = api
            .server
            .http
            .post(api.server.url("/v1.0/invitations/bulk"))
            .bearer_auth(&theirs)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let other: Value = response.json().await.unwrap();
        assert_eq!(
            codes(row(&other, "hal@fabrikam.com"), "errors"),
            ["unknown_application", "unknown_group"],
            "{other}"
        );
        assert_eq!(
            codes(row(&other, "ida@fabrikam.com"), "errors"),
            ["unknown_application"],
            "{other}"
        );
        api.server.stop().await;
    }
}

/// A file of `rows` rows whose invitation texts are `chars` Japanese characters.
fn japanese_file(rows: usize, chars: usize) -> String {
    let text: String = "日本語の招待状です".chars().cycle().take(chars).collect();
    let mut file = String::from("Email,DisplayName,InvitationText,Language\r\n");
    for n in 0..rows {
        file.push_str(&format!("guest{n}@fabrikam.com,ゲスト {n},{text},ja\r\n"));
    }
    file
}

#[tokio::test]
async fn a_file_within_the_limits_is_taken_and_a_larger_body_is_a_413() {
    let backend = backends().into_iter().last().unwrap_or(Backend::Sqlite);
    let api = Inviting::start(backend).await;
    let file = japanese_file(2_000, 700);
    assert!(file.len() > 4 * 1024 * 1024, "larger than the old limit");
    let (status, preview) = api.upload(file).await;
    assert_eq!(status, 201, "{preview}");
    assert_eq!(preview["validRows"], 2_000);
    assert_eq!(row(&preview, "guest1999@fabrikam.com")["language"], "ja");

    let too_large = vec![b'x'; LIMIT_BYTES + 200 * 1024];
    let response = api
        .server
        .http
        .post(api.server.url("/v1.0/invitations/bulk"))
        .bearer_auth(&api.admin)
        .header("content-type", "text/csv")
        .body(too_large)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "RequestEntityTooLarge", "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().contains(" MB"),
        "{body}"
    );
    api.server.stop().await;
}

async fn admin_cookies(server: &TestServer) -> String {
    let contoso = server.bootstrap().tenant_id;
    let (cookies, _) = server
        .browser_sign_in(
            &server.url(&format!("/{contoso}/login")),
            ADMIN_EMAIL,
            ADMIN_PASSWORD,
        )
        .await
        .expect("the admin signs in");
    cookies
}

async fn page(server: &TestServer, path: &str, cookies: &str, language: &str) -> (u16, String) {
    let response = server
        .http
        .get(server.url(path))
        .header("cookie", cookies)
        .header("accept-language", language)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn portal_upload(
    server: &TestServer,
    cookies: &str,
    csrf: &str,
    file: Vec<u8>,
    language: &str,
) -> reqwest::Response {
    let contoso = server.bootstrap().tenant_id;
    let part = reqwest::multipart::Part::bytes(file)
        .file_name("partners.csv")
        .mime_str("text/csv")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .part("file", part);
    server
        .http
        .post(server.url(&format!("/{contoso}/admin/invite/bulk")))
        .header("cookie", cookies)
        .header("accept-language", language)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_sample_file_imports_cleanly_and_the_preview_filters_errors() {
    for backend in backends() {
        let api = Inviting::start(backend).await;
        api.create(
            "/v1.0/applications",
            json!({ "displayName": "Partner portal" }),
        )
        .await;
        let group = api
            .create("/v1.0/groups", json!({ "displayName": "Partners" }))
            .await;
        api.create("/v1.0/groups", json!({ "displayName": "Project Falcon" }))
            .await;
        let server = &api.server;
        let contoso = server.bootstrap().tenant_id;
        let cookies = admin_cookies(server).await;

        let (status, invite) =
            page(server, &format!("/{contoso}/admin/invite"), &cookies, "de").await;
        assert_eq!(status, 200);
        assert!(
            invite.contains("höchstens 2.000 Zeilen und 93 MB"),
            "the limit, in German: {invite}"
        );
        assert!(invite.contains(">Deutsch</option>") && invite.contains(">日本語</option>"));
        let csrf = hidden_field(&invite, "csrf").unwrap();

        let (status, sample) = page(
            server,
            &format!("/{contoso}/admin/invite/sample.csv"),
            &cookies,
            "en",
        )
        .await;
        assert_eq!(status, 200);
        assert!(sample.contains("Partners; Project Falcon"), "{sample}");
        let mut with_error = sample.clone();
        with_error.push_str("not-an-address,Nobody,,,,,,\r\n");
        let response = portal_upload(server, &cookies, &csrf, with_error.into_bytes(), "en").await;
        assert_eq!(response.status(), 303, "sent to the preview");
        let preview_url = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap()
            .to_owned();
        let (_, html) = page(server, &preview_url, &cookies, "en").await;
        assert!(
            html.contains("id=\"valid-count\">3<"),
            "the sample's three rows are ready: {html}"
        );
        assert!(html.contains("id=\"error-count\">1<"), "{html}");
        assert!(
            html.contains("Chloé Dubois")
                && html.contains("Nederlands")
                && html.contains("Français"),
            "{html}"
        );

        let (_, only) = page(
            server,
            &format!("{preview_url}?show=errors"),
            &cookies,
            "de",
        )
        .await;
        assert!(only.contains("not-an-address"), "{only}");
        assert!(
            !only.contains("alice@fabrikam.com"),
            "only the rows with errors: {only}"
        );
        assert!(only.contains("Alle Zeilen anzeigen"), "{only}");

        // The group's page shows its id with a copy button.
        let (_, group_page) = page(
            server,
            &format!("/{contoso}/admin/groups/{group}"),
            &cookies,
            "en",
        )
        .await;
        assert!(
            group_page.contains(&format!("data-copy=\"{group}\"")),
            "{group_page}"
        );

        // Without a session the body is not kept: sent to sign in first.
        let response = portal_upload(server, "", &csrf, sample.clone().into_bytes(), "en").await;
        assert_eq!(response.status(), 303);
        let location = response
            .headers()
            .get("location")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(location.contains("/login?return_to="), "{location}");

        // A body over the limit: the upload page again, in the admin's language, 413.
        let response = portal_upload(
            server,
            &cookies,
            &csrf,
            vec![b'x'; LIMIT_BYTES + 200 * 1024],
            "ja",
        )
        .await;
        assert_eq!(response.status(), 413);
        let html = response.text().await.unwrap();
        assert!(html.contains("id=\"file-error\""), "{html}");
        assert!(html.contains("上限 93 MB を超えています"), "{html}");
        assert!(
            html.contains("href=\"#file\""),
            "a way back to the form: {html}"
        );
        assert!(
            html.contains("action=\"/"),
            "the upload form itself: {html}"
        );
        api.server.stop().await;
    }
}

#[tokio::test]
async fn in_the_browser_names_languages_the_errors_filter_ids_and_the_413_page() {
    let api = Inviting::start(Backend::Sqlite).await;
    let server = &api.server;
    let contoso = server.bootstrap().tenant_id;
    let (_, app) = api
        .call(
            Method::POST,
            "/v1.0/applications",
            Some(json!({ "displayName": "Partner portal" })),
        )
        .await;
    let app_id = app["id"].as_str().unwrap().to_owned();
    let client_id = app["appId"].as_str().unwrap().to_owned();
    let group = api
        .create("/v1.0/groups", json!({ "displayName": "Project Falcon" }))
        .await;
    let dir = std::env::temp_dir().join(format!("entente-bulk-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("partners.csv");
    std::fs::write(
        &csv,
        "Email,DisplayName,InvitedToApplications,InvitedToGroups,Language,CcEmailAddress\r\n\
         hana@fabrikam.com,山田 花子,Partner portal,Project Falcon,ja,\r\n\
         jonas@fabrikam.com,Jonas Müller,,project falcon,de,\r\n\
         kim@northwind.example,Kim,,,ko,boss@northwind.example\r\n\
         lea@fabrikam.com,Lea,,No such group,,\r\n",
    )
    .unwrap();
    let big = dir.join("too-large.csv");
    std::fs::write(&big, vec![b'x'; LIMIT_BYTES + 200 * 1024]).unwrap();

    let seen = crate::browser::scenario(
        "bulk-names",
        json!({
            "base": server.base_url,
            "tenant": contoso.to_string(),
            "login": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD,
            "csv": csv,
            "big": big,
            "group": group,
            "app": app_id,
        }),
    )
    .await;
    std::fs::remove_dir_all(&dir).ok();

    let upload = &seen["upload"];
    assert!(
        upload["sizeLimit"]
            .as_str()
            .unwrap()
            .contains("2,000 rows and 93 MB"),
        "{upload}"
    );
    assert!(
        upload["namesHint"].as_str().unwrap().contains("semicolons"),
        "{upload}"
    );
    let languages = upload["languages"].to_string();
    assert!(
        languages.contains("Deutsch") && languages.contains("日本語"),
        "{languages}"
    );

    let preview = &seen["preview"];
    assert_eq!(
        (&preview["valid"], &preview["errors"]),
        (&json!("3"), &json!("1")),
        "{preview}"
    );
    let rows = preview["rows"].as_array().unwrap();
    let by_email = |email: &str| rows.iter().find(|r| r["email"] == email).unwrap();
    let hana = by_email("hana@fabrikam.com");
    assert_eq!(
        (&hana["displayName"], &hana["language"]),
        (&json!("山田 花子"), &json!("日本語"))
    );
    assert_eq!(hana["outcome"], "Ready");
    assert_eq!(by_email("jonas@fabrikam.com")["language"], "Deutsch");
    let kim = by_email("kim@northwind.example");
    assert_eq!(kim["outcome"], "Ready, with a warning", "{kim}");
    assert_eq!(kim["warned"], true);
    assert!(
        kim["details"]
            .as_str()
            .unwrap()
            .contains("boss@northwind.example"),
        "{kim}"
    );
    let lea = by_email("lea@fabrikam.com");
    assert!(
        lea["details"].as_str().unwrap().contains("No such group"),
        "{lea}"
    );

    let only = &seen["errorsOnly"];
    assert!(only["url"].as_str().unwrap().ends_with("?show=errors"));
    let only_rows = only["rows"].as_array().unwrap();
    assert_eq!(only_rows.len(), 1, "{only}");
    assert_eq!(only_rows[0]["email"], "lea@fabrikam.com");
    assert_eq!(seen["backToAll"], 4);

    assert_eq!(seen["group"]["id"], json!(group));
    assert_eq!(seen["group"]["copy"], json!(group));
    let copies = seen["app"]["copies"].to_string();
    assert!(
        copies.contains(&app_id) && copies.contains(&client_id),
        "{copies}"
    );

    let too_large = &seen["tooLarge"];
    assert_eq!(too_large["status"], 413, "{too_large}");
    assert!(
        too_large["error"]
            .as_str()
            .unwrap()
            .contains("larger than 93 MB"),
        "{too_large}"
    );
    assert_eq!(too_large["back"], "#file");
    assert_eq!(too_large["formThere"], true);
    api.server.stop().await;
}
