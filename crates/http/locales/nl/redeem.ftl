### redeem: nl; the English catalog (../en/redeem.ftl) is the reference.

html-lang = nl
invitation-title = { $tenant } heeft u uitgenodigd
invitation-to-app = U bent uitgenodigd om { $app } te gebruiken.
invited-address = Deze uitnodiging is bestemd voor { $email }.
expires-on = Deze uitnodiging verloopt op { $date } (UTC).
sign-in-at-home = Aanmelden met uw account bij { $home }
sign-in = Aanmelden
sign-up-intro = Uw organisatie heeft nog geen account bij ons. We sturen een eenmalige code naar { $email } om te bevestigen dat het adres van u is.
send-code = Code versturen
code-sent = We hebben een code naar { $email } gestuurd. De code is { $minutes ->
     [one] { $minutes } minuut
    *[other] { $minutes } minuten
} geldig.
code-label = Code
verify = Verifiëren
code-invalid = Deze code is onjuist of verlopen.
signed-in-as = U bent aangemeld als { $account }.
accept = Uitnodiging accepteren
consent-heading = Machtigingen controleren
consent-intro = { $tenant } wil:
consent-sign-in = U aanmelden
consent-profile = Uw naam en e-mailadres lezen
consent-home = Zien tot welke organisatie uw account behoort
consent-trust = Accepteer alleen als u { $tenant } vertrouwt. Als u accepteert, wordt u als gast toegevoegd aan de directory van { $tenant }.
wrong-account = Deze uitnodiging is naar { $email } gestuurd, maar u bent aangemeld als { $account }.
switch-account = Aanmelden met een ander account
prove-address = Stuur een code naar { $email } om te laten zien dat het adres van u is
cc-blocks-signup = Er is een kopie van deze uitnodiging naar een ander adres gestuurd, dus u kunt er geen nieuw account mee aanmaken. Vraag { $tenant } om u opnieuw uit te nodigen.
no-codes = { $tenant } accepteert geen uitnodigingen die met een eenmalige code worden bevestigd en heeft geen verbinding met uw organisatie. Vraag { $tenant } hoe u deze uitnodiging kunt accepteren.
invitation-invalid = Deze uitnodigingslink is ongeldig.
invitation-expired = Deze uitnodiging is verlopen. Vraag { $tenant } om de uitnodiging opnieuw te sturen.
invitation-revoked = Deze uitnodiging is ingetrokken.
invitation-used = Deze uitnodiging is al geaccepteerd.
contact = Contact opnemen met { $tenant }
my-apps-title = Mijn apps
my-apps-empty = Er zijn nog geen applicaties aan u toegewezen.
organizations = Uw organisaties
home-organization = uw thuisorganisatie
sign-out = Afmelden
accepted-title = Welkom bij { $tenant }
too-many-codes = Er zijn te veel codes aangevraagd. Probeer het over { $minutes } min. opnieuw.
member-of-inviter = Dit account hoort bij { $tenant } en heeft geen uitnodiging nodig.
already-guest = Met dit account is al een andere uitnodiging van { $tenant } geaccepteerd.
my-guests = Mijn gasten
my-guests-intro = Mensen van partnerorganisaties voor wie u als sponsor instaat.
guest-pending = Heeft de uitnodiging nog niet geaccepteerd
guest-active = Actief
guest-blocked = Geblokkeerd
guest-access-ends = Toegang eindigt op { $date }
guest-extend = Toegang verlengen
guest-inactive = Meldt zich niet meer aan; aanmelden wordt op { $date } geblokkeerd tenzij de toegang wordt behouden
guest-keep = Toegang behouden
my-reviews = Uw toegangsbeoordelingen
review-open-count = Nog { $open } van { $total } te beslissen · eindigt op { $date }
review-title = Toegangsbeoordeling: { $review }
review-intro = Beslis voor elke persoon hieronder of deze de toegang tot { $resource } behoudt. De beoordeling eindigt op { $date }; wat wordt geweigerd, verliest dan de toegang.
review-resource-all = { $tenant } (alle gasten)
review-progress = { $done } van { $total } beslist
review-accept-recommendations = Alle aanbevelingen accepteren
review-accepted = { $count ->
     [one] { $count } aanbeveling geaccepteerd.
    *[other] { $count } aanbevelingen geaccepteerd.
}
review-approve = Goedkeuren
review-deny = Weigeren
review-dont-know = Weet ik niet
review-justification = Reden
review-justification-required = Geef een reden voor de goedkeuring.
review-last-sign-in = Laatste aanmelding: { $date }
review-never-signed-in = Nooit aangemeld
review-sponsors = Gesponsord door: { $names }
review-no-sponsors = Geen sponsor
review-reaches = Heeft toegang tot: { $names }
review-reaches-nothing = Geen groepen of applicaties
review-recommended-approve = Aanbevolen: goedkeuren (onlangs aangemeld)
review-recommended-deny = Aanbevolen: weigeren (al { $days ->
     [one] { $days } dag
    *[other] { $days } dagen
} niet aangemeld)
review-state-open = Nog niet beslist
review-state-approved = Goedgekeurd
review-state-denied = Geweigerd
review-state-dont-know = Weet ik niet
review-next-page = Volgende pagina
review-show-open = Alleen onbesliste tonen
review-show-all = Alles tonen
review-ended = Deze beoordeling is afgelopen: beslissingen kunnen niet meer worden gewijzigd.
