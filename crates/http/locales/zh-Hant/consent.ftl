### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = zh-Hant

## The consent page.
# The page's heading and the browser tab's title.
title = 要求的權限
intro = { $app } 是 { $vendor } 的應用程式。此應用程式要求允許 { $organization } 的人員使用它。
effect = 如果您接受，{ $organization } 的人員即可使用其在此處的帳戶登入此應用程式。您可以選擇誰能使用它，以及他們擁有此應用程式的哪些角色，也可以隨時將它移除。
roles = 此應用程式定義的角色，您可以將其指派給您的使用者：
no-roles = 此應用程式未定義任何角色。
already = { $organization } 已接受此應用程式。
accept = 接受
decline = 取消
# After accepting, when the application gave no address to return to.
done = { $organization } 的人員現在可以使用 { $app } 了。

## Why the consent page cannot be shown.
refused-title = 無法接受此應用程式
admin-only = 只有 { $organization } 的管理員才能代表整個組織接受應用程式。
unknown-application = 沒有任何應用程式使用此用戶端識別碼。
single-organization = 此應用程式僅供其所屬組織使用；其他組織無法使用。
own-application = 此應用程式屬於您的組織，不需要接受。
redirect-not-registered = 要返回的地址未在此應用程式中註冊。

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = 需要核准
needed-body = { $vendor } 的 { $app } 需要 { $organization } 管理員的核准，該組織的人員才能登入此應用程式。
needed-admin = 如果您是 { $organization } 的管理員，可以檢閱並接受此應用程式：
needed-link = 檢閱應用程式

## The portal's list of other organizations' applications, on the applications page.
others-heading = 其他組織的應用程式
others-intro = 由其他組織建立並已由本組織接受的應用程式。其權杖由本組織發出，並包含您在此處指派的角色。
others-none = 尚未接受任何其他組織的應用程式。
others-vendor = 建立者
others-accepted = 已接受
others-assigned-only = 僅已指派的人員可以登入
others-everyone = 組織中的所有人都可以登入
others-remove = 移除
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = 要移除 { $app } 嗎？{ $organization } 中所有人對它的存取都將結束，在其中指派的角色也會一併移除。
others-removed = 已移除 { $app }。
