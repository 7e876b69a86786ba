### fields: it; the English catalog (../en/fields.ftl) is the reference.

summary-title = C’è un problema
enter-email = Inserisci un indirizzo email, ad esempio nome@example.com.
too-long = Sono { $length } caratteri; ne entrano al massimo { $max }.
enter-https-url = Inserisci un indirizzo web che inizi con https://.
choose-language = Scegli una lingua dall’elenco.
enter-display-name = Inserisci un nome visualizzato.
upn-not-in-domain = { $given } non è un dominio della tua organizzazione; inserisci un indirizzo come nome@{ $domain }.
upn-taken = Qualcuno nella tua organizzazione ha già questo nome; scegline un altro.
password-too-short = Inserisci una password di almeno 8 caratteri.
password-too-long = Inserisci una password di al massimo 256 caratteri.
enter-domain = Inserisci un nome di dominio, ad esempio contoso.com.
not-a-domain = { $entry } non è un nome di dominio; inseriscine uno come contoso.com.
own-organization = Questa è la tua organizzazione; inserisci l’ID tenant di un’altra organizzazione.
unknown-partner = { $entry } non è né un’organizzazione di questa distribuzione né una delle tue configurazioni di federazione; controlla l’ID tenant.
domain-unavailable = Questo dominio è già stato aggiunto alla tua organizzazione, oppure un’altra organizzazione lo ha verificato.
enter-web-address = Inserisci un indirizzo web completo, ad esempio https://app.contoso.com.
redirect-https = Inserisci un indirizzo che inizi con https://; solo un’app su questo computer (http://localhost) può usare http://.
redirect-fragment = Rimuovi la parte da # in poi: un URI di reindirizzamento non può averla.
enter-colour = Inserisci un colore come # seguito da sei cifre esadecimali, ad esempio #1d4ed8.
allowed-and-blocked = { $entry } è in entrambi gli elenchi; un dominio non può essere consentito e bloccato allo stesso tempo.
days-between = Inserisci un numero intero di giorni da { $min } a { $max }.
enter-value = Inserisci un valore.

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = Elenca al massimo { $max } voci, una per riga.
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry } non è l’ID oggetto di un utente o di un gruppo.
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = Le persone di un partner tramite una configurazione di federazione non sono note qui; consenti o blocca tutte queste persone.
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry } non è l’ID client di un’applicazione di questa organizzazione.
# The redemption order must name each of the three ways exactly once.
redemption-order = Scegli una sola volta ciascuno dei tre modi di riscattare, nell’ordine in cui provarli.
