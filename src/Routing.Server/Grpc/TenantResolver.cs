using Grpc.Core;
using Microsoft.Extensions.Options;
using Routing.Server.Configuration;

namespace Routing.Server.Grpc;

/// <summary>
/// The tenant of a call comes from the caller's identity, never from a request field. Until
/// authentication lands every caller belongs to the one configured tenant; this is the single
/// place that changes when it does.
/// </summary>
public sealed class TenantResolver(IOptions<RoutingOptions> options)
{
    public string Resolve(ServerCallContext context) => options.Value.Tenant;
}
