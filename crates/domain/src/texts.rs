//! The strings a use case returns itself, from the Fluent catalogs under
//! `crates/domain/locales/` (pages keep theirs in `entente-http`).

/// The device authorization grant's `message` (RFC 8628).
pub mod device {
    include!(concat!(env!("OUT_DIR"), "/device_texts.rs"));
}
