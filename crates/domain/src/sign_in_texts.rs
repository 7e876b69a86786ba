//! The words of the sign-in pages in each of Entente's twelve languages.
//!
//! [`SignInTexts`] holds every string of the password and one-time code sign-in pages,
//! the account and signed-out pages, and the second-factor pages (members' and
//! guests'), including the messages the handlers show on them. The pages pick a
//! language from the browser's `Accept-Language`; the invitation pages have their own
//! strings in [`crate::invitations::messages`], whose [`fill`](crate::invitations::messages::fill)
//! puts values into these too.
//!
//! Strings carry their variable parts as `{name}` placeholders and never contain HTML:
//! escaping, and the markup a placeholder stands in for (a link, an emphasised
//! account name), are the renderer's job. Every language has every string; there is
//! no fallback to English.

use crate::invitations::Language;

/// Strings of the sign-in pages; placeholders in braces.
///
/// The placeholders are `{tenant}` (the tenant's display name), `{email}`, `{minutes}`,
/// `{seconds}`, and two that mark where the page puts markup: `{account}` (the signed-in
/// account, emphasised) and `{link}` (the sign-in link, whose text is `sign_in_again`).
/// Each string has the same placeholders in every language.
#[derive(Debug)]
pub struct SignInTexts {
    /// The BCP 47 tag for `<html lang>` ("en", "pt-BR", "zh-Hans"), as in `PageTexts`.
    pub html_lang: &'static str,
    /// "Sign in"
    pub sign_in: &'static str,
    /// "to {tenant}", under the sign-in heading.
    pub sign_in_to: &'static str,
    /// "Email address"
    pub email_label: &'static str,
    /// "Password"
    pub password_label: &'static str,
    /// "No password? Accounts made by email verification get a code by email instead."
    pub no_password_hint: &'static str,
    /// "The email address or password is incorrect."
    pub password_incorrect: &'static str,
    /// "Too many failed attempts. Try again in {seconds} seconds."
    pub too_many_attempts: &'static str,
    /// "The service is busy. Try again in a moment."
    pub busy: &'static str,
    /// "Your account"
    pub account_title: &'static str,
    /// "Signed in to {tenant} as {account}."
    pub signed_in_as: &'static str,
    /// "Set up an authenticator app"
    pub set_up_app: &'static str,
    /// "Sign out"
    pub sign_out: &'static str,
    /// "Signed out", the signed-out page's title.
    pub signed_out_title: &'static str,
    /// "You have signed out"
    pub signed_out_heading: &'static str,
    /// "You can close this window, or {link}."
    pub signed_out_next: &'static str,
    /// "sign in again", the text of `{link}` in `signed_out_next`.
    pub sign_in_again: &'static str,
    /// "Enter code"
    pub enter_code: &'static str,
    /// "to sign in to {tenant}", under the code heading.
    pub code_sign_in_to: &'static str,
    /// "If {email} has an account, we have sent a code to it. The code works for {minutes} minutes."
    pub code_sent: &'static str,
    /// "Code"
    pub code_label: &'static str,
    /// "Send a new code"
    pub send_new_code: &'static str,
    /// "Too many codes were asked for. Try again in {minutes} min.", the wait
    /// `Retry-After` gives, rounded up to whole minutes.
    pub too_many_codes: &'static str,
    /// "The code is wrong or has expired. Try again, or send a new code."
    pub code_wrong: &'static str,
    /// "Verify your identity"
    pub verify_identity: &'static str,
    /// "Enter the 6-digit code from your authenticator app."
    pub enter_app_code: &'static str,
    /// "Verify"
    pub verify: &'static str,
    /// "Use a recovery code instead"
    pub use_recovery_code_instead: &'static str,
    /// "Use a recovery code"
    pub use_recovery_code: &'static str,
    /// "Each recovery code works once."
    pub recovery_code_once: &'static str,
    /// "Recovery code"
    pub recovery_code_label: &'static str,
    /// "Use a code from your authenticator app instead"
    pub use_app_code_instead: &'static str,
    /// "{tenant} asks for a code from an authenticator app when you sign in. Add this
    /// account to your app with the link or the key below, then enter the code the app shows."
    pub enrol_intro: &'static str,
    /// "Setup link (otpauth URI)"
    pub setup_link_label: &'static str,
    /// "Key for manual entry (time-based, 6 digits, 30 seconds)"
    pub manual_key_label: &'static str,
    /// "Code from the app"
    pub app_code_label: &'static str,
    /// "Confirm"
    pub confirm: &'static str,
    /// "Your recovery codes", the recovery codes page's title.
    pub recovery_codes_title: &'static str,
    /// "Your authenticator app is set up"
    pub app_ready: &'static str,
    /// "If you lose your device, each of these recovery codes lets you sign in once.
    /// Store them somewhere safe now: they are not shown again."
    pub recovery_codes_intro: &'static str,
    /// "Continue"
    pub continue_label: &'static str,
    /// "Authenticator app"
    pub app_title: &'static str,
    /// "An authenticator app is set up for your account. To move to a new device, remove
    /// it here and set up the new one."
    pub manage_intro: &'static str,
    /// "Remove the authenticator app"
    pub remove_app: &'static str,
    /// "Back to your account"
    pub back_to_account: &'static str,
    /// "{tenant} asks guests for a second factor. Enter the 6-digit code from the
    /// authenticator app you set up for {tenant}."
    pub guest_code_intro: &'static str,
    /// "Lost the app? Ask an administrator of {tenant} to reset it."
    pub guest_lost_app: &'static str,
    /// "{tenant} asks guests for a code from an authenticator app when they sign in. Add
    /// this account to your app with the link or the key below, then enter the code the
    /// app shows. The app belongs to your guest account at {tenant}, which can reset it."
    pub guest_enrol_intro: &'static str,
    /// "The code is incorrect or was already used."
    pub code_incorrect: &'static str,
    /// "The recovery code is incorrect or was already used."
    pub recovery_code_incorrect: &'static str,
    /// "The code does not match. Check the key in your app and try again."
    pub code_mismatch: &'static str,
    /// "Sign out of {tenant}?", the heading of the page that asks before an
    /// application's sign-out request ends the session.
    pub sign_out_question: &'static str,
    /// "An application asked to sign you out. Sign out only if you started this;
    /// otherwise close this page."
    pub sign_out_confirm_intro: &'static str,
    /// "To sign in, use a web browser to open the page {url} and enter the code {code}
    /// to authenticate.", the `message` of a device authorization response (which
    /// MSAL's samples print), with the verification page and the user code.
    pub device_code_message: &'static str,
    /// "Enter your work email address to find your organization."
    pub find_organization_intro: &'static str,
    /// "Continue"
    pub find_organization: &'static str,
    /// "No organization here uses the domain of {address}. Check the address, or open the link your organization sent you."
    pub no_organization: &'static str,
    /// "Entente is not set up yet: open the setup link printed in the server's log."
    pub not_set_up: &'static str,
    /// "Admin portal"
    pub admin_portal: &'static str,
    /// "My Apps"
    pub my_apps: &'static str,
    /// "Enter your password.", for an empty password where no other way of signing in
    /// (a partner's provider, an email code) applies to the address.
    pub password_required: &'static str,
}

/// The strings of the sign-in pages in `language`.
pub fn sign_in_texts(language: Language) -> &'static SignInTexts {
    match language {
        Language::En => &SIGN_IN_EN,
        Language::De => &SIGN_IN_DE,
        Language::Es => &SIGN_IN_ES,
        Language::Fr => &SIGN_IN_FR,
        Language::It => &SIGN_IN_IT,
        Language::Ja => &SIGN_IN_JA,
        Language::Ko => &SIGN_IN_KO,
        Language::PtBr => &SIGN_IN_PT_BR,
        Language::Ru => &SIGN_IN_RU,
        Language::ZhHans => &SIGN_IN_ZH_HANS,
        Language::ZhHant => &SIGN_IN_ZH_HANT,
        Language::Nl => &SIGN_IN_NL,
    }
}

// The translations use the register and the words of the invitation pages
// (`invitations::messages`): Sie, usted, vous, u, вы, 您 in Traditional Chinese,
// 합니다체 and です/ます; tu in Italian, você, 你 in Simplified Chinese. Sentences avoid
// gendered forms of the reader and of administrators. Russian abbreviates units
// ("{seconds} с", "{minutes} мин.") because the full words would need three plural
// forms; French puts a no-break space before a colon and between a number and its unit.
// `too_many_codes` abbreviates "minutes" in every language that inflects it, since the
// wait may be a single minute.

