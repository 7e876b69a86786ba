-- The audit log is listed newest first by (time, id), filtered by object, by action
-- and by day. Each filter has an index ending in (at, id), so a filtered page is one
-- index range read from its newest end, however long the log; the list of actions a
-- log holds is one probe per distinct action. The (tenant, id) index of migration 1
-- served the id order and goes: each entry keeps three index entries, not four.
DROP INDEX audit_log_tenant;
DROP INDEX audit_log_target;
CREATE INDEX audit_log_target ON audit_log (tenant_id, target_id, at, id);
CREATE INDEX audit_log_action ON audit_log (tenant_id, action, at, id);
CREATE INDEX audit_log_time ON audit_log (tenant_id, at, id);
