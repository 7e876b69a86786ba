# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = Approvisionnement
provisioning-intro = Un système RH ou un autre fournisseur d’identité peut créer, mettre à jour et supprimer les utilisateurs et les groupes de cette organisation au moyen de SCIM 2.0. Dans ses paramètres d’approvisionnement, choisissez SCIM 2.0, puis saisissez l’adresse ci-dessous et le jeton d’une liaison.
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = Adresse SCIM
provisioning-alternative = Une application qui obtient ses propres jetons d’accès (informations d’identification du client) peut utiliser, au lieu du jeton d’une liaison, un jeton d’accès qui porte l’autorisation SCIM.ReadWrite.All.

# The connections' list.
connections-heading = Liaisons
connections-none = Aucune liaison pour l’instant.
connection-col-name = Nom
connection-col-scope = Portée
connection-col-token = Jeton
connection-col-expires = Expiration du jeton
connection-col-used = Dernière utilisation
connection-scope-own = Les utilisateurs et les groupes de cette organisation
# $partner: the partner organization's name.
connection-scope-partner = Les personnes de l’organisation « { $partner } », en tant qu’invités
connection-never-used = Jamais
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = Nouveau jeton
connection-new-token-named = Nouveau jeton pour « { $name } »
connection-delete = Supprimer
connection-delete-named = Supprimer « { $name } »
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = Supprimer « { $name } » : son jeton cesse aussitôt de fonctionner

# The form that makes a connection.
new-connection = Nouvelle liaison
connection-name = Nom
connection-partner = Organisation partenaire (son domaine ou son ID), facultatif
connection-partner-hint = Laissez ce champ vide pour le système RH ou le fournisseur d’identité propre à cette organisation. La liaison d’un partenaire ne crée les personnes de ce partenaire qu’en tant qu’invités, avec des adresses dans les domaines du partenaire.
create-connection = Créer la liaison
# Shown once, above the token; $name: the connection's name.
token-shown-once = Le jeton de la liaison « { $name } ». Copiez-le maintenant : il n’est affiché que cette fois.
# $name: the connection's name.
connection-deleted = La liaison « { $name } » a été supprimée : son jeton ne fonctionne plus.

# The provisioning log.
log-heading = Journal d’approvisionnement
log-intro = Ce que chaque requête d’approvisionnement a modifié, ou la raison de son échec. Les entrées sont conservées 30 jours.
log-none = Rien pour l’instant.
log-show = Afficher
log-all = Tout
log-failures = Échecs uniquement
log-download = Télécharger le journal (CSV)
log-col-time = Heure
log-col-status = Résultat
log-col-action = Action
log-col-target = Utilisateur ou groupe
log-col-application = Liaison ou application
log-col-details = Modifications ou motif
log-success = Réussite
log-failure = Échec
log-action-create = Création
log-action-update = Mise à jour
log-action-disable = Désactivation
log-action-delete = Suppression
log-action-other = Autre
