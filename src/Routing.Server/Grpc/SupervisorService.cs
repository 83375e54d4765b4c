using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Routing.Protos.V1;
using Routing.Server.Security;
using Routing.Server.Supervisor;

namespace Routing.Server.Grpc;

/// <summary>
/// Live queues and agents for supervisors and wallboards. Created for every call, so it holds no
/// state: WatchQueues runs in <see cref="QueueWatch"/>, for the caller's tenant only.
/// </summary>
[Authorize(Roles = RoutingRoles.Supervisor)]
[BindServiceMethod(typeof(SupervisorService), nameof(BindService))]
public sealed class SupervisorService(QueueWatch watch, TenantResolver tenants) : Protos.V1.Supervisor.SupervisorBase
{
    /// <summary>Binds the generated service so a malformed request body is INVALID_ARGUMENT (see <see cref="ProtobufGuardBinder"/>).</summary>
    public static void BindService(ServiceBinderBase binder, Protos.V1.Supervisor.SupervisorBase service) => Protos.V1.Supervisor.BindService(new ProtobufGuardBinder(binder), service);

    public override Task WatchQueues(WatchQueuesRequest request, IServerStreamWriter<WatchQueuesResponse> responseStream, ServerCallContext context) =>
        watch.RunAsync(tenants.GetCaller(context).Tenant, request, responseStream, context.CancellationToken);
}
