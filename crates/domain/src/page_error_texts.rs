//! The words of the error pages in each of Entente's twelve languages.
//!
//! [`ErrorTexts`] holds the titles and messages of the page errors that browsers see:
//! the generic ones a [`DomainError`](crate::DomainError) maps to (not found, not
//! allowed, busy, internal), those of the portal's forms and gates, the first-start
//! setup link, redemption without access, and the OIDC authorize and sign-out endpoints
//! when they answer with a page instead of a redirect. The pages pick a language from
//! the browser's `Accept-Language`, as the sign-in pages do with
//! [`crate::sign_in_texts`].
//!
//! A title stands above a message; where a title has no message of its own here
//! (`invalid_title`, `sign_in_request_title`), the message comes from elsewhere (the
//! domain's error, the authorize endpoint's reason) and stays as it comes. Protocol parameter names (`id_token_hint`,
//! `post_logout_redirect_uri`, `client_id`) are the same in every language, because
//! they are what a developer searches for.
//!
//! Strings carry their variable parts as `{name}` placeholders, filled with
//! [`fill`](crate::invitations::messages::fill), and never contain HTML: escaping is
//! the renderer's job. Every language has every string; there is no fallback to
//! English.

use crate::invitations::Language;

/// Strings of the error pages; placeholders in braces.
///
/// The placeholders are `{tenant}` (the tenant's display name) in `no_access` and
/// `federation_already_guest`, and `{email}` (the invited address) and `{account}`
/// (the address the partner's provider signed in) in the federation messages. Each
/// string has the same placeholders in every language.
#[derive(Debug)]
pub struct ErrorTexts {
    /// The BCP 47 tag for `<html lang>` ("en", "pt-BR", "zh-Hans"), as in `SignInTexts`.
    pub html_lang: &'static str,
    /// "Go to the start page", the way on from every error page.
    pub start_page: &'static str,
    /// "Sign out and use another account", where the account signed in is the problem.
    pub sign_out_other_account: &'static str,
    /// "Not found"
    pub not_found_title: &'static str,
    /// "This page does not exist."
    pub not_found: &'static str,
    /// "Not allowed"
    pub not_allowed_title: &'static str,
    /// "You are not allowed to do this."
    pub not_allowed: &'static str,
    /// "Something is not right", above a message that says what.
    pub invalid_title: &'static str,
    /// "Busy"
    pub busy_title: &'static str,
    /// "The service is busy. Try again in a moment."
    pub busy: &'static str,
    /// "Something went wrong"
    pub internal_title: &'static str,
    /// "An internal error occurred."
    pub internal: &'static str,
    /// "Form expired"
    pub form_expired_title: &'static str,
    /// "This form has expired or was not sent from this site. Go back, reload the page
    /// and try again."
    pub form_expired: &'static str,
    /// "The form could not be read: it is too large or was cut off."
    pub form_unreadable: &'static str,
    /// "Your account holds no administrative role in this organization."
    pub no_admin_role: &'static str,
    /// "Your account is disabled."
    pub account_disabled: &'static str,
    /// "Nothing selected"
    pub nothing_selected_title: &'static str,
    /// "Tick the invitations to resend or revoke, then choose the action again."
    pub nothing_selected: &'static str,
    /// "Choose resend or revoke."
    pub choose_action: &'static str,
    /// "An id in the form is not valid."
    pub bad_id: &'static str,
    /// "Setup link not valid", for the first-start setup link.
    pub setup_link_title: &'static str,
    /// "This setup link has expired or was already used."
    pub setup_link: &'static str,
    /// "No access"
    pub no_access_title: &'static str,
    /// "The account you are signed in with has no access to {tenant}. Ask its
    /// administrator for access, or sign out and use another account."
    pub no_access: &'static str,
    /// "This sign-in request is not valid", above the reason the authorize endpoint gives.
    pub sign_in_request_title: &'static str,
    /// "Invalid redirect"
    pub invalid_redirect_title: &'static str,
    /// "The redirect URI is not valid."
    pub invalid_redirect: &'static str,
    /// "Sign-out failed"
    pub sign_out_failed_title: &'static str,
    /// "The id_token_hint is not valid."
    pub id_token_hint_invalid: &'static str,
    /// "The post_logout_redirect_uri is not registered for this application."
    pub logout_uri_unregistered: &'static str,
    /// "A post_logout_redirect_uri needs an id_token_hint or a client_id."
    pub logout_uri_needs_client: &'static str,
    /// "Sign-in at your organization did not complete", above one of the messages below.
    pub federation_title: &'static str,
    /// "This sign-in took too long or was already used. Start again from the invitation or the sign-in page."
    pub federation_expired: &'static str,
    /// "This invitation was sent to {email}, but your organization signed you in as {account}. Sign out there, then sign in with {email}."
    pub federation_wrong_account: &'static str,
    /// "Your organization did not confirm {email} as your verified address, so the invitation cannot be accepted with this account."
    pub federation_unverified: &'static str,
    /// "Your organization's sign-in service refused the sign-in or could not be reached. Try again later."
    pub federation_refused: &'static str,
    /// "The invitation is no longer valid: it was accepted, revoked or has expired."
    pub federation_invitation_closed: &'static str,
    /// "This account has already accepted another invitation of {tenant}."
    pub federation_already_guest: &'static str,
}

/// The strings of the error pages in `language`.
pub fn error_texts(language: Language) -> &'static ErrorTexts {
    match language {
        Language::En => &ERRORS_EN,
        Language::De => &ERRORS_DE,
        Language::Es => &ERRORS_ES,
        Language::Fr => &ERRORS_FR,
        Language::It => &ERRORS_IT,
        Language::Ja => &ERRORS_JA,
        Language::Ko => &ERRORS_KO,
        Language::PtBr => &ERRORS_PT_BR,
        Language::Ru => &ERRORS_RU,
        Language::ZhHans => &ERRORS_ZH_HANS,
        Language::ZhHant => &ERRORS_ZH_HANT,
        Language::Nl => &ERRORS_NL,
    }
}

