### lists: ja; the English catalog (../en/lists.ftl) is the reference.

users-found = 見つかったユーザー: { $count }
groups-found = 見つかったグループ: { $count }
invitations-found = 見つかった招待: { $count }
search-hint = 名前やアドレスの一部で検索します。1～2 文字の場合は、その文字で始まるものを検索します。
search-invitations = アドレスまたは名前
email-column = メール
created = 作成日
member = メンバー
guest = ゲスト
state-pending = 承諾待ち
state-accepted = 承諾済み
source-code = メールのワンタイム コード
source-federated = パートナーの ID プロバイダー
export-users = CSV でダウンロード
