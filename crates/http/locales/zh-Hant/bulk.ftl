### bulk: zh-Hant; the English catalog (../en/bulk.ftl) is the reference.

size-limit = 一個檔案最多 { $rows } 列、{ $size }。
file-too-large = 此檔案超過單次上傳的上限 { $size }。請將它分割成較小的檔案，逐一上傳。
choose-another-file = 選擇其他檔案
names-hint = 在 InvitedToApplications 中，可依顯示名稱、用戶端識別碼或物件識別碼指定應用程式；在 InvitedToGroups 中，可依顯示名稱或物件識別碼指定群組。多個識別碼以空格分隔，多個名稱以分號 (;) 分隔。
sample-hint = 範例檔案包含所有欄；請將其中的名稱換成您自己的應用程式和群組。
language = 語言
errors-only = 只顯示有錯誤的列
all-rows = 顯示所有列
row-warning = 就緒（有警告）
cc-warning = 副本會寄給 { $cc }，因此 { $email } 無法使用一次性驗證碼註冊，這裡也沒有可用來登入的組織：除非先新增其組織，否則連結無法使用。
no-error-rows = 沒有任何列有錯誤。
object-id = 物件識別碼
copy = 複製
copied = 已複製
