namespace Routing.Redis;

public sealed record StatusReply(DeskResultCode Code, IReadOnlyList<RoutingEvent> Events) : DeskReply(Code, Events);
