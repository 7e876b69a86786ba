# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = 预配
provisioning-intro = 人力资源系统或其他标识提供者可以通过 SCIM 2.0 创建、更新和移除此组织的用户和组。在该系统的预配设置中选择 SCIM 2.0，然后输入下面的地址和某个连接的令牌。
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = SCIM 地址
provisioning-alternative = 自行获取访问令牌（客户端凭据）的应用程序可以使用具有 SCIM.ReadWrite.All 权限的访问令牌，而不使用连接的令牌。

# The connections' list.
connections-heading = 连接
connections-none = 还没有连接。
connection-col-name = 名称
connection-col-scope = 范围
connection-col-token = 令牌
connection-col-expires = 令牌过期时间
connection-col-used = 上次使用时间
connection-scope-own = 此组织的用户和组
# $partner: the partner organization's name.
connection-scope-partner = { $partner } 的人员（作为来宾）
connection-never-used = 从未使用
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = 生成新令牌
connection-new-token-named = 为 { $name } 生成新令牌
connection-delete = 删除
connection-delete-named = 删除 { $name }
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = 删除 { $name }：其令牌会立即失效

# The form that makes a connection.
new-connection = 新建连接
connection-name = 名称
connection-partner = 合作伙伴组织（其域或 ID），可选
connection-partner-hint = 如果用于此组织自己的人力资源系统或标识提供者，请留空。合作伙伴的连接只会将该合作伙伴的人员创建为来宾，且其地址必须位于该合作伙伴的域中。
create-connection = 创建连接
# Shown once, above the token; $name: the connection's name.
token-shown-once = { $name } 的令牌。请立即复制：它只显示这一次。
# $name: the connection's name.
connection-deleted = 已删除 { $name }：其令牌不再有效。

# The provisioning log.
log-heading = 预配日志
log-intro = 每个预配请求更改了什么，或失败的原因。条目保留 30 天。
log-none = 尚无内容。
log-show = 显示
log-all = 全部
log-failures = 仅失败
log-download = 下载日志 (CSV)
log-col-time = 时间
log-col-status = 结果
log-col-action = 操作
log-col-target = 用户或组
log-col-application = 连接或应用程序
log-col-details = 更改或原因
log-success = 成功
log-failure = 失败
log-action-create = 创建
log-action-update = 更新
log-action-disable = 禁用
log-action-delete = 删除
log-action-other = 其他
