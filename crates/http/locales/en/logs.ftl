### The audit and sign-in logs: who did what, the properties a change names, values
### read as words, the kinds of objects, and the reasons of sign-in outcomes.

# "Entente (system)" (Who did it when nobody did: the system itself.)
system = Entente (system)

# "Recorded data" (The summary of the raw JSON of an entry.)
recorded-data = Recorded data
yes = Yes
no = No

# "(none)" (An empty value.)
none = (none)

# "{field}: '{old}' → '{new}'" (A property changed from one value to another.)
changed = { $field }: '{ $old }' → '{ $new }'

# "{field}: '{value}'" (A property given a value (on creation).)
set = { $field }: '{ $value }'
added-to-group = Added { $member } to group { $group }
removed-from-group = Removed { $member } from group { $group }
access-given = Gave { $principal } access to { $app }
access-removed = Removed the access of { $principal } to { $app }
kind-tenant = Organization
kind-domain = Domain
kind-assignment = App role assignment
kind-provider = Identity provider
f-display-name = Display name
f-mail = Email
f-user-principal-name = User principal name
f-account-enabled = Account enabled
f-password-set = Password set
f-description = Description
f-ended-sessions = Sessions ended
f-revoked-tokens = Refresh tokens revoked
f-public-client = Public client
f-redirect-uris = Redirect URIs
f-home-page = Home page
f-logo = Logo address
f-assignment-required = Assignment required
f-app-roles = App roles
f-app-id = Application (client) ID
f-invited-email = Invited address
f-sign-in-name = Sign-in name
f-user-type = User type
f-domain = Domain
f-mfa-required = Multi-factor authentication required
f-secret-hint = Secret begins with
f-expires = Expires
f-reason = Reason
f-language = Language
f-send-message = Invitation email sent
f-redirect = Redirect address
f-cc = Copy to
f-groups = Groups
f-applications = Applications

# "Member" (A member (not a guest) in the sign-in log.)
member = Member

# "Home organization" (The column of a guest's home organization.)
home-organization = Home organization
r-home-session = Came in with their home organization's sign-in
r-email-code = Signed in with a one-time email code
r-redeemed = Accepted the invitation
r-wrong-password = Wrong password
r-unknown-account = No account has this name
r-account-disabled = The account is blocked
r-wrong-code = Wrong or expired code
r-guest-blocked = Blocked in this organization
r-home-account-disabled = Their home account is disabled
r-second-factor-due = A second factor is due
r-cross-tenant-blocked = Refused by the cross-tenant access settings
