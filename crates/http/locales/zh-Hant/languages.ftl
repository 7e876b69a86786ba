### languages: zh-Hant; the English catalog (../en/languages.ftl) is the reference.

language-en = 英文
language-de = 德文
language-es = 西班牙文
language-fr = 法文
language-it = 義大利文
language-ja = 日文
language-ko = 韓文
language-pt-br = 葡萄牙文（巴西）
language-ru = 俄文
language-zh-hans = 簡體中文
language-zh-hant = 繁體中文
language-nl = 荷蘭文
