namespace Routing.Redis;

/// <summary>What cancel.lua did; <paramref name="PreviousState"/> says why not when <see cref="Cancelled"/> is false.</summary>
public sealed record CancelResult(string ContactId, CancelOutcome Outcome, string PreviousState, string Channel)
{
    /// <summary>False when no such contact exists.</summary>
    public bool Found => Outcome != CancelOutcome.NotFound;

    /// <summary>True when this call cancelled it.</summary>
    public bool Cancelled => Outcome == CancelOutcome.Cancelled;

    /// <summary>The revoked offer, if the contact was offered when cancelled.</summary>
    public IReadOnlyList<RoutingEvent> Events { get; init; } = [];
}
