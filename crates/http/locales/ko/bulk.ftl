### bulk: ko; the English catalog (../en/bulk.ftl) is the reference.

size-limit = 파일 하나에는 최대 { $rows }행, { $size }까지 담을 수 있습니다.
file-too-large = 이 파일은 한 번에 업로드할 수 있는 최대 크기 { $size }보다 큽니다. 작은 파일로 나누어 하나씩 업로드하세요.
choose-another-file = 다른 파일 선택
names-hint = InvitedToApplications에는 애플리케이션을 표시 이름, 클라이언트 ID 또는 개체 ID로, InvitedToGroups에는 그룹을 표시 이름 또는 개체 ID로 적습니다. 여러 ID는 공백으로, 여러 이름은 세미콜론(;)으로 구분합니다.
sample-hint = 샘플 파일에는 모든 열이 있습니다. 이름을 내 애플리케이션과 그룹으로 바꾸세요.
language = 언어
errors-only = 오류가 있는 행만 표시
all-rows = 모든 행 표시
row-warning = 준비됨(경고 있음)
cc-warning = { $cc }(으)로 사본이 가므로 { $email }은(는) 일회용 코드로 가입할 수 없고, 여기에는 로그인할 조직도 없습니다. 먼저 조직을 추가하지 않으면 링크가 작동하지 않습니다.
no-error-rows = 오류가 있는 행이 없습니다.
object-id = 개체 ID
copy = 복사
copied = 복사됨
