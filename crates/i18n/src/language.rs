//! The languages Entente speaks.
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

    /// The BCP 47 tag as `<html lang>` and the catalogs' directories spell it
    /// (`pt-BR`, `zh-Hans`).
    pub fn bcp47(self) -> &'static str {
        match self {
            Language::ZhHans => "zh-Hans",
            Language::ZhHant => "zh-Hant",
            other => other.as_str(),
        }
    }

    /// The language's place in [`Language::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

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

    /// The language's name in itself ("Deutsch", "日本語"), which its speakers
    /// recognise whatever language the page around it is in.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::De => "Deutsch",
            Language::Es => "Español",
            Language::Fr => "Français",
            Language::It => "Italiano",
            Language::Ja => "日本語",
            Language::Ko => "한국어",
            Language::PtBr => "Português (Brasil)",
            Language::Ru => "Русский",
            Language::ZhHans => "简体中文",
            Language::ZhHant => "繁體中文",
            Language::Nl => "Nederlands",
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

impl Language {
    /// The language for a locale as Microsoft Graph clients send it (`en-US`, `de-DE`,
    /// `zh-CN`): an exact tag first, then Chinese by script or region, then the
    /// primary subtag; `None` when no invitation language fits.
    pub fn from_locale(locale: &str) -> Option<Language> {
        let locale = locale.trim();
        if let Some(exact) = Language::from_tag(locale) {
            return Some(exact);
        }
        let lower = locale.to_ascii_lowercase().replace('_', "-");
        let mut parts = lower.split('-');
        let primary = parts.next().unwrap_or_default();
        match primary {
            "zh" => {
                let traditional = lower
                    .split('-')
                    .any(|p| matches!(p, "hant" | "tw" | "hk" | "mo"));
                Some(if traditional {
                    Language::ZhHant
                } else {
                    Language::ZhHans
                })
            }
            "pt" => Some(Language::PtBr),
            other => Language::from_tag(other),
        }
    }
}

impl serde::Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Language {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(deserializer)?;
        Language::from_tag(&tag)
            .ok_or_else(|| serde::de::Error::custom(format!("unsupported language {tag:?}")))
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
    fn every_language_has_its_own_distinct_name() {
        let names: std::collections::BTreeSet<&str> =
            Language::ALL.iter().map(|l| l.native_name()).collect();
        assert_eq!(names.len(), 12);
        assert_eq!(Language::De.native_name(), "Deutsch");
        assert_eq!(Language::Ja.native_name(), "日本語");
    }

    #[test]
    fn tags_match_case_insensitively_and_come_back_canonical() {
        assert_eq!(Language::from_tag("PT-br"), Some(Language::PtBr));
        assert_eq!(Language::from_tag(" zh-hans "), Some(Language::ZhHans));
        assert_eq!(Language::from_tag("NL").map(Language::as_str), Some("nl"));
        assert_eq!(Language::from_tag("pt"), None);
        assert_eq!(Language::from_tag("xx"), None);
    }

    #[test]
    fn graph_locales_map_to_invitation_languages() {
        assert_eq!(Language::from_locale("en-US"), Some(Language::En));
        assert_eq!(Language::from_locale("de-DE"), Some(Language::De));
        assert_eq!(Language::from_locale("zh-CN"), Some(Language::ZhHans));
        assert_eq!(Language::from_locale("zh-TW"), Some(Language::ZhHant));
        assert_eq!(Language::from_locale("pt-PT"), Some(Language::PtBr));
        assert_eq!(Language::from_locale("nl-BE"), Some(Language::Nl));
        assert_eq!(Language::from_locale("sv-SE"), None);
    }

    #[test]
    fn every_language_round_trips_through_its_tag() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.as_str()), Some(language));
        }
        assert_eq!(Language::default().as_str(), "en");
    }
}
