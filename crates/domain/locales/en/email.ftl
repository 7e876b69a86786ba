### The invitation email and the one-time code email.
###
### Variables: $tenant, $inviter (the inviting user), $name (the invitee's display
### name), $app, $email (the invited address), $date (the expiry date, in UTC) and
### $minutes (a count).

subject-with-inviter = { $inviter } invited you to { $tenant }
subject = You are invited to { $tenant }
greeting = Hello { $name },

# When the invitation names no display name: never greet with the address.
greeting-without-name = Hello,
invited-by-inviter = { $inviter } has invited you to join { $tenant } as a guest.
invited-by-tenant = You have been invited to join { $tenant } as a guest.
invited-to-app = You have been invited to use { $app }.
message-from-inviter = A message from { $inviter }:
message-from-tenant = A message from { $tenant }:
accept-button = Accept invitation
button-fallback = If the button does not work, copy this link into your browser:
link-intro = To accept the invitation, open this link:
expires = This invitation expires on { $date } (UTC).
contact-question = Questions about this invitation?
contact-us = Contact us
footer = You received this email because { $tenant } invited { $email }. If you did not expect this invitation, you can ignore this email.
code-subject = Your verification code for { $tenant }
code-intro = Enter this code to confirm that { $email } is your address:
code-valid = The code is valid for { $minutes ->
     [one] { $minutes } minute
    *[other] { $minutes } minutes
}.
code-ignore = If you did not request this code, you can ignore this email. Do not share the code with anyone.

# The email telling sponsors and administrators that a sponsor of guests left (was
# deleted or blocked). { $sponsor } is the sponsor who left, { $tenant } the
# organization.
sponsor-left-subject = { $tenant }: { $sponsor } no longer answers for guests
# To the guests' remaining sponsors, above the list of those guests.
sponsor-left-remaining = { $sponsor } was a sponsor of these guests of { $tenant } and has left. You still answer for them:
# To the organization's administrators, above the list of guests nobody answers for now.
sponsor-left-unsponsored = { $sponsor } was the last sponsor of these guests of { $tenant } and has left. Nobody answers for them now: name a new sponsor, or end their access.
# After the first names when the list is longer; { $count } is how many are not named.
sponsor-left-more = { $count ->
     [one] and { $count } more guest
    *[other] and { $count } more guests
}
# Above the link to the guests in the portal.
sponsor-left-link = See them in the portal:

# The reminder that a guest's access ends soon. { $guest } is the guest's name and
# address, { $tenant } the organization, { $date } the day access ends.
access-ends-subject = { $tenant }: access of { $guest } ends on { $date }
# To the guest's sponsors.
access-ends-sponsor = The access of { $guest } to { $tenant } ends on { $date }. You are their sponsor: if they still need it, extend it in My Apps:
# To the organization's administrators, when nobody sponsors the guest.
access-ends-admin = The access of { $guest } to { $tenant } ends on { $date }, and nobody sponsors them. If they still need it, extend it on their page in the portal:
# What happens then; { $days } is the grace before deletion.
access-ends-then = On that day their sign-in is blocked, and { $days ->
     [one] { $days } day
    *[other] { $days } days
} later they are deleted.

# The notice that guests have not signed in for a long time. { $tenant } is the
# organization, { $days } how many days without a sign-in, { $date } the day their
# sign-in is blocked unless someone keeps them.
inactive-subject = { $tenant }: guests who have not signed in for { $days ->
     [one] { $days } day
    *[other] { $days } days
}
# To the guests' sponsors, above the list of those guests.
inactive-sponsor = These guests of { $tenant } you sponsor have not signed in for a long time. Unless you keep them in My Apps, their sign-in is blocked on { $date }:
# To the organization's administrators, above the list of guests nobody sponsors.
inactive-admin = These guests of { $tenant } have not signed in for a long time, and nobody sponsors them. Unless an administrator gives them an end date or a sponsor keeps them, their sign-in is blocked on { $date }:

# Access reviews. { $tenant } is the organization, { $review } the review's name,
# { $date } the day the review ends, { $count } how many people.
# To each reviewer when a review starts.
review-start-subject = { $tenant }: please review who keeps access ({ $review })
review-start-body = { $tenant } asks you to review who should keep their access: { $review }. { $count ->
     [one] { $count } person is waiting for your decision
    *[other] { $count } people are waiting for your decision
} by { $date }. Open the review in My Apps:
# To a reviewer with decisions still open, halfway through the review.
review-reminder-subject = { $tenant }: the access review { $review } ends on { $date }
review-reminder-body = { $count ->
     [one] { $count } decision of yours is still open
    *[other] { $count } decisions of yours are still open
} in the access review { $review } of { $tenant }. It ends on { $date }. Open it in My Apps:
# Below the link in both: how to decide.
review-how = Approve or deny each person. Beside each you see their last sign-in and a recommendation from it. What is denied loses its access when the review ends.
