### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = ko

## The consent page.
# The page's heading and the browser tab's title.
title = 요청된 권한
intro = { $app }은(는) { $vendor }의 애플리케이션입니다. { $organization }의 사용자가 이 애플리케이션을 사용할 수 있도록 요청합니다.
effect = 수락하면 { $organization }의 사용자가 여기 계정으로 이 애플리케이션에 로그인할 수 있습니다. 사용할 수 있는 사용자와 각 사용자에게 부여할 애플리케이션 역할을 선택할 수 있으며, 언제든지 애플리케이션을 제거할 수 있습니다.
roles = 사용자에게 할당할 수 있는, 이 애플리케이션에 정의된 역할:
no-roles = 이 애플리케이션에 정의된 역할이 없습니다.
already = { $organization }에서 이 애플리케이션을 이미 수락했습니다.
accept = 수락
decline = 취소
# After accepting, when the application gave no address to return to.
done = 이제 { $organization }의 사용자가 { $app }을(를) 사용할 수 있습니다.

## Why the consent page cannot be shown.
refused-title = 이 애플리케이션을 수락할 수 없습니다
admin-only = { $organization }의 관리자만 조직 전체에 대해 애플리케이션을 수락할 수 있습니다.
unknown-application = 이 클라이언트 ID를 가진 애플리케이션이 없습니다.
single-organization = 이 애플리케이션은 애플리케이션을 만든 조직 전용입니다. 다른 조직에서는 사용할 수 없습니다.
own-application = 이 애플리케이션은 소속 조직의 애플리케이션이므로 수락할 필요가 없습니다.
redirect-not-registered = 돌아갈 주소가 이 애플리케이션에 등록되어 있지 않습니다.

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = 승인 필요
needed-body = { $vendor }의 { $app }은(는) { $organization } 관리자의 승인이 필요합니다. 승인되기 전에는 이 조직의 사용자가 이 애플리케이션에 로그인할 수 없습니다.
needed-admin = { $organization }의 관리자인 경우 애플리케이션을 검토하고 수락할 수 있습니다:
needed-link = 애플리케이션 검토

## The portal's list of other organizations' applications, on the applications page.
others-heading = 다른 조직의 애플리케이션
others-intro = 다른 조직에서 만들고 이 조직에서 수락한 애플리케이션입니다. 이러한 애플리케이션의 토큰은 이 조직에서 발급되며, 여기서 할당한 역할이 포함됩니다.
others-none = 수락된 다른 조직의 애플리케이션이 없습니다.
others-vendor = 만든 조직
others-accepted = 수락됨
others-assigned-only = 할당된 사용자만 로그인할 수 있음
others-everyone = 조직의 모든 사용자가 로그인할 수 있음
others-remove = 제거
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = { $app }을(를) 제거하시겠습니까? { $organization }의 모든 사용자에 대해 액세스가 종료되고, 이 애플리케이션에서 할당된 역할이 제거됩니다.
others-removed = { $app }을(를) 제거했습니다.
