namespace Routing.Server.Desk;

/// <summary>
/// The health of one background loop's store. A store outage (Redis restarting, a CRM down) fails
/// every iteration until it ends; it is logged once when it starts and once when it ends, with how
/// many iterations failed, so a long outage does not flood the log. Thread-safe: a loop may fail
/// and succeed on several workers at once.
/// </summary>
public sealed class LoopOutage(ILogger logger, string loop)
{
    private long _failures;

    public bool Failing => Interlocked.Read(ref _failures) > 0;

    /// <summary>One iteration failed; the first failure of an outage is logged with its exception.</summary>
    public void Failed(Exception exception)
    {
        if (Interlocked.Increment(ref _failures) == 1)
        {
            DeskLog.LoopFailing(logger, exception, loop);
        }
    }

    /// <summary>One iteration succeeded; if an outage was under way, its end is logged.</summary>
    public void Succeeded()
    {
        if (Interlocked.Read(ref _failures) == 0)
        {
            return;
        }

        var failed = Interlocked.Exchange(ref _failures, 0);
        if (failed > 0)
        {
            DeskLog.LoopRecovered(logger, loop, failed);
        }
    }
}
