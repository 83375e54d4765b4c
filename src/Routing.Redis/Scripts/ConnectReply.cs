namespace Routing.Redis;

/// <summary>What connect.lua answered: the contacts the agent still holds (to resume), and the events to deliver.</summary>
public sealed record ConnectReply(IReadOnlyList<string> Resumed, IReadOnlyList<RoutingEvent> Events);
