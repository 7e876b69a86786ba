### email: ko; the English catalog (../en/email.ftl) is the reference.

subject-with-inviter = { $inviter } 님이 { $tenant }에 초대했습니다
subject = { $tenant }에서 초대장이 도착했습니다
greeting = { $name } 님, 안녕하세요.
greeting-without-name = 안녕하세요.
invited-by-inviter = { $inviter } 님이 귀하를 { $tenant }의 게스트로 초대했습니다.
invited-by-tenant = { $tenant }의 게스트로 초대되었습니다.
invited-to-app = { $app } 사용에 초대되었습니다.
message-from-inviter = { $inviter } 님의 메시지:
message-from-tenant = { $tenant }의 메시지:
accept-button = 초대 수락
button-fallback = 버튼이 작동하지 않으면 다음 링크를 복사하여 브라우저에 붙여 넣으세요:
link-intro = 초대를 수락하려면 다음 링크를 여세요:
expires = 이 초대는 { $date }(UTC)에 만료됩니다.
contact-question = 이 초대에 대해 궁금한 점이 있으신가요?
contact-us = 문의하기
footer = { $tenant }에서 { $email } 주소로 초대를 보냈기 때문에 이 이메일을 받으셨습니다. 예상하지 못한 초대라면 이 이메일을 무시하셔도 됩니다.
code-subject = { $tenant } 인증 코드
code-intro = { $email } 주소가 본인의 주소임을 확인하려면 다음 코드를 입력하세요:
code-valid = 이 코드는 { $minutes }분 동안 유효합니다.
code-ignore = 이 코드를 요청하지 않으셨다면 이 이메일을 무시하셔도 됩니다. 코드를 다른 사람과 공유하지 마세요.
sponsor-left-subject = { $tenant }: { $sponsor }이(가) 더 이상 게스트를 책임지지 않습니다
sponsor-left-remaining = { $sponsor }은(는) { $tenant }의 다음 게스트의 스폰서였지만 더 이상 스폰서가 아닙니다. 이 게스트는 계속 귀하가 책임집니다:
sponsor-left-unsponsored = { $sponsor }은(는) { $tenant }의 다음 게스트의 마지막 스폰서였지만 더 이상 스폰서가 아닙니다. 이제 이 게스트를 책임지는 사람이 없습니다. 새 스폰서를 지정하거나 액세스를 종료하세요.
sponsor-left-more = 외 게스트 { $count }명
sponsor-left-link = 포털에서 확인하세요:
