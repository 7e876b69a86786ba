### lists: ko; the English catalog (../en/lists.ftl) is the reference.

users-found = 찾은 사용자: { $count }
groups-found = 찾은 그룹: { $count }
invitations-found = 찾은 초대: { $count }
search-hint = 이름이나 주소의 일부로 찾습니다. 한두 글자는 그 글자로 시작하는 항목을 찾습니다.
search-invitations = 주소 또는 이름
email-column = 이메일
created = 만든 날짜
member = 구성원
guest = 게스트
state-pending = 수락 대기 중
state-accepted = 수락됨
source-code = 이메일 일회용 코드
source-federated = 파트너의 ID 공급자
export-users = CSV로 다운로드
