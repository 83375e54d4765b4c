namespace Routing.Core.Customers;

/// <summary>One handled contact, as written back to the CRM's interaction history.</summary>
public sealed record InteractionRecord(
    string Tenant,
    string ContactId,
    string ConversationId,
    string? CustomerId,
    string Channel,
    string Address,
    string Queue,
    string AgentId,
    DateTimeOffset QueuedAt,
    DateTimeOffset? OfferedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset CompletedAt,
    string Disposition,
    string Notes);
