### device: zh-Hant; the English catalog (../en/device.ftl) is the reference.

device-code-message = 若要登入，請使用網頁瀏覽器開啟頁面 { $url }，並輸入代碼 { $code } 以進行驗證。
