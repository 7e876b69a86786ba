//! Getting an access token for the directory API from a tenant's token endpoint.
//!
//! Two methods, each a function returning a [`Token`]: the client credentials grant
//! (an application's id and secret, for automation) and the device authorization
//! grant of RFC 8628 (a person signs in in a browser while the CLI polls). A further
//! method is one more function here and one more [`SignInMethod`] variant; nothing
//! else in the CLI depends on how a token was obtained.
//!
//! This module never stores anything and never prints secrets: `login` decides what
//! to keep, and only the device flow talks to the user (on stderr, so stdout stays
//! clean for scripts).
//!
//! [`SignInMethod`]: super::credentials::SignInMethod

use std::time::Duration;

use anyhow::{Context, bail};
use serde::Deserialize;

/// The public client the CLI signs people in as, registered by the server.
pub const DEVICE_CLIENT_ID: &str = "entente-cli";

const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// RFC 8628 section 3.2: the interval to use when the server names none.
const DEFAULT_POLL_INTERVAL: u64 = 5;

/// RFC 8628 section 3.5: each `slow_down` adds five seconds to the interval, for good.
const SLOW_DOWN_STEP: u64 = 5;

/// The endpoints of one tenant on one server.
#[derive(Clone, Debug)]
pub struct Endpoints {
    pub token: String,
    pub device_code: String,
    /// The directory API's scope: the server's base URL with `/.default`.
    pub scope: String,
}

impl Endpoints {
    pub fn new(server: &str, tenant: &str) -> Endpoints {
        Endpoints {
            token: format!("{server}/{tenant}/oauth2/v2.0/token"),
            device_code: format!("{server}/{tenant}/oauth2/v2.0/devicecode"),
            scope: format!("{server}/.default"),
        }
    }
}

/// An access token and how long it lives, as the token endpoint answered.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Token {
    pub access_token: String,
    pub expires_in: i64,
}

/// The client credentials grant with HTTP Basic client authentication.
pub async fn client_credentials(
    http: &reqwest::Client,
    endpoints: &Endpoints,
    client_id: &str,
    client_secret: &str,
) -> anyhow::Result<Token> {
    let request = http
        .post(&endpoints.token)
        .basic_auth(form_encode(client_id), Some(form_encode(client_secret)))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", endpoints.scope.as_str()),
        ]);
    match token_request(request, &endpoints.token).await? {
        TokenAnswer::Issued(token) => Ok(token),
        TokenAnswer::Refused(refusal) => Err(refusal.into()),
    }
}

/// The device authorization grant: asks for a code, tells the user where to enter it,
/// then polls the token endpoint until the user has signed in, refused, or the code
/// expired.
pub async fn device_code(http: &reqwest::Client, endpoints: &Endpoints) -> anyhow::Result<Token> {
    let response = http
        .post(&endpoints.device_code)
        .form(&[
            ("client_id", DEVICE_CLIENT_ID),
            ("scope", endpoints.scope.as_str()),
        ])
        .send()
        .await
        .with_context(|| format!("cannot reach {}", endpoints.device_code))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if !status.is_success() {
        if let Ok(refusal) = serde_json::from_str::<Refusal>(&body) {
            return Err(refusal.into());
        }
        bail!(
            "{} answered HTTP {status}; does this server offer the device code sign-in?",
            endpoints.device_code
        );
    }
    let authorization: DeviceAuthorization = serde_json::from_str(&body)
        .with_context(|| format!("{} answered an unexpected body", endpoints.device_code))?;
    eprintln!(
        "To sign in, open {} and enter the code {}",
        authorization.verification_uri, authorization.user_code
    );
    if let Some(complete) = &authorization.verification_uri_complete {
        eprintln!("(or open {complete})");
    }
    eprintln!("Waiting for the sign-in to finish...");
    let poll = async || {
        let request = http.post(&endpoints.token).form(&[
            ("grant_type", DEVICE_CODE_GRANT),
            ("device_code", authorization.device_code.as_str()),
            ("client_id", DEVICE_CLIENT_ID),
        ]);
        token_request(request, &endpoints.token).await
    };
    poll_for_token(&authorization, poll, tokio::time::sleep).await
}

