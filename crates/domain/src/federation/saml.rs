//! The service-provider side of SAML 2.0, for partners whose identity provider speaks
//! SAML: reading the IdP's metadata, the AuthnRequest (HTTP-Redirect binding), this
//! tenant's SP metadata, and the checks of the Response that comes back over
//! HTTP-POST (SAML core and profiles 4.1.4.3: signature by a registered certificate,
//! with the signed element being the one read; issuer, destination, recipient,
//! `InResponseTo`, audience and validity window).

use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use entente_model::{TenantId, UnixTime};

use crate::invitations::csv_import::is_acceptable_url;
use crate::saml::request::child_text;
use crate::saml::xml::{attr, text};
use crate::saml::{
    ASSERTION_NS, CLOCK_SKEW, DSIG_NS, METADATA_NS, POST_BINDING, PROTOCOL_NS, REDIRECT_BINDING,
    instant, parse_instant,
};
use crate::{DomainError, Settings};

const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";
const EMAIL_FORMAT: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
const TRANSIENT_FORMAT: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";
/// The attribute names an IdP may carry the address in (Entra's claim, LDAP's
/// `mail` by OID and by name, and plain `email`).
const EMAIL_ATTRIBUTES: &[&str] = &[
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "urn:oid:0.9.2342.19200300.100.1.3",
    "mail",
    "email",
    "emailaddress",
];

/// This tenant's entity id as a SAML service provider toward partners' IdPs.
pub fn sp_entity_id(settings: &Settings, tenant: TenantId) -> String {
    format!("{}/{tenant}/federation/saml", settings.public_base_url)
}

/// Where partners' IdPs post their responses.
pub fn acs_url(settings: &Settings, tenant: TenantId) -> String {
    format!("{}/acs", sp_entity_id(settings, tenant))
}

/// The SP metadata a partner imports into its IdP.
pub fn sp_metadata(settings: &Settings, tenant: TenantId) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="{METADATA_NS}" entityID="{entity}">
  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="{PROTOCOL_NS}">
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:NameIDFormat>{EMAIL_FORMAT}</md:NameIDFormat>
    <md:AssertionConsumerService Binding="{POST_BINDING}" Location="{acs}" index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
"#,
        entity = attr(&sp_entity_id(settings, tenant)),
        acs = attr(&acs_url(settings, tenant)),
    )
}

/// What Entente uses of a partner IdP's metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdpMetadata {
    pub entity_id: String,
    /// The HTTP-Redirect single sign-on endpoint.
    pub sso_url: String,
    /// Signing certificates, base64 DER.
    pub certificates: Vec<String>,
}

/// Reads an `EntityDescriptor` with an `IDPSSODescriptor` (DTDs refused, size capped):
/// the entity id, the HTTP-Redirect SSO endpoint and every signing certificate.
pub fn read_idp_metadata(xml: &str) -> Result<IdpMetadata, String> {
    let (doc, entity, entity_id) = crate::saml::settings::entity_descriptor(xml)?;
    let idp = doc
        .first_child_element_by_name_ns(entity, METADATA_NS, "IDPSSODescriptor")
        .ok_or("the metadata describes no identity provider (IDPSSODescriptor)")?;
    let sso_url = doc
        .child_elements_by_name_ns(idp, METADATA_NS, "SingleSignOnService")
        .into_iter()
        .filter(|n| doc.get_attribute(*n, "Binding") == Some(REDIRECT_BINDING))
        .find_map(|n| {
            doc.get_attribute(n, "Location")
                .map(|l| l.trim().to_owned())
        })
        .ok_or("the metadata has no HTTP-Redirect SingleSignOnService")?;
    let usable = url::Url::parse(&sso_url).is_ok_and(|u| is_acceptable_url(&u));
    if !usable {
        return Err(format!(
            "the SingleSignOnService {sso_url} is not an https URL"
        ));
    }
    let mut certificates = Vec::new();
    for descriptor in doc.child_elements_by_name_ns(idp, METADATA_NS, "KeyDescriptor") {
        // A descriptor without `use` serves both.
        if doc
            .get_attribute(descriptor, "use")
            .is_some_and(|u| u != "signing")
        {
            continue;
        }
        for certificate in doc.get_elements_by_tag_name_ns(DSIG_NS, "X509Certificate") {
            if !crate::saml::settings::ancestors_include(&doc, certificate, descriptor) {
                continue;
            }
            let der: String = doc
                .text_content_deep(certificate)
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            crate::saml::request::certificate_key(&der)?;
            if !certificates.contains(&der) {
                certificates.push(der);
            }
        }
    }
    if certificates.is_empty() {
        return Err("the metadata has no signing certificate".into());
    }
    Ok(IdpMetadata {
        entity_id,
        sso_url,
        certificates,
    })
}