const SIGN_IN_EN: SignInTexts = SignInTexts {
    html_lang: "en",
    sign_in: "Sign in",
    sign_in_to: "to {tenant}",
    email_label: "Email address",
    password_label: "Password",
    no_password_hint: "No password? Accounts made by email verification get a code by email instead.",
    password_incorrect: "The email address or password is incorrect.",
    too_many_attempts: "Too many failed attempts. Try again in {seconds} seconds.",
    busy: "The service is busy. Try again in a moment.",
    account_title: "Your account",
    signed_in_as: "Signed in to {tenant} as {account}.",
    set_up_app: "Set up an authenticator app",
    sign_out: "Sign out",
    signed_out_title: "Signed out",
    signed_out_heading: "You have signed out",
    signed_out_next: "You can close this window, or {link}.",
    sign_in_again: "sign in again",
    enter_code: "Enter code",
    code_sign_in_to: "to sign in to {tenant}",
    code_sent: "If {email} has an account, we have sent a code to it. The code works for {minutes} minutes.",
    code_label: "Code",
    send_new_code: "Send a new code",
    too_many_codes: "Too many codes were asked for. Try again in {minutes} min.",
    code_wrong: "The code is wrong or has expired. Try again, or send a new code.",
    verify_identity: "Verify your identity",
    enter_app_code: "Enter the 6-digit code from your authenticator app.",
    verify: "Verify",
    use_recovery_code_instead: "Use a recovery code instead",
    use_recovery_code: "Use a recovery code",
    recovery_code_once: "Each recovery code works once.",
    recovery_code_label: "Recovery code",
    use_app_code_instead: "Use a code from your authenticator app instead",
    enrol_intro: "{tenant} asks for a code from an authenticator app when you sign in. Add this account to your app with the link or the key below, then enter the code the app shows.",
    setup_link_label: "Setup link (otpauth URI)",
    manual_key_label: "Key for manual entry (time-based, 6 digits, 30 seconds)",
    app_code_label: "Code from the app",
    confirm: "Confirm",
    recovery_codes_title: "Your recovery codes",
    app_ready: "Your authenticator app is set up",
    recovery_codes_intro: "If you lose your device, each of these recovery codes lets you sign in once. Store them somewhere safe now: they are not shown again.",
    continue_label: "Continue",
    app_title: "Authenticator app",
    manage_intro: "An authenticator app is set up for your account. To move to a new device, remove it here and set up the new one.",
    remove_app: "Remove the authenticator app",
    back_to_account: "Back to your account",
    guest_code_intro: "{tenant} asks guests for a second factor. Enter the 6-digit code from the authenticator app you set up for {tenant}.",
    guest_lost_app: "Lost the app? Ask an administrator of {tenant} to reset it.",
    guest_enrol_intro: "{tenant} asks guests for a code from an authenticator app when they sign in. Add this account to your app with the link or the key below, then enter the code the app shows. The app belongs to your guest account at {tenant}, which can reset it.",
    code_incorrect: "The code is incorrect or was already used.",
    recovery_code_incorrect: "The recovery code is incorrect or was already used.",
    code_mismatch: "The code does not match. Check the key in your app and try again.",
    sign_out_question: "Sign out of {tenant}?",
    sign_out_confirm_intro: "An application asked to sign you out. Sign out only if you started this; otherwise close this page.",
    device_code_message: "To sign in, use a web browser to open the page {url} and enter the code {code} to authenticate.",
    find_organization_intro: "Enter your work email address to find your organization.",
    find_organization: "Continue",
    no_organization: "No organization here uses the domain of {address}. Check the address, or open the link your organization sent you.",
    not_set_up: "Entente is not set up yet: open the setup link printed in the server's log.",
    admin_portal: "Admin portal",
    my_apps: "My Apps",
    password_required: "Enter your password.",
};

const SIGN_IN_DE: SignInTexts = SignInTexts {
    html_lang: "de",
    sign_in: "Anmelden",
    sign_in_to: "bei {tenant}",
    email_label: "E-Mail-Adresse",
    password_label: "Passwort",
    no_password_hint: "Kein Passwort? Konten, die per E-Mail-Bestätigung erstellt wurden, erhalten stattdessen einen Code per E-Mail.",
    password_incorrect: "Die E-Mail-Adresse oder das Passwort ist falsch.",
    too_many_attempts: "Zu viele fehlgeschlagene Versuche. Versuchen Sie es in {seconds} Sekunden erneut.",
    busy: "Der Dienst ist gerade ausgelastet. Versuchen Sie es gleich noch einmal.",
    account_title: "Ihr Konto",
    signed_in_as: "Bei {tenant} angemeldet als {account}.",
    set_up_app: "Authenticator-App einrichten",
    sign_out: "Abmelden",
    signed_out_title: "Abgemeldet",
    signed_out_heading: "Sie haben sich abgemeldet",
    signed_out_next: "Sie können dieses Fenster jetzt schließen oder {link}.",
    sign_in_again: "sich erneut anmelden",
    enter_code: "Code eingeben",
    code_sign_in_to: "zur Anmeldung bei {tenant}",
    code_sent: "Falls für {email} ein Konto besteht, haben wir einen Code an diese Adresse gesendet. Der Code ist {minutes} Minuten lang gültig.",
    code_label: "Code",
    send_new_code: "Neuen Code senden",
    too_many_codes: "Es wurden zu viele Codes angefordert. Versuchen Sie es in {minutes} Min. erneut.",
    code_wrong: "Der Code ist falsch oder abgelaufen. Versuchen Sie es erneut oder fordern Sie einen neuen Code an.",
    verify_identity: "Identität bestätigen",
    enter_app_code: "Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein.",
    verify: "Bestätigen",
    use_recovery_code_instead: "Stattdessen einen Wiederherstellungscode verwenden",
    use_recovery_code: "Wiederherstellungscode verwenden",
    recovery_code_once: "Jeder Wiederherstellungscode funktioniert nur einmal.",
    recovery_code_label: "Wiederherstellungscode",
    use_app_code_instead: "Stattdessen einen Code aus Ihrer Authenticator-App verwenden",
    enrol_intro: "{tenant} verlangt bei der Anmeldung einen Code aus einer Authenticator-App. Fügen Sie dieses Konto mit dem Link oder dem Schlüssel unten zu Ihrer App hinzu und geben Sie dann den Code ein, den die App anzeigt.",
    setup_link_label: "Einrichtungslink (otpauth-URI)",
    manual_key_label: "Schlüssel zur manuellen Eingabe (zeitbasiert, 6 Ziffern, 30 Sekunden)",
    app_code_label: "Code aus der App",
    confirm: "Bestätigen",
    recovery_codes_title: "Ihre Wiederherstellungscodes",
    app_ready: "Ihre Authenticator-App ist eingerichtet",
    recovery_codes_intro: "Falls Sie Ihr Gerät verlieren, können Sie sich mit jedem dieser Wiederherstellungscodes einmal anmelden. Bewahren Sie sie jetzt an einem sicheren Ort auf: Sie werden nicht noch einmal angezeigt.",
    continue_label: "Weiter",
    app_title: "Authenticator-App",
    manage_intro: "Für Ihr Konto ist eine Authenticator-App eingerichtet. Um auf ein neues Gerät zu wechseln, entfernen Sie sie hier und richten Sie dann die neue ein.",
    remove_app: "Authenticator-App entfernen",
    back_to_account: "Zurück zu Ihrem Konto",
    guest_code_intro: "{tenant} verlangt von Gästen einen zweiten Faktor. Geben Sie den 6-stelligen Code aus der Authenticator-App ein, die Sie für {tenant} eingerichtet haben.",
    guest_lost_app: "App verloren? Bitten Sie die Administration von {tenant}, sie zurückzusetzen.",
    guest_enrol_intro: "{tenant} verlangt von Gästen bei der Anmeldung einen Code aus einer Authenticator-App. Fügen Sie dieses Konto mit dem Link oder dem Schlüssel unten zu Ihrer App hinzu und geben Sie dann den Code ein, den die App anzeigt. Die App gehört zu Ihrem Gastkonto bei {tenant}, wo sie auch zurückgesetzt werden kann.",
    code_incorrect: "Der Code ist falsch oder wurde bereits verwendet.",
    recovery_code_incorrect: "Der Wiederherstellungscode ist falsch oder wurde bereits verwendet.",
    code_mismatch: "Der Code stimmt nicht. Prüfen Sie den Schlüssel in Ihrer App und versuchen Sie es erneut.",
    sign_out_question: "Von {tenant} abmelden?",
    sign_out_confirm_intro: "Eine Anwendung hat Ihre Abmeldung angefordert. Melden Sie sich nur ab, wenn Sie das veranlasst haben; andernfalls schließen Sie diese Seite.",
    device_code_message: "Um sich anzumelden, öffnen Sie die Seite {url} in einem Webbrowser und geben Sie den Code {code} ein.",
    find_organization_intro: "Geben Sie Ihre geschäftliche E-Mail-Adresse ein, um Ihre Organisation zu finden.",
    find_organization: "Weiter",
    no_organization: "Keine Organisation hier verwendet die Domäne von {address}. Prüfen Sie die Adresse oder öffnen Sie den Link, den Ihre Organisation Ihnen gesendet hat.",
    not_set_up: "Entente ist noch nicht eingerichtet: Öffnen Sie den Einrichtungslink aus dem Serverprotokoll.",
    admin_portal: "Verwaltungsportal",
    my_apps: "Meine Apps",
    password_required: "Geben Sie Ihr Kennwort ein.",
};

