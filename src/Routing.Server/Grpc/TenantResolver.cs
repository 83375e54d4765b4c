using System.Security.Claims;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Routing.Server.Configuration;
using Routing.Server.Security;

namespace Routing.Server.Grpc;

/// <summary>
/// The tenant and identity of a call come from the caller's credential (the authenticated
/// user's <see cref="RoutingClaims"/>), never from a request field or a free header. A call
/// without an authenticated user is, until authentication is enforced, an anonymous holder of
/// every role in the configured tenant.
/// </summary>
public sealed class TenantResolver(IOptions<RoutingOptions> options)
{
    private static readonly IReadOnlySet<string> AllRoles = new HashSet<string>(RoutingRoles.All, StringComparer.Ordinal);

    public string Resolve(ServerCallContext context) => GetCaller(context).Tenant;

    public Caller GetCaller(ServerCallContext context) => FromUser(context.GetHttpContext().User)
        ?? new Caller(options.Value.Tenant, "anonymous", AllRoles, new HashSet<string>(StringComparer.Ordinal));

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
