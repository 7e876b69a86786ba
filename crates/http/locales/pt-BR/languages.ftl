### languages: pt-BR; the English catalog (../en/languages.ftl) is the reference.

language-en = Inglês
language-de = Alemão
language-es = Espanhol
language-fr = Francês
language-it = Italiano
language-ja = Japonês
language-ko = Coreano
language-pt-br = Português (Brasil)
language-ru = Russo
language-zh-hans = Chinês (simplificado)
language-zh-hant = Chinês (tradicional)
language-nl = Holandês
