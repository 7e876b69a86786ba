### fields: ja; the English catalog (../en/fields.ftl) is the reference.

summary-title = 問題があります
enter-email = name@example.com のようなメール アドレスを入力してください。
too-long = { $length } 文字あります。入力できるのは { $max } 文字までです。
enter-https-url = https:// で始まる Web アドレスを入力してください。
choose-language = 一覧から言語を選んでください。
enter-display-name = 表示名を入力してください。
upn-not-in-domain = { $given } は組織のドメインではありません。name@{ $domain } のようなアドレスを入力してください。
upn-taken = 組織内の他のユーザーがこの名前を使っています。別の名前を選んでください。
password-too-short = 8 文字以上のパスワードを入力してください。
password-too-long = 256 文字以下のパスワードを入力してください。
enter-domain = contoso.com のようなドメイン名を入力してください。
not-a-domain = { $entry } はドメイン名ではありません。contoso.com のようなドメイン名を入力してください。
own-organization = これはご自身の組織です。別の組織のテナント ID を入力してください。
unknown-partner = { $entry } はこのデプロイの組織でも、この組織のフェデレーション構成でもありません。テナント ID を確認してください。
domain-unavailable = このドメインは既に組織に追加されているか、別の組織が検証済みです。
enter-web-address = https://app.contoso.com のような完全な Web アドレスを入力してください。
redirect-https = https:// で始まるアドレスを入力してください。http:// を使用できるのは、このコンピューター上のアプリ (http://localhost) だけです。
redirect-fragment = # 以降の部分を削除してください。リダイレクト URI にはこの部分を含めることができません。
enter-colour = #1d4ed8 のように、# と 6 桁の 16 進数で色を入力してください。
allowed-and-blocked = { $entry } は両方の一覧に含まれています。ドメインを許可とブロックの両方にすることはできません。
days-between = { $min } から { $max } までの整数で日数を入力してください。
enter-value = 値を入力してください。

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = エントリは { $max } 件までにして、一行に一つずつ入力してください。
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry } はユーザーまたはグループのオブジェクト ID ではありません。
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = フェデレーション構成を通じたパートナーのユーザーはここでは不明です。全員を許可するか、全員をブロックしてください。
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry } はこの組織のアプリケーションのクライアント ID ではありません。
# The redemption order must name each of the three ways exactly once.
redemption-order = 利用開始の三つの方法をそれぞれ一度ずつ、試す順に選んでください。
