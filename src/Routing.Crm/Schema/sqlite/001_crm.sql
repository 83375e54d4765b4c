-- The reference CRM. Every table starts its key with tenant_id: one database serves many tenants
-- and no lookup can reach another tenant's rows. Timestamps are ISO-8601 UTC text.

CREATE TABLE customers (
    tenant_id         TEXT NOT NULL,
    customer_id       TEXT NOT NULL,
    display_name      TEXT NOT NULL DEFAULT '',
    tier              TEXT NOT NULL DEFAULT '',
    language          TEXT NOT NULL DEFAULT '',
    preferred_channel TEXT NOT NULL DEFAULT '',
    attributes        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (tenant_id, customer_id)
);

-- Addresses are stored normalised exactly as the router looks them up (E.164 phones, lower-case
-- e-mail, trimmed handles), so a lookup is one primary-key seek. One address belongs to one customer.
CREATE TABLE contact_points (
    tenant_id   TEXT NOT NULL,
    channel     TEXT NOT NULL,
    address     TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, channel, address),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, customer_id)
);

CREATE INDEX ix_contact_points_customer ON contact_points (tenant_id, customer_id);

CREATE TABLE consents (
    tenant_id   TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    channel     TEXT NOT NULL,
    opted_in    INTEGER NOT NULL CHECK (opted_in IN (0, 1)),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, customer_id, channel),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, customer_id)
);

CREATE TABLE cases (
    tenant_id   TEXT NOT NULL,
    case_id     TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'open',
    opened_at   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, case_id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, customer_id)
);

CREATE INDEX ix_cases_customer ON cases (tenant_id, customer_id, status);

-- History of who served or is preferred by a customer; the latest row per kind wins.
CREATE TABLE agent_relationships (
    tenant_id   TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('preferred', 'last')),
    agent_id    TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, customer_id, kind, agent_id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, customer_id)
);

-- customer_id has no foreign key: unknown senders are recorded too, and history outlives a customer.
CREATE TABLE interactions (
    tenant_id       TEXT NOT NULL,
    contact_id      TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    customer_id     TEXT NULL,
    channel         TEXT NOT NULL,
    address         TEXT NOT NULL,
    queue           TEXT NOT NULL,
    agent_id        TEXT NOT NULL,
    queued_at       TEXT NOT NULL,
    offered_at      TEXT NULL,
    accepted_at     TEXT NULL,
    completed_at    TEXT NOT NULL,
    disposition     TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    recorded_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (tenant_id, contact_id)
);

CREATE INDEX ix_interactions_customer ON interactions (tenant_id, customer_id, completed_at);
CREATE INDEX ix_interactions_conversation ON interactions (tenant_id, conversation_id);