/// What a token request came back with: a token, or an OAuth error the caller may
/// act on (the device flow waits on some of them).
#[derive(Debug)]
pub enum TokenAnswer {
    Issued(Token),
    Refused(Refusal),
}

/// An OAuth error response (RFC 6749 section 5.2).
#[derive(Debug, Deserialize)]
pub struct Refusal {
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.error_description {
            Some(description) => write!(f, "sign-in refused: {}: {description}", self.error),
            None => write!(f, "sign-in refused: {}", self.error),
        }
    }
}

impl std::error::Error for Refusal {}

/// The device authorization response (RFC 8628 section 3.2).
#[derive(Debug, Deserialize)]
pub struct DeviceAuthorization {
    pub device_code: String,
    pub user_code: String,
    pub verification_uri: String,
    #[serde(default)]
    pub verification_uri_complete: Option<String>,
    pub expires_in: u64,
    #[serde(default)]
    pub interval: Option<u64>,
}

/// Polls with `request` until a token comes, waiting with `sleep` between attempts.
///
/// Time is counted as the sum of the waits rather than read from a clock, so tests
/// drive it with a fake responder and a sleep that returns at once. Polling stops
/// before a wait would outlast the code's lifetime: the code is dead by then.
pub async fn poll_for_token<S, F>(
    authorization: &DeviceAuthorization,
    mut request: impl AsyncFnMut() -> anyhow::Result<TokenAnswer>,
    mut sleep: S,
) -> anyhow::Result<Token>
where
    S: FnMut(Duration) -> F,
    F: Future<Output = ()>,
{
    let mut interval = authorization
        .interval
        .filter(|i| *i > 0)
        .unwrap_or(DEFAULT_POLL_INTERVAL);
    let mut waited = 0;
    loop {
        if waited + interval > authorization.expires_in {
            bail!(
                "the sign-in code expired before the sign-in finished; run `entente login --device` again"
            );
        }
        sleep(Duration::from_secs(interval)).await;
        waited += interval;
        match request().await? {
            TokenAnswer::Issued(token) => return Ok(token),
            TokenAnswer::Refused(refusal) => match refusal.error.as_str() {
                "authorization_pending" => {}
                "slow_down" => interval += SLOW_DOWN_STEP,
                "access_denied" => bail!("the sign-in was declined"),
                "expired_token" => bail!(
                    "the sign-in code expired before the sign-in finished; run `entente login --device` again"
                ),
                _ => return Err(refusal.into()),
            },
        }
    }
}

/// Sends a token request and sorts the answer into a token or an OAuth refusal;
/// anything else (no connection, a proxy's HTML page) is an error.
async fn token_request(
    request: reqwest::RequestBuilder,
    endpoint: &str,
) -> anyhow::Result<TokenAnswer> {
    let response = request
        .send()
        .await
        .with_context(|| format!("cannot reach {endpoint}"))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if status.is_success() {
        let token = serde_json::from_str(&body)
            .with_context(|| format!("{endpoint} answered an unexpected token response"))?;
        return Ok(TokenAnswer::Issued(token));
    }
    match serde_json::from_str::<Refusal>(&body) {
        Ok(refusal) => Ok(TokenAnswer::Refused(refusal)),
        Err(_) => bail!("{endpoint} answered HTTP {status}"),
    }
}

