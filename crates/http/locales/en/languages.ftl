### The names of Entente's twelve languages, for lists that say which language
### something is in ("German" to an English reader, "Allemand" to a French one).
### A form where a person picks their own language names each in itself instead.

language-en = English
language-de = German
language-es = Spanish
language-fr = French
language-it = Italian
language-ja = Japanese
language-ko = Korean
language-pt-br = Portuguese (Brazil)
language-ru = Russian
language-zh-hans = Chinese (Simplified)
language-zh-hant = Chinese (Traditional)
language-nl = Dutch
