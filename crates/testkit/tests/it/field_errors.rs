//! Field errors beside the field (issue 19, minor), on every backend: the portal's
//! "Invite one partner" and "New member" forms show each problem under its own input
//! (`<p class="field-error" id="<field>-error">`, the input `aria-invalid` and
//! described by it) in plain words in the reader's language, a summary above linking
//! to the first field in error, and what was typed kept (never the password). The
//! API's errors for the same input are unchanged. The browser scenario `fields`
//! submits the invite form in Chromium and audits the page.

use entente_testkit::{ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends, hidden_field};
use reqwest::Method;
use serde_json::json;

use crate::browser::scenario;

/// The text of the `<p>` (or other element) with `id`, up to its first tag, with
/// the entities askama writes undone.
fn text_of(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let rest = &html[at..];
    let rest = &rest[rest.find('>')? + 1..];
    Some(
        rest[..rest.find('<')?]
            .replace("&#39;", "'")
            .replace("&#34;", "\"")
            .replace("&#38;", "&"),
    )
}

/// The opening tag of the input, textarea or select with `id`.
fn tag_of<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\" name="))
        .unwrap_or_else(|| panic!("no field #{id} in {html}"));
    let start = html[..at].rfind('<').expect("tag start");
    let end = at + html[at..].find('>').expect("tag end");
    &html[start..=end]
}

/// What follows the field's tag, up to the next label: where its error must be.
fn after_field<'a>(html: &'a str, id: &str) -> &'a str {
    let tag = tag_of(html, id);
    let at = html.find(tag).expect("tag") + tag.len();
    let rest = &html[at..];
    let end = ["<label", "<button"]
        .iter()
        .filter_map(|stop| rest.find(stop))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Asserts the field `id` is marked invalid, described by its error right after it,
/// and that the error says `words`.
fn assert_beside(html: &str, id: &str, words: &str) {
    let tag = tag_of(html, id);
    assert!(tag.contains("aria-invalid=\"true\""), "{tag}");
    assert!(
        tag.contains(&format!("aria-describedby=\"{id}-error\"")),
        "{tag}"
    );
    let after = after_field(html, id);
    assert!(
        after.contains(&format!("<p class=\"field-error\" id=\"{id}-error\">")),
        "the error of #{id} follows it: {after}"
    );
    assert_eq!(
        text_of(html, &format!("{id}-error")).as_deref(),
        Some(words),
        "{html}"
    );
}

fn assert_not_invalid(html: &str, id: &str) {
    let tag = tag_of(html, id);
    assert!(!tag.contains("aria-invalid"), "{tag}");
    assert!(text_of(html, &format!("{id}-error")).is_none(), "{html}");
}

async fn signed_in(server: &TestServer) -> (String, String) {
    let contoso = server.bootstrap().tenant_id.to_string();
    let (cookies, _) = server
        .browser_sign_in(
            &server.url(&format!("/{contoso}/login")),
            ADMIN_EMAIL,
            ADMIN_PASSWORD,
        )
        .await
        .expect("the admin signs in");
    (contoso, cookies)
}

async fn get(server: &TestServer, path: &str, cookies: &str, language: &str) -> String {
    let response = server
        .http
        .get(server.url(path))
        .header("cookie", cookies)
        .header("accept-language", language)
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap_or_default()
}

