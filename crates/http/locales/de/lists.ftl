### lists: de; the English catalog (../en/lists.ftl) is the reference.

users-found = Gefundene Benutzer: { $count }
groups-found = Gefundene Gruppen: { $count }
invitations-found = Gefundene Einladungen: { $count }
search-hint = Findet jeden Teil eines Namens oder einer Adresse; ein oder zwei Zeichen finden die, die damit beginnen.
search-invitations = Adresse oder Name
email-column = E-Mail
created = Erstellt
member = Mitglied
guest = Gast
state-pending = Annahme ausstehend
state-accepted = Angenommen
source-code = Einmalcode per E-Mail
source-federated = Identitätsanbieter des Partners
export-users = Als CSV herunterladen
