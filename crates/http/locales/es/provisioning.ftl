# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = Aprovisionamiento
provisioning-intro = Un sistema de recursos humanos u otro proveedor de identidades puede crear, actualizar y quitar los usuarios y grupos de esta organización mediante SCIM 2.0. En su configuración de aprovisionamiento, elija SCIM 2.0 y escriba la dirección siguiente y el token de una conexión.
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = Dirección SCIM
provisioning-alternative = Una aplicación que obtiene sus propios tokens de acceso (credenciales de cliente) puede usar, en lugar del token de una conexión, un token de acceso que tenga el permiso SCIM.ReadWrite.All.

# The connections' list.
connections-heading = Conexiones
connections-none = Todavía no hay conexiones.
connection-col-name = Nombre
connection-col-scope = Ámbito
connection-col-token = Token
connection-col-expires = Expiración del token
connection-col-used = Último uso
connection-scope-own = Los usuarios y grupos de esta organización
# $partner: the partner organization's name.
connection-scope-partner = Las personas de { $partner }, como invitados
connection-never-used = Nunca
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = Nuevo token
connection-new-token-named = Nuevo token para { $name }
connection-delete = Eliminar
connection-delete-named = Eliminar { $name }
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = Eliminar { $name }: su token deja de funcionar de inmediato

# The form that makes a connection.
new-connection = Nueva conexión
connection-name = Nombre
connection-partner = Organización asociada (su dominio o su Id.), opcional
connection-partner-hint = Déjelo vacío para el sistema de recursos humanos o el proveedor de identidades propios de esta organización. La conexión de un socio solo crea a las personas de ese socio como invitados, con direcciones en los dominios del socio.
create-connection = Crear conexión
# Shown once, above the token; $name: the connection's name.
token-shown-once = El token de { $name }. Cópielo ahora: solo se muestra esta vez.
# $name: the connection's name.
connection-deleted = La conexión { $name } se ha eliminado: su token ya no funciona.

# The provisioning log.
log-heading = Registro de aprovisionamiento
log-intro = Lo que cambió cada solicitud de aprovisionamiento, o por qué falló. Las entradas se conservan 30 días.
log-none = Todavía no hay nada.
log-show = Mostrar
log-all = Todo
log-failures = Solo errores
log-download = Descargar el registro (CSV)
log-col-time = Hora
log-col-status = Resultado
log-col-action = Acción
log-col-target = Usuario o grupo
log-col-application = Conexión o aplicación
log-col-details = Cambios o motivo
log-success = Correcto
log-failure = Error
log-action-create = Creación
log-action-update = Actualización
log-action-disable = Deshabilitación
log-action-delete = Eliminación
log-action-other = Otra
