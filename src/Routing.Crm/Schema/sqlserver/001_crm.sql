-- The reference CRM. Every table starts its key with tenant_id: one database serves many tenants
-- and no lookup can reach another tenant's rows. Runs as one batch inside the migration transaction.

CREATE TABLE dbo.customers (
    tenant_id         nvarchar(64)   NOT NULL,
    customer_id       nvarchar(128)  NOT NULL,
    display_name      nvarchar(256)  NOT NULL DEFAULT N'',
    tier              nvarchar(32)   NOT NULL DEFAULT N'',
    [language]        nvarchar(35)   NOT NULL DEFAULT N'',
    preferred_channel nvarchar(32)   NOT NULL DEFAULT N'',
    attributes        nvarchar(max)  NOT NULL DEFAULT N'{}',
    created_at        datetimeoffset NOT NULL DEFAULT SYSDATETIMEOFFSET(),
    CONSTRAINT pk_customers PRIMARY KEY (tenant_id, customer_id)
);

-- Addresses are stored normalised exactly as the router looks them up (E.164 phones, lower-case
-- e-mail, trimmed handles), so a lookup is one primary-key seek. One address belongs to one customer.
CREATE TABLE dbo.contact_points (
    tenant_id   nvarchar(64)  NOT NULL,
    channel     nvarchar(32)  NOT NULL,
    address     nvarchar(256) NOT NULL,
    customer_id nvarchar(128) NOT NULL,
    CONSTRAINT pk_contact_points PRIMARY KEY (tenant_id, channel, address),
    CONSTRAINT fk_contact_points_customer FOREIGN KEY (tenant_id, customer_id) REFERENCES dbo.customers (tenant_id, customer_id)
);

CREATE INDEX ix_contact_points_customer ON dbo.contact_points (tenant_id, customer_id);

CREATE TABLE dbo.consents (
    tenant_id   nvarchar(64)   NOT NULL,
    customer_id nvarchar(128)  NOT NULL,
    channel     nvarchar(32)   NOT NULL,
    opted_in    bit            NOT NULL,
    updated_at  datetimeoffset NOT NULL,
    CONSTRAINT pk_consents PRIMARY KEY (tenant_id, customer_id, channel),
    CONSTRAINT fk_consents_customer FOREIGN KEY (tenant_id, customer_id) REFERENCES dbo.customers (tenant_id, customer_id)
);

CREATE TABLE dbo.cases (
    tenant_id   nvarchar(64)   NOT NULL,
    case_id     nvarchar(128)  NOT NULL,
    customer_id nvarchar(128)  NOT NULL,
    subject     nvarchar(400)  NOT NULL DEFAULT N'',
    status      nvarchar(32)   NOT NULL DEFAULT N'open',
    opened_at   datetimeoffset NOT NULL,
    CONSTRAINT pk_cases PRIMARY KEY (tenant_id, case_id),
    CONSTRAINT fk_cases_customer FOREIGN KEY (tenant_id, customer_id) REFERENCES dbo.customers (tenant_id, customer_id)
);

CREATE INDEX ix_cases_customer ON dbo.cases (tenant_id, customer_id, status);

-- History of who served or is preferred by a customer; the latest row per kind wins.
CREATE TABLE dbo.agent_relationships (
    tenant_id   nvarchar(64)   NOT NULL,
    customer_id nvarchar(128)  NOT NULL,
    kind        nvarchar(16)   NOT NULL CONSTRAINT ck_agent_relationships_kind CHECK (kind IN (N'preferred', N'last')),
    agent_id    nvarchar(128)  NOT NULL,
    updated_at  datetimeoffset NOT NULL,
    CONSTRAINT pk_agent_relationships PRIMARY KEY (tenant_id, customer_id, kind, agent_id),
    CONSTRAINT fk_agent_relationships_customer FOREIGN KEY (tenant_id, customer_id) REFERENCES dbo.customers (tenant_id, customer_id)
);

-- customer_id has no foreign key: unknown senders are recorded too, and history outlives a customer.
CREATE TABLE dbo.interactions (
    tenant_id       nvarchar(64)   NOT NULL,
    contact_id      nvarchar(128)  NOT NULL,
    conversation_id nvarchar(128)  NOT NULL,
    customer_id     nvarchar(128)  NULL,
    channel         nvarchar(32)   NOT NULL,
    address         nvarchar(256)  NOT NULL,
    queue           nvarchar(128)  NOT NULL,
    agent_id        nvarchar(128)  NOT NULL,
    queued_at       datetimeoffset NOT NULL,
    offered_at      datetimeoffset NULL,
    accepted_at     datetimeoffset NULL,
    completed_at    datetimeoffset NOT NULL,
    disposition     nvarchar(128)  NOT NULL DEFAULT N'',
    notes           nvarchar(max)  NOT NULL DEFAULT N'',
    recorded_at     datetimeoffset NOT NULL DEFAULT SYSDATETIMEOFFSET(),
    CONSTRAINT pk_interactions PRIMARY KEY (tenant_id, contact_id)
);

CREATE INDEX ix_interactions_customer ON dbo.interactions (tenant_id, customer_id, completed_at);
CREATE INDEX ix_interactions_conversation ON dbo.interactions (tenant_id, conversation_id);
