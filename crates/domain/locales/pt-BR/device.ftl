### device: pt-BR; the English catalog (../en/device.ftl) is the reference.

device-code-message = Para entrar, use um navegador da web para abrir a página { $url } e insira o código { $code } para se autenticar.
