namespace Routing.Redis;

/// <param name="WrapUpUntil">When the agent's wrap-up ends and its slot frees (now when skipped or none).</param>
public sealed record CompleteReply(DeskResultCode Code, DateTimeOffset WrapUpUntil, IReadOnlyList<RoutingEvent> Events) : DeskReply(Code, Events);
