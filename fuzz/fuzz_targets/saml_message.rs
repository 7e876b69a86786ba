//! Feeds arbitrary bytes to everything that reads SAML from the outside: both
//! bindings' decoding, the AuthnRequest and LogoutRequest parsers, and the service
//! provider metadata reader. None may panic, hang or grow without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    entente_domain::saml::request::fuzz_one(data);
});
