### bulk: ja; the English catalog (../en/bulk.ftl) is the reference.

size-limit = 1 つのファイルは最大 { $rows } 行、{ $size } までです。
file-too-large = このファイルは 1 回のアップロードの上限 { $size } を超えています。小さなファイルに分割して、1 つずつアップロードしてください。
choose-another-file = 別のファイルを選ぶ
names-hint = InvitedToApplications ではアプリケーションを表示名、クライアント ID、オブジェクト ID で、InvitedToGroups ではグループを表示名かオブジェクト ID で指定します。複数の ID は空白で、複数の名前はセミコロン (;) で区切ります。
sample-hint = サンプル ファイルにはすべての列があります。名前を自分のアプリケーションとグループに置き換えてください。
language = 言語
errors-only = エラーのある行だけを表示
all-rows = すべての行を表示
row-warning = 準備完了 (警告あり)
cc-warning = { $cc } にコピーが送られるため、{ $email } はワンタイム コードで登録できず、ここにはサインインに使える組織もありません。先にその組織を追加しない限り、リンクは使えません。
no-error-rows = エラーのある行はありません。
object-id = オブジェクト ID
copy = コピー
copied = コピーしました