/// The address of the IdP's SSO endpoint carrying an AuthnRequest (HTTP-Redirect
/// binding, unsigned: the IdP needs no proof of who asks, as the answer only goes to
/// the ACS URL it was given for this SP).
pub fn authn_request_url(
    sso_url: &str,
    request_id: &str,
    sp_entity_id: &str,
    acs_url: &str,
    relay_state: &str,
    now: UnixTime,
) -> Result<String, DomainError> {
    let xml = format!(
        r#"<samlp:AuthnRequest xmlns:samlp="{PROTOCOL_NS}" xmlns:saml="{ASSERTION_NS}" ID="{id}" Version="2.0" IssueInstant="{at}" Destination="{destination}" AssertionConsumerServiceURL="{acs}" ProtocolBinding="{POST_BINDING}"><saml:Issuer>{issuer}</saml:Issuer><samlp:NameIDPolicy AllowCreate="true"/></samlp:AuthnRequest>"#,
        id = attr(request_id),
        at = instant(now),
        destination = attr(sso_url),
        acs = attr(acs_url),
        issuer = text(sp_entity_id),
    );
    let mut deflater =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    deflater
        .write_all(xml.as_bytes())
        .and_then(|_| deflater.flush())
        .map_err(|e| DomainError::internal(format!("deflating an AuthnRequest: {e}")))?;
    let deflated = deflater
        .finish()
        .map_err(|e| DomainError::internal(format!("deflating an AuthnRequest: {e}")))?;
    let mut url = url::Url::parse(sso_url)
        .map_err(|_| DomainError::invalid("the IdP's SSO URL is not a URL"))?;
    url.query_pairs_mut()
        .append_pair("SAMLRequest", &STANDARD.encode(deflated))
        .append_pair("RelayState", relay_state);
    Ok(url.into())
}

/// What a response must match.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub certificates: &'a [String],
    pub audience: &'a str,
    pub acs_url: &'a str,
    pub request_id: &'a str,
}

/// The identity a checked response asserts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asserted {
    pub name_id: String,
    pub email: Option<String>,
    /// The authentication context said multi-factor (Entra's and REFEDS' MFA classes).
    pub multi_factor: bool,
}

