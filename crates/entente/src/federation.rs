//! `HttpFederationClient`, the program's way to partners' identity providers (the
//! domain's [`FederationClient`]): reqwest with rustls, no redirects followed, a short
//! time-out and a cap on what a provider may send.

use std::sync::OnceLock;
use std::time::Duration;

use entente_domain::federation::{FederationClient, Fetch, HttpAnswer};

/// The most a provider's answer may hold.
const MAX_BODY: usize = 1024 * 1024;

/// Made on first use: a deployment that federates with nobody never loads the TLS
/// roots (about 2 MiB of resident memory).
#[derive(Debug, Default)]
pub struct HttpFederationClient {
    http: OnceLock<Result<reqwest::Client, String>>,
}

impl HttpFederationClient {
    pub fn new() -> HttpFederationClient {
        HttpFederationClient::default()
    }

    fn http(&self) -> Result<&reqwest::Client, String> {
        self.http
            .get_or_init(|| {
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .connect_timeout(Duration::from_secs(5))
                    .timeout(Duration::from_secs(10))
                    .user_agent(concat!("Entente/", env!("CARGO_PKG_VERSION")))
                    .build()
                    .map_err(|e| {
                        tracing::error!(error = %e, "the HTTP client for identity providers");
                        "no HTTP client could be made".to_owned()
                    })
            })
            .as_ref()
            .map_err(Clone::clone)
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
        let request = self.http().map(|http| {
            http.get(url)
                .header(reqwest::header::ACCEPT, "application/json")
        });
        Box::pin(async move { answer(request?.send().await.map_err(describe)?).await })
    }

    fn post_form(
        &self,
        url: &str,
        form: Vec<(String, String)>,
        basic_auth: Option<(String, String)>,
    ) -> Fetch<'_> {
        let request = self.http().map(|http| {
            let request = http
                .post(url)
                .header(reqwest::header::ACCEPT, "application/json")
                .form(&form);
            match basic_auth {
                Some((user, password)) => request.basic_auth(user, Some(password)),
                None => request,
            }
        });
        Box::pin(async move { answer(request?.send().await.map_err(describe)?).await })
    }
}
