### email: nl; the English catalog (../en/email.ftl) is the reference.

subject-with-inviter = { $inviter } heeft u uitgenodigd voor { $tenant }
subject = Uitnodiging voor { $tenant }
greeting = Beste { $name },
greeting-without-name = Hallo,
invited-by-inviter = { $inviter } heeft u als gast uitgenodigd bij { $tenant }.
invited-by-tenant = U bent als gast uitgenodigd bij { $tenant }.
invited-to-app = U bent uitgenodigd om { $app } te gebruiken.
message-from-inviter = Een bericht van { $inviter }:
message-from-tenant = Een bericht van { $tenant }:
accept-button = Uitnodiging accepteren
button-fallback = Werkt de knop niet? Kopieer dan deze link naar uw browser:
link-intro = Open deze link om de uitnodiging te accepteren:
expires = Deze uitnodiging verloopt op { $date } (UTC).
contact-question = Vragen over deze uitnodiging?
contact-us = Neem contact met ons op
footer = U ontvangt deze e-mail omdat { $tenant } { $email } heeft uitgenodigd. Had u deze uitnodiging niet verwacht? Dan kunt u deze e-mail negeren.
code-subject = Uw verificatiecode voor { $tenant }
code-intro = Voer deze code in om te bevestigen dat { $email } uw adres is:
code-valid = De code is { $minutes ->
     [one] { $minutes } minuut
    *[other] { $minutes } minuten
} geldig.
code-ignore = Hebt u deze code niet aangevraagd? Dan kunt u deze e-mail negeren. Deel de code met niemand.
sponsor-left-subject = { $tenant }: { $sponsor } staat niet meer in voor gasten
sponsor-left-remaining = { $sponsor } was sponsor van deze gasten van { $tenant } en is vertrokken. U staat nog steeds voor hen in:
sponsor-left-unsponsored = { $sponsor } was de laatste sponsor van deze gasten van { $tenant } en is vertrokken. Niemand staat nu nog voor hen in: wijs een nieuwe sponsor aan of beëindig hun toegang.
sponsor-left-more = { $count ->
     [one] en nog { $count } gast
    *[other] en nog { $count } gasten
}
sponsor-left-link = Bekijk ze in de portal:
access-ends-subject = { $tenant }: toegang van { $guest } eindigt op { $date }
access-ends-sponsor = De toegang van { $guest } tot { $tenant } eindigt op { $date }. U staat als sponsor voor deze gast in: als de toegang nog nodig is, verlengt u die in Mijn apps:
access-ends-admin = De toegang van { $guest } tot { $tenant } eindigt op { $date } en niemand staat als sponsor voor deze gast in. Als de toegang nog nodig is, verlengt u die op de pagina van de gast in de portal:
access-ends-then = Op die dag wordt het aanmelden geblokkeerd, en { $days ->
     [one] { $days } dag
    *[other] { $days } dagen
} later wordt de gast verwijderd.
inactive-subject = { $tenant }: gasten die zich al { $days ->
     [one] { $days } dag
    *[other] { $days } dagen
} niet hebben aangemeld
inactive-sponsor = Deze gasten van { $tenant } voor wie u als sponsor instaat, hebben zich al lang niet aangemeld. Tenzij u hun toegang in Mijn apps behoudt, wordt het aanmelden op { $date } geblokkeerd:
inactive-admin = Deze gasten van { $tenant } hebben zich al lang niet aangemeld en niemand staat als sponsor voor hen in. Tenzij een beheerder hun een einddatum geeft of een sponsor hun toegang behoudt, wordt het aanmelden op { $date } geblokkeerd:
review-start-subject = { $tenant }: beoordeel wie toegang behoudt ({ $review })
review-start-body = { $tenant } vraagt u te beoordelen wie de toegang moet behouden: { $review }. { $count ->
     [one] Voor { $count } persoon
    *[other] Voor { $count } personen
} is uiterlijk { $date } uw beslissing nodig. Open de toegangsbeoordeling in Mijn apps:
review-reminder-subject = { $tenant }: de toegangsbeoordeling { $review } eindigt op { $date }
review-reminder-body = { $count ->
     [one] Er staat nog { $count } beslissing van u open
    *[other] Er staan nog { $count } beslissingen van u open
} in de toegangsbeoordeling { $review } van { $tenant }. Deze eindigt op { $date }. Open de beoordeling in Mijn apps:
review-how = Keur de toegang van elke persoon goed of weiger deze. Bij elke persoon ziet u de laatste aanmelding en een aanbeveling op basis daarvan. Wat wordt geweigerd, verliest de toegang wanneer de beoordeling eindigt.
