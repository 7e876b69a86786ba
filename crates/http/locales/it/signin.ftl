### signin: it; the English catalog (../en/signin.ftl) is the reference.

html-lang = it
sign-in = Accedi
sign-in-to = a { $tenant }
email-label = Indirizzo email
password-label = Password
no-password-hint = Non hai una password? Gli account creati tramite verifica dell’email ricevono invece un codice via email.
password-incorrect = L’indirizzo email o la password non sono corretti.
too-many-attempts = Troppi tentativi non riusciti. Riprova tra { $seconds ->
        [one] { $seconds } secondo
       *[other] { $seconds } secondi
    }.
busy = Il servizio è occupato. Riprova tra qualche istante.
account-title = Il tuo account
signed-in-as = Hai effettuato l’accesso a { $tenant } come { $account }.
set-up-app = Configura un’app di autenticazione
sign-out = Esci
signed-out-title = Uscita effettuata
signed-out-heading = Hai effettuato la disconnessione
signed-out-next = Puoi chiudere questa finestra oppure { $link }.
sign-in-again = accedere di nuovo
enter-code = Inserisci il codice
code-sign-in-to = per accedere a { $tenant }
code-sent = Se esiste un account per { $email }, abbiamo inviato un codice a questo indirizzo. Il codice è valido per { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minuti
    }.
code-label = Codice
send-new-code = Invia un nuovo codice
too-many-codes = Sono stati richiesti troppi codici. Riprova tra { $minutes } min.
code-wrong = Il codice è errato o è scaduto. Riprova oppure richiedi un nuovo codice.
verify-identity = Verifica la tua identità
enter-app-code = Inserisci il codice a 6 cifre della tua app di autenticazione.
verify = Verifica
use-recovery-code-instead = Usa invece un codice di recupero
use-recovery-code = Usa un codice di recupero
recovery-code-once = Ogni codice di recupero funziona una sola volta.
recovery-code-label = Codice di recupero
use-app-code-instead = Usa invece un codice della tua app di autenticazione
enrol-intro = { $tenant } richiede un codice di un’app di autenticazione quando accedi. Aggiungi questo account alla tua app con il link o la chiave qui sotto, poi inserisci il codice mostrato dall’app.
setup-link-label = Link di configurazione (URI otpauth)
manual-key-label = Chiave da inserire manualmente (basata sul tempo, 6 cifre, 30 secondi)
app-code-label = Codice dell’app
confirm = Conferma
recovery-codes-title = I tuoi codici di recupero
app-ready = La tua app di autenticazione è configurata
recovery-codes-intro = Se perdi il dispositivo, ognuno di questi codici di recupero ti permette di accedere una volta. Conservali subito in un luogo sicuro: non verranno mostrati di nuovo.
continue-label = Continua
app-title = App di autenticazione
manage-intro = Per il tuo account è configurata un’app di autenticazione. Per passare a un nuovo dispositivo, rimuovila qui e configura quella nuova.
remove-app = Rimuovi l’app di autenticazione
back-to-account = Torna al tuo account
guest-code-intro = { $tenant } richiede agli ospiti un secondo fattore. Inserisci il codice a 6 cifre dell’app di autenticazione che hai configurato per { $tenant }.
guest-lost-app = Hai perso l’app? Chiedi agli amministratori di { $tenant } di reimpostarla.
guest-enrol-intro = { $tenant } richiede agli ospiti un codice di un’app di autenticazione quando accedono. Aggiungi questo account alla tua app con il link o la chiave qui sotto, poi inserisci il codice mostrato dall’app. L’app è legata al tuo account ospite presso { $tenant }, che può reimpostarla.
code-incorrect = Il codice è errato o è già stato usato.
recovery-code-incorrect = Il codice di recupero è errato o è già stato usato.
code-mismatch = Il codice non corrisponde. Controlla la chiave nella tua app e riprova.
sign-out-question = Uscire da { $tenant }?
sign-out-confirm-intro = Un’applicazione ha chiesto di disconnetterti. Esci solo se l’hai richiesto tu; altrimenti chiudi questa pagina.
find-organization-intro = Inserisci il tuo indirizzo email di lavoro per trovare la tua organizzazione.
find-organization = Continua
no-organization = Nessuna organizzazione qui usa il dominio di { $address }. Controlla l’indirizzo o apri il link che ti ha inviato la tua organizzazione.
not-set-up = Entente non è ancora configurato: apri il link di configurazione riportato nel log del server.
admin-portal = Portale di amministrazione
my-apps = Le mie app
password-required = Inserisci la password.
