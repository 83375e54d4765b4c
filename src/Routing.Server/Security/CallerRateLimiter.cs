using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Routing.Server.Grpc;

namespace Routing.Server.Security;

/// <summary>
/// Builds the global rate limiter: one token bucket per caller (<see cref="PartitionKey"/>), and a
/// refusal that is a gRPC status, RESOURCE_EXHAUSTED "rate_limited" with a "retry-after" in
/// seconds, not an HTTP 429 a gRPC client cannot read. Health checks are never limited. Each
/// contact on a SubmitStream draws one more permit (<see cref="TryAcquire"/>), so a stream is no
/// way around the limit.
/// </summary>
public static class CallerRateLimiter
{
    private const string HealthService = "/grpc.health.v1.Health";

    public static void Configure(RateLimiterOptions limiter, RateLimitOptions limits)
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            context.Request.Path.StartsWithSegments(HealthService, StringComparison.Ordinal)
                ? RateLimitPartition.GetNoLimiter("health")
                : RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.BucketSize,
                    TokensPerPeriod = limits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        limiter.OnRejected = (rejected, _) =>
        {
            WriteRefusal(rejected.HttpContext.Response, RetryAfterSeconds(rejected.Lease));
            return ValueTask.CompletedTask;
        };
    }

    private static int RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;

    /// <summary>
    /// Draws one permit for work inside a call (a contact on SubmitStream) from the caller's bucket;
    /// true when there is no limiter (rate limits off) or a permit was left.
    /// </summary>
    public static bool TryAcquire(PartitionedRateLimiter<HttpContext>? limiter, HttpContext context, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (limiter is null)
        {
            return true;
        }

        using var lease = limiter.AttemptAcquire(context);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfterSeconds = RetryAfterSeconds(lease);
        return false;
    }

    /// <summary>Whose bucket a call draws from: the credential's tenant and subject, else (no credential) the remote address.</summary>
    public static string PartitionKey(HttpContext context) => TenantResolver.FromUser(context.User) is { } caller
        ? "caller:" + caller
        : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>A trailers-only gRPC response: the status and the router's trailers travel in the headers, and there is no body.</summary>
    private static void WriteRefusal(HttpResponse response, int retryAfterSeconds)
    {
        var failure = RoutingStatus.RateLimited(retryAfterSeconds);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)failure.Status).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(failure.Message);
        response.Headers[RoutingStatus.ErrorTrailer] = failure.Code;
        response.Headers[RoutingStatus.RetryAfterTrailer] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }
}
