### signin: fr; the English catalog (../en/signin.ftl) is the reference.

html-lang = fr
sign-in = Se connecter
sign-in-to = à { $tenant }
email-label = Adresse e-mail
password-label = Mot de passe
no-password-hint = Pas de mot de passe ? Les comptes créés par vérification de l’adresse e-mail reçoivent plutôt un code par e-mail.
password-incorrect = L’adresse e-mail ou le mot de passe est incorrect.
too-many-attempts = Trop de tentatives infructueuses. Réessayez dans { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }.
busy = Le service est surchargé. Réessayez dans un instant.
account-title = Votre compte
signed-in-as = Session ouverte sur { $tenant } avec le compte { $account }.
set-up-app = Configurer une application d’authentification
sign-out = Se déconnecter
signed-out-title = Déconnexion
signed-out-heading = Votre session est fermée
signed-out-next = Vous pouvez fermer cette fenêtre ou { $link }.
sign-in-again = vous reconnecter
enter-code = Saisir le code
code-sign-in-to = pour vous connecter à { $tenant }
code-sent = Si un compte existe pour { $email }, nous y avons envoyé un code. Le code est valable { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
code-label = Code
send-new-code = Envoyer un nouveau code
too-many-codes = Trop de codes ont été demandés. Réessayez dans { $minutes } min.
code-wrong = Ce code est incorrect ou a expiré. Réessayez ou demandez un nouveau code.
verify-identity = Vérifiez votre identité
enter-app-code = Saisissez le code à 6 chiffres de votre application d’authentification.
verify = Vérifier
use-recovery-code-instead = Utiliser plutôt un code de récupération
use-recovery-code = Utiliser un code de récupération
recovery-code-once = Chaque code de récupération ne fonctionne qu’une seule fois.
recovery-code-label = Code de récupération
use-app-code-instead = Utiliser plutôt un code de votre application d’authentification
enrol-intro = { $tenant } demande un code issu d’une application d’authentification lors de la connexion. Ajoutez ce compte à votre application à l’aide du lien ou de la clé ci-dessous, puis saisissez le code qu’elle affiche.
setup-link-label = Lien de configuration (URI otpauth)
manual-key-label = Clé à saisir manuellement (basée sur le temps, 6 chiffres, 30 secondes)
app-code-label = Code affiché par l’application
confirm = Confirmer
recovery-codes-title = Vos codes de récupération
app-ready = Votre application d’authentification est configurée
recovery-codes-intro = Si vous perdez votre appareil, chacun de ces codes de récupération vous permet de vous connecter une fois. Conservez-les dès maintenant en lieu sûr : ils ne seront plus affichés.
continue-label = Continuer
app-title = Application d’authentification
manage-intro = Une application d’authentification est configurée pour votre compte. Pour passer à un nouvel appareil, supprimez-la ici, puis configurez celle du nouvel appareil.
remove-app = Supprimer l’application d’authentification
back-to-account = Retour à votre compte
guest-code-intro = { $tenant } demande un second facteur aux invités. Saisissez le code à 6 chiffres de l’application d’authentification que vous avez configurée pour { $tenant }.
guest-lost-app = Vous avez perdu l’application ? Demandez à l’équipe d’administration de l’organisation « { $tenant } » de la réinitialiser.
guest-enrol-intro = { $tenant } demande aux invités un code issu d’une application d’authentification lors de la connexion. Ajoutez ce compte à votre application à l’aide du lien ou de la clé ci-dessous, puis saisissez le code qu’elle affiche. L’application est liée à votre compte invité chez { $tenant }, qui peut la réinitialiser.
code-incorrect = Ce code est incorrect ou a déjà été utilisé.
recovery-code-incorrect = Ce code de récupération est incorrect ou a déjà été utilisé.
code-mismatch = Le code ne correspond pas. Vérifiez la clé dans votre application et réessayez.
sign-out-question = Se déconnecter de l’organisation « { $tenant } » ?
sign-out-confirm-intro = Une application a demandé votre déconnexion. Ne vous déconnectez que si vous en êtes à l’origine ; sinon, fermez cette page.
find-organization-intro = Saisissez votre adresse e-mail professionnelle pour trouver votre organisation.
find-organization = Continuer
no-organization = Aucune organisation ici n’utilise le domaine de l’adresse { $address }. Vérifiez l’adresse ou ouvrez le lien envoyé par votre organisation.
not-set-up = Entente n’est pas encore configuré : ouvrez le lien de configuration affiché dans le journal du serveur.
admin-portal = Portail d’administration
my-apps = Mes applications
password-required = Saisissez votre mot de passe.
