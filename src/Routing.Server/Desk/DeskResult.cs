using Routing.Redis;

namespace Routing.Server.Desk;

/// <summary>The engine's answer to one desk command, and the events it decided for agents' desks (to deliver after the reply).</summary>
public sealed record DeskResult(DeskResultCode Code, IReadOnlyList<RoutingEvent> Events)
{
    public bool Ok => Code == DeskResultCode.Ok;

    /// <summary>Accept and decline: the contact the offer was for.</summary>
    public string ContactId { get; init; } = "";

    /// <summary>Accept: the other contacts of the offer's bundle, assigned with it (parallel contacts of one customer).</summary>
    public IReadOnlyList<string> BundledContactIds { get; init; } = [];

    /// <summary>Accept: the offer ids of <see cref="BundledContactIds"/>, in the same order.</summary>
    public IReadOnlyList<string> BundledOfferIds { get; init; } = [];

    /// <summary>Complete: when the agent's wrap-up ends.</summary>
    public DateTimeOffset WrapUpUntil { get; init; }
}
