### redeem: pt-BR; the English catalog (../en/redeem.ftl) is the reference.

html-lang = pt-BR
invitation-title = { $tenant } enviou um convite para você
invitation-to-app = Você recebeu um convite para usar { $app }.
invited-address = Este convite é para { $email }.
expires-on = Este convite expira em { $date } (UTC).
sign-in-at-home = Entrar com sua conta { $home }
sign-in = Entrar
sign-up-intro = Sua organização ainda não tem uma conta conosco. Enviaremos um código de uso único para { $email } para confirmar que o endereço é seu.
send-code = Enviar código
code-sent = Enviamos um código para { $email }. Ele é válido por { $minutes ->
     [one] { $minutes } minuto
    *[other] { $minutes } minutos
}.
code-label = Código
verify = Verificar
code-invalid = O código está incorreto ou expirou.
signed-in-as = Você entrou como { $account }.
accept = Aceitar convite
consent-heading = Revisar permissões
consent-intro = { $tenant } gostaria de:
consent-sign-in = Conectar você
consent-profile = Ler seu nome e seu endereço de e-mail
consent-home = Ver a qual organização sua conta pertence
consent-trust = Aceite somente se você confiar em { $tenant }. Ao aceitar, você passa a fazer parte do diretório de { $tenant } com uma conta de convidado.
wrong-account = Este convite foi enviado para { $email }, mas você entrou como { $account }.
switch-account = Entrar com outra conta
prove-address = Enviar um código para { $email } para comprovar que o endereço é seu
cc-blocks-signup = Uma cópia deste convite foi enviada para outro endereço, por isso ele não pode ser usado para criar uma conta nova. Peça a { $tenant } que envie um novo convite.
no-codes = { $tenant } não aceita convites confirmados com um código de uso único e não tem conexão com sua organização. Pergunte a { $tenant } como aceitar este convite.
invitation-invalid = Este link de convite não é válido.
invitation-expired = Este convite expirou. Peça a { $tenant } que o envie novamente.
invitation-revoked = Este convite foi cancelado.
invitation-used = Este convite já foi aceito.
contact = Entrar em contato com { $tenant }
my-apps-title = Meus aplicativos
my-apps-empty = Nenhum aplicativo foi atribuído a você ainda.
organizations = Suas organizações
home-organization = sua organização de origem
sign-out = Sair
accepted-title = Boas-vindas a { $tenant }
too-many-codes = Foram solicitados códigos demais. Tente de novo daqui a { $minutes } min.
member-of-inviter = Esta conta pertence a { $tenant }, então não precisa de convite.
already-guest = Esta conta já aceitou outro convite de { $tenant }.
my-guests = Meus convidados
my-guests-intro = Pessoas de organizações parceiras pelas quais você é responsável como patrocinador.
guest-pending = Ainda não aceitou o convite
guest-active = Ativo
guest-blocked = Bloqueado
guest-access-ends = O acesso termina em { $date }
guest-extend = Estender acesso
guest-inactive = Não entra há muito tempo; a entrada será bloqueada em { $date } se o acesso não for mantido
guest-keep = Manter acesso
my-reviews = Suas revisões de acesso
review-open-count = { $open } de { $total } ainda por decidir · termina em { $date }
review-title = Revisão de acesso: { $review }
review-intro = Decida para cada pessoa abaixo se ela mantém o acesso a { $resource }. A revisão termina em { $date }; nesse momento, o que for negado perde o acesso.
review-resource-all = { $tenant } (todos os convidados)
review-progress = Decisões tomadas: { $done } de { $total }
review-accept-recommendations = Aceitar todas as recomendações
review-accepted = { $count ->
     [one] { $count } recomendação aceita.
     [many] { $count } de recomendações aceitas.
    *[other] { $count } recomendações aceitas.
}
review-approve = Aprovar
review-deny = Negar
review-dont-know = Não sei
review-justification = Motivo
review-justification-required = Informe um motivo para a aprovação.
review-last-sign-in = Última entrada: { $date }
review-never-signed-in = Nunca entrou
review-sponsors = Patrocinadores: { $names }
review-no-sponsors = Nenhum patrocinador
review-reaches = Tem acesso a: { $names }
review-reaches-nothing = Nenhum grupo ou aplicativo
review-recommended-approve = Recomendação: aprovar (entrou recentemente)
review-recommended-deny = Recomendação: negar (não entra há { $days ->
     [one] { $days } dia
     [many] { $days } de dias
    *[other] { $days } dias
})
review-state-open = Ainda não decidido
review-state-approved = Aprovado
review-state-denied = Negado
review-state-dont-know = Não sei
review-next-page = Próxima página
review-show-open = Mostrar apenas os não decididos
review-show-all = Mostrar tudo
review-ended = Esta revisão terminou: as decisões não podem mais ser alteradas.
