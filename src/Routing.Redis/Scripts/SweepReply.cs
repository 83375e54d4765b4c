namespace Routing.Redis;

/// <param name="Processed">Items claimed this pass (expired offers, affinity waits, wrap-ups, graces, dead nodes' agents).</param>
public sealed record SweepReply(int Processed, IReadOnlyList<RoutingEvent> Events);
