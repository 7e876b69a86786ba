# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = 佈建
provisioning-intro = 人力資源系統或其他識別提供者可以透過 SCIM 2.0 建立、更新和移除此組織的使用者和群組。請在該系統的佈建設定中選擇 SCIM 2.0，然後輸入下方的位址和某個連線的權杖。
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = SCIM 位址
provisioning-alternative = 自行取得存取權杖（用戶端認證）的應用程式，可以使用具有 SCIM.ReadWrite.All 權限的存取權杖，而不使用連線的權杖。

# The connections' list.
connections-heading = 連線
connections-none = 尚無連線。
connection-col-name = 名稱
connection-col-scope = 範圍
connection-col-token = 權杖
connection-col-expires = 權杖到期時間
connection-col-used = 上次使用時間
connection-scope-own = 此組織的使用者和群組
# $partner: the partner organization's name.
connection-scope-partner = { $partner } 的人員（作為來賓）
connection-never-used = 從未使用
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = 產生新權杖
connection-new-token-named = 為 { $name } 產生新權杖
connection-delete = 刪除
connection-delete-named = 刪除 { $name }
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = 刪除 { $name }：其權杖會立即失效

# The form that makes a connection.
new-connection = 新增連線
connection-name = 名稱
connection-partner = 合作夥伴組織（其網域或識別碼），選用
connection-partner-hint = 若用於此組織自己的人力資源系統或識別提供者，請保留空白。合作夥伴的連線只會將該合作夥伴的人員建立為來賓，且其地址必須位於該合作夥伴的網域中。
create-connection = 建立連線
# Shown once, above the token; $name: the connection's name.
token-shown-once = { $name } 的權杖。請立即複製：它只會顯示這一次。
# $name: the connection's name.
connection-deleted = 已刪除 { $name }：其權杖已失效。

# The provisioning log.
log-heading = 佈建記錄
log-intro = 每個佈建要求變更了什麼，或失敗的原因。項目會保留 30 天。
log-none = 尚無內容。
log-show = 顯示
log-all = 全部
log-failures = 僅失敗
log-download = 下載記錄 (CSV)
log-col-time = 時間
log-col-status = 結果
log-col-action = 動作
log-col-target = 使用者或群組
log-col-application = 連線或應用程式
log-col-details = 變更或原因
log-success = 成功
log-failure = 失敗
log-action-create = 建立
log-action-update = 更新
log-action-disable = 停用
log-action-delete = 刪除
log-action-other = 其他
