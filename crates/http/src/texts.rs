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

/// The cross-tenant access pages: default, partners, a partner, explanations.
pub mod access {
    include!(concat!(env!("OUT_DIR"), "/access_texts.rs"));
}

/// Admin consent to another organization's application, the page saying it is
/// missing, and the portal's list of such applications.
pub mod consent {
    include!(concat!(env!("OUT_DIR"), "/consent_texts.rs"));
}

/// The portal's access reviews: the list, the form, a review's and an occurrence's
/// pages.
pub mod reviews {
    include!(concat!(env!("OUT_DIR"), "/reviews_texts.rs"));
}

/// The portal's provisioning page: connections, their tokens, the provisioning log.
pub mod provisioning {
    include!(concat!(env!("OUT_DIR"), "/provisioning_texts.rs"));
}

/// The error pages.
pub mod errors {
    include!(concat!(env!("OUT_DIR"), "/errors_texts.rs"));
}

/// The sign-in pages: password and code sign-in, second factor, account, sign-out.
pub mod signin {
    include!(concat!(env!("OUT_DIR"), "/signin_texts.rs"));
}

/// The admin portal's navigation, headings, labels, buttons and notices.
pub mod portal {
    include!(concat!(env!("OUT_DIR"), "/portal_texts.rs"));
}

/// The audit and sign-in logs' words.
pub mod logs {
    include!(concat!(env!("OUT_DIR"), "/logs_texts.rs"));
}

/// The redemption pages and My Apps.
pub mod redeem {
    include!(concat!(env!("OUT_DIR"), "/redeem_texts.rs"));
}

/// The twelve languages' names in each of them, for lists that say which language
/// something is in ("German" to an English reader, "Allemand" to a French one).
pub mod languages {
    use entente_i18n::Language;

    mod generated {
        include!(concat!(env!("OUT_DIR"), "/languages_texts.rs"));
    }
    pub use generated::{LanguageNames, catalog, for_language};

    /// The name of `language` in `reader`'s language.
    pub fn name_in(language: Language, reader: Language) -> &'static str {
        let names = for_language(reader);
        match language {
            Language::En => names.language_en,
            Language::De => names.language_de,
            Language::Es => names.language_es,
            Language::Fr => names.language_fr,
            Language::It => names.language_it,
            Language::Ja => names.language_ja,
            Language::Ko => names.language_ko,
            Language::PtBr => names.language_pt_br,
            Language::Ru => names.language_ru,
            Language::ZhHans => names.language_zh_hans,
            Language::ZhHant => names.language_zh_hant,
            Language::Nl => names.language_nl,
        }
    }

    /// The name of the language `tag` names, in `reader`'s language: the default
    /// language's for an empty tag, the tag itself for one outside the twelve.
    pub fn name_of_tag(tag: &str, reader: Language) -> String {
        if tag.trim().is_empty() {
            return name_in(Language::default(), reader).to_owned();
        }
        Language::from_tag(tag).map_or_else(|| tag.to_owned(), |l| name_in(l, reader).to_owned())
    }
}

