-- The portal filters the audit log by action and lists the actions a tenant's log
-- holds (one probe per distinct action), from this index instead of the whole log.
CREATE INDEX audit_log_action ON audit_log (tenant_id, action, id);
