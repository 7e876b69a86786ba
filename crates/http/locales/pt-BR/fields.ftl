### fields: pt-BR; the English catalog (../en/fields.ftl) is the reference.

summary-title = Há um problema
enter-email = Digite um endereço de email, como nome@example.com.
too-long = Isto tem { $length } caracteres; cabem no máximo { $max }.
enter-https-url = Digite um endereço da web que comece com https://.
choose-language = Escolha um idioma da lista.
enter-display-name = Digite um nome de exibição.
upn-not-in-domain = { $given } não é um domínio da sua organização; digite um endereço como nome@{ $domain }.
upn-taken = Alguém da sua organização já tem este nome; escolha outro.
password-too-short = Digite uma senha de pelo menos 8 caracteres.
password-too-long = Digite uma senha de no máximo 256 caracteres.
enter-domain = Digite um nome de domínio, como contoso.com.
not-a-domain = { $entry } não é um nome de domínio; digite um como contoso.com.
own-organization = Esta é a sua própria organização; digite o ID de locatário de outra organização.
unknown-partner = { $entry } não é uma organização desta implantação nem uma das suas configurações de federação; verifique o ID de locatário.
domain-unavailable = Este domínio já foi adicionado à sua organização, ou outra organização já o verificou.
enter-web-address = Digite um endereço da web completo, como https://app.contoso.com.
redirect-https = Digite um endereço que comece com https://; só um aplicativo neste computador (http://localhost) pode usar http://.
redirect-fragment = Remova a parte a partir de #: um URI de redirecionamento não pode tê-la.
enter-colour = Digite uma cor como # seguido de seis dígitos hexadecimais, por exemplo #1d4ed8.
allowed-and-blocked = { $entry } está nas duas listas; um domínio não pode ser permitido e bloqueado ao mesmo tempo.
days-between = Digite um número inteiro de dias de { $min } a { $max }.
enter-value = Digite um valor.

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = Liste no máximo { $max } entradas, uma por linha.
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry } não é o ID de objeto de um usuário nem de um grupo.
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = As pessoas de um parceiro por meio de uma configuração de federação não são conhecidas aqui; permita ou bloqueie todas elas.
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry } não é o ID do cliente de um aplicativo desta organização.
# The redemption order must name each of the three ways exactly once.
redemption-order = Escolha uma única vez cada uma das três formas de resgatar, na ordem em que devem ser tentadas.
