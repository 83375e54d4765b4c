namespace Routing.Crm;

/// <summary>
/// The built-in SQL Server queries against the reference schema. A starting point for an override:
/// parameters and result columns are those documented on <see cref="CrmQueryOverrides"/>.
/// Every statement here is parsed by Microsoft's T-SQL parser in the tests.
/// </summary>
public static class SqlServerQueries
{
    public const string FindCustomer = """
        SELECT TOP (1)
               c.customer_id,
               c.display_name,
               c.tier,
               c.[language],
               c.preferred_channel,
               c.attributes,
               c.channel_order,
               c.time_zone,
               (SELECT TOP (1) r.agent_id FROM dbo.agent_relationships r
                 WHERE r.tenant_id = c.tenant_id AND r.customer_id = c.customer_id AND r.kind = N'preferred'
                 ORDER BY r.updated_at DESC) AS preferred_agent_id,
               (SELECT TOP (1) r.agent_id FROM dbo.agent_relationships r
                 WHERE r.tenant_id = c.tenant_id AND r.customer_id = c.customer_id AND r.kind = N'last'
                 ORDER BY r.updated_at DESC) AS last_agent_id
        FROM dbo.contact_points p
        JOIN dbo.customers c ON c.tenant_id = p.tenant_id AND c.customer_id = p.customer_id
        WHERE p.tenant_id = @Tenant AND p.channel = @Channel AND p.address = @Address;
        """;

    public const string FindConsents = """
        SELECT channel, opted_in
        FROM dbo.consents
        WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        """;

    public const string FindOpenCases = """
        SELECT TOP (20) case_id, subject, status, opened_at
        FROM dbo.cases
        WHERE tenant_id = @Tenant AND customer_id = @CustomerId AND status <> N'closed'
        ORDER BY opened_at DESC;
        """;

    // UPDLOCK + HOLDLOCK make the existence check and the insert one atomic step under concurrency;
    // a duplicate that still slips through (2627/2601) is treated as "already recorded" by the caller.
    /// <summary>A consent change; an older change than the one recorded is ignored (replays are harmless).</summary>
    public const string RecordConsent = """
        UPDATE dbo.consents WITH (UPDLOCK, HOLDLOCK)
        SET opted_in = @OptedIn, updated_at = @UpdatedAt
        WHERE tenant_id = @Tenant AND customer_id = @CustomerId AND channel = @Channel AND updated_at <= @UpdatedAt;
        IF @@ROWCOUNT = 0
            INSERT INTO dbo.consents (tenant_id, customer_id, channel, opted_in, updated_at)
            SELECT @Tenant, @CustomerId, @Channel, @OptedIn, @UpdatedAt
            WHERE NOT EXISTS (
                SELECT 1 FROM dbo.consents WITH (UPDLOCK, HOLDLOCK)
                WHERE tenant_id = @Tenant AND customer_id = @CustomerId AND channel = @Channel);
        """;

    public const string RecordInteraction = """
        INSERT INTO dbo.interactions (
            tenant_id, contact_id, conversation_id, customer_id, channel, address, queue, agent_id,
            queued_at, offered_at, accepted_at, completed_at, disposition, notes)
        SELECT @Tenant, @ContactId, @ConversationId, @CustomerId, @Channel, @Address, @Queue, @AgentId,
               @QueuedAt, @OfferedAt, @AcceptedAt, @CompletedAt, @Disposition, @Notes
        WHERE NOT EXISTS (
            SELECT 1 FROM dbo.interactions WITH (UPDLOCK, HOLDLOCK)
            WHERE tenant_id = @Tenant AND contact_id = @ContactId);
        """;
}
