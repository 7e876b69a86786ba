### The portal's lists: counts, the search hint, the email and date columns, plain
### user types and invitation states, where a guest's account lives, and the export link.

users-found = Users found: { $count }
groups-found = Groups found: { $count }
invitations-found = Invitations found: { $count }

# the hint under a list's search box
search-hint = Finds any part of a name or an address; one or two characters find those that start with them.

# "Address or name" (the invitations' search box)
search-invitations = Address or name

# "Email" (the users' address column)
email-column = Email

# "Created" (the date column)
created = Created

# "Member" (a user type)
member = Member

# "Guest" (a user type)
guest = Guest

# "Pending acceptance" (a guest's invitation state)
state-pending = Pending acceptance
state-accepted = Accepted

# "Email one-time code" (a guest whose address was proven by a code)
source-code = Email one-time code

# "Partner's identity provider" (a guest signing in through its organization's own provider)
source-federated = Partner's identity provider
export-users = Download as CSV
