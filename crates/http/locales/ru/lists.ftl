### lists: ru; the English catalog (../en/lists.ftl) is the reference.

users-found = Найдено пользователей: { $count }
groups-found = Найдено групп: { $count }
invitations-found = Найдено приглашений: { $count }
search-hint = Ищет любую часть имени или адреса; по одному-двум символам — те, что с них начинаются.
search-invitations = Адрес или имя
email-column = Электронная почта
created = Создан
member = Участник
guest = Гость
state-pending = Ожидает принятия
state-accepted = Принято
source-code = Одноразовый код по почте
source-federated = Поставщик удостоверений партнера
export-users = Скачать CSV
