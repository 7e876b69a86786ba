### signin: de; the English catalog (../en/signin.ftl) is the reference.

html-lang = de
sign-in = Anmelden
sign-in-to = bei { $tenant }
email-label = E-Mail-Adresse
password-label = Passwort
no-password-hint = Kein Passwort? Konten, die per E-Mail-Bestätigung erstellt wurden, erhalten stattdessen einen Code per E-Mail.
password-incorrect = Die E-Mail-Adresse oder das Passwort ist falsch.
too-many-attempts = Zu viele fehlgeschlagene Versuche. Versuchen Sie es in { $seconds ->
        [one] { $seconds } Sekunde
       *[other] { $seconds } Sekunden
    } erneut.
busy = Der Dienst ist gerade ausgelastet. Versuchen Sie es gleich noch einmal.
account-title = Ihr Konto
signed-in-as = Bei { $tenant } angemeldet als { $account }.
set-up-app = Authenticator-App einrichten
sign-out = Abmelden
signed-out-title = Abgemeldet
signed-out-heading = Sie haben sich abgemeldet
signed-out-next = Sie können dieses Fenster jetzt schließen oder { $link }.
sign-in-again = sich erneut anmelden
enter-code = Code eingeben
code-sign-in-to = zur Anmeldung bei { $tenant }
code-sent = Falls für { $email } ein Konto besteht, haben wir einen Code an diese Adresse gesendet. Der Code ist { $minutes ->
        [one] { $minutes } Minute
       *[other] { $minutes } Minuten
    } lang gültig.
code-label = Code
send-new-code = Neuen Code senden
too-many-codes = Es wurden zu viele Codes angefordert. Versuchen Sie es in { $minutes } Min. erneut.
code-wrong = Der Code ist falsch oder abgelaufen. Versuchen Sie es erneut oder fordern Sie einen neuen Code an.
verify-identity = Identität bestätigen
enter-app-code = Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein.
verify = Bestätigen
use-recovery-code-instead = Stattdessen einen Wiederherstellungscode verwenden
use-recovery-code = Wiederherstellungscode verwenden
recovery-code-once = Jeder Wiederherstellungscode funktioniert nur einmal.
recovery-code-label = Wiederherstellungscode
use-app-code-instead = Stattdessen einen Code aus Ihrer Authenticator-App verwenden
enrol-intro = { $tenant } verlangt bei der Anmeldung einen Code aus einer Authenticator-App. Fügen Sie dieses Konto mit dem Link oder dem Schlüssel unten zu Ihrer App hinzu und geben Sie dann den Code ein, den die App anzeigt.
setup-link-label = Einrichtungslink (otpauth-URI)
manual-key-label = Schlüssel zur manuellen Eingabe (zeitbasiert, 6 Ziffern, 30 Sekunden)
app-code-label = Code aus der App
confirm = Bestätigen
recovery-codes-title = Ihre Wiederherstellungscodes
app-ready = Ihre Authenticator-App ist eingerichtet
recovery-codes-intro = Falls Sie Ihr Gerät verlieren, können Sie sich mit jedem dieser Wiederherstellungscodes einmal anmelden. Bewahren Sie sie jetzt an einem sicheren Ort auf: Sie werden nicht noch einmal angezeigt.
continue-label = Weiter
app-title = Authenticator-App
manage-intro = Für Ihr Konto ist eine Authenticator-App eingerichtet. Um auf ein neues Gerät zu wechseln, entfernen Sie sie hier und richten Sie dann die neue ein.
remove-app = Authenticator-App entfernen
back-to-account = Zurück zu Ihrem Konto
guest-code-intro = { $tenant } verlangt von Gästen einen zweiten Faktor. Geben Sie den 6-stelligen Code aus der Authenticator-App ein, die Sie für { $tenant } eingerichtet haben.
guest-lost-app = App verloren? Bitten Sie die Administration von { $tenant }, sie zurückzusetzen.
guest-enrol-intro = { $tenant } verlangt von Gästen bei der Anmeldung einen Code aus einer Authenticator-App. Fügen Sie dieses Konto mit dem Link oder dem Schlüssel unten zu Ihrer App hinzu und geben Sie dann den Code ein, den die App anzeigt. Die App gehört zu Ihrem Gastkonto bei { $tenant }, wo sie auch zurückgesetzt werden kann.
code-incorrect = Der Code ist falsch oder wurde bereits verwendet.
recovery-code-incorrect = Der Wiederherstellungscode ist falsch oder wurde bereits verwendet.
code-mismatch = Der Code stimmt nicht. Prüfen Sie den Schlüssel in Ihrer App und versuchen Sie es erneut.
sign-out-question = Von { $tenant } abmelden?
sign-out-confirm-intro = Eine Anwendung hat Ihre Abmeldung angefordert. Melden Sie sich nur ab, wenn Sie das veranlasst haben; andernfalls schließen Sie diese Seite.
find-organization-intro = Geben Sie Ihre geschäftliche E-Mail-Adresse ein, um Ihre Organisation zu finden.
find-organization = Weiter
no-organization = Keine Organisation hier verwendet die Domäne von { $address }. Prüfen Sie die Adresse oder öffnen Sie den Link, den Ihre Organisation Ihnen gesendet hat.
not-set-up = Entente ist noch nicht eingerichtet: Öffnen Sie den Einrichtungslink aus dem Serverprotokoll.
admin-portal = Verwaltungsportal
my-apps = Meine Apps
password-required = Geben Sie Ihr Kennwort ein.
