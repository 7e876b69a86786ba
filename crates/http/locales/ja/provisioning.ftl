# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = プロビジョニング
provisioning-intro = 人事システムや他の ID プロバイダーは、SCIM 2.0 を通じてこの組織のユーザーとグループを作成、更新、削除できます。そのシステムのプロビジョニング設定で SCIM 2.0 を選択し、下のアドレスと接続のトークンを入力してください。
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = SCIM アドレス
provisioning-alternative = 独自にアクセス トークンを取得する (クライアント資格情報) アプリケーションは、接続のトークンの代わりに、SCIM.ReadWrite.All アクセス許可を持つアクセス トークンを使用できます。

# The connections' list.
connections-heading = 接続
connections-none = 接続はまだありません。
connection-col-name = 名前
connection-col-scope = 対象
connection-col-token = トークン
connection-col-expires = トークンの有効期限
connection-col-used = 最終使用日時
connection-scope-own = この組織のユーザーとグループ
# $partner: the partner organization's name.
connection-scope-partner = { $partner } のユーザー (ゲストとして)
connection-never-used = 未使用
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = 新しいトークン
connection-new-token-named = { $name } の新しいトークン
connection-delete = 削除
connection-delete-named = { $name } を削除
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = { $name } を削除する (トークンは直ちに使えなくなります)

# The form that makes a connection.
new-connection = 新しい接続
connection-name = 名前
connection-partner = パートナー組織 (ドメインまたは ID、省略可)
connection-partner-hint = この組織自身の人事システムまたは ID プロバイダーの場合は、空のままにします。パートナーの接続では、そのパートナーのユーザーがゲストとしてのみ作成され、アドレスはパートナーのドメインのものに限られます。
create-connection = 接続を作成
# Shown once, above the token; $name: the connection's name.
token-shown-once = { $name } のトークンです。今すぐコピーしてください。表示されるのは今回だけです。
# $name: the connection's name.
connection-deleted = { $name } を削除しました。そのトークンはもう使えません。

# The provisioning log.
log-heading = プロビジョニング ログ
log-intro = 各プロビジョニング要求による変更内容、または失敗した理由です。エントリは 30 日間保持されます。
log-none = まだ何もありません。
log-show = 表示
log-all = すべて
log-failures = 失敗のみ
log-download = ログをダウンロード (CSV)
log-col-time = 日時
log-col-status = 結果
log-col-action = 操作
log-col-target = ユーザーまたはグループ
log-col-application = 接続またはアプリケーション
log-col-details = 変更内容または理由
log-success = 成功
log-failure = 失敗
log-action-create = 作成
log-action-update = 更新
log-action-disable = 無効化
log-action-delete = 削除
log-action-other = その他
