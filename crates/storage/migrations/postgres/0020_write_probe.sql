-- One row that readiness probes update and commit, so `/readyz` says "ready" only
-- when this node can really write (issue 17): a wedged writer, a read-only database
-- or file system, or a lost database connection all fail the probe.
CREATE TABLE write_probe (
    id BIGINT PRIMARY KEY,
    probed_at BIGINT NOT NULL
);
INSERT INTO write_probe (id, probed_at) VALUES (1, 0);
