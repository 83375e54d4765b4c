namespace Routing.Server.Security;

/// <summary>
/// Per-credential rate limits (section "Security:RateLimits"): a token bucket per caller, the
/// authenticated tenant and subject, or the remote address of a call without a credential. Off by
/// default (<see cref="PermitsPerSecond"/> 0): a load test from one address must not be throttled.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Security:RateLimits";

    /// <summary>Calls per second a caller may sustain (the bucket's refill); 0 turns rate limiting off.</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>Calls a caller may make at once after a quiet spell (the bucket's size); 0 = <see cref="PermitsPerSecond"/>.</summary>
    public int Burst { get; set; }

    public bool Enabled => PermitsPerSecond > 0;

    public int BucketSize => Burst > 0 ? Burst : PermitsPerSecond;
}
