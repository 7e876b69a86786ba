//! The sign-in pages in the browser's language: the login page in each of the twelve
//! languages (its `<html lang>` and words of its own), a wrong password refused in
//! German, and the account and signed-out pages in French with their markup intact.
//! A browser that names no language Entente speaks gets English. The admin portal
//! speaks the browser's language too.

use entente_testkit::{
    ADMIN_EMAIL, ADMIN_PASSWORD, TestServer, backends, hidden_field, set_cookie_value,
};

/// Each language as a browser asks for it, the `<html lang>` its pages carry, the
/// login page's heading and the start of its note for accounts without a password.
const LANGUAGES: [(&str, &str, &str, &str); 12] = [
    (
        "en-GB,en;q=0.9",
        "en",
        "Sign in",
        "No password? Accounts made by email",
    ),
    (
        "de-DE,de;q=0.9,en;q=0.8",
        "de",
        "Anmelden",
        "Kein Passwort? Konten, die",
    ),
    (
        "es-ES,es;q=0.9",
        "es",
        "Iniciar sesión",
        "¿No tiene contraseña? Las cuentas",
    ),
    (
        "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7",
        "fr",
        "Se connecter",
        "Pas de mot de passe\u{a0}? Les comptes",
    ),
    (
        "it-IT,it;q=0.9,en;q=0.8",
        "it",
        "Accedi",
        "Non hai una password? Gli account",
    ),
    (
        "ja,en-US;q=0.9,en;q=0.8",
        "ja",
        "サインイン",
        "パスワードをお持ちでない場合",
    ),
    ("ko-KR,ko;q=0.9", "ko", "로그인", "암호가 없으신가요?"),
    (
        "pt-BR,pt;q=0.9,en;q=0.8",
        "pt-BR",
        "Entrar",
        "Não tem senha? Contas criadas",
    ),
    (
        "ru-RU,ru;q=0.9,en;q=0.8",
        "ru",
        "Войти",
        "Нет пароля? Учётные записи",
    ),
    (
        "zh-CN,zh;q=0.9",
        "zh-Hans",
        "登录",
        "没有密码？通过电子邮件验证",
    ),
    (
        "zh-TW,zh;q=0.9,en;q=0.8",
        "zh-Hant",
        "登入",
        "沒有密碼嗎？透過電子郵件驗證",
    ),
    (
        "nl-NL,nl;q=0.9,en;q=0.8",
        "nl",
        "Aanmelden",
        "Geen wachtwoord? Accounts die",
    ),
];

