### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = ja

## The consent page.
# The page's heading and the browser tab's title.
title = 要求されているアクセス許可
intro = { $app } は { $vendor } のアプリケーションです。{ $organization } のユーザーによる利用を求めています。
effect = 承諾すると、{ $organization } のユーザーは、ここでのアカウントでこのアプリケーションにサインインできるようになります。利用できるユーザーと、各ユーザーに付与するアプリケーションのロールを選択でき、アプリケーションはいつでも削除できます。
roles = このアプリケーションで定義されている、ユーザーに割り当て可能なロール:
no-roles = このアプリケーションで定義されているロールはありません。
already = { $organization } はこのアプリケーションを既に承諾しています。
accept = 承諾
decline = キャンセル
# After accepting, when the application gave no address to return to.
done = { $organization } のユーザーが { $app } を利用できるようになりました。

## Why the consent page cannot be shown.
refused-title = このアプリケーションは承諾できません
admin-only = 組織全体に対してアプリケーションを承諾できるのは、{ $organization } の管理者だけです。
unknown-application = このクライアント ID を持つアプリケーションはありません。
single-organization = このアプリケーションは所属する組織専用です。他の組織では利用できません。
own-application = このアプリケーションはお客様の組織に属しているため、承諾は不要です。
redirect-not-registered = 戻り先のアドレスがこのアプリケーションに登録されていません。

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = 承認が必要です
needed-body = { $vendor } の { $app } には { $organization } の管理者による承認が必要です。承認されるまで、この組織のユーザーはこのアプリケーションにサインインできません。
needed-admin = { $organization } の管理者の場合は、アプリケーションを確認して承諾できます:
needed-link = アプリケーションを確認

## The portal's list of other organizations' applications, on the applications page.
others-heading = 他の組織のアプリケーション
others-intro = 他の組織が作成し、この組織が承諾したアプリケーションです。これらのトークンはこの組織から発行され、ここで割り当てたロールが含まれます。
others-none = 承諾された他の組織のアプリケーションはありません。
others-vendor = 作成元
others-accepted = 承諾済み
others-assigned-only = 割り当てられたユーザーのみサインインできる
others-everyone = 組織の全員がサインインできる
others-remove = 削除
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = { $app } を削除しますか? { $organization } のすべてのユーザーのアクセスが終了し、このアプリケーションで割り当てられたロールも削除されます。
others-removed = { $app } を削除しました。