// The translations use the register and the words of the sign-in pages
// (`sign_in_texts`) and of the portal (`portal_texts`): Sie, usted, vous, u, вы, 您 in
// Traditional Chinese, 합니다체 and です/ます; tu in Italian, você, 你 in Simplified
// Chinese. `busy` is the sign-in pages' sentence. Sentences avoid gendered forms of the
// reader and of administrators. Where a protocol parameter's name would need a
// grammatical gender, the sentence says "the parameter" or "the value" in front of it.
// French puts a no-break space before a colon.

static ERRORS_EN: ErrorTexts = ErrorTexts {
    html_lang: "en",
    start_page: "Go to the start page",
    sign_out_other_account: "Sign out and use another account",
    not_found_title: "Not found",
    not_found: "This page does not exist.",
    not_allowed_title: "Not allowed",
    not_allowed: "You are not allowed to do this.",
    invalid_title: "Something is not right",
    busy_title: "Busy",
    busy: "The service is busy. Try again in a moment.",
    internal_title: "Something went wrong",
    internal: "An internal error occurred.",
    form_expired_title: "Form expired",
    form_expired: "This form has expired or was not sent from this site. Go back, reload the page and try again.",
    form_unreadable: "The form could not be read: it is too large or was cut off.",
    no_admin_role: "Your account holds no administrative role in this organization.",
    account_disabled: "Your account is disabled.",
    nothing_selected_title: "Nothing selected",
    nothing_selected: "Tick the invitations to resend or revoke, then choose the action again.",
    choose_action: "Choose resend or revoke.",
    bad_id: "An id in the form is not valid.",
    setup_link_title: "Setup link not valid",
    setup_link: "This setup link has expired or was already used.",
    no_access_title: "No access",
    no_access: "The account you are signed in with has no access to {tenant}. Ask its administrator for access, or sign out and use another account.",
    sign_in_request_title: "This sign-in request is not valid",
    invalid_redirect_title: "Invalid redirect",
    invalid_redirect: "The redirect URI is not valid.",
    sign_out_failed_title: "Sign-out failed",
    id_token_hint_invalid: "The id_token_hint is not valid.",
    logout_uri_unregistered: "The post_logout_redirect_uri is not registered for this application.",
    logout_uri_needs_client: "A post_logout_redirect_uri needs an id_token_hint or a client_id.",
    federation_title: "Sign-in at your organization did not complete",
    federation_expired: "This sign-in took too long or was already used. Start again from the invitation or the sign-in page.",
    federation_wrong_account: "This invitation was sent to {email}, but your organization signed you in as {account}. Sign out there, then sign in with {email}.",
    federation_unverified: "Your organization did not confirm {email} as your verified address, so the invitation cannot be accepted with this account.",
    federation_refused: "Your organization's sign-in service refused the sign-in or could not be reached. Try again later.",
    federation_invitation_closed: "The invitation is no longer valid: it was accepted, revoked or has expired.",
    federation_already_guest: "This account has already accepted another invitation of {tenant}.",
};

static ERRORS_DE: ErrorTexts = ErrorTexts {
    html_lang: "de",
    start_page: "Zur Startseite",
    sign_out_other_account: "Abmelden und ein anderes Konto verwenden",
    not_found_title: "Nicht gefunden",
    not_found: "Diese Seite existiert nicht.",
    not_allowed_title: "Nicht zulässig",
    not_allowed: "Sie sind nicht berechtigt, diese Aktion auszuführen.",
    invalid_title: "Etwas stimmt nicht",
    busy_title: "Dienst ausgelastet",
    busy: "Der Dienst ist gerade ausgelastet. Versuchen Sie es gleich noch einmal.",
    internal_title: "Etwas ist schiefgelaufen",
    internal: "Ein interner Fehler ist aufgetreten.",
    form_expired_title: "Formular abgelaufen",
    form_expired: "Dieses Formular ist abgelaufen oder wurde nicht von dieser Website gesendet. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.",
    form_unreadable: "Das Formular konnte nicht gelesen werden: Es ist zu groß oder wurde abgeschnitten.",
    no_admin_role: "Ihr Konto hat in dieser Organisation keine Administratorrolle.",
    account_disabled: "Ihr Konto ist deaktiviert.",
    nothing_selected_title: "Nichts ausgewählt",
    nothing_selected: "Markieren Sie die Einladungen, die erneut gesendet oder widerrufen werden sollen, und wählen Sie dann die Aktion noch einmal.",
    choose_action: "Wählen Sie, ob erneut gesendet oder widerrufen werden soll.",
    bad_id: "Eine ID im Formular ist ungültig.",
    setup_link_title: "Einrichtungslink ungültig",
    setup_link: "Dieser Einrichtungslink ist abgelaufen oder wurde bereits verwendet.",
    no_access_title: "Kein Zugriff",
    no_access: "Das Konto, mit dem Sie angemeldet sind, hat keinen Zugriff auf {tenant}. Bitten Sie die dortige Administration um Zugriff oder melden Sie sich ab und verwenden Sie ein anderes Konto.",
    sign_in_request_title: "Diese Anmeldeanforderung ist ungültig",
    invalid_redirect_title: "Ungültige Weiterleitung",
    invalid_redirect: "Die Umleitungs-URI ist ungültig.",
    sign_out_failed_title: "Abmeldung fehlgeschlagen",
    id_token_hint_invalid: "Der Parameter id_token_hint ist ungültig.",
    logout_uri_unregistered: "Der Wert von post_logout_redirect_uri ist für diese Anwendung nicht registriert.",
    logout_uri_needs_client: "Der Parameter post_logout_redirect_uri erfordert id_token_hint oder client_id.",
    federation_title: "Anmeldung bei Ihrer Organisation nicht abgeschlossen",
    federation_expired: "Diese Anmeldung hat zu lange gedauert oder wurde bereits verwendet. Beginnen Sie erneut über die Einladung oder die Anmeldeseite.",
    federation_wrong_account: "Diese Einladung wurde an {email} gesendet, Ihre Organisation hat Sie aber als {account} angemeldet. Melden Sie sich dort ab und anschließend mit {email} wieder an.",
    federation_unverified: "Ihre Organisation hat nicht bestätigt, dass {email} Ihre verifizierte Adresse ist. Deshalb kann die Einladung mit diesem Konto nicht angenommen werden.",
    federation_refused: "Der Anmeldedienst Ihrer Organisation hat die Anmeldung abgelehnt oder war nicht erreichbar. Versuchen Sie es später erneut.",
    federation_invitation_closed: "Die Einladung ist nicht mehr gültig, weil sie bereits angenommen oder zurückgezogen wurde oder abgelaufen ist.",
    federation_already_guest: "Mit diesem Konto wurde bereits eine andere Einladung von {tenant} angenommen.",
};

static ERRORS_ES: ErrorTexts = ErrorTexts {
    html_lang: "es",
    start_page: "Ir a la página de inicio",
    sign_out_other_account: "Cerrar sesión y usar otra cuenta",
    not_found_title: "No encontrado",
    not_found: "Esta página no existe.",
    not_allowed_title: "No permitido",
    not_allowed: "No tiene permiso para realizar esta acción.",
    invalid_title: "Algo no es correcto",
    busy_title: "Servicio ocupado",
    busy: "El servicio está ocupado. Vuelva a intentarlo en unos instantes.",
    internal_title: "Algo salió mal",
    internal: "Se ha producido un error interno.",
    form_expired_title: "Formulario caducado",
    form_expired: "Este formulario ha caducado o no se envió desde este sitio. Vuelva atrás, recargue la página y vuelva a intentarlo.",
    form_unreadable: "No se pudo leer el formulario: es demasiado grande o llegó incompleto.",
    no_admin_role: "Su cuenta no tiene ningún rol administrativo en esta organización.",
    account_disabled: "Su cuenta está deshabilitada.",
    nothing_selected_title: "No hay nada seleccionado",
    nothing_selected: "Marque las invitaciones que quiera reenviar o revocar y, después, vuelva a elegir la acción.",
    choose_action: "Elija reenviar o revocar.",
    bad_id: "Un identificador del formulario no es válido.",
    setup_link_title: "Enlace de configuración no válido",
    setup_link: "Este enlace de configuración ha caducado o ya se ha usado.",
    no_access_title: "Sin acceso",
    no_access: "La cuenta con la que ha iniciado sesión no tiene acceso a {tenant}. Solicite acceso al equipo de administración de esa organización o cierre la sesión y use otra cuenta.",
    sign_in_request_title: "Esta solicitud de inicio de sesión no es válida",
    invalid_redirect_title: "Redirección no válida",
    invalid_redirect: "El URI de redirección no es válido.",
    sign_out_failed_title: "No se pudo cerrar la sesión",
    id_token_hint_invalid: "El parámetro id_token_hint no es válido.",
    logout_uri_unregistered: "El valor de post_logout_redirect_uri no está registrado para esta aplicación.",
    logout_uri_needs_client: "El parámetro post_logout_redirect_uri requiere id_token_hint o client_id.",
    federation_title: "No se completó el inicio de sesión en su organización",
    federation_expired: "Este inicio de sesión tardó demasiado o ya se usó. Vuelva a empezar desde la invitación o desde la página de inicio de sesión.",
    federation_wrong_account: "Esta invitación se envió a {email}, pero en su organización ha iniciado sesión como {account}. Cierre la sesión allí y, después, inicie sesión con {email}.",
    federation_unverified: "Su organización no confirmó {email} como su dirección verificada, por lo que no se puede aceptar la invitación con esta cuenta.",
    federation_refused: "El servicio de inicio de sesión de su organización rechazó el inicio de sesión o no se pudo conectar con él. Vuelva a intentarlo más tarde.",
    federation_invitation_closed: "La invitación ya no es válida: se aceptó, se retiró o ha caducado.",
    federation_already_guest: "Esta cuenta ya ha aceptado otra invitación de {tenant}.",
};

static ERRORS_FR: ErrorTexts = ErrorTexts {
    html_lang: "fr",
    start_page: "Aller à la page d’accueil",
    sign_out_other_account: "Se déconnecter et utiliser un autre compte",
    not_found_title: "Introuvable",
    not_found: "Cette page n’existe pas.",
    not_allowed_title: "Action non autorisée",
    not_allowed: "Vous n’avez pas l’autorisation d’effectuer cette action.",
    invalid_title: "Quelque chose ne va pas",
    busy_title: "Service surchargé",
    busy: "Le service est surchargé. Réessayez dans un instant.",
    internal_title: "Une erreur s’est produite",
    internal: "Une erreur interne s’est produite.",
    form_expired_title: "Formulaire expiré",
    form_expired: "Ce formulaire a expiré ou n’a pas été envoyé depuis ce site. Revenez en arrière, rechargez la page et réessayez.",
    form_unreadable: "Impossible de lire le formulaire\u{a0}: il est trop volumineux ou a été tronqué.",
    no_admin_role: "Votre compte n’a aucun rôle d’administration dans cette organisation.",
    account_disabled: "Votre compte est désactivé.",
    nothing_selected_title: "Aucune sélection",
    nothing_selected: "Cochez les invitations à renvoyer ou à révoquer, puis choisissez de nouveau l’action.",
    choose_action: "Choisissez de renvoyer ou de révoquer.",
    bad_id: "Un identifiant du formulaire n’est pas valide.",
    setup_link_title: "Lien de configuration non valide",
    setup_link: "Ce lien de configuration a expiré ou a déjà été utilisé.",
    no_access_title: "Aucun accès",
    no_access: "Le compte actuellement connecté n’a pas accès à {tenant}. Demandez l’accès à l’équipe d’administration de cette organisation, ou déconnectez-vous et utilisez un autre compte.",
    sign_in_request_title: "Cette demande de connexion n’est pas valide",
    invalid_redirect_title: "Redirection non valide",
    invalid_redirect: "L’URI de redirection n’est pas valide.",
    sign_out_failed_title: "Échec de la déconnexion",
    id_token_hint_invalid: "Le paramètre id_token_hint n’est pas valide.",
    logout_uri_unregistered: "La valeur de post_logout_redirect_uri n’est pas enregistrée pour cette application.",
    logout_uri_needs_client: "Le paramètre post_logout_redirect_uri nécessite id_token_hint ou client_id.",
    federation_title: "La connexion auprès de votre organisation n’a pas abouti",
    federation_expired: "Cette connexion a pris trop de temps ou a déjà été utilisée. Recommencez depuis l’invitation ou la page de connexion.",
    federation_wrong_account: "Cette invitation a été envoyée à {email}, mais votre organisation a ouvert une session avec le compte {account}. Déconnectez-vous auprès de votre organisation, puis connectez-vous avec {email}.",
    federation_unverified: "Votre organisation n’a pas confirmé {email} comme adresse vérifiée. L’invitation ne peut donc pas être acceptée avec ce compte.",
    federation_refused: "Le service de connexion de votre organisation a refusé la connexion ou n’a pas pu être joint. Réessayez plus tard.",
    federation_invitation_closed: "L’invitation n’est plus valide\u{a0}: elle a été acceptée, retirée ou a expiré.",
    federation_already_guest: "Ce compte a déjà accepté une autre invitation {de:tenant}.",
};

