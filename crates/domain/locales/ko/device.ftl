### device: ko; the English catalog (../en/device.ftl) is the reference.

device-code-message = 로그인하려면 웹 브라우저에서 { $url } 페이지를 열고 코드 { $code }을(를) 입력하여 인증하십시오.
