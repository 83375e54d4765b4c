namespace Routing.Crm;

/// <summary>SQLite statements for schema bookkeeping and the demo seed. Every seed insert skips rows already there.</summary>
internal static class SqliteSetupSql
{
    public const string Ping = "SELECT 1;";

    public const string EnsureMigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        """;

    public const string AppliedVersions = "SELECT version FROM schema_migrations ORDER BY version;";

    public const string RecordMigration = "INSERT INTO schema_migrations (version, name) VALUES (@Version, @Name);";

    public const string SeedCustomer = """
        INSERT INTO customers (tenant_id, customer_id, display_name, tier, language, preferred_channel, attributes, channel_order, time_zone)
        VALUES (@Tenant, @CustomerId, @DisplayName, @Tier, @Language, @PreferredChannel, @Attributes, @ChannelOrder, @TimeZone)
        ON CONFLICT DO NOTHING;
        """;

    public const string SeedContactPoint = """
        INSERT INTO contact_points (tenant_id, channel, address, customer_id)
        VALUES (@Tenant, @Channel, @Address, @CustomerId)
        ON CONFLICT DO NOTHING;
        """;

    public const string SeedConsent = """
        INSERT INTO consents (tenant_id, customer_id, channel, opted_in, updated_at)
        VALUES (@Tenant, @CustomerId, @Channel, @OptedIn, @UpdatedAt)
        ON CONFLICT DO NOTHING;
        """;

    public const string SeedCase = """
        INSERT INTO cases (tenant_id, case_id, customer_id, subject, status, opened_at)
        VALUES (@Tenant, @CaseId, @CustomerId, @Subject, @Status, @OpenedAt)
        ON CONFLICT DO NOTHING;
        """;

    public const string SeedAgentRelationship = """
        INSERT INTO agent_relationships (tenant_id, customer_id, kind, agent_id, updated_at)
        VALUES (@Tenant, @CustomerId, @Kind, @AgentId, @UpdatedAt)
        ON CONFLICT DO NOTHING;
        """;
}