static ERRORS_IT: ErrorTexts = ErrorTexts {
    html_lang: "it",
    start_page: "Vai alla pagina iniziale",
    sign_out_other_account: "Esci e usa un altro account",
    not_found_title: "Non trovato",
    not_found: "Questa pagina non esiste.",
    not_allowed_title: "Operazione non consentita",
    not_allowed: "Non hai l’autorizzazione per eseguire questa operazione.",
    invalid_title: "Qualcosa non va",
    busy_title: "Servizio occupato",
    busy: "Il servizio è occupato. Riprova tra qualche istante.",
    internal_title: "Si è verificato un problema",
    internal: "Si è verificato un errore interno.",
    form_expired_title: "Modulo scaduto",
    form_expired: "Questo modulo è scaduto o non è stato inviato da questo sito. Torna indietro, ricarica la pagina e riprova.",
    form_unreadable: "Impossibile leggere il modulo: è troppo grande o è stato troncato.",
    no_admin_role: "Il tuo account non ha alcun ruolo amministrativo in questa organizzazione.",
    account_disabled: "Il tuo account è disabilitato.",
    nothing_selected_title: "Nessuna selezione",
    nothing_selected: "Seleziona gli inviti da inviare di nuovo o da revocare, quindi scegli di nuovo l’azione.",
    choose_action: "Scegli se inviare di nuovo o revocare.",
    bad_id: "Un ID nel modulo non è valido.",
    setup_link_title: "Link di configurazione non valido",
    setup_link: "Questo link di configurazione è scaduto o è già stato usato.",
    no_access_title: "Nessun accesso",
    no_access: "L’account che stai usando non è autorizzato ad accedere a {tenant}. Chiedi l’accesso agli amministratori dell’organizzazione oppure esci e usa un altro account.",
    sign_in_request_title: "Questa richiesta di accesso non è valida",
    invalid_redirect_title: "Reindirizzamento non valido",
    invalid_redirect: "L’URI di reindirizzamento non è valido.",
    sign_out_failed_title: "Disconnessione non riuscita",
    id_token_hint_invalid: "Il parametro id_token_hint non è valido.",
    logout_uri_unregistered: "Il valore di post_logout_redirect_uri non è registrato per questa applicazione.",
    logout_uri_needs_client: "Il parametro post_logout_redirect_uri richiede id_token_hint o client_id.",
    federation_title: "L’accesso presso la tua organizzazione non è stato completato",
    federation_expired: "Questo accesso ha richiesto troppo tempo o è già stato usato. Ricomincia dall’invito o dalla pagina di accesso.",
    federation_wrong_account: "Questo invito è stato inviato a {email}, ma la tua organizzazione ti ha fatto accedere come {account}. Esci da quell’account, quindi accedi con {email}.",
    federation_unverified: "La tua organizzazione non ha confermato {email} come tuo indirizzo verificato, quindi non è possibile accettare l’invito con questo account.",
    federation_refused: "Il servizio di accesso della tua organizzazione ha rifiutato l’accesso o non è raggiungibile. Riprova più tardi.",
    federation_invitation_closed: "L’invito non è più valido: è stato accettato, ritirato oppure è scaduto.",
    federation_already_guest: "Questo account ha già accettato un altro invito di {tenant}.",
};

