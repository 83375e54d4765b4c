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

    /// <summary>Outside business hours: "hold", "closed" or "overflow" (<see cref="OutsideHoursActions"/>); empty when the queue was open.</summary>
    public string OutsideHours { get; init; } = "";

    /// <summary>When the queue opens, for a held contact.</summary>
    public DateTimeOffset? OpensAt { get; init; }

    /// <summary>
    /// Parallel contacts of one customer: "offered" when bundled into the offer of the agent holding
    /// the conversation's other contact, "waiting" when waiting for that agent, else empty.
    /// </summary>
    public string ParallelRouting { get; init; } = "";

    /// <summary>The closed queue (overflowed from, or answered for).</summary>
    public string ClosedQueue { get; init; } = "";

    /// <summary>The callback's window and due time (null when the contact is not a callback).</summary>
    public ScheduledCallback? Callback { get; init; }

    /// <summary>The closed message returned to the gateway (set by the caller from configuration, not stored).</summary>
    public string ClosedMessage { get; init; } = "";
}
