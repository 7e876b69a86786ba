### languages: es; the English catalog (../en/languages.ftl) is the reference.

language-en = Inglés
language-de = Alemán
language-es = Español
language-fr = Francés
language-it = Italiano
language-ja = Japonés
language-ko = Coreano
language-pt-br = Portugués (Brasil)
language-ru = Ruso
language-zh-hans = Chino (simplificado)
language-zh-hant = Chino (tradicional)
language-nl = Neerlandés