static ERRORS_JA: ErrorTexts = ErrorTexts {
    html_lang: "ja",
    start_page: "スタート ページへ",
    sign_out_other_account: "サインアウトして別のアカウントを使う",
    not_found_title: "見つかりません",
    not_found: "このページは存在しません。",
    not_allowed_title: "許可されていません",
    not_allowed: "この操作を行うためのアクセス許可がありません。",
    invalid_title: "リクエストに問題があります",
    busy_title: "混み合っています",
    busy: "サービスが混み合っています。しばらくしてからもう一度お試しください。",
    internal_title: "問題が発生しました",
    internal: "内部エラーが発生しました。",
    form_expired_title: "フォームの有効期限切れ",
    form_expired: "このフォームは有効期限が切れているか、このサイトから送信されたものではありません。前のページに戻り、ページを再読み込みしてから、もう一度お試しください。",
    form_unreadable: "フォームを読み取れませんでした。サイズが大きすぎるか、途中で切れています。",
    no_admin_role: "お客様のアカウントには、この組織での管理者ロールがありません。",
    account_disabled: "お客様のアカウントは無効になっています。",
    nothing_selected_title: "何も選択されていません",
    nothing_selected: "再送信または取り消しを行う招待にチェックを入れてから、もう一度操作を選択してください。",
    choose_action: "再送信または取り消しを選択してください。",
    bad_id: "フォーム内の ID が無効です。",
    setup_link_title: "無効なセットアップ リンク",
    setup_link: "このセットアップ リンクは有効期限が切れているか、既に使用されています。",
    no_access_title: "アクセス権がありません",
    no_access: "サインインしているアカウントには {tenant} へのアクセス権がありません。組織の管理者にアクセス権を依頼するか、サインアウトして別のアカウントを使用してください。",
    sign_in_request_title: "このサインイン要求は無効です",
    invalid_redirect_title: "無効なリダイレクト",
    invalid_redirect: "リダイレクト URI が無効です。",
    sign_out_failed_title: "サインアウトに失敗しました",
    id_token_hint_invalid: "id_token_hint が無効です。",
    logout_uri_unregistered: "post_logout_redirect_uri がこのアプリケーションに登録されていません。",
    logout_uri_needs_client: "post_logout_redirect_uri を使用するには、id_token_hint または client_id が必要です。",
    federation_title: "お客様の組織でのサインインが完了しませんでした",
    federation_expired: "このサインインは時間切れになったか、既に使用されています。招待またはサインイン ページからもう一度やり直してください。",
    federation_wrong_account: "この招待は {email} 宛てに送信されましたが、お客様の組織では {account} としてサインインしています。組織でサインアウトしてから、{email} でサインインしてください。",
    federation_unverified: "お客様の組織から {email} が検証済みのアドレスであることが確認されなかったため、このアカウントでは招待を承諾できません。",
    federation_refused: "お客様の組織のサインイン サービスがサインインを拒否したか、サービスに接続できませんでした。しばらくしてからもう一度お試しください。",
    federation_invitation_closed: "この招待は無効になりました。既に承諾されたか、取り消されたか、有効期限が切れています。",
    federation_already_guest: "このアカウントは {tenant} からの別の招待を既に承諾しています。",
};

static ERRORS_KO: ErrorTexts = ErrorTexts {
    html_lang: "ko",
    start_page: "시작 페이지로 이동",
    sign_out_other_account: "로그아웃하고 다른 계정 사용",
    not_found_title: "찾을 수 없음",
    not_found: "이 페이지는 존재하지 않습니다.",
    not_allowed_title: "허용되지 않음",
    not_allowed: "이 작업을 수행할 권한이 없습니다.",
    invalid_title: "요청에 문제가 있습니다",
    busy_title: "서비스 혼잡",
    busy: "서비스 요청이 많습니다. 잠시 후 다시 시도하세요.",
    internal_title: "문제가 발생했습니다",
    internal: "내부 오류가 발생했습니다.",
    form_expired_title: "양식 만료됨",
    form_expired: "이 양식은 만료되었거나 이 사이트에서 보낸 것이 아닙니다. 이전 페이지로 돌아가 페이지를 새로 고친 후 다시 시도하세요.",
    form_unreadable: "양식을 읽을 수 없습니다. 양식이 너무 크거나 일부가 잘렸습니다.",
    no_admin_role: "계정에 이 조직의 관리 역할이 없습니다.",
    account_disabled: "계정이 비활성화되었습니다.",
    nothing_selected_title: "선택된 항목 없음",
    nothing_selected: "다시 보내거나 취소할 초대를 선택한 다음 작업을 다시 선택하세요.",
    choose_action: "다시 보내기 또는 취소를 선택하세요.",
    bad_id: "양식의 ID가 올바르지 않습니다.",
    setup_link_title: "잘못된 설정 링크",
    setup_link: "이 설정 링크는 만료되었거나 이미 사용되었습니다.",
    no_access_title: "액세스 권한 없음",
    no_access: "로그인한 계정에는 {tenant}에 대한 액세스 권한이 없습니다. 조직 관리자에게 액세스 권한을 요청하거나, 로그아웃한 후 다른 계정을 사용하세요.",
    sign_in_request_title: "이 로그인 요청은 올바르지 않습니다",
    invalid_redirect_title: "잘못된 리디렉션",
    invalid_redirect: "리디렉션 URI가 올바르지 않습니다.",
    sign_out_failed_title: "로그아웃 실패",
    id_token_hint_invalid: "id_token_hint가 올바르지 않습니다.",
    logout_uri_unregistered: "post_logout_redirect_uri가 이 애플리케이션에 등록되어 있지 않습니다.",
    logout_uri_needs_client: "post_logout_redirect_uri를 사용하려면 id_token_hint 또는 client_id가 필요합니다.",
    federation_title: "소속 조직에서 로그인을 완료하지 못했습니다",
    federation_expired: "이 로그인은 시간이 너무 오래 걸렸거나 이미 사용되었습니다. 초대 또는 로그인 페이지에서 다시 시작하세요.",
    federation_wrong_account: "이 초대는 {email} 주소로 발송되었지만, 소속 조직에서 {account} 계정으로 로그인되었습니다. 소속 조직에서 로그아웃한 다음 {email} 계정으로 로그인하세요.",
    federation_unverified: "소속 조직에서 {email} 주소를 인증된 주소로 확인해 주지 않았으므로 이 계정으로는 초대를 수락할 수 없습니다.",
    federation_refused: "소속 조직의 로그인 서비스가 로그인을 거부했거나 서비스에 연결할 수 없습니다. 나중에 다시 시도하세요.",
    federation_invitation_closed: "초대가 더 이상 유효하지 않습니다. 이미 수락되었거나, 철회되었거나, 만료되었습니다.",
    federation_already_guest: "이 계정은 이미 {tenant}의 다른 초대를 수락했습니다.",
};

