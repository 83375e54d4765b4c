namespace Routing.Benchmarks;

/// <summary>
/// One queue-depth run: one tenant's queue filled to <see cref="BaselineDepth"/>, another's to
/// <see cref="Waiting"/>, then <see cref="Rounds"/> rounds measuring both, interleaved, after
/// <see cref="Settle"/>. A fill stops at <see cref="FillTimeout"/>.
/// </summary>
public sealed record QueueDepthOptions(
    string RedisHost,
    int RedisPort,
    long Waiting,
    int Samples,
    int BaselineDepth,
    int Concurrency,
    TimeSpan FillTimeout,
    int Rounds,
    TimeSpan Settle,
    string? JsonPath)
{
    public string Redis => RedisHost.Contains(':', StringComparison.Ordinal) ? $"[{RedisHost}]:{RedisPort}" : $"{RedisHost}:{RedisPort}";
}
