### device: ja; the English catalog (../en/device.ftl) is the reference.

device-code-message = サインインするには、Web ブラウザーでページ { $url } を開き、コード { $code } を入力して認証してください。
