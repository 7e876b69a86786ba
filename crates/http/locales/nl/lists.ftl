### lists: nl; the English catalog (../en/lists.ftl) is the reference.

users-found = Gevonden gebruikers: { $count }
groups-found = Gevonden groepen: { $count }
invitations-found = Gevonden uitnodigingen: { $count }
search-hint = Vindt elk deel van een naam of adres; één of twee tekens vinden wat ermee begint.
search-invitations = Adres of naam
email-column = E-mail
created = Gemaakt
member = Lid
guest = Gast
state-pending = Wacht op acceptatie
state-accepted = Geaccepteerd
source-code = Eenmalige code per e-mail
source-federated = Identiteitsprovider van de partner
export-users = Downloaden als CSV
