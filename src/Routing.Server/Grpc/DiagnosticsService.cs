using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Routing.Protos.V1;
using Routing.Server.Security;

namespace Routing.Server.Grpc;

/// <summary>
/// The load-test yardstick: <c>Echo</c> measures the cost of a gRPC call with a Submit-sized
/// message and does no I/O, so the gap to Submit is what routing costs. Created for every call,
/// so it holds no state. Gateways (whose load it stands in for), supervisors and admins may call
/// it: with the same credential as Submit, the ratio of the two keeps the cost of authentication out.
/// </summary>
[BindServiceMethod(typeof(DiagnosticsService), nameof(BindService))]
[Authorize(Roles = RoutingRoles.Gateway + "," + RoutingRoles.Supervisor + "," + RoutingRoles.Admin)]
public sealed class DiagnosticsService : Diagnostics.DiagnosticsBase
{
    /// <summary>
    /// Binds the generated service so a malformed request body is INVALID_ARGUMENT, not UNKNOWN (see
    /// <see cref="ProtobufGuardBinder"/>). The parameter is the generated base: gRPC finds the methods
    /// to bind by their overrides of it.
    /// </summary>
    public static void BindService(ServiceBinderBase binder, Diagnostics.DiagnosticsBase service) => Diagnostics.BindService(new ProtobufGuardBinder(binder), service);

    public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoResponse { Receipt = new ContactReceipt { ContactId = request.Contact?.ExternalId ?? "" } });
}
