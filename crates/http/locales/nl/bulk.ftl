### bulk: nl; the English catalog (../en/bulk.ftl) is the reference.

size-limit = Een bestand mag hoogstens { $rows ->
    [one] { $rows } rij
   *[other] { $rows } rijen
} en { $size } bevatten.
file-too-large = Dit bestand is groter dan { $size }, het maximum voor één upload. Splits het in kleinere bestanden en upload die een voor een.
choose-another-file = Ander bestand kiezen
names-hint = Noem in InvitedToApplications toepassingen bij weergavenaam, client-id of object-id, en in InvitedToGroups groepen bij weergavenaam of object-id. Scheid meerdere id's met spaties en meerdere namen met puntkomma's (;).
sample-hint = Het voorbeeldbestand toont elke kolom; vervang de namen door uw eigen toepassingen en groepen.
language = Taal
errors-only = Alleen rijen met fouten tonen
all-rows = Alle rijen tonen
row-warning = Klaar, met een waarschuwing
cc-warning = Er gaat een kopie naar { $cc }, dus { $email } kan zich niet met een eenmalige code aanmelden en heeft hier geen organisatie om mee in te loggen: de link werkt pas als die organisatie eerst wordt toegevoegd.
no-error-rows = Geen enkele rij heeft fouten.
object-id = Object-id
copy = Kopiëren
copied = Gekopieerd
