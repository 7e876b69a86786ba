### bulk: zh-Hans; the English catalog (../en/bulk.ftl) is the reference.

size-limit = 一个文件最多 { $rows } 行、{ $size }。
file-too-large = 此文件超过了单次上传的上限 { $size }。请将其拆分为较小的文件，逐个上传。
choose-another-file = 选择其他文件
names-hint = 在 InvitedToApplications 中，可按显示名称、客户端 ID 或对象 ID 指定应用程序；在 InvitedToGroups 中，可按显示名称或对象 ID 指定组。多个 ID 用空格分隔，多个名称用分号 (;) 分隔。
sample-hint = 示例文件包含所有列；请将其中的名称替换为你自己的应用程序和组。
language = 语言
errors-only = 仅显示有错误的行
all-rows = 显示所有行
row-warning = 就绪（有警告）
cc-warning = 副本会发送给 { $cc }，因此 { $email } 无法使用一次性验证码注册，而且这里没有可用于登录的组织：除非先添加其组织，否则链接无法使用。
no-error-rows = 没有行有错误。
object-id = 对象 ID
copy = 复制
copied = 已复制
