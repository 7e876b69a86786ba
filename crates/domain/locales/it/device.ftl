### device: it; the English catalog (../en/device.ftl) is the reference.

device-code-message = Per accedere, apri la pagina { $url } in un browser web e inserisci il codice { $code } per l’autenticazione.
