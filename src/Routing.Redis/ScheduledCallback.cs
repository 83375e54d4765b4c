namespace Routing.Redis;

/// <summary>
/// A callback the customer asked for: the window they gave and the time it is due (the first moment
/// of the window outside their quiet hours and inside the queue's business hours), decided by the
/// caller. Until <see cref="DueAt"/> the contact is scheduled, offered to nobody (Scripts/includes/callback.lua).
/// </summary>
public sealed record ScheduledCallback(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, DateTimeOffset DueAt)
{
    /// <summary>True once the window ended with the contact still waiting (it waits on).</summary>
    public bool WindowMissed { get; init; }
}
