### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = ru

## The consent page.
# The page's heading and the browser tab's title.
title = Запрошенные разрешения
intro = Приложение «{ $app }» создано организацией «{ $vendor }». Оно просит разрешить его использование людям организации «{ $organization }».
effect = Если вы примете его, люди организации «{ $organization }» смогут входить в него со своими учётными записями здесь. Вы решаете, кто может им пользоваться и какие роли приложения получает каждый, и можете удалить его в любой момент.
roles = Роли, определённые приложением, которые вы можете назначить своим пользователям:
no-roles = Приложение не определяет ролей.
already = Организация «{ $organization }» уже приняла это приложение.
accept = Принять
decline = Отмена
# After accepting, when the application gave no address to return to.
done = Теперь люди организации «{ $organization }» могут пользоваться приложением «{ $app }».

## Why the consent page cannot be shown.
refused-title = Это приложение нельзя принять
admin-only = Только администратор организации «{ $organization }» может принять приложение для всей организации.
unknown-application = Нет приложения с таким ID клиента.
single-organization = Это приложение предназначено только для своей организации; другие организации не могут им пользоваться.
own-application = Это приложение принадлежит вашей организации; принимать его не нужно.
redirect-not-registered = Адрес возврата не зарегистрирован для этого приложения.

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = Требуется одобрение
needed-body = Приложению «{ $app }» организации «{ $vendor }» требуется одобрение администратора организации «{ $organization }», прежде чем люди этой организации смогут в него входить.
needed-admin = Если вы администратор организации «{ $organization }», вы можете проверить приложение и принять его:
needed-link = Проверить приложение

## The portal's list of other organizations' applications, on the applications page.
others-heading = Приложения других организаций
others-intro = Приложения, созданные другими организациями и принятые этой организацией. Их токены выдаёт эта организация, с ролями, которые вы назначаете здесь.
others-none = Ни одно приложение другой организации не принято.
others-vendor = Разработчик
others-accepted = Принято
others-assigned-only = Входить могут только назначенные пользователи
others-everyone = Входить могут все в организации
others-remove = Удалить
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = Удалить приложение «{ $app }»? Его доступ прекратится для всех в организации «{ $organization }», а назначенные в нём роли будут удалены.
others-removed = Приложение «{ $app }» удалено.
