### The admin portal under /{tenant}/admin: navigation, headings, labels, buttons,
### table headers and the notices the pages build. What the portal shows but does not
### own stays as it comes: data (names, addresses, ids), the directory's own words
### (Guest, Member, PendingAcceptance, outcome codes, audit actions) and the domain's
### error messages.

# The BCP 47 tag for `<html lang>` ("en", "pt-BR", "zh-Hans").
html-lang = en
admin-title = Admin
admin-badge = admin
skip-to-content = Skip to content
nav-label = Admin sections
nav-invite = Invite partners
nav-invitations = Invitations
nav-users = Users
nav-groups = Groups
nav-apps = Applications
nav-domains = Domains
nav-settings = Settings
# The navigation entry of the cross-tenant access settings (Graph's crossTenantAccessPolicy), administrators only.
nav-cross-tenant = Cross-tenant access
nav-audit = Audit log
nav-sign-ins = Sign-ins
sign-out = Sign out
name = Name
description = Description
kind = Kind
user-type-label = Type
status = Status
email = Email
email-address = Email address
display-name = Display name
user-principal-name = User principal name
details = Details
time = Time
source = Source
optional = (optional)
remove = Remove
remove-named = Remove { $name }
search = Search
show = Show
all-invitations = All
all-sign-ins = All
save = Save
next-page = Next page
export-csv = Export to CSV
one-per-line = (one per line)
sign-in-column = Sign-in
allowed = Allowed
blocked = Blocked
send-invitation-email = Send the invitation email
actions = Actions
select = Select
client-id = Client id
public-client = Public client
web-application = Web application
invited-notice = { $email } is invited.
invited-emailed-notice = { $email } is invited and the invitation email is on its way.
invited-guest = Guest: { $guest }
redemption-link = Redemption link: { $link }
one-person = One person
redirect-after = Where to go after accepting
redirect-after-hint = (optional; My Apps when empty)
personal-message = Personal message
invite-language = Language of the email and pages
invite = Invite
many-from-csv = Many people from a CSV file
csv-intro = Up to 2,000 rows, separated by commas or semicolons as Excel saves them. The first row names the columns.
required-columns = Required columns:
optional-columns = Optional columns:
download-sample = Download a sample file
csv-file = CSV file
upload-and-check = Upload and check
nothing-until-confirmed = Nothing is invited until you have seen the check of every row and confirmed.
bulk-title = Bulk invitation
bulk-completed = { $invited } of { $total ->
     [one] { $total } row invited
    *[other] { $total } rows invited
}; { $errors } with errors.
bulk-preview = { $total ->
     [one] { $total } row read
    *[other] { $total } rows read
}: { $valid } ready to invite, { $errors } with errors.
download-result = Download the result file (CSV)
invite-people = { $count ->
     [one] Invite { $count } person
    *[other] Invite { $count } people
}
inviting = Inviting…

# Filled in the browser while a file is confirmed: keep exactly $processed and
# $total, without selectors.
progress-of = { $processed } of { $total }
no-row-valid = No row can be invited. Correct the file and upload it again.
upload-another = Upload another file
rows-caption = Every row of the file with its outcome
line = Line
outcome = Outcome
row-ready = Ready
row-invited = Invited
row-error = Error
guest-link = guest
domain-added = { $domain } is added. Publish its TXT record, then check the proof.
domain-verified = { $domain } is verified.
accounts-moved-keep-codes = Accounts that had signed up by email code and moved into this organization: { $count }. They go on signing in with a one-time email code until you give them a password.
accounts-moved-need-password = Accounts that had signed up by email code and moved into this organization: { $count }. As it requires a second factor, they can sign in once you give them a password.
domains-intro = Partners' addresses at a verified domain sign in here, and users' names may end in it. Prove a domain by publishing a TXT record at it.
domains-caption = Domains of this organization
domain = Domain
txt-record = TXT record to publish
domain-initial = Initial
domain-verified-status = Verified
domain-not-verified = Not verified
check-proof = Check proof
check-proof-of = Check proof of { $domain }
add-domain-heading = Add a domain
domain-name = Domain name
add-domain = Add domain
all-groups = All groups
members = Members
no-members = No members yet.
members-of = Members of { $group }
only-first-members = Only the first 500 members are shown.
add-member-heading = Add a member
add-member = Add member
delete-group = Delete group
name-starts-with = Name starts with
no-groups = No group matches.
new-group = New group
create-group = Create group
no-user-has-address = No user has the address { $address }.
no-user-or-group = No user has the address { $address } and no group has that name.
no-apps = No application is registered yet.
register-app = Register an application
redirect-uri = Redirect URI
redirect-uri-hint = (https, or http on localhost)
public-client-option = Public client (a native or single-page app without a secret; PKCE required)
register = Register
all-apps = All applications
copy-secret-now = Copy the new client secret now.
secret-shown-once = It is shown this once and cannot be read again.
app-settings = Settings
redirect-uris = Redirect URIs
home-page = Home page
home-page-hint = (where My Apps launches it)
assignment-required = Only assigned users and groups may sign in
client-secrets = Client secrets
no-secrets = No client secret.
starts-with = Starts with
expires = Expires
remove-secret = Remove the secret starting { $hint }
new-secret-description = Description of a new secret
new-secret = New client secret
app-certificates = Certificates
app-certificates-hint = The application signs its client assertions with the certificate's private key (MSAL, azure-identity); Entente keeps only the certificate.
no-app-certificates = No certificate.
certificate-pem = Certificate (the text of a .pem or .crt file)
remove-certificate = Remove the certificate { $thumbprint }
users-and-groups = Users and groups
nobody-assigned = Nobody is assigned.
assigned-caption = Assigned users and groups
assign-label = Assign a user (email address) or a group (name)
assign = Assign
delete-app = Delete application
kind-user = User
kind-group = Group
kind-application = Application
nothing-recorded = Nothing has been recorded yet.
audit-caption = Audit log, newest first
who = Who
action = Action
target = Target
older-entries = Older entries
sign-ins-intro = The last 30 days: sign-ins of this organization's accounts, and sign-ins to its applications (guests' included).
outcome-success = Succeeded
outcome-failure = Failed
outcome-interrupted = Second factor due
no-sign-ins = No sign-in matches.
sign-ins-caption = Sign-ins, newest first
account = Account
method = Method
application = Application
address = Address
older-sign-ins = Older sign-ins
status-pending = Pending
status-accepted = Accepted
status-revoked = Revoked
email-not-sent = Not sent
email-delivered = Delivered

