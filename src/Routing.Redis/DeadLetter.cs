namespace Routing.Redis;

/// <summary>A waiting contact no logged-in agent can serve, as a supervisor sees it.</summary>
public sealed record DeadLetter(
    string ContactId,
    string Queue,
    string Channel,
    IReadOnlyList<string> Skills,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset FlaggedAt,
    string Why);
