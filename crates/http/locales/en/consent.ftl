### Multi-organization applications (signInAudience AzureADMultipleOrgs): the page
### where an administrator of a customer organization accepts ("consents to") another
### organization's application for its people, at /{tenant}/adminconsent; the page a
### person sees when their organization has not accepted the application yet; and
### the portal's list of other organizations' applications this organization accepted.
### Variables: $app (the application's name), $vendor (the name of the organization
### that made the application), $organization (the name of the reader's organization).

html-lang = en

## The consent page.
# The page's heading and the browser tab's title.
title = Permissions requested
intro = { $app } is an application of { $vendor }. It asks to be used by the people of { $organization }.
effect = If you accept, the people of { $organization } can sign in to it with their accounts here. You choose who may use it and which of its roles they have, and you can remove it at any time.
roles = Roles it defines, which you can give to your people:
no-roles = It defines no roles.
already = { $organization } has already accepted this application.
accept = Accept
decline = Cancel
# After accepting, when the application gave no address to return to.
done = { $app } can now be used by the people of { $organization }.

## Why the consent page cannot be shown.
refused-title = This application cannot be accepted
admin-only = Only an administrator of { $organization } can accept an application for the whole organization.
unknown-application = No application has this client ID.
single-organization = This application is for its own organization only; other organizations cannot use it.
own-application = This application belongs to your organization; it needs no acceptance.
redirect-not-registered = The address to return to is not registered for this application.

## The page a person sees at sign-in when their organization has not accepted the application.
needed-title = Approval needed
needed-body = { $app } of { $vendor } needs the approval of an administrator of { $organization } before its people can sign in to it.
needed-admin = If you are an administrator of { $organization }, you can review it and accept it:
needed-link = Review the application

## The portal's list of other organizations' applications, on the applications page.
others-heading = Applications of other organizations
others-intro = Applications that other organizations made and that this organization accepted. Their tokens come from this organization, with the roles you give here.
others-none = No application of another organization has been accepted.
others-vendor = Made by
others-accepted = Accepted
others-assigned-only = Only assigned people may sign in
others-everyone = Everyone in the organization may sign in
others-remove = Remove
# Confirmation before removing: the application's access ends for everyone here.
others-remove-confirm = Remove { $app }? Its access ends for everyone in { $organization }, and the roles given in it are removed.
others-removed = { $app } was removed.
