//! Dates as each language writes them ([`format_date`]). The emails' and pages' words
//! are Fluent catalogs (`crate::texts`, `entente_http::texts`).
//!
//! Nothing here reads the clock or the environment: the time to format is passed in.

use entente_model::UnixTime;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::Language;

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
