### device: ru; the English catalog (../en/device.ftl) is the reference.

device-code-message = Чтобы войти, откройте в веб-браузере страницу { $url } и введите код { $code } для проверки подлинности.