const SIGN_IN_ES: SignInTexts = SignInTexts {
    html_lang: "es",
    sign_in: "Iniciar sesión",
    sign_in_to: "en {tenant}",
    email_label: "Dirección de correo electrónico",
    password_label: "Contraseña",
    no_password_hint: "¿No tiene contraseña? Las cuentas creadas mediante verificación por correo electrónico reciben un código por correo en su lugar.",
    password_incorrect: "La dirección de correo electrónico o la contraseña no son correctas.",
    too_many_attempts: "Demasiados intentos fallidos. Vuelva a intentarlo dentro de {seconds} segundos.",
    busy: "El servicio está ocupado. Vuelva a intentarlo en unos instantes.",
    account_title: "Su cuenta",
    signed_in_as: "Ha iniciado sesión en {tenant} como {account}.",
    set_up_app: "Configurar una aplicación de autenticación",
    sign_out: "Cerrar sesión",
    signed_out_title: "Sesión cerrada",
    signed_out_heading: "Ha cerrado la sesión",
    signed_out_next: "Puede cerrar esta ventana o {link}.",
    sign_in_again: "volver a iniciar sesión",
    enter_code: "Introducir código",
    code_sign_in_to: "para iniciar sesión en {tenant}",
    code_sent: "Si existe una cuenta para {email}, hemos enviado un código a esa dirección. El código es válido durante {minutes} minutos.",
    code_label: "Código",
    send_new_code: "Enviar un código nuevo",
    too_many_codes: "Se han solicitado demasiados códigos. Vuelva a intentarlo dentro de {minutes} min.",
    code_wrong: "El código es incorrecto o ha caducado. Vuelva a intentarlo o solicite un código nuevo.",
    verify_identity: "Verifique su identidad",
    enter_app_code: "Introduzca el código de 6 dígitos de su aplicación de autenticación.",
    verify: "Verificar",
    use_recovery_code_instead: "Usar un código de recuperación en su lugar",
    use_recovery_code: "Usar un código de recuperación",
    recovery_code_once: "Cada código de recuperación solo se puede usar una vez.",
    recovery_code_label: "Código de recuperación",
    use_app_code_instead: "Usar un código de su aplicación de autenticación en su lugar",
    enrol_intro: "{tenant} solicita un código de una aplicación de autenticación al iniciar sesión. Añada esta cuenta a su aplicación con el enlace o la clave que aparecen a continuación y, después, introduzca el código que muestre la aplicación.",
    setup_link_label: "Enlace de configuración (URI otpauth)",
    manual_key_label: "Clave para introducir manualmente (basada en el tiempo, 6 dígitos, 30 segundos)",
    app_code_label: "Código de la aplicación",
    confirm: "Confirmar",
    recovery_codes_title: "Sus códigos de recuperación",
    app_ready: "Su aplicación de autenticación está configurada",
    recovery_codes_intro: "Si pierde su dispositivo, cada uno de estos códigos de recuperación le permite iniciar sesión una vez. Guárdelos ahora en un lugar seguro: no se volverán a mostrar.",
    continue_label: "Continuar",
    app_title: "Aplicación de autenticación",
    manage_intro: "Su cuenta tiene configurada una aplicación de autenticación. Para pasar a un dispositivo nuevo, quítela aquí y configure la del dispositivo nuevo.",
    remove_app: "Quitar la aplicación de autenticación",
    back_to_account: "Volver a su cuenta",
    guest_code_intro: "{tenant} pide a los invitados un segundo factor. Introduzca el código de 6 dígitos de la aplicación de autenticación que configuró para {tenant}.",
    guest_lost_app: "¿Ha perdido la aplicación? Pida al equipo de administración de {tenant} que la restablezca.",
    guest_enrol_intro: "{tenant} pide a los invitados un código de una aplicación de autenticación al iniciar sesión. Añada esta cuenta a su aplicación con el enlace o la clave que aparecen a continuación y, después, introduzca el código que muestre la aplicación. La aplicación queda vinculada a su cuenta de invitado en {tenant}, que puede restablecerla.",
    code_incorrect: "El código es incorrecto o ya se ha usado.",
    recovery_code_incorrect: "El código de recuperación es incorrecto o ya se ha usado.",
    code_mismatch: "El código no coincide. Compruebe la clave en su aplicación y vuelva a intentarlo.",
    sign_out_question: "¿Cerrar sesión en {tenant}?",
    sign_out_confirm_intro: "Una aplicación ha pedido cerrar su sesión. Ciérrela solo si lo ha solicitado usted; si no, cierre esta página.",
    device_code_message: "Para iniciar sesión, abra la página {url} en un explorador web y escriba el código {code} para autenticarse.",
    find_organization_intro: "Escriba su dirección de correo electrónico profesional para encontrar su organización.",
    find_organization: "Continuar",
    no_organization: "Ninguna organización de aquí usa el dominio de {address}. Compruebe la dirección o abra el vínculo que le envió su organización.",
    not_set_up: "Entente aún no está configurado: abra el vínculo de configuración que aparece en el registro del servidor.",
    admin_portal: "Portal de administración",
    my_apps: "Mis aplicaciones",
    password_required: "Escriba su contraseña.",
};

const SIGN_IN_FR: SignInTexts = SignInTexts {
    html_lang: "fr",
    sign_in: "Se connecter",
    sign_in_to: "à {tenant}",
    email_label: "Adresse e-mail",
    password_label: "Mot de passe",
    no_password_hint: "Pas de mot de passe\u{a0}? Les comptes créés par vérification de l’adresse e-mail reçoivent plutôt un code par e-mail.",
    password_incorrect: "L’adresse e-mail ou le mot de passe est incorrect.",
    too_many_attempts: "Trop de tentatives infructueuses. Réessayez dans {seconds}\u{a0}secondes.",
    busy: "Le service est surchargé. Réessayez dans un instant.",
    account_title: "Votre compte",
    signed_in_as: "Session ouverte sur {tenant} avec le compte {account}.",
    set_up_app: "Configurer une application d’authentification",
    sign_out: "Se déconnecter",
    signed_out_title: "Déconnexion",
    signed_out_heading: "Votre session est fermée",
    signed_out_next: "Vous pouvez fermer cette fenêtre ou {link}.",
    sign_in_again: "vous reconnecter",
    enter_code: "Saisir le code",
    code_sign_in_to: "pour vous connecter à {tenant}",
    code_sent: "Si un compte existe pour {email}, nous y avons envoyé un code. Le code est valable {minutes}\u{a0}minutes.",
    code_label: "Code",
    send_new_code: "Envoyer un nouveau code",
    too_many_codes: "Trop de codes ont été demandés. Réessayez dans {minutes}\u{a0}min.",
    code_wrong: "Ce code est incorrect ou a expiré. Réessayez ou demandez un nouveau code.",
    verify_identity: "Vérifiez votre identité",
    enter_app_code: "Saisissez le code à 6\u{a0}chiffres de votre application d’authentification.",
    verify: "Vérifier",
    use_recovery_code_instead: "Utiliser plutôt un code de récupération",
    use_recovery_code: "Utiliser un code de récupération",
    recovery_code_once: "Chaque code de récupération ne fonctionne qu’une seule fois.",
    recovery_code_label: "Code de récupération",
    use_app_code_instead: "Utiliser plutôt un code de votre application d’authentification",
    enrol_intro: "{tenant} demande un code issu d’une application d’authentification lors de la connexion. Ajoutez ce compte à votre application à l’aide du lien ou de la clé ci-dessous, puis saisissez le code qu’elle affiche.",
    setup_link_label: "Lien de configuration (URI otpauth)",
    manual_key_label: "Clé à saisir manuellement (basée sur le temps, 6\u{a0}chiffres, 30\u{a0}secondes)",
    app_code_label: "Code affiché par l’application",
    confirm: "Confirmer",
    recovery_codes_title: "Vos codes de récupération",
    app_ready: "Votre application d’authentification est configurée",
    recovery_codes_intro: "Si vous perdez votre appareil, chacun de ces codes de récupération vous permet de vous connecter une fois. Conservez-les dès maintenant en lieu sûr\u{a0}: ils ne seront plus affichés.",
    continue_label: "Continuer",
    app_title: "Application d’authentification",
    manage_intro: "Une application d’authentification est configurée pour votre compte. Pour passer à un nouvel appareil, supprimez-la ici, puis configurez celle du nouvel appareil.",
    remove_app: "Supprimer l’application d’authentification",
    back_to_account: "Retour à votre compte",
    guest_code_intro: "{tenant} demande un second facteur aux invités. Saisissez le code à 6\u{a0}chiffres de l’application d’authentification que vous avez configurée pour {tenant}.",
    guest_lost_app: "Vous avez perdu l’application\u{a0}? Demandez à l’équipe d’administration {de:tenant} de la réinitialiser.",
    guest_enrol_intro: "{tenant} demande aux invités un code issu d’une application d’authentification lors de la connexion. Ajoutez ce compte à votre application à l’aide du lien ou de la clé ci-dessous, puis saisissez le code qu’elle affiche. L’application est liée à votre compte invité chez {tenant}, qui peut la réinitialiser.",
    code_incorrect: "Ce code est incorrect ou a déjà été utilisé.",
    recovery_code_incorrect: "Ce code de récupération est incorrect ou a déjà été utilisé.",
    code_mismatch: "Le code ne correspond pas. Vérifiez la clé dans votre application et réessayez.",
    sign_out_question: "Se déconnecter {de:tenant} ?",
    sign_out_confirm_intro: "Une application a demandé votre déconnexion. Ne vous déconnectez que si vous en êtes à l’origine ; sinon, fermez cette page.",
    device_code_message: "Pour vous connecter, ouvrez la page {url} dans un navigateur web et entrez le code {code} pour vous authentifier.",
    find_organization_intro: "Saisissez votre adresse e-mail professionnelle pour trouver votre organisation.",
    find_organization: "Continuer",
    no_organization: "Aucune organisation ici n’utilise le domaine {de:address}. Vérifiez l’adresse ou ouvrez le lien envoyé par votre organisation.",
    not_set_up: "Entente n’est pas encore configuré : ouvrez le lien de configuration affiché dans le journal du serveur.",
    admin_portal: "Portail d’administration",
    my_apps: "Mes applications",
    password_required: "Saisissez votre mot de passe.",
};