static ERRORS_PT_BR: ErrorTexts = ErrorTexts {
    html_lang: "pt-BR",
    start_page: "Ir para a página inicial",
    sign_out_other_account: "Sair e usar outra conta",
    not_found_title: "Não encontrado",
    not_found: "Esta página não existe.",
    not_allowed_title: "Não permitido",
    not_allowed: "Você não tem permissão para fazer isso.",
    invalid_title: "Algo não está certo",
    busy_title: "Serviço ocupado",
    busy: "O serviço está ocupado. Tente de novo em instantes.",
    internal_title: "Algo deu errado",
    internal: "Ocorreu um erro interno.",
    form_expired_title: "Formulário expirado",
    form_expired: "Este formulário expirou ou não foi enviado por este site. Volte, recarregue a página e tente de novo.",
    form_unreadable: "Não foi possível ler o formulário: ele é grande demais ou foi cortado.",
    no_admin_role: "Sua conta não tem nenhuma função administrativa nesta organização.",
    account_disabled: "Sua conta está desativada.",
    nothing_selected_title: "Nada selecionado",
    nothing_selected: "Marque os convites que deseja reenviar ou revogar e escolha a ação novamente.",
    choose_action: "Escolha reenviar ou revogar.",
    bad_id: "Um ID no formulário não é válido.",
    setup_link_title: "Link de configuração inválido",
    setup_link: "Este link de configuração expirou ou já foi usado.",
    no_access_title: "Sem acesso",
    no_access: "A conta com a qual você entrou não tem acesso a {tenant}. Peça acesso à administração da organização ou saia e use outra conta.",
    sign_in_request_title: "Esta solicitação de entrada não é válida",
    invalid_redirect_title: "Redirecionamento inválido",
    invalid_redirect: "O URI de redirecionamento não é válido.",
    sign_out_failed_title: "Falha ao sair",
    id_token_hint_invalid: "O parâmetro id_token_hint não é válido.",
    logout_uri_unregistered: "O valor de post_logout_redirect_uri não está registrado para este aplicativo.",
    logout_uri_needs_client: "O parâmetro post_logout_redirect_uri exige id_token_hint ou client_id.",
    federation_title: "A entrada na sua organização não foi concluída",
    federation_expired: "Esta entrada demorou demais ou já foi usada. Comece de novo pelo convite ou pela página de entrada.",
    federation_wrong_account: "Este convite foi enviado para {email}, mas você entrou na sua organização como {account}. Saia dessa conta e depois entre com {email}.",
    federation_unverified: "Sua organização não confirmou {email} como seu endereço verificado, então o convite não pode ser aceito com esta conta.",
    federation_refused: "O serviço de entrada da sua organização recusou a entrada ou não pôde ser acessado. Tente de novo mais tarde.",
    federation_invitation_closed: "O convite não é mais válido: ele foi aceito, cancelado ou expirou.",
    federation_already_guest: "Esta conta já aceitou outro convite de {tenant}.",
};

static ERRORS_RU: ErrorTexts = ErrorTexts {
    html_lang: "ru",
    start_page: "Перейти на начальную страницу",
    sign_out_other_account: "Выйти и войти с другой учётной записью",
    not_found_title: "Не найдено",
    not_found: "Такой страницы не существует.",
    not_allowed_title: "Действие запрещено",
    not_allowed: "У вас нет прав на выполнение этого действия.",
    invalid_title: "Что-то не так",
    busy_title: "Сервис перегружен",
    busy: "Сервис перегружен. Повторите попытку чуть позже.",
    internal_title: "Что-то пошло не так",
    internal: "Произошла внутренняя ошибка.",
    form_expired_title: "Срок действия формы истёк",
    form_expired: "Срок действия этой формы истёк, или она была отправлена не с этого сайта. Вернитесь назад, обновите страницу и повторите попытку.",
    form_unreadable: "Не удалось прочитать форму: она слишком велика или была обрезана.",
    no_admin_role: "У вашей учётной записи нет административной роли в этой организации.",
    account_disabled: "Ваша учётная запись отключена.",
    nothing_selected_title: "Ничего не выбрано",
    nothing_selected: "Отметьте приглашения, которые нужно отправить повторно или отозвать, а затем снова выберите действие.",
    choose_action: "Выберите: отправить повторно или отозвать.",
    bad_id: "Один из идентификаторов в форме недействителен.",
    setup_link_title: "Ссылка для настройки недействительна",
    setup_link: "Срок действия этой ссылки для настройки истёк, или она уже была использована.",
    no_access_title: "Нет доступа",
    no_access: "У учётной записи, с которой вы вошли, нет доступа к {tenant}. Запросите доступ у администратора организации или выйдите и войдите с другой учётной записью.",
    sign_in_request_title: "Этот запрос на вход недействителен",
    invalid_redirect_title: "Недопустимое перенаправление",
    invalid_redirect: "Недопустимый URI перенаправления.",
    sign_out_failed_title: "Не удалось выйти",
    id_token_hint_invalid: "Недопустимый параметр id_token_hint.",
    logout_uri_unregistered: "Значение post_logout_redirect_uri не зарегистрировано для этого приложения.",
    logout_uri_needs_client: "Для параметра post_logout_redirect_uri требуется id_token_hint или client_id.",
    federation_title: "Вход через вашу организацию не завершён",
    federation_expired: "Время на этот вход истекло, или он уже был использован. Начните заново по ссылке из приглашения или со страницы входа.",
    federation_wrong_account: "Это приглашение отправлено на адрес {email}, но в вашей организации вы вошли как {account}. Выйдите там из учётной записи, а затем войдите как {email}.",
    federation_unverified: "Ваша организация не подтвердила, что {email} — ваш проверенный адрес, поэтому принять приглашение с этой учётной записью нельзя.",
    federation_refused: "Служба входа вашей организации отклонила вход или недоступна. Повторите попытку позже.",
    federation_invitation_closed: "Приглашение больше недействительно: оно уже принято, отозвано или срок его действия истёк.",
    federation_already_guest: "С этой учётной записью уже принято другое приглашение от {tenant}.",
};

