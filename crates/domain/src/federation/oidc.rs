//! The relying-party side of OpenID Connect: a provider's discovery document, the
//! authorization request (code flow with PKCE S256, `state` and `nonce`), the code
//! exchange, and the checks of the ID token (OpenID Connect Core 3.1.3.7).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use entente_model::{TenantId, UnixTime};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;

use super::HttpAnswer;
use crate::invitations::csv_import::is_acceptable_url;
use crate::{DomainError, Services};

/// The largest document a provider may answer with.
const MAX_ANSWER: usize = 256 * 1024;

/// What a tenant's admin (and a partner signing in) is told whenever a provider could
/// not be reached or answered with something unusable. One text for every cause: an
/// address refused by the deployment's policy, a failed DNS lookup, a closed port, a
/// time-out, a status other than 200 or a body that is not the document, so that
/// registering an issuer cannot be used to map the network the server sits in. The
/// cause goes to the server log with the tenant.
pub const PROVIDER_UNREACHABLE: &str = "The identity provider could not be reached or did not answer with valid OpenID Connect metadata.";

/// The signature algorithms accepted on ID tokens: asymmetric only (a client secret
/// is not a key the provider should sign with, and `none` is never accepted).
const ALGORITHMS: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// What Entente uses of a provider's discovery document.
#[derive(Clone, Debug, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Vec<String>,
}

/// Checks an issuer: an absolute https URL (http only on this machine), without
/// query or fragment; returned without a trailing slash only when it had none.
pub fn issuer_url(raw: &str) -> Result<String, DomainError> {
    let raw = raw.trim();
    let bad = |why: &str| DomainError::invalid(format!("issuerUri {raw:?} {why}"));
    let url = url::Url::parse(raw).map_err(|_| bad("is not an absolute URL"))?;
    if !is_acceptable_url(&url) {
        return Err(bad("must use https (http only on localhost)"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must have no query or fragment"));
    }
    Ok(raw.to_owned())
}

/// Reads the provider's discovery document and checks it names the same issuer and
/// usable endpoints. Why a provider could not be read is logged, never answered.
pub async fn discover(
    services: &Services,
    tenant: TenantId,
    issuer: &str,
) -> Result<Discovery, DomainError> {
    let url = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    let answer = fetch(services.federation.get(&url).await, tenant, &url)?;
    let discovery: Discovery = serde_json::from_slice(&answer.body)
        .map_err(|e| unusable_provider(tenant, &url, &format!("not a discovery document: {e}")))?;
    if discovery.issuer != issuer {
        return Err(DomainError::invalid(format!(
            "the discovery document at {url} names the issuer {:?}, not {issuer:?}",
            discovery.issuer
        )));
    }
    for endpoint in [
        &discovery.authorization_endpoint,
        &discovery.token_endpoint,
        &discovery.jwks_uri,
    ] {
        let usable = url::Url::parse(endpoint).is_ok_and(|u| is_acceptable_url(&u));
        if !usable {
            return Err(DomainError::invalid(format!(
                "the discovery document at {url} has an endpoint that is not an https URL: {endpoint}"
            )));
        }
    }
    Ok(discovery)
}

/// A provider's answer, refused unless it is a 200 of a sane size.
fn fetch(
    answer: Result<HttpAnswer, String>,
    tenant: TenantId,
    url: &str,
) -> Result<HttpAnswer, DomainError> {
    let answer = answer.map_err(|why| unusable_provider(tenant, url, &why))?;
    if answer.status != 200 {
        return Err(unusable_provider(
            tenant,
            url,
            &format!("answered with status {}", answer.status),
        ));
    }
    if answer.body.len() > MAX_ANSWER {
        return Err(unusable_provider(tenant, url, "answered with too much"));
    }
    Ok(answer)
}

/// Logs why a provider's answer is unusable and gives the one text callers see.
fn unusable_provider(tenant: TenantId, url: &str, why: &str) -> DomainError {
    tracing::warn!(%tenant, %url, reason = %why, "an identity provider could not be used");
    DomainError::invalid(PROVIDER_UNREACHABLE)
}

/// The PKCE S256 challenge of a verifier (RFC 7636 4.2).
pub fn pkce_challenge(verifier: &str) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    URL_SAFE_NO_PAD.encode(digest.as_ref())
}

/// The authorization request to send the browser to.
pub struct AuthorizationRequest<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub state: &'a str,
    pub nonce: &'a str,
    pub code_verifier: &'a str,
    pub login_hint: Option<&'a str>,
}

