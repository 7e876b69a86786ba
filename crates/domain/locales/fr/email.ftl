### email: fr; the English catalog (../en/email.ftl) is the reference.

subject-with-inviter = { $inviter } vous invite à rejoindre { $tenant }
subject = Invitation à rejoindre { $tenant }
greeting = Bonjour { $name },
greeting-without-name = Bonjour,
invited-by-inviter = { $inviter } vous invite à rejoindre { $tenant } avec un compte invité.
invited-by-tenant = Vous avez reçu une invitation à rejoindre { $tenant } avec un compte invité.
invited-to-app = Vous avez reçu une invitation à utiliser { $app }.
message-from-inviter = { $inviter } vous a écrit :
message-from-tenant = Message de l’organisation « { $tenant } » :
accept-button = Accepter l’invitation
button-fallback = Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :
link-intro = Pour accepter l’invitation, ouvrez ce lien :
expires = Cette invitation expire le { $date } (UTC).
contact-question = Des questions sur cette invitation ?
contact-us = Contactez-nous
footer = Vous recevez cet e-mail parce que l’organisation « { $tenant } » a invité { $email }. Si vous n’attendiez pas cette invitation, vous pouvez ignorer cet e-mail.
code-subject = Votre code de vérification pour { $tenant }
code-intro = Saisissez ce code pour confirmer que l’adresse { $email } est bien la vôtre :
code-valid = Ce code est valable { $minutes ->
     [one] { $minutes } minute
    *[other] { $minutes } minutes
}.
code-ignore = Si vous n’avez pas demandé ce code, vous pouvez ignorer cet e-mail. Ne communiquez ce code à personne.
sponsor-left-subject = { $tenant } : { $sponsor } n’est plus sponsor d’invités
sponsor-left-remaining = { $sponsor } était sponsor de ces invités de l’organisation « { $tenant } » et ne l’est plus. Vous en êtes toujours responsable :
sponsor-left-unsponsored = { $sponsor } était le dernier sponsor de ces invités de l’organisation « { $tenant } » et ne l’est plus. Plus personne n’en est responsable : désignez un nouveau sponsor ou mettez fin à leur accès.
sponsor-left-more = { $count ->
     [one] et { $count } autre invité
     [many] et { $count } autres invités
    *[other] et { $count } autres invités
}
sponsor-left-link = Les voir dans le portail :
access-ends-subject = { $tenant } : fin de l’accès du compte invité { $guest } le { $date }
access-ends-sponsor = L’accès du compte invité { $guest } à l’organisation « { $tenant } » prend fin le { $date }. Vous êtes sponsor de ce compte : si cet accès est encore nécessaire, prolongez-le dans Mes applications :
access-ends-admin = L’accès du compte invité { $guest } à l’organisation « { $tenant } » prend fin le { $date }, et ce compte n’a aucun sponsor. Si cet accès est encore nécessaire, prolongez-le depuis la page du compte dans le portail :
access-ends-then = Ce jour-là, la connexion de ce compte sera bloquée, et { $days ->
     [one] { $days } jour
     [many] { $days } de jours
    *[other] { $days } jours
} plus tard, il sera supprimé.
inactive-subject = { $tenant } : invités sans connexion depuis { $days ->
     [one] { $days } jour
     [many] { $days } de jours
    *[other] { $days } jours
}
inactive-sponsor = Ces invités de l’organisation « { $tenant } », dont vous êtes sponsor, ne se sont pas connectés depuis longtemps. Si vous ne conservez pas leur accès dans Mes applications, leur connexion sera bloquée le { $date } :
inactive-admin = Ces invités de l’organisation « { $tenant } » ne se sont pas connectés depuis longtemps, et aucun sponsor n’en est responsable. Si aucun administrateur ne leur fixe de date de fin et qu’aucun sponsor ne conserve leur accès, leur connexion sera bloquée le { $date } :
review-start-subject = { $tenant } : vérifiez qui conserve l’accès (« { $review } »)
review-start-body = L’organisation « { $tenant } » vous demande de vérifier qui doit conserver son accès : « { $review } ». { $count ->
     [one] { $count } personne attend
     [many] { $count } de personnes attendent
    *[other] { $count } personnes attendent
} votre décision d’ici le { $date }. Ouvrez la révision d’accès dans Mes applications :
review-reminder-subject = { $tenant } : la révision d’accès « { $review } » se termine le { $date }
review-reminder-body = { $count ->
     [one] { $count } de vos décisions est encore en attente
     [many] { $count } de vos décisions sont encore en attente
    *[other] { $count } de vos décisions sont encore en attente
} dans la révision d’accès « { $review } » de l’organisation « { $tenant } ». Elle se termine le { $date }. Ouvrez-la dans Mes applications :
review-how = Approuvez ou refusez l’accès de chaque personne. À côté de chacune, vous voyez sa dernière connexion et une recommandation qui en découle. Ce qui est refusé perd son accès à la fin de la révision.
