# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = Inrichting
provisioning-intro = Een HR-systeem of een andere id-provider kan de gebruikers en groepen van deze organisatie via SCIM 2.0 maken, bijwerken en verwijderen. Kies in de inrichtingsinstellingen van dat systeem SCIM 2.0 en voer het onderstaande adres en het token van een verbinding in.
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = SCIM-adres
provisioning-alternative = Een applicatie die zelf toegangstokens ophaalt (clientreferenties), kan in plaats van het token van een verbinding een toegangstoken met de machtiging SCIM.ReadWrite.All gebruiken.

# The connections' list.
connections-heading = Verbindingen
connections-none = Nog geen verbindingen.
connection-col-name = Naam
connection-col-scope = Bereik
connection-col-token = Token
connection-col-expires = Token verloopt
connection-col-used = Laatst gebruikt
connection-scope-own = Gebruikers en groepen van deze organisatie
# $partner: the partner organization's name.
connection-scope-partner = Personen van { $partner }, als gasten
connection-never-used = Nooit
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = Nieuw token
connection-new-token-named = Nieuw token voor { $name }
connection-delete = Verwijderen
connection-delete-named = { $name } verwijderen
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = { $name } verwijderen: het token werkt meteen niet meer

# The form that makes a connection.
new-connection = Nieuwe verbinding
connection-name = Naam
connection-partner = Partnerorganisatie (het domein of de id ervan), optioneel
connection-partner-hint = Laat dit leeg voor het eigen HR-systeem of de eigen id-provider van deze organisatie. De verbinding van een partner maakt de personen van die partner alleen als gasten aan, met adressen in de domeinen van de partner.
create-connection = Verbinding maken
# Shown once, above the token; $name: the connection's name.
token-shown-once = Het token van { $name }. Kopieer het nu: het wordt alleen deze keer getoond.
# $name: the connection's name.
connection-deleted = { $name } is verwijderd: het token werkt niet meer.

# The provisioning log.
log-heading = Inrichtingslogboek
log-intro = Wat elke inrichtingsaanvraag heeft gewijzigd, of waarom die is mislukt. Vermeldingen worden 30 dagen bewaard.
log-none = Nog niets.
log-show = Tonen
log-all = Alles
log-failures = Alleen fouten
log-download = Het logboek downloaden (CSV)
log-col-time = Tijd
log-col-status = Resultaat
log-col-action = Actie
log-col-target = Gebruiker of groep
log-col-application = Verbinding of applicatie
log-col-details = Wijzigingen of reden
log-success = Geslaagd
log-failure = Mislukt
log-action-create = Maken
log-action-update = Bijwerken
log-action-disable = Uitschakelen
log-action-delete = Verwijderen
log-action-other = Overig
