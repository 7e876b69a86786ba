//! Documents served as they are, built once: the JWKS, discovery documents, the
//! OpenAPI document. Each carries a strong entity tag, so clients revalidate with
//! `If-None-Match` and get `304` (served by `entente-http`'s `documents`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A document's bytes, built once, and its entity tag.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub body: bytes::Bytes,
    /// A strong entity tag, quotes included: a digest of the body.
    pub etag: bytes::Bytes,
}

impl Document {
    pub fn new(body: Vec<u8>) -> Document {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &body);
        let etag = format!("\"{}\"", URL_SAFE_NO_PAD.encode(&digest.as_ref()[..16]));
        Document {
            body: body.into(),
            etag: etag.into(),
        }
    }

    /// The body as text (documents are JSON).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap_or_default()
    }
}
