### The redemption pages a partner sees after opening an invitation link, and My Apps.
###
### Variables: $tenant, $app, $email (the invited address), $account (the account
### signed in), $home (the partner's identity provider), $date (the expiry date, in
### UTC) and $minutes (a count).
###
### The placeholders are `{tenant}`, `{app}`, `{email}`, `{date}` (from [`format_date`]),
### `{home}` (the name of the invitee's home identity provider), `{minutes}` and
### `{account}`; each string has the same ones in every language.

# The BCP 47 tag for `<html lang>` ("en", "pt-BR", "zh-Hans").
html-lang = en
invitation-title = { $tenant } has invited you
invitation-to-app = You have been invited to use { $app }.
invited-address = This invitation is for { $email }.
expires-on = This invitation expires on { $date } (UTC).
sign-in-at-home = Sign in with your { $home } account
sign-in = Sign in

# Why a one-time code goes to {email} when the invitee has no home account.
sign-up-intro = Your organization has no account with us yet. We will send a one-time code to { $email } to confirm that the address is yours.
send-code = Send code
code-sent = We sent a code to { $email }. It is valid for { $minutes ->
     [one] { $minutes } minute
    *[other] { $minutes } minutes
}.
code-label = Code
verify = Verify
code-invalid = That code is wrong or has expired.
signed-in-as = You are signed in as { $account }.
accept = Accept invitation

# "Review permissions": the heading of the consent step before accepting.
consent-heading = Review permissions

# "{tenant} would like to:", above the list of what accepting allows.
consent-intro = { $tenant } would like to:
consent-sign-in = Sign you in
consent-profile = Read your name and email address
consent-home = See which organization your account belongs to
consent-trust = Accept only if you trust { $tenant }. Accepting adds you to { $tenant }'s directory as a guest.
wrong-account = This invitation was sent to { $email }, but you are signed in as { $account }.
switch-account = Sign in with another account
prove-address = Send a code to { $email } to show that the address is yours

# Why an invitation sent with a copy cannot create an account; names {tenant}.
cc-blocks-signup = A copy of this invitation was sent to another address, so it cannot be used to create a new account. Ask { $tenant } to invite you again.

# "{tenant} does not accept one-time codes, and your organization is not connected to
# it": no way to redeem applies (the inviting organization turned one-time codes off,
# and the address's organization neither has an account here nor is federated).
no-codes = { $tenant } does not accept invitations confirmed by a one-time code, and your organization has no connection to it. Ask { $tenant } how to accept this invitation.
invitation-invalid = This invitation link is not valid.
invitation-expired = This invitation has expired. Ask { $tenant } to send it again.
invitation-revoked = This invitation has been withdrawn.
invitation-used = This invitation has already been accepted.
contact = Contact { $tenant }
my-apps-title = My apps
my-apps-empty = No applications have been assigned to you yet.

# "Your organizations": the heading of My Apps' organization switcher.
organizations = Your organizations

# "your home organization", beside the one where the account lives.
home-organization = your home organization
sign-out = Sign out
accepted-title = Welcome to { $tenant }

# "Too many codes were asked for. Try again in {minutes} min.", the wait
# `Retry-After` gives, rounded up to whole minutes.
too-many-codes = Too many codes were asked for. Try again in { $minutes } min.
member-of-inviter = This account belongs to { $tenant }; it needs no invitation.
already-guest = This account has already accepted another invitation from { $tenant }.

# My Apps: the guests the signed-in member sponsors (directly or through a group).
my-guests = My guests
my-guests-intro = People from partner organizations you answer for as their sponsor.
# A guest's state in that list.
guest-pending = Has not accepted the invitation yet
guest-active = Active
guest-blocked = Blocked
# My Apps, "my guests": when a guest's access ends, and the button that extends it.
guest-access-ends = Access ends on { $date }
guest-extend = Extend access
# My Apps, "my guests": a guest that has not signed in for a long time, and the
# button that keeps it; { $date } is when its sign-in is blocked otherwise.
guest-inactive = Not signing in; blocked on { $date } unless kept
guest-keep = Keep access

# My Apps: the access reviews in progress in which the signed-in person decides.
my-reviews = Access reviews for you
# One review in that list: { $open } decisions still to make of { $total }, and the
# day the review ends.
review-open-count = { $open } of { $total } still to decide · ends on { $date }
# The reviewer's page of one access review. { $review } is the review's name.
review-title = Access review: { $review }
# { $resource } is what the people reviewed reach: a group's or an application's
# name, or review-resource-all (the organization's name as { $tenant }).
review-intro = Decide for each person below whether they keep their access to { $resource }. The review ends on { $date }; what is denied then loses its access.
review-resource-all = { $tenant } (all guests)
# How far the signed-in reviewer has got.
review-progress = { $done } of { $total } decided
review-accept-recommendations = Accept all recommendations
review-accepted = { $count ->
     [one] { $count } recommendation accepted.
    *[other] { $count } recommendations accepted.
}
# The decisions a reviewer can give, as buttons.
review-approve = Approve
review-deny = Deny
review-dont-know = Don't know
# The reason a reviewer gives with a decision.
review-justification = Reason
review-justification-required = Give a reason for approving.
# What the reviewer sees about each person.
review-last-sign-in = Last sign-in: { $date }
review-never-signed-in = Never signed in
review-sponsors = Sponsors: { $names }
review-no-sponsors = No sponsor
review-reaches = Reaches: { $names }
review-reaches-nothing = No groups or applications
review-recommended-approve = Recommended: approve (signed in recently)
review-recommended-deny = Recommended: deny (no sign-in for { $days ->
     [one] { $days } day
    *[other] { $days } days
})
# Where a person's decision stands.
review-state-open = Not decided yet
review-state-approved = Approved
review-state-denied = Denied
review-state-dont-know = Don't know
# Paging and filtering the reviewer's list.
review-next-page = Next page
review-show-open = Show only the undecided
review-show-all = Show all
review-ended = This review has ended: decisions can no longer be changed.
