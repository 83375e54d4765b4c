namespace Routing.Server.Tests;

/// <summary>
/// A server clock that stands still at the time a test sets (for business hours and dead-letter
/// thresholds); timers and timestamps stay real, so the sweeper still runs every interval.
/// </summary>
internal sealed class MovableClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}
