### fields: zh-Hant; the English catalog (../en/fields.ftl) is the reference.

summary-title = 發生問題
enter-email = 請輸入電子郵件地址，例如 name@example.com。
too-long = 目前為 { $length } 個字元；最多 { $max } 個。
enter-https-url = 請輸入以 https:// 開頭的網址。
choose-language = 請從清單中選擇一種語言。
enter-display-name = 請輸入顯示名稱。
upn-not-in-domain = { $given } 不是貴組織的網域；請輸入類似 name@{ $domain } 的地址。
upn-taken = 貴組織中已有人使用此名稱；請另選一個。
password-too-short = 請輸入至少 8 個字元的密碼。
password-too-long = 請輸入不超過 256 個字元的密碼。
enter-domain = 請輸入網域名稱，例如 contoso.com。
not-a-domain = { $entry } 不是網域名稱；請輸入類似 contoso.com 的網域名稱。
own-organization = 這是貴組織本身；請輸入其他組織的租用戶識別碼。
unknown-partner = { $entry } 既不是本部署中的組織，也不是貴組織的同盟設定；請檢查租用戶識別碼。
domain-unavailable = 此網域已新增至貴組織，或已由其他組織驗證。
enter-web-address = 請輸入完整的網址，例如 https://app.contoso.com。
redirect-https = 請輸入以 https:// 開頭的地址；只有此電腦上的應用程式（http://localhost）可以使用 http://。
redirect-fragment = 請移除從 # 開始的部分：重新導向 URI 不能包含此部分。
enter-colour = 請以 # 加六位十六進位數字的形式輸入色彩，例如 #1d4ed8。
allowed-and-blocked = { $entry } 同時出現在兩個清單中；網域不能同時為允許和封鎖。
days-between = 請輸入 { $min } 到 { $max } 之間的整數天數。
enter-value = 請輸入一個值。

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = 最多列出 { $max } 個項目，每行一個。
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry } 不是使用者或群組的物件識別碼。
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = 透過同盟設定的合作夥伴在此沒有已知的人員；請全部允許或全部封鎖。
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry } 不是本組織應用程式的用戶端識別碼。
# The redemption order must name each of the three ways exactly once.
redemption-order = 請將三種兌換方式各選擇一次，依嘗試的順序排列。
