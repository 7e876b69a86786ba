### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = nl

## The consent page.
# The page's heading and the browser tab's title.
title = Aangevraagde machtigingen
intro = { $app } is een applicatie van { $vendor }. De applicatie vraagt om te worden gebruikt door de mensen van { $organization }.
effect = Als u accepteert, kunnen de mensen van { $organization } zich er met hun account hier bij aanmelden. U kiest wie de applicatie mag gebruiken en welke rollen van de applicatie zij krijgen, en u kunt de applicatie op elk moment verwijderen.
roles = Rollen die de applicatie definieert en die u aan uw gebruikers kunt toewijzen:
no-roles = De applicatie definieert geen rollen.
already = { $organization } heeft deze applicatie al geaccepteerd.
accept = Accepteren
decline = Annuleren
# After accepting, when the application gave no address to return to.
done = { $app } kan nu worden gebruikt door de mensen van { $organization }.

## Why the consent page cannot be shown.
refused-title = Deze applicatie kan niet worden geaccepteerd
admin-only = Alleen een beheerder van { $organization } kan een applicatie voor de hele organisatie accepteren.
unknown-application = Er is geen applicatie met deze client-id.
single-organization = Deze applicatie is alleen bedoeld voor de eigen organisatie; andere organisaties kunnen haar niet gebruiken.
own-application = Deze applicatie hoort bij uw organisatie; ze hoeft niet te worden geaccepteerd.
redirect-not-registered = Het adres om naar terug te keren is niet geregistreerd voor deze applicatie.

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = Goedkeuring vereist
needed-body = { $app } van { $vendor } moet worden goedgekeurd door een beheerder van { $organization } voordat de mensen van die organisatie zich erbij kunnen aanmelden.
needed-admin = Als u beheerder van { $organization } bent, kunt u de applicatie bekijken en accepteren:
needed-link = Applicatie bekijken

## The portal's list of other organizations' applications, on the applications page.
others-heading = Applicaties van andere organisaties
others-intro = Applicaties die andere organisaties hebben gemaakt en die deze organisatie heeft geaccepteerd. Hun tokens worden uitgegeven door deze organisatie, met de rollen die u hier toewijst.
others-none = Er is geen applicatie van een andere organisatie geaccepteerd.
others-vendor = Gemaakt door
others-accepted = Geaccepteerd
others-assigned-only = Alleen toegewezen mensen mogen zich aanmelden
others-everyone = Iedereen in de organisatie mag zich aanmelden
others-remove = Verwijderen
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = { $app } verwijderen? De toegang van de applicatie eindigt voor iedereen in { $organization } en de rollen die erin zijn toegewezen, worden verwijderd.
others-removed = { $app } is verwijderd.
