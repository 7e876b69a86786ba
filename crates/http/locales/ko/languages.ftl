### languages: ko; the English catalog (../en/languages.ftl) is the reference.

language-en = 영어
language-de = 독일어
language-es = 스페인어
language-fr = 프랑스어
language-it = 이탈리아어
language-ja = 일본어
language-ko = 한국어
language-pt-br = 포르투갈어(브라질)
language-ru = 러시아어
language-zh-hans = 중국어(간체)
language-zh-hant = 중국어(번체)
language-nl = 네덜란드어
