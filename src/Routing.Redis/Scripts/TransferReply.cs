namespace Routing.Redis;

public sealed record TransferReply(DeskResultCode Code, IReadOnlyList<RoutingEvent> Events) : DeskReply(Code, Events);