static ERRORS_ZH_HANS: ErrorTexts = ErrorTexts {
    html_lang: "zh-Hans",
    start_page: "转到起始页",
    sign_out_other_account: "注销并使用其他帐户",
    not_found_title: "未找到",
    not_found: "此页面不存在。",
    not_allowed_title: "不允许",
    not_allowed: "你无权执行此操作。",
    invalid_title: "请求存在问题",
    busy_title: "服务繁忙",
    busy: "服务繁忙。请稍后重试。",
    internal_title: "出错了",
    internal: "发生内部错误。",
    form_expired_title: "表单已过期",
    form_expired: "此表单已过期，或不是从此站点提交的。请返回上一页，重新加载页面，然后重试。",
    form_unreadable: "无法读取表单：表单过大或已被截断。",
    no_admin_role: "你的账户在此组织中没有任何管理角色。",
    account_disabled: "你的账户已被禁用。",
    nothing_selected_title: "未选择任何项",
    nothing_selected: "请勾选要重新发送或撤销的邀请，然后再次选择操作。",
    choose_action: "请选择重新发送或撤销。",
    bad_id: "表单中的某个 ID 无效。",
    setup_link_title: "设置链接无效",
    setup_link: "此设置链接已过期或已被使用。",
    no_access_title: "无权访问",
    no_access: "你当前登录的账户无权访问 {tenant}。请向该组织的管理员申请访问权限，或退出登录并改用其他账户。",
    sign_in_request_title: "此登录请求无效",
    invalid_redirect_title: "重定向无效",
    invalid_redirect: "重定向 URI 无效。",
    sign_out_failed_title: "退出登录失败",
    id_token_hint_invalid: "id_token_hint 无效。",
    logout_uri_unregistered: "此应用程序未注册该 post_logout_redirect_uri。",
    logout_uri_needs_client: "使用 post_logout_redirect_uri 时需要提供 id_token_hint 或 client_id。",
    federation_title: "未能通过你的组织完成登录",
    federation_expired: "此次登录耗时过长或已被使用。请从邀请或登录页面重新开始。",
    federation_wrong_account: "此邀请发送给了 {email}，但你在你的组织中以 {account} 身份登录。请先在你的组织中退出登录，然后使用 {email} 登录。",
    federation_unverified: "你的组织未确认 {email} 是你已验证的地址，因此无法使用此账户接受邀请。",
    federation_refused: "你的组织的登录服务拒绝了此次登录，或无法连接到该服务。请稍后重试。",
    federation_invitation_closed: "此邀请已失效：它已被接受、撤回或已过期。",
    federation_already_guest: "此账户已接受 {tenant} 的另一份邀请。",
};

static ERRORS_ZH_HANT: ErrorTexts = ErrorTexts {
    html_lang: "zh-Hant",
    start_page: "前往起始頁",
    sign_out_other_account: "登出並使用其他帳戶",
    not_found_title: "找不到",
    not_found: "此頁面不存在。",
    not_allowed_title: "不允許",
    not_allowed: "您沒有執行此動作的權限。",
    invalid_title: "要求有問題",
    busy_title: "服務忙碌中",
    busy: "服務忙碌中。請稍後再試。",
    internal_title: "發生錯誤",
    internal: "發生內部錯誤。",
    form_expired_title: "表單已過期",
    form_expired: "此表單已過期，或不是從本網站送出的。請返回上一頁，重新載入頁面，然後再試一次。",
    form_unreadable: "無法讀取表單：表單太大或已遭截斷。",
    no_admin_role: "您的帳戶在此組織中沒有任何管理角色。",
    account_disabled: "您的帳戶已停用。",
    nothing_selected_title: "未選取任何項目",
    nothing_selected: "請勾選要重新傳送或撤銷的邀請，然後再次選擇動作。",
    choose_action: "請選擇重新傳送或撤銷。",
    bad_id: "表單中的某個 ID 無效。",
    setup_link_title: "設定連結無效",
    setup_link: "此設定連結已過期或已使用過。",
    no_access_title: "沒有存取權",
    no_access: "您目前登入的帳戶沒有 {tenant} 的存取權。請向該組織的管理員要求存取權，或登出後改用其他帳戶。",
    sign_in_request_title: "此登入要求無效",
    invalid_redirect_title: "無效的重新導向",
    invalid_redirect: "重新導向 URI 無效。",
    sign_out_failed_title: "登出失敗",
    id_token_hint_invalid: "id_token_hint 無效。",
    logout_uri_unregistered: "此應用程式未註冊該 post_logout_redirect_uri。",
    logout_uri_needs_client: "使用 post_logout_redirect_uri 時必須提供 id_token_hint 或 client_id。",
    federation_title: "未能透過您的組織完成登入",
    federation_expired: "此次登入耗時過久或已使用過。請從邀請或登入頁面重新開始。",
    federation_wrong_account: "此邀請是傳送給 {email}，但您在您的組織中是以 {account} 身分登入。請先在您的組織登出，然後使用 {email} 登入。",
    federation_unverified: "您的組織未確認 {email} 是您已驗證的地址，因此無法使用此帳戶接受邀請。",
    federation_refused: "您組織的登入服務拒絕了此次登入，或無法連線至該服務。請稍後再試。",
    federation_invitation_closed: "此邀請已失效：它已被接受、撤回或已過期。",
    federation_already_guest: "此帳戶已接受 {tenant} 的另一份邀請。",
};

