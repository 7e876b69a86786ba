### email: zh-Hant; the English catalog (../en/email.ftl) is the reference.

subject-with-inviter = { $inviter } 邀請您加入 { $tenant }
subject = 您收到了加入 { $tenant } 的邀請
greeting = { $name } 您好：
greeting-without-name = 您好：
invited-by-inviter = { $inviter } 邀請您以來賓身分加入 { $tenant }。
invited-by-tenant = 您已受邀以來賓身分加入 { $tenant }。
invited-to-app = 您已受邀使用 { $app }。
message-from-inviter = { $inviter } 的留言：
message-from-tenant = { $tenant } 的留言：
accept-button = 接受邀請
button-fallback = 如果按鈕無法運作，請將以下連結複製到瀏覽器中開啟：
link-intro = 若要接受邀請，請開啟以下連結：
expires = 此邀請將於{ $date }（UTC）到期。
contact-question = 對此邀請有任何疑問嗎？
contact-us = 聯絡我們
footer = 您收到這封郵件，是因為 { $tenant } 邀請了 { $email }。如果您並未預期收到此邀請，可以忽略這封郵件。
code-subject = 您的 { $tenant } 驗證碼
code-intro = 請輸入以下驗證碼，以確認 { $email } 是您的地址：
code-valid = 驗證碼在 { $minutes } 分鐘內有效。
code-ignore = 如果您並未要求此驗證碼，可以忽略這封郵件。請勿將驗證碼提供給任何人。
sponsor-left-subject = { $tenant }：{ $sponsor } 不再對來賓負責
sponsor-left-remaining = { $sponsor } 曾是 { $tenant } 下列來賓的贊助者，現已不再擔任。您仍對他們負責：
sponsor-left-unsponsored = { $sponsor } 曾是 { $tenant } 下列來賓的最後一位贊助者，現已不再擔任。目前沒有人對他們負責：請指定新的贊助者，或終止他們的存取權。
sponsor-left-more = 以及其他 { $count } 位來賓
sponsor-left-link = 在入口網站中檢視：
