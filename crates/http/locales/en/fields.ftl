### Field errors, shown beside a form's field and in the summary above the form, in
### plain words.

# "There is a problem" (the summary's title above the form).
summary-title = There is a problem
enter-email = Enter an email address, like name@example.com.
too-long = This is { $length } characters long; at most { $max } fit.
enter-https-url = Enter a web address that starts with https://.
choose-language = Choose a language from the list.
enter-display-name = Enter a display name.
upn-not-in-domain = { $given } is not one of your organization's domains; enter an address like name@{ $domain }.
upn-taken = Someone in your organization already has this name; choose another.
password-too-short = Enter a password of at least 8 characters.
password-too-long = Enter a password of at most 256 characters.
enter-domain = Enter a domain name, like contoso.com.
not-a-domain = { $entry } is not a domain name; enter one like contoso.com.

# "This is your own organization; enter another organization's tenant id"
# (adding a cross-tenant access partner).
own-organization = This is your own organization; enter another organization's tenant id.

# "{entry} names no organization here and none of your federation configurations": a
# tenant id or domain given as a cross-tenant access partner.
unknown-partner = { $entry } is neither an organization of this deployment nor one of your federation configurations; check the tenant id.
domain-unavailable = This domain has been added to your organization already, or another organization has verified it.
enter-web-address = Enter a full web address, like https://app.contoso.com.
redirect-https = Enter an address that starts with https://; only an app on this computer (http://localhost) may use http://.
redirect-fragment = Remove the part from # on: a redirect URI cannot have one.
enter-colour = Enter a colour as # and six hexadecimal digits, like #1d4ed8.
allowed-and-blocked = { $entry } is in both lists; a domain cannot be allowed and blocked at once.
days-between = Enter a whole number of days from { $min } to { $max }.
enter-value = Enter a value.

# A cross-tenant access list (users and groups, or applications) with more entries
# than fit; $max is a number (1,000).
too-many-targets = List at most { $max } entries, one a line.
# A line of a cross-tenant access users-and-groups list that is neither AllUsers nor
# a user's or group's object id.
not-user-or-group = { $entry } is not the object id of a user or a group.
# A partner through a federation configuration: its people are not known here, so
# only all of them can be allowed or blocked.
only-all-users = People of a partner through a federation configuration are not known here; allow or block all of them.
# An inbound cross-tenant access application that is not one of this organization's
# applications; $entry is the client id given.
not-an-application-here = { $entry } is not the client id of an application of this organization.
# The redemption order must name each of the three ways exactly once.
redemption-order = Choose each of the three ways to redeem once, in the order to try them.
