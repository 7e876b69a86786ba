### email: pt-BR; the English catalog (../en/email.ftl) is the reference.

subject-with-inviter = { $inviter } convidou você para participar de { $tenant }
subject = Convite para participar de { $tenant }
greeting = Olá, { $name },
greeting-without-name = Olá,
invited-by-inviter = { $inviter } convidou você para participar de { $tenant } com acesso de convidado.
invited-by-tenant = Você recebeu um convite para participar de { $tenant } com acesso de convidado.
invited-to-app = Você recebeu um convite para usar { $app }.
message-from-inviter = Mensagem de { $inviter }:
message-from-tenant = Mensagem de { $tenant }:
accept-button = Aceitar convite
button-fallback = Se o botão não funcionar, copie este link no seu navegador:
link-intro = Para aceitar o convite, abra este link:
expires = Este convite expira em { $date } (UTC).
contact-question = Dúvidas sobre este convite?
contact-us = Fale conosco
footer = Você recebeu este e-mail porque { $tenant } convidou { $email }. Se você não esperava este convite, pode ignorar este e-mail.
code-subject = Seu código de verificação para { $tenant }
code-intro = Digite este código para confirmar que { $email } é o seu endereço:
code-valid = O código é válido por { $minutes ->
     [one] { $minutes } minuto
    *[other] { $minutes } minutos
}.
code-ignore = Se você não solicitou este código, pode ignorar este e-mail. Não compartilhe o código com ninguém.
sponsor-left-subject = { $tenant }: { $sponsor } não é mais patrocinador de convidados
sponsor-left-remaining = { $sponsor } era patrocinador destes convidados de { $tenant } e deixou de ser. Você continua responsável por eles:
sponsor-left-unsponsored = { $sponsor } era o último patrocinador destes convidados de { $tenant } e deixou de ser. Agora ninguém é responsável por eles: indique um novo patrocinador ou encerre o acesso deles.
sponsor-left-more = { $count ->
     [one] e mais { $count } convidado
     [many] e mais { $count } convidados
    *[other] e mais { $count } convidados
}
sponsor-left-link = Veja-os no portal:
access-ends-subject = { $tenant }: o acesso de { $guest } termina em { $date }
access-ends-sponsor = O acesso de { $guest } a { $tenant } termina em { $date }. Você é patrocinador desta conta: se o acesso ainda for necessário, estenda-o em Meus aplicativos:
access-ends-admin = O acesso de { $guest } a { $tenant } termina em { $date }, e ninguém é patrocinador desta conta. Se o acesso ainda for necessário, estenda-o na página da conta no portal:
access-ends-then = Nesse dia, a entrada da conta é bloqueada e, { $days ->
     [one] { $days } dia
     [many] { $days } de dias
    *[other] { $days } dias
} depois, ela é excluída.
inactive-subject = { $tenant }: convidados que não entram há { $days ->
     [one] { $days } dia
     [many] { $days } de dias
    *[other] { $days } dias
}
inactive-sponsor = Estes convidados de { $tenant } pelos quais você é responsável como patrocinador não entram há muito tempo. Se você não mantiver o acesso deles em Meus aplicativos, a entrada deles será bloqueada em { $date }:
inactive-admin = Estes convidados de { $tenant } não entram há muito tempo, e ninguém é patrocinador deles. A menos que um administrador defina uma data de término para eles ou um patrocinador mantenha o acesso deles, a entrada deles será bloqueada em { $date }:
review-start-subject = { $tenant }: revise quem mantém o acesso ({ $review })
review-start-body = { $tenant } pede que você revise quem deve manter o acesso: { $review }. { $count ->
     [one] { $count } pessoa aguarda
     [many] { $count } de pessoas aguardam
    *[other] { $count } pessoas aguardam
} sua decisão até { $date }. Abra a revisão de acesso em Meus aplicativos:
review-reminder-subject = { $tenant }: a revisão de acesso { $review } termina em { $date }
review-reminder-body = { $count ->
     [one] Você ainda tem { $count } decisão pendente
     [many] Você ainda tem { $count } de decisões pendentes
    *[other] Você ainda tem { $count } decisões pendentes
} na revisão de acesso { $review } de { $tenant }. Ela termina em { $date }. Abra-a em Meus aplicativos:
review-how = Aprove ou negue o acesso de cada pessoa. Ao lado de cada uma, você vê a última entrada dela e uma recomendação baseada nisso. O que for negado perde o acesso quando a revisão terminar.
