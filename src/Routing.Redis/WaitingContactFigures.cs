namespace Routing.Redis;

/// <summary>
/// A contact waiting in a queue (queued, held for one agent or offered), for the wallboard's
/// longest-waiting panel. <see cref="Customer"/> is the CRM display name or the sender's address
/// already masked: nothing here is more personal than a supervisor's screen may show.
/// </summary>
public sealed record WaitingContactFigures(
    string ContactId,
    string Queue,
    string Channel,
    DateTimeOffset QueuedAt,
    int Priority,
    string Customer,
    string Tier,
    string OfferedTo,
    string WaitingForAgent);
