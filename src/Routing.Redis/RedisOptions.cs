namespace Routing.Redis;

/// <summary>Where the queue lives. Empty <see cref="ConnectionString"/> starts an embedded Garnet on loopback.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. "redis1:6379,redis2:6379,password=...,ssl=true".</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long the idempotency record of a (channel, external id) is kept.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromDays(7);

    public EmbeddedGarnetOptions Embedded { get; set; } = new();
}
