### device: zh-Hans; the English catalog (../en/device.ftl) is the reference.

device-code-message = 要登录，请使用 Web 浏览器打开页面 { $url }，并输入代码 { $code } 进行身份验证。
