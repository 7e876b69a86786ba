### languages: zh-Hans; the English catalog (../en/languages.ftl) is the reference.

language-en = 英语
language-de = 德语
language-es = 西班牙语
language-fr = 法语
language-it = 意大利语
language-ja = 日语
language-ko = 韩语
language-pt-br = 葡萄牙语（巴西）
language-ru = 俄语
language-zh-hans = 简体中文
language-zh-hant = 繁体中文
language-nl = 荷兰语
