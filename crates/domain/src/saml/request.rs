//! Reading what service providers send: an AuthnRequest or a LogoutRequest, over the
//! HTTP-Redirect binding (base64 of DEFLATE, the signature over the query string) or
//! the HTTP-POST binding (base64, the signature inside the XML).
//!
//! Hardening: the encoded message and the inflated XML have size caps (a DEFLATE bomb
//! stops at the cap); any DTD is refused, so there are no entities, external or not;
//! only RSA-SHA256 and ECDSA-SHA256 signatures are accepted, checked against the
//! certificate registered for the service provider (never one the message carries);
//! and an embedded signature must cover the message's root element, the one read.

use std::io::Read;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use entente_model::UnixTime;

use super::{ASSERTION_NS, ECDSA_SHA256, PROTOCOL_NS, RSA_SHA256};

/// The largest base64 message accepted, and the largest XML it may inflate to.
pub const MAX_ENCODED: usize = 96 * 1024;
pub const MAX_XML: usize = 64 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    Redirect,
    Post,
}

/// A SAML message as the browser brought it.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub binding: Binding,
    /// The `SAMLRequest` value, URL-decoded.
    pub message: String,
    pub relay_state: Option<String>,
    /// Redirect binding: the `SigAlg` and `Signature` values, URL-decoded, and the
    /// query string exactly as received, whose parameters were signed.
    pub sig_alg: Option<String>,
    pub signature: Option<String>,
    pub raw_query: Option<String>,
}

/// What an AuthnRequest asks, before anything about it is trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthnRequest {
    pub id: String,
    pub issuer: String,
    pub issue_instant: UnixTime,
    pub destination: Option<String>,
    pub acs_url: Option<String>,
    pub protocol_binding: Option<String>,
    pub force_authn: bool,
    pub is_passive: bool,
    pub name_id_format: Option<String>,
    /// The message carries an XML signature (POST binding).
    pub signed_inside: bool,
}

/// What a LogoutRequest asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogoutRequest {
    pub id: String,
    pub issuer: String,
    pub issue_instant: UnixTime,
    pub destination: Option<String>,
    pub name_id: Option<String>,
    pub session_index: Option<String>,
    pub signed_inside: bool,
}

/// The XML of a message: base64-decoded, and inflated for the Redirect binding.
pub fn decode(incoming: &Incoming) -> Result<String, String> {
    if incoming.message.len() > MAX_ENCODED {
        return Err("the SAML message is too large".into());
    }
    let compact: String = incoming
        .message
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let bytes = STANDARD
        .decode(compact)
        .map_err(|_| "the SAML message is not base64".to_owned())?;
    let xml = match incoming.binding {
        Binding::Post => bytes,
        Binding::Redirect => {
            let mut out = Vec::new();
            flate2::read::DeflateDecoder::new(bytes.as_slice())
                .take(MAX_XML as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|_| "the SAML message is not DEFLATE-compressed".to_owned())?;
            out
        }
    };
    if xml.len() > MAX_XML {
        return Err("the SAML message is too large".into());
    }
    String::from_utf8(xml).map_err(|_| "the SAML message is not UTF-8".to_owned())
}

/// Parses with DTDs refused: no entity can be declared, expanded or fetched.
fn parse(xml: &str) -> Result<uppsala::Document<'_>, String> {
    uppsala::Parser::new()
        .with_forbid_dtd(true)
        .parse(xml)
        .map_err(|e| format!("the SAML message is not well-formed XML: {e}"))
}

/// The root element, which must be `{PROTOCOL_NS}name` of SAML version 2.0 with an ID.
fn root<'d>(
    doc: &'d uppsala::Document<'_>,
    name: &str,
) -> Result<(uppsala::NodeId, &'d uppsala::Element<'d>), String> {
    let root = doc
        .document_element()
        .ok_or_else(|| "the SAML message is empty".to_owned())?;
    let element = doc
        .element(root)
        .filter(|e| e.matches_name_ns(PROTOCOL_NS, name))
        .ok_or_else(|| format!("the SAML message is not a {name}"))?;
    if element.get_attribute("Version") != Some("2.0") {
        return Err("only SAML version 2.0 is supported".into());
    }
    Ok((root, element))
}

