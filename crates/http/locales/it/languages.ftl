### languages: it; the English catalog (../en/languages.ftl) is the reference.

language-en = Inglese
language-de = Tedesco
language-es = Spagnolo
language-fr = Francese
language-it = Italiano
language-ja = Giapponese
language-ko = Coreano
language-pt-br = Portoghese (Brasile)
language-ru = Russo
language-zh-hans = Cinese (semplificato)
language-zh-hant = Cinese (tradizionale)
language-nl = Olandese
