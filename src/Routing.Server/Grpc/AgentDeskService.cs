using Grpc.Core;
using Routing.Protos.V1;
using Routing.Server.Desk;

namespace Routing.Server.Grpc;

/// <summary>Agent desks: one bidirectional stream per agent session, run by <see cref="DeskSessionRunner"/>.</summary>
public sealed class AgentDeskService(DeskSessionRunner runner, TenantResolver tenants) : AgentDesk.AgentDeskBase
{
    public override Task Connect(IAsyncStreamReader<ConnectRequest> requestStream, IServerStreamWriter<ConnectResponse> responseStream, ServerCallContext context) =>
        runner.RunAsync(tenants.Resolve(context), requestStream, responseStream, context);
}
