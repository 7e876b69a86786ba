### signin: es; the English catalog (../en/signin.ftl) is the reference.

html-lang = es
sign-in = Iniciar sesión
sign-in-to = en { $tenant }
email-label = Dirección de correo electrónico
password-label = Contraseña
no-password-hint = ¿No tiene contraseña? Las cuentas creadas mediante verificación por correo electrónico reciben un código por correo en su lugar.
password-incorrect = La dirección de correo electrónico o la contraseña no son correctas.
too-many-attempts = Demasiados intentos fallidos. Vuelva a intentarlo dentro de { $seconds ->
        [one] { $seconds } segundo
       *[other] { $seconds } segundos
    }.
busy = El servicio está ocupado. Vuelva a intentarlo en unos instantes.
account-title = Su cuenta
signed-in-as = Ha iniciado sesión en { $tenant } como { $account }.
set-up-app = Configurar una aplicación de autenticación
sign-out = Cerrar sesión
signed-out-title = Sesión cerrada
signed-out-heading = Ha cerrado la sesión
signed-out-next = Puede cerrar esta ventana o { $link }.
sign-in-again = volver a iniciar sesión
enter-code = Introducir código
code-sign-in-to = para iniciar sesión en { $tenant }
code-sent = Si existe una cuenta para { $email }, hemos enviado un código a esa dirección. El código es válido durante { $minutes ->
        [one] { $minutes } minuto
       *[other] { $minutes } minutos
    }.
code-label = Código
send-new-code = Enviar un código nuevo
too-many-codes = Se han solicitado demasiados códigos. Vuelva a intentarlo dentro de { $minutes } min.
code-wrong = El código es incorrecto o ha caducado. Vuelva a intentarlo o solicite un código nuevo.
verify-identity = Verifique su identidad
enter-app-code = Introduzca el código de 6 dígitos de su aplicación de autenticación.
verify = Verificar
use-recovery-code-instead = Usar un código de recuperación en su lugar
use-recovery-code = Usar un código de recuperación
recovery-code-once = Cada código de recuperación solo se puede usar una vez.
recovery-code-label = Código de recuperación
use-app-code-instead = Usar un código de su aplicación de autenticación en su lugar
enrol-intro = { $tenant } solicita un código de una aplicación de autenticación al iniciar sesión. Añada esta cuenta a su aplicación con el vínculo o la clave que aparecen a continuación y, después, introduzca el código que muestre la aplicación.
setup-link-label = Vínculo de configuración (URI otpauth)
manual-key-label = Clave para introducir manualmente (basada en el tiempo, 6 dígitos, 30 segundos)
app-code-label = Código de la aplicación
confirm = Confirmar
recovery-codes-title = Sus códigos de recuperación
app-ready = Su aplicación de autenticación está configurada
recovery-codes-intro = Si pierde su dispositivo, cada uno de estos códigos de recuperación le permite iniciar sesión una vez. Guárdelos ahora en un lugar seguro: no se volverán a mostrar.
continue-label = Continuar
app-title = Aplicación de autenticación
manage-intro = Su cuenta tiene configurada una aplicación de autenticación. Para pasar a un dispositivo nuevo, quítela aquí y configure la del dispositivo nuevo.
remove-app = Quitar la aplicación de autenticación
back-to-account = Volver a su cuenta
guest-code-intro = { $tenant } pide a los invitados un segundo factor. Introduzca el código de 6 dígitos de la aplicación de autenticación que configuró para { $tenant }.
guest-lost-app = ¿Ha perdido la aplicación? Pida al equipo de administración de { $tenant } que la restablezca.
guest-enrol-intro = { $tenant } pide a los invitados un código de una aplicación de autenticación al iniciar sesión. Añada esta cuenta a su aplicación con el vínculo o la clave que aparecen a continuación y, después, introduzca el código que muestre la aplicación. La aplicación queda vinculada a su cuenta de invitado en { $tenant }, que puede restablecerla.
code-incorrect = El código es incorrecto o ya se ha usado.
recovery-code-incorrect = El código de recuperación es incorrecto o ya se ha usado.
code-mismatch = El código no coincide. Compruebe la clave en su aplicación y vuelva a intentarlo.
sign-out-question = ¿Cerrar sesión en { $tenant }?
sign-out-confirm-intro = Una aplicación ha pedido cerrar su sesión. Ciérrela solo si lo ha solicitado usted; si no, cierre esta página.
find-organization-intro = Escriba su dirección de correo electrónico profesional para encontrar su organización.
find-organization = Continuar
no-organization = Ninguna organización de aquí usa el dominio de { $address }. Compruebe la dirección o abra el vínculo que le envió su organización.
not-set-up = Entente aún no está configurado: abra el vínculo de configuración que aparece en el registro del servidor.
admin-portal = Portal de administración
my-apps = Mis aplicaciones
password-required = Escriba su contraseña.
