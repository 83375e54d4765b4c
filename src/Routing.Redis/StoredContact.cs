using Routing.Core.Customers;

namespace Routing.Redis;

/// <summary>A contact as held in Redis.</summary>
public sealed record StoredContact(
    string ContactId,
    string ConversationId,
    string Channel,
    string From,
    string ExternalId,
    string Subject,
    string Text,
    string Intent,
    string Language,
    IReadOnlyDictionary<string, string> Attributes,
    string Queue,
    int Priority,
    IReadOnlyList<string> Skills,
    TimeSpan ServiceLevel,
    string Rule,
    DateTimeOffset ReceivedAt,
    DateTimeOffset EnqueuedAt,
    string State,
    int MessageCount,
    string ThreadKey,
    CustomerContext Customer,
    string AgentId = "")
{
    /// <summary>The callback's window and due time, when the contact is a callback the customer asked for.</summary>
    public ScheduledCallback? Callback { get; init; }
}
