### signin: pt-BR; the English catalog (../en/signin.ftl) is the reference.

html-lang = pt-BR
sign-in = Entrar
sign-in-to = em { $tenant }
email-label = Endereço de e-mail
password-label = Senha
no-password-hint = Não tem senha? Contas criadas por verificação de e-mail recebem um código por e-mail em vez disso.
password-incorrect = O endereço de e-mail ou a senha estão incorretos.
too-many-attempts = Muitas tentativas malsucedidas. Tente de novo daqui a { $seconds ->
        [one] { $seconds } segundo
       *[other] { $seconds } segundos
    }.
busy = O serviço está ocupado. Tente de novo em instantes.
account-title = Sua conta
signed-in-as = Você entrou em { $tenant } como { $account }.
set-up-app = Configurar um aplicativo autenticador
sign-out = Sair
signed-out-title = Sessão encerrada
signed-out-heading = Você saiu da sua conta
signed-out-next = Você pode fechar esta janela ou { $link }.
sign-in-again = entrar novamente
enter-code = Digite o código
code-sign-in-to = para entrar em { $tenant }
code-sent = Se existir uma conta para { $email }, enviamos um código para esse endereço. O código é válido por { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
code-label = Código
send-new-code = Enviar um novo código
too-many-codes = Foram solicitados códigos demais. Tente de novo daqui a { $minutes } min.
code-wrong = O código está incorreto ou expirou. Tente de novo ou peça um novo código.
verify-identity = Confirme sua identidade
enter-app-code = Digite o código de 6 dígitos do seu aplicativo autenticador.
verify = Verificar
use-recovery-code-instead = Usar um código de recuperação em vez disso
use-recovery-code = Usar um código de recuperação
recovery-code-once = Cada código de recuperação só funciona uma vez.
recovery-code-label = Código de recuperação
use-app-code-instead = Usar um código do seu aplicativo autenticador em vez disso
enrol-intro = { $tenant } pede um código de um aplicativo autenticador quando você entra. Adicione esta conta ao seu aplicativo com o link ou a chave abaixo e depois digite o código que o aplicativo mostrar.
setup-link-label = Link de configuração (URI otpauth)
manual-key-label = Chave para inserção manual (baseada em tempo, 6 dígitos, 30 segundos)
app-code-label = Código do aplicativo
confirm = Confirmar
recovery-codes-title = Seus códigos de recuperação
app-ready = Seu aplicativo autenticador está configurado
recovery-codes-intro = Se você perder seu dispositivo, cada um destes códigos de recuperação permite entrar uma vez. Guarde-os agora em um lugar seguro: eles não serão mostrados novamente.
continue-label = Continuar
app-title = Aplicativo autenticador
manage-intro = Há um aplicativo autenticador configurado para sua conta. Para mudar para um novo dispositivo, remova-o aqui e configure o novo.
remove-app = Remover o aplicativo autenticador
back-to-account = Voltar para sua conta
guest-code-intro = { $tenant } pede um segundo fator aos convidados. Digite o código de 6 dígitos do aplicativo autenticador que você configurou para { $tenant }.
guest-lost-app = Perdeu o aplicativo? Peça à administração de { $tenant } que o redefina.
guest-enrol-intro = { $tenant } pede aos convidados um código de um aplicativo autenticador ao entrar. Adicione esta conta ao seu aplicativo com o link ou a chave abaixo e depois digite o código que o aplicativo mostrar. O aplicativo fica vinculado à sua conta de convidado em { $tenant }, que pode redefini-lo.
code-incorrect = O código está incorreto ou já foi usado.
recovery-code-incorrect = O código de recuperação está incorreto ou já foi usado.
code-mismatch = O código não confere. Verifique a chave no seu aplicativo e tente de novo.
sign-out-question = Sair de { $tenant }?
sign-out-confirm-intro = Um aplicativo pediu para encerrar sua sessão. Saia somente se foi você quem fez isso; caso contrário, feche esta página.
find-organization-intro = Digite seu endereço de email corporativo para encontrar sua organização.
find-organization = Continuar
no-organization = Nenhuma organização aqui usa o domínio de { $address }. Verifique o endereço ou abra o link que sua organização enviou.
not-set-up = O Entente ainda não está configurado: abra o link de configuração mostrado no log do servidor.
admin-portal = Portal de administração
my-apps = Meus aplicativos
password-required = Digite sua senha.
