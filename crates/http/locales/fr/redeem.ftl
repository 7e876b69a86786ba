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
