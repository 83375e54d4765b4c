namespace Routing.Benchmarks;

/// <summary>Latency percentiles of one measured operation, in milliseconds (nearest rank).</summary>
public sealed record LatencySummary(int Samples, double P50Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary From(List<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }

        var sorted = milliseconds.Order().ToList();
        double Rank(double percent) => sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
        return new LatencySummary(sorted.Count, Rank(50), Rank(99), sorted[^1], sorted.Average());
    }
}
