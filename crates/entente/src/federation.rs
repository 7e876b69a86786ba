//! `HttpFederationClient`, the program's way to partners' identity providers (the
//! domain's [`FederationClient`]): reqwest with rustls, no redirects followed, a short
//! time-out and a cap on what a provider may send.

use std::time::Duration;

use entente_domain::federation::{FederationClient, Fetch, HttpAnswer};

/// The most a provider's answer may hold.
const MAX_BODY: usize = 1024 * 1024;

#[derive(Debug)]
pub struct HttpFederationClient {
    http: reqwest::Client,
}

impl HttpFederationClient {
    pub fn new() -> anyhow::Result<HttpFederationClient> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("Entente/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(HttpFederationClient { http })
    }
}

/// Reads an answer, refusing one larger than [`MAX_BODY`].
async fn answer(response: reqwest::Response) -> Result<HttpAnswer, String> {
    let status = response.status().as_u16();
    if response
        .content_length()
        .is_some_and(|n| n > MAX_BODY as u64)
    {
        return Err("the answer is too large".to_owned());
    }
    let mut response = response;
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(describe)? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_BODY {
            return Err("the answer is too large".to_owned());
        }
    }
    Ok(HttpAnswer { status, body })
}

/// A transport failure in words safe to show an administrator.
fn describe(error: reqwest::Error) -> String {
    if error.is_timeout() {
        "no answer in time".to_owned()
    } else if error.is_connect() {
        "the connection failed".to_owned()
    } else {
        "the exchange failed".to_owned()
    }
}

impl FederationClient for HttpFederationClient {
    fn get(&self, url: &str) -> Fetch<'_> {
        let request = self
            .http
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json");
        Box::pin(async move { answer(request.send().await.map_err(describe)?).await })
    }

    fn post_form(
        &self,
        url: &str,
        form: Vec<(String, String)>,
        basic_auth: Option<(String, String)>,
    ) -> Fetch<'_> {
        let mut request = self
            .http
            .post(url)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form);
        if let Some((user, password)) = basic_auth {
            request = request.basic_auth(user, Some(password));
        }
        Box::pin(async move { answer(request.send().await.map_err(describe)?).await })
    }
}