const SIGN_IN_IT: SignInTexts = SignInTexts {
    html_lang: "it",
    sign_in: "Accedi",
    sign_in_to: "a {tenant}",
    email_label: "Indirizzo email",
    // Italian uses the English word.
    password_label: "Password",
    no_password_hint: "Non hai una password? Gli account creati tramite verifica dell’email ricevono invece un codice via email.",
    password_incorrect: "L’indirizzo email o la password non sono corretti.",
    too_many_attempts: "Troppi tentativi non riusciti. Riprova tra {seconds} secondi.",
    busy: "Il servizio è occupato. Riprova tra qualche istante.",
    account_title: "Il tuo account",
    signed_in_as: "Hai effettuato l’accesso a {tenant} come {account}.",
    set_up_app: "Configura un’app di autenticazione",
    sign_out: "Esci",
    signed_out_title: "Uscita effettuata",
    signed_out_heading: "Hai effettuato la disconnessione",
    signed_out_next: "Puoi chiudere questa finestra oppure {link}.",
    sign_in_again: "accedere di nuovo",
    enter_code: "Inserisci il codice",
    code_sign_in_to: "per accedere a {tenant}",
    code_sent: "Se esiste un account per {email}, abbiamo inviato un codice a questo indirizzo. Il codice è valido per {minutes} minuti.",
    code_label: "Codice",
    send_new_code: "Invia un nuovo codice",
    too_many_codes: "Sono stati richiesti troppi codici. Riprova tra {minutes} min.",
    code_wrong: "Il codice è errato o è scaduto. Riprova oppure richiedi un nuovo codice.",
    verify_identity: "Verifica la tua identità",
    enter_app_code: "Inserisci il codice a 6 cifre della tua app di autenticazione.",
    verify: "Verifica",
    use_recovery_code_instead: "Usa invece un codice di recupero",
    use_recovery_code: "Usa un codice di recupero",
    recovery_code_once: "Ogni codice di recupero funziona una sola volta.",
    recovery_code_label: "Codice di recupero",
    use_app_code_instead: "Usa invece un codice della tua app di autenticazione",
    enrol_intro: "{tenant} richiede un codice di un’app di autenticazione quando accedi. Aggiungi questo account alla tua app con il link o la chiave qui sotto, poi inserisci il codice mostrato dall’app.",
    setup_link_label: "Link di configurazione (URI otpauth)",
    manual_key_label: "Chiave da inserire manualmente (basata sul tempo, 6 cifre, 30 secondi)",
    app_code_label: "Codice dell’app",
    confirm: "Conferma",
    recovery_codes_title: "I tuoi codici di recupero",
    app_ready: "La tua app di autenticazione è configurata",
    recovery_codes_intro: "Se perdi il dispositivo, ognuno di questi codici di recupero ti permette di accedere una volta. Conservali subito in un luogo sicuro: non verranno mostrati di nuovo.",
    continue_label: "Continua",
    app_title: "App di autenticazione",
    manage_intro: "Per il tuo account è configurata un’app di autenticazione. Per passare a un nuovo dispositivo, rimuovila qui e configura quella nuova.",
    remove_app: "Rimuovi l’app di autenticazione",
    back_to_account: "Torna al tuo account",
    guest_code_intro: "{tenant} richiede agli ospiti un secondo fattore. Inserisci il codice a 6 cifre dell’app di autenticazione che hai configurato per {tenant}.",
    guest_lost_app: "Hai perso l’app? Chiedi agli amministratori di {tenant} di reimpostarla.",
    guest_enrol_intro: "{tenant} richiede agli ospiti un codice di un’app di autenticazione quando accedono. Aggiungi questo account alla tua app con il link o la chiave qui sotto, poi inserisci il codice mostrato dall’app. L’app è legata al tuo account ospite presso {tenant}, che può reimpostarla.",
    code_incorrect: "Il codice è errato o è già stato usato.",
    recovery_code_incorrect: "Il codice di recupero è errato o è già stato usato.",
    code_mismatch: "Il codice non corrisponde. Controlla la chiave nella tua app e riprova.",
    sign_out_question: "Uscire da {tenant}?",
    sign_out_confirm_intro: "Un’applicazione ha chiesto di disconnetterti. Esci solo se l’hai richiesto tu; altrimenti chiudi questa pagina.",
    device_code_message: "Per accedere, apri la pagina {url} in un browser web e inserisci il codice {code} per l'autenticazione.",
    find_organization_intro: "Inserisci il tuo indirizzo e-mail di lavoro per trovare la tua organizzazione.",
    find_organization: "Continua",
    no_organization: "Nessuna organizzazione qui usa il dominio di {address}. Controlla l'indirizzo o apri il link che ti ha inviato la tua organizzazione.",
    not_set_up: "Entente non è ancora configurato: apri il link di configurazione riportato nel log del server.",
    admin_portal: "Portale di amministrazione",
    my_apps: "Le mie app",
    password_required: "Inserisci la password.",
};

const SIGN_IN_JA: SignInTexts = SignInTexts {
    html_lang: "ja",
    sign_in: "サインイン",
    sign_in_to: "{tenant} にサインイン",
    email_label: "メール アドレス",
    password_label: "パスワード",
    no_password_hint: "パスワードをお持ちでない場合: メール アドレスの確認で作成したアカウントには、パスワードの代わりにメールでコードが届きます。",
    password_incorrect: "メール アドレスまたはパスワードが正しくありません。",
    too_many_attempts: "失敗した試行が多すぎます。{seconds} 秒後にもう一度お試しください。",
    busy: "サービスが混み合っています。しばらくしてからもう一度お試しください。",
    account_title: "アカウント",
    signed_in_as: "{account} として {tenant} にサインインしています。",
    set_up_app: "認証アプリの設定",
    sign_out: "サインアウト",
    signed_out_title: "サインアウト済み",
    signed_out_heading: "サインアウトしました",
    signed_out_next: "このウィンドウを閉じるか、{link}ことができます。",
    sign_in_again: "もう一度サインインする",
    enter_code: "コードの入力",
    code_sign_in_to: "{tenant} へのサインイン用",
    code_sent: "{email} のアカウントが存在する場合は、そのアドレスにコードを送信しました。コードの有効期間は {minutes} 分です。",
    code_label: "コード",
    send_new_code: "新しいコードを送信",
    too_many_codes: "コードのリクエストが多すぎます。{minutes} 分後にもう一度お試しください。",
    code_wrong: "コードが正しくないか、有効期限が切れています。もう一度お試しいただくか、新しいコードを送信してください。",
    verify_identity: "本人確認",
    enter_app_code: "認証アプリに表示される 6 桁のコードを入力してください。",
    verify: "確認",
    use_recovery_code_instead: "代わりに回復コードを使用する",
    use_recovery_code: "回復コードの使用",
    recovery_code_once: "各回復コードは 1 回だけ使用できます。",
    recovery_code_label: "回復コード",
    use_app_code_instead: "代わりに認証アプリのコードを使用する",
    enrol_intro: "{tenant} では、サインイン時に認証アプリのコードが必要です。下のリンクまたはキーを使ってこのアカウントをアプリに追加し、アプリに表示されたコードを入力してください。",
    setup_link_label: "セットアップ リンク (otpauth URI)",
    manual_key_label: "手動入力用のキー (時間ベース、6 桁、30 秒)",
    app_code_label: "アプリに表示されたコード",
    confirm: "確定",
    recovery_codes_title: "回復コード",
    app_ready: "認証アプリの設定が完了しました",
    recovery_codes_intro: "デバイスを紛失した場合は、これらの回復コードでそれぞれ 1 回ずつサインインできます。今すぐ安全な場所に保管してください。これらのコードは再表示されません。",
    continue_label: "続行",
    app_title: "認証アプリ",
    manage_intro: "お客様のアカウントには認証アプリが設定されています。新しいデバイスに移行するには、ここでアプリを削除してから、新しいデバイスで設定してください。",
    remove_app: "認証アプリを削除",
    back_to_account: "アカウントに戻る",
    guest_code_intro: "{tenant} では、ゲストに 2 つ目の認証要素を求めています。{tenant} 用に設定した認証アプリに表示される 6 桁のコードを入力してください。",
    guest_lost_app: "アプリを紛失した場合は、{tenant} の管理者にリセットを依頼してください。",
    guest_enrol_intro: "{tenant} では、ゲストのサインイン時に認証アプリのコードが必要です。下のリンクまたはキーを使ってこのアカウントをアプリに追加し、アプリに表示されたコードを入力してください。このアプリは {tenant} のゲスト アカウントに関連付けられ、{tenant} がリセットできます。",
    code_incorrect: "コードが正しくないか、既に使用されています。",
    recovery_code_incorrect: "回復コードが正しくないか、既に使用されています。",
    code_mismatch: "コードが一致しません。アプリのキーを確認して、もう一度お試しください。",
    sign_out_question: "{tenant} からサインアウトしますか?",
    sign_out_confirm_intro: "アプリケーションからサインアウトが要求されました。ご自身で操作した場合にのみサインアウトしてください。心当たりがない場合は、このページを閉じてください。",
    device_code_message: "サインインするには、Web ブラウザーでページ {url} を開き、コード {code} を入力して認証してください。",
    find_organization_intro: "組織を見つけるには、職場のメール アドレスを入力してください。",
    find_organization: "続行",
    no_organization: "{address} のドメインを使用している組織はここにはありません。アドレスを確認するか、組織から送られたリンクを開いてください。",
    not_set_up: "Entente はまだセットアップされていません。サーバーのログに表示されたセットアップ リンクを開いてください。",
    admin_portal: "管理ポータル",
    my_apps: "マイ アプリ",
    password_required: "パスワードを入力してください。",
};

