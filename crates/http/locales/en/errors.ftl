### The error pages of sign-in, second factor, redemption and the admin portal.
###
### Variables: $tenant (the tenant's display name) in no-access, cross-tenant-inbound,
### cross-tenant-outbound and federation-already-guest; $email (the invited address)
### and $account (the address the partner's provider signed in) in the federation
### messages.

# The BCP 47 tag for `<html lang>` ("en", "pt-BR", "zh-Hans"), as in `SignInTexts`.
html-lang = en

# "Go to the start page", the way on from every error page.
start-page = Go to the start page

# "Sign out and use another account", where the account signed in is the problem.
sign-out-other-account = Sign out and use another account
not-found-title = Not found
not-found = This page does not exist.
not-allowed-title = Not allowed
not-allowed = You are not allowed to do this.

# "Something is not right", above a message that says what.
invalid-title = Something is not right
busy-title = Busy
busy = The service is busy. Try again in a moment.
internal-title = Something went wrong
internal = An internal error occurred.
form-expired-title = Form expired

# "This form has expired or was not sent from this site. Go back, reload the page
# and try again."
form-expired = This form has expired or was not sent from this site. Go back, reload the page and try again.
form-unreadable = The form could not be read: it is too large or was cut off.
no-admin-role = Your account holds no administrative role in this organization.
account-disabled = Your account is disabled.
nothing-selected-title = Nothing selected
nothing-selected = Tick the invitations to resend or revoke, then choose the action again.
choose-action = Choose resend or revoke.
bad-id = An id in the form is not valid.

# "Setup link not valid", for the first-start setup link.
setup-link-title = Setup link not valid
setup-link = This setup link has expired or was already used.
no-access-title = No access

# "The account you are signed in with has no access to {tenant}. Ask its
# administrator for access, or sign out and use another account."
no-access = The account you are signed in with has no access to { $tenant }. Ask its administrator for access, or sign out and use another account.

# "Access blocked by cross-tenant access settings", above one of the two messages
# below: a tenant's rules for people of other organizations (coming in: inbound; going
# out to other organizations: outbound) keep this account out.
cross-tenant-title = Access blocked by cross-tenant access settings

# "{tenant} does not let people of your organization in (its cross-tenant access
# settings). Ask your contact at {tenant} to allow your account."
cross-tenant-inbound = { $tenant } does not let this account in: its cross-tenant access settings keep it out. Ask your contact at { $tenant } to allow it.

# "Your own organization does not let this account work with {tenant} (its outbound
# cross-tenant access settings). Ask your organization's administrator."
cross-tenant-outbound = Your own organization does not let this account work with { $tenant }: its cross-tenant access settings keep it out. Ask your organization's administrator.

# "This sign-in request is not valid", above the reason the authorize endpoint gives.
sign-in-request-title = This sign-in request is not valid
invalid-redirect-title = Invalid redirect
invalid-redirect = The redirect URI is not valid.
sign-out-failed-title = Sign-out failed
id-token-hint-invalid = The id_token_hint is not valid.
logout-uri-unregistered = The post_logout_redirect_uri is not registered for this application.
logout-uri-needs-client = A post_logout_redirect_uri needs an id_token_hint or a client_id.

# "Sign-in at your organization did not complete", above one of the messages below.
federation-title = Sign-in at your organization did not complete
federation-expired = This sign-in took too long or was already used. Start again from the invitation or the sign-in page.
federation-wrong-account = This invitation was sent to { $email }, but your organization signed you in as { $account }. Sign out there, then sign in with { $email }.
federation-unverified = Your organization did not confirm { $email } as your verified address, so the invitation cannot be accepted with this account.
federation-refused = Your organization's sign-in service refused the sign-in or could not be reached. Try again later.
federation-invitation-closed = The invitation is no longer valid: it was accepted, revoked or has expired.
federation-already-guest = This account has already accepted another invitation of { $tenant }.