async fn post(
    server: &TestServer,
    path: &str,
    cookies: &str,
    language: &str,
    form: &[(&str, &str)],
) -> (u16, String) {
    let response = server
        .http
        .post(server.url(path))
        .header("cookie", cookies)
        .header("accept-language", language)
        .form(form)
        .send()
        .await
        .expect("POST");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn invite_form_errors_sit_beside_their_fields_in_plain_words() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let (contoso, cookies) = signed_in(&server).await;
        let path = format!("/{contoso}/admin/invite");
        let page = get(&server, &path, &cookies, "en").await;
        let csrf = hidden_field(&page, "csrf").expect("a CSRF field");
        // The redirect field is a text field: the server's words, not Chromium's, say
        // what is wrong, beside it.
        let redirect = tag_of(&page, "redirect_url");
        assert!(
            redirect.contains("type=\"text\"") && redirect.contains("inputmode=\"url\""),
            "{redirect}"
        );
        assert_not_invalid(&page, "email");

        let long_name = "N".repeat(300);
        let (status, html) = post(
            &server,
            &path,
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("email", "nadia at fabrikam"),
                ("display_name", long_name.as_str()),
                ("redirect_url", "ftp://files.fabrikam.example"),
                ("message", "Welcome, Nadia"),
                ("language", "de"),
            ],
        )
        .await;
        assert_eq!(status, 400, "{backend:?}: {html}");
        assert_beside(
            &html,
            "email",
            "Enter an email address, like name@example.com.",
        );
        assert_beside(
            &html,
            "display_name",
            "This is 300 characters long; at most 256 fit.",
        );
        assert_beside(
            &html,
            "redirect_url",
            "Enter a web address that starts with https://.",
        );
        assert_not_invalid(&html, "message");
        // Plain words: no API field name, no "is not a valid email address".
        for api_word in [
            "invitedUserEmailAddress",
            "inviteRedirectUrl",
            "invitedUserDisplayName",
            "not a valid email address",
        ] {
            assert!(!html.contains(api_word), "{api_word} in {html}");
        }
        // The summary above links to the first field in error, then the others.
        let summary_at = html.find("id=\"invite-error\"").expect("a summary");
        let summary = &html[summary_at..summary_at + html[summary_at..].find("</div>").unwrap()];
        assert!(html[..summary_at].ends_with("role=\"alert\" "), "{summary}");
        assert!(summary.contains("There is a problem"), "{summary}");
        let links: Vec<&str> = summary
            .split("href=\"#")
            .skip(1)
            .filter_map(|l| l.split('"').next())
            .collect();
        assert_eq!(
            links,
            ["email", "display_name", "redirect_url"],
            "{summary}"
        );
        assert!(
            summary_at < html.find("id=\"email\"").unwrap(),
            "summary first"
        );
        // What was typed stays.
        assert!(tag_of(&html, "email").contains("value=\"nadia at fabrikam\""));
        assert!(tag_of(&html, "display_name").contains(&format!("value=\"{long_name}\"")));
        assert!(tag_of(&html, "redirect_url").contains("value=\"ftp://files.fabrikam.example\""));
        assert!(html.contains(">Welcome, Nadia</textarea>"), "{html}");
        assert!(html.contains("value=\"de\" lang=\"de\" selected"), "{html}");

        // In the reader's language, here German and Japanese.
        let (status, html) = post(
            &server,
            &path,
            &cookies,
            "de",
            &[
                ("csrf", csrf.as_str()),
                ("email", "nadia"),
                ("redirect_url", "http://fabrikam.example"),
                ("language", "en"),
            ],
        )
        .await;
        assert_eq!(status, 400, "{html}");
        assert_beside(
            &html,
            "email",
            "Geben Sie eine E-Mail-Adresse ein, z. B. name@example.com.",
        );
        assert_beside(
            &html,
            "redirect_url",
            "Geben Sie eine Webadresse ein, die mit https:// beginnt.",
        );
        assert!(html.contains("Es gibt ein Problem"), "{html}");
        let (_, html) = post(
            &server,
            &path,
            &cookies,
            "ja",
            &[
                ("csrf", csrf.as_str()),
                ("email", "nadia"),
                ("language", "xx"),
            ],
        )
        .await;
        assert_beside(
            &html,
            "email",
            "name@example.com のようなメール アドレスを入力してください。",
        );
        assert_beside(&html, "language", "一覧から言語を選んでください。");

        // The API says the same problems in its own, unchanged words.
        let token = server.api_token().await;
        let (status, body) = server
            .call(
                Method::POST,
                "/v1.0/invitations",
                Some(&token),
                Some(json!({
                    "invitedUserEmailAddress": "nadia at fabrikam",
                    "inviteRedirectUrl": "https://myapps.example",
                })),
            )
            .await;
        assert_eq!(status, 400, "{body}");
        assert!(
            body.to_string().contains(
                "invitedUserEmailAddress \\\"nadia at fabrikam\\\" is not a valid email address"
            ),
            "{body}"
        );
    }
}

