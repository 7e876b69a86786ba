### bulk: fr; the English catalog (../en/bulk.ftl) is the reference.

size-limit = Un fichier peut contenir au plus { $rows ->
    [one] { $rows } ligne
   *[other] { $rows } lignes
} et { $size }.
file-too-large = Ce fichier dépasse { $size }, le maximum d’un envoi. Divisez-le en fichiers plus petits et envoyez-les un par un.
choose-another-file = Choisir un autre fichier
names-hint = Dans InvitedToApplications, désignez les applications par nom d’affichage, ID client ou ID d’objet ; dans InvitedToGroups, les groupes par nom d’affichage ou ID d’objet. Séparez plusieurs ID par des espaces et plusieurs noms par des points-virgules (;).
sample-hint = Le fichier d’exemple montre chaque colonne ; remplacez ses noms par ceux de vos applications et groupes.
language = Langue
errors-only = Afficher uniquement les lignes en erreur
all-rows = Afficher toutes les lignes
row-warning = Prête, avec un avertissement
cc-warning = Une copie part à { $cc } : { $email } ne peut donc pas s’inscrire avec un code à usage unique et n’a ici aucune organisation pour se connecter. Le lien ne fonctionnera que si son organisation est ajoutée d’abord.
no-error-rows = Aucune ligne n’a d’erreur.
object-id = ID d’objet
copy = Copier
copied = Copié
