namespace Routing.Server.Desk;

/// <summary>
/// The health of one background loop's store. A store outage (Redis restarting, a CRM down) fails
/// every iteration until it ends; it is logged once when it starts and once when it ends, with how
/// many iterations failed, so a long outage does not flood the log. A loop that serves many tenants
/// names the part that failed: the outage lasts while any part fails and ends when the last one
/// succeeds again, so one tenant failing while the others succeed does not log on every round.
/// Thread-safe: a loop may fail and succeed on several workers at once.
/// </summary>
public sealed class LoopOutage(ILogger logger, string loop)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _failingParts = new(StringComparer.Ordinal);
    private int _failingCount;
    private long _failures;

    public bool Failing => Volatile.Read(ref _failingCount) > 0;

    /// <summary>One iteration of <paramref name="part"/> failed; the first failure of an outage is logged with its exception.</summary>
    public void Failed(Exception exception, string part = "")
    {
        bool first;
        lock (_gate)
        {
            _failures++;
            first = _failingParts.Add(part) && _failingParts.Count == 1;
            Volatile.Write(ref _failingCount, _failingParts.Count);
        }

        if (first)
        {
            DeskLog.LoopFailing(logger, exception, loop);
        }
    }

    /// <summary>One iteration of <paramref name="part"/> succeeded; if that ends the outage, its end is logged.</summary>
    public void Succeeded(string part = "")
    {
        if (Volatile.Read(ref _failingCount) == 0)
        {
            return;
        }

        long failed;
        lock (_gate)
        {
            if (!_failingParts.Remove(part) || _failingParts.Count > 0)
            {
                Volatile.Write(ref _failingCount, _failingParts.Count);
                return;
            }

            Volatile.Write(ref _failingCount, 0);
            failed = _failures;
            _failures = 0;
        }

        DeskLog.LoopRecovered(logger, loop, failed);
    }
}