const SIGN_IN_KO: SignInTexts = SignInTexts {
    html_lang: "ko",
    sign_in: "로그인",
    sign_in_to: "{tenant}에 로그인",
    email_label: "이메일 주소",
    password_label: "비밀번호",
    no_password_hint: "비밀번호가 없으신가요? 이메일 인증으로 만든 계정은 비밀번호 대신 이메일로 코드를 받습니다.",
    password_incorrect: "이메일 주소 또는 비밀번호가 올바르지 않습니다.",
    too_many_attempts: "실패한 시도가 너무 많습니다. {seconds}초 후에 다시 시도하세요.",
    busy: "서비스 요청이 많습니다. 잠시 후 다시 시도하세요.",
    account_title: "내 계정",
    signed_in_as: "{account} 계정으로 {tenant}에 로그인되어 있습니다.",
    set_up_app: "인증 앱 설정",
    sign_out: "로그아웃",
    signed_out_title: "로그아웃됨",
    signed_out_heading: "로그아웃되었습니다",
    signed_out_next: "이 창을 닫거나 {link}할 수 있습니다.",
    sign_in_again: "다시 로그인",
    enter_code: "코드 입력",
    code_sign_in_to: "{tenant} 로그인용",
    code_sent: "{email} 계정이 있으면 해당 주소로 코드를 보냈습니다. 코드는 {minutes}분 동안 유효합니다.",
    code_label: "코드",
    send_new_code: "새 코드 보내기",
    too_many_codes: "코드 요청이 너무 많습니다. {minutes}분 후에 다시 시도하세요.",
    code_wrong: "코드가 올바르지 않거나 만료되었습니다. 다시 시도하거나 새 코드를 받으세요.",
    verify_identity: "본인 확인",
    enter_app_code: "인증 앱에 표시된 6자리 코드를 입력하세요.",
    verify: "확인",
    use_recovery_code_instead: "대신 복구 코드 사용",
    use_recovery_code: "복구 코드 사용",
    recovery_code_once: "각 복구 코드는 한 번만 사용할 수 있습니다.",
    recovery_code_label: "복구 코드",
    use_app_code_instead: "대신 인증 앱의 코드 사용",
    enrol_intro: "{tenant}에서는 로그인할 때 인증 앱의 코드를 요구합니다. 아래 링크나 키로 이 계정을 앱에 추가한 다음, 앱에 표시된 코드를 입력하세요.",
    setup_link_label: "설정 링크(otpauth URI)",
    manual_key_label: "직접 입력용 키(시간 기반, 6자리, 30초)",
    app_code_label: "앱에 표시된 코드",
    confirm: "확인",
    recovery_codes_title: "복구 코드",
    app_ready: "인증 앱이 설정되었습니다",
    recovery_codes_intro: "기기를 분실하면 이 복구 코드로 각각 한 번씩 로그인할 수 있습니다. 지금 안전한 곳에 보관하세요. 다시 표시되지 않습니다.",
    continue_label: "계속",
    app_title: "인증 앱",
    manage_intro: "계정에 인증 앱이 설정되어 있습니다. 새 기기로 옮기려면 여기에서 앱을 제거한 다음 새 기기에서 설정하세요.",
    remove_app: "인증 앱 제거",
    back_to_account: "내 계정으로 돌아가기",
    guest_code_intro: "{tenant}에서는 게스트에게 2단계 인증을 요구합니다. {tenant}용으로 설정한 인증 앱에 표시된 6자리 코드를 입력하세요.",
    guest_lost_app: "앱을 분실하셨나요? {tenant} 관리자에게 재설정을 요청하세요.",
    guest_enrol_intro: "{tenant}에서는 게스트가 로그인할 때 인증 앱의 코드를 요구합니다. 아래 링크나 키로 이 계정을 앱에 추가한 다음, 앱에 표시된 코드를 입력하세요. 이 앱은 {tenant}의 게스트 계정에 연결되며, {tenant}에서 재설정할 수 있습니다.",
    code_incorrect: "코드가 올바르지 않거나 이미 사용되었습니다.",
    recovery_code_incorrect: "복구 코드가 올바르지 않거나 이미 사용되었습니다.",
    code_mismatch: "코드가 일치하지 않습니다. 앱에 입력한 키를 확인한 후 다시 시도하세요.",
    sign_out_question: "{tenant}에서 로그아웃하시겠습니까?",
    sign_out_confirm_intro: "애플리케이션에서 로그아웃을 요청했습니다. 직접 요청한 경우에만 로그아웃하고, 그렇지 않으면 이 페이지를 닫으세요.",
    device_code_message: "로그인하려면 웹 브라우저에서 {url} 페이지를 열고 코드 {code}을(를) 입력하여 인증하십시오.",
    find_organization_intro: "조직을 찾으려면 회사 이메일 주소를 입력하세요.",
    find_organization: "계속",
    no_organization: "여기에는 {address}의 도메인을 사용하는 조직이 없습니다. 주소를 확인하거나 조직에서 보낸 링크를 여세요.",
    not_set_up: "Entente가 아직 설정되지 않았습니다. 서버 로그에 표시된 설정 링크를 여세요.",
    admin_portal: "관리 포털",
    my_apps: "내 앱",
    password_required: "암호를 입력하세요.",
};

