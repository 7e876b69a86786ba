### redeem: ru; the English catalog (../en/redeem.ftl) is the reference.

html-lang = ru
invitation-title = { $tenant } приглашает вас
invitation-to-app = Вас приглашают использовать { $app }.
invited-address = Это приглашение предназначено для { $email }.
expires-on = Срок действия приглашения истекает { $date } (UTC)
sign-in-at-home = Войти с учётной записью { $home }
sign-in = Войти
sign-up-intro = У вашей организации пока нет учётной записи у нас. Мы отправим одноразовый код на адрес { $email }, чтобы подтвердить, что этот адрес принадлежит вам.
send-code = Отправить код
code-sent = Мы отправили код на адрес { $email }. Он действителен в течение { $minutes ->
     [one] { $minutes } минуты
     [few] { $minutes } минут
     [many] { $minutes } минут
    *[other] { $minutes } минуты
}.
code-label = Код
verify = Подтвердить
code-invalid = Код неверен или срок его действия истёк.
signed-in-as = Вы вошли как { $account }.
accept = Принять приглашение
consent-heading = Проверка разрешений
consent-intro = { $tenant } запрашивает следующие разрешения:
consent-sign-in = Вход в систему
consent-profile = Чтение вашего имени и адреса электронной почты
consent-home = Просмотр сведений о том, к какой организации относится ваша учётная запись
consent-trust = Принимайте приглашение, только если доверяете организации «{ $tenant }». После этого вы будете добавлены в её каталог в качестве гостя.
wrong-account = Это приглашение отправлено на адрес { $email }, но вы вошли как { $account }.
switch-account = Войти с другой учётной записью
prove-address = Отправить код на адрес { $email }, чтобы подтвердить, что он принадлежит вам
cc-blocks-signup = Копия этого приглашения была отправлена на другой адрес, поэтому его нельзя использовать для создания новой учётной записи. Попросите { $tenant } пригласить вас ещё раз.
no-codes = Организация «{ $tenant }» не принимает приглашения, подтверждённые одноразовым кодом, и ваша организация с ней не связана. Спросите у организации «{ $tenant }», как принять это приглашение.
invitation-invalid = Эта ссылка-приглашение недействительна.
invitation-expired = Срок действия этого приглашения истёк. Попросите { $tenant } отправить его ещё раз.
invitation-revoked = Это приглашение отозвано.
invitation-used = Это приглашение уже принято.
contact = Связаться с { $tenant }
my-apps-title = Мои приложения
my-apps-empty = Вам пока не назначено ни одного приложения.
organizations = Ваши организации
home-organization = ваша основная организация
sign-out = Выйти
accepted-title = Добро пожаловать в { $tenant }
too-many-codes = Запрошено слишком много кодов. Повторите попытку через { $minutes } мин.
member-of-inviter = Эта учётная запись принадлежит { $tenant }, приглашение ей не нужно.
already-guest = С этой учётной записью уже принято другое приглашение от организации «{ $tenant }».
my-guests = Мои гости
my-guests-intro = Пользователи из партнёрских организаций, за которых вы отвечаете как спонсор.
guest-pending = Приглашение ещё не принято
guest-active = Активен
guest-blocked = Заблокирован
guest-access-ends = Доступ заканчивается { $date }
guest-extend = Продлить доступ
guest-inactive = Давно не входит; вход будет заблокирован { $date }, если не сохранить доступ
guest-keep = Сохранить доступ
my-reviews = Ваши проверки доступа
review-open-count = Осталось решить: { $open } из { $total } · заканчивается { $date }
review-title = Проверка доступа: { $review }
review-intro = Для каждого пользователя ниже решите, сохранится ли у него доступ к «{ $resource }». Проверка заканчивается { $date }; тогда отклонённый доступ будет закрыт.
review-resource-all = { $tenant } (все гости)
review-progress = Решено: { $done } из { $total }
review-accept-recommendations = Принять все рекомендации
review-accepted = { $count ->
     [one] Принята { $count } рекомендация.
     [few] Приняты { $count } рекомендации.
     [many] Принято { $count } рекомендаций.
    *[other] Принято { $count } рекомендации.
}
review-approve = Утвердить
review-deny = Отклонить
review-dont-know = Не знаю
review-justification = Причина
review-justification-required = Укажите причину утверждения.
review-last-sign-in = Последний вход: { $date }
review-never-signed-in = Входов не было
review-sponsors = Спонсоры: { $names }
review-no-sponsors = Нет спонсора
review-reaches = Доступ к: { $names }
review-reaches-nothing = Нет групп и приложений
review-recommended-approve = Рекомендация: утвердить (недавний вход)
review-recommended-deny = Рекомендация: отклонить (нет входа { $days ->
     [one] { $days } день
     [few] { $days } дня
     [many] { $days } дней
    *[other] { $days } дня
})
review-state-open = Решение не принято
review-state-approved = Утверждено
review-state-denied = Отклонено
review-state-dont-know = Не знаю
review-next-page = Следующая страница
review-show-open = Показать только нерешённые
review-show-all = Показать все
review-ended = Эта проверка завершена: решения больше нельзя изменить.
