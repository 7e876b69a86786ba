### The portal's cross-tenant access pages under /{tenant}/admin/cross-tenant
### (Graph's crossTenantAccessPolicy): the default settings, the partners' entries,
### adding a partner, a partner's page and the explanation of a decision.
### "Inbound": partners' people coming into this organization (invited, redeeming,
### signing in). "Outbound": this organization's people accepting partners'
### invitations. Graph's names (AllUsers, AllApplications, appId) stay as they are.
### Variables: $name (a partner's display name), $count (a number), $entry (a line
### typed into a list), $target (a user's, group's or application's id, or one of
### the all-users and all-applications words below), $summary (one of the sum-*
### phrases).

# The page's heading and the browser tab's title.
title = Cross-tenant access
intro = These settings decide who of a partner organization may be invited, redeem and sign in here (inbound), and who of this organization may accept a partner's invitations (outbound). A partner's own entry overrides the default part by part.

## The default settings' form.
default-heading = Default settings
default-intro = They apply to every partner without an entry of its own, and to addresses of no known organization.
# Shown while the tenant never changed its default.
default-is-system = Nobody has changed them: they are the system's.
inbound-heading = Inbound B2B collaboration
inbound-hint = Partners' people invited to this organization, redeeming and signing in here.
outbound-heading = Outbound B2B collaboration
outbound-hint = This organization's people accepting partners' invitations.
# The two halves of a B2B collaboration setting, as fieldset legends.
people-legend = Users and groups
apps-legend = Applications
# The choices of each half. "Use the default" is on a partner's page only.
choice-default = Use the default
choice-allow-all = Allow all
choice-block-all = Block all
choice-allow-listed = Allow only those listed
choice-block-listed = Block those listed
# Labels of the lists (inbound names the partner's people, outbound this
# organization's own).
partner-users = User object ids at the partner, one per line
partner-groups = Group object ids at the partner, one per line
own-users = User object ids of this organization, one per line
own-groups = Group object ids of this organization, one per line
own-apps = Applications of this organization
no-apps = This organization has no application yet.
partner-apps = Application ids (appId) at the partner, one per line
# On a partner's page for a partner through a federation configuration.
federation-people = A partner through a federation configuration has no users or groups known here: only everyone can be allowed or blocked.
trust-heading = Trust
# isMfaAccepted: a partner's person's second factor done at home counts here.
trust-mfa = Trust multifactor authentication done at the partner's organization
trust-yes = Trust it
trust-no = Do not trust it
consent-heading = Automatic redemption
consent-inbound = Partners' people redeem this organization's invitations without the consent page (inbound)
consent-outbound = This organization's people redeem partners' invitations without the consent page (outbound)
# On a partner's page: the choice beside "Use the default".
consent-set = Set for this partner
redemption-heading = Redemption order
redemption-hint = The ways a person may redeem an invitation, tried in this order.
order-first = First
order-second = Second
order-third = Third
# The three ways to redeem (Graph: azureActiveDirectory, externalFederation,
# socialIdentityProviders). Entente has no social identity providers (such as
# Google or Facebook); the third way is listed for Graph's order only.
way-tenant = An organization of this deployment
way-federation = The partner's own identity provider
way-social = Social identity providers (Entente has none)
# What redemption falls back to when no way above applies.
fallback = When none applies
fallback-code = A one-time code sent to the invited address
fallback-none = Refuse the redemption
save-default = Save the default settings
reset-default = Reset to the system's default
confirm-reset = Reset the default cross-tenant access settings to the system's?
consequence-reset = Everyone of every partner without an entry of its own may then be invited to every application, everyone here may accept partners' invitations, the consent page is shown and redemption follows the system's order. Trust of partners' multifactor authentication and the partners' entries stay as they are.
button-reset = Reset

## The partners' list.
partners-heading = Partners
partners-count = Partners with an entry of their own: { $count }
no-partners = No partner has an entry of its own: the default settings apply to every partner.
col-partner = Partner
col-kind = Kind
col-inbound = Inbound
col-outbound = Outbound
col-trust = Trust
kind-tenant = Organization of this deployment
kind-federation = Federation configuration
# In place of a partner's name when its organization or configuration is gone.
name-unknown = No longer found
# A part's summary in the list.
sum-default = Uses the default
sum-allow-all = Allows all
sum-block-all = Blocks all
sum-allow-listed = Allows { $count } listed
sum-block-listed = Blocks { $count } listed
sum-people = People: { $summary }
sum-apps = Applications: { $summary }
sum-trusts = Trusts multifactor authentication
sum-distrusts = Does not trust multifactor authentication
first-page = First page

## Adding a partner.
add-heading = Add a partner
add-tenant = Tenant id of an organization of this deployment
add-federation = Or a federation configuration of this organization
add-federation-none = None
add-button = Add partner
add-neither = Give a tenant id or choose a federation configuration.
add-both = Give a tenant id or choose a federation configuration, not both.
add-exists = This partner has an entry of its own already.

## Explaining a decision.
explain-heading = Explain a decision
explain-intro = What do the settings decide for this person and this application? Every invitation, redemption and sign-in asks the same.
explain-address = Email address
explain-app = Application
explain-no-app = None: inviting and redeeming only
explain-button = Explain
result-allowed = Allowed
result-refused = Refused
all-allow = Every setting asked allows it.
found-tenant = The address belongs to { $name }, an organization of this deployment.
found-federation = The address belongs to { $name }, a partner through a federation configuration.
found-nobody = The address belongs to no known organization: the default settings apply.
has-entry = This partner has an entry of its own.
no-entry = This partner has no entry of its own: the default settings apply.
decided-heading = The rule that decided
evaluated-heading = Every setting asked, in order
col-result = Result
col-whose = Whose settings
col-part = Part
col-source = From
col-list = List
col-why = Why
whose-inbound = This organization's inbound settings
# The person's home organization's settings for this organization.
whose-outbound = The partner organization's outbound settings
source-partner = The partner's entry
source-default = The default settings
list-allowed = Allow-list
list-blocked = Block-list
matched-allowed = { $target } is on the allow-list.
unmatched-allowed = Not on the allow-list.
matched-blocked = { $target } is on the block-list.
unmatched-blocked = Not on the block-list.
all-users = Everyone (AllUsers)
all-apps = Every application (AllApplications)
# The collaboration policy (the Settings page) refuses the address too.
policy-heading = The invitation settings refuse this address
policy-domain = They do not allow invitations to its domain.
policy-consumer = They do not allow invitations to consumer email addresses.

## A partner's page.
partner-intro = Each part uses the default or is set for this partner alone.
partner-id = Id
save-partner = Save the partner's settings
remove-partner = Remove partner
confirm-remove = Remove the partner entry of { $name }?
consequence-remove = The default settings apply to this partner again at once.
button-remove = Remove
back = All cross-tenant access settings

## Notices after a change.
notice-default-saved = The default settings are saved.
notice-default-reset = The default settings are the system's again.
notice-partner-added = The partner is added. Each part uses the default until you set it here.
notice-partner-saved = The partner's settings are saved.
notice-partner-removed = The partner entry is removed: the default settings apply to it again.

## Problems beside a field.
not-an-id = { $entry } is not an object id.
list-someone = List at least one user or group, or choose another option.
list-an-app = List at least one application, or choose another option.
