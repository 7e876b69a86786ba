### fields: de; the English catalog (../en/fields.ftl) is the reference.

summary-title = Es gibt ein Problem
enter-email = Geben Sie eine E-Mail-Adresse ein, z. B. name@example.com.
too-long = Das sind { $length } Zeichen; höchstens { $max } passen.
enter-https-url = Geben Sie eine Webadresse ein, die mit https:// beginnt.
choose-language = Wählen Sie eine Sprache aus der Liste.
enter-display-name = Geben Sie einen Anzeigenamen ein.
upn-not-in-domain = { $given } ist keine Domäne Ihrer Organisation; geben Sie eine Adresse wie name@{ $domain } ein.
upn-taken = Jemand in Ihrer Organisation hat diesen Namen bereits; wählen Sie einen anderen.
password-too-short = Geben Sie ein Kennwort mit mindestens 8 Zeichen ein.
password-too-long = Geben Sie ein Kennwort mit höchstens 256 Zeichen ein.
enter-domain = Geben Sie einen Domänennamen ein, z. B. contoso.com.
not-a-domain = { $entry } ist kein Domänenname; geben Sie einen wie contoso.com ein.
own-organization = Das ist Ihre eigene Organisation; geben Sie die Mandanten-ID einer anderen Organisation ein.
unknown-partner = { $entry } ist weder eine Organisation dieser Bereitstellung noch eine Ihrer Verbundkonfigurationen; überprüfen Sie die Mandanten-ID.
domain-unavailable = Diese Domäne wurde Ihrer Organisation bereits hinzugefügt, oder eine andere Organisation hat sie verifiziert.
enter-web-address = Geben Sie eine vollständige Webadresse ein, z. B. https://app.contoso.com.
redirect-https = Geben Sie eine Adresse ein, die mit https:// beginnt; nur eine App auf diesem Computer (http://localhost) darf http:// verwenden.
redirect-fragment = Entfernen Sie den Teil ab #: Eine Umleitungs-URI darf keinen solchen Teil haben.
enter-colour = Geben Sie eine Farbe als # und sechs Hexadezimalziffern ein, z. B. #1d4ed8.
allowed-and-blocked = { $entry } steht in beiden Listen; eine Domäne kann nicht zugleich erlaubt und gesperrt sein.
days-between = Geben Sie eine ganze Anzahl Tage von { $min } bis { $max } ein.
enter-value = Geben Sie einen Wert ein.

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = Geben Sie höchstens { $max } Einträge an, einen pro Zeile.
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry } ist nicht die Objekt-ID eines Benutzers oder einer Gruppe.
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = Personen eines Partners über eine Verbundkonfiguration sind hier nicht bekannt; lassen Sie alle zu oder blockieren Sie alle.
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry } ist nicht die Client-ID einer Anwendung dieser Organisation.
# The redemption order must name each of the three ways exactly once.
redemption-order = Wählen Sie jeden der drei Wege zum Einlösen genau einmal, in der Reihenfolge, in der sie versucht werden sollen.
