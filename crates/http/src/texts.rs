//! The pages' words, from the Fluent catalogs under `crates/http/locales/` (one file
//! per language and area; English is the reference, `docs/translating.md`). Each
//! module's struct is written by the build script from the English catalog.

/// The bulk invitation pages and the copy buttons of object ids.
pub mod bulk {
    include!(concat!(env!("OUT_DIR"), "/bulk_texts.rs"));
}

/// The portal's lists: counts, search hint, columns, states, export link.
pub mod lists {
    include!(concat!(env!("OUT_DIR"), "/lists_texts.rs"));
}

#[cfg(test)]
mod tests {
    use entente_i18n::Language;

    use super::{bulk, lists};

    #[test]
    fn the_languages_are_translations_not_english_copies() {
        let english = bulk::for_language(Language::En);
        for language in Language::ALL.into_iter().skip(1) {
            assert_ne!(
                bulk::for_language(language).errors_only,
                english.errors_only
            );
        }
        assert_eq!(
            bulk::for_language(Language::De).errors_only,
            "Nur Zeilen mit Fehlern anzeigen"
        );
        assert_eq!(
            lists::for_language(Language::De).state_pending,
            "Annahme ausstehend"
        );
    }

    #[test]
    fn the_row_limit_is_a_count_each_language_writes_its_own_way() {
        let limit = |language| {
            bulk::for_language(language)
                .size_limit
                .arg("rows", 2000)
                .arg("size", "5 MiB")
                .to_string()
        };
        assert_eq!(
            limit(Language::En),
            "A file may hold at most 2,000 rows and 5 MiB."
        );
        assert_eq!(
            limit(Language::De),
            "Eine Datei darf höchstens 2.000 Zeilen und 5 MiB enthalten."
        );
        assert_eq!(
            limit(Language::Es),
            "Un archivo puede tener como máximo 2000 filas y 5 MiB."
        );
        assert_eq!(
            limit(Language::Ru),
            "В файле может быть не больше 2\u{a0}000 строк и 5 MiB."
        );
        let one = bulk::for_language(Language::Ru)
            .size_limit
            .arg("rows", 1)
            .arg("size", "5 MiB")
            .to_string();
        assert_eq!(one, "В файле может быть не больше 1 строки и 5 MiB.");
    }

    #[test]
    fn list_counts_are_grouped() {
        let found = lists::for_language(Language::Fr)
            .users_found
            .arg("count", 12345)
            .to_string();
        assert_eq!(found, "Utilisateurs trouvés\u{a0}: 12\u{202f}345");
    }

    #[test]
    fn no_string_carries_markup() {
        for language in Language::ALL {
            let texts = bulk::for_language(language);
            for text in [texts.names_hint, texts.sample_hint, texts.errors_only] {
                assert!(!text.contains('<'), "{language}: {text}");
            }
        }
    }
}