/// RFC 6749 section 2.3.1: the id and secret are form-encoded before Basic encoding,
/// so a secret with `:` or `%` in it survives.
fn form_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::VecDeque;

    use super::*;

    fn authorization(interval: Option<u64>, expires_in: u64) -> DeviceAuthorization {
        DeviceAuthorization {
            device_code: "dc".into(),
            user_code: "WDJB-MJHT".into(),
            verification_uri: "http://127.0.0.1:8080/device".into(),
            verification_uri_complete: None,
            expires_in,
            interval,
        }
    }

    fn refused(error: &str) -> TokenAnswer {
        TokenAnswer::Refused(Refusal {
            error: error.into(),
            error_description: None,
        })
    }

    fn issued() -> TokenAnswer {
        TokenAnswer::Issued(Token {
            access_token: "at".into(),
            expires_in: 3600,
        })
    }

    /// Runs the polling loop against a fake token endpoint answering `script` in
    /// order; answers the outcome, the waits, and how many requests were made.
    async fn run(
        authorization: DeviceAuthorization,
        script: Vec<TokenAnswer>,
    ) -> (anyhow::Result<Token>, Vec<u64>, usize) {
        let script = RefCell::new(VecDeque::from(script));
        let requests = RefCell::new(0);
        let waits = RefCell::new(Vec::new());
        let responder = async || {
            *requests.borrow_mut() += 1;
            script
                .borrow_mut()
                .pop_front()
                .ok_or_else(|| anyhow::anyhow!("the fake endpoint ran out of answers"))
        };
        let sleep = |d: Duration| {
            waits.borrow_mut().push(d.as_secs());
            std::future::ready(())
        };
        let outcome = poll_for_token(&authorization, responder, sleep).await;
        (outcome, waits.into_inner(), requests.into_inner())
    }

    #[tokio::test]
    async fn pending_answers_are_waited_out_at_the_given_interval() {
        let script = vec![
            refused("authorization_pending"),
            refused("authorization_pending"),
            issued(),
        ];
        let (outcome, waits, requests) = run(authorization(Some(3), 600), script).await;
        assert_eq!(outcome.unwrap().access_token, "at");
        assert_eq!(waits, vec![3, 3, 3]);
        assert_eq!(requests, 3);
    }

    #[tokio::test]
    async fn slow_down_adds_five_seconds_for_every_later_poll() {
        let script = vec![
            refused("slow_down"),
            refused("authorization_pending"),
            refused("slow_down"),
            issued(),
        ];
        let (outcome, waits, _) = run(authorization(None, 600), script).await;
        assert!(outcome.is_ok());
        // No interval given: RFC 8628 says five seconds.
        assert_eq!(waits, vec![5, 10, 10, 15]);
    }

    #[tokio::test]
    async fn a_declined_or_expired_code_stops_polling_with_a_clear_error() {
        let (outcome, _, requests) = run(
            authorization(Some(1), 600),
            vec![
                refused("authorization_pending"),
                refused("access_denied"),
                issued(),
            ],
        )
        .await;
        assert!(outcome.unwrap_err().to_string().contains("declined"));
        assert_eq!(requests, 2);

        let (outcome, _, _) =
            run(authorization(Some(1), 600), vec![refused("expired_token")]).await;
        assert!(outcome.unwrap_err().to_string().contains("expired"));
    }

    #[tokio::test]
    async fn polling_ends_when_the_code_lifetime_is_used_up() {
        let script = (0..10).map(|_| refused("authorization_pending")).collect();
        let (outcome, waits, requests) = run(authorization(Some(5), 12), script).await;
        assert!(outcome.unwrap_err().to_string().contains("expired"));
        // Polls at 5 s and 10 s; at 15 s the twelve-second code would be dead.
        assert_eq!(waits, vec![5, 5]);
        assert_eq!(requests, 2);
    }

    #[tokio::test]
    async fn another_oauth_error_is_reported_with_its_code() {
        let (outcome, _, _) = run(
            authorization(Some(1), 600),
            vec![TokenAnswer::Refused(Refusal {
                error: "invalid_client".into(),
                error_description: Some("unknown client entente-cli".into()),
            })],
        )
        .await;
        let message = outcome.unwrap_err().to_string();
        assert!(message.contains("invalid_client"), "{message}");
        assert!(message.contains("unknown client entente-cli"), "{message}");
    }

    #[test]
    fn endpoints_follow_the_tenant_path_and_the_scope_is_the_server() {
        let e = Endpoints::new("https://id.example.com", "contoso.example");
        assert_eq!(
            e.token,
            "https://id.example.com/contoso.example/oauth2/v2.0/token"
        );
        assert_eq!(
            e.device_code,
            "https://id.example.com/contoso.example/oauth2/v2.0/devicecode"
        );
        assert_eq!(e.scope, "https://id.example.com/.default");
    }
}
