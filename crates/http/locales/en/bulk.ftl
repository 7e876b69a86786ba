### The bulk invitation pages and the ids shown for copying: the upload's size limit
### and the refusal of a larger file, how application and group cells name their
### objects, the preview's columns, filter and warning, and the copy buttons.

# Under the file input: the row limit (a count) and the size limit ("5 MiB").
size-limit = A file may hold at most { $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
} and { $size }.
file-too-large = This file is larger than { $size }, the most one upload may hold. Split it into smaller files and upload them one at a time.
choose-another-file = Choose another file
names-hint = In InvitedToApplications, name applications by display name, client id or object id; in InvitedToGroups, groups by display name or object id. Separate several ids with spaces and several names with semicolons (;).
sample-hint = The sample file shows every column; replace its names with your own applications and groups.
language = Language
errors-only = Show only rows with errors
all-rows = Show all rows
row-warning = Ready, with a warning

# A preview row whose invitation is copied to $cc while $email can neither sign up
# with a code nor sign in through an organization known here.
cc-warning = A copy goes to { $cc }, so { $email } cannot sign up with a one-time code and has no organization here to sign in with: the link will not work unless their organization is added first.
no-error-rows = No row has errors.
object-id = Object id
copy = Copy
copied = Copied
