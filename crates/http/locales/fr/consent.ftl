### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = fr

## The consent page.
# The page's heading and the browser tab's title.
title = Autorisations demandées
intro = L’application « { $app } » appartient à l’organisation « { $vendor } ». Elle demande à être utilisée par les personnes de l’organisation « { $organization } ».
effect = Si vous acceptez, les personnes de l’organisation « { $organization } » pourront s’y connecter avec leurs comptes d’ici. Vous choisissez qui peut l’utiliser et quels rôles de l’application chacun reçoit, et vous pouvez la retirer à tout moment.
roles = Rôles définis par l’application, que vous pouvez attribuer à vos utilisateurs :
no-roles = L’application ne définit aucun rôle.
already = L’organisation « { $organization } » a déjà accepté cette application.
accept = Accepter
decline = Annuler
# After accepting, when the application gave no address to return to.
done = Les personnes de l’organisation « { $organization } » peuvent désormais utiliser l’application « { $app } ».

## Why the consent page cannot be shown.
refused-title = Cette application ne peut pas être acceptée
admin-only = Seul un administrateur de l’organisation « { $organization } » peut accepter une application pour toute l’organisation.
unknown-application = Aucune application n’a cet ID client.
single-organization = Cette application est réservée à sa propre organisation ; les autres organisations ne peuvent pas l’utiliser.
own-application = Cette application appartient à votre organisation ; elle n’a pas besoin d’être acceptée.
redirect-not-registered = L’adresse de retour n’est pas inscrite pour cette application.

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = Approbation requise
needed-body = L’application « { $app } » de l’organisation « { $vendor } » doit être approuvée par un administrateur de l’organisation « { $organization } » avant que les personnes de cette organisation puissent s’y connecter.
needed-admin = Si vous êtes administrateur de l’organisation « { $organization } », vous pouvez l’examiner et l’accepter :
needed-link = Examiner l’application

## The portal's list of other organizations' applications, on the applications page.
others-heading = Applications d’autres organisations
others-intro = Applications créées par d’autres organisations et acceptées par cette organisation. Leurs jetons sont émis par cette organisation, avec les rôles que vous attribuez ici.
others-none = Aucune application d’une autre organisation n’a été acceptée.
others-vendor = Créée par
others-accepted = Acceptée
others-assigned-only = Seules les personnes attribuées peuvent se connecter
others-everyone = Tout le monde dans l’organisation peut se connecter
others-remove = Retirer
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = Retirer l’application « { $app } » ? Son accès prend fin pour tout le monde dans l’organisation « { $organization } », et les rôles attribués dans cette application sont retirés.
others-removed = L’application « { $app } » a été retirée.
