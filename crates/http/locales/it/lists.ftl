### lists: it; the English catalog (../en/lists.ftl) is the reference.

users-found = Utenti trovati: { $count }
groups-found = Gruppi trovati: { $count }
invitations-found = Inviti trovati: { $count }
search-hint = Trova qualsiasi parte di un nome o di un indirizzo; uno o due caratteri trovano quelli che iniziano così.
search-invitations = Indirizzo o nome
email-column = Email
created = Creato
member = Membro
guest = Ospite
state-pending = In attesa di accettazione
state-accepted = Accettato
source-code = Codice monouso via email
source-federated = Provider di identità del partner
export-users = Scarica in CSV