/// Checks a Response (already base64-decoded) and returns what its one assertion says.
pub fn check_response(
    xml: &str,
    expected: &Expected<'_>,
    now: UnixTime,
) -> Result<Asserted, String> {
    if xml.len() > crate::saml::request::MAX_XML {
        return Err("the SAML response is too large".into());
    }
    let doc = uppsala::Parser::new()
        .with_forbid_dtd(true)
        .parse(xml)
        .map_err(|e| format!("the SAML response is not well-formed XML: {e}"))?;
    let root = doc.document_element().ok_or("the SAML response is empty")?;
    let response = doc
        .element(root)
        .filter(|e| e.matches_name_ns(PROTOCOL_NS, "Response"))
        .ok_or("the SAML message is not a Response")?;
    if response.get_attribute("Version") != Some("2.0") {
        return Err("only SAML version 2.0 is supported".into());
    }
    let response_id = response
        .get_attribute("ID")
        .ok_or("the Response has no ID")?;
    if response.get_attribute("InResponseTo") != Some(expected.request_id) {
        return Err("the Response does not answer this sign-in's request".into());
    }
    if let Some(destination) = response.get_attribute("Destination")
        && destination != expected.acs_url
    {
        return Err("the Response is addressed to another endpoint".into());
    }
    if let Some(issuer) = child_text(&doc, root, ASSERTION_NS, "Issuer")
        && issuer != expected.issuer
    {
        return Err("the Response comes from another issuer".into());
    }
    let status = doc
        .first_child_element_by_name_ns(root, PROTOCOL_NS, "Status")
        .and_then(|s| doc.first_child_element_by_name_ns(s, PROTOCOL_NS, "StatusCode"))
        .and_then(|c| doc.get_attribute(c, "Value"))
        .ok_or("the Response has no status")?;
    if status != SUCCESS {
        return Err(format!("the IdP answered with the status {status}"));
    }
    if doc
        .first_child_element_by_name_ns(root, ASSERTION_NS, "EncryptedAssertion")
        .is_some()
    {
        return Err(
            "encrypted assertions are not supported: turn encryption off for this SP".into(),
        );
    }
    let assertions = doc.child_elements_by_name_ns(root, ASSERTION_NS, "Assertion");
    let [assertion] = assertions.as_slice() else {
        return Err("the Response must carry exactly one assertion".into());
    };
    let assertion = *assertion;
    let assertion_id = doc
        .get_attribute(assertion, "ID")
        .ok_or("the assertion has no ID")?;
    // Every signature must verify with a registered certificate, and one must cover
    // the Response or this very assertion: a signed element elsewhere (wrapping)
    // vouches for nothing read here.
    let signed = verified_references(xml, expected.certificates)?;
    let ids_unique = response_id != assertion_id
        && std::iter::once(root)
            .chain(doc.descendants(root))
            .filter(|n| {
                doc.get_attribute(*n, "ID")
                    .is_some_and(|id| id == response_id || id == assertion_id)
            })
            .count()
            == 2;
    let covers = signed
        .iter()
        .any(|uri| *uri == format!("#{response_id}") || *uri == format!("#{assertion_id}"));
    if !(ids_unique && covers) {
        return Err("the assertion is not signed by the IdP".into());
    }
    if child_text(&doc, assertion, ASSERTION_NS, "Issuer").as_deref() != Some(expected.issuer) {
        return Err("the assertion comes from another issuer".into());
    }
    let subject = doc
        .first_child_element_by_name_ns(assertion, ASSERTION_NS, "Subject")
        .ok_or("the assertion has no Subject")?;
    let name_id_node = doc
        .first_child_element_by_name_ns(subject, ASSERTION_NS, "NameID")
        .ok_or("the assertion has no NameID")?;
    let name_id = doc.text_content_deep(name_id_node).trim().to_owned();
    let format = doc
        .get_attribute(name_id_node, "Format")
        .unwrap_or_default();
    if name_id.is_empty() || format == TRANSIENT_FORMAT {
        return Err("the IdP must send a persistent or email NameID, not a transient one".into());
    }
    let confirmed = doc
        .child_elements_by_name_ns(subject, ASSERTION_NS, "SubjectConfirmation")
        .into_iter()
        .filter(|c| {
            doc.get_attribute(*c, "Method") == Some("urn:oasis:names:tc:SAML:2.0:cm:bearer")
        })
        .filter_map(|c| {
            doc.first_child_element_by_name_ns(c, ASSERTION_NS, "SubjectConfirmationData")
        })
        .any(|data| {
            doc.get_attribute(data, "Recipient") == Some(expected.acs_url)
                && doc
                    .get_attribute(data, "InResponseTo")
                    .is_none_or(|r| r == expected.request_id)
                && doc
                    .get_attribute(data, "NotOnOrAfter")
                    .and_then(parse_instant)
                    .is_some_and(|end| now < end + CLOCK_SKEW)
        });
    if !confirmed {
        return Err("the assertion's bearer confirmation is not for this sign-in".into());
    }
    let conditions = doc
        .first_child_element_by_name_ns(assertion, ASSERTION_NS, "Conditions")
        .ok_or("the assertion has no Conditions")?;
    let within = |name: &str, check: &dyn Fn(UnixTime) -> bool| {
        doc.get_attribute(conditions, name)
            .is_none_or(|t| parse_instant(t).is_some_and(check))
    };
    if !within("NotBefore", &|t| t - CLOCK_SKEW <= now)
        || !within("NotOnOrAfter", &|t| now < t + CLOCK_SKEW)
    {
        return Err("the assertion is outside its validity window".into());
    }
    let audiences: Vec<String> = doc
        .child_elements_by_name_ns(conditions, ASSERTION_NS, "AudienceRestriction")
        .into_iter()
        .flat_map(|r| doc.child_elements_by_name_ns(r, ASSERTION_NS, "Audience"))
        .map(|a| doc.text_content_deep(a).trim().to_owned())
        .collect();
    if !audiences.iter().any(|a| a == expected.audience) {
        return Err("the assertion is not for this service provider (Audience)".into());
    }
    let mut email = None;
    if let Some(statement) =
        doc.first_child_element_by_name_ns(assertion, ASSERTION_NS, "AttributeStatement")
    {
        for attribute in doc.child_elements_by_name_ns(statement, ASSERTION_NS, "Attribute") {
            let name = doc.get_attribute(attribute, "Name").unwrap_or_default();
            let friendly = doc
                .get_attribute(attribute, "FriendlyName")
                .unwrap_or_default();
            let is_email = EMAIL_ATTRIBUTES
                .iter()
                .any(|n| n.eq_ignore_ascii_case(name) || n.eq_ignore_ascii_case(friendly));
            if is_email && email.is_none() {
                email = doc
                    .first_child_element_by_name_ns(attribute, ASSERTION_NS, "AttributeValue")
                    .map(|v| doc.text_content_deep(v).trim().to_owned())
                    .filter(|v| !v.is_empty());
            }
        }
    }
    if email.is_none() && format == EMAIL_FORMAT {
        email = Some(name_id.clone());
    }
    let multi_factor = doc
        .get_elements_by_tag_name_ns(ASSERTION_NS, "AuthnContextClassRef")
        .into_iter()
        .filter(|n| crate::saml::settings::ancestors_include(&doc, *n, assertion))
        .any(|n| {
            let class = doc.text_content_deep(n);
            class.contains("MultiFactor") || class.trim() == "https://refeds.org/profile/mfa"
        });
    Ok(Asserted {
        name_id,
        email,
        multi_factor,
    })
}

