using Grpc.Core;
using Microsoft.Extensions.Options;
using Routing.Server.Configuration;
using Routing.Server.Security;

namespace Routing.Server.Grpc;

/// <summary>
/// The tenant and identity of a call come from the caller's credential, never from a request field
/// or a free header. Until authentication lands every caller is an anonymous holder of every role
/// in the one configured tenant; this is the single place that changes when it does.
/// </summary>
public sealed class TenantResolver(IOptions<RoutingOptions> options)
{
    private static readonly IReadOnlySet<string> AllRoles = new HashSet<string>(RoutingRoles.All, StringComparer.Ordinal);

    public string Resolve(ServerCallContext context) => GetCaller(context).Tenant;

    public Caller GetCaller(ServerCallContext context) =>
        new(options.Value.Tenant, "anonymous", AllRoles, new HashSet<string>(StringComparer.Ordinal));
}
