//! The strings a use case returns itself, from the Fluent catalogs under
//! `crates/domain/locales/` (pages keep theirs in `entente-http`).

/// The device authorization grant's `message` (RFC 8628).
pub mod device {
    include!(concat!(env!("OUT_DIR"), "/device_texts.rs"));
}

/// The invitation email and the one-time code email.
pub mod email {
    include!(concat!(env!("OUT_DIR"), "/email_texts.rs"));
}

#[cfg(test)]
mod tests {
    use entente_i18n::Language;

    use super::email;

    #[test]
    fn an_email_greets_without_a_name_in_every_language() {
        for language in Language::ALL {
            let texts = email::for_language(language);
            assert!(!texts.greeting_without_name.contains('@'), "{language}");
            assert_ne!(texts.greeting_without_name, texts.greeting.template());
        }
        assert_eq!(
            email::for_language(Language::Ja).greeting_without_name,
            "こんにちは。"
        );
    }

    #[test]
    fn names_stand_where_no_article_or_case_must_agree_with_them() {
        let fr = email::for_language(Language::Fr);
        assert_eq!(
            fr.message_from_inviter.arg("inviter", "Anne").to_string(),
            "Anne vous a écrit\u{a0}:"
        );
        assert!(
            fr.message_from_tenant
                .arg("tenant", "Orange")
                .to_string()
                .contains("de l’organisation «\u{a0}Orange\u{a0}»")
        );
        let ru = email::for_language(Language::Ru);
        assert_eq!(
            ru.message_from_inviter
                .arg("inviter", "Иван Петров")
                .to_string(),
            "Иван Петров пишет:"
        );
        let minutes = |n: u32| ru.code_valid.arg("minutes", n).to_string();
        assert_eq!(minutes(1), "Код действителен в течение 1 минуты.");
        assert_eq!(minutes(10), "Код действителен в течение 10 минут.");
    }

    #[test]
    fn french_keeps_its_no_break_spaces() {
        let problems: Vec<String> = [email::catalog(), super::device::catalog()]
            .into_iter()
            .flat_map(entente_i18n::french_spacing_problems)
            .collect();
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn the_expiry_date_says_its_zone() {
        for language in Language::ALL {
            let expires = email::for_language(language)
                .expires
                .arg("date", "D")
                .to_string();
            assert!(expires.contains("UTC"), "{language}: {expires}");
        }
    }
}
