### languages: ja; the English catalog (../en/languages.ftl) is the reference.

language-en = 英語
language-de = ドイツ語
language-es = スペイン語
language-fr = フランス語
language-it = イタリア語
language-ja = 日本語
language-ko = 韓国語
language-pt-br = ポルトガル語 (ブラジル)
language-ru = ロシア語
language-zh-hans = 中国語 (簡体字)
language-zh-hant = 中国語 (繁体字)
language-nl = オランダ語