pub fn authorization_url(discovery: &Discovery, request: &AuthorizationRequest<'_>) -> String {
    let mut url = match url::Url::parse(&discovery.authorization_endpoint) {
        Ok(url) => url,
        // Checked by `discover`.
        Err(_) => return discovery.authorization_endpoint.clone(),
    };
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("response_type", "code")
            .append_pair("client_id", request.client_id)
            .append_pair("redirect_uri", request.redirect_uri)
            .append_pair("scope", "openid email profile")
            .append_pair("state", request.state)
            .append_pair("nonce", request.nonce)
            .append_pair("code_challenge", &pkce_challenge(request.code_verifier))
            .append_pair("code_challenge_method", "S256");
        if let Some(hint) = request.login_hint {
            query.append_pair("login_hint", hint);
        }
    }
    url.into()
}

/// The client credentials presented at the token endpoint.
pub struct ClientCredentials<'a> {
    pub client_id: &'a str,
    pub client_secret: &'a str,
}

/// Exchanges an authorization code for the provider's ID token.
pub async fn exchange_code(
    services: &Services,
    tenant: TenantId,
    discovery: &Discovery,
    client: &ClientCredentials<'_>,
    code: &str,
    redirect_uri: &str,
    code_verifier: &str,
) -> Result<String, DomainError> {
    let mut form = vec![
        ("grant_type".to_owned(), "authorization_code".to_owned()),
        ("code".to_owned(), code.to_owned()),
        ("redirect_uri".to_owned(), redirect_uri.to_owned()),
        ("code_verifier".to_owned(), code_verifier.to_owned()),
    ];
    // client_secret_basic is the default (OpenID Connect Discovery 3); a provider
    // that lists only client_secret_post gets the credentials in the form.
    let methods = &discovery.token_endpoint_auth_methods_supported;
    let post = !methods.is_empty()
        && !methods.iter().any(|m| m == "client_secret_basic")
        && methods.iter().any(|m| m == "client_secret_post");
    let basic = if post {
        form.push(("client_id".to_owned(), client.client_id.to_owned()));
        form.push(("client_secret".to_owned(), client.client_secret.to_owned()));
        None
    } else {
        // RFC 6749 2.3.1: both are form-encoded before they go into Basic.
        let encode = |v: &str| url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
        Some((encode(client.client_id), encode(client.client_secret)))
    };
    let url = &discovery.token_endpoint;
    let answer = services
        .federation
        .post_form(url, form, basic)
        .await
        .map_err(|why| unusable_provider(tenant, url, &why))?;
    #[derive(Deserialize)]
    struct TokenAnswer {
        id_token: Option<String>,
        error: Option<String>,
        error_description: Option<String>,
    }
    let parsed: Option<TokenAnswer> = serde_json::from_slice(&answer.body).ok();
    if answer.status != 200 {
        // An OAuth error answer (RFC 6749 5.2) says what to fix, such as a wrong client
        // secret; any other answer only tells what is listening there.
        let Some((error, description)) = parsed.and_then(|t| {
            t.error
                .map(|e| (e, t.error_description.unwrap_or_default()))
        }) else {
            return Err(unusable_provider(
                tenant,
                url,
                &format!("answered with status {}", answer.status),
            ));
        };
        return Err(DomainError::invalid(format!(
            "the provider refused the code: {error}: {description}"
        )));
    }
    parsed
        .and_then(|t| t.id_token)
        .ok_or_else(|| DomainError::invalid("the provider's token answer has no id_token"))
}

/// The claims of a checked ID token that Entente uses.
#[derive(Clone, Debug, Deserialize)]
pub struct IdentityClaims {
    pub iss: String,
    pub sub: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub email_verified: Option<serde_json::Value>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub amr: Option<Vec<String>>,
    /// The authentication context class, when the provider names one.
    #[serde(default)]
    pub acr: Option<String>,
    pub exp: i64,
    #[serde(default)]
    pub iat: Option<i64>,
    #[serde(default)]
    pub nonce: Option<String>,
}

impl IdentityClaims {
    /// Whether the provider vouches for the address: `email_verified` true (some
    /// providers send the string "true").
    pub fn verified_email(&self) -> Option<&str> {
        let verified = match &self.email_verified {
            Some(serde_json::Value::Bool(b)) => *b,
            Some(serde_json::Value::String(s)) => s.eq_ignore_ascii_case("true"),
            _ => false,
        };
        self.email.as_deref().filter(|_| verified)
    }

    /// Whether the provider says it used more than one factor: `amr` holds `mfa`
    /// (RFC 8176), or `acr` is the REFEDS MFA profile or OpenID PAPE's multi-factor
    /// policy.
    pub fn multi_factor(&self) -> bool {
        const MFA_CLASSES: [&str; 2] = [
            "https://refeds.org/profile/mfa",
            "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
        ];
        self.amr
            .as_ref()
            .is_some_and(|amr| amr.iter().any(|m| m == "mfa"))
            || self
                .acr
                .as_deref()
                .is_some_and(|acr| MFA_CLASSES.contains(&acr.trim()))
    }
}

/// What an ID token must match.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
}

