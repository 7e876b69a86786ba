### fields: es; the English catalog (../en/fields.ftl) is the reference.

summary-title = Hay un problema
enter-email = Escriba una dirección de correo, como nombre@example.com.
too-long = Tiene { $length } caracteres; caben como máximo { $max }.
enter-https-url = Escriba una dirección web que empiece por https://.
choose-language = Elija un idioma de la lista.
enter-display-name = Escriba un nombre para mostrar.
upn-not-in-domain = { $given } no es un dominio de su organización; escriba una dirección como nombre@{ $domain }.
upn-taken = Alguien de su organización ya tiene este nombre; elija otro.
password-too-short = Escriba una contraseña de al menos 8 caracteres.
password-too-long = Escriba una contraseña de 256 caracteres como máximo.
enter-domain = Escriba un nombre de dominio, como contoso.com.
not-a-domain = { $entry } no es un nombre de dominio; escriba uno como contoso.com.
own-organization = Esta es su propia organización; escriba el id. de inquilino de otra organización.
unknown-partner = { $entry } no es una organización de esta implementación ni una de sus configuraciones de federación; compruebe el id. de inquilino.
domain-unavailable = Este dominio ya se ha agregado a su organización, o bien otra organización lo ha verificado.
enter-web-address = Escriba una dirección web completa, como https://app.contoso.com.
redirect-https = Escriba una dirección que empiece por https://; solo una aplicación de este equipo (http://localhost) puede usar http://.
redirect-fragment = Quite la parte que va desde #: un URI de redirección no puede tenerla.
enter-colour = Escriba un color con # y seis dígitos hexadecimales, como #1d4ed8.
allowed-and-blocked = { $entry } está en ambas listas; un dominio no puede estar permitido y bloqueado a la vez.
days-between = Escriba un número entero de días de { $min } a { $max }.
enter-value = Escriba un valor.

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = Indique como máximo { $max } entradas, una por línea.
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry } no es el id. de objeto de un usuario ni de un grupo.
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = Las personas de un socio a través de una configuración de federación no se conocen aquí; permita o bloquee a todas.
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry } no es el id. de cliente de una aplicación de esta organización.
# The redemption order must name each of the three ways exactly once.
redemption-order = Elija una sola vez cada una de las tres formas de canjear, en el orden en que deben probarse.
