using System.Text.Json.Serialization;

namespace Routing.Benchmarks;

/// <summary>The outcome of a queue-depth run, as printed and as written by <c>--json</c>.</summary>
public sealed record QueueDepthReport(
    string Redis,
    string RedisVersion,
    string Tenant,
    DateTimeOffset StartedAt,
    int Samples,
    FillResult Fill,
    long MemoryBytesAdded,
    double MemoryBytesPerContact,
    IReadOnlyList<DepthMeasurement> Depths)
{
    [JsonIgnore]
    public DepthMeasurement Baseline => Depths[0];

    [JsonIgnore]
    public DepthMeasurement Deep => Depths[^1];

    /// <summary>Match p50 at full depth over match p50 at the baseline depth (1.0 = depth costs nothing).</summary>
    public double MatchP50Ratio => Ratio(Deep.Match.P50Ms, Baseline.Match.P50Ms);

    public double MatchP99Ratio => Ratio(Deep.Match.P99Ms, Baseline.Match.P99Ms);

    public double EnqueueP50Ratio => Ratio(Deep.Enqueue.P50Ms, Baseline.Enqueue.P50Ms);

    public double EnqueueP99Ratio => Ratio(Deep.Enqueue.P99Ms, Baseline.Enqueue.P99Ms);

    private static double Ratio(double value, double baseline) => baseline > 0 ? value / baseline : 0;
}
