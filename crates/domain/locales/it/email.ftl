### email: it; the English catalog (../en/email.ftl) is the reference.

subject-with-inviter = { $inviter } ti ha invitato a unirti a { $tenant }
subject = Invito a unirti a { $tenant }
greeting = Ciao { $name },
greeting-without-name = Buongiorno,
invited-by-inviter = { $inviter } ti ha invitato a unirti a { $tenant } come ospite.
invited-by-tenant = Hai ricevuto un invito a unirti a { $tenant } come ospite.
invited-to-app = Hai ricevuto un invito a usare { $app }.
message-from-inviter = Un messaggio da { $inviter }:
message-from-tenant = Un messaggio da { $tenant }:
accept-button = Accetta l’invito
button-fallback = Se il pulsante non funziona, copia questo link nel browser:
link-intro = Per accettare l’invito, apri questo link:
expires = Scadenza dell’invito: { $date } (UTC).
contact-question = Domande su questo invito?
contact-us = Contattaci
footer = Hai ricevuto questa email perché { $tenant } ha invitato { $email }. Se non ti aspettavi questo invito, puoi ignorare questa email.
code-subject = Il tuo codice di verifica per { $tenant }
code-intro = Inserisci questo codice per confermare che { $email } è il tuo indirizzo:
code-valid = Il codice è valido per { $minutes ->
     [one] { $minutes } minuto
    *[other] { $minutes } minuti
}.
code-ignore = Se non hai richiesto questo codice, puoi ignorare questa email. Non condividere il codice con nessuno.