#[tokio::test]
async fn new_member_form_errors_sit_beside_their_fields_and_keep_all_but_the_password() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let (contoso, cookies) = signed_in(&server).await;
        let path = format!("/{contoso}/admin/users");
        let page = get(&server, &path, &cookies, "en").await;
        let csrf = hidden_field(&page, "csrf").expect("a CSRF field");
        let upn_tag = tag_of(&page, "new-upn");
        let domain = upn_tag
            .split("placeholder=\"name@")
            .nth(1)
            .and_then(|d| d.split('"').next())
            .expect("the initial domain")
            .to_owned();
        let password = "Secret-typed-9";

        // A principal name outside the tenant's domains.
        let (status, html) = post(
            &server,
            &path,
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("display_name", "Dana Dekker"),
                ("user_principal_name", "dana@not-ours.example"),
                ("mail", "dana@contoso.example"),
                ("password", password),
            ],
        )
        .await;
        assert_eq!(status, 400, "{backend:?}: {html}");
        assert_beside(
            &html,
            "new-upn",
            &format!(
                "not-ours.example is not one of your organization's domains; enter an address like name@{domain}."
            ),
        );
        assert_not_invalid(&html, "new-display-name");
        assert_not_invalid(&html, "new-password");
        assert!(tag_of(&html, "new-display-name").contains("value=\"Dana Dekker\""));
        assert!(tag_of(&html, "new-upn").contains("value=\"dana@not-ours.example\""));
        assert!(tag_of(&html, "new-mail").contains("value=\"dana@contoso.example\""));
        assert!(!tag_of(&html, "new-password").contains("value="));
        assert!(!html.contains(password), "the password is never sent back");
        assert!(
            html.contains("href=\"#new-upn\""),
            "the summary links the field"
        );
        assert!(!html.contains("userPrincipalName"), "{html}");

        // A password too short: beside the password, which is not kept.
        let upn = format!("dana@{domain}");
        let (status, html) = post(
            &server,
            &path,
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("display_name", "Dana Dekker"),
                ("user_principal_name", upn.as_str()),
                ("password", "short1"),
            ],
        )
        .await;
        assert_eq!(status, 400, "{html}");
        assert_beside(
            &html,
            "new-password",
            "Enter a password of at least 8 characters.",
        );
        assert!(!html.contains("short1"), "the password is never sent back");
        assert!(tag_of(&html, "new-upn").contains(&format!("value=\"{upn}\"")));

        // An email that is not one, in Dutch.
        let (status, html) = post(
            &server,
            &path,
            &cookies,
            "nl",
            &[
                ("csrf", csrf.as_str()),
                ("display_name", "Dana Dekker"),
                ("user_principal_name", upn.as_str()),
                ("mail", "dana at contoso"),
            ],
        )
        .await;
        assert_eq!(status, 400, "{html}");
        assert_beside(
            &html,
            "new-mail",
            "Vul een e-mailadres in, zoals naam@example.com.",
        );
        assert!(tag_of(&html, "new-mail").contains("value=\"dana at contoso\""));

        // A principal name already taken: made once, refused the second time.
        let (status, html) = post(
            &server,
            &path,
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("display_name", "Dana Dekker"),
                ("user_principal_name", upn.as_str()),
            ],
        )
        .await;
        assert!(status == 303 || status == 200, "{status}: {html}");
        let (status, html) = post(
            &server,
            &path,
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("display_name", "Dana Again"),
                ("user_principal_name", upn.as_str()),
                ("password", password),
            ],
        )
        .await;
        assert_eq!(status, 400, "{html}");
        assert_beside(
            &html,
            "new-upn",
            "Someone in your organization already has this name; choose another.",
        );
        assert!(tag_of(&html, "new-display-name").contains("value=\"Dana Again\""));
        assert!(!html.contains(password), "the password is never sent back");

        // The API's answers to the same input are unchanged.
        let token = server.api_token().await;
        let (status, body) = server
            .call(
                Method::POST,
                "/v1.0/users",
                Some(&token),
                Some(json!({
                    "displayName": "Eve", "accountEnabled": true,
                    "userPrincipalName": "eve@not-ours.example",
                    "passwordProfile": { "password": password },
                })),
            )
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["code"], "Request_BadRequest", "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("must be an address in one of the tenant's domains"),
            "{body}"
        );
        let (status, body) = server
            .call(
                Method::POST,
                "/v1.0/users",
                Some(&token),
                Some(json!({
                    "displayName": "Eve", "accountEnabled": true,
                    "userPrincipalName": format!("eve@{domain}"),
                    "passwordProfile": { "password": "short1" },
                })),
            )
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            body["error"]["message"], "the password must have at least 8 characters",
            "{body}"
        );
        let (status, body) = server
            .call(
                Method::POST,
                "/v1.0/users",
                Some(&token),
                Some(json!({
                    "displayName": "Dana", "accountEnabled": true,
                    "userPrincipalName": upn,
                })),
            )
            .await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error"]["code"], "Request_Conflict", "{body}");
    }
}

