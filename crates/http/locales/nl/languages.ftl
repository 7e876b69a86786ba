### languages: nl; the English catalog (../en/languages.ftl) is the reference.

language-en = Engels
language-de = Duits
language-es = Spaans
language-fr = Frans
language-it = Italiaans
language-ja = Japans
language-ko = Koreaans
language-pt-br = Portugees (Brazilië)
language-ru = Russisch
language-zh-hans = Chinees (vereenvoudigd)
language-zh-hant = Chinees (traditioneel)
language-nl = Nederlands
