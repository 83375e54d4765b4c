namespace Routing.Redis;

public sealed record DisconnectReply(DeskResultCode Code, IReadOnlyList<RoutingEvent> Events) : DeskReply(Code, Events);