#[tokio::test]
async fn invite_form_errors_in_chromium() {
    let server = TestServer::start().await;
    let contoso = server.bootstrap().tenant_id;
    let result = scenario(
        "fields",
        json!({
            "base": server.base_url,
            "tenant": contoso.to_string(),
            "login": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD,
        }),
    )
    .await;
    let text = |key: &str| result[key].as_str().unwrap_or("").to_owned();
    assert_eq!(text("redirectType"), "text", "{result}");
    assert_eq!(text("redirectMode"), "url", "{result}");
    assert_eq!(text("summaryRole"), "alert", "{result}");
    assert_eq!(text("firstLink"), "#email", "{result}");
    assert!(text("summary").contains("There is a problem"), "{result}");
    assert_eq!(
        text("emailError"),
        "Enter an email address, like name@example.com.",
        "{result}"
    );
    assert_eq!(text("emailInvalid"), "true", "{result}");
    assert_eq!(text("emailDescribedBy"), "email-error", "{result}");
    assert_eq!(text("emailNext"), "email-error", "{result}");
    assert_eq!(text("emailValue"), "nadia at fabrikam", "{result}");
    assert_eq!(
        text("urlError"),
        "Enter a web address that starts with https://.",
        "{result}"
    );
    assert_eq!(text("urlInvalid"), "true", "{result}");
    assert_eq!(text("urlNext"), "redirect_url-error", "{result}");
    assert_eq!(text("urlValue"), "ftp://files.fabrikam.example", "{result}");
    assert_eq!(text("nameValue"), "Nadia Novak", "{result}");
    assert!(result["nameInvalid"].is_null(), "{result}");
}

/// Whether the checkbox with `id` is ticked.
fn ticked(html: &str, id: &str) -> bool {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no checkbox #{id} in {html}"));
    let start = html[..at].rfind('<').expect("tag start");
    let end = at + html[at..].find('>').expect("tag end");
    html[start..=end].contains(" checked")
}

/// Posts a form that must be refused (400) and returns the page.
async fn refused(
    server: &TestServer,
    path: &str,
    cookies: &str,
    language: &str,
    form: &[(&str, &str)],
) -> String {
    let (status, html) = post(server, path, cookies, language, form).await;
    assert_eq!(status, 400, "{path}: {html}");
    html
}