const SIGN_IN_PT_BR: SignInTexts = SignInTexts {
    html_lang: "pt-BR",
    sign_in: "Entrar",
    sign_in_to: "em {tenant}",
    email_label: "Endereço de e-mail",
    password_label: "Senha",
    no_password_hint: "Não tem senha? Contas criadas por verificação de e-mail recebem um código por e-mail em vez disso.",
    password_incorrect: "O endereço de e-mail ou a senha estão incorretos.",
    too_many_attempts: "Muitas tentativas malsucedidas. Tente de novo daqui a {seconds} segundos.",
    busy: "O serviço está ocupado. Tente de novo em instantes.",
    account_title: "Sua conta",
    signed_in_as: "Você entrou em {tenant} como {account}.",
    set_up_app: "Configurar um aplicativo autenticador",
    sign_out: "Sair",
    signed_out_title: "Sessão encerrada",
    signed_out_heading: "Você saiu da sua conta",
    signed_out_next: "Você pode fechar esta janela ou {link}.",
    sign_in_again: "entrar novamente",
    enter_code: "Digite o código",
    code_sign_in_to: "para entrar em {tenant}",
    code_sent: "Se existir uma conta para {email}, enviamos um código para esse endereço. O código é válido por {minutes} minutos.",
    code_label: "Código",
    send_new_code: "Enviar um novo código",
    too_many_codes: "Foram solicitados códigos demais. Tente de novo daqui a {minutes} min.",
    code_wrong: "O código está incorreto ou expirou. Tente de novo ou peça um novo código.",
    verify_identity: "Confirme sua identidade",
    enter_app_code: "Digite o código de 6 dígitos do seu aplicativo autenticador.",
    verify: "Verificar",
    use_recovery_code_instead: "Usar um código de recuperação em vez disso",
    use_recovery_code: "Usar um código de recuperação",
    recovery_code_once: "Cada código de recuperação só funciona uma vez.",
    recovery_code_label: "Código de recuperação",
    use_app_code_instead: "Usar um código do seu aplicativo autenticador em vez disso",
    enrol_intro: "{tenant} pede um código de um aplicativo autenticador quando você entra. Adicione esta conta ao seu aplicativo com o link ou a chave abaixo e depois digite o código que o aplicativo mostrar.",
    setup_link_label: "Link de configuração (URI otpauth)",
    manual_key_label: "Chave para inserção manual (baseada em tempo, 6 dígitos, 30 segundos)",
    app_code_label: "Código do aplicativo",
    confirm: "Confirmar",
    recovery_codes_title: "Seus códigos de recuperação",
    app_ready: "Seu aplicativo autenticador está configurado",
    recovery_codes_intro: "Se você perder seu dispositivo, cada um destes códigos de recuperação permite entrar uma vez. Guarde-os agora em um lugar seguro: eles não serão mostrados novamente.",
    continue_label: "Continuar",
    app_title: "Aplicativo autenticador",
    manage_intro: "Há um aplicativo autenticador configurado para sua conta. Para mudar para um novo dispositivo, remova-o aqui e configure o novo.",
    remove_app: "Remover o aplicativo autenticador",
    back_to_account: "Voltar para sua conta",
    guest_code_intro: "{tenant} pede um segundo fator aos convidados. Digite o código de 6 dígitos do aplicativo autenticador que você configurou para {tenant}.",
    guest_lost_app: "Perdeu o aplicativo? Peça à administração de {tenant} que o redefina.",
    guest_enrol_intro: "{tenant} pede aos convidados um código de um aplicativo autenticador ao entrar. Adicione esta conta ao seu aplicativo com o link ou a chave abaixo e depois digite o código que o aplicativo mostrar. O aplicativo fica vinculado à sua conta de convidado em {tenant}, que pode redefini-lo.",
    code_incorrect: "O código está incorreto ou já foi usado.",
    recovery_code_incorrect: "O código de recuperação está incorreto ou já foi usado.",
    code_mismatch: "O código não confere. Verifique a chave no seu aplicativo e tente de novo.",
    sign_out_question: "Sair de {tenant}?",
    sign_out_confirm_intro: "Um aplicativo pediu para encerrar sua sessão. Saia somente se foi você quem fez isso; caso contrário, feche esta página.",
    device_code_message: "Para entrar, use um navegador da web para abrir a página {url} e insira o código {code} para se autenticar.",
    find_organization_intro: "Digite seu endereço de email corporativo para encontrar sua organização.",
    find_organization: "Continuar",
    no_organization: "Nenhuma organização aqui usa o domínio de {address}. Verifique o endereço ou abra o link que sua organização enviou.",
    not_set_up: "O Entente ainda não está configurado: abra o link de configuração mostrado no log do servidor.",
    admin_portal: "Portal de administração",
    my_apps: "Meus aplicativos",
    password_required: "Digite sua senha.",
};

const SIGN_IN_RU: SignInTexts = SignInTexts {
    html_lang: "ru",
    sign_in: "Войти",
    sign_in_to: "в {tenant}",
    email_label: "Адрес электронной почты",
    password_label: "Пароль",
    no_password_hint: "Нет пароля? Учётные записи, созданные через подтверждение адреса электронной почты, вместо пароля получают код по почте.",
    password_incorrect: "Неверный адрес электронной почты или пароль.",
    too_many_attempts: "Слишком много неудачных попыток. Повторите попытку через {seconds} с.",
    busy: "Сервис перегружен. Повторите попытку чуть позже.",
    account_title: "Ваша учётная запись",
    signed_in_as: "Вы вошли в {tenant} как {account}.",
    set_up_app: "Настроить приложение-аутентификатор",
    sign_out: "Выйти",
    signed_out_title: "Выход выполнен",
    signed_out_heading: "Вы вышли из системы",
    signed_out_next: "Можно закрыть это окно или {link}.",
    sign_in_again: "войти снова",
    enter_code: "Введите код",
    code_sign_in_to: "для входа в {tenant}",
    code_sent: "Если для адреса {email} есть учётная запись, мы отправили на него код. Код действителен {minutes} мин.",
    code_label: "Код",
    send_new_code: "Отправить новый код",
    too_many_codes: "Запрошено слишком много кодов. Повторите попытку через {minutes} мин.",
    code_wrong: "Код неверен или срок его действия истёк. Попробуйте ещё раз или запросите новый код.",
    verify_identity: "Подтвердите свою личность",
    enter_app_code: "Введите 6-значный код из приложения-аутентификатора.",
    verify: "Подтвердить",
    use_recovery_code_instead: "Использовать вместо этого резервный код",
    use_recovery_code: "Вход с резервным кодом",
    recovery_code_once: "Каждый резервный код можно использовать только один раз.",
    recovery_code_label: "Резервный код",
    use_app_code_instead: "Использовать вместо этого код из приложения-аутентификатора",
    enrol_intro: "{tenant} запрашивает при входе код из приложения-аутентификатора. Добавьте эту учётную запись в приложение по ссылке или с помощью ключа ниже, а затем введите код, который покажет приложение.",
    setup_link_label: "Ссылка для настройки (URI otpauth)",
    manual_key_label: "Ключ для ввода вручную (по времени, 6 цифр, 30 секунд)",
    app_code_label: "Код из приложения",
    confirm: "Подтвердить",
    recovery_codes_title: "Ваши резервные коды",
    app_ready: "Приложение-аутентификатор настроено",
    recovery_codes_intro: "Если вы потеряете устройство, каждый из этих резервных кодов позволит войти один раз. Сохраните их сейчас в надёжном месте: больше они показаны не будут.",
    continue_label: "Продолжить",
    app_title: "Приложение-аутентификатор",
    manage_intro: "Для вашей учётной записи настроено приложение-аутентификатор. Чтобы перейти на новое устройство, удалите его здесь и настройте приложение на новом.",
    remove_app: "Удалить приложение-аутентификатор",
    back_to_account: "Вернуться к учётной записи",
    guest_code_intro: "{tenant} требует от гостей второй фактор. Введите 6-значный код из приложения-аутентификатора, которое вы настроили для {tenant}.",
    guest_lost_app: "Потеряли приложение? Попросите администратора {tenant} сбросить его.",
    guest_enrol_intro: "{tenant} запрашивает у гостей при входе код из приложения-аутентификатора. Добавьте эту учётную запись в приложение по ссылке или с помощью ключа ниже, а затем введите код, который покажет приложение. Приложение привязано к вашей гостевой учётной записи в {tenant}, и {tenant} может его сбросить.",
    code_incorrect: "Код неверен или уже использован.",
    recovery_code_incorrect: "Резервный код неверен или уже использован.",
    code_mismatch: "Код не совпадает. Проверьте ключ в приложении и повторите попытку.",
    sign_out_question: "Выйти из {tenant}?",
    sign_out_confirm_intro: "Приложение запросило выход из вашей учётной записи. Выходите, только если вы сами это начали; иначе закройте эту страницу.",
    device_code_message: "Чтобы войти, откройте в веб-браузере страницу {url} и введите код {code} для проверки подлинности.",
    find_organization_intro: "Введите рабочий адрес электронной почты, чтобы найти свою организацию.",
    find_organization: "Продолжить",
    no_organization: "Здесь нет организации с доменом адреса {address}. Проверьте адрес или откройте ссылку, которую прислала ваша организация.",
    not_set_up: "Entente ещё не настроен: откройте ссылку настройки из журнала сервера.",
    admin_portal: "Портал администрирования",
    my_apps: "Мои приложения",
    password_required: "Введите пароль.",
};

