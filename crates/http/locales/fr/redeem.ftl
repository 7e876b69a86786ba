### redeem: fr; the English catalog (../en/redeem.ftl) is the reference.

html-lang = fr
invitation-title = { $tenant } vous invite
invitation-to-app = Vous avez reçu une invitation à utiliser { $app }.
invited-address = Cette invitation est destinée à { $email }.
expires-on = Cette invitation expire le { $date } (UTC).
sign-in-at-home = Se connecter avec votre compte { $home }
sign-in = Se connecter
sign-up-intro = Votre organisation n’a pas encore de compte chez nous. Nous allons envoyer un code à usage unique à { $email } pour confirmer que cette adresse vous appartient.
send-code = Envoyer le code
code-sent = Nous avons envoyé un code à { $email }. Il est valable { $minutes ->
     [one] { $minutes } minute
    *[other] { $minutes } minutes
}.
code-label = Code
verify = Vérifier
code-invalid = Ce code est incorrect ou a expiré.
signed-in-as = Vous utilisez le compte { $account }.
accept = Accepter l’invitation
consent-heading = Vérifier les autorisations
consent-intro = { $tenant } souhaite :
consent-sign-in = Vous connecter
consent-profile = Lire votre nom et votre adresse e-mail
consent-home = Voir à quelle organisation appartient votre compte
consent-trust = N’acceptez que si vous faites confiance à l’organisation « { $tenant } ». Si vous acceptez, vous rejoindrez son annuaire avec un compte invité.
wrong-account = Cette invitation a été envoyée à { $email }, mais vous utilisez le compte { $account }.
switch-account = Se connecter avec un autre compte
prove-address = Envoyer un code à { $email } pour prouver que cette adresse vous appartient
cc-blocks-signup = Une copie de cette invitation a été envoyée à une autre adresse ; elle ne peut donc pas servir à créer un nouveau compte. Demandez à { $tenant } de vous inviter à nouveau.
no-codes = L’organisation « { $tenant } » n’accepte pas les invitations confirmées par un code à usage unique, et votre organisation n’a aucun lien avec elle. Demandez à { $tenant } comment accepter cette invitation.
invitation-invalid = Ce lien d’invitation n’est pas valide.
invitation-expired = Cette invitation a expiré. Demandez à { $tenant } de vous la renvoyer.
invitation-revoked = Cette invitation a été retirée.
invitation-used = Cette invitation a déjà été acceptée.
contact = Contacter { $tenant }
my-apps-title = Mes applications
my-apps-empty = Aucune application ne vous a encore été attribuée.
organizations = Vos organisations
home-organization = votre organisation d’origine
sign-out = Se déconnecter
accepted-title = Bienvenue chez { $tenant }
too-many-codes = Trop de codes ont été demandés. Réessayez dans { $minutes } min.
member-of-inviter = Ce compte appartient à { $tenant } ; il n’a pas besoin d’invitation.
already-guest = Ce compte a déjà accepté une autre invitation de l’organisation « { $tenant } ».
my-guests = Mes invités
my-guests-intro = Personnes d’organisations partenaires dont vous êtes responsable en tant que sponsor.
guest-pending = N’a pas encore accepté l’invitation
guest-active = Actif
guest-blocked = Bloqué
guest-access-ends = Fin de l’accès le { $date }
guest-extend = Prolonger l’accès
guest-inactive = Plus de connexion ; blocage le { $date } si l’accès n’est pas conservé
guest-keep = Conserver l’accès
my-reviews = Vos révisions d’accès
review-open-count = { $open } sur { $total } à décider · se termine le { $date }
review-title = Révision d’accès : { $review }
review-intro = Décidez pour chaque personne ci-dessous si elle conserve son accès à « { $resource } ». La révision se termine le { $date } ; ce qui est refusé perd alors son accès.
review-resource-all = { $tenant } (tous les invités)
review-progress = Décisions prises : { $done } sur { $total }
review-accept-recommendations = Accepter toutes les recommandations
review-accepted = { $count ->
     [one] { $count } recommandation acceptée.
     [many] { $count } de recommandations acceptées.
    *[other] { $count } recommandations acceptées.
}
review-approve = Approuver
review-deny = Refuser
review-dont-know = Je ne sais pas
review-justification = Motif
review-justification-required = Indiquez un motif pour l’approbation.
review-last-sign-in = Dernière connexion : { $date }
review-never-signed-in = Aucune connexion
review-sponsors = Sponsors : { $names }
review-no-sponsors = Aucun sponsor
review-reaches = Accès à : { $names }
review-reaches-nothing = Aucun groupe ni aucune application
review-recommended-approve = Recommandation : approuver (connexion récente)
review-recommended-deny = Recommandation : refuser (aucune connexion depuis { $days ->
     [one] { $days } jour
     [many] { $days } de jours
    *[other] { $days } jours
})
review-state-open = En attente de décision
review-state-approved = Approuvé
review-state-denied = Refusé
review-state-dont-know = Je ne sais pas
review-next-page = Page suivante
review-show-open = Afficher uniquement les décisions en attente
review-show-all = Tout afficher
review-ended = Cette révision est terminée : les décisions ne peuvent plus être modifiées.