/// The CSRF token of the admin page at `path`.
async fn csrf_of(server: &TestServer, path: &str, cookies: &str) -> String {
    let page = get(server, path, cookies, "en").await;
    hidden_field(&page, "csrf").expect("a CSRF field")
}

#[tokio::test]
async fn every_portal_form_says_its_problem_beside_the_field_and_keeps_what_was_typed() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let (contoso, cookies) = signed_in(&server).await;
        let csrf = csrf_of(&server, &format!("/{contoso}/admin/groups"), &cookies).await;

        // New group: a name too long, the description kept.
        let long_name = "G".repeat(257);
        let path = format!("/{contoso}/admin/groups");
        let html = refused(
            &server,
            &path,
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("display_name", long_name.as_str()),
                ("description", "Partners of the Q3 launch"),
            ],
        )
        .await;
        assert_beside(
            &html,
            "display_name",
            "This is 257 characters long; at most 256 fit.",
        );
        assert_not_invalid(&html, "description");
        assert!(tag_of(&html, "display_name").contains(&format!("value=\"{long_name}\"")));
        assert!(tag_of(&html, "description").contains("value=\"Partners of the Q3 launch\""));
        assert!(
            html.contains("href=\"#display_name\""),
            "the summary links it"
        );
        assert!(!html.contains("displayName"), "{html}");
        // A description longer than Entra's 1,024 characters, in German.
        let long_description = "d".repeat(1025);
        let html = refused(
            &server,
            &path,
            &cookies,
            "de",
            &[
                ("csrf", csrf.as_str()),
                ("display_name", "Launch partners"),
                ("description", long_description.as_str()),
            ],
        )
        .await;
        assert_beside(
            &html,
            "description",
            "Das sind 1.025 Zeichen; höchstens 1.024 passen.",
        );
        assert!(tag_of(&html, "display_name").contains("value=\"Launch partners\""));

        // Register an application: a reply address on plain http elsewhere than this
        // computer; "public client" stays ticked.
        let path = format!("/{contoso}/admin/apps");
        let html = refused(
            &server,
            &path,
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("display_name", "Launch portal"),
                ("redirect_uri", "http://launch.fabrikam.example/cb"),
                ("public_client", "on"),
            ],
        )
        .await;
        assert_beside(
            &html,
            "redirect_uri",
            "Enter an address that starts with https://; only an app on this computer (http://localhost) may use http://.",
        );
        assert!(tag_of(&html, "display_name").contains("value=\"Launch portal\""));
        assert!(
            tag_of(&html, "redirect_uri").contains("value=\"http://launch.fabrikam.example/cb\"")
        );
        assert!(ticked(&html, "public_client"), "{html}");
        assert!(!html.contains("redirect URI"), "no API words: {html}");

        // An application's settings: a reply address with a fragment, in Dutch; every
        // field keeps what was typed, not what is stored.
        let token = server.api_token().await;
        let (status, app) = server
            .call(
                Method::POST,
                "/v1.0/applications",
                Some(&token),
                Some(json!({ "displayName": "Launch portal" })),
            )
            .await;
        assert_eq!(status, 201, "{app}");
        let app_path = format!("/{contoso}/admin/apps/{}", app["id"].as_str().unwrap());
        let html = refused(
            &server,
            &app_path,
            &cookies,
            "nl",
            &[
                ("csrf", csrf.as_str()),
                ("display_name", "Launch portal 2"),
                (
                    "redirect_uris",
                    "https://launch.fabrikam.example/cb\nhttps://launch.fabrikam.example/cb#top",
                ),
                ("home_page_url", "https://launch.fabrikam.example"),
                ("logo_url", ""),
                ("assignment_required", "on"),
            ],
        )
        .await;
        let words =
            text_of(&html, "redirect_uris-error").expect("an error beside the reply addresses");
        assert_eq!(
            words,
            "Verwijder het deel vanaf #: een omleidings-URI mag zo'n deel niet bevatten."
        );
        assert!(tag_of(&html, "redirect_uris").contains("aria-invalid=\"true\""));
        assert!(tag_of(&html, "display_name").contains("value=\"Launch portal 2\""));
        assert!(
            html.contains(">https://launch.fabrikam.example/cb\nhttps://launch.fabrikam.example/cb#top</textarea>"),
            "{html}"
        );
        assert!(ticked(&html, "assignment_required"), "{html}");
        // A logo that is not https, in English.
        let html = refused(
            &server,
            &app_path,
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("display_name", "Launch portal"),
                ("redirect_uris", ""),
                ("home_page_url", "launch.fabrikam.example"),
                ("logo_url", ""),
            ],
        )
        .await;
        assert_beside(
            &html,
            "home_page_url",
            "Enter a full web address, like https://app.contoso.com.",
        );
        assert!(!ticked(&html, "assignment_required"), "{html}");
        // Nothing of the refused changes was stored.
        let (_, stored) = server
            .call(
                Method::GET,
                &format!("/v1.0/applications/{}", app["id"].as_str().unwrap()),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(stored["displayName"], "Launch portal", "{stored}");
        assert_eq!(stored["web"]["redirectUris"], json!([]), "{stored}");

        // Assigning the application to someone nobody is: beside the field, kept.
        let html = refused(
            &server,
            &format!("{app_path}/assignments"),
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("principal", "nobody@fabrikam.example"),
            ],
        )
        .await;
        let words = text_of(&html, "assign-principal-error").expect("an error beside the field");
        assert!(words.contains("nobody@fabrikam.example"), "{words}");
        assert!(tag_of(&html, "assign-principal").contains("aria-invalid=\"true\""));
        assert!(tag_of(&html, "assign-principal").contains("value=\"nobody@fabrikam.example\""));

        // Renaming a user to nothing.
        let (_, users) = server
            .call(Method::GET, "/v1.0/users", Some(&token), None)
            .await;
        let admin_id = users["value"][0]["id"].as_str().expect("a user").to_owned();
        let user_path = format!("/{contoso}/admin/users/{admin_id}");
        let html = refused(
            &server,
            &user_path,
            &cookies,
            "en",
            &[("csrf", csrf.as_str()), ("display_name", "   ")],
        )
        .await;
        assert_beside(&html, "rename", "Enter a display name.");

        // Adding a member nobody is to a group.
        let (status, group) = server
            .call(
                Method::POST,
                "/v1.0/groups",
                Some(&token),
                Some(json!({
                    "displayName": "Launch partners", "mailEnabled": false,
                    "securityEnabled": true, "mailNickname": "launch",
                })),
            )
            .await;
        assert_eq!(status, 201, "{group}");
        let (status, html) = post(
            &server,
            &format!(
                "/{contoso}/admin/groups/{}/members",
                group["id"].as_str().unwrap()
            ),
            &cookies,
            "en",
            &[("csrf", csrf.as_str()), ("user", "nobody@fabrikam.example")],
        )
        .await;
        assert_eq!(status, 400, "{html}");
        let words = text_of(&html, "member-user-error").expect("an error beside the field");
        assert!(words.contains("nobody@fabrikam.example"), "{words}");
        assert!(tag_of(&html, "member-user").contains("value=\"nobody@fabrikam.example\""));
        assert!(html.contains("href=\"#member-user\""), "{html}");

        // Settings: a blocked entry that is no domain; the other fields keep what was
        // typed, including the boxes.
        let settings = format!("/{contoso}/admin/settings/collaboration");
        let html = refused(
            &server,
            &settings,
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("allowed_domains", "fabrikam.example"),
                ("blocked_domains", "fabrikam_example"),
                ("invitation_lifetime_days", "45"),
                ("guest_mfa_required", "on"),
            ],
        )
        .await;
        assert_beside(
            &html,
            "blocked_domains",
            "fabrikam_example is not a domain name; enter one like contoso.com.",
        );
        assert!(html.contains(">fabrikam.example</textarea>"), "{html}");
        assert!(tag_of(&html, "invitation_lifetime_days").contains("value=\"45\""));
        assert!(ticked(&html, "guest_mfa_required"), "{html}");
        assert!(!ticked(&html, "members_can_invite"), "{html}");
        // A lifetime that is no number, and one out of range, in German.
        for days in ["soon", "400"] {
            let html = refused(
                &server,
                &settings,
                &cookies,
                "de",
                &[("csrf", csrf.as_str()), ("invitation_lifetime_days", days)],
            )
            .await;
            assert_beside(
                &html,
                "invitation_lifetime_days",
                "Geben Sie eine ganze Anzahl Tage von 1 bis 365 ein.",
            );
            assert!(
                tag_of(&html, "invitation_lifetime_days").contains(&format!("value=\"{days}\""))
            );
        }
        // Branding: a colour that is not one.
        let html = refused(
            &server,
            &format!("/{contoso}/admin/settings/branding"),
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("logo_url", "https://cdn.contoso.example/logo.png"),
                ("brand_color", "blue"),
            ],
        )
        .await;
        assert_beside(
            &html,
            "brand_color",
            "Enter a colour as # and six hexadecimal digits, like #1d4ed8.",
        );
        assert!(
            tag_of(&html, "logo_url").contains("value=\"https://cdn.contoso.example/logo.png\"")
        );

        // Domains: no domain name, then one added twice.
        let domains = format!("/{contoso}/admin/domains");
        let html = refused(
            &server,
            &domains,
            &cookies,
            "en",
            &[("csrf", csrf.as_str()), ("name", "localhost")],
        )
        .await;
        assert_beside(
            &html,
            "domain-name",
            "localhost is not a domain name; enter one like contoso.com.",
        );
        assert!(tag_of(&html, "domain-name").contains("value=\"localhost\""));
        for expected in [200, 409] {
            let (status, html) = post(
                &server,
                &domains,
                &cookies,
                "en",
                &[("csrf", csrf.as_str()), ("name", "launch.example")],
            )
            .await;
            assert_eq!(status, expected, "{html}");
            if expected == 409 {
                assert_beside(
                    &html,
                    "domain-name",
                    "This domain has been added to your organization already, or another organization has verified it.",
                );
            }
        }

        // A partner's OpenID provider with a domain that is not one: the form comes
        // back open, the problem beside the domains, all kept but the secret.
        let html = refused(
            &server,
            &format!("{domains}/federation/oidc"),
            &cookies,
            "en",
            &[
                ("csrf", csrf.as_str()),
                ("name", "Fabrikam login"),
                ("issuer", "https://login.fabrikam.example/v2.0"),
                ("client_id", "fabrikam-client"),
                ("client_secret", "Very-secret-42"),
                ("domains", "fabrikam"),
            ],
        )
        .await;
        assert_beside(
            &html,
            "oidc-domains",
            "fabrikam is not a domain name; enter one like contoso.com.",
        );
        assert!(tag_of(&html, "oidc-name").contains("value=\"Fabrikam login\""));
        assert!(tag_of(&html, "oidc-client-id").contains("value=\"fabrikam-client\""));
        assert!(
            !html.contains("Very-secret-42"),
            "the secret is never sent back"
        );
        assert!(
            html.contains("<details open>\n<summary id=\"add-oidc-heading\">"),
            "{html}"
        );
        assert!(
            html.contains("<details>\n<summary id=\"add-saml-heading\">"),
            "{html}"
        );

        // The API answers the same input with its own words, unchanged.
        let (status, body) = server
            .call(
                Method::POST,
                "/v1.0/groups",
                Some(&token),
                Some(json!({
                    "displayName": "", "mailEnabled": false, "securityEnabled": true,
                    "mailNickname": "x",
                })),
            )
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            body["error"]["message"], "displayName must not be empty",
            "{body}"
        );
    }
}