/// The trimmed text of an element's first child `{ns}name`, when it has any.
pub(crate) fn child_text(
    doc: &uppsala::Document<'_>,
    parent: uppsala::NodeId,
    ns: &str,
    name: &str,
) -> Option<String> {
    doc.first_child_element_by_name_ns(parent, ns, name)
        .map(|n| doc.text_content_deep(n).trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn has_signature(doc: &uppsala::Document<'_>, root: uppsala::NodeId) -> bool {
    doc.first_child_element_by_name_ns(root, super::DSIG_NS, "Signature")
        .is_some()
}

fn issue_instant(element: &uppsala::Element<'_>) -> Result<UnixTime, String> {
    element
        .get_attribute("IssueInstant")
        .and_then(super::parse_instant)
        .ok_or_else(|| "the SAML message has no valid IssueInstant".to_owned())
}

fn required_id(element: &uppsala::Element<'_>) -> Result<String, String> {
    element
        .get_attribute("ID")
        .map(str::to_owned)
        .filter(|id| !id.is_empty() && id.len() <= 256)
        .ok_or_else(|| "the SAML message has no ID".to_owned())
}

pub fn parse_authn_request(xml: &str) -> Result<AuthnRequest, String> {
    let doc = parse(xml)?;
    let (root, element) = root(&doc, "AuthnRequest")?;
    let flag = |name: &str| matches!(element.get_attribute(name), Some("true" | "1"));
    let name_id_format = doc
        .first_child_element_by_name_ns(root, PROTOCOL_NS, "NameIDPolicy")
        .and_then(|n| doc.get_attribute(n, "Format"))
        .map(str::to_owned);
    Ok(AuthnRequest {
        id: required_id(element)?,
        issuer: child_text(&doc, root, ASSERTION_NS, "Issuer")
            .ok_or_else(|| "the AuthnRequest names no Issuer".to_owned())?,
        issue_instant: issue_instant(element)?,
        destination: element.get_attribute("Destination").map(str::to_owned),
        acs_url: element
            .get_attribute("AssertionConsumerServiceURL")
            .map(str::to_owned),
        protocol_binding: element.get_attribute("ProtocolBinding").map(str::to_owned),
        force_authn: flag("ForceAuthn"),
        is_passive: flag("IsPassive"),
        name_id_format,
        signed_inside: has_signature(&doc, root),
    })
}

pub fn parse_logout_request(xml: &str) -> Result<LogoutRequest, String> {
    let doc = parse(xml)?;
    let (root, element) = root(&doc, "LogoutRequest")?;
    Ok(LogoutRequest {
        id: required_id(element)?,
        issuer: child_text(&doc, root, ASSERTION_NS, "Issuer")
            .ok_or_else(|| "the LogoutRequest names no Issuer".to_owned())?,
        issue_instant: issue_instant(element)?,
        destination: element.get_attribute("Destination").map(str::to_owned),
        name_id: child_text(&doc, root, ASSERTION_NS, "NameID"),
        session_index: child_text(&doc, root, PROTOCOL_NS, "SessionIndex"),
        signed_inside: has_signature(&doc, root),
    })
}

/// Checks the message's signature against the service provider's certificate
/// (base64 DER): over the query string for the Redirect binding, inside the XML for
/// the POST binding. `Ok(false)` when the message is not signed at all.
pub fn verify_signature(
    incoming: &Incoming,
    xml: &str,
    root_id: &str,
    certificate: &str,
) -> Result<bool, String> {
    let key = certificate_key(certificate)?;
    match incoming.binding {
        Binding::Redirect => {
            let (Some(alg), Some(signature)) = (&incoming.sig_alg, &incoming.signature) else {
                return Ok(false);
            };
            if alg != RSA_SHA256 && alg != ECDSA_SHA256 {
                return Err(format!("the signature algorithm {alg} is not accepted"));
            }
            let signed = signed_query(incoming.raw_query.as_deref().unwrap_or(""))
                .ok_or_else(|| "the signed query string is incomplete".to_owned())?;
            let signature = STANDARD
                .decode(signature.trim())
                .map_err(|_| "the Signature parameter is not base64".to_owned())?;
            let algorithm = bergshamra::crypto::sign::from_uri(alg).map_err(|e| e.to_string())?;
            let signing_key = key
                .to_signing_key()
                .map_err(|e| e.to_string())?
                .ok_or_else(|| "the certificate holds no usable key".to_owned())?;
            let valid = algorithm
                .verify(&signing_key, signed.as_bytes(), &signature)
                .map_err(|e| e.to_string())?;
            if valid {
                Ok(true)
            } else {
                Err("the request's signature does not verify".into())
            }
        }
        Binding::Post => {
            if !xml.contains("Signature") {
                return Ok(false);
            }
            let mut keys = bergshamra::KeysManager::new();
            keys.add_key(key);
            let mut ctx = bergshamra::DsigContext::new(keys);
            ctx.trusted_keys_only = true;
            ctx.strict_verification = true;
            match bergshamra::verify(&ctx, xml).map_err(|e| e.to_string())? {
                bergshamra::VerifyResult::Valid { references, .. } => {
                    // The one reference must be the root element, the message we read.
                    let wanted = format!("#{root_id}");
                    if references.len() == 1 && references[0].uri == wanted {
                        Ok(true)
                    } else {
                        Err("the signature does not cover the request".into())
                    }
                }
                bergshamra::VerifyResult::Invalid { reason } => {
                    Err(format!("the request's signature does not verify: {reason}"))
                }
            }
        }
    }
}

/// The key of a certificate given as base64 DER (a service provider's, as registered).
pub(crate) fn certificate_key(certificate: &str) -> Result<bergshamra::Key, String> {
    let der = STANDARD
        .decode(certificate.trim())
        .map_err(|_| "the certificate must be base64 (DER)".to_owned())?;
    bergshamra::keys::loader::load_x509_cert_der(&der)
        .map_err(|e| format!("the certificate cannot be read: {e}"))
}

/// The signed octets of a Redirect-binding query (SAML bindings 3.4.4.1): the
/// `SAMLRequest` (or `SAMLResponse`), `RelayState` and `SigAlg` parameters in that
/// order, exactly as they were encoded in the query.
fn signed_query(raw: &str) -> Option<String> {
    let find = |name: &str| {
        raw.split('&')
            .find(|pair| pair.split('=').next() == Some(name))
            .map(str::to_owned)
    };
    let message = find("SAMLRequest").or_else(|| find("SAMLResponse"))?;
    let mut out = message;
    if let Some(relay) = find("RelayState") {
        out.push('&');
        out.push_str(&relay);
    }
    out.push('&');
    out.push_str(&find("SigAlg")?);
    Some(out)
}

/// Runs every reader of outside SAML over `data` (service providers' requests and
/// metadata, partners' IdP metadata and responses), ignoring the outcome: the fuzz
/// target (`fuzz/`) and the corpus test call it, and it must never panic.
pub fn fuzz_one(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for binding in [Binding::Redirect, Binding::Post] {
        let incoming = Incoming {
            binding,
            message: text.to_string(),
            relay_state: None,
            sig_alg: None,
            signature: None,
            raw_query: Some(text.to_string()),
        };
        if let Ok(xml) = decode(&incoming) {
            let _ = parse_authn_request(&xml);
            let _ = parse_logout_request(&xml);
            fuzz_federation(&xml);
        }
    }
    let _ = parse_authn_request(&text);
    let _ = parse_logout_request(&text);
    let _ = super::settings::read_metadata(&text);
    let _ = signed_query(&text);
    fuzz_federation(&text);
}

/// The readers of what partners' SAML IdPs send: their metadata and their responses.
fn fuzz_federation(text: &str) {
    use crate::federation::saml::{Expected, check_response, read_idp_metadata};
    let _ = read_idp_metadata(text);
    let expected = Expected {
        issuer: "https://idp.example/",
        certificates: &[],
        audience: "https://sp.example/",
        acs_url: "https://sp.example/acs",
        request_id: "_fuzz",
    };
    let _ = check_response(text, &expected, 0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// The fuzzing corpus (`fuzz/corpus/saml_message`), kept in the repository, is
    /// replayed on every test run, so what the fuzzer once found stays fixed.
    #[test]
    fn the_fuzzing_corpus_reads_without_panicking() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/saml_message");
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).expect("the corpus folder") {
            let data = std::fs::read(entry.expect("an entry").path()).expect("a corpus file");
            fuzz_one(&data);
            count += 1;
        }
        assert!(count >= 8, "the corpus has its seeds: {count}");
    }

    fn redirect(xml: &str) -> Incoming {
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(xml.as_bytes()).unwrap();
        Incoming {
            binding: Binding::Redirect,
            message: STANDARD.encode(encoder.finish().unwrap()),
            relay_state: None,
            sig_alg: None,
            signature: None,
            raw_query: None,
        }
    }

    const REQUEST: &str = r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="id-1" Version="2.0" IssueInstant="2026-12-02T10:00:00Z" Destination="https://idp.example/t/saml2" AssertionConsumerServiceURL="https://sp.example/acs" ForceAuthn="true"><saml:Issuer>https://sp.example/</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"/></samlp:AuthnRequest>"#;

    #[test]
    fn an_authn_request_is_read_from_the_redirect_binding() {
        let xml = decode(&redirect(REQUEST)).unwrap();
        let request = parse_authn_request(&xml).unwrap();
        assert_eq!(request.id, "id-1");
        assert_eq!(request.issuer, "https://sp.example/");
        assert_eq!(request.acs_url.as_deref(), Some("https://sp.example/acs"));
        assert!(request.force_authn && !request.is_passive && !request.signed_inside);
        assert_eq!(
            request.name_id_format.as_deref(),
            Some("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
        );
    }

    #[test]
    fn a_dtd_is_refused_so_no_entity_is_ever_expanded() {
        let evil = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="a" Version="2.0">&x;</samlp:AuthnRequest>"#;
        let error = parse_authn_request(evil).unwrap_err();
        assert!(error.contains("not well-formed"), "{error}");
        let bomb = r#"<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>"#;
        assert!(parse_authn_request(bomb).is_err());
    }

    #[test]
    fn a_deflate_bomb_stops_at_the_cap() {
        let huge = format!("<a>{}</a>", " ".repeat(10 * MAX_XML));
        let error = decode(&redirect(&huge)).unwrap_err();
        assert!(error.contains("too large"), "{error}");
    }

    #[test]
    fn other_messages_and_versions_are_refused() {
        assert!(
            parse_authn_request("<a/>")
                .unwrap_err()
                .contains("not a AuthnRequest")
        );
        let v1 = REQUEST.replace("Version=\"2.0\"", "Version=\"1.1\"");
        assert!(parse_authn_request(&v1).unwrap_err().contains("2.0"));
        let undated = REQUEST.replace(" IssueInstant=\"2026-12-02T10:00:00Z\"", "");
        assert!(
            parse_authn_request(&undated)
                .unwrap_err()
                .contains("IssueInstant")
        );
        let no_issuer = REQUEST.replace("<saml:Issuer>https://sp.example/</saml:Issuer>", "");
        assert!(
            parse_authn_request(&no_issuer)
                .unwrap_err()
                .contains("Issuer")
        );
        assert!(
            decode(&Incoming {
                message: "%%%".into(),
                ..redirect("")
            })
            .is_err()
        );
    }

    #[test]
    fn the_signed_query_keeps_the_received_encoding_and_order() {
        let raw = "SigAlg=http%3A%2F%2Fx&Signature=abc&SAMLRequest=fZ%2B&RelayState=r%20s";
        assert_eq!(
            signed_query(raw).unwrap(),
            "SAMLRequest=fZ%2B&RelayState=r%20s&SigAlg=http%3A%2F%2Fx"
        );
        assert_eq!(signed_query("SAMLRequest=a"), None, "no SigAlg: not signed");
    }
}
