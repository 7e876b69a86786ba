//! Counts written as each language writes them: "2,000" in English, "2.000" in German,
//! "2 000" in French and Russian, "2000" in Spanish (which groups from five digits).
//!
//! The twelve languages' grouping separators and minimum grouping digits come from
//! CLDR (`numbers/symbols/group`, `minimumGroupingDigits`); a table this small is
//! clearer than a formatting library's data (decision 0012).

use fluent_bundle::FluentValue;
use intl_memoizer::Memoizable;
use intl_memoizer::concurrent::IntlLangMemoizer;
use unic_langid::LanguageIdentifier;

use crate::Language;

/// How a language groups the digits of a whole number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Grouping {
    separator: &'static str,
    /// Digits the leading group needs before a number is grouped at all (2: "2000",
    /// but "20 000").
    minimum: usize,
}

impl Grouping {
    fn of(language: Language) -> Grouping {
        let (separator, minimum) = match language {
            Language::En | Language::Ja | Language::Ko | Language::ZhHans | Language::ZhHant => {
                (",", 1)
            }
            Language::De | Language::It | Language::PtBr | Language::Nl => (".", 1),
            Language::Es => (".", 2),
            // U+202F NARROW NO-BREAK SPACE (CLDR fr), U+00A0 NO-BREAK SPACE (CLDR ru).
            Language::Fr => ("\u{202F}", 1),
            Language::Ru => ("\u{A0}", 1),
        };
        Grouping { separator, minimum }
    }

    fn write(&self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let sign = if n < 0 { "-" } else { "" };
        if digits.len() < 4 + self.minimum - 1 {
            return format!("{sign}{digits}");
        }
        let mut out = String::from(sign);
        let lead = digits.len() % 3;
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (i + 3 - lead).is_multiple_of(3) {
                out.push_str(self.separator);
            }
            out.push(c);
        }
        out
    }
}

impl Memoizable for Grouping {
    type Args = ();
    type Error = ();

    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Grouping, ()> {
        let tag = lang.to_string();
        Ok(Grouping::of(Language::from_tag(&tag).unwrap_or_default()))
    }
}

/// A whole number as `language` writes it.
pub fn group(language: Language, n: i64) -> String {
    Grouping::of(language).write(n)
}

/// The bundles' formatter: whole numbers grouped by the bundle's language; anything
/// else as Fluent writes it.
pub(crate) fn format(value: &FluentValue<'_>, intls: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    if number.value.fract() != 0.0 || number.value.abs() > 9e15 {
        return None;
    }
    let n = number.value as i64;
    intls
        .with_try_get::<Grouping, _, _>((), |grouping| crate::marked(grouping.write(n)))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_as_each_language_writes_them() {
        assert_eq!(group(Language::En, 2000), "2,000");
        assert_eq!(group(Language::En, 999), "999");
        assert_eq!(group(Language::En, 1_234_567), "1,234,567");
        assert_eq!(group(Language::En, -20000), "-20,000");
        assert_eq!(group(Language::De, 2000), "2.000");
        assert_eq!(group(Language::Nl, 20000), "20.000");
        assert_eq!(group(Language::Fr, 2000), "2\u{202F}000");
        assert_eq!(group(Language::Ru, 2000), "2\u{A0}000");
        assert_eq!(group(Language::Es, 2000), "2000");
        assert_eq!(group(Language::Es, 20000), "20.000");
        assert_eq!(group(Language::Ja, 2000), "2,000");
        assert_eq!(group(Language::PtBr, 123), "123");
    }
}
