### device: de; the English catalog (../en/device.ftl) is the reference.

device-code-message = Um sich anzumelden, öffnen Sie die Seite { $url } in einem Webbrowser und geben Sie den Code { $code } ein.
