### bulk: es; the English catalog (../en/bulk.ftl) is the reference.

size-limit = Un archivo puede tener como máximo { $rows ->
    [one] { $rows } fila
   *[other] { $rows } filas
} y { $size }.
file-too-large = Este archivo supera { $size }, el máximo de una carga. Divídalo en archivos más pequeños y cárguelos uno a uno.
choose-another-file = Elegir otro archivo
names-hint = En InvitedToApplications, indique las aplicaciones por nombre para mostrar, id. de cliente o id. de objeto; en InvitedToGroups, los grupos por nombre para mostrar o id. de objeto. Separe varios id. con espacios y varios nombres con punto y coma (;).
sample-hint = El archivo de ejemplo muestra todas las columnas; sustituya sus nombres por los de sus aplicaciones y grupos.
language = Idioma
errors-only = Mostrar solo las filas con errores
all-rows = Mostrar todas las filas
row-warning = Lista, con una advertencia
cc-warning = Se envía una copia a { $cc }, así que { $email } no puede registrarse con un código de un solo uso y no tiene aquí ninguna organización con la que iniciar sesión: el vínculo no funcionará salvo que antes se agregue su organización.
no-error-rows = Ninguna fila tiene errores.
object-id = Id. de objeto
copy = Copiar
copied = Copiado
