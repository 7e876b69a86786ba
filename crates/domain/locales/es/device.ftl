### device: es; the English catalog (../en/device.ftl) is the reference.

device-code-message = Para iniciar sesión, abra la página { $url } en un explorador web y escriba el código { $code } para autenticarse.
