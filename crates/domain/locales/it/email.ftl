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
sponsor-left-subject = { $tenant }: { $sponsor } non è più sponsor di ospiti
sponsor-left-remaining = { $sponsor } era sponsor di questi ospiti di { $tenant } e non lo è più. Tu ne sei ancora responsabile:
sponsor-left-unsponsored = { $sponsor } era l’ultimo sponsor di questi ospiti di { $tenant } e non lo è più. Ora nessuno ne è responsabile: nomina un nuovo sponsor o revoca il loro accesso.
sponsor-left-more = { $count ->
     [one] e { $count } altro ospite
     [many] e { $count } altri ospiti
    *[other] e { $count } altri ospiti
}
sponsor-left-link = Visualizzali nel portale:
access-ends-subject = { $tenant }: l’accesso di { $guest } termina in data { $date }
access-ends-sponsor = L’accesso di { $guest } a { $tenant } termina in data { $date }. Sei sponsor di questo ospite: se l’accesso serve ancora, estendilo nella pagina Le mie app:
access-ends-admin = L’accesso di { $guest } a { $tenant } termina in data { $date } e nessuno è sponsor di questo ospite. Se l’accesso serve ancora, estendilo dalla pagina dell’ospite nel portale:
access-ends-then = Quel giorno l’accesso dell’account viene bloccato e, { $days ->
     [one] { $days } giorno
     [many] { $days } di giorni
    *[other] { $days } giorni
} dopo, l’account viene eliminato.
inactive-subject = { $tenant }: ospiti che non accedono da { $days ->
     [one] { $days } giorno
     [many] { $days } di giorni
    *[other] { $days } giorni
}
inactive-sponsor = Questi ospiti di { $tenant } di cui sei sponsor non accedono da molto tempo. A meno che tu non li mantenga nella pagina Le mie app, in data { $date } il loro accesso viene bloccato:
inactive-admin = Questi ospiti di { $tenant } non accedono da molto tempo e nessuno ne è sponsor. A meno che un amministratore non imposti una data di fine o uno sponsor non li mantenga, in data { $date } il loro accesso viene bloccato:
review-start-subject = { $tenant }: verifica chi mantiene l’accesso ({ $review })
review-start-body = { $tenant } ti chiede di verificare chi deve mantenere il proprio accesso: { $review }. { $count ->
     [one] { $count } persona attende
     [many] { $count } di persone attendono
    *[other] { $count } persone attendono
} la tua decisione entro il giorno { $date }. Apri la verifica di accesso nella pagina Le mie app:
review-reminder-subject = { $tenant }: la verifica di accesso { $review } termina in data { $date }
review-reminder-body = { $count ->
     [one] Hai ancora { $count } decisione in sospeso
     [many] Hai ancora { $count } di decisioni in sospeso
    *[other] Hai ancora { $count } decisioni in sospeso
} nella verifica di accesso { $review } di { $tenant }. Termina in data { $date }. Aprila nella pagina Le mie app:
review-how = Approva o nega l’accesso di ogni persona. Accanto a ciascuna vedi il suo ultimo accesso e una raccomandazione basata su di esso. Ciò che viene negato perde l’accesso al termine della verifica.
