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

/// Field errors beside a form's field and in the summary above the form.
pub mod fields {
    include!(concat!(env!("OUT_DIR"), "/fields_texts.rs"));
}

/// Deleted items, confirmations of destructive actions, notices after a change.
pub mod deleted {
    include!(concat!(env!("OUT_DIR"), "/deleted_texts.rs"));
}

/// The error pages.
pub mod errors {
    include!(concat!(env!("OUT_DIR"), "/errors_texts.rs"));
}

#[cfg(test)]
mod tests {
    use entente_i18n::Language;

    use super::errors::for_language as error_texts;
    use super::{bulk, errors, lists};

    #[test]
    fn no_error_page_falls_back_to_english() {
        assert_eq!(errors::catalog().untranslated(), Vec::<String>::new());
    }

    #[test]
    fn protocol_parameter_names_are_not_translated() {
        for language in Language::ALL {
            let texts = error_texts(language);
            assert!(
                texts.id_token_hint_invalid.contains("id_token_hint"),
                "{language}"
            );
            assert!(
                texts
                    .logout_uri_unregistered
                    .contains("post_logout_redirect_uri"),
                "{language}"
            );
            for name in ["post_logout_redirect_uri", "id_token_hint", "client_id"] {
                assert!(
                    texts.logout_uri_needs_client.contains(name),
                    "{language} {name}"
                );
            }
        }
    }

    #[test]
    fn html_lang_is_the_languages_bcp47_tag() {
        for language in Language::ALL {
            assert_eq!(error_texts(language).html_lang, language.bcp47());
        }
        assert_eq!(error_texts(Language::ZhHant).html_lang, "zh-Hant");
    }

    #[test]
    fn each_language_says_not_found_in_its_own_words() {
        let expected = [
            (Language::En, "Not found"),
            (Language::De, "Nicht gefunden"),
            (Language::Es, "No encontrado"),
            (Language::Fr, "Introuvable"),
            (Language::It, "Non trovato"),
            (Language::Ja, "見つかりません"),
            (Language::Ko, "찾을 수 없음"),
            (Language::PtBr, "Não encontrado"),
            (Language::Ru, "Не найдено"),
            (Language::ZhHans, "未找到"),
            (Language::ZhHant, "找不到"),
            (Language::Nl, "Niet gevonden"),
        ];
        for (language, text) in expected {
            assert_eq!(error_texts(language).not_found_title, text, "{language}");
        }
    }

    #[test]
    fn no_access_reads_as_a_sentence_once_filled() {
        assert_eq!(
            error_texts(Language::De)
                .no_access
                .fill(&[("tenant", "Contoso")]),
            "Das Konto, mit dem Sie angemeldet sind, hat keinen Zugriff auf Contoso. Bitten Sie die dortige Administration um Zugriff oder melden Sie sich ab und verwenden Sie ein anderes Konto."
        );
        assert!(
            error_texts(Language::Ko)
                .no_access
                .fill(&[("tenant", "Contoso")])
                .starts_with("로그인한 계정에는 Contoso에 대한 액세스 권한이 없습니다.")
        );
        assert_eq!(
            error_texts(Language::Fr)
                .federation_already_guest
                .fill(&[("tenant", "Orange")]),
            "Ce compte a déjà accepté une autre invitation de l’organisation « Orange »."
        );
    }

    #[test]
    fn deleted_items_speak_each_language() {
        let names: std::collections::BTreeSet<&str> = Language::ALL
            .iter()
            .map(|l| super::deleted::for_language(*l).nav_deleted)
            .collect();
        assert_eq!(names.len(), Language::ALL.len());
        assert_eq!(
            super::deleted::for_language(Language::De).restore,
            "Wiederherstellen"
        );
    }

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
