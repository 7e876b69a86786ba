### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = de

## The consent page.
# The page's heading and the browser tab's title.
title = Angeforderte Berechtigungen
intro = { $app } ist eine Anwendung von { $vendor }. Die Anwendung bittet darum, von den Personen in { $organization } verwendet zu werden.
effect = Wenn Sie akzeptieren, können sich die Personen in { $organization } mit ihren Konten hier bei der Anwendung anmelden. Sie legen fest, wer sie verwenden darf und welche Rollen der Anwendung diese Personen erhalten, und Sie können sie jederzeit entfernen.
roles = Von der Anwendung definierte Rollen, die Sie Ihren Benutzern zuweisen können:
no-roles = Die Anwendung definiert keine Rollen.
already = { $organization } hat diese Anwendung bereits akzeptiert.
accept = Akzeptieren
decline = Abbrechen
# After accepting, when the application gave no address to return to.
done = { $app } kann jetzt von den Personen in { $organization } verwendet werden.

## Why the consent page cannot be shown.
refused-title = Diese Anwendung kann nicht akzeptiert werden
admin-only = Nur ein Administrator von { $organization } kann eine Anwendung für die gesamte Organisation akzeptieren.
unknown-application = Es gibt keine Anwendung mit dieser Client-ID.
single-organization = Diese Anwendung ist nur für die eigene Organisation bestimmt; andere Organisationen können sie nicht verwenden.
own-application = Diese Anwendung gehört zu Ihrer Organisation; sie muss nicht akzeptiert werden.
redirect-not-registered = Die Adresse, zu der zurückgekehrt werden soll, ist für diese Anwendung nicht registriert.

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = Genehmigung erforderlich
needed-body = { $app } von { $vendor } muss von einem Administrator von { $organization } genehmigt werden, bevor sich die Personen dieser Organisation bei der Anwendung anmelden können.
needed-admin = Wenn Sie Administrator von { $organization } sind, können Sie die Anwendung prüfen und akzeptieren:
needed-link = Anwendung prüfen

## The portal's list of other organizations' applications, on the applications page.
others-heading = Anwendungen anderer Organisationen
others-intro = Anwendungen, die andere Organisationen erstellt und diese Organisation akzeptiert hat. Deren Token werden von dieser Organisation ausgestellt, mit den Rollen, die Sie hier zuweisen.
others-none = Es wurde keine Anwendung einer anderen Organisation akzeptiert.
others-vendor = Erstellt von
others-accepted = Akzeptiert
others-assigned-only = Nur zugewiesene Personen dürfen sich anmelden
others-everyone = Alle in der Organisation dürfen sich anmelden
others-remove = Entfernen
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = { $app } entfernen? Der Zugriff der Anwendung endet für alle in { $organization }, und die darin zugewiesenen Rollen werden entfernt.
others-removed = { $app } wurde entfernt.
