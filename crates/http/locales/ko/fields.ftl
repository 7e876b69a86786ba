### fields: ko; the English catalog (../en/fields.ftl) is the reference.

summary-title = 문제가 있습니다
enter-email = name@example.com과 같은 이메일 주소를 입력하세요.
too-long = { $length }자입니다. 최대 { $max }자까지 입력할 수 있습니다.
enter-https-url = https://로 시작하는 웹 주소를 입력하세요.
choose-language = 목록에서 언어를 선택하세요.
enter-display-name = 표시 이름을 입력하세요.
upn-not-in-domain = { $given }은(는) 조직의 도메인이 아닙니다. name@{ $domain }과 같은 주소를 입력하세요.
upn-taken = 조직의 다른 사용자가 이미 이 이름을 사용합니다. 다른 이름을 선택하세요.
password-too-short = 8자 이상의 암호를 입력하세요.
password-too-long = 256자 이하의 암호를 입력하세요.
enter-domain = contoso.com과 같은 도메인 이름을 입력하세요.
not-a-domain = { $entry }은(는) 도메인 이름이 아닙니다. contoso.com과 같은 도메인 이름을 입력하세요.
own-organization = 자신의 조직입니다. 다른 조직의 테넌트 ID를 입력하세요.
unknown-partner = { $entry }은(는) 이 배포의 조직도 아니고 조직의 페더레이션 구성도 아닙니다. 테넌트 ID를 확인하세요.
domain-unavailable = 이 도메인은 이미 조직에 추가되었거나 다른 조직에서 확인했습니다.
enter-web-address = https://app.contoso.com과 같은 전체 웹 주소를 입력하세요.
redirect-https = https://로 시작하는 주소를 입력하세요. http://는 이 컴퓨터의 앱(http://localhost)만 사용할 수 있습니다.
redirect-fragment = #부터 시작하는 부분을 제거하세요. 리디렉션 URI에는 이 부분을 포함할 수 없습니다.
enter-colour = #1d4ed8처럼 # 뒤에 16진수 6자리를 붙여 색을 입력하세요.
allowed-and-blocked = { $entry }이(가) 두 목록에 모두 있습니다. 도메인을 허용하면서 동시에 차단할 수는 없습니다.
days-between = { $min }부터 { $max }까지의 정수로 일 수를 입력하세요.
enter-value = 값을 입력하세요.

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = 항목은 최대 { $max }개까지 한 줄에 하나씩 입력하세요.
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry }은(는) 사용자나 그룹의 개체 ID가 아닙니다.
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = 페더레이션 구성을 통한 파트너의 사용자는 여기서 알 수 없습니다. 모두 허용하거나 모두 차단하세요.
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry }은(는) 이 조직 애플리케이션의 클라이언트 ID가 아닙니다.
# The redemption order must name each of the three ways exactly once.
redemption-order = 세 가지 초대 사용 방법을 시도할 순서대로 각각 한 번씩 선택하세요.
