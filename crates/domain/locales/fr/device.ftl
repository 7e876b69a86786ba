### device: fr; the English catalog (../en/device.ftl) is the reference.

device-code-message = Pour vous connecter, ouvrez la page { $url } dans un navigateur web et entrez le code { $code } pour vous authentifier.
