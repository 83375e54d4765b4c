namespace Routing.Redis;

/// <param name="ContactId">The contact now assigned to the agent; empty unless <see cref="DeskReply.Ok"/>.</param>
public sealed record AcceptReply(DeskResultCode Code, string ContactId, IReadOnlyList<RoutingEvent> Events) : DeskReply(Code, Events)
{
    /// <summary>The other contacts of the offer's bundle (parallel contacts of one customer), assigned with it.</summary>
    public IReadOnlyList<string> BundledContactIds { get; init; } = [];

    /// <summary>The offer ids those contacts had, in the same order (the desk's node closes them: see AcceptHandler).</summary>
    public IReadOnlyList<string> BundledOfferIds { get; init; } = [];
}
