using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Routing.Protos.V1;
using Routing.Server.Desk;
using Routing.Server.Security;

namespace Routing.Server.Grpc;

/// <summary>Agent desks: one bidirectional stream per agent session, run by <see cref="DeskSessionRunner"/>.</summary>
[BindServiceMethod(typeof(AgentDeskService), nameof(BindService))]
[Authorize(Roles = RoutingRoles.Agent)]
public sealed class AgentDeskService(DeskSessionRunner runner, TenantResolver tenants, IHostApplicationLifetime lifetime) : AgentDesk.AgentDeskBase
{
    /// <summary>
    /// Binds the generated service so a malformed request body is INVALID_ARGUMENT, not UNKNOWN (see
    /// <see cref="ProtobufGuardBinder"/>). The parameter is the generated base: gRPC finds the methods
    /// to bind by their overrides of it.
    /// </summary>
    public static void BindService(ServiceBinderBase binder, AgentDesk.AgentDeskBase service) => AgentDesk.BindService(new ProtobufGuardBinder(binder), service);

    public override async Task Connect(IAsyncStreamReader<ConnectRequest> requestStream, IServerStreamWriter<ConnectResponse> responseStream, ServerCallContext context)
    {
        var stopping = lifetime.ApplicationStopping;
        if (!stopping.IsCancellationRequested)
        {
            await runner.RunAsync(tenants.GetCaller(context), requestStream, responseStream, context).ConfigureAwait(false);
        }

        // A stream ended (or refused) because this node is stopping: the desk is told to connect again,
        // which its client does to another node. Its offers are back in the queue already.
        if (stopping.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "This server node is shutting down; connect again."),
                new Metadata { { RoutingStatus.ErrorTrailer, "server_shutting_down" } });
        }
    }
}