#[tokio::test]
async fn app_settings_errors_in_chromium() {
    let server = TestServer::start().await;
    let contoso = server.bootstrap().tenant_id;
    let token = server.api_token().await;
    let (status, app) = server
        .call(
            Method::POST,
            "/v1.0/applications",
            Some(&token),
            Some(json!({ "displayName": "Launch portal" })),
        )
        .await;
    assert_eq!(status, 201, "{app}");
    let result = scenario(
        "fields-app",
        json!({
            "base": server.base_url,
            "tenant": contoso.to_string(),
            "app": app["id"],
            "login": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD,
        }),
    )
    .await;
    let text = |key: &str| result[key].as_str().unwrap_or("").to_owned();
    assert_eq!(
        text("error"),
        "Enter an address that starts with https://; only an app on this computer (http://localhost) may use http://.",
        "{result}"
    );
    assert_eq!(text("invalid"), "true", "{result}");
    assert_eq!(text("next"), "redirect_uris-error", "{result}");
    assert_eq!(
        text("value"),
        "http://launch.fabrikam.example/cb",
        "{result}"
    );
    assert_eq!(text("name"), "Launch portal renamed", "{result}");
    assert_eq!(text("firstLink"), "#redirect_uris", "{result}");
}

#[tokio::test]
async fn the_setup_form_says_its_problem_beside_the_field_and_the_link_still_works() {
    let server = TestServer::start_empty(entente_testkit::Backend::Sqlite).await;
    let link = server.setup_url().expect("a setup link").to_owned();
    let page = server.http.get(&link).send().await.expect("GET /setup");
    assert_eq!(page.status(), 200);
    let csrf_cookie =
        entente_testkit::set_cookie_value(&page, "entente_csrf").expect("a CSRF cookie");
    let html = page.text().await.unwrap_or_default();
    let submit = |email: &'static str, password: &'static str| {
        let form = [
            ("token", hidden_field(&html, "token").expect("token")),
            ("csrf", hidden_field(&html, "csrf").expect("csrf")),
            ("tenant_name", "Fabrikam".to_owned()),
            ("admin_name", "Farah Khan".to_owned()),
            ("admin_email", email.to_owned()),
            ("password", password.to_owned()),
        ];
        let request = server
            .http
            .post(server.url("/setup"))
            .header("cookie", format!("entente_csrf={csrf_cookie}"))
            .form(&form);
        async move {
            let response = request.send().await.expect("POST /setup");
            (
                response.status().as_u16(),
                response.text().await.unwrap_or_default(),
            )
        }
    };
    let (status, refused) = submit("farah at fabrikam", "Fabrikam-secret-9").await;
    assert_eq!(status, 400, "{refused}");
    assert_beside(
        &refused,
        "admin_email",
        "Enter an email address, like name@example.com.",
    );
    assert!(refused.contains("value=\"Fabrikam\""), "{refused}");
    assert!(refused.contains("value=\"farah at fabrikam\""), "{refused}");
    assert!(
        !refused.contains("Fabrikam-secret-9"),
        "the password is never sent back"
    );
    let (status, refused) = submit("farah@fabrikam.com", "short").await;
    assert_eq!(status, 400, "{refused}");
    assert_beside(
        &refused,
        "password",
        "Enter a password of at least 8 characters.",
    );
    // The link was not used up by the refusals.
    let (status, done) = submit("farah@fabrikam.com", "Fabrikam-secret-9").await;
    assert_eq!(status, 200, "{done}");
    assert!(done.contains("Fabrikam is ready"), "{done}");
}
