### fields: nl; the English catalog (../en/fields.ftl) is the reference.

summary-title = Er is een probleem
enter-email = Vul een e-mailadres in, zoals naam@example.com.
too-long = Dit is { $length } tekens lang; er passen er hoogstens { $max }.
enter-https-url = Vul een webadres in dat met https:// begint.
choose-language = Kies een taal uit de lijst.
enter-display-name = Vul een weergavenaam in.
upn-not-in-domain = { $given } is geen domein van uw organisatie; vul een adres in zoals naam@{ $domain }.
upn-taken = Iemand in uw organisatie heeft deze naam al; kies een andere.
password-too-short = Vul een wachtwoord van minstens 8 tekens in.
password-too-long = Vul een wachtwoord van hoogstens 256 tekens in.
enter-domain = Vul een domeinnaam in, zoals contoso.com.
not-a-domain = { $entry } is geen domeinnaam; vul er een in zoals contoso.com.
own-organization = Dit is uw eigen organisatie; vul de tenant-id van een andere organisatie in.
unknown-partner = { $entry } is geen organisatie van deze implementatie en ook geen van uw federatieconfiguraties; controleer de tenant-id.
domain-unavailable = Dit domein is al aan uw organisatie toegevoegd, of een andere organisatie heeft het geverifieerd.
enter-web-address = Vul een volledig webadres in, zoals https://app.contoso.com.
redirect-https = Vul een adres in dat met https:// begint; alleen een app op deze computer (http://localhost) mag http:// gebruiken.
redirect-fragment = Verwijder het deel vanaf #: een omleidings-URI mag zo'n deel niet bevatten.
enter-colour = Vul een kleur in als # en zes hexadecimale cijfers, zoals #1d4ed8.
allowed-and-blocked = { $entry } staat in beide lijsten; een domein kan niet tegelijk toegestaan en geblokkeerd zijn.
days-between = Vul een geheel aantal dagen in van { $min } tot en met { $max }.
enter-value = Vul een waarde in.

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = Geef hoogstens { $max } items op, één per regel.
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry } is geen object-id van een gebruiker of groep.
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = Mensen van een partner via een federatieconfiguratie zijn hier niet bekend; sta ze allemaal toe of blokkeer ze allemaal.
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry } is geen client-id van een applicatie van deze organisatie.
# The redemption order must name each of the three ways exactly once.
redemption-order = Kies elk van de drie manieren van inwisselen precies één keer, in de volgorde waarin ze geprobeerd moeten worden.
