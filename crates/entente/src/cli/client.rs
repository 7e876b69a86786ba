//! The HTTP client of the admin commands: bearer-authenticated JSON calls to a
//! server's `/v1.0` API, Graph errors (and OAuth ones, from the public protocol
//! documents) turned into [`ApiFailure`], and paging.
//!
//! It knows URLs and JSON, not commands: which fields a table shows is `admin`'s
//! business. It sends the token to the configured server only, never to a host
//! named in a response (see [`ApiClient::list`]).

use anyhow::{Context, bail};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A Graph error answer: `{"error":{"code","message"}}` and its HTTP status.
#[derive(Debug)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
}

impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if self.status == StatusCode::UNAUTHORIZED {
            write!(f, " (sign in again with `entente login`)")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiFailure {}

/// How much of a collection to fetch.
#[derive(Clone, Debug, Default)]
pub struct Paging {
    /// `$top`: the page size.
    pub top: Option<u32>,
    /// `$filter`, passed through as written.
    pub filter: Option<String>,
    /// Follow `@odata.nextLink` to the end.
    pub all: bool,
}

/// The `/v1.0` API of one server, with one access token.
pub struct ApiClient {
    http: reqwest::Client,
    server: String,
    token: String,
}

impl ApiClient {
    pub fn new(http: reqwest::Client, server: &str, token: String) -> ApiClient {
        ApiClient {
            http,
            server: server.to_owned(),
            token,
        }
    }

    /// The URL of an API path such as `/v1.0/users`; ids go through [`segment`].
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server)
    }

    pub async fn get(&self, path: &str) -> anyhow::Result<Value> {
        self.call(Method::GET, &self.url(path), None).await
    }

    /// Posts a JSON body; answers the response body (`Null` for 204 No Content).
    pub async fn post(&self, path: &str, body: Value) -> anyhow::Result<Value> {
        self.call(Method::POST, &self.url(path), Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> anyhow::Result<()> {
        self.call(Method::PATCH, &self.url(path), Some(body))
            .await
            .map(drop)
    }

    pub async fn delete(&self, path: &str) -> anyhow::Result<()> {
        self.call(Method::DELETE, &self.url(path), None)
            .await
            .map(drop)
    }

    /// Posts a file as `text/csv`; answers the JSON response.
    pub async fn post_csv(&self, path: &str, file: Vec<u8>) -> anyhow::Result<Value> {
        let url = self.url(path);
        let request = self
            .http
            .post(&url)
            .bearer_auth(&self.token)
            .header(reqwest::header::CONTENT_TYPE, "text/csv")
            .body(file);
        send(request, &url).await
    }

    /// GETs a document that is not JSON, such as a CSV file, as text.
    pub async fn get_text(&self, path: &str) -> anyhow::Result<String> {
        let url = self.url(path);
        let response = self
            .http
            .get(&url)
            .bearer_auth(&self.token)
            .send()
            .await
            .with_context(|| format!("cannot reach {url}"))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .with_context(|| format!("reading the answer of {url}"))?;
        if !status.is_success() {
            return Err(failure(status, &text).into());
        }
        Ok(text)
    }

    /// Reads a collection. One page answers the server's JSON as it came (with its
    /// `@odata.nextLink` if more follow); with `all`, the pages' `value`s are joined
    /// into one `{"value": [...]}`.
    ///
    /// A next link carries the server's public URL, which may not be the address this
    /// client was given (a tunnel, a private address); only its path and query are
    /// used, on the configured server, so the token goes nowhere else.
    pub async fn list(&self, path: &str, paging: &Paging) -> anyhow::Result<Value> {
        let mut url = url::Url::parse(&self.url(path)).context("the server URL")?;
        {
            let mut query = url.query_pairs_mut();
            if let Some(top) = paging.top {
                query.append_pair("$top", &top.to_string());
            }
            if let Some(filter) = &paging.filter {
                query.append_pair("$filter", filter);
            }
        }
        // `query_pairs_mut` leaves an empty `?` behind when nothing was appended.
        if url.query() == Some("") {
            url.set_query(None);
        }
        let mut page = self.call(Method::GET, url.as_str(), None).await?;
        if !paging.all {
            return Ok(page);
        }
        let mut items = Vec::new();
        loop {
            let next = page
                .get("@odata.nextLink")
                .and_then(Value::as_str)
                .map(|link| self.same_server(link))
                .transpose()?;
            if let Some(Value::Array(values)) = page.get_mut("value").map(Value::take) {
                items.extend(values);
            }
            match next {
                Some(next) => page = self.call(Method::GET, &next, None).await?,
                None => return Ok(json!({ "value": items })),
            }
        }
    }

    /// A next link re-pointed at the configured server.
    fn same_server(&self, link: &str) -> anyhow::Result<String> {
        let parsed = url::Url::parse(link).with_context(|| format!("bad next link {link:?}"))?;
        let path = parsed.path();
        let Some(start) = path.find("/v1.0/") else {
            bail!("the next link {link:?} is not a /v1.0 URL");
        };
        let mut url = self.url(&path[start..]);
        if let Some(query) = parsed.query() {
            url.push('?');
            url.push_str(query);
        }
        Ok(url)
    }

    async fn call(&self, method: Method, url: &str, body: Option<Value>) -> anyhow::Result<Value> {
        let mut request = self.http.request(method, url).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        send(request, url).await
    }
}

/// GETs a public JSON document (no token), such as a tenant's OpenID configuration.
pub async fn get_public(http: &reqwest::Client, url: &str) -> anyhow::Result<Value> {
    send(http.get(url), url).await
}

/// Sends a request and reads its JSON answer (`Null` when empty); an error status
/// becomes an [`ApiFailure`].
async fn send(request: reqwest::RequestBuilder, url: &str) -> anyhow::Result<Value> {
    let response = request
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .with_context(|| format!("cannot reach {url}"))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .with_context(|| format!("reading the answer of {url}"))?;
    if !status.is_success() {
        return Err(failure(status, &text).into());
    }
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(&text).with_context(|| format!("{url} answered a body that is not JSON"))
}

/// Reads a Graph error body; a body of another shape (a proxy's error page) still
/// gives a failure with the HTTP status as its code.
fn failure(status: StatusCode, body: &str) -> ApiFailure {
    let parsed: Option<(String, String)> = serde_json::from_str::<Value>(body).ok().and_then(|v| {
        let error = v.get("error")?;
        // The protocol endpoints (discovery) answer OAuth's flat error shape.
        if let Some(code) = error.as_str() {
            let message = v.get("error_description").and_then(Value::as_str);
            return Some((code.to_owned(), message.unwrap_or("").to_owned()));
        }
        let code = error.get("code")?.as_str()?.to_owned();
        let message = error.get("message").and_then(Value::as_str).unwrap_or("");
        Some((code, message.to_owned()))
    });
    let (code, message) = parsed.unwrap_or_else(|| {
        let reason = status.canonical_reason().unwrap_or("error");
        let excerpt: String = body.trim().chars().take(200).collect();
        (
            format!("HTTP {}", status.as_u16()),
            format!("{reason} {excerpt}").trim().to_owned(),
        )
    });
    ApiFailure {
        status,
        code,
        message,
    }
}

/// An id as one path segment: percent-encoded, so an id can never climb to another
/// path (`../`) or add a query.
pub fn segment(id: &str) -> String {
    const KEEP: &[u8] = b"-._~";
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || KEEP.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    // "." and ".." are dot segments even unencoded; spell them out so they stay ids.
    match out.as_str() {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_errors_keep_their_code_and_other_bodies_their_status() {
        let graph = failure(
            StatusCode::NOT_FOUND,
            r#"{"error":{"code":"Request_ResourceNotFound","message":"The resource does not exist."}}"#,
        );
        assert_eq!(graph.code, "Request_ResourceNotFound");
        assert_eq!(
            graph.to_string(),
            "Request_ResourceNotFound: The resource does not exist."
        );
        let proxy = failure(StatusCode::BAD_GATEWAY, "<html>upstream down</html>");
        assert_eq!(proxy.code, "HTTP 502");
        assert!(proxy.message.contains("upstream down"), "{}", proxy.message);
        let unauthorized = failure(
            StatusCode::UNAUTHORIZED,
            r#"{"error":{"code":"InvalidAuthenticationToken","message":"Token expired."}}"#,
        );
        assert!(unauthorized.to_string().contains("entente login"));
    }

    #[test]
    fn ids_are_single_segments() {
        assert_eq!(
            segment("0b5c2f1e-8d6a-4c8e-9f57-2a7d1f0c3b41"),
            "0b5c2f1e-8d6a-4c8e-9f57-2a7d1f0c3b41"
        );
        assert_eq!(segment("../applications"), "..%2Fapplications");
        assert_eq!(segment("a?b#c d"), "a%3Fb%23c%20d");
        assert_eq!(segment(".."), "%2E%2E");
    }

    #[test]
    fn next_links_are_followed_on_the_configured_server_only() {
        let client = ApiClient::new(reqwest::Client::new(), "http://127.0.0.1:8080", "t".into());
        assert_eq!(
            client
                .same_server("https://id.example.com/v1.0/users?$top=2&$skiptoken=abc%3D")
                .unwrap(),
            "http://127.0.0.1:8080/v1.0/users?$top=2&$skiptoken=abc%3D"
        );
        assert!(client.same_server("https://evil.example/steal").is_err());
    }
}
