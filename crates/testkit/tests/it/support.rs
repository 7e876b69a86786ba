//! What the redemption tests share: a cookie-keeping browser over the test server's
//! client, reading links and codes out of received emails, and the authorization code
//! flow with a browser's session.

use std::collections::BTreeMap;

use base64::Engine;
use entente_model::TenantId;
use entente_testkit::smtp::ReceivedEmail;
use entente_testkit::{TestApp, TestServer, hidden_field};
use serde_json::Value;

/// A browser: a cookie jar and the server's client (which never follows redirects).
pub(crate) struct Browser<'a> {
    pub(crate) server: &'a TestServer,
    pub(crate) cookies: BTreeMap<String, String>,
}

impl<'a> Browser<'a> {
    pub(crate) fn new(server: &'a TestServer) -> Browser<'a> {
        Browser {
            server,
            cookies: BTreeMap::new(),
        }
    }

    pub(crate) fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub(crate) fn keep_cookies(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap_or("");
            if let Some((name, value)) = text.split(';').next().and_then(|p| p.split_once('=')) {
                if value.is_empty() {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
    }

    pub(crate) fn absolute(&self, url: &str) -> String {
        if url.starts_with("http") {
            url.to_owned()
        } else {
            self.server.url(url)
        }
    }

    pub(crate) async fn get(&mut self, url: &str) -> reqwest::Response {
        let response = self
            .server
            .http
            .get(self.absolute(url))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .expect("GET");
        self.keep_cookies(&response);
        response
    }

    pub(crate) async fn post(&mut self, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let response = self
            .server
            .http
            .post(self.absolute(url))
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .await
            .expect("POST");
        self.keep_cookies(&response);
        response
    }
}

pub(crate) fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

/// The `action` of the form whose submit button has `button_id`.
pub(crate) fn form_action_before(html: &str, button_id: &str) -> String {
    let button = html
        .find(&format!("id=\"{button_id}\""))
        .unwrap_or_else(|| panic!("no #{button_id} in {html}"));
    let form = html[..button].rfind("<form").expect("a form");
    let start = html[form..].find("action=\"").expect("action") + form + 8;
    let end = html[start..].find('"').expect("end") + start;
    html[start..end].replace("&#38;", "&").replace("&amp;", "&")
}

pub(crate) fn redeem_link(email: &ReceivedEmail) -> String {
    let text = email.text.as_deref().expect("a text part");
    let start = text.find("http").expect("a link");
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    assert!(link.contains("/redeem/"), "{link}");
    link
}

pub(crate) fn emailed_code(email: &ReceivedEmail) -> String {
    let text = email.text.as_deref().expect("a text part");
    let digits: Vec<char> = text.chars().collect();
    // Codes have eight digits (issue 16).
    for window in digits.windows(8) {
        if window.iter().all(|c| c.is_ascii_digit()) {
            return window.iter().collect();
        }
    }
    panic!("no code in {text}")
}

pub(crate) fn payload(jwt: &str) -> Value {
    base64url_json(jwt.split('.').nth(1).expect("a JWT"))
}

/// The JSON that `text` holds in unpadded base64url (a JWT's part, `client_info`).
pub(crate) fn base64url_json(text: &str) -> Value {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON")
}

/// An authorization request of the code flow for `app` at `tenant`.
pub(crate) fn authorize_url(
    server: &TestServer,
    app: &TestApp,
    tenant: TenantId,
    scope: &str,
) -> String {
    let mut authorize =
        url::Url::parse(&server.url(&format!("/{tenant}/oauth2/v2.0/authorize"))).expect("url");
    authorize
        .query_pairs_mut()
        .append_pair("client_id", &app.client_id)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &app.redirect_uri)
        .append_pair("scope", scope)
        .append_pair("nonce", "n-0S6_WzA2Mj");
    authorize.into()
}

/// Runs the authorization code flow for `app` with the browser's session and returns
/// the token response.
pub(crate) async fn tokens_for(
    browser: &mut Browser<'_>,
    app: &TestApp,
    tenant: TenantId,
) -> Value {
    let authorize = authorize_url(
        browser.server,
        app,
        tenant,
        "openid profile email offline_access",
    );
    let redirect = browser.get(&authorize).await;
    assert_eq!(redirect.status(), 303, "authorize answers with a redirect");
    let back = url::Url::parse(&location(&redirect)).expect("redirect to the app");
    let code = back
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap_or_else(|| panic!("a code in {back}"))
        .1
        .into_owned();
    let response = browser
        .server
        .http
        .post(browser.server.url(&format!("/{tenant}/oauth2/v2.0/token")))
        .basic_auth(&app.client_id, app.client_secret.as_deref())
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &app.redirect_uri),
        ])
        .send()
        .await
        .expect("token request");
    assert_eq!(response.status(), 200);
    response.json().await.expect("token JSON")
}

/// What a run of the `entente` program came back with.
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    pub(crate) fn of(output: std::process::Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts that `entente {what}` exited 0.
    pub(crate) fn ok(self, what: &str) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "`entente {what}` failed\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Submits the one-time code `code` on the code page `page` (its hidden fields kept).
pub(crate) async fn submit_code(
    browser: &mut Browser<'_>,
    page: &str,
    code: &str,
) -> reqwest::Response {
    let action = form_action_before(page, "verify");
    let fields: Vec<(String, String)> = ["csrf", "return_to", "login", "code_id"]
        .iter()
        .map(|name| {
            let value = hidden_field(page, name).unwrap_or_else(|| panic!("{name} in {page}"));
            (name.to_string(), value)
        })
        .collect();
    let mut form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    form.push(("code", code));
    browser.post(&action, &form).await
}
