-- An application may admit only the users (and members of groups) assigned to it, as
-- a service principal's `appRoleAssignmentRequired` does in Entra ID.
ALTER TABLE applications ADD COLUMN assignment_required INTEGER NOT NULL DEFAULT 0;
