namespace Routing.Redis;

/// <summary>Where a contact's life stands or how it ended, from its hash.</summary>
public sealed record StoredOutcome(
    string State,
    string AgentId,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? CancelledAt,
    string Disposition,
    DateTimeOffset? WrittenBackAt,
    int Offers);
