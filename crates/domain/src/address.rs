//! Email addresses and domain names in their one canonical form (docs/decisions/0011).
//!
//! Every address that enters Entente (an invitation from the API, the portal or a CSV
//! file, a user's mail or principal name, a login typed on a sign-in page, an address
//! asked for a one-time code, the setup's administrator) and every domain (a tenant's
//! claimed domains, federation partners' domains, the collaboration policy's lists)
//! goes through this module before it is checked, stored or looked up, so
//! `zoë.müller@bücher.example`, `ZOË.MÜLLER@BÜCHER.EXAMPLE` and
//! `zoe\u{308}.müller@xn--bcher-kva.example` are one address:
//!
//! * the domain is processed by UTS #46 (mapping, case folding, NFC, Punycode
//!   decoding, STD3 and DNS length rules) and kept in its Unicode form;
//! * the local part is kept as typed but NFC-normalized; it is compared
//!   case-insensitively, as ASCII local parts always were (storage folds case).
//!
//! The ASCII (`xn--`) form is made only where a wire needs it: DNS look-ups
//! ([`ascii_domain`]) and SMTP envelopes and headers ([`smtp_address`]).
//!
//! Pure functions only: no I/O, no clock.

use std::collections::HashSet;
use std::sync::LazyLock;

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
use unicode_normalization::UnicodeNormalization;

/// The longest local part RFC 5321 allows, in octets (RFC 6531 keeps it for UTF-8).
const MAX_LOCAL_OCTETS: usize = 64;

/// An address in canonical form, split at its last `@`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// As typed, NFC-normalized.
    pub local: String,
    /// Lower case, Unicode form.
    pub domain: String,
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{}", self.local, self.domain)
    }
}

/// Reads an address: one `@`, a local part of at most 64 octets without spaces,
/// control characters or angle brackets, and a domain of at least two labels that is
/// a valid (internationalized) DNS name. `None` when it is not one.
pub fn parse(raw: &str) -> Option<Address> {
    let raw = raw.trim();
    let (local, domain) = raw.split_once('@')?;
    let local: String = local.nfc().collect();
    if local.is_empty()
        || local.len() > MAX_LOCAL_OCTETS
        || local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
    {
        return None;
    }
    let domain = canonical_domain(domain)?;
    domain.contains('.').then_some(Address { local, domain })
}

/// The canonical form of an address, or `None` when it is not one.
pub fn canonical(raw: &str) -> Option<String> {
    parse(raw).map(|address| address.to_string())
}

/// The canonical form of an address for a look-up or a check: what is not an address
/// stays as it was typed (trimmed), so it matches nothing and its check still reports
/// it as typed.
pub fn normalize(raw: &str) -> String {
    canonical(raw).unwrap_or_else(|| raw.trim().to_owned())
}

/// Whether two addresses are one: equal in canonical form, case aside (as storage
/// compares them).
pub fn same_address(a: &str, b: &str) -> bool {
    normalize(a).to_lowercase() == normalize(b).to_lowercase()
}

/// Whether `raw` is an address Entente accepts.
pub fn is_address(raw: &str) -> bool {
    parse(raw).is_some()
}

/// The canonical domain of an address (what follows its last `@`); the text after
/// the `@`, trimmed and lower-cased, when that is no valid domain; empty without `@`.
pub fn domain_of(address: &str) -> String {
    match address.trim().rsplit_once('@') {
        Some((_, domain)) => canonical_domain(domain).unwrap_or_else(|| domain.to_lowercase()),
        None => String::new(),
    }
}

/// A domain name in canonical form: UTS #46 processed (STD3 rules, DNS lengths, no
/// trailing dot), in Unicode. `None` when it is not a valid domain name.
pub fn canonical_domain(raw: &str) -> Option<String> {
    let ascii = ascii_domain(raw)?;
    let (unicode, result) = Uts46::new().to_unicode(
        ascii.as_bytes(),
        AsciiDenyList::STD3,
        Hyphens::CheckFirstLast,
    );
    result.ok()?;
    Some(unicode.into_owned())
}

/// The ASCII form of a domain name (`xn--` labels), as DNS and SMTP carry it; `None`
/// when it is not a valid domain name.
pub fn ascii_domain(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.ends_with('.') {
        return None;
    }
    Uts46::new()
        .to_ascii(
            raw.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
            DnsLength::Verify,
        )
        .ok()
        .map(|ascii| ascii.into_owned())
}

/// An address as an SMTP envelope and the message's headers carry it: the domain in
/// its ASCII form, which every mail server accepts, and the local part as it is. A
/// local part that is not ASCII still needs a server that speaks SMTPUTF8 (RFC 6531).
/// What is not an address is returned as it was, for the mailer to refuse.
pub fn smtp_address(address: &str) -> String {
    match address.trim().rsplit_once('@') {
        Some((local, domain)) => match ascii_domain(domain) {
            Some(ascii) => format!("{local}@{ascii}"),
            None => address.to_owned(),
        },
        None => address.to_owned(),
    }
}

/// Whether an address's local part needs SMTPUTF8 to be delivered.
pub fn needs_smtputf8(address: &str) -> bool {
    !smtp_address(address).is_ascii()
}

/// Whether an address is at a consumer (free) email service, by the list vendored in
/// `data/consumer_domains.txt` (its header names its source, version and licence).
pub fn is_consumer_address(address: &str) -> bool {
    is_consumer_domain(&domain_of(address))
}

/// Whether a canonical domain belongs to a consumer email service.
pub fn is_consumer_domain(domain: &str) -> bool {
    !domain.is_empty() && CONSUMER_DOMAINS.contains(domain)
}

