-- Access reviews (issue 22 part 4, decision 0016). A definition keeps what an
-- administrator wrote as JSON (`spec`: scope, reviewers, settings) beside the columns
-- the schedule reads: the next instance's start (taken by compare-and-set by the
-- minute tick of any node, through the partial index) and how many have started.
CREATE TABLE access_reviews (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    spec TEXT NOT NULL,
    status TEXT NOT NULL,
    next_start_at BIGINT,
    occurrences BIGINT NOT NULL DEFAULT 0,
    created_by TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX access_reviews_due ON access_reviews (next_start_at) WHERE next_start_at IS NOT NULL;
-- An instance owes one next step ('remind' halfway, 'end', 'apply'), due at
-- `step_due_at`, taken like the definitions' starts.
CREATE TABLE access_review_instances (
    tenant_id TEXT NOT NULL,
    id TEXT NOT NULL,
    review_id TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    step TEXT,
    step_due_at BIGINT,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX access_review_instances_of ON access_review_instances (tenant_id, review_id, id);
CREATE INDEX access_review_instances_due ON access_review_instances (step_due_at) WHERE step_due_at IS NOT NULL;
-- One decision per person reviewed, written when the instance starts (the person's
-- name and address as they were then, the recommendation from its sign-in activity).
CREATE TABLE access_review_decisions (
    tenant_id TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    id TEXT NOT NULL,
    principal_id TEXT NOT NULL,
    principal_name TEXT NOT NULL,
    principal_upn TEXT NOT NULL,
    resource_id TEXT,
    resource_name TEXT,
    recommendation TEXT NOT NULL,
    last_sign_in_at BIGINT,
    decision TEXT NOT NULL,
    justification TEXT,
    reviewed_by TEXT,
    reviewed_by_name TEXT,
    reviewed_at BIGINT,
    applied_at BIGINT,
    apply_result TEXT,
    PRIMARY KEY (tenant_id, instance_id, id)
);
CREATE INDEX access_review_decisions_open ON access_review_decisions (tenant_id, instance_id, decision, id);
-- Who may decide what: one row per reviewer and decision, so a reviewer's page is a
-- walk of its own rows in decision order.
CREATE TABLE access_review_reviewers (
    tenant_id TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    reviewer_id TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, instance_id, reviewer_id, decision_id)
);
CREATE INDEX access_review_reviewers_of ON access_review_reviewers (tenant_id, instance_id, decision_id);
