namespace Routing.Redis;

/// <param name="Processed">Items claimed this pass (expired offers, affinity waits, wrap-ups, graces, dead nodes' agents).</param>
public sealed record SweepReply(int Processed, IReadOnlyList<RoutingEvent> Events)
{
    /// <summary>Contacts held outside business hours and queued this pass because their queue opened.</summary>
    public int Released { get; init; }

    /// <summary>Callbacks queued this pass because they became due.</summary>
    public int CallbacksDue { get; init; }

    /// <summary>The queue of each contact flagged a dead letter this pass.</summary>
    public IReadOnlyList<string> DeadLettered { get; init; } = [];
}
