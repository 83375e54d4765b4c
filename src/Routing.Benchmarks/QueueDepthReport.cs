using System.Text.Json.Serialization;

namespace Routing.Benchmarks;

/// <summary>The outcome of a queue-depth run, as printed and as written by <c>--json</c>.</summary>
public sealed record QueueDepthReport(
    string Redis,
    string RedisVersion,
    string BaselineTenant,
    string DeepTenant,
    DateTimeOffset StartedAt,
    int Samples,
    FillResult Fill,
    long MemoryBytesAdded,
    double MemoryBytesPerContact,
    IReadOnlyList<DepthRound> Rounds)
{
    /// <summary>The worst round's match p99 ratio: the figure the target is about.</summary>
    [JsonIgnore]
    public double WorstMatchP99Ratio => Rounds.Max(r => r.MatchP99Ratio);

    [JsonIgnore]
    public double WorstMatchP50Ratio => Rounds.Max(r => r.MatchP50Ratio);
}
