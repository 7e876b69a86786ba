//! Entente as a SAML 2.0 identity provider, one per tenant (Entra ID's "SAML-based
//! single sign-on" for enterprise applications).
//!
//! * [`metadata`]: the tenant's IdP metadata (entity id, SSO and logout endpoints for
//!   the HTTP-Redirect and HTTP-POST bindings, the published signing certificates).
//! * [`settings`]: an application's SAML settings (entity id, NameID format, what is
//!   signed, the service provider's certificate), typed in or read from the service
//!   provider's metadata. The assertion consumer service URLs are the application's
//!   redirect URIs, the first being the default.
//! * [`certificates`]: the tenant's signing certificates and their rollover: a new
//!   certificate is published first, then activated, then the old one retired.
//! * [`sso`]: an AuthnRequest (either binding) checked and kept while the user signs
//!   in, and the signed response for a signed-in user, SP- or IdP-initiated.
//! * [`logout`]: SP-initiated single logout.
//!
//! Incoming XML is parsed with DTDs refused and sizes capped; outgoing XML is written
//! by this module with every value escaped, then signed (exclusive c14n, RSA-SHA256).

pub mod certificates;
pub mod logout;
pub mod metadata;
pub mod request;
pub mod settings;
pub mod sso;
pub(crate) mod xml;

use entente_model::{TenantId, UnixTime};

use crate::Settings;

/// SAML 2.0 protocol and assertion namespaces, and XML-DSig's.
pub const PROTOCOL_NS: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
pub const ASSERTION_NS: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
pub const METADATA_NS: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
pub const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// The bindings' URIs.
pub const REDIRECT_BINDING: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
pub const POST_BINDING: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/// The signature algorithm Entente signs with and the only ones it accepts.
pub const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
pub const ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

/// How long an assertion may be used after it is issued, and the clock skew allowed
/// on either side when checking a request's `IssueInstant`.
pub const ASSERTION_LIFETIME: i64 = 5 * 60;
pub const CLOCK_SKEW: i64 = 5 * 60;
/// How long an AuthnRequest waits for its user to sign in.
pub const REQUEST_LIFETIME: i64 = 10 * 60;

/// The tenant's IdP entity id, which is also the `Issuer` of everything it sends.
pub fn entity_id(settings: &Settings, tenant: TenantId) -> String {
    format!("{}/{tenant}/saml2", settings.public_base_url)
}

/// The SSO endpoint (both bindings).
pub fn sso_url(settings: &Settings, tenant: TenantId) -> String {
    entity_id(settings, tenant)
}

/// The single logout endpoint (both bindings).
pub fn logout_url(settings: &Settings, tenant: TenantId) -> String {
    format!("{}/logout", entity_id(settings, tenant))
}

/// A time as SAML writes it: UTC, seconds, `Z`.
pub(crate) fn instant(at: UnixTime) -> String {
    let t =
        time::OffsetDateTime::from_unix_timestamp(at).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Reads a SAML time (`xs:dateTime`, UTC or with an offset, fractions allowed).
pub(crate) fn parse_instant(text: &str) -> Option<UnixTime> {
    time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

/// Why a SAML exchange failed. `Page` errors cannot be sent back to the service
/// provider (it is unknown, or its ACS URL is not trusted): the browser gets a page.
/// `Respond` errors go back to the trusted ACS URL as a SAML error response.
#[derive(Debug)]
pub enum SamlFailure {
    Page(String),
    Respond(sso::ErrorResponse),
    Domain(crate::DomainError),
}

impl From<crate::DomainError> for SamlFailure {
    fn from(error: crate::DomainError) -> Self {
        SamlFailure::Domain(error)
    }
}

impl From<entente_storage::StoreError> for SamlFailure {
    fn from(error: entente_storage::StoreError) -> Self {
        SamlFailure::Domain(error.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_utc_seconds_and_read_back() {
        assert_eq!(instant(0), "1970-01-01T00:00:00Z");
        assert_eq!(instant(1_764_633_600), "2025-12-02T00:00:00Z");
        assert_eq!(parse_instant("2025-12-02T00:00:00Z"), Some(1_764_633_600));
        assert_eq!(
            parse_instant("2025-12-02T01:00:00.123+01:00"),
            Some(1_764_633_600)
        );
        assert_eq!(parse_instant("yesterday"), None);
    }
}
