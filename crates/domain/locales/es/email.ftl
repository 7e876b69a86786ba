### email: es; the English catalog (../en/email.ftl) is the reference.

subject-with-inviter = { $inviter } le ha invitado a { $tenant }
subject = Invitación a { $tenant }
greeting = Hola, { $name }:
greeting-without-name = Hola:
invited-by-inviter = { $inviter } le ha invitado a unirse a { $tenant } con una cuenta de invitado.
invited-by-tenant = Ha recibido una invitación para unirse a { $tenant } con una cuenta de invitado.
invited-to-app = Ha recibido una invitación para usar { $app }.
message-from-inviter = Mensaje de { $inviter }:
message-from-tenant = Mensaje de { $tenant }:
accept-button = Aceptar invitación
button-fallback = Si el botón no funciona, copie este vínculo en su navegador:
link-intro = Para aceptar la invitación, abra este vínculo:
expires = Esta invitación caduca el { $date } (UTC).
contact-question = ¿Tiene preguntas sobre esta invitación?
contact-us = Póngase en contacto con nosotros
footer = Ha recibido este correo porque { $tenant } ha invitado a { $email }. Si no esperaba esta invitación, puede ignorar este correo.
code-subject = Su código de verificación para { $tenant }
code-intro = Introduzca este código para confirmar que { $email } es su dirección:
code-valid = El código es válido durante { $minutes ->
     [one] { $minutes } minuto
    *[other] { $minutes } minutos
}.
code-ignore = Si no ha solicitado este código, puede ignorar este correo. No comparta el código con nadie.
sponsor-left-subject = { $tenant }: { $sponsor } ya no responde por los invitados
sponsor-left-remaining = { $sponsor } era patrocinador de estos invitados de { $tenant } y ya no lo es. Usted sigue respondiendo por ellos:
sponsor-left-unsponsored = { $sponsor } era el último patrocinador de estos invitados de { $tenant } y ya no lo es. Ahora nadie responde por ellos: designe un nuevo patrocinador o retíreles el acceso.
sponsor-left-more = { $count ->
     [one] y { $count } invitado más
    *[other] y { $count } invitados más
}
sponsor-left-link = Véalos en el portal:
access-ends-subject = { $tenant }: el acceso de { $guest } termina el { $date }
access-ends-sponsor = El acceso de { $guest } a { $tenant } termina el { $date }. Usted responde por esta cuenta como patrocinador: si todavía se necesita el acceso, extiéndalo en Mis aplicaciones:
access-ends-admin = El acceso de { $guest } a { $tenant } termina el { $date } y nadie responde por esta cuenta como patrocinador. Si todavía se necesita el acceso, extiéndalo en la página de la cuenta en el portal:
access-ends-then = Ese día se bloquea el inicio de sesión de la cuenta y, { $days ->
     [one] { $days } día
    *[other] { $days } días
} después, se elimina.
inactive-subject = { $tenant }: invitados que no han iniciado sesión en { $days ->
     [one] { $days } día
    *[other] { $days } días
}
inactive-sponsor = Estos invitados de { $tenant } por los que usted responde como patrocinador no han iniciado sesión desde hace mucho tiempo. A menos que usted mantenga su acceso en Mis aplicaciones, su inicio de sesión se bloquea el { $date }:
inactive-admin = Estos invitados de { $tenant } no han iniciado sesión desde hace mucho tiempo y nadie responde por ellos como patrocinador. A menos que un administrador les asigne una fecha de fin o un patrocinador mantenga su acceso, su inicio de sesión se bloquea el { $date }:
review-start-subject = { $tenant }: revise quién conserva el acceso ({ $review })
review-start-body = { $tenant } le pide que revise quién debe conservar su acceso: { $review }. { $count ->
     [one] { $count } persona espera
    *[other] { $count } personas esperan
} su decisión a más tardar el { $date }. Abra la revisión de acceso en Mis aplicaciones:
review-reminder-subject = { $tenant }: la revisión de acceso { $review } termina el { $date }
review-reminder-body = { $count ->
     [one] Todavía tiene { $count } decisión pendiente
    *[other] Todavía tiene { $count } decisiones pendientes
} en la revisión de acceso { $review } de { $tenant }. Termina el { $date }. Ábrala en Mis aplicaciones:
review-how = Apruebe o deniegue el acceso de cada persona. Junto a cada una verá su último inicio de sesión y una recomendación basada en él. Lo que se deniegue perderá su acceso cuando termine la revisión.
