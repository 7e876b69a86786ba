### device: nl; the English catalog (../en/device.ftl) is the reference.

device-code-message = Als u zich wilt aanmelden, opent u de pagina { $url } in een webbrowser en voert u de code { $code } in om te verifiëren.
