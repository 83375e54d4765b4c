using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Routing.Server.Grpc;

/// <summary>
/// Requests whose body could not be parsed. A marshaller cannot fail a call with the router's own
/// status (for unary calls it runs before any interceptor, and gRPC would answer UNKNOWN and log a
/// stack trace), so <see cref="ProtobufGuardBinder"/> hands on an empty message marked here and
/// <see cref="RoutingExceptionInterceptor"/> refuses it.
/// </summary>
public static class MalformedRequests
{
    private static readonly ConditionalWeakTable<object, string> Reasons = [];

    public static T Mark<T>(T request, string reason)
        where T : class
    {
        Reasons.AddOrUpdate(request, reason.ReplaceLineEndings(" "));
        return request;
    }

    public static bool TryGetReason(object? request, [NotNullWhen(true)] out string? reason)
    {
        reason = null;
        return request is not null && Reasons.TryGetValue(request, out reason);
    }
}