const SIGN_IN_ZH_HANS: SignInTexts = SignInTexts {
    html_lang: "zh-Hans",
    sign_in: "登录",
    sign_in_to: "登录到 {tenant}",
    email_label: "电子邮件地址",
    password_label: "密码",
    no_password_hint: "没有密码？通过电子邮件验证创建的账户会改为通过电子邮件接收验证码。",
    password_incorrect: "电子邮件地址或密码不正确。",
    too_many_attempts: "失败次数过多。请在 {seconds} 秒后重试。",
    busy: "服务繁忙。请稍后重试。",
    account_title: "你的账户",
    signed_in_as: "你已使用 {account} 登录 {tenant}。",
    set_up_app: "设置身份验证器应用",
    sign_out: "退出登录",
    signed_out_title: "已退出登录",
    signed_out_heading: "你已退出登录",
    signed_out_next: "你可以关闭此窗口，或{link}。",
    sign_in_again: "重新登录",
    enter_code: "输入验证码",
    code_sign_in_to: "以登录 {tenant}",
    code_sent: "如果 {email} 有账户，我们已向该地址发送了验证码。验证码在 {minutes} 分钟内有效。",
    code_label: "验证码",
    send_new_code: "发送新的验证码",
    too_many_codes: "请求验证码的次数过多。请在 {minutes} 分钟后重试。",
    code_wrong: "验证码错误或已过期。请重试，或发送新的验证码。",
    verify_identity: "验证你的身份",
    enter_app_code: "请输入身份验证器应用中的 6 位数验证码。",
    verify: "验证",
    use_recovery_code_instead: "改用恢复代码",
    use_recovery_code: "使用恢复代码",
    recovery_code_once: "每个恢复代码只能使用一次。",
    recovery_code_label: "恢复代码",
    use_app_code_instead: "改用身份验证器应用中的验证码",
    enrol_intro: "{tenant} 要求你在登录时输入身份验证器应用中的验证码。请使用下方的链接或密钥将此账户添加到你的应用，然后输入应用显示的验证码。",
    setup_link_label: "设置链接（otpauth URI）",
    manual_key_label: "手动输入的密钥（基于时间，6 位数字，30 秒）",
    app_code_label: "应用中的验证码",
    confirm: "确认",
    recovery_codes_title: "你的恢复代码",
    app_ready: "你的身份验证器应用已设置完成",
    recovery_codes_intro: "如果你的设备丢失，每个恢复代码都可以让你登录一次。请立即将它们保存在安全的地方：它们不会再次显示。",
    continue_label: "继续",
    app_title: "身份验证器应用",
    manage_intro: "你的账户已设置身份验证器应用。若要换用新设备，请先在此处移除它，然后在新设备上重新设置。",
    remove_app: "移除身份验证器应用",
    back_to_account: "返回你的账户",
    guest_code_intro: "{tenant} 要求访客提供第二重验证。请输入你为 {tenant} 设置的身份验证器应用中的 6 位数验证码。",
    guest_lost_app: "应用丢失了？请联系 {tenant} 的管理员重置。",
    guest_enrol_intro: "{tenant} 要求访客在登录时输入身份验证器应用中的验证码。请使用下方的链接或密钥将此账户添加到你的应用，然后输入应用显示的验证码。该应用与你在 {tenant} 的访客账户关联，{tenant} 可以将其重置。",
    code_incorrect: "验证码不正确或已被使用。",
    recovery_code_incorrect: "恢复代码不正确或已被使用。",
    code_mismatch: "验证码不匹配。请检查应用中的密钥，然后重试。",
    sign_out_question: "要从 {tenant} 注销吗？",
    sign_out_confirm_intro: "某个应用程序请求将你注销。仅当这是你本人发起的操作时才注销；否则请关闭此页面。",
    device_code_message: "要登录，请使用 Web 浏览器打开页面 {url}，并输入代码 {code} 进行身份验证。",
    find_organization_intro: "输入你的工作电子邮件地址以查找你的组织。",
    find_organization: "继续",
    no_organization: "这里没有组织使用 {address} 的域。请检查地址,或打开你的组织发送给你的链接。",
    not_set_up: "Entente 尚未设置:请打开服务器日志中打印的设置链接。",
    admin_portal: "管理门户",
    my_apps: "我的应用",
    password_required: "请输入密码。",
};

const SIGN_IN_ZH_HANT: SignInTexts = SignInTexts {
    html_lang: "zh-Hant",
    sign_in: "登入",
    sign_in_to: "登入 {tenant}",
    email_label: "電子郵件地址",
    password_label: "密碼",
    no_password_hint: "沒有密碼嗎？透過電子郵件驗證建立的帳戶會改以電子郵件接收驗證碼。",
    password_incorrect: "電子郵件地址或密碼不正確。",
    too_many_attempts: "失敗次數過多。請於 {seconds} 秒後再試。",
    busy: "服務忙碌中。請稍後再試。",
    account_title: "您的帳戶",
    signed_in_as: "您已使用 {account} 登入 {tenant}。",
    set_up_app: "設定驗證器應用程式",
    sign_out: "登出",
    signed_out_title: "已登出",
    signed_out_heading: "您已登出",
    signed_out_next: "您可以關閉此視窗，或{link}。",
    sign_in_again: "重新登入",
    enter_code: "輸入驗證碼",
    code_sign_in_to: "以登入 {tenant}",
    code_sent: "如果 {email} 有帳戶，我們已將驗證碼傳送至該地址。驗證碼在 {minutes} 分鐘內有效。",
    code_label: "驗證碼",
    send_new_code: "傳送新的驗證碼",
    too_many_codes: "要求驗證碼的次數過多。請於 {minutes} 分鐘後再試。",
    code_wrong: "驗證碼錯誤或已過期。請再試一次，或傳送新的驗證碼。",
    verify_identity: "驗證您的身分",
    enter_app_code: "請輸入驗證器應用程式中的 6 位數驗證碼。",
    verify: "驗證",
    use_recovery_code_instead: "改用復原碼",
    use_recovery_code: "使用復原碼",
    recovery_code_once: "每個復原碼只能使用一次。",
    recovery_code_label: "復原碼",
    use_app_code_instead: "改用驗證器應用程式中的驗證碼",
    enrol_intro: "{tenant} 要求您在登入時輸入驗證器應用程式中的驗證碼。請使用下方的連結或金鑰將此帳戶新增至您的應用程式，然後輸入應用程式顯示的驗證碼。",
    setup_link_label: "設定連結（otpauth URI）",
    manual_key_label: "手動輸入的金鑰（以時間為準，6 位數，30 秒）",
    app_code_label: "應用程式中的驗證碼",
    confirm: "確認",
    recovery_codes_title: "您的復原碼",
    app_ready: "您的驗證器應用程式已設定完成",
    recovery_codes_intro: "如果您遺失裝置，每個復原碼都可讓您登入一次。請立即將它們存放在安全的地方：這些代碼不會再次顯示。",
    continue_label: "繼續",
    app_title: "驗證器應用程式",
    manage_intro: "您的帳戶已設定驗證器應用程式。若要改用新裝置，請先在此移除，再於新裝置上重新設定。",
    remove_app: "移除驗證器應用程式",
    back_to_account: "返回您的帳戶",
    guest_code_intro: "{tenant} 要求來賓提供第二個驗證因素。請輸入您為 {tenant} 設定的驗證器應用程式中的 6 位數驗證碼。",
    guest_lost_app: "遺失了應用程式嗎？請要求 {tenant} 的管理員重設。",
    guest_enrol_intro: "{tenant} 要求來賓在登入時輸入驗證器應用程式中的驗證碼。請使用下方的連結或金鑰將此帳戶新增至您的應用程式，然後輸入應用程式顯示的驗證碼。此應用程式與您在 {tenant} 的來賓帳戶相關聯，{tenant} 可以將其重設。",
    code_incorrect: "驗證碼不正確或已使用過。",
    recovery_code_incorrect: "復原碼不正確或已使用過。",
    code_mismatch: "驗證碼不符。請檢查應用程式中的金鑰，然後再試一次。",
    sign_out_question: "要從 {tenant} 登出嗎？",
    sign_out_confirm_intro: "某個應用程式要求將您登出。僅在這是您本人發起的操作時才登出；否則請關閉此頁面。",
    device_code_message: "若要登入，請使用網頁瀏覽器開啟頁面 {url}，並輸入代碼 {code} 以進行驗證。",
    find_organization_intro: "輸入您的公司電子郵件地址以尋找您的組織。",
    find_organization: "繼續",
    no_organization: "這裡沒有組織使用 {address} 的網域。請檢查地址,或開啟您的組織寄給您的連結。",
    not_set_up: "Entente 尚未設定:請開啟伺服器記錄中列出的設定連結。",
    admin_portal: "管理入口網站",
    my_apps: "我的應用程式",
    password_required: "請輸入密碼。",
};

