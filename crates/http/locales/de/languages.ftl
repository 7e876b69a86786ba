### languages: de; the English catalog (../en/languages.ftl) is the reference.

language-en = Englisch
language-de = Deutsch
language-es = Spanisch
language-fr = Französisch
language-it = Italienisch
language-ja = Japanisch
language-ko = Koreanisch
language-pt-br = Portugiesisch (Brasilien)
language-ru = Russisch
language-zh-hans = Chinesisch (vereinfacht)
language-zh-hant = Chinesisch (traditionell)
language-nl = Niederländisch
