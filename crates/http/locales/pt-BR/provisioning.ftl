# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = Provisionamento
provisioning-intro = Um sistema de RH ou outro provedor de identidade pode criar, atualizar e remover os usuários e grupos desta organização por meio do SCIM 2.0. Nas configurações de provisionamento desse sistema, escolha SCIM 2.0 e insira o endereço abaixo e o token de uma conexão.
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = Endereço SCIM
provisioning-alternative = Um aplicativo que obtém os próprios tokens de acesso (credenciais do cliente) pode usar, em vez do token de uma conexão, um token de acesso com a permissão SCIM.ReadWrite.All.

# The connections' list.
connections-heading = Conexões
connections-none = Ainda não há conexões.
connection-col-name = Nome
connection-col-scope = Escopo
connection-col-token = Token
connection-col-expires = Expiração do token
connection-col-used = Último uso
connection-scope-own = Usuários e grupos desta organização
# $partner: the partner organization's name.
connection-scope-partner = Pessoas de { $partner }, como convidados
connection-never-used = Nunca
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = Novo token
connection-new-token-named = Novo token para { $name }
connection-delete = Excluir
connection-delete-named = Excluir { $name }
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = Excluir a conexão { $name }: o token dela para de funcionar na hora

# The form that makes a connection.
new-connection = Nova conexão
connection-name = Nome
connection-partner = Organização parceira (domínio ou ID dela), opcional
connection-partner-hint = Deixe em branco para o próprio sistema de RH ou provedor de identidade desta organização. A conexão de um parceiro cria as pessoas desse parceiro apenas como convidados, com endereços nos domínios do parceiro.
create-connection = Criar conexão
# Shown once, above the token; $name: the connection's name.
token-shown-once = O token de { $name }. Copie agora: ele é mostrado só desta vez.
# $name: the connection's name.
connection-deleted = A conexão { $name } foi excluída: o token dela não funciona mais.

# The provisioning log.
log-heading = Log de provisionamento
log-intro = O que cada solicitação de provisionamento alterou, ou por que ela falhou. As entradas são mantidas por 30 dias.
log-none = Nada ainda.
log-show = Mostrar
log-all = Tudo
log-failures = Somente falhas
log-download = Baixar o log (CSV)
log-col-time = Hora
log-col-status = Resultado
log-col-action = Ação
log-col-target = Usuário ou grupo
log-col-application = Conexão ou aplicativo
log-col-details = Alterações ou motivo
log-success = Sucesso
log-failure = Falha
log-action-create = Criação
log-action-update = Atualização
log-action-disable = Desabilitação
log-action-delete = Exclusão
log-action-other = Outra
