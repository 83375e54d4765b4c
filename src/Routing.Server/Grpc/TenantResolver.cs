using System.Security.Claims;
using Grpc.Core;
using Routing.Server.Security;

namespace Routing.Server.Grpc;

/// <summary>
/// The tenant and identity of a call come from the caller's credential (the authenticated
/// user's <see cref="RoutingClaims"/>), never from a request field or a free header. Every
/// served RPC that reaches a service has one: the fallback authorization policy refuses calls
/// without an authenticated caller with a tenant before they run (health and reflection, which
/// allow anonymous callers, never ask for a caller).
/// </summary>
public sealed class TenantResolver
{
    public string Resolve(ServerCallContext context) => GetCaller(context).Tenant;

    public Caller GetCaller(ServerCallContext context) => FromUser(context.GetHttpContext().User)
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "This call needs a credential."), new Metadata { { RoutingStatus.ErrorTrailer, "credential_missing" } });

    /// <summary>The caller an authenticated principal names, or null when it is not authenticated.</summary>
    public static Caller? FromUser(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true || user.FindFirst(RoutingClaims.Tenant)?.Value is not { Length: > 0 } tenant)
        {
            return null;
        }

        return new Caller(
            tenant,
            user.FindFirst(RoutingClaims.Subject)?.Value ?? "",
            user.FindAll(RoutingClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            user.FindAll(RoutingClaims.Channel).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }
}