# "Saved to the outbox folder", for an email written to a file (no SMTP server).
email-saved-to-folder = Saved to the outbox folder
email-failed = Failed: { $error }
email-refused = refused
email-retrying = Retrying ({ $attempts ->
     [one] { $attempts } attempt
    *[other] { $attempts } attempts
}): { $error }
email-queued = Queued
invitations-resent = The selected invitations were sent again with new links.
invitations-revoked = The selected invitations were revoked; their links no longer work.
no-invitations = No invitation matches.
resend-selected = Resend selected
revoke-selected = Revoke selected
invitations-caption = Invitations, newest first
invited-address = Invited address

# "History of changes": the audit entries about one user, group or application.
object-history = History of changes

# "All entries": the whole audit log again, after looking at one object's.
all-entries = All entries
guest = Guest
invited-on = Invited
select-invitation-of = Select the invitation of { $email }
older-invitations = Older invitations
saved-collaboration = The invitation settings are saved.
saved-branding = The branding is saved.
saved-mfa = The sign-in setting is saved.
partners-and-invitations = Partners and invitations
members-can-invite = Members may invite partners (admins and guest inviters always may)
allow-consumer-domains = Allow addresses at consumer email services (gmail.com, outlook.com, …)
allowed-domains = Only these domains may be invited
allowed-domains-hint = (one per line; empty allows all)
blocked-domains = These domains may never be invited
invitation-lifetime = Invitation links stay valid for (days)
guest-mfa-required = Guests must prove a second factor to sign in here
trust-home-mfa = A second factor proven at the guest's home organization counts
save-invitation-settings = Save invitation settings
members-sign-in = Members' sign-in
members-mfa = Members must use a second factor (an authenticator app)
save-sign-in-setting = Save sign-in setting
branding = Branding
branding-intro = Invitation emails and the partners' pages show the logo and use the colour.
logo-address = Logo address
colour = Colour
save-branding = Save branding
all-users = All users
object-id = Object id
invitation-state = Invitation state
sign-in-name = Sign-in name
alternative-security-id = Alternative security id
created = Created
rename = Rename
block-sign-in = Block sign-in
cannot-block-yourself = You cannot block your own account: you would lose access at once. Another administrator can do it.
cannot-delete-yourself = You cannot delete your own account: you would lose access at once. Another administrator can do it.
last-admin-block = { $name } is the organization's last Global Administrator: nobody could sign in to the portal to undo it, so they cannot be blocked.
last-admin-delete = { $name } is the organization's last Global Administrator: nobody could sign in to the portal to undo it, so they cannot be deleted.
allow-sign-in = Allow sign-in
delete-user = Delete user
reset-redemption = Reset redemption
reset-intro = The guest keeps its object, groups and applications, and accepts a new invitation, with the same or another account. Its current links stop working.
invite-this-address = Invite this address
search-users = Search by name or email address
members-and-guests = Members and guests
guests = Guests
no-users = No user matches.
invitation = Invitation
new-member = New member
partners-invited = Partners are invited, not created: use { $link }.
upn-hint = (name@{ $domain }, or at a verified domain)
password = Password
password-hint = (optional; at least 8 characters)
create-member = Create member
source-member = This organization
source-guest-home = Invited user (home tenant { $home })
source-guest-pending = Invited user (not redeemed yet)
invited-by = Invited by
date-from = From
date-to = To
date-unreadable = { $field }: enter a date as yyyy-mm-dd.
app-logo-hint = (https; shown in My Apps and on the invitation)
app-roles = App roles
app-roles-intro = A user or group assigned a role gets its value in the roles claim of this application's tokens.
no-app-roles = No app role is defined.
role-value = Value
role-value-hint = (no spaces; what the roles claim carries)
member-types = Who may hold it
role-enabled = Enabled
role-disabled = Disabled
enable = Enable
disable = Disable
enable-named = Enable { $name }
disable-named = Disable { $name }
create-role = Create app role
role = Role
default-access = Default access
confirm-not-sent = The confirmation could not be sent. Reload the page to see where it stands.
saml-heading = SAML single sign-on
saml-intro = Service providers such as Salesforce sign in with SAML 2.0: give them this organization's metadata address, and register their entity id here. Their reply (ACS) URLs are the redirect URIs above.
saml-metadata-address = Metadata address
saml-sign-on-url = Sign-on URL
saml-idp-entity-id = Entity id of this organization
saml-entity-id = Service provider's entity id (identifier)
saml-name-id-format = NameID format
name-id-email = Email address
name-id-persistent = Persistent (different for each service provider)
name-id-transient = Transient (new at each sign-in)
name-id-unspecified = Unspecified
saml-signing = What is signed
sign-assertion = The assertion
sign-response = The response
sign-both = Both
saml-sp-certificate = Service provider's signing certificate (base64)
saml-require-signed = Requests must be signed with the service provider's certificate
saml-encryption-certificate = Service provider's encryption certificate (base64; assertions are encrypted when set)
saml-logout-url = Single logout URL
save-saml = Save SAML settings
turn-off-saml = Turn off SAML
import-metadata = Import the service provider's metadata
metadata-xml = Metadata (XML)
saml-certificates = SAML signing certificates
saml-certificates-intro = They sign for every SAML application of this organization. To replace one: add a new certificate (it is published at once), let the service providers take it, activate it, then retire the old one.
thumbprint = Thumbprint
signing-now = Signing
published-only = Published
activate = Activate
retire = Retire
add-certificate = Add a certificate
saml-attributes = Attributes & Claims
saml-attributes-hint = (one per line, name = source; empty sends the default set; sources: { $sources })
federation-heading = Partner identity providers
federation-intro = People of a partner domain listed here redeem their invitations and sign in at their own organization's identity provider, which must confirm the invited address.
federation-provider = Provider
federation-protocol = Protocol
federation-for-partner = For the partner
federation-none = No partner identity provider yet.
federation-redirect-uri = Redirect URI: { $uri }
federation-sp-metadata = Service provider metadata: { $uri }
federation-add-oidc = Add an OpenID Connect provider
federation-add-saml = Add a SAML identity provider
federation-name = Partner name
federation-issuer = Issuer URL
federation-client-id = Client ID
federation-client-secret = Client secret
federation-metadata = Identity provider metadata (XML)
federation-domains = Partner domains
federation-domains-hint = (separated by spaces)
federation-add = Add provider
federation-added = { $name } is added. Give the partner the address shown next to it.
federation-removed = { $name } is removed.

