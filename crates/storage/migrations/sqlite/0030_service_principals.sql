-- Multi-tenant applications (issue 21 part 2, decision 0014): an application its
-- tenant opens to other organizations of this deployment (Graph's signInAudience
-- AzureADMultipleOrgs), and a customer tenant's instance of it (a service principal),
-- made when that tenant's administrator consents. Assignments of the application's
-- roles in the customer tenant are app_role_assignments rows of that tenant whose
-- resource is the application's id. A sign-in finds the principal by its tenant and
-- the application; `app_id` is the application's client id (never changed), which
-- Graph's clients filter service principals by.
ALTER TABLE applications ADD COLUMN multiple_orgs INTEGER NOT NULL DEFAULT 0;
CREATE TABLE service_principals (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    application_id TEXT NOT NULL REFERENCES applications(id),
    app_id TEXT NOT NULL,
    assignment_required INTEGER NOT NULL DEFAULT 0,
    consented_by TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, application_id)
);
CREATE INDEX service_principals_application ON service_principals (application_id);
CREATE INDEX service_principals_app_id ON service_principals (tenant_id, app_id);
