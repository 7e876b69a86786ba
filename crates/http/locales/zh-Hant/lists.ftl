### lists: zh-Hant; the English catalog (../en/lists.ftl) is the reference.

users-found = 找到的使用者：{ $count }
groups-found = 找到的群組：{ $count }
invitations-found = 找到的邀請：{ $count }
search-hint = 可搜尋名稱或地址的任何部分；輸入一到兩個字元時，會尋找以其開頭的項目。
search-invitations = 地址或名稱
email-column = 電子郵件
created = 建立時間
member = 成員
guest = 來賓
state-pending = 等待接受
state-accepted = 已接受
source-code = 電子郵件一次性驗證碼
source-federated = 合作夥伴的識別提供者
export-users = 下載 CSV
