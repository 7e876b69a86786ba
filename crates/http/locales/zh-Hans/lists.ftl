### lists: zh-Hans; the English catalog (../en/lists.ftl) is the reference.

users-found = 找到的用户：{ $count }
groups-found = 找到的组：{ $count }
invitations-found = 找到的邀请：{ $count }
search-hint = 可搜索名称或地址的任意部分；输入一到两个字符时，查找以其开头的项。
search-invitations = 地址或名称
email-column = 电子邮件
created = 创建时间
member = 成员
guest = 来宾
state-pending = 等待接受
state-accepted = 已接受
source-code = 电子邮件一次性验证码
source-federated = 合作伙伴的标识提供者
export-users = 下载 CSV
