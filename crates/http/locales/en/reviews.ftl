# The admin portal's access reviews: the list, the form that makes one, a review's
# page with its occurrences, and an occurrence's page with its decisions.

# The navigation link and the list's heading.
nav-reviews = Access reviews
reviews-intro = A review asks sponsors, named reviewers or administrators, on a schedule, whether each person should keep their access. What they deny loses its access when the review ends.
reviews-none = No access reviews yet.
# The list's columns.
reviews-col-name = Name
reviews-col-scope = Reviews
reviews-col-status = Status
reviews-col-next = Next start
reviews-never = None

# The form that makes a review.
new-review = New access review
review-name = Name
review-description = Note for the reviewers
review-scope = Whose access
review-scope-guests = All guests
review-scope-group = Members of a group
review-scope-application = Users assigned to an application
review-target = Group or application (name or id)
review-guests-only = Guests only
review-reviewers = Who decides
review-reviewers-sponsors = Each person's sponsors
review-reviewers-user = A named user
review-reviewers-group = The members of a group
review-reviewers-admins = The Global Administrators
review-reviewer = Reviewer (an address, or the group's name)
review-fallback = Fallback reviewer (an address)
review-fallback-hint = Decides about the people nobody else reviews. Without one, the Global Administrators do.
review-start = First day
review-duration = Days each occurrence lasts
review-recurrence = Repeats
review-recurrence-once = Once
review-recurrence-weekly = Every week
review-recurrence-monthly = Every month
review-recurrence-quarterly = Every quarter
review-default = When a reviewer does not answer
review-default-none = No decision: the access stays
review-default-approve = Approve
review-default-deny = Deny
review-default-recommendation = Take the recommendation
review-apply = What happens to what is denied
review-apply-remove = Remove the membership or assignment (for all guests: block sign-in)
review-apply-delete = Block sign-in, then delete the guest after the grace period
review-auto-apply = Apply the decisions when an occurrence ends
review-justification-required = Reviewers must give a reason to approve
create-review = Create the review
# Beside the form's fields when what they name is not found.
review-target-unknown = No group or application of this organization has this name or id.
review-reviewer-unknown = Nobody of this organization has this address or name.

# Where a review or an occurrence stands.
review-status-not-started = Not started
review-status-in-progress = In progress
review-status-completed = Completed
review-status-applying = Applying the decisions
review-status-applied = Applied

# What a review covers, in the list and on its page; { $name } is the group's or
# application's name.
review-covers-guests = All guests
review-covers-group = Members of { $name }
review-covers-group-guests = Guests in { $name }
review-covers-application = Users assigned to { $name }
review-covers-application-guests = Guests assigned to { $name }

# A review's page.
review-occurrences = Occurrences
review-col-start = Started
review-col-end = Ends
review-col-decided = Decided
review-decided-of = { $done } of { $total }
review-next-start = Next occurrence starts on { $date }.
review-no-next = No further occurrence will start.
review-no-occurrences = No occurrence has started yet.
review-stop = Stop the review
review-stop-hint = No further occurrence starts, and the one in progress ends now.
review-delete = Delete the review
review-delete-confirm = Delete this review with its occurrences and decisions (what was applied stays applied)

# An occurrence's page.
review-occurrence = { $start } to { $end }
review-counts = Approved: { $approved } · Denied: { $denied } · Don't know: { $unknown } · Not decided: { $open } · Applied: { $applied }
review-end-now = End this occurrence now
review-apply-now = Apply the decisions
review-download = Download the decisions (CSV)
review-col-person = Person
review-col-last-sign-in = Last sign-in
review-col-recommendation = Recommendation
review-col-decision = Decision
review-col-reviewer = Decided by
review-col-reason = Reason
review-col-applied = Applied
review-show = Show
review-show-all = All
review-show-open = Not decided
review-show-denied = Denied
review-show-approved = Approved
review-no-decisions = No decisions here.
review-next-page = Next page
# A decision's value, and the recommendation's.
review-decision-not-reviewed = Not decided
review-decision-approve = Approve
review-decision-deny = Deny
review-decision-dont-know = Don't know
review-decision-none = None
review-default-decider = Default decision

# A group's page: its owners, who answer for the group and whom an access review
# can ask to review its members.
group-owners = Owners
group-owners-hint = Owners answer for the group; an access review can ask them to review its members.
group-no-owners = No owners.
group-owner-address = Owner's email address
group-add-owner = Add owner
