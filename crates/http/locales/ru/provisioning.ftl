# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = Подготовка пользователей
provisioning-intro = Кадровая система или другой поставщик удостоверений может создавать, обновлять и удалять пользователей и группы этой организации через SCIM 2.0. В параметрах подготовки этой системы выберите SCIM 2.0 и введите указанный ниже адрес и токен подключения.
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = Адрес SCIM
provisioning-alternative = Приложение, которое само получает токены доступа (учётные данные клиента), может вместо токена подключения использовать токен доступа с разрешением SCIM.ReadWrite.All.

# The connections' list.
connections-heading = Подключения
connections-none = Подключений пока нет.
connection-col-name = Название
connection-col-scope = Область
connection-col-token = Токен
connection-col-expires = Срок действия токена
connection-col-used = Последнее использование
connection-scope-own = Пользователи и группы этой организации
# $partner: the partner organization's name.
connection-scope-partner = Пользователи организации «{ $partner }» в качестве гостей
connection-never-used = Никогда
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = Новый токен
connection-new-token-named = Новый токен для подключения «{ $name }»
connection-delete = Удалить
connection-delete-named = Удалить подключение «{ $name }»
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = Удалить подключение «{ $name }»: его токен сразу перестанет работать

# The form that makes a connection.
new-connection = Новое подключение
connection-name = Название
connection-partner = Партнёрская организация (её домен или идентификатор), необязательно
connection-partner-hint = Оставьте поле пустым для собственной кадровой системы или поставщика удостоверений этой организации. Подключение партнёра создаёт пользователей этого партнёра только как гостей, с адресами в доменах партнёра.
create-connection = Создать подключение
# Shown once, above the token; $name: the connection's name.
token-shown-once = Токен подключения «{ $name }». Скопируйте его сейчас: он показывается только один раз.
# $name: the connection's name.
connection-deleted = Подключение «{ $name }» удалено: его токен больше не работает.

# The provisioning log.
log-heading = Журнал подготовки
log-intro = Что изменил каждый запрос на подготовку или почему он завершился ошибкой. Записи хранятся 30 дней.
log-none = Пока ничего нет.
log-show = Показать
log-all = Все записи
log-failures = Только ошибки
log-download = Скачать журнал (CSV)
log-col-time = Время
log-col-status = Результат
log-col-action = Действие
log-col-target = Пользователь или группа
log-col-application = Подключение или приложение
log-col-details = Изменения или причина
log-success = Успешно
log-failure = Ошибка
log-action-create = Создание
log-action-update = Обновление
log-action-disable = Отключение
log-action-delete = Удаление
log-action-other = Другое
