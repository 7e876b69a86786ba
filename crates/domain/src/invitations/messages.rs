//! Dates as each language writes them, and filling `{name}` placeholders.
//!
//! The date format of each language ([`format_date`]) and [`fill`], which puts
//! values into `{name}` placeholders of a string that is not a catalog message (the
//! emails' and pages' words are Fluent catalogs: `crate::texts`, `entente_http::texts`).
//!
//! Nothing here reads the clock or the environment: the time to format is passed in.

use entente_model::UnixTime;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::Language;

/// Fills `{name}` placeholders of a translated string. Unknown placeholders stay as they are.
///
/// Values are inserted verbatim and never scanned again, so a value that itself
/// contains braces (a tenant named `{app}`) cannot pull in another value.
///
/// A placeholder may carry the word before it, for languages that elide it before a
/// vowel: French writes `{de:inviter}`, which becomes "de Marie" but "d’admin"
/// (and `{que:tenant}`, "qu’Acme"). See [`placeholder_name`].
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let raw = &after[..close];
            let name = placeholder_name(raw);
            values
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (raw, *value, close))
        });
        match value {
            Some((raw, value, close)) => {
                if let Some((word, _)) = raw.split_once(':') {
                    push_elided(&mut out, word, value);
                }
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value's name in a placeholder: `inviter` in both `{inviter}` and
/// `{de:inviter}`.
pub fn placeholder_name(raw: &str) -> &str {
    raw.split_once(':').map_or(raw, |(_, name)| name)
}

/// Writes `word` before `value`: whole and followed by a space, or, before a vowel,
/// elided to its last letter's place taken by an apostrophe ("de" → "d’").
fn push_elided(out: &mut String, word: &str, value: &str) {
    let vowel = value
        .chars()
        .next()
        .is_some_and(|c| "aeiouàâäéèêëîïôöûüœæ".contains(c.to_lowercase().next().unwrap_or(c)));
    let mut letters = word.chars();
    if vowel && letters.next_back().is_some() {
        out.push_str(letters.as_str());
        out.push('’');
    } else {
        out.push_str(word);
        out.push(' ');
    }
}

/// The date an invitation expires, written as people of that language write a date
/// (en: "25 December 2026", de: "25. Dezember 2026", nl: "25 december 2026", fr: "25 décembre 2026",
///  ja/zh: "2026年12月25日", ko: "2026년 12월 25일", ru: "25 декабря 2026 г.", pt-BR: "25 de dezembro de 2026", es: "25 de diciembre de 2026", it: "25 dicembre 2026"), in UTC.
///
/// French, Italian and Brazilian Portuguese write the first day of a month as an
/// ordinal ("1er décembre", "1º dicembre", "1º de dezembro"), as their style guides ask.
/// A time beyond the years the `time` crate can represent is shown as the nearest
/// date it can.
pub fn format_date(language: Language, at: UnixTime) -> String {
    let date = OffsetDateTime::from_unix_timestamp(at)
        .unwrap_or(if at < 0 {
            PrimitiveDateTime::MIN.assume_utc()
        } else {
            PrimitiveDateTime::MAX.assume_utc()
        })
        .date();
    let (year, day) = (date.year(), date.day());
    // `Month` converts to its number, 1 for January.
    let month_number = u8::from(date.month());
    let month_index = usize::from(month_number) - 1;
    let month = |names: &[&'static str; 12]| -> &'static str { names[month_index] };
    match language {
        Language::En => format!("{day} {} {year}", month(&EN_MONTHS)),
        Language::De => format!("{day}. {} {year}", month(&DE_MONTHS)),
        Language::Nl => format!("{day} {} {year}", month(&NL_MONTHS)),
        Language::Fr if day == 1 => format!("1er {} {year}", month(&FR_MONTHS)),
        Language::Fr => format!("{day} {} {year}", month(&FR_MONTHS)),
        Language::It if day == 1 => format!("1º {} {year}", month(&IT_MONTHS)),
        Language::It => format!("{day} {} {year}", month(&IT_MONTHS)),
        Language::Es => format!("{day} de {} de {year}", month(&ES_MONTHS)),
        Language::PtBr if day == 1 => format!("1º de {} de {year}", month(&PT_MONTHS)),
        Language::PtBr => format!("{day} de {} de {year}", month(&PT_MONTHS)),
        Language::Ru => format!("{day} {} {year} г.", month(&RU_MONTHS_GENITIVE)),
        Language::Ja | Language::ZhHans | Language::ZhHant => {
            format!("{year}年{month_number}月{day}日")
        }
        Language::Ko => format!("{year}년 {month_number}월 {day}일"),
    }
}

// `time` names months in English only; these are the names as they stand in a date.
#[rustfmt::skip]
const EN_MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];
#[rustfmt::skip]
const DE_MONTHS: [&str; 12] = [
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
];
#[rustfmt::skip]
const NL_MONTHS: [&str; 12] = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
];
#[rustfmt::skip]
const FR_MONTHS: [&str; 12] = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
];
#[rustfmt::skip]
const IT_MONTHS: [&str; 12] = [
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
    "settembre", "ottobre", "novembre", "dicembre",
];
#[rustfmt::skip]
const ES_MONTHS: [&str; 12] = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
];
#[rustfmt::skip]
const PT_MONTHS: [&str; 12] = [
    "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
    "outubro", "novembro", "dezembro",
];
// Russian puts the month of a date in the genitive case ("25 декабря").
#[rustfmt::skip]
const RU_MONTHS_GENITIVE: [&str; 12] = [
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use time::Month;
    use time::macros::datetime;

    use super::*;

    #[test]
    fn french_elides_de_and_que_before_a_vowel_only() {
        let email = "Message {de:inviter}\u{a0}:";
        assert_eq!(
            fill(email, &[("inviter", "admin")]),
            "Message d’admin\u{a0}:"
        );
        assert_eq!(
            fill(email, &[("inviter", "Élodie")]),
            "Message d’Élodie\u{a0}:"
        );
        assert_eq!(
            fill(email, &[("inviter", "Marie")]),
            "Message de Marie\u{a0}:"
        );
        assert_eq!(
            fill("parce {que:tenant} a invité", &[("tenant", "Acme")]),
            "parce qu’Acme a invité"
        );
        assert_eq!(
            fill("parce {que:tenant} a invité", &[("tenant", "Contoso")]),
            "parce que Contoso a invité"
        );
        // Other languages keep their words as written.
        assert_eq!(
            fill("Mensaje de {inviter}:", &[("inviter", "admin")]),
            "Mensaje de admin:"
        );
    }

    #[test]
    fn fill_replaces_known_placeholders_and_leaves_the_others() {
        assert_eq!(
            fill(
                "{tenant} invited {email} to {app}",
                &[("tenant", "Contoso"), ("email", "ada@example.com")]
            ),
            "Contoso invited ada@example.com to {app}"
        );
        assert_eq!(
            fill("{a}{a} {b", &[("a", "x"), ("b", "y")]),
            "xx {b",
            "an unclosed brace stays as it is"
        );
        assert_eq!(fill("} {} {x}", &[("x", "1")]), "} {} 1");
        // A value is inserted once and not searched for placeholders again.
        assert_eq!(
            fill("{tenant}: {app}", &[("tenant", "{app}"), ("app", "Portal")]),
            "{app}: Portal"
        );
        assert_eq!(fill("Résumé {n} 日", &[("n", "ü")]), "Résumé ü 日");
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them_in_utc() {
        // 23:30 UTC is already the 26th east of UTC: the date must not follow a local zone.
        let christmas = datetime!(2026-12-25 23:30 UTC).unix_timestamp();
        let expected = [
            (Language::En, "25 December 2026"),
            (Language::De, "25. Dezember 2026"),
            (Language::Es, "25 de diciembre de 2026"),
            (Language::Fr, "25 décembre 2026"),
            (Language::It, "25 dicembre 2026"),
            (Language::Ja, "2026年12月25日"),
            (Language::Ko, "2026년 12월 25일"),
            (Language::PtBr, "25 de dezembro de 2026"),
            (Language::Ru, "25 декабря 2026 г."),
            (Language::ZhHans, "2026年12月25日"),
            (Language::ZhHant, "2026年12月25日"),
            (Language::Nl, "25 december 2026"),
        ];
        for (language, date) in expected {
            assert_eq!(format_date(language, christmas), date, "{language}");
        }
    }

    #[test]
    fn the_first_of_a_month_is_an_ordinal_where_the_language_wants_one() {
        let first_of_march = datetime!(2027-03-01 00:00 UTC).unix_timestamp();
        let expected = [
            (Language::En, "1 March 2027"),
            (Language::De, "1. März 2027"),
            (Language::Es, "1 de marzo de 2027"),
            (Language::Fr, "1er mars 2027"),
            (Language::It, "1º marzo 2027"),
            (Language::Ja, "2027年3月1日"),
            (Language::Ko, "2027년 3월 1일"),
            (Language::PtBr, "1º de março de 2027"),
            (Language::Ru, "1 марта 2027 г."),
            (Language::ZhHans, "2027年3月1日"),
            (Language::ZhHant, "2027年3月1日"),
            (Language::Nl, "1 maart 2027"),
        ];
        for (language, date) in expected {
            assert_eq!(format_date(language, first_of_march), date, "{language}");
        }
    }

    #[test]
    fn every_month_has_its_own_name() {
        for language in Language::ALL {
            let names: BTreeSet<String> = (1..=12u8)
                .map(|month| {
                    let month = Month::try_from(month).expect("a month number");
                    let at = time::Date::from_calendar_date(2026, month, 15)
                        .expect("a date")
                        .midnight()
                        .assume_utc()
                        .unix_timestamp();
                    format_date(language, at)
                })
                .collect();
            assert_eq!(names.len(), 12, "{language}");
        }
        assert_eq!(
            format_date(
                Language::De,
                datetime!(2026-03-15 0:00 UTC).unix_timestamp()
            ),
            "15. März 2026"
        );
    }

    #[test]
    fn a_time_beyond_the_calendar_is_shown_as_its_last_day_instead_of_failing() {
        assert_eq!(format_date(Language::En, i64::MAX), "31 December 9999");
        assert_eq!(format_date(Language::En, i64::MIN), "1 January -9999");
    }
}