/// The references of every signature in the message, each verified with one of the
/// registered certificates only; any signature that does not verify fails it all.
fn verified_references(xml: &str, certificates: &[String]) -> Result<Vec<String>, String> {
    let mut keys = bergshamra::KeysManager::new();
    for certificate in certificates {
        keys.add_key(crate::saml::request::certificate_key(certificate)?);
    }
    let mut ctx = bergshamra::DsigContext::new(keys);
    ctx.trusted_keys_only = true;
    ctx.strict_verification = true;
    let results = bergshamra::verify_all(&ctx, xml)
        .map_err(|e| format!("the response's signature cannot be checked: {e}"))?;
    let mut references = Vec::new();
    for result in results {
        match result {
            bergshamra::VerifyResult::Valid {
                references: signed, ..
            } => references.extend(signed.into_iter().map(|r| r.uri)),
            bergshamra::VerifyResult::Invalid { reason } => {
                return Err(format!(
                    "the response's signature does not verify: {reason}"
                ));
            }
        }
    }
    Ok(references)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A response and the metadata of pysaml2's IdP (see `clients/saml/idp.py` in the
    /// test kit), answering the request `_fuzz` of `https://sp.example/`.
    const RESPONSE: &str = include_str!("testdata/pysaml2-response.xml");
    const METADATA: &str = include_str!("testdata/pysaml2-metadata.xml");

    fn check(xml: &str, request_id: &str, now: UnixTime) -> Result<Asserted, String> {
        let idp = read_idp_metadata(METADATA).expect("metadata");
        check_response(
            xml,
            &Expected {
                issuer: &idp.entity_id,
                certificates: &idp.certificates,
                audience: "https://sp.example/",
                acs_url: "https://sp.example/acs",
                request_id,
            },
            now,
        )
    }

    fn issued() -> UnixTime {
        let at = RESPONSE.split("IssueInstant=\"").nth(1).expect("instant");
        parse_instant(&at[..20]).expect("time")
    }

    fn assertion() -> &'static str {
        let start = RESPONSE.find("<ns1:Assertion ").expect("assertion");
        let end = RESPONSE.find("</ns1:Assertion>").expect("end") + "</ns1:Assertion>".len();
        &RESPONSE[start..end]
    }

    #[test]
    fn pysaml2s_metadata_gives_the_entity_the_sso_endpoint_and_the_certificate() {
        let idp = read_idp_metadata(METADATA).expect("metadata");
        assert_eq!(idp.entity_id, "https://idp.example/");
        assert_eq!(idp.sso_url, "https://idp.example/sso");
        assert_eq!(idp.certificates.len(), 1);
        let sp = METADATA.replace("IDPSSODescriptor", "SPSSODescriptor");
        assert!(
            read_idp_metadata(&sp)
                .unwrap_err()
                .contains("IDPSSODescriptor")
        );
    }

    #[test]
    fn a_genuine_response_gives_its_subject_and_address() {
        let asserted = check(RESPONSE, "_fuzz", issued() + 5).expect("accepted");
        assert_eq!(asserted.name_id, "u1");
        assert_eq!(asserted.email.as_deref(), Some("a@fabrikam.example"));
        assert!(!asserted.multi_factor);
    }

    #[test]
    fn another_request_a_late_arrival_or_a_changed_subject_is_refused() {
        let error = check(RESPONSE, "_other", issued()).unwrap_err();
        assert!(error.contains("does not answer"), "{error}");
        let error = check(RESPONSE, "_fuzz", issued() + 3600).unwrap_err();
        assert!(error.contains("confirmation"), "{error}");
        let changed = RESPONSE.replace(">u1<", ">u2<");
        assert_ne!(changed, RESPONSE);
        let error = check(&changed, "_fuzz", issued()).unwrap_err();
        assert!(error.contains("does not verify"), "{error}");
    }

    #[test]
    fn an_idp_that_answers_with_an_error_status_is_refused_with_it() {
        let failed = RESPONSE.replace(
            "urn:oasis:names:tc:SAML:2.0:status:Success",
            "urn:oasis:names:tc:SAML:2.0:status:Responder",
        );
        let error = check(&failed, "_fuzz", issued()).unwrap_err();
        assert!(error.contains("status:Responder"), "{error}");
    }

    #[test]
    fn a_signed_assertion_moved_aside_vouches_for_no_other() {
        let original = assertion();
        let id = original
            .split("ID=\"")
            .nth(1)
            .expect("id")
            .split('"')
            .next()
            .expect("id");
        let signature_start = original.find("<ns2:Signature").expect("signature");
        let signature_end =
            original.find("</ns2:Signature>").expect("end") + "</ns2:Signature>".len();
        let unsigned = format!(
            "{}{}",
            &original[..signature_start],
            &original[signature_end..]
        )
        .replace(">u1<", ">admin<");
        // The forged assertion is read; the signed one sits in Extensions.
        for forged_id in ["id-forged", id] {
            let forged = unsigned.replace(id, forged_id);
            let wrapped = RESPONSE.replace(
                original,
                &format!("<ns0:Extensions>{original}</ns0:Extensions>{forged}"),
            );
            // Refused either way: a signature of another element, or (same ID twice)
            // no reference that resolves to one element.
            let error = check(&wrapped, "_fuzz", issued()).unwrap_err();
            assert!(
                error.contains("not signed") || error.contains("duplicate ID"),
                "{forged_id}: {error}"
            );
        }
        // Two assertions side by side are refused outright.
        let doubled = RESPONSE.replace(original, &format!("{original}{unsigned}"));
        let error = check(&doubled, "_fuzz", issued()).unwrap_err();
        assert!(error.contains("exactly one"), "{error}");
    }
}