static ERRORS_NL: ErrorTexts = ErrorTexts {
    html_lang: "nl",
    start_page: "Naar de startpagina",
    sign_out_other_account: "Afmelden en een ander account gebruiken",
    not_found_title: "Niet gevonden",
    not_found: "Deze pagina bestaat niet.",
    not_allowed_title: "Niet toegestaan",
    not_allowed: "U hebt geen toestemming om dit te doen.",
    invalid_title: "Er klopt iets niet",
    busy_title: "Dienst overbelast",
    busy: "De dienst is op dit moment overbelast. Probeer het zo opnieuw.",
    internal_title: "Er is iets misgegaan",
    internal: "Er is een interne fout opgetreden.",
    form_expired_title: "Formulier verlopen",
    form_expired: "Dit formulier is verlopen of is niet vanaf deze site verzonden. Ga terug, laad de pagina opnieuw en probeer het nog eens.",
    form_unreadable: "Het formulier kon niet worden gelezen: het is te groot of is afgekapt.",
    no_admin_role: "Uw account heeft geen beheerdersrol in deze organisatie.",
    account_disabled: "Uw account is uitgeschakeld.",
    nothing_selected_title: "Niets geselecteerd",
    nothing_selected: "Vink de uitnodigingen aan die u opnieuw wilt versturen of wilt intrekken en kies daarna opnieuw de actie.",
    choose_action: "Kies opnieuw versturen of intrekken.",
    bad_id: "Een ID in het formulier is ongeldig.",
    setup_link_title: "Instellingslink ongeldig",
    setup_link: "Deze instellingslink is verlopen of al gebruikt.",
    no_access_title: "Geen toegang",
    no_access: "Het account waarmee u bent aangemeld, heeft geen toegang tot {tenant}. Vraag een beheerder van de organisatie om toegang, of meld u af en gebruik een ander account.",
    sign_in_request_title: "Deze aanmeldingsaanvraag is ongeldig",
    invalid_redirect_title: "Ongeldige omleiding",
    invalid_redirect: "De omleidings-URI is ongeldig.",
    sign_out_failed_title: "Afmelden mislukt",
    id_token_hint_invalid: "De parameter id_token_hint is ongeldig.",
    logout_uri_unregistered: "De waarde van post_logout_redirect_uri is niet geregistreerd voor deze applicatie.",
    logout_uri_needs_client: "De parameter post_logout_redirect_uri vereist id_token_hint of client_id.",
    federation_title: "Aanmelden bij uw organisatie is niet voltooid",
    federation_expired: "Deze aanmelding duurde te lang of is al gebruikt. Begin opnieuw vanuit de uitnodiging of de aanmeldpagina.",
    federation_wrong_account: "Deze uitnodiging is naar {email} gestuurd, maar uw organisatie heeft u aangemeld als {account}. Meld u daar af en meld u daarna aan met {email}.",
    federation_unverified: "Uw organisatie heeft {email} niet bevestigd als uw geverifieerde adres. Daarom kan de uitnodiging met dit account niet worden geaccepteerd.",
    federation_refused: "De aanmelddienst van uw organisatie heeft de aanmelding geweigerd of was niet bereikbaar. Probeer het later opnieuw.",
    federation_invitation_closed: "De uitnodiging is niet meer geldig: ze is al geaccepteerd, ingetrokken of verlopen.",
    federation_already_guest: "Met dit account is al een andere uitnodiging van {tenant} geaccepteerd.",
};

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::invitations::messages::{fill, page_texts};

    impl ErrorTexts {
        /// Every string with its field's name. The struct is destructured without `..`,
        /// so a new field does not compile until it is listed here, and so tested.
        fn entries(&self) -> Vec<(&'static str, &'static str)> {
            macro_rules! named {
                ($($field:ident),* $(,)?) => {{
                    let ErrorTexts { $($field),* } = self;
                    vec![$((stringify!($field), *$field)),*]
                }};
            }
            named!(
                html_lang,
                start_page,
                sign_out_other_account,
                not_found_title,
                not_found,
                not_allowed_title,
                not_allowed,
                invalid_title,
                busy_title,
                busy,
                internal_title,
                internal,
                form_expired_title,
                form_expired,
                form_unreadable,
                no_admin_role,
                account_disabled,
                nothing_selected_title,
                nothing_selected,
                choose_action,
                bad_id,
                setup_link_title,
                setup_link,
                no_access_title,
                no_access,
                sign_in_request_title,
                invalid_redirect_title,
                invalid_redirect,
                sign_out_failed_title,
                id_token_hint_invalid,
                logout_uri_unregistered,
                logout_uri_needs_client,
                federation_title,
                federation_expired,
                federation_wrong_account,
                federation_unverified,
                federation_refused,
                federation_invitation_closed,
                federation_already_guest,
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
            for (field, text) in error_texts(language).entries() {
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
        let english = error_texts(Language::En).entries();
        for language in Language::ALL {
            let translated = error_texts(language).entries();
            for ((field, english), (_, text)) in english.iter().zip(translated.iter()) {
                let (expected, _) = placeholders(english);
                let (found, balanced) = placeholders(text);
                assert!(balanced, "{language} {field}: unbalanced braces");
                assert_eq!(found, expected, "{language} {field}: {text}");
            }
        }
        // The check above would pass vacuously if the extraction found nothing.
        assert_eq!(
            placeholders(ERRORS_EN.no_access).0,
            BTreeSet::from(["tenant"])
        );
    }

    #[test]
    fn no_language_falls_back_to_english() {
        let english = error_texts(Language::En).entries();
        for language in Language::ALL.into_iter().skip(1) {
            let translated = error_texts(language).entries();
            for ((field, english), (_, text)) in english.iter().zip(translated.iter()) {
                assert_ne!(english, text, "{language} {field} is English");
            }
        }
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
    fn html_lang_is_the_one_of_the_invitation_pages() {
        for language in Language::ALL {
            assert_eq!(
                error_texts(language).html_lang,
                page_texts(language).html_lang,
                "{language}"
            );
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
        let de = error_texts(Language::De);
        assert_eq!(
            fill(de.no_access, &[("tenant", "Contoso")]),
            "Das Konto, mit dem Sie angemeldet sind, hat keinen Zugriff auf Contoso. Bitten Sie die dortige Administration um Zugriff oder melden Sie sich ab und verwenden Sie ein anderes Konto."
        );
        let ko = error_texts(Language::Ko);
        assert!(
            fill(ko.no_access, &[("tenant", "Contoso")])
                .starts_with("로그인한 계정에는 Contoso에 대한 액세스 권한이 없습니다.")
        );
    }
}
