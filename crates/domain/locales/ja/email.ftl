### email: ja; the English catalog (../en/email.ftl) is the reference.

subject-with-inviter = { $inviter } さんから { $tenant } への招待が届いています
subject = { $tenant } への招待が届いています
greeting = { $name } 様
greeting-without-name = こんにちは。
invited-by-inviter = { $inviter } さんから { $tenant } へのゲスト招待が届いています。
invited-by-tenant = { $tenant } のゲストとして招待されました。
invited-to-app = { $app } の利用に招待されました。
message-from-inviter = { $inviter } さんからのメッセージ:
message-from-tenant = { $tenant } からのメッセージ:
accept-button = 招待を承諾
button-fallback = ボタンが機能しない場合は、次のリンクをブラウザーにコピーしてください:
link-intro = 招待を承諾するには、次のリンクを開いてください:
expires = この招待の有効期限は { $date }（UTC） です。
contact-question = この招待についてご不明な点がありますか？
contact-us = お問い合わせ
footer = このメールは、{ $tenant } が { $email } を招待したため送信されました。心当たりがない場合は、このメールを無視してください。
code-subject = { $tenant } の確認コード
code-intro = { $email } がお客様のアドレスであることを確認するため、次のコードを入力してください:
code-valid = このコードの有効期間は { $minutes } 分です。
code-ignore = このコードをリクエストしていない場合は、このメールを無視してください。コードは誰にも教えないでください。
sponsor-left-subject = { $tenant }: { $sponsor } がゲストの担当から外れました
sponsor-left-remaining = { $sponsor } は { $tenant } の次のゲストのスポンサーでしたが、担当から外れました。これらのゲストは引き続き担当していただきます:
sponsor-left-unsponsored = { $sponsor } は { $tenant } の次のゲストの最後のスポンサーでしたが、担当から外れました。現在これらのゲストを担当する人はいません。新しいスポンサーを指定するか、アクセスを終了してください。
sponsor-left-more = ほか { $count } 人のゲスト
sponsor-left-link = ポータルで確認できます:
