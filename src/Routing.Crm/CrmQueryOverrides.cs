namespace Routing.Crm;

/// <summary>
/// Optional SQL that replaces the built-in queries, so a site can point the router at its own CRM
/// tables. Null keeps the built-in query of the provider. Parameters and result columns are listed
/// on each property and in the project's README ("Mapping your own CRM").
/// </summary>
public sealed class CrmQueryOverrides
{
    /// <summary>
    /// Parameters @Tenant, @Channel, @Address (normalised). Returns zero rows (unknown sender) or one row
    /// with customer_id (required), display_name, tier, language, preferred_channel, attributes (JSON
    /// object text), preferred_agent_id, last_agent_id. Any other column becomes a customer attribute.
    /// </summary>
    public string? FindCustomer { get; set; }

    /// <summary>Parameters @Tenant, @CustomerId. Returns rows of channel, opted_in (bit, 0/1 or 'true'/'false').</summary>
    public string? FindConsents { get; set; }

    /// <summary>Parameters @Tenant, @CustomerId. Returns the open cases as rows of case_id, subject, status, opened_at.</summary>
    public string? FindOpenCases { get; set; }

    /// <summary>
    /// Parameters @Tenant, @ContactId, @ConversationId, @CustomerId, @Channel, @Address, @Queue, @AgentId,
    /// @QueuedAt, @OfferedAt, @AcceptedAt, @CompletedAt, @Disposition, @Notes. Must affect one row when it
    /// records the interaction and none when (tenant, contact id) is already there (or fail with a
    /// duplicate-key error).
    /// </summary>
    public string? RecordInteraction { get; set; }

    /// <summary>
    /// (@Tenant, @CustomerId, @Channel, @OptedIn, @UpdatedAt): records one consent change. Must be
    /// idempotent: the same change written twice (a retried write-back) leaves one result.
    /// </summary>
    public string? RecordConsent { get; set; }
}
