-- The transactional outbox: a row per email to send, written in the same transaction
-- as the change it belongs to, and delivered (at least once) by a worker that claims
-- it under a lease. `recipients` is JSON: {"to": [...], "cc": [...]}.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    created_at BIGINT NOT NULL,
    sender TEXT NOT NULL,
    recipients TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    sent_at BIGINT,
    claimed_by TEXT,
    claimed_until BIGINT
);
-- Workers look for pending rows that are due, and for claimed rows whose lease ran out.
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_tenant ON outbox (tenant_id, created_at);
