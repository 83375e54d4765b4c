using Routing.Core.Agents;
using Routing.Protos.V1;
using Routing.Server.Grpc;

namespace Routing.Server.Desk.Commands;

/// <summary>Status: AVAILABLE, AWAY (with a reason) or OFFLINE, confirmed by <see cref="StatusChanged"/>.</summary>
public sealed class StatusHandler(IDeskEngine engine, TimeProvider time)
{
    public async Task<DeskAnswer> HandleAsync(AgentSession session, ChangeStatus command, CancellationToken cancellationToken)
    {
        var status = ProtoMapper.ToDomain(command.Status);
        DeskCommandValidator.Status(status, command.Reason);

        var result = await engine.ChangeStatusAsync(session, status, command.Reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return result.Ok
            ? new(new ConnectResponse { StatusChanged = new StatusChanged { Status = command.Status, Reason = command.Reason } }, result.Events)
            : DeskAnswer.Refused(result, session.AgentId);
    }
}
