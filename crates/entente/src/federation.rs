//! `HttpFederationClient`, the program's way to partners' identity providers (the
//! domain's [`FederationClient`]): reqwest with rustls, no redirects followed, no
//! proxy, a short time-out and a cap on what a provider may send.
//!
//! Unless the operator allows private networks, it reaches public addresses only (see
//! [`addresses`]): a URL naming an address is checked before anything is sent, and a
//! name is resolved here, its answers checked, and the connection made to a checked
//! answer, so a second lookup that answers differently (DNS rebinding) is never asked.

pub mod addresses;

use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;
use std::time::Duration;

use entente_domain::federation::{FederationClient, Fetch, HttpAnswer};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// The most a provider's answer may hold.
const MAX_BODY: usize = 1024 * 1024;

/// Made on first use: a deployment that federates with nobody never loads the TLS
/// roots (about 2 MiB of resident memory).
#[derive(Debug, Default)]
pub struct HttpFederationClient {
    http: OnceLock<Result<reqwest::Client, String>>,
    /// The operator's `federation_allow_private_networks`: every address may be reached.
    allow_private_networks: bool,
}

impl HttpFederationClient {
    /// A client that reaches public addresses only, unless `allow_private_networks`.
    pub fn new(allow_private_networks: bool) -> HttpFederationClient {
        HttpFederationClient {
            http: OnceLock::new(),
            allow_private_networks,
        }
    }

