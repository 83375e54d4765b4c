namespace Routing.Benchmarks;

/// <summary>
/// One round of a queue-depth run: both depths measured over the same seconds, sample by sample.
/// A ratio is 1.0 when depth costs nothing.
/// </summary>
public sealed record DepthRound(int Round, DepthMeasurement Baseline, DepthMeasurement Deep)
{
    public double MatchP50Ratio => Ratio(Deep.Match.P50Ms, Baseline.Match.P50Ms);

    public double MatchP99Ratio => Ratio(Deep.Match.P99Ms, Baseline.Match.P99Ms);

    public double EnqueueP50Ratio => Ratio(Deep.Enqueue.P50Ms, Baseline.Enqueue.P50Ms);

    public double EnqueueP99Ratio => Ratio(Deep.Enqueue.P99Ms, Baseline.Enqueue.P99Ms);

    private static double Ratio(double value, double baseline) => baseline > 0 ? value / baseline : 0;
}
