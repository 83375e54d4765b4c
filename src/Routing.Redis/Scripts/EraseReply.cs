namespace Routing.Redis;

/// <summary>What erase.lua did: the contacts it deleted, those of them it cancelled first, and what their agents' desks must hear.</summary>
public sealed record EraseReply(IReadOnlyList<string> Erased, IReadOnlyList<string> Cancelled, IReadOnlyList<RoutingEvent> Events);
