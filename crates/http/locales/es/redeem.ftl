### redeem: es; the English catalog (../en/redeem.ftl) is the reference.

html-lang = es
invitation-title = { $tenant } le ha enviado una invitación
invitation-to-app = Ha recibido una invitación para usar { $app }.
invited-address = Esta invitación es para { $email }.
expires-on = Esta invitación caduca el { $date } (UTC).
sign-in-at-home = Iniciar sesión con su cuenta de { $home }
sign-in = Iniciar sesión
sign-up-intro = Su organización todavía no tiene una cuenta con nosotros. Enviaremos un código de un solo uso a { $email } para confirmar que la dirección es suya.
send-code = Enviar código
code-sent = Hemos enviado un código a { $email }. Es válido durante { $minutes ->
     [one] { $minutes } minuto
    *[other] { $minutes } minutos
}.
code-label = Código
verify = Verificar
code-invalid = El código es incorrecto o ha caducado.
signed-in-as = Ha iniciado sesión como { $account }.
accept = Aceptar invitación
consent-heading = Revisar permisos
consent-intro = { $tenant } desea:
consent-sign-in = Iniciar su sesión
consent-profile = Leer su nombre y su dirección de correo electrónico
consent-home = Ver a qué organización pertenece su cuenta
consent-trust = Acepte solo si confía en { $tenant }. Al aceptar, se le añadirá al directorio de { $tenant } con una cuenta de invitado.
wrong-account = Esta invitación se envió a { $email }, pero ha iniciado sesión como { $account }.
switch-account = Iniciar sesión con otra cuenta
prove-address = Enviar un código a { $email } para demostrar que la dirección es suya
cc-blocks-signup = Se envió una copia de esta invitación a otra dirección, por lo que no se puede usar para crear una cuenta nueva. Pida a { $tenant } que le invite de nuevo.
no-codes = { $tenant } no acepta invitaciones confirmadas con un código de un solo uso, y su organización no tiene ninguna conexión con ella. Pregunte a { $tenant } cómo aceptar esta invitación.
invitation-invalid = Este vínculo de invitación no es válido.
invitation-expired = Esta invitación ha caducado. Pida a { $tenant } que se la envíe de nuevo.
invitation-revoked = Esta invitación se ha retirado.
invitation-used = Esta invitación ya se ha aceptado.
contact = Contactar con { $tenant }
my-apps-title = Mis aplicaciones
my-apps-empty = Todavía no se le ha asignado ninguna aplicación.
organizations = Sus organizaciones
home-organization = su organización principal
sign-out = Cerrar sesión
accepted-title = Le damos la bienvenida a { $tenant }
too-many-codes = Se han solicitado demasiados códigos. Vuelva a intentarlo dentro de { $minutes } min.
member-of-inviter = Esta cuenta pertenece a { $tenant }; no necesita ninguna invitación.
already-guest = Esta cuenta ya ha aceptado otra invitación de { $tenant }.
my-guests = Mis invitados
my-guests-intro = Personas de organizaciones asociadas por las que usted responde como patrocinador.
guest-pending = Aún no ha aceptado la invitación
guest-active = Activo
guest-blocked = Bloqueado
guest-access-ends = El acceso termina el { $date }
guest-extend = Extender el acceso
guest-inactive = Ya no inicia sesión; el inicio de sesión se bloquea el { $date } salvo que se mantenga el acceso
guest-keep = Mantener el acceso
my-reviews = Sus revisiones de acceso
review-open-count = { $open } de { $total } por decidir · termina el { $date }
review-title = Revisión de acceso: { $review }
review-intro = Decida para cada persona de la lista si conserva su acceso a { $resource }. La revisión termina el { $date }; entonces, lo que se haya denegado perderá su acceso.
review-resource-all = { $tenant } (todos los invitados)
review-progress = Decisiones tomadas: { $done } de { $total }
review-accept-recommendations = Aceptar todas las recomendaciones
review-accepted = { $count ->
     [one] Se aceptó { $count } recomendación.
    *[other] Se aceptaron { $count } recomendaciones.
}
review-approve = Aprobar
review-deny = Denegar
review-dont-know = No sé
review-justification = Motivo
review-justification-required = Indique un motivo para aprobar.
review-last-sign-in = Último inicio de sesión: { $date }
review-never-signed-in = Nunca ha iniciado sesión
review-sponsors = Patrocinadores: { $names }
review-no-sponsors = Sin patrocinador
review-reaches = Tiene acceso a: { $names }
review-reaches-nothing = Ningún grupo ni aplicación
review-recommended-approve = Recomendación: aprobar (inició sesión recientemente)
review-recommended-deny = Recomendación: denegar (no ha iniciado sesión en { $days ->
     [one] { $days } día
    *[other] { $days } días
})
review-state-open = Sin decidir
review-state-approved = Aprobado
review-state-denied = Denegado
review-state-dont-know = No sé
review-next-page = Página siguiente
review-show-open = Mostrar solo los pendientes
review-show-all = Mostrar todo
review-ended = Esta revisión ha terminado: las decisiones ya no se pueden cambiar.
