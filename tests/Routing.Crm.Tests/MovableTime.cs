namespace Routing.Crm.Tests;

/// <summary>A wall clock the test moves; timers and elapsed-time measurements stay real (lookup timeouts still fire).</summary>
internal sealed class MovableTime : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
