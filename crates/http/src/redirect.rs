//! The one check every redirect target the server builds from input goes through
//! (a `Location` header, a link on a page, a form's action): `return_to` on the
//! sign-in, code, second-factor and federation pages, where a partner's sign-in or a
//! redemption lands, and the way to a partner's provider.
//!
//! A browser does not read a target as a string: it parses it by the WHATWG URL
//! standard, which drops tab, CR and LF anywhere, trims leading control characters
//! and spaces, and reads `\` as `/`, so `/\t/evil.example` and `/\evil.example` both
//! lead to another host. So the target is parsed the same way (the `url` crate
//! implements that standard) against the public URL, and what is sent on is the parsed
//! result's own serialization, never the input: ASCII only, so it is always a valid
//! header value, and what the browser reads is exactly what was checked. Any ASCII
//! control character refuses the target outright: none belongs in a URL, and the
//! parser and a browser might not agree on them.

use url::{Position, Url};

/// Who chose a target, and so where it may lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chosen {
    /// The request named it (`return_to`): it must stay on this site.
    ByRequest,
    /// An administrator registered it (an invitation's redirect URL, a partner's
    /// provider): any http or https URL without a user name or password, or a path of
    /// this site.
    ByAdministrator,
}

/// The target to send a browser to, or `None` when `candidate` may not be one. A
/// target of this site comes back as a path (with its query and fragment) that cannot
/// be read as another host; another site's as its absolute URL.
pub fn redirect_target(public_base_url: &str, candidate: &str, chosen: Chosen) -> Option<String> {
    if candidate.is_empty() || candidate.chars().any(|c| c.is_ascii_control()) {
        return None;
    }
    let base = Url::parse(public_base_url).ok()?;
    let target = base.join(candidate).ok()?;
    if !target.username().is_empty() || target.password().is_some() {
        return None;
    }
    if target.origin() == base.origin() {
        let path = &target[Position::BeforePath..];
        // `/.//evil.example` normalizes to the path `//evil.example`, which whoever
        // parses it next reads as a host.
        return (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_owned());
    }
    match chosen {
        Chosen::ByRequest => None,
        Chosen::ByAdministrator => (matches!(target.scheme(), "https" | "http")
            && target.host().is_some())
        .then(|| target.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://id.contoso.test";

    fn local(candidate: &str) -> Option<String> {
        redirect_target(BASE, candidate, Chosen::ByRequest)
    }

    #[test]
    fn paths_of_this_site_are_kept() {
        assert_eq!(
            local("/t/oauth2/v2.0/authorize?x=1&y=%2F#f").as_deref(),
            Some("/t/oauth2/v2.0/authorize?x=1&y=%2F#f")
        );
        assert_eq!(local("/t/account").as_deref(), Some("/t/account"));
        // This site's own absolute URL is this site.
        assert_eq!(
            local("https://id.contoso.test/t/myapps").as_deref(),
            Some("/t/myapps")
        );
    }

    #[test]
    fn whatever_a_browser_reads_as_another_host_is_refused() {
        for candidate in [
            "//evil.example",
            "//evil.example/x",
            "/\\evil.example",
            "\\/evil.example",
            "\\\\evil.example",
            "/\t/evil.example/x",
            "/\n/evil.example/x",
            "/\r/evil.example/x",
            "/\x0b/evil.example/x",
            "\t//evil.example",
            " //evil.example",
            "/.//evil.example/x",
            "https://evil.example/",
            "http://id.contoso.test/t/account",
            "https://id.contoso.test:8443/t/account",
            "https://user@id.contoso.test/t/account",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "",
        ] {
            assert_eq!(local(candidate), None, "{candidate:?}");
        }
    }

    #[test]
    fn encoded_slashes_and_look_alikes_stay_paths_of_this_site() {
        // Browsers do not decode `%2f` or read U+FF0F as a slash in a path: these stay
        // here, percent-encoded, and nothing reads them as a host.
        assert_eq!(
            local("/%2f%2fevil.example").as_deref(),
            Some("/%2f%2fevil.example")
        );
        assert_eq!(
            local("%2f%2fevil.example").as_deref(),
            Some("/%2f%2fevil.example")
        );
        assert_eq!(
            local("/／／evil.example").as_deref(),
            Some("/%EF%BC%8F%EF%BC%8Fevil.example")
        );
        assert_eq!(
            local("／／evil.example").as_deref(),
            Some("/%EF%BC%8F%EF%BC%8Fevil.example")
        );
        assert_eq!(
            local("/%09/evil.example").as_deref(),
            Some("/%09/evil.example")
        );
    }

    #[test]
    fn administrators_may_name_other_sites_over_http_only() {
        let registered = |candidate| redirect_target(BASE, candidate, Chosen::ByAdministrator);
        assert_eq!(
            registered("https://app.fabrikam.test/welcome?a=b").as_deref(),
            Some("https://app.fabrikam.test/welcome?a=b")
        );
        assert_eq!(registered("/t/myapps").as_deref(), Some("/t/myapps"));
        assert_eq!(registered("javascript:alert(1)"), None);
        assert_eq!(registered("data:text/html,x"), None);
        assert_eq!(registered("https://user:pw@app.fabrikam.test/"), None);
        assert_eq!(
            registered("https://app.fabrikam.test/\r\nSet-Cookie: x=1"),
            None
        );
    }

    /// Random strings over the characters that matter to URL parsing: each is either
    /// refused, or leads to a path of this site that the next parser reads the same.
    #[test]
    fn random_targets_are_refused_or_stay_on_this_site() {
        use rand::{Rng, SeedableRng};
        const PIECES: [&str; 24] = [
            "/",
            "\\",
            "\t",
            "\n",
            "\r",
            " ",
            ".",
            "..",
            ":",
            "@",
            "?",
            "#",
            "%",
            "2f",
            "09",
            "evil.example",
            "id.contoso.test",
            "https:",
            "javascript:",
            "／",
            "\u{3002}",
            "\x00",
            "\x7f",
            "a",
        ];
        let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed_0016);
        let base = Url::parse(BASE).unwrap();
        let mut accepted = 0;
        for _ in 0..200_000 {
            let length = rng.random_range(1..8);
            let candidate: String = (0..length)
                .map(|_| PIECES[rng.random_range(0..PIECES.len())])
                .collect();
            let Some(path) = local(&candidate) else {
                continue;
            };
            accepted += 1;
            assert!(
                path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\"),
                "{candidate:?} gave {path:?}"
            );
            assert!(path.is_ascii(), "{candidate:?} gave {path:?}");
            let again = base.join(&path).unwrap();
            assert_eq!(again.origin(), base.origin(), "{candidate:?} gave {path:?}");
            assert_eq!(
                local(&path).as_deref(),
                Some(path.as_str()),
                "{candidate:?} gave {path:?}, which is not stable"
            );
        }
        assert!(
            accepted > 1000,
            "only {accepted} random targets were accepted"
        );
    }
}