/// The vendored list, read once, each name in canonical form (a few are listed in
/// their `xn--` form).
static CONSUMER_DOMAINS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../data/consumer_domains.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| canonical_domain(line).unwrap_or_else(|| line.to_ascii_lowercase()))
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_upper_case_and_punycode_domains_are_one_address() {
        let expected = "zoë.müller@bücher.example";
        for typed in [
            "zoë.müller@bücher.example",
            " zoë.müller@BÜCHER.example ",
            "zoë.müller@xn--bcher-kva.example",
            "zoë.müller@XN--BCHER-KVA.EXAMPLE",
            // Decomposed: o + combining diaeresis, as some keyboards send it.
            "zoe\u{308}.mu\u{308}ller@bu\u{308}cher.example",
            // Full-width letters, which UTS #46 maps.
            "zoë.müller@ｂüｃｈｅｒ.example",
        ] {
            assert_eq!(canonical(typed).as_deref(), Some(expected), "{typed:?}");
        }
    }

    #[test]
    fn the_local_part_keeps_its_case_and_ascii_addresses_keep_their_form() {
        assert_eq!(
            canonical("Alice@Fabrikam.COM").as_deref(),
            Some("Alice@fabrikam.com")
        );
        assert_eq!(
            canonical("Zoë@bücher.example").as_deref(),
            Some("Zoë@bücher.example")
        );
    }

    #[test]
    fn what_is_no_address_is_refused() {
        for typed in [
            "",
            "alice",
            "@fabrikam.com",
            "alice@",
            "alice@localhost",
            "a b@fabrikam.com",
            "alice@fabrikam.com.",
            "alice@fab rikam.com",
            "alice@fab_rikam.com",
            "alice@-fabrikam.com",
            "alice@a@fabrikam.com",
            "<alice>@fabrikam.com",
            "alice@xn--zz.example",
            &format!("{}@fabrikam.com", "a".repeat(65)),
            // 33 two-octet letters are 66 octets.
            &format!("{}@fabrikam.com", "ü".repeat(33)),
            &format!("alice@{}.com", "a".repeat(64)),
        ] {
            assert_eq!(canonical(typed), None, "{typed:?}");
            assert!(!is_address(typed), "{typed:?}");
        }
        assert_eq!(normalize(" not an address "), "not an address");
        assert!(same_address(
            "Zoë@xn--bcher-kva.example",
            "zoë@Bücher.example"
        ));
        assert!(!same_address("zoe@bücher.example", "zoë@bücher.example"));
    }

    #[test]
    fn domains_have_one_form_and_an_ascii_form_for_the_wire() {
        assert_eq!(
            canonical_domain("XN--BCHER-KVA.example").as_deref(),
            Some("bücher.example")
        );
        assert_eq!(
            ascii_domain("Bücher.Example").as_deref(),
            Some("xn--bcher-kva.example")
        );
        assert_eq!(domain_of("zoë@xn--bcher-kva.example"), "bücher.example");
        assert_eq!(domain_of("no address"), "");
        assert_eq!(
            smtp_address("zoë.müller@bücher.example"),
            "zoë.müller@xn--bcher-kva.example"
        );
        assert_eq!(
            smtp_address("bob@bücher.example"),
            "bob@xn--bcher-kva.example"
        );
        assert!(needs_smtputf8("zoë@bücher.example"));
        assert!(!needs_smtputf8("bob@bücher.example"));
    }

    #[test]
    fn the_consumer_domains_named_in_issue_19_are_refused() {
        for domain in [
            "hotmail.nl",
            "outlook.nl",
            "yahoo.nl",
            "t-online.de",
            "orange.fr",
            "free.fr",
            "libero.it",
            "mail.ru",
            "163.com",
            "naver.com",
            "pm.me",
        ] {
            assert!(
                is_consumer_address(&format!("someone@{domain}")),
                "{domain}"
            );
            assert!(
                is_consumer_address(&format!("Someone@{}", domain.to_uppercase())),
                "{domain}"
            );
        }
    }

    #[test]
    fn the_former_hard_coded_consumer_domains_are_still_refused() {
        for domain in [
            "aol.com",
            "comcast.net",
            "gmail.com",
            "gmx.com",
            "gmx.de",
            "gmx.net",
            "googlemail.com",
            "hotmail.co.uk",
            "hotmail.com",
            "hotmail.de",
            "hotmail.fr",
            "icloud.com",
            "live.com",
            "live.nl",
            "mac.com",
            "mail.com",
            "me.com",
            "msn.com",
            "outlook.com",
            "outlook.de",
            "outlook.fr",
            "proton.me",
            "protonmail.com",
            "qq.com",
            "web.de",
            "yahoo.co.uk",
            "yahoo.com",
            "yahoo.de",
            "yahoo.fr",
            "yandex.ru",
            "ziggo.nl",
        ] {
            assert!(is_consumer_domain(domain), "{domain}");
        }
    }

    #[test]
    fn company_domains_are_not_consumer_domains() {
        for address in [
            "alice@fabrikam.com",
            "bob@contoso.com",
            "zoë@bücher.example",
            "carol@microsoft.com",
            "not-an-address",
        ] {
            assert!(!is_consumer_address(address), "{address}");
        }
    }

    #[test]
    fn listed_punycode_names_are_matched_in_either_form() {
        // The list holds `xn--yaho-sqa.com`; an address typed in Unicode matches it.
        let unicode = canonical_domain("xn--yaho-sqa.com").expect("a valid name");
        assert!(is_consumer_domain(&unicode));
        assert!(is_consumer_address("x@xn--yaho-sqa.com"));
    }
}
