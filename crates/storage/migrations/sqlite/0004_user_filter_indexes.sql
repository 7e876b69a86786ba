-- Filtered user lists page in id order: an index on (tenant, filter column, id)
-- serves the filter and the order at once, so the planner never walks every user of
-- a tenant in id order to find a few matches.
DROP INDEX users_mail;
CREATE INDEX users_mail ON users (tenant_id, mail_lower, id);
CREATE INDEX users_type ON users (tenant_id, user_type, id);
