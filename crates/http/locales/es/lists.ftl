### lists: es; the English catalog (../en/lists.ftl) is the reference.

users-found = Usuarios encontrados: { $count }
groups-found = Grupos encontrados: { $count }
invitations-found = Invitaciones encontradas: { $count }
search-hint = Busca cualquier parte de un nombre o una dirección; con uno o dos caracteres, los que empiezan por ellos.
search-invitations = Dirección o nombre
email-column = Correo electrónico
created = Creado
member = Miembro
guest = Invitado
state-pending = Pendiente de aceptación
state-accepted = Aceptada
source-code = Código de un solo uso por correo
source-federated = Proveedor de identidad del socio
export-users = Descargar como CSV
