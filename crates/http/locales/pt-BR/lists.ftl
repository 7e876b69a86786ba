### lists: pt-BR; the English catalog (../en/lists.ftl) is the reference.

users-found = Usuários encontrados: { $count }
groups-found = Grupos encontrados: { $count }
invitations-found = Convites encontrados: { $count }
search-hint = Encontra qualquer parte de um nome ou endereço; um ou dois caracteres encontram os que começam com eles.
search-invitations = Endereço ou nome
email-column = Email
created = Criado em
member = Membro
guest = Convidado
state-pending = Aguardando aceitação
state-accepted = Aceito
source-code = Código de uso único por email
source-federated = Provedor de identidade do parceiro
export-users = Baixar como CSV
