namespace Routing.Redis;

/// <param name="ContactId">The contact that went back in line; empty unless <see cref="DeskReply.Ok"/>.</param>
public sealed record DeclineReply(DeskResultCode Code, string ContactId, IReadOnlyList<RoutingEvent> Events) : DeskReply(Code, Events);
