### lists: fr; the English catalog (../en/lists.ftl) is the reference.

users-found = Utilisateurs trouvés : { $count }
groups-found = Groupes trouvés : { $count }
invitations-found = Invitations trouvées : { $count }
search-hint = Trouve toute partie d’un nom ou d’une adresse ; un ou deux caractères trouvent ceux qui commencent ainsi.
search-invitations = Adresse ou nom
email-column = E-mail
created = Créé le
member = Membre
guest = Invité
state-pending = En attente d’acceptation
state-accepted = Acceptée
source-code = Code à usage unique par e-mail
source-federated = Fournisseur d’identité du partenaire
export-users = Télécharger en CSV
