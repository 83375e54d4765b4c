namespace Routing.Simulator;

/// <summary>Collects latencies (thread-safe) and reports percentiles.</summary>
public sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];

    public int Count
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count;
            }
        }
    }

    public void Record(TimeSpan elapsed)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(elapsed.TotalMilliseconds);
        }
    }

    /// <summary>The latency below which <paramref name="percent"/> of samples fall (nearest rank).</summary>
    public double Percentile(double percent)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0)
            {
                return 0;
            }

            _milliseconds.Sort();
            var rank = (int)Math.Ceiling(percent / 100 * _milliseconds.Count) - 1;
            return _milliseconds[Math.Clamp(rank, 0, _milliseconds.Count - 1)];
        }
    }
}