impl logs::LogTexts {
    /// The words for one of `sign_in_log::reason`'s codes.
    pub fn reason(&self, code: &str) -> Option<&'static str> {
        use entente_domain::sign_in_log::reason;
        Some(match code {
            reason::HOME_SESSION => self.r_home_session,
            reason::EMAIL_CODE => self.r_email_code,
            reason::REDEEMED => self.r_redeemed,
            reason::WRONG_PASSWORD => self.r_wrong_password,
            reason::UNKNOWN_ACCOUNT => self.r_unknown_account,
            reason::ACCOUNT_DISABLED => self.r_account_disabled,
            reason::WRONG_CODE => self.r_wrong_code,
            reason::GUEST_BLOCKED => self.r_guest_blocked,
            reason::HOME_ACCOUNT_DISABLED => self.r_home_account_disabled,
            reason::SECOND_FACTOR_DUE => self.r_second_factor_due,
            reason::CROSS_TENANT_BLOCKED => self.r_cross_tenant_blocked,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use entente_i18n::Language;

    use super::errors::for_language as error_texts;
    use super::{bulk, errors, languages, lists, logs, portal, redeem, signin};

    #[test]
    fn french_keeps_its_no_break_spaces() {
        let problems: Vec<String> = [
            bulk::catalog(),
            lists::catalog(),
            super::fields::catalog(),
            super::deleted::catalog(),
            errors::catalog(),
            signin::catalog(),
            portal::catalog(),
            logs::catalog(),
            redeem::catalog(),
            languages::catalog(),
            super::access::catalog(),
        ]
        .into_iter()
        .flat_map(entente_i18n::french_spacing_problems)
        .collect();
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn every_reader_names_every_language_once() {
        for reader in Language::ALL {
            let names: std::collections::HashSet<_> = Language::ALL
                .iter()
                .map(|l| languages::name_in(*l, reader))
                .collect();
            assert_eq!(names.len(), 12, "{reader:?}");
        }
        assert_eq!(languages::name_in(Language::De, Language::En), "German");
        assert_eq!(languages::name_in(Language::De, Language::Fr), "Allemand");
        assert_eq!(languages::name_in(Language::Ja, Language::Ja), "日本語");
        assert_eq!(
            languages::name_of_tag("PT-br", Language::En),
            "Portuguese (Brazil)"
        );
        assert_eq!(languages::name_of_tag("", Language::De), "Englisch");
        assert_eq!(languages::name_of_tag("tlh", Language::En), "tlh");
    }

    #[test]
    fn the_redemption_pages_speak_each_language() {
        let expected = [
            (Language::En, "permissions", "My apps"),
            (Language::De, "Berechtigungen", "Meine Apps"),
            (Language::Es, "permisos", "Mis aplicaciones"),
            (Language::Fr, "autorisations", "Mes applications"),
            (Language::It, "autorizzazioni", "Le mie app"),
            (Language::Ja, "アクセス許可", "マイ アプリ"),
            (Language::Ko, "권한", "내 앱"),
            (Language::PtBr, "permissões", "Meus aplicativos"),
            (Language::Ru, "разрешений", "Мои приложения"),
            (Language::ZhHans, "权限", "我的应用"),
            (Language::ZhHant, "權限", "我的應用程式"),
            (Language::Nl, "Machtigingen", "Mijn apps"),
        ];
        for (language, permissions, my_apps) in expected {
            let texts = redeem::for_language(language);
            assert!(texts.consent_heading.contains(permissions), "{language}");
            assert_eq!(texts.my_apps_title, my_apps, "{language}");
            assert_eq!(texts.html_lang, language.bcp47());
        }
        let same_word = |found: &String| {
            ["de", "fr", "nl"]
                .iter()
                .any(|tag| *found == format!("redeem: code-label in {tag}"))
        };
        let untranslated: Vec<String> = redeem::catalog()
            .untranslated()
            .into_iter()
            .filter(|found| !same_word(found))
            .collect();
        assert_eq!(untranslated, Vec::<String>::new());
        let fr = redeem::for_language(Language::Fr)
            .consent_trust
            .arg("tenant", "Orange")
            .to_string();
        assert!(fr.contains("l’organisation «\u{a0}Orange\u{a0}»"), "{fr}");
        let expires = redeem::for_language(Language::De)
            .expires_on
            .arg("date", "25. Dezember 2026")
            .to_string();
        assert_eq!(
            expires,
            "Diese Einladung läuft am 25. Dezember 2026 (UTC) ab."
        );
    }

    #[test]
    fn the_logs_reasons_and_sentences_are_translated() {
        let untranslated: Vec<String> = logs::catalog()
            .untranslated()
            .into_iter()
            .filter(|found| {
                found.starts_with("logs: r-")
                    || found.starts_with("logs: changed ")
                    || found.starts_with("logs: added-to-group ")
            })
            .collect();
        assert_eq!(untranslated, Vec::<String>::new());
    }

    #[test]
    fn the_portal_pins_one_phrase_per_language_and_the_english_the_browser_tests_read() {
        let pinned = [
            (Language::En, "Invite partners"),
            (Language::De, "Partner einladen"),
            (Language::Es, "Invitar a socios"),
            (Language::Fr, "Inviter des partenaires"),
            (Language::It, "Invita partner"),
            (Language::Ja, "パートナーを招待"),
            (Language::Ko, "파트너 초대"),
            (Language::PtBr, "Convidar parceiros"),
            (Language::Ru, "Пригласить партнёров"),
            (Language::ZhHans, "邀请合作伙伴"),
            (Language::ZhHant, "邀請合作夥伴"),
            (Language::Nl, "Partners uitnodigen"),
        ];
        for (language, phrase) in pinned {
            assert_eq!(portal::for_language(language).nav_invite, phrase);
            assert_eq!(portal::for_language(language).html_lang, language.bcp47());
        }
        let english = portal::for_language(Language::En);
        assert_eq!(english.upload_and_check, "Upload and check");
        assert_eq!(
            english.saved_collaboration,
            "The invitation settings are saved."
        );
        assert_eq!(
            english
                .domain_verified
                .arg("domain", "contoso.example")
                .to_string(),
            "contoso.example is verified."
        );
        assert_eq!(
            [english.allowed, english.blocked, english.status_pending],
            ["Allowed", "Blocked", "Pending"]
        );
        assert_eq!(
            english
                .email_retrying
                .arg("attempts", 1)
                .arg("error", "timeout")
                .to_string(),
            "Retrying (1 attempt): timeout"
        );
        assert_eq!(
            english.progress_of.template(),
            "{processed} of {total}",
            "the browser fills this template"
        );
    }

    #[test]
    fn the_sign_in_pages_name_markup_values_exactly_once() {
        for language in Language::ALL {
            let texts = signin::for_language(language);
            let account = texts
                .signed_in_as
                .arg("tenant", "Contoso")
                .arg("account", "ada");
            let slots: Vec<String> = account.pieces().into_iter().map(|p| p.slot).collect();
            assert_eq!(
                slots.iter().filter(|s| *s == "account").count(),
                1,
                "{language}"
            );
            let link = texts.signed_out_next.arg("link", "x").pieces();
            assert_eq!(
                link.iter().filter(|p| p.slot == "link").count(),
                1,
                "{language}"
            );
        }
    }

    #[test]
    fn no_sign_in_page_falls_back_to_english() {
        // Words that really are the same in another language.
        let same_word = |found: &String| {
            [
                "signin: code-label in de",
                "signin: code-label in fr",
                "signin: code-label in nl",
                "signin: password-label in it",
            ]
            .contains(&found.as_str())
        };
        let untranslated: Vec<String> = signin::catalog()
            .untranslated()
            .into_iter()
            .filter(|found| !same_word(found))
            .collect();
        assert_eq!(untranslated, Vec::<String>::new());
    }

    #[test]
    fn each_language_says_the_password_is_wrong_in_its_own_words() {
        let expected = [
            (Language::En, "The email address or password is incorrect."),
            (
                Language::De,
                "Die E-Mail-Adresse oder das Passwort ist falsch.",
            ),
            (
                Language::Es,
                "La dirección de correo electrónico o la contraseña no son correctas.",
            ),
            (
                Language::Fr,
                "L’adresse e-mail ou le mot de passe est incorrect.",
            ),
            (
                Language::It,
                "L’indirizzo email o la password non sono corretti.",
            ),
            (
                Language::Ja,
                "メール アドレスまたはパスワードが正しくありません。",
            ),
            (Language::Ko, "이메일 주소 또는 암호가 올바르지 않습니다."),
            (
                Language::PtBr,
                "O endereço de e-mail ou a senha estão incorretos.",
            ),
            (Language::Ru, "Неверный адрес электронной почты или пароль."),
            (Language::ZhHans, "电子邮件地址或密码不正确。"),
            (Language::ZhHant, "電子郵件地址或密碼不正確。"),
            (Language::Nl, "Het e-mailadres of wachtwoord is onjuist."),
        ];
        for (language, text) in expected {
            assert_eq!(signin::for_language(language).password_incorrect, text);
            assert_eq!(signin::for_language(language).html_lang, language.bcp47());
        }
    }

    #[test]
    fn waits_are_said_with_the_languages_plural_forms() {
        let wait = |language, seconds: u64| {
            signin::for_language(language)
                .too_many_attempts
                .arg("seconds", seconds)
                .to_string()
        };
        assert_eq!(
            wait(Language::En, 1),
            "Too many failed attempts. Try again in 1 second."
        );
        assert_eq!(
            wait(Language::En, 8),
            "Too many failed attempts. Try again in 8 seconds."
        );
        assert_eq!(
            wait(Language::De, 1),
            "Zu viele fehlgeschlagene Versuche. Versuchen Sie es in 1 Sekunde erneut."
        );
        assert_eq!(
            wait(Language::De, 8),
            "Zu viele fehlgeschlagene Versuche. Versuchen Sie es in 8 Sekunden erneut."
        );
        let ru = |n| {
            wait(Language::Ru, n)
                .rsplit("через ")
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(
            [ru(1), ru(2), ru(5), ru(21)],
            ["1 секунду.", "2 секунды.", "5 секунд.", "21 секунду."]
        );
        let fr = |n| {
            wait(Language::Fr, n)
                .rsplit("dans ")
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(
            [fr(0), fr(1), fr(2)],
            ["0 seconde.", "1 seconde.", "2 secondes."]
        );
        assert!(wait(Language::Ja, 1).contains("1 秒後"));
        assert_eq!(
            signin::for_language(Language::Ja)
                .code_sent
                .arg("email", "ada@example.com")
                .arg("minutes", 10)
                .to_string(),
            "ada@example.com のアカウントが存在する場合は、そのアドレスにコードを送信しました。コードの有効期間は 10 分です。"
        );
    }

    #[test]
    fn the_cross_tenant_access_pages_are_translated_with_each_languages_forms() {
        // Words that really are the same in another language.
        let same_word = |found: &String| {
            [
                "access: apps-legend in fr",
                "access: explain-app in fr",
                "access: col-partner in de",
                "access: col-partner in it",
                "access: col-partner in nl",
                "access: partners-heading in nl",
                "access: partner-id in nl",
            ]
            .contains(&found.as_str())
        };
        let untranslated: Vec<String> = super::access::catalog()
            .untranslated()
            .into_iter()
            .filter(|found| !same_word(found))
            .collect();
        assert_eq!(untranslated, Vec::<String>::new());
        let access = super::access::for_language;
        assert_eq!(
            access(Language::De).title,
            "Mandantenübergreifender Zugriff"
        );
        assert_eq!(
            portal::for_language(Language::De).nav_cross_tenant,
            access(Language::De).title
        );
        let listed = |language, n: i64| {
            access(language)
                .sum_allow_listed
                .arg("count", n)
                .to_string()
        };
        assert_eq!(listed(Language::De, 1), "Lässt 1 Eintrag zu");
        assert_eq!(listed(Language::De, 1000), "Lässt 1.000 Einträge zu");
        assert_eq!(listed(Language::En, 3), "Allows 3 listed");
        assert_eq!(
            access(Language::Fr)
                .confirm_remove
                .arg("name", "Fabrikam")
                .to_string(),
            "Supprimer l’entrée du partenaire «\u{a0}Fabrikam\u{a0}»\u{a0}?"
        );
        assert_eq!(
            access(Language::Ru)
                .found_tenant
                .arg("name", "Fabrikam")
                .to_string(),
            "Адрес принадлежит организации «Fabrikam» этого развёртывания."
        );
    }

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
            "Ce compte a déjà accepté une autre invitation de l’organisation «\u{a0}Orange\u{a0}»."
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