/// Checks an ID token against the provider's keys: signature (asymmetric algorithms
/// only, the key chosen by `kid`), issuer, audience (and `azp` when there are
/// several), lifetime against `now`, and the nonce of this sign-in.
pub fn check_id_token(
    id_token: &str,
    jwks: &[u8],
    expected: &Expected<'_>,
    now: UnixTime,
) -> Result<IdentityClaims, DomainError> {
    let bad = |why: &str| DomainError::invalid(format!("the provider's ID token {why}"));
    let header = decode_header(id_token).map_err(|_| bad("is not a JWT"))?;
    if !ALGORITHMS.contains(&header.alg) {
        return Err(bad("is signed with an algorithm Entente does not accept"));
    }
    let jwks: JwkSet = serde_json::from_slice(jwks)
        .map_err(|_| bad("cannot be checked: the key set is unreadable"))?;
    let jwk = match &header.kid {
        Some(kid) => jwks.find(kid),
        None if jwks.keys.len() == 1 => jwks.keys.first(),
        None => None,
    }
    .ok_or_else(|| bad("names a key the provider does not publish"))?;
    let key = DecodingKey::from_jwk(jwk).map_err(|_| bad("names a key Entente cannot use"))?;
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[expected.issuer]);
    validation.set_audience(&[expected.client_id]);
    validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
    // The lifetime is checked below against the `now` we are given.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    let data = decode::<serde_json::Value>(id_token, &key, &validation)
        .map_err(|e| bad(&format!("is not valid: {e}")))?;
    if let Some(azp) = data.claims.get("azp").and_then(|v| v.as_str())
        && azp != expected.client_id
    {
        return Err(bad("was issued to another client (azp)"));
    }
    let claims: IdentityClaims =
        serde_json::from_value(data.claims).map_err(|_| bad("lacks a claim it must have"))?;
    let skew = crate::oauth::CLOCK_SKEW;
    if claims.exp + skew < now {
        return Err(bad("has expired"));
    }
    if claims.iat.is_some_and(|iat| iat - skew > now) {
        return Err(bad("was issued in the future"));
    }
    let nonce_matches = claims
        .nonce
        .as_deref()
        .is_some_and(|n| crate::crypto::constant_time_eq(n.as_bytes(), expected.nonce.as_bytes()));
    if !nonce_matches {
        return Err(bad("does not carry this sign-in's nonce"));
    }
    if claims.sub.is_empty() {
        return Err(bad("has an empty subject"));
    }
    Ok(claims)
}

/// Fetches the provider's key set.
pub async fn key_set(
    services: &Services,
    tenant: TenantId,
    discovery: &Discovery,
) -> Result<Vec<u8>, DomainError> {
    let url = &discovery.jwks_uri;
    Ok(fetch(services.federation.get(url).await, tenant, url)?.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_must_be_https_except_on_this_machine() {
        assert!(issuer_url("https://login.fabrikam.example/v2.0").is_ok());
        assert!(issuer_url("http://127.0.0.1:8080/t/v2.0").is_ok());
        assert!(issuer_url("http://fabrikam.example/").is_err());
        assert!(issuer_url("https://fabrikam.example/?tenant=1").is_err());
        assert!(issuer_url("fabrikam.example").is_err());
    }

    #[test]
    fn the_pkce_challenge_is_rfc_7636s() {
        // RFC 7636, appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn only_a_true_email_verified_vouches_for_the_address() {
        let claims = |verified: serde_json::Value| IdentityClaims {
            iss: "i".into(),
            sub: "s".into(),
            email: Some("a@fabrikam.example".into()),
            email_verified: Some(verified),
            name: None,
            amr: None,
            acr: None,
            exp: 0,
            iat: None,
            nonce: None,
        };
        assert!(claims(serde_json::json!(true)).verified_email().is_some());
        assert!(claims(serde_json::json!("true")).verified_email().is_some());
        assert!(claims(serde_json::json!(false)).verified_email().is_none());
        assert!(claims(serde_json::json!(null)).verified_email().is_none());
    }

    #[test]
    fn mfa_is_said_by_amr_or_by_a_known_acr() {
        let claims = |amr: Option<Vec<&str>>, acr: Option<&str>| IdentityClaims {
            iss: "i".into(),
            sub: "s".into(),
            email: None,
            email_verified: None,
            name: None,
            amr: amr.map(|a| a.into_iter().map(str::to_owned).collect()),
            acr: acr.map(str::to_owned),
            exp: 0,
            iat: None,
            nonce: None,
        };
        assert!(claims(Some(vec!["pwd", "mfa"]), None).multi_factor());
        assert!(claims(None, Some("https://refeds.org/profile/mfa")).multi_factor());
        assert!(
            claims(
                Some(vec!["pwd"]),
                Some("http://schemas.openid.net/pape/policies/2007/06/multi-factor")
            )
            .multi_factor()
        );
        assert!(!claims(Some(vec!["pwd"]), Some("1")).multi_factor());
        assert!(!claims(None, None).multi_factor());
    }
}
