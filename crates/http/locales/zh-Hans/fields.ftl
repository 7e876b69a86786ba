### fields: zh-Hans; the English catalog (../en/fields.ftl) is the reference.

summary-title = 出现问题
enter-email = 请输入电子邮件地址，例如 name@example.com。
too-long = 当前为 { $length } 个字符；最多 { $max } 个。
enter-https-url = 请输入以 https:// 开头的网址。
choose-language = 请从列表中选择一种语言。
enter-display-name = 请输入显示名称。
upn-not-in-domain = { $given } 不是贵组织的域；请输入类似 name@{ $domain } 的地址。
upn-taken = 贵组织中已有人使用此名称；请另选一个。
password-too-short = 请输入至少 8 个字符的密码。
password-too-long = 请输入不超过 256 个字符的密码。
enter-domain = 请输入域名，例如 contoso.com。
not-a-domain = { $entry } 不是域名；请输入类似 contoso.com 的域名。
own-organization = 这是贵组织本身；请输入其他组织的租户 ID。
unknown-partner = { $entry } 既不是本部署中的组织，也不是贵组织的联合配置；请检查租户 ID。
domain-unavailable = 此域已添加到贵组织，或已由其他组织验证。
enter-web-address = 请输入完整的网址，例如 https://app.contoso.com。
redirect-https = 请输入以 https:// 开头的地址；只有此计算机上的应用（http://localhost）可以使用 http://。
redirect-fragment = 请删除从 # 开始的部分：重定向 URI 不能包含此部分。
enter-colour = 请以 # 加六位十六进制数字的形式输入颜色，例如 #1d4ed8。
allowed-and-blocked = { $entry } 同时出现在两个列表中；一个域不能既被允许又被阻止。
days-between = 请输入 { $min } 到 { $max } 之间的整数天数。
enter-value = 请输入一个值。

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = 最多列出 { $max } 个条目，每行一个。
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry } 不是用户或组的对象 ID。
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = 通过联合配置的合作伙伴在此没有已知的人员；请全部允许或全部阻止。
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry } 不是本组织应用程序的客户端 ID。
# The redemption order must name each of the three ways exactly once.
redemption-order = 请将三种兑换方式各选择一次，按尝试的顺序排列。
