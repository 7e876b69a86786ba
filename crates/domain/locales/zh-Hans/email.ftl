### email: zh-Hans; the English catalog (../en/email.ftl) is the reference.

subject-with-inviter = { $inviter } 邀请你加入 { $tenant }
subject = 你收到了加入 { $tenant } 的邀请
greeting = { $name }，你好：
greeting-without-name = 你好：
invited-by-inviter = { $inviter } 邀请你以来宾身份加入 { $tenant }。
invited-by-tenant = 你已受邀以来宾身份加入 { $tenant }。
invited-to-app = 你已受邀使用 { $app }。
message-from-inviter = { $inviter } 的留言：
message-from-tenant = { $tenant } 的留言：
accept-button = 接受邀请
button-fallback = 如果按钮无法使用，请将以下链接复制到浏览器中打开：
link-intro = 要接受邀请，请打开以下链接：
expires = 此邀请将于{ $date }（UTC）过期。
contact-question = 对此邀请有疑问？
contact-us = 联系我们
footer = 你收到此邮件是因为 { $tenant } 邀请了 { $email }。如果你没有预料到此邀请，可以忽略此邮件。
code-subject = 你的 { $tenant } 验证码
code-intro = 请输入以下验证码，以确认 { $email } 是你的地址：
code-valid = 验证码在 { $minutes } 分钟内有效。
code-ignore = 如果你没有请求此验证码，可以忽略此邮件。请勿将验证码告诉任何人。
sponsor-left-subject = { $tenant }：{ $sponsor } 不再对来宾负责
sponsor-left-remaining = { $sponsor } 曾是 { $tenant } 以下来宾的发起人，现已不再担任。你仍对他们负责：
sponsor-left-unsponsored = { $sponsor } 曾是 { $tenant } 以下来宾的最后一位发起人，现已不再担任。目前没有人对他们负责：请指定新的发起人，或终止他们的访问权限。
sponsor-left-more = 以及其他 { $count } 位来宾
sponsor-left-link = 在门户中查看：
