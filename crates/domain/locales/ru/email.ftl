### email: ru; the English catalog (../en/email.ftl) is the reference.

subject-with-inviter = { $inviter } приглашает вас в { $tenant }
subject = Приглашение в { $tenant }
greeting = Здравствуйте, { $name }!
greeting-without-name = Здравствуйте!
invited-by-inviter = { $inviter } приглашает вас присоединиться к { $tenant } в качестве гостя.
invited-by-tenant = Вас приглашают присоединиться к { $tenant } в качестве гостя.
invited-to-app = Вас приглашают использовать { $app }.
message-from-inviter = { $inviter } пишет:
message-from-tenant = Сообщение от организации «{ $tenant }»:
accept-button = Принять приглашение
button-fallback = Если кнопка не работает, скопируйте эту ссылку в адресную строку браузера:
link-intro = Чтобы принять приглашение, откройте эту ссылку:
expires = Срок действия приглашения истекает { $date } (UTC)
contact-question = Есть вопросы по этому приглашению?
contact-us = Свяжитесь с нами
footer = Вы получили это письмо, так как на адрес { $email } отправлено приглашение от организации «{ $tenant }». Если вы не ждали этого приглашения, просто проигнорируйте это письмо.
code-subject = Ваш код подтверждения для { $tenant }
code-intro = Введите этот код, чтобы подтвердить, что адрес { $email } принадлежит вам:
code-valid = Код действителен в течение { $minutes ->
     [one] { $minutes } минуты
     [few] { $minutes } минут
     [many] { $minutes } минут
    *[other] { $minutes } минуты
}.
code-ignore = Если вы не запрашивали этот код, просто проигнорируйте это письмо. Никому не сообщайте этот код.
sponsor-left-subject = { $tenant }: { $sponsor } больше не отвечает за гостей
sponsor-left-remaining = Спонсор { $sponsor } больше не отвечает за этих гостей организации «{ $tenant }». Вы по-прежнему отвечаете за них:
sponsor-left-unsponsored = Спонсор { $sponsor } больше не отвечает за этих гостей организации «{ $tenant }», и других спонсоров у них нет. Теперь за них никто не отвечает: назначьте нового спонсора или закройте им доступ.
sponsor-left-more = { $count ->
     [one] и ещё { $count } гость
     [few] и ещё { $count } гостя
     [many] и ещё { $count } гостей
    *[other] и ещё { $count } гостя
}
sponsor-left-link = Посмотреть их можно на портале:
access-ends-subject = { $tenant }: доступ гостя { $guest } заканчивается { $date }
access-ends-sponsor = Доступ гостя { $guest } к организации «{ $tenant }» заканчивается { $date }. Вы отвечаете за этого гостя как спонсор: если доступ ещё нужен, продлите его в разделе «Мои приложения»:
access-ends-admin = Доступ гостя { $guest } к организации «{ $tenant }» заканчивается { $date }, и за этого гостя никто не отвечает как спонсор. Если доступ ещё нужен, продлите его на странице гостя на портале:
access-ends-then = В этот день вход будет заблокирован, а через { $days ->
     [one] { $days } день
     [few] { $days } дня
     [many] { $days } дней
    *[other] { $days } дня
} гость будет удалён.
