### The device authorization grant's answer (RFC 8628): the `message` a device shows.
### Variables: $url (the verification page) and $code (the user code).

device-code-message = To sign in, use a web browser to open the page { $url } and enter the code { $code } to authenticate.