const SIGN_IN_NL: SignInTexts = SignInTexts {
    html_lang: "nl",
    sign_in: "Aanmelden",
    sign_in_to: "bij {tenant}",
    email_label: "E-mailadres",
    password_label: "Wachtwoord",
    no_password_hint: "Geen wachtwoord? Accounts die zijn aangemaakt via e-mailverificatie krijgen in plaats daarvan een code per e-mail.",
    password_incorrect: "Het e-mailadres of wachtwoord is onjuist.",
    too_many_attempts: "Te veel mislukte pogingen. Probeer het over {seconds} seconden opnieuw.",
    busy: "De dienst is op dit moment overbelast. Probeer het zo opnieuw.",
    account_title: "Uw account",
    signed_in_as: "Aangemeld bij {tenant} als {account}.",
    set_up_app: "Een authenticator-app instellen",
    sign_out: "Afmelden",
    signed_out_title: "Afgemeld",
    signed_out_heading: "U bent afgemeld",
    signed_out_next: "U kunt dit venster sluiten of {link}.",
    sign_in_again: "opnieuw aanmelden",
    enter_code: "Code invoeren",
    code_sign_in_to: "om u aan te melden bij {tenant}",
    code_sent: "Als er een account voor {email} bestaat, hebben we een code naar dat adres gestuurd. De code is {minutes} minuten geldig.",
    code_label: "Code",
    send_new_code: "Nieuwe code versturen",
    too_many_codes: "Er zijn te veel codes aangevraagd. Probeer het over {minutes} min. opnieuw.",
    code_wrong: "De code is onjuist of verlopen. Probeer het opnieuw of vraag een nieuwe code aan.",
    verify_identity: "Bevestig uw identiteit",
    enter_app_code: "Voer de code van 6 cijfers uit uw authenticator-app in.",
    verify: "Verifiëren",
    use_recovery_code_instead: "In plaats daarvan een herstelcode gebruiken",
    use_recovery_code: "Een herstelcode gebruiken",
    recovery_code_once: "Elke herstelcode werkt maar één keer.",
    recovery_code_label: "Herstelcode",
    use_app_code_instead: "In plaats daarvan een code uit uw authenticator-app gebruiken",
    enrol_intro: "{tenant} vraagt bij het aanmelden om een code uit een authenticator-app. Voeg dit account met de link of de sleutel hieronder toe aan uw app en voer daarna de code in die de app toont.",
    setup_link_label: "Instellingslink (otpauth-URI)",
    manual_key_label: "Sleutel om handmatig in te voeren (tijdgebaseerd, 6 cijfers, 30 seconden)",
    app_code_label: "Code uit de app",
    confirm: "Bevestigen",
    recovery_codes_title: "Uw herstelcodes",
    app_ready: "Uw authenticator-app is ingesteld",
    recovery_codes_intro: "Als u uw apparaat kwijtraakt, kunt u zich met elk van deze herstelcodes één keer aanmelden. Bewaar ze nu op een veilige plek: ze worden niet opnieuw getoond.",
    continue_label: "Doorgaan",
    app_title: "Authenticator-app",
    manage_intro: "Voor uw account is een authenticator-app ingesteld. Wilt u overstappen op een nieuw apparaat, verwijder de app dan hier en stel daarna de nieuwe in.",
    remove_app: "Authenticator-app verwijderen",
    back_to_account: "Terug naar uw account",
    guest_code_intro: "{tenant} vraagt gasten om een tweede factor. Voer de code van 6 cijfers in uit de authenticator-app die u voor {tenant} hebt ingesteld.",
    guest_lost_app: "App kwijt? Vraag een beheerder van {tenant} om de app opnieuw in te stellen.",
    guest_enrol_intro: "{tenant} vraagt gasten bij het aanmelden om een code uit een authenticator-app. Voeg dit account met de link of de sleutel hieronder toe aan uw app en voer daarna de code in die de app toont. De app hoort bij uw gastaccount bij {tenant}; {tenant} kan de app opnieuw instellen.",
    code_incorrect: "De code is onjuist of al gebruikt.",
    recovery_code_incorrect: "De herstelcode is onjuist of al gebruikt.",
    code_mismatch: "De code klopt niet. Controleer de sleutel in uw app en probeer het opnieuw.",
    sign_out_question: "Afmelden bij {tenant}?",
    sign_out_confirm_intro: "Een toepassing heeft gevraagd u af te melden. Meld u alleen af als u dit zelf hebt gedaan; sluit anders deze pagina.",
    device_code_message: "Als u zich wilt aanmelden, opent u de pagina {url} in een webbrowser en voert u de code {code} in om te verifiëren.",
    find_organization_intro: "Voer uw zakelijke e-mailadres in om uw organisatie te vinden.",
    find_organization: "Doorgaan",
    no_organization: "Geen organisatie hier gebruikt het domein van {address}. Controleer het adres of open de link die uw organisatie u heeft gestuurd.",
    not_set_up: "Entente is nog niet ingericht: open de inrichtingslink uit het serverlogboek.",
    admin_portal: "Beheerportal",
    my_apps: "Mijn apps",
    password_required: "Voer uw wachtwoord in.",
};

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::invitations::messages::{fill, page_texts};

    impl SignInTexts {
        /// Every string with its field's name. The struct is destructured without `..`,
        /// so a new field does not compile until it is listed here, and so tested.
        fn entries(&self) -> Vec<(&'static str, &'static str)> {
            macro_rules! named {
                ($($field:ident),* $(,)?) => {{
                    let SignInTexts { $($field),* } = self;
                    vec![$((stringify!($field), *$field)),*]
                }};
            }
            named!(
                html_lang,
                sign_in,
                sign_in_to,
                email_label,
                password_label,
                no_password_hint,
                password_incorrect,
                too_many_attempts,
                busy,
                account_title,
                signed_in_as,
                set_up_app,
                sign_out,
                signed_out_title,
                signed_out_heading,
                signed_out_next,
                sign_in_again,
                enter_code,
                code_sign_in_to,
                code_sent,
                code_label,
                send_new_code,
                too_many_codes,
                code_wrong,
                verify_identity,
                enter_app_code,
                verify,
                use_recovery_code_instead,
                use_recovery_code,
                recovery_code_once,
                recovery_code_label,
                use_app_code_instead,
                enrol_intro,
                setup_link_label,
                manual_key_label,
                app_code_label,
                confirm,
                recovery_codes_title,
                app_ready,
                recovery_codes_intro,
                continue_label,
                app_title,
                manage_intro,
                remove_app,
                back_to_account,
                guest_code_intro,
                guest_lost_app,
                guest_enrol_intro,
                code_incorrect,
                recovery_code_incorrect,
                code_mismatch,
                sign_out_question,
                sign_out_confirm_intro,
                device_code_message,
                find_organization_intro,
                find_organization,
                no_organization,
                not_set_up,
                admin_portal,
                my_apps,
                password_required,
            )
        }
    }

    /// The `{name}`s of a string, and whether its braces are balanced.
    fn placeholders(text: &str) -> (BTreeSet<&str>, bool) {
        let mut names = BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                return (names, false);
            };
            names.insert(crate::invitations::messages::placeholder_name(
                &rest[open + 1..open + close],
            ));
            rest = &rest[open + close + 1..];
        }
        (names, !rest.contains('}'))
    }

    #[test]
    fn every_string_of_every_language_is_filled_in_and_free_of_html() {
        for language in Language::ALL {
            for (field, text) in sign_in_texts(language).entries() {
                assert!(!text.trim().is_empty(), "{language} {field} is empty");
                assert!(
                    !text.contains(['<', '>', '&']),
                    "{language} {field} holds markup: {text}"
                );
            }
        }
    }

    #[test]
    fn every_translation_keeps_exactly_the_placeholders_of_the_english_string() {
        let english = sign_in_texts(Language::En).entries();
        for language in Language::ALL {
            let translated = sign_in_texts(language).entries();
            for ((field, english), (_, text)) in english.iter().zip(translated.iter()) {
                let (expected, _) = placeholders(english);
                let (found, balanced) = placeholders(text);
                assert!(balanced, "{language} {field}: unbalanced braces");
                assert_eq!(found, expected, "{language} {field}: {text}");
            }
        }
        // The check above would pass vacuously if the extraction found nothing.
        assert_eq!(
            placeholders(SIGN_IN_EN.signed_in_as).0,
            BTreeSet::from(["tenant", "account"])
        );
        assert_eq!(
            placeholders(SIGN_IN_EN.code_sent).0,
            BTreeSet::from(["email", "minutes"])
        );
    }

    #[test]
    fn the_placeholders_that_stand_for_markup_occur_exactly_once() {
        // The pages split these sentences around the placeholder to put an element there.
        for language in Language::ALL {
            let texts = sign_in_texts(language);
            assert_eq!(
                texts.signed_in_as.matches("{account}").count(),
                1,
                "{language}"
            );
            assert_eq!(
                texts.signed_out_next.matches("{link}").count(),
                1,
                "{language}"
            );
        }
    }

    #[test]
    fn no_language_falls_back_to_english() {
        // Words that really are the same in another language.
        let same_word = |language, field| match field {
            "code_label" => matches!(language, Language::De | Language::Fr | Language::Nl),
            "password_label" => language == Language::It,
            _ => false,
        };
        let english = sign_in_texts(Language::En).entries();
        for language in Language::ALL.into_iter().skip(1) {
            let translated = sign_in_texts(language).entries();
            for ((field, english), (_, text)) in english.iter().zip(translated.iter()) {
                if !same_word(language, *field) {
                    assert_ne!(english, text, "{language} {field} is English");
                }
            }
        }
    }

    #[test]
    fn html_lang_is_the_one_of_the_invitation_pages() {
        for language in Language::ALL {
            assert_eq!(
                sign_in_texts(language).html_lang,
                page_texts(language).html_lang,
                "{language}"
            );
        }
        assert_eq!(sign_in_texts(Language::ZhHant).html_lang, "zh-Hant");
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
            (
                Language::Ko,
                "이메일 주소 또는 비밀번호가 올바르지 않습니다.",
            ),
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
            assert_eq!(
                sign_in_texts(language).password_incorrect,
                text,
                "{language}"
            );
        }
    }

    #[test]
    fn filled_strings_read_as_sentences() {
        let de = sign_in_texts(Language::De);
        assert_eq!(
            fill(de.too_many_attempts, &[("seconds", "8")]),
            "Zu viele fehlgeschlagene Versuche. Versuchen Sie es in 8 Sekunden erneut."
        );
        let ja = sign_in_texts(Language::Ja);
        assert_eq!(
            fill(
                ja.code_sent,
                &[("email", "ada@example.com"), ("minutes", "10")]
            ),
            "ada@example.com のアカウントが存在する場合は、そのアドレスにコードを送信しました。コードの有効期間は 10 分です。"
        );
        let ru = sign_in_texts(Language::Ru);
        assert_eq!(
            fill(ru.signed_out_next, &[("link", ru.sign_in_again)]),
            "Можно закрыть это окно или войти снова."
        );
    }
}
