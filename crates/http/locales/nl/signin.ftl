### signin: nl; the English catalog (../en/signin.ftl) is the reference.

html-lang = nl
sign-in = Aanmelden
sign-in-to = bij { $tenant }
email-label = E-mailadres
password-label = Wachtwoord
no-password-hint = Geen wachtwoord? Accounts die zijn aangemaakt via e-mailverificatie krijgen in plaats daarvan een code per e-mail.
password-incorrect = Het e-mailadres of wachtwoord is onjuist.
too-many-attempts = Te veel mislukte pogingen. Probeer het over { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } seconden
    } opnieuw.
busy = De dienst is op dit moment overbelast. Probeer het zo opnieuw.
account-title = Uw account
signed-in-as = Aangemeld bij { $tenant } als { $account }.
set-up-app = Een authenticator-app instellen
sign-out = Afmelden
signed-out-title = Afgemeld
signed-out-heading = U bent afgemeld
signed-out-next = U kunt dit venster sluiten of { $link }.
sign-in-again = opnieuw aanmelden
enter-code = Code invoeren
code-sign-in-to = om u aan te melden bij { $tenant }
code-sent = Als er een account voor { $email } bestaat, hebben we een code naar dat adres gestuurd. De code is { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    } geldig.
code-label = Code
send-new-code = Nieuwe code versturen
too-many-codes = Er zijn te veel codes aangevraagd. Probeer het over { $minutes } min. opnieuw.
code-wrong = De code is onjuist of verlopen. Probeer het opnieuw of vraag een nieuwe code aan.
verify-identity = Bevestig uw identiteit
enter-app-code = Voer de code van 6 cijfers uit uw authenticator-app in.
verify = Verifiëren
use-recovery-code-instead = In plaats daarvan een herstelcode gebruiken
use-recovery-code = Een herstelcode gebruiken
recovery-code-once = Elke herstelcode werkt maar één keer.
recovery-code-label = Herstelcode
use-app-code-instead = In plaats daarvan een code uit uw authenticator-app gebruiken
enrol-intro = { $tenant } vraagt bij het aanmelden om een code uit een authenticator-app. Voeg dit account met de link of de sleutel hieronder toe aan uw app en voer daarna de code in die de app toont.
setup-link-label = Instellingslink (otpauth-URI)
manual-key-label = Sleutel om handmatig in te voeren (tijdgebaseerd, 6 cijfers, 30 seconden)
app-code-label = Code uit de app
confirm = Bevestigen
recovery-codes-title = Uw herstelcodes
app-ready = Uw authenticator-app is ingesteld
recovery-codes-intro = Als u uw apparaat kwijtraakt, kunt u zich met elk van deze herstelcodes één keer aanmelden. Bewaar ze nu op een veilige plek: ze worden niet opnieuw getoond.
continue-label = Doorgaan
app-title = Authenticator-app
manage-intro = Voor uw account is een authenticator-app ingesteld. Wilt u overstappen op een nieuw apparaat, verwijder de app dan hier en stel daarna de nieuwe in.
remove-app = Authenticator-app verwijderen
back-to-account = Terug naar uw account
guest-code-intro = { $tenant } vraagt gasten om een tweede factor. Voer de code van 6 cijfers in uit de authenticator-app die u voor { $tenant } hebt ingesteld.
guest-lost-app = App kwijt? Vraag een beheerder van { $tenant } om de app opnieuw in te stellen.
guest-enrol-intro = { $tenant } vraagt gasten bij het aanmelden om een code uit een authenticator-app. Voeg dit account met de link of de sleutel hieronder toe aan uw app en voer daarna de code in die de app toont. De app hoort bij uw gastaccount bij { $tenant }; { $tenant } kan de app opnieuw instellen.
code-incorrect = De code is onjuist of al gebruikt.
recovery-code-incorrect = De herstelcode is onjuist of al gebruikt.
code-mismatch = De code klopt niet. Controleer de sleutel in uw app en probeer het opnieuw.
sign-out-question = Afmelden bij { $tenant }?
sign-out-confirm-intro = Een toepassing heeft gevraagd u af te melden. Meld u alleen af als u dit zelf hebt gedaan; sluit anders deze pagina.
find-organization-intro = Voer uw zakelijke e-mailadres in om uw organisatie te vinden.
find-organization = Doorgaan
no-organization = Geen organisatie hier gebruikt het domein van { $address }. Controleer het adres of open de link die uw organisatie u heeft gestuurd.
not-set-up = Entente is nog niet ingericht: open de inrichtingslink uit het serverlogboek.
admin-portal = Beheerportal
my-apps = Mijn apps
password-required = Voer uw wachtwoord in.
