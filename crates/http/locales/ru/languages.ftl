### languages: ru; the English catalog (../en/languages.ftl) is the reference.

language-en = Английский
language-de = Немецкий
language-es = Испанский
language-fr = Французский
language-it = Итальянский
language-ja = Японский
language-ko = Корейский
language-pt-br = Португальский (Бразилия)
language-ru = Русский
language-zh-hans = Китайский (упрощённое письмо)
language-zh-hant = Китайский (традиционное письмо)
language-nl = Нидерландский
