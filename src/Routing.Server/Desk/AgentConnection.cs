using Routing.Redis;

namespace Routing.Server.Desk;

/// <summary>The engine's answer to a hello: the contacts the agent still holds from an earlier session, and the events to deliver.</summary>
public sealed record AgentConnection(IReadOnlyList<string> Resumed, IReadOnlyList<RoutingEvent> Events);