# A user's page: its sponsors (who answers for this user, a guest mostly).
sponsors = Sponsors
# Shown instead of the list when no enabled user or existing group answers for the user.
sponsors-none = Nobody answers for this user: it is unsponsored.
# A sponsor that is a group, beside its name.
sponsor-group = group
# A sponsor whose sign-in is blocked: it no longer counts as answering for the user.
sponsor-blocked = blocked
# The field and button that add a sponsor.
sponsor-add-label = Address of a member, or object id of a member or group
sponsor-add = Add sponsor
# The button that ends one sponsorship.
sponsor-remove = Remove
# Refusals of an added sponsor.
sponsor-not-found = No member or group of this organization has that address or id.
sponsor-is-guest = A guest cannot be a sponsor: name a member or a group.
sponsor-already = That sponsor already answers for this user.
sponsor-self = A user cannot be its own sponsor.
# The users list's type filter: guests nobody answers for.
unsponsored-guests = Guests without a sponsor

# A user's page: when the guest's access ends, and the next step owed for it.
access-ends = Access ends
access-ends-never = Never
# The next step, with its day.
next-step-remind = Sponsors are reminded on { $date }
next-step-block = Sign-in is blocked on { $date }
next-step-delete = Moved to deleted items on { $date }
# The form that sets or clears the end (an empty date: access does not end).
access-ends-date = End date (empty: access does not end)
access-ends-save = Save end date
# Collaboration settings: time-boxed guest access.
guest-lifetime = Guests' access ends after this many days (empty: never)
expiry-reminder = Remind sponsors this many days before the end (0: no reminder)
expired-grace = Delete guests this many days after their access ended
# Collaboration settings: the inactive-guest policy.
inactive-policy-enabled = Block guests who stop signing in (the users list's "Inactive guests" shows who it would affect first)
inactive-days = Days without a sign-in before the sponsors are told
inactive-block-days = Days after that before sign-in is blocked, unless a sponsor keeps the guest
# The users list's type filter: guests the inactive-guest policy finds (or would find).
inactive-guests = Inactive guests
