### The sign-in pages: password and one-time code sign-in, the second factor, the
### account page, signing out, and the front door.
###
### Variables: $tenant (the tenant's display name), $email, $address, counts
### $minutes and $seconds, and two where the page puts markup: $account (the
### signed-in account, emphasised) and $link (the sign-in link, whose text is
### sign-in-again).

# The BCP 47 tag for `<html lang>` ("en", "pt-BR", "zh-Hans").
html-lang = en
sign-in = Sign in

# "to {tenant}", under the sign-in heading.
sign-in-to = to { $tenant }
email-label = Email address
password-label = Password
no-password-hint = No password? Accounts made by email verification get a code by email instead.
password-incorrect = The email address or password is incorrect.
too-many-attempts = Too many failed attempts. Try again in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.
busy = The service is busy. Try again in a moment.
account-title = Your account
signed-in-as = Signed in to { $tenant } as { $account }.
set-up-app = Set up an authenticator app
sign-out = Sign out

# "Signed out", the signed-out page's title.
signed-out-title = Signed out
signed-out-heading = You have signed out
signed-out-next = You can close this window, or { $link }.

# "sign in again", the text of `{link}` in `signed_out_next`.
sign-in-again = sign in again
enter-code = Enter code

# "to sign in to {tenant}", under the code heading.
code-sign-in-to = to sign in to { $tenant }
code-sent = If { $email } has an account, we have sent a code to it. The code works for { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
code-label = Code
send-new-code = Send a new code

# "Too many codes were asked for. Try again in {minutes} min.", the wait
# `Retry-After` gives, rounded up to whole minutes.
too-many-codes = Too many codes were asked for. Try again in { $minutes } min.
code-wrong = The code is wrong or has expired. Try again, or send a new code.
verify-identity = Verify your identity
enter-app-code = Enter the 6-digit code from your authenticator app.
verify = Verify
use-recovery-code-instead = Use a recovery code instead
use-recovery-code = Use a recovery code
recovery-code-once = Each recovery code works once.
recovery-code-label = Recovery code
use-app-code-instead = Use a code from your authenticator app instead

# "{tenant} asks for a code from an authenticator app when you sign in. Add this
# account to your app with the link or the key below, then enter the code the app shows."
enrol-intro = { $tenant } asks for a code from an authenticator app when you sign in. Add this account to your app with the link or the key below, then enter the code the app shows.
setup-link-label = Setup link (otpauth URI)
manual-key-label = Key for manual entry (time-based, 6 digits, 30 seconds)
app-code-label = Code from the app
confirm = Confirm

# "Your recovery codes", the recovery codes page's title.
recovery-codes-title = Your recovery codes
app-ready = Your authenticator app is set up

# "If you lose your device, each of these recovery codes lets you sign in once.
# Store them somewhere safe now: they are not shown again."
recovery-codes-intro = If you lose your device, each of these recovery codes lets you sign in once. Store them somewhere safe now: they are not shown again.
continue-label = Continue
app-title = Authenticator app

# "An authenticator app is set up for your account. To move to a new device, remove
# it here and set up the new one."
manage-intro = An authenticator app is set up for your account. To move to a new device, remove it here and set up the new one.
remove-app = Remove the authenticator app
back-to-account = Back to your account

# "{tenant} asks guests for a second factor. Enter the 6-digit code from the
# authenticator app you set up for {tenant}."
guest-code-intro = { $tenant } asks guests for a second factor. Enter the 6-digit code from the authenticator app you set up for { $tenant }.
guest-lost-app = Lost the app? Ask an administrator of { $tenant } to reset it.

# "{tenant} asks guests for a code from an authenticator app when they sign in. Add
# this account to your app with the link or the key below, then enter the code the
# app shows. The app belongs to your guest account at {tenant}, which can reset it."
guest-enrol-intro = { $tenant } asks guests for a code from an authenticator app when they sign in. Add this account to your app with the link or the key below, then enter the code the app shows. The app belongs to your guest account at { $tenant }, which can reset it.
code-incorrect = The code is incorrect or was already used.
recovery-code-incorrect = The recovery code is incorrect or was already used.
code-mismatch = The code does not match. Check the key in your app and try again.

# "Sign out of {tenant}?", the heading of the page that asks before an
# application's sign-out request ends the session.
sign-out-question = Sign out of { $tenant }?

# "An application asked to sign you out. Sign out only if you started this;
# otherwise close this page."
sign-out-confirm-intro = An application asked to sign you out. Sign out only if you started this; otherwise close this page.
find-organization-intro = Enter your work email address to find your organization.
find-organization = Continue
no-organization = No organization here uses the domain of { $address }. Check the address, or open the link your organization sent you.
not-set-up = Entente is not set up yet: open the setup link printed in the server's log.
admin-portal = Admin portal
my-apps = My Apps

# "Enter your password.", for an empty password where no other way of signing in
# (a partner's provider, an email code) applies to the address.
password-required = Enter your password.
