### languages: fr; the English catalog (../en/languages.ftl) is the reference.

language-en = Anglais
language-de = Allemand
language-es = Espagnol
language-fr = Français
language-it = Italien
language-ja = Japonais
language-ko = Coréen
language-pt-br = Portugais (Brésil)
language-ru = Russe
language-zh-hans = Chinois (simplifié)
language-zh-hant = Chinois (traditionnel)
language-nl = Néerlandais
