# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = 프로비저닝
provisioning-intro = 인사 시스템이나 다른 ID 공급자는 SCIM 2.0을 통해 이 조직의 사용자와 그룹을 만들고, 업데이트하고, 제거할 수 있습니다. 해당 시스템의 프로비저닝 설정에서 SCIM 2.0을 선택하고 아래 주소와 연결의 토큰을 입력하세요.
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = SCIM 주소
provisioning-alternative = 자체 액세스 토큰을 받는 애플리케이션(클라이언트 자격 증명)은 연결의 토큰 대신 SCIM.ReadWrite.All 권한이 있는 액세스 토큰을 사용할 수 있습니다.

# The connections' list.
connections-heading = 연결
connections-none = 아직 연결이 없습니다.
connection-col-name = 이름
connection-col-scope = 대상
connection-col-token = 토큰
connection-col-expires = 토큰 만료
connection-col-used = 마지막 사용
connection-scope-own = 이 조직의 사용자 및 그룹
# $partner: the partner organization's name.
connection-scope-partner = { $partner }의 사용자(게스트로)
connection-never-used = 사용 안 함
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = 새 토큰
connection-new-token-named = { $name }의 새 토큰
connection-delete = 삭제
connection-delete-named = { $name } 삭제
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = { $name } 삭제(토큰이 즉시 작동을 멈춤)

# The form that makes a connection.
new-connection = 새 연결
connection-name = 이름
connection-partner = 파트너 조직(도메인 또는 ID, 선택 사항)
connection-partner-hint = 이 조직 자체의 인사 시스템이나 ID 공급자용이면 비워 두세요. 파트너의 연결은 해당 파트너의 사용자를 게스트로만 만들며, 주소는 파트너의 도메인에 있어야 합니다.
create-connection = 연결 만들기
# Shown once, above the token; $name: the connection's name.
token-shown-once = { $name }의 토큰입니다. 지금 복사하세요. 이번 한 번만 표시됩니다.
# $name: the connection's name.
connection-deleted = { $name }을(를) 삭제했습니다. 해당 토큰은 더 이상 작동하지 않습니다.

# The provisioning log.
log-heading = 프로비저닝 로그
log-intro = 각 프로비저닝 요청이 변경한 내용 또는 실패한 이유입니다. 항목은 30일 동안 보관됩니다.
log-none = 아직 없습니다.
log-show = 표시
log-all = 모두
log-failures = 실패만
log-download = 로그 다운로드(CSV)
log-col-time = 시간
log-col-status = 결과
log-col-action = 작업
log-col-target = 사용자 또는 그룹
log-col-application = 연결 또는 애플리케이션
log-col-details = 변경 내용 또는 사유
log-success = 성공
log-failure = 실패
log-action-create = 만들기
log-action-update = 업데이트
log-action-disable = 비활성화
log-action-delete = 삭제
log-action-other = 기타
