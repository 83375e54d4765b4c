namespace Routing.Crm;

/// <summary>
/// T-SQL for schema bookkeeping and the demo seed. Every seed insert skips rows already there;
/// UPDLOCK + HOLDLOCK keep two nodes starting at once from inserting the same row.
/// </summary>
internal static class SqlServerSetupSql
{
    // Serialises schema changes across nodes starting together; released when the transaction ends.
    public const string AcquireSchemaLock = """
        DECLARE @result int;
        EXEC @result = sys.sp_getapplock
            @Resource = N'routing-crm-schema',
            @LockMode = N'Exclusive',
            @LockOwner = N'Transaction',
            @LockTimeout = 60000;
        IF @result < 0
            THROW 50001, N'Timed out waiting for another node to finish applying the CRM schema.', 1;
        """;

    public const string Ping = "SELECT 1;";

    public const string EnsureMigrationsTable = """
        IF OBJECT_ID(N'dbo.schema_migrations', N'U') IS NULL
            CREATE TABLE dbo.schema_migrations (
                version    int NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY,
                name       nvarchar(200) NOT NULL,
                applied_at datetimeoffset NOT NULL CONSTRAINT df_schema_migrations_applied_at DEFAULT SYSDATETIMEOFFSET()
            );
        """;

    public const string AppliedVersions = "SELECT version FROM dbo.schema_migrations ORDER BY version;";

    public const string RecordMigration = "INSERT INTO dbo.schema_migrations (version, name) VALUES (@Version, @Name);";

    public const string SeedCustomer = """
        INSERT INTO dbo.customers (tenant_id, customer_id, display_name, tier, [language], preferred_channel, attributes, channel_order, time_zone)
        SELECT @Tenant, @CustomerId, @DisplayName, @Tier, @Language, @PreferredChannel, @Attributes, @ChannelOrder, @TimeZone
        WHERE NOT EXISTS (
            SELECT 1 FROM dbo.customers WITH (UPDLOCK, HOLDLOCK)
            WHERE tenant_id = @Tenant AND customer_id = @CustomerId);
        """;

    public const string SeedContactPoint = """
        INSERT INTO dbo.contact_points (tenant_id, channel, address, customer_id)
        SELECT @Tenant, @Channel, @Address, @CustomerId
        WHERE NOT EXISTS (
            SELECT 1 FROM dbo.contact_points WITH (UPDLOCK, HOLDLOCK)
            WHERE tenant_id = @Tenant AND channel = @Channel AND address = @Address);
        """;

    public const string SeedConsent = """
        INSERT INTO dbo.consents (tenant_id, customer_id, channel, opted_in, updated_at)
        SELECT @Tenant, @CustomerId, @Channel, @OptedIn, @UpdatedAt
        WHERE NOT EXISTS (
            SELECT 1 FROM dbo.consents WITH (UPDLOCK, HOLDLOCK)
            WHERE tenant_id = @Tenant AND customer_id = @CustomerId AND channel = @Channel);
        """;

    public const string SeedCase = """
        INSERT INTO dbo.cases (tenant_id, case_id, customer_id, subject, status, opened_at)
        SELECT @Tenant, @CaseId, @CustomerId, @Subject, @Status, @OpenedAt
        WHERE NOT EXISTS (
            SELECT 1 FROM dbo.cases WITH (UPDLOCK, HOLDLOCK)
            WHERE tenant_id = @Tenant AND case_id = @CaseId);
        """;

    public const string SeedAgentRelationship = """
        INSERT INTO dbo.agent_relationships (tenant_id, customer_id, kind, agent_id, updated_at)
        SELECT @Tenant, @CustomerId, @Kind, @AgentId, @UpdatedAt
        WHERE NOT EXISTS (
            SELECT 1 FROM dbo.agent_relationships WITH (UPDLOCK, HOLDLOCK)
            WHERE tenant_id = @Tenant AND customer_id = @CustomerId AND kind = @Kind AND agent_id = @AgentId);
        """;
}
