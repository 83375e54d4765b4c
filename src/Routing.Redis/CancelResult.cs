namespace Routing.Redis;

/// <param name="Found">False when no such contact exists.</param>
/// <param name="Cancelled">True when this call cancelled it; false with <paramref name="PreviousState"/> saying why not.</param>
public sealed record CancelResult(string ContactId, bool Found, bool Cancelled, string PreviousState, string Channel)
{
    /// <summary>The revoked offer, if the contact was offered when cancelled.</summary>
    public IReadOnlyList<RoutingEvent> Events { get; init; } = [];
}
