# The admin portal's provisioning page (SCIM 2.0): how an HR system or an identity
# provider connects, the connections with their tokens, and the provisioning log.

# The navigation link and the page's heading.
nav-provisioning = Provisioning
provisioning-intro = An HR system or another identity provider can create, update and remove this organization's users and groups through SCIM 2.0. In its provisioning settings, choose SCIM 2.0, and enter the address below and a connection's token.
# The label of the organization's SCIM base address, shown beside it.
provisioning-url = SCIM address
provisioning-alternative = An application that gets its own access tokens (client credentials) may use an access token holding the permission SCIM.ReadWrite.All instead of a connection's token.

# The connections' list.
connections-heading = Connections
connections-none = No connections yet.
connection-col-name = Name
connection-col-scope = Provisions
connection-col-token = Token
connection-col-expires = Token expires
connection-col-used = Last used
connection-scope-own = This organization's users and groups
# $partner: the partner organization's name.
connection-scope-partner = People of { $partner }, as guests
connection-never-used = Never
# A button making a new token for a connection; $name: the connection's name (for screen readers).
connection-new-token = New token
connection-new-token-named = New token for { $name }
connection-delete = Delete
connection-delete-named = Delete { $name }
# The checkbox a deletion needs; $name: the connection's name.
connection-delete-confirm = Delete { $name }: its token stops working at once

# The form that makes a connection.
new-connection = New connection
connection-name = Name
connection-partner = Partner organization (its domain or id), optional
connection-partner-hint = Leave it empty for this organization's own HR system or identity provider. A partner's connection creates that partner's people as guests only, with addresses in the partner's domains.
create-connection = Create connection
# Shown once, above the token; $name: the connection's name.
token-shown-once = The token of { $name }. Copy it now: it is shown only this once.
# $name: the connection's name.
connection-deleted = { $name } was deleted: its token no longer works.

# The provisioning log.
log-heading = Provisioning log
log-intro = What each provisioning request changed, or why it failed. Entries are kept 30 days.
log-none = Nothing yet.
log-show = Show
log-all = Everything
log-failures = Failures only
log-download = Download the log (CSV)
log-col-time = Time
log-col-status = Result
log-col-action = Action
log-col-target = User or group
log-col-application = Connection or application
log-col-details = Changes or reason
log-success = Success
log-failure = Failure
log-action-create = Create
log-action-update = Update
log-action-disable = Disable
log-action-delete = Delete
log-action-other = Other