    fn http(&self) -> Result<&reqwest::Client, String> {
        self.http
            .get_or_init(|| {
                let builder = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    // A proxy would resolve names itself, past the checks below.
                    .no_proxy()
                    .connect_timeout(Duration::from_secs(5))
                    .timeout(Duration::from_secs(10))
                    .user_agent(concat!("Entente/", env!("CARGO_PKG_VERSION")));
                let builder = if self.allow_private_networks {
                    builder
                } else {
                    builder.dns_resolver(PublicAddressesOnly)
                };
                builder.build().map_err(|e| {
                    tracing::error!(error = %e, "the HTTP client for identity providers");
                    "no HTTP client could be made".to_owned()
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses the URL and, under the default policy, refuses one that names an address
    /// that is not public. (A URL with an address is never given to the resolver.)
    fn checked_url(&self, url: &str) -> Result<reqwest::Url, String> {
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("not a URL ({e})"))?;
        if self.allow_private_networks {
            return Ok(parsed);
        }
        let ip = match parsed.host() {
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            Some(url::Host::Domain(name)) => name.parse::<IpAddr>().ok(),
            None => return Err("the URL has no host".to_owned()),
        };
        match ip.and_then(|ip| addresses::refusal(ip).map(|why| (ip, why))) {
            Some((ip, why)) => Err(refused(ip, why)),
            None => Ok(parsed),
        }
    }
}

async fn send(request: Result<reqwest::RequestBuilder, String>) -> Result<HttpAnswer, String> {
    let response = request?.send().await.map_err(|e| describe(&e))?;
    answer(response).await
}

fn refused(ip: IpAddr, why: &str) -> String {
    format!(
        "{ip} is {why}; providers are reached at public addresses only, unless \
         federation_allow_private_networks is set"
    )
}

/// Resolves a provider's name with the system's resolver and answers only its public
/// addresses; the connection is made to one of them, so what was checked is what is
/// reached. A name with no public address fails with the reason.
#[derive(Debug)]
struct PublicAddressesOnly;

impl Resolve for PublicAddressesOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let (public, refused_ones) = public_addresses(found);
            if public.is_empty() {
                let why = match refused_ones.first() {
                    Some((ip, why)) => format!("{host} resolves to {}", refused(*ip, why)),
                    None => format!("{host} has no address"),
                };
                return Err(why.into());
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

/// Splits resolved addresses into the public ones and the refused ones with why.
fn public_addresses(found: Vec<SocketAddr>) -> (Vec<SocketAddr>, Vec<(IpAddr, &'static str)>) {
    let mut public = Vec::new();
    let mut refused_ones = Vec::new();
    for address in found {
        match addresses::refusal(address.ip()) {
            None => public.push(address),
            Some(why) => refused_ones.push((address.ip(), why)),
        }
    }
    (public, refused_ones)
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
    while let Some(chunk) = response.chunk().await.map_err(|e| describe(&e))? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_BODY {
            return Err("the answer is too large".to_owned());
        }
    }
    Ok(HttpAnswer { status, body })
}

/// A transport failure with its causes, for the server log (callers never show it).
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "no answer in time".to_owned()
    } else if error.is_connect() {
        "the connection failed".to_owned()
    } else {
        "the exchange failed".to_owned()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl FederationClient for HttpFederationClient {
    fn get(&self, url: &str) -> Fetch<'_> {
        let request = self.checked_url(url).and_then(|checked| {
            let http = self.http()?;
            Ok(http
                .get(checked)
                .header(reqwest::header::ACCEPT, "application/json"))
        });
        Box::pin(send(request))
    }

    fn post_form(
        &self,
        url: &str,
        form: Vec<(String, String)>,
        basic_auth: Option<(String, String)>,
    ) -> Fetch<'_> {
        let request = self.checked_url(url).and_then(|checked| {
            let request = self
                .http()?
                .post(checked)
                .header(reqwest::header::ACCEPT, "application/json")
                .form(&form);
            Ok(match basic_auth {
                Some((user, password)) => request.basic_auth(user, Some(password)),
                None => request,
            })
        });
        Box::pin(send(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_naming_a_non_public_address_are_refused_before_any_request() {
        let client = HttpFederationClient::new(false);
        for url in [
            "https://10.0.0.1/.well-known/openid-configuration",
            "https://169.254.169.254/latest/meta-data/",
            "http://127.0.0.1:8080/",
            "http://[::1]:8080/",
            "https://[::ffff:127.0.0.1]/",
            "https://[::ffff:a00:1]/",
            "https://[fd00:ec2::254]/",
            // WHATWG URL parsing reads these as 127.0.0.1 and 10.0.0.1.
            "http://2130706433/",
            "http://0x7f.1/",
            "https://012.0.0.1/",
        ] {
            let why = client.checked_url(url).unwrap_err();
            assert!(why.contains("public addresses only"), "{url}: {why}");
        }
        assert!(
            client
                .checked_url("https://login.fabrikam.example/v2.0")
                .is_ok()
        );
        assert!(client.checked_url("https://8.8.8.8/").is_ok());
    }

    #[test]
    fn the_operator_may_allow_private_networks() {
        let client = HttpFederationClient::new(true);
        assert!(client.checked_url("http://127.0.0.1:8080/").is_ok());
        assert!(client.checked_url("https://10.0.0.1/").is_ok());
    }

    #[test]
    fn resolved_addresses_are_split_into_public_and_refused() {
        let found: Vec<SocketAddr> = [
            "127.0.0.1:0",
            "93.184.215.14:0",
            "[fe80::1]:0",
            "[2606:4700::1]:0",
        ]
        .iter()
        .map(|a| a.parse().unwrap())
        .collect();
        let (public, refused_ones) = public_addresses(found);
        assert_eq!(
            public,
            vec![
                "93.184.215.14:0".parse::<SocketAddr>().unwrap(),
                "[2606:4700::1]:0".parse().unwrap()
            ]
        );
        assert_eq!(refused_ones.len(), 2);
        assert_eq!(refused_ones[0], ("127.0.0.1".parse().unwrap(), "loopback"));
    }

    #[tokio::test]
    async fn a_name_resolving_only_to_loopback_is_refused() {
        // `localhost` is answered from the hosts file; no query leaves the machine.
        let error = PublicAddressesOnly
            .resolve("localhost".parse().unwrap())
            .await
            .err()
            .expect("refused");
        let text = error.to_string();
        assert!(text.contains("localhost resolves to"), "{text}");
        assert!(text.contains("public addresses only"), "{text}");
    }
}
