namespace Routing.Redis;

/// <summary>What the enqueue script did. <see cref="Position"/> is 1-based, 0 when the contact is not waiting.</summary>
public sealed record EnqueueResult(
    EnqueueOutcome Outcome,
    string ContactId,
    string ConversationId,
    string Queue,
    int Priority,
    long Position,
    string State,
    bool NewConversation,
    string CustomerId,
    bool CrmPartial,
    string Rule)
{
    /// <summary>Offers the routing made right away (to deliver to the agents' sessions).</summary>
    public IReadOnlyList<RoutingEvent> Events { get; init; } = [];
}
