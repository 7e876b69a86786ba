-- Cross-tenant access settings (issue 21): a tenant's default for every partner
-- (kind 'default', partner '') and its entries for named partners: a tenant of this
-- deployment (kind 'tenant') or a partner elsewhere through one of its federation
-- configurations (kind 'federation'), each by id. `settings` is the JSON of Graph's
-- shape (entente_model::cross_tenant::CrossTenantSettings); a partner's missing parts
-- take the default's. A sign-in reads one tenant's two rows by primary key.
CREATE TABLE cross_tenant_access (
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    partner TEXT NOT NULL,
    kind TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, partner)
);
