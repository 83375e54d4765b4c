namespace Routing.Benchmarks;

/// <summary>
/// One queue-depth run: fill a queue to <see cref="BaselineDepth"/> and measure, then to
/// <see cref="Waiting"/> and measure again. The fill stops at <see cref="FillTimeout"/>.
/// </summary>
public sealed record QueueDepthOptions(
    string RedisHost,
    int RedisPort,
    long Waiting,
    int Samples,
    int BaselineDepth,
    int Concurrency,
    TimeSpan FillTimeout,
    string? JsonPath)
{
    public string Redis => RedisHost.Contains(':', StringComparison.Ordinal) ? $"[{RedisHost}]:{RedisPort}" : $"{RedisHost}:{RedisPort}";
}
