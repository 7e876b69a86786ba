### fields: fr; the English catalog (../en/fields.ftl) is the reference.

summary-title = Il y a un problème
enter-email = Saisissez une adresse e-mail, par exemple nom@example.com.
too-long = Ce texte fait { $length } caractères ; { $max } au maximum.
enter-https-url = Saisissez une adresse web qui commence par https://.
choose-language = Choisissez une langue dans la liste.
enter-display-name = Saisissez un nom d’affichage.
upn-not-in-domain = { $given } n’est pas un domaine de votre organisation ; saisissez une adresse comme nom@{ $domain }.
upn-taken = Quelqu’un de votre organisation porte déjà ce nom ; choisissez-en un autre.
password-too-short = Saisissez un mot de passe d’au moins 8 caractères.
password-too-long = Saisissez un mot de passe de 256 caractères au plus.
enter-domain = Saisissez un nom de domaine, par exemple contoso.com.
not-a-domain = { $entry } n’est pas un nom de domaine ; saisissez-en un comme contoso.com.
own-organization = Il s’agit de votre propre organisation ; saisissez l’ID de locataire d’une autre organisation.
unknown-partner = { $entry } n’est ni une organisation de ce déploiement ni l’une de vos configurations de fédération ; vérifiez l’ID de locataire.
domain-unavailable = Ce domaine a déjà été ajouté à votre organisation, ou une autre organisation l’a vérifié.
enter-web-address = Saisissez une adresse web complète, par exemple https://app.contoso.com.
redirect-https = Saisissez une adresse qui commence par https:// ; seule une application sur cet ordinateur (http://localhost) peut utiliser http://.
redirect-fragment = Supprimez la partie à partir de # : un URI de redirection ne peut pas en avoir.
enter-colour = Saisissez une couleur sous la forme # suivi de six chiffres hexadécimaux, par exemple #1d4ed8.
allowed-and-blocked = { $entry } figure dans les deux listes ; un domaine ne peut pas être à la fois autorisé et bloqué.
days-between = Saisissez un nombre entier de jours compris entre { $min } et { $max }.
enter-value = Saisissez une valeur.

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = Indiquez au plus { $max } entrées, une par ligne.
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry } n’est pas l’ID d’objet d’un utilisateur ou d’un groupe.
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = Les personnes d’un partenaire passant par une configuration de fédération ne sont pas connues ici ; autorisez ou bloquez l’ensemble de ces personnes.
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry } n’est pas l’ID client d’une application de cette organisation.
# The redemption order must name each of the three ways exactly once.
redemption-order = Choisissez une seule fois chacun des trois moyens d’accepter, dans l’ordre où ils doivent être essayés.
