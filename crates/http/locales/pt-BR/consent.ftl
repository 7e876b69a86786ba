### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = pt-BR

## The consent page.
# The page's heading and the browser tab's title.
title = Permissões solicitadas
intro = { $app } é um aplicativo de { $vendor }. Ele pede para ser usado pelas pessoas de { $organization }.
effect = Se você aceitar, as pessoas de { $organization } poderão entrar nele com as contas que têm aqui. Você escolhe quem pode usá-lo e quais funções do aplicativo cada pessoa tem, e pode removê-lo a qualquer momento.
roles = Funções definidas pelo aplicativo, que você pode atribuir aos seus usuários:
no-roles = O aplicativo não define nenhuma função.
already = { $organization } já aceitou este aplicativo.
accept = Aceitar
decline = Cancelar
# After accepting, when the application gave no address to return to.
done = Agora as pessoas de { $organization } podem usar { $app }.

## Why the consent page cannot be shown.
refused-title = Não é possível aceitar este aplicativo
admin-only = Somente um administrador de { $organization } pode aceitar um aplicativo para toda a organização.
unknown-application = Nenhum aplicativo tem este ID do cliente.
single-organization = Este aplicativo é somente para a organização a que pertence; outras organizações não podem usá-lo.
own-application = Este aplicativo pertence à sua organização; ele não precisa ser aceito.
redirect-not-registered = O endereço de retorno não está registrado para este aplicativo.

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = Aprovação necessária
needed-body = { $app } de { $vendor } precisa da aprovação de um administrador de { $organization } antes que as pessoas dessa organização possam entrar nele.
needed-admin = Se você é administrador de { $organization }, pode revisar e aceitar o aplicativo:
needed-link = Revisar o aplicativo

## The portal's list of other organizations' applications, on the applications page.
others-heading = Aplicativos de outras organizações
others-intro = Aplicativos que outras organizações criaram e que esta organização aceitou. Os tokens deles são emitidos por esta organização, com as funções que você atribui aqui.
others-none = Nenhum aplicativo de outra organização foi aceito.
others-vendor = Criado por
others-accepted = Aceito
others-assigned-only = Somente pessoas atribuídas podem entrar
others-everyone = Todos na organização podem entrar
others-remove = Remover
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = Remover { $app }? O acesso dele termina para todos em { $organization }, e as funções atribuídas nele são removidas.
others-removed = O aplicativo { $app } foi removido.
