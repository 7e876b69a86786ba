### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = es

## The consent page.
# The page's heading and the browser tab's title.
title = Permisos solicitados
intro = { $app } es una aplicación de { $vendor }. Solicita que la usen las personas de { $organization }.
effect = Si acepta, las personas de { $organization } podrán iniciar sesión en ella con sus cuentas de aquí. Usted elige quién puede usarla y qué roles de la aplicación tiene cada persona, y puede quitarla en cualquier momento.
roles = Roles que define la aplicación y que puede asignar a sus usuarios:
no-roles = La aplicación no define ningún rol.
already = { $organization } ya aceptó esta aplicación.
accept = Aceptar
decline = Cancelar
# After accepting, when the application gave no address to return to.
done = Las personas de { $organization } ya pueden usar { $app }.

## Why the consent page cannot be shown.
refused-title = No se puede aceptar esta aplicación
admin-only = Solo un administrador de { $organization } puede aceptar una aplicación para toda la organización.
unknown-application = Ninguna aplicación tiene este id. de cliente.
single-organization = Esta aplicación es solo para la organización a la que pertenece; otras organizaciones no pueden usarla.
own-application = Esta aplicación pertenece a su organización; no es necesario aceptarla.
redirect-not-registered = La dirección a la que volver no está registrada para esta aplicación.

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = Se necesita aprobación
needed-body = { $app } de { $vendor } necesita la aprobación de un administrador de { $organization } antes de que las personas de esa organización puedan iniciar sesión en ella.
needed-admin = Si es administrador de { $organization }, puede revisarla y aceptarla:
needed-link = Revisar la aplicación

## The portal's list of other organizations' applications, on the applications page.
others-heading = Aplicaciones de otras organizaciones
others-intro = Aplicaciones que crearon otras organizaciones y que esta organización aceptó. Sus tokens los emite esta organización, con los roles que usted asigna aquí.
others-none = No se ha aceptado ninguna aplicación de otra organización.
others-vendor = Creada por
others-accepted = Aceptada
others-assigned-only = Solo pueden iniciar sesión las personas asignadas
others-everyone = Todos en la organización pueden iniciar sesión
others-remove = Quitar
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = ¿Quitar { $app }? Su acceso termina para todos en { $organization } y se quitan los roles asignados en la aplicación.
others-removed = Se quitó la aplicación { $app }.
