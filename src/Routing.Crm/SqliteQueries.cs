namespace Routing.Crm;

/// <summary>
/// The built-in SQLite queries against the reference schema. A starting point for an override:
/// parameters and result columns are those documented on <see cref="CrmQueryOverrides"/>.
/// </summary>
public static class SqliteQueries
{
    public const string FindCustomer = """
        SELECT c.customer_id,
               c.display_name,
               c.tier,
               c.language,
               c.preferred_channel,
               c.attributes,
               c.channel_order,
               c.time_zone,
               (SELECT r.agent_id FROM agent_relationships r
                 WHERE r.tenant_id = c.tenant_id AND r.customer_id = c.customer_id AND r.kind = 'preferred'
                 ORDER BY r.updated_at DESC LIMIT 1) AS preferred_agent_id,
               (SELECT r.agent_id FROM agent_relationships r
                 WHERE r.tenant_id = c.tenant_id AND r.customer_id = c.customer_id AND r.kind = 'last'
                 ORDER BY r.updated_at DESC LIMIT 1) AS last_agent_id
        FROM contact_points p
        JOIN customers c ON c.tenant_id = p.tenant_id AND c.customer_id = p.customer_id
        WHERE p.tenant_id = @Tenant AND p.channel = @Channel AND p.address = @Address
        LIMIT 1;
        """;

    public const string FindConsents = """
        SELECT channel, opted_in
        FROM consents
        WHERE tenant_id = @Tenant AND customer_id = @CustomerId;
        """;

    public const string FindOpenCases = """
        SELECT case_id, subject, status, opened_at
        FROM cases
        WHERE tenant_id = @Tenant AND customer_id = @CustomerId AND status <> 'closed'
        ORDER BY opened_at DESC
        LIMIT 20;
        """;

    /// <summary>A consent change; an older change than the one recorded is ignored (replays are harmless).</summary>
    public const string RecordConsent = """
        INSERT INTO consents (tenant_id, customer_id, channel, opted_in, updated_at)
        VALUES (@Tenant, @CustomerId, @Channel, @OptedIn, @UpdatedAt)
        ON CONFLICT (tenant_id, customer_id, channel) DO UPDATE
            SET opted_in = excluded.opted_in, updated_at = excluded.updated_at
            WHERE excluded.updated_at >= consents.updated_at;
        """;

    public const string RecordInteraction = """
        INSERT INTO interactions (
            tenant_id, contact_id, conversation_id, customer_id, channel, address, queue, agent_id,
            queued_at, offered_at, accepted_at, completed_at, disposition, notes)
        VALUES (
            @Tenant, @ContactId, @ConversationId, @CustomerId, @Channel, @Address, @Queue, @AgentId,
            @QueuedAt, @OfferedAt, @AcceptedAt, @CompletedAt, @Disposition, @Notes)
        ON CONFLICT (tenant_id, contact_id) DO NOTHING;
        """;
}
