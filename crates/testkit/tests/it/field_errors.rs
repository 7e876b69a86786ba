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
