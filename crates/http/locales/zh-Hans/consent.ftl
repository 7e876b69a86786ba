### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = zh-Hans

## The consent page.
# The page's heading and the browser tab's title.
title = 请求的权限
intro = { $app } 是 { $vendor } 的应用程序。该应用程序请求允许 { $organization } 的人员使用它。
effect = 如果接受，{ $organization } 的人员即可使用其在此处的账户登录该应用程序。你可以选择谁能使用它以及他们拥有该应用程序的哪些角色，并且可以随时将其移除。
roles = 该应用程序定义的角色，你可以将其分配给你的用户：
no-roles = 该应用程序未定义任何角色。
already = { $organization } 已接受此应用程序。
accept = 接受
decline = 取消
# After accepting, when the application gave no address to return to.
done = { $organization } 的人员现在可以使用 { $app } 了。

## Why the consent page cannot be shown.
refused-title = 无法接受此应用程序
admin-only = 只有 { $organization } 的管理员才能代表整个组织接受应用程序。
unknown-application = 没有应用程序使用此客户端 ID。
single-organization = 此应用程序仅供其所属组织使用；其他组织无法使用。
own-application = 此应用程序属于你的组织，无需接受。
redirect-not-registered = 要返回的地址未在此应用程序中注册。

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = 需要批准
needed-body = { $vendor } 的 { $app } 需要 { $organization } 的管理员批准，该组织的人员才能登录此应用程序。
needed-admin = 如果你是 { $organization } 的管理员，可以审阅并接受此应用程序：
needed-link = 审阅应用程序

## The portal's list of other organizations' applications, on the applications page.
others-heading = 其他组织的应用程序
others-intro = 由其他组织创建并已被本组织接受的应用程序。它们的令牌由本组织颁发，并包含你在此处分配的角色。
others-none = 尚未接受任何其他组织的应用程序。
others-vendor = 创建者
others-accepted = 已接受
others-assigned-only = 仅已分配的人员可以登录
others-everyone = 组织中的所有人都可以登录
others-remove = 移除
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = 要移除 { $app } 吗？{ $organization } 中所有人对它的访问都将结束，在其中分配的角色也会被移除。
others-removed = 已移除 { $app }。
