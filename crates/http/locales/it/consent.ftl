### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = it

## The consent page.
# The page's heading and the browser tab's title.
title = Autorizzazioni richieste
intro = { $app } è un’applicazione di { $vendor }. Chiede di poter essere usata dalle persone di { $organization }.
effect = Se accetti, le persone di { $organization } potranno accedervi con i loro account di qui. Scegli tu chi può usarla e quali ruoli dell’applicazione riceve ciascuno, e puoi rimuoverla in qualsiasi momento.
roles = Ruoli definiti dall’applicazione, che puoi assegnare ai tuoi utenti:
no-roles = L’applicazione non definisce ruoli.
already = { $organization } ha già accettato questa applicazione.
accept = Accetta
decline = Annulla
# After accepting, when the application gave no address to return to.
done = Ora le persone di { $organization } possono usare { $app }.

## Why the consent page cannot be shown.
refused-title = Impossibile accettare questa applicazione
admin-only = Solo un amministratore di { $organization } può accettare un’applicazione per l’intera organizzazione.
unknown-application = Nessuna applicazione ha questo ID client.
single-organization = Questa applicazione è riservata alla propria organizzazione; le altre organizzazioni non possono usarla.
own-application = Questa applicazione appartiene alla tua organizzazione; non deve essere accettata.
redirect-not-registered = L’indirizzo a cui tornare non è registrato per questa applicazione.

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = Approvazione necessaria
needed-body = { $app } di { $vendor } deve essere approvata da un amministratore di { $organization } prima che le persone dell’organizzazione possano accedervi.
needed-admin = Se sei un amministratore di { $organization }, puoi esaminarla e accettarla:
needed-link = Esamina l’applicazione

## The portal's list of other organizations' applications, on the applications page.
others-heading = Applicazioni di altre organizzazioni
others-intro = Applicazioni create da altre organizzazioni e accettate da questa organizzazione. I loro token vengono emessi da questa organizzazione, con i ruoli che assegni qui.
others-none = Non è stata accettata nessuna applicazione di un’altra organizzazione.
others-vendor = Creata da
others-accepted = Accettata
others-assigned-only = Solo le persone assegnate possono accedere
others-everyone = Tutti nell’organizzazione possono accedere
others-remove = Rimuovi
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = Rimuovere { $app }? Il suo accesso termina per tutti in { $organization } e i ruoli assegnati al suo interno vengono rimossi.
others-removed = L’applicazione { $app } è stata rimossa.