#[tokio::test]
async fn the_login_page_speaks_each_of_the_twelve_languages() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let login_url = server.url(&format!("/{}/login", server.bootstrap().tenant_id));
        for (accept, html_lang, heading, hint) in LANGUAGES {
            let page = server
                .http
                .get(&login_url)
                .header("accept-language", accept)
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), 200, "{accept}");
            let html = page.text().await.unwrap();
            assert!(
                html.contains(&format!("<html lang=\"{html_lang}\">")),
                "{accept}: {html}"
            );
            assert!(
                html.contains(&format!("<h1>{heading}</h1>")),
                "{accept}: {html}"
            );
            assert!(html.contains(hint), "{accept}: {html}");
            if html_lang != "en" {
                assert!(
                    !html.contains("No password?"),
                    "{accept} is English: {html}"
                );
            }
            // The form is the same form in every language.
            assert!(html.contains("id=\"login\" name=\"login\""), "{html}");
            assert!(html.contains("id=\"password\" name=\"password\""), "{html}");
        }
        // No header, or only languages Entente does not speak: English.
        for accept in [None, Some("sv-SE,sv;q=0.9,*;q=0.5")] {
            let mut request = server.http.get(&login_url);
            if let Some(accept) = accept {
                request = request.header("accept-language", accept);
            }
            let html = request.send().await.unwrap().text().await.unwrap();
            assert!(html.contains("<html lang=\"en\">"), "{accept:?}: {html}");
            assert!(html.contains("<h1>Sign in</h1>"), "{accept:?}: {html}");
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_the_browser_language() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        server
            .create_member("dave@contoso.com", "Dave", "dave's long password")
            .await;
        let login_url = server.url(&format!("/{}/login", server.bootstrap().tenant_id));
        let page = server
            .http
            .get(&login_url)
            .header("accept-language", "de-DE,de;q=0.9")
            .send()
            .await
            .unwrap();
        let csrf_cookie = set_cookie_value(&page, "entente_csrf").unwrap();
        let csrf = hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
        let refused = server
            .http
            .post(&login_url)
            .header("cookie", format!("entente_csrf={csrf_cookie}"))
            .header("accept-language", "de-DE,de;q=0.9")
            .form(&[
                ("login", "dave@contoso.com"),
                ("password", "not dave's password"),
                ("csrf", &csrf),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 401);
        let html = refused.text().await.unwrap();
        assert!(html.contains("<html lang=\"de\">"), "{html}");
        assert!(
            html.contains(
                "<p class=\"error\" role=\"alert\" id=\"login-error\">Die E-Mail-Adresse oder \
                 das Passwort ist falsch.</p>"
            ),
            "{html}"
        );
        assert!(!html.contains("incorrect"), "{html}");
        // The typed address stays in the form for the next try.
        assert!(html.contains("value=\"dave@contoso.com\""), "{html}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_account_and_signed_out_pages_keep_their_markup_in_french() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let erin = server
            .create_member("erin@contoso.com", "Erin", "erin's long password")
            .await;
        let login_url = server.url(&format!("/{tenant}/login"));
        let (cookies, landing) = server
            .browser_sign_in(&login_url, &erin.email, &erin.password)
            .await
            .unwrap();
        let account = server
            .http
            .get(server.url(&landing))
            .header("cookie", &cookies)
            .header("accept-language", "fr-CA,fr;q=0.9")
            .send()
            .await
            .unwrap();
        assert_eq!(account.status(), 200);
        let html = account.text().await.unwrap();
        assert!(html.contains("<html lang=\"fr\">"), "{html}");
        assert!(
            html.contains(
                "<p>Session ouverte sur Contoso avec le compte \
                 <strong id=\"upn\">erin@contoso.com</strong>.</p>"
            ),
            "{html}"
        );
        assert!(html.contains(">Se déconnecter</button>"), "{html}");
        let csrf = hidden_field(&html, "csrf").unwrap();
        let signed_out = server
            .http
            .post(server.url(&format!("/{tenant}/logout")))
            .header("cookie", &cookies)
            .header("accept-language", "fr-CA,fr;q=0.9")
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(signed_out.status(), 200);
        let html = signed_out.text().await.unwrap();
        assert!(html.contains("<html lang=\"fr\">"), "{html}");
        assert!(html.contains("<h1>Votre session est fermée</h1>"), "{html}");
        assert!(
            html.contains(&format!(
                "<p>Vous pouvez fermer cette fenêtre ou \
                 <a href=\"/{tenant}/login\">vous reconnecter</a>.</p>"
            )),
            "{html}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn the_admin_portal_speaks_the_browser_language() {
    for backend in backends() {
        let server = TestServer::start_on(backend).await;
        let tenant = server.bootstrap().tenant_id;
        let login_url = server.url(&format!("/{tenant}/login"));
        let (cookies, _) = server
            .browser_sign_in(&login_url, ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .unwrap();
        let invite_url = server.url(&format!("/{tenant}/admin/invite"));
        // The language, the page's heading and its upload button.
        let pages = [
            (
                Some("de-DE,de;q=0.9,en;q=0.8"),
                "de",
                "Partner einladen",
                "Hochladen und prüfen",
            ),
            (
                Some("ja,en-US;q=0.9"),
                "ja",
                "パートナーを招待",
                "アップロードして確認",
            ),
            (None, "en", "Invite partners", "Upload and check"),
        ];
        for (accept, html_lang, heading, upload) in pages {
            let mut request = server.http.get(&invite_url).header("cookie", &cookies);
            if let Some(accept) = accept {
                request = request.header("accept-language", accept);
            }
            let page = request.send().await.unwrap();
            assert_eq!(page.status(), 200, "{accept:?}");
            let html = page.text().await.unwrap();
            assert!(
                html.contains(&format!("<html lang=\"{html_lang}\">")),
                "{accept:?}: {html}"
            );
            assert!(
                html.contains(&format!("<h1>{heading}</h1>")),
                "{accept:?}: {html}"
            );
            assert!(
                html.contains(&format!("<button type=\"submit\">{upload}</button>")),
                "{accept:?}: {html}"
            );
            if html_lang != "en" {
                assert!(!html.contains("Upload and check"), "{accept:?}: {html}");
            }
            // The form is the same form in every language.
            assert!(html.contains("id=\"email\" name=\"email\""), "{html}");
            assert!(html.contains("id=\"file\" name=\"file\""), "{html}");
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn error_pages_speak_the_browser_language() {
    let server = TestServer::start().await;
    let tenant = server.bootstrap().tenant_id;
    let (cookies, _) = server
        .browser_sign_in(
            &server.url(&format!("/{tenant}/login")),
            ADMIN_EMAIL,
            ADMIN_PASSWORD,
        )
        .await
        .unwrap();
    // A page that does not exist, and a form without its token, in three languages.
    let missing = server.url(&format!("/{tenant}/admin/users/not-an-id"));
    let form = server.url(&format!("/{tenant}/admin/groups"));
    let cases = [
        (
            "de-DE,de;q=0.9",
            "de",
            "Nicht gefunden",
            "Formular abgelaufen",
        ),
        ("zh-TW", "zh-Hant", "找不到", "表單已過期"),
        ("en-GB", "en", "Not found", "Form expired"),
    ];
    for (accept, html_lang, not_found, form_expired) in cases {
        let page = server
            .http
            .get(&missing)
            .header("cookie", &cookies)
            .header("accept-language", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 404, "{accept}");
        let html = page.text().await.unwrap();
        assert!(
            html.contains(&format!("<html lang=\"{html_lang}\">")),
            "{html}"
        );
        assert!(
            html.contains(&format!("<h1>{not_found}</h1>")),
            "{accept}: {html}"
        );

        let page = server
            .http
            .post(&form)
            .header("cookie", &cookies)
            .header("accept-language", accept)
            .form(&[("csrf", "forged"), ("display_name", "Partners")])
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 403, "{accept}");
        let html = page.text().await.unwrap();
        assert!(
            html.contains(&format!("<h1>{form_expired}</h1>")),
            "{accept}: {html}"
        );
        if html_lang != "en" {
            assert!(!html.contains("Form expired"), "{accept}: {html}");
        }
    }
    server.stop().await;
}
