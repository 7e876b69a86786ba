### redeem: it; the English catalog (../en/redeem.ftl) is the reference.

html-lang = it
invitation-title = Hai ricevuto un invito da { $tenant }
invitation-to-app = Hai ricevuto un invito a usare { $app }.
invited-address = Questo invito è destinato a { $email }.
expires-on = Scadenza dell’invito: { $date } (UTC).
sign-in-at-home = Accedi con il tuo account { $home }
sign-in = Accedi
sign-up-intro = La tua organizzazione non ha ancora un account presso di noi. Invieremo un codice monouso a { $email } per confermare che l’indirizzo è tuo.
send-code = Invia codice
code-sent = Abbiamo inviato un codice a { $email }. È valido per { $minutes ->
     [one] { $minutes } minuto
    *[other] { $minutes } minuti
}.
code-label = Codice
verify = Verifica
code-invalid = Il codice è errato o è scaduto.
signed-in-as = Hai effettuato l’accesso come { $account }.
accept = Accetta l’invito
consent-heading = Verifica le autorizzazioni
consent-intro = { $tenant } chiede di:
consent-sign-in = Farti accedere
consent-profile = Leggere il tuo nome e il tuo indirizzo email
consent-home = Vedere a quale organizzazione appartiene il tuo account
consent-trust = Accetta solo se ti fidi di { $tenant }. Se accetti, entrerai come ospite nella directory di { $tenant }.
wrong-account = Questo invito è stato inviato a { $email }, ma hai effettuato l’accesso come { $account }.
switch-account = Accedi con un altro account
prove-address = Invia un codice a { $email } per dimostrare che l’indirizzo è tuo
cc-blocks-signup = Una copia di questo invito è stata inviata a un altro indirizzo, quindi l’invito non può essere usato per creare un nuovo account. Chiedi a { $tenant } di invitarti di nuovo.
no-codes = { $tenant } non accetta inviti confermati con un codice monouso e non ha alcun collegamento con la tua organizzazione. Chiedi a { $tenant } come accettare questo invito.
invitation-invalid = Questo link di invito non è valido.
invitation-expired = Questo invito è scaduto. Chiedi a { $tenant } di inviarlo di nuovo.
invitation-revoked = Questo invito è stato ritirato.
invitation-used = Questo invito è già stato accettato.
contact = Contatta { $tenant }
my-apps-title = Le mie app
my-apps-empty = Non ti è ancora stata assegnata nessuna applicazione.
organizations = Le tue organizzazioni
home-organization = la tua organizzazione di appartenenza
sign-out = Esci
accepted-title = Ti diamo il benvenuto in { $tenant }
too-many-codes = Sono stati richiesti troppi codici. Riprova tra { $minutes } min.
member-of-inviter = Questo account appartiene a { $tenant }: non serve un invito.
already-guest = Questo account ha già accettato un altro invito di { $tenant }.
my-guests = I miei ospiti
my-guests-intro = Persone di organizzazioni partner di cui sei responsabile come sponsor.
guest-pending = Non ha ancora accettato l’invito
guest-active = Attivo
guest-blocked = Bloccato
guest-access-ends = Fine dell’accesso: { $date }
guest-extend = Estendi l’accesso
guest-inactive = Non accede da tempo; blocco in data { $date } se non mantieni l’accesso
guest-keep = Mantieni l’accesso
my-reviews = Le tue verifiche di accesso
review-open-count = { $open } di { $total } ancora da decidere · termina in data { $date }
review-title = Verifica di accesso: { $review }
review-intro = Decidi per ogni persona qui sotto se mantiene l’accesso a { $resource }. La verifica termina in data { $date }; ciò che viene negato perde allora l’accesso.
review-resource-all = { $tenant } (tutti gli ospiti)
review-progress = Decisioni prese: { $done } di { $total }
review-accept-recommendations = Accetta tutte le raccomandazioni
review-accepted = { $count ->
     [one] { $count } raccomandazione accettata.
     [many] { $count } di raccomandazioni accettate.
    *[other] { $count } raccomandazioni accettate.
}
review-approve = Approva
review-deny = Nega
review-dont-know = Non so
review-justification = Motivo
review-justification-required = Indica un motivo per l’approvazione.
review-last-sign-in = Ultimo accesso: { $date }
review-never-signed-in = Nessun accesso
review-sponsors = Sponsor: { $names }
review-no-sponsors = Nessuno sponsor
review-reaches = Accede a: { $names }
review-reaches-nothing = Nessun gruppo o applicazione
review-recommended-approve = Consigliato: approva (accesso recente)
review-recommended-deny = Consigliato: nega (nessun accesso da { $days ->
     [one] { $days } giorno
     [many] { $days } di giorni
    *[other] { $days } giorni
})
review-state-open = Non ancora deciso
review-state-approved = Approvato
review-state-denied = Negato
review-state-dont-know = Non so
review-next-page = Pagina successiva
review-show-open = Mostra solo quelli da decidere
review-show-all = Mostra tutto
review-ended = Questa verifica è terminata: le decisioni non possono più essere modificate.
