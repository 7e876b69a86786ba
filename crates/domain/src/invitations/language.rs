//! The languages an invitation can be written in.
//!
//! The invitation email and the redemption pages are translated into exactly these
//! twelve languages (PRODUCT.md: the eleven of the 2016 preview plus Dutch). A
//! [`Language`] can only hold one of them, so code that picks a translation never has
//! to handle an unknown tag. This module only names languages; it never translates.

use std::fmt;

/// One of the twelve languages of invitations; `en` unless the inviter chose another.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    #[default]
    En,
    De,
    Es,
    Fr,
    It,
    Ja,
    Ko,
    PtBr,
    Ru,
    ZhHans,
    ZhHant,
    Nl,
}

impl Language {
    /// Every language, in the order PRODUCT.md lists them (Entente's addition last).
    pub const ALL: [Language; 12] = [
        Language::En,
        Language::De,
        Language::Es,
        Language::Fr,
        Language::It,
        Language::Ja,
        Language::Ko,
        Language::PtBr,
        Language::Ru,
        Language::ZhHans,
        Language::ZhHant,
        Language::Nl,
    ];

    /// The canonical tag, spelled as the reference pages spell it (`pt-BR`, `zh-HANS`).
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Es => "es",
            Language::Fr => "fr",
            Language::It => "it",
            Language::Ja => "ja",
            Language::Ko => "ko",
            Language::PtBr => "pt-BR",
            Language::Ru => "ru",
            Language::ZhHans => "zh-HANS",
            Language::ZhHant => "zh-HANT",
            Language::Nl => "nl",
        }
    }

    /// The language a tag names, ignoring case and surrounding spaces (`PT-br`,
    /// `zh-Hans`), or `None` for a tag outside the twelve.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let tag = tag.trim();
        Language::ALL
            .into_iter()
            .find(|language| language.as_str().eq_ignore_ascii_case(tag))
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_match_case_insensitively_and_come_back_canonical() {
        assert_eq!(Language::from_tag("PT-br"), Some(Language::PtBr));
        assert_eq!(Language::from_tag(" zh-hans "), Some(Language::ZhHans));
        assert_eq!(Language::from_tag("NL").map(Language::as_str), Some("nl"));
        assert_eq!(Language::from_tag("pt"), None);
        assert_eq!(Language::from_tag("xx"), None);
    }

    #[test]
    fn every_language_round_trips_through_its_tag() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.as_str()), Some(language));
        }
        assert_eq!(Language::default().as_str(), "en");
    }
}
