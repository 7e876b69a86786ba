### fields: ru; the English catalog (../en/fields.ftl) is the reference.

summary-title = Есть проблема
enter-email = Введите адрес электронной почты, например name@example.com.
too-long = Здесь { $length } символов; помещается не больше { $max }.
enter-https-url = Введите веб-адрес, который начинается с https://.
choose-language = Выберите язык из списка.
enter-display-name = Введите отображаемое имя.
upn-not-in-domain = { $given } — не домен вашей организации; введите адрес вида name@{ $domain }.
upn-taken = Это имя уже есть у кого-то в вашей организации; выберите другое.
password-too-short = Введите пароль не короче 8 символов.
password-too-long = Введите пароль не длиннее 256 символов.
enter-domain = Введите имя домена, например contoso.com.
not-a-domain = { $entry } — не имя домена; введите имя вида contoso.com.
own-organization = Это ваша собственная организация; введите идентификатор клиента другой организации.
unknown-partner = { $entry } не является ни организацией этого развёртывания, ни одной из ваших конфигураций федерации; проверьте идентификатор клиента.
domain-unavailable = Этот домен уже добавлен в вашу организацию или подтверждён другой организацией.
enter-web-address = Введите полный веб-адрес, например https://app.contoso.com.
redirect-https = Введите адрес, который начинается с https://; http:// может использовать только приложение на этом компьютере (http://localhost).
redirect-fragment = Удалите часть, начиная с #: в URI перенаправления её быть не может.
enter-colour = Введите цвет в виде # и шести шестнадцатеричных цифр, например #1d4ed8.
allowed-and-blocked = { $entry } есть в обоих списках; домен не может быть одновременно разрешён и заблокирован.
days-between = Введите целое число дней от { $min } до { $max }.
enter-value = Введите значение.

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = Записей может быть не больше { $max }, по одной в строке.
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry } — не идентификатор объекта пользователя или группы.
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = Пользователи партнёра, подключённого через конфигурацию федерации, здесь неизвестны; разрешите или заблокируйте их всех сразу.
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry } — не ID клиента приложения этой организации.
# The redemption order must name each of the three ways exactly once.
redemption-order = Выберите каждый из трёх способов активации ровно один раз, в том порядке, в котором их нужно пробовать.
