using Routing.Core.Agents;
using Routing.Protos.V1;
using Routing.Server.AgentStates;
using Routing.Server.Grpc;

namespace Routing.Server.Desk.Commands;

/// <summary>
/// Status: AVAILABLE, AWAY (with a configured reason code, or none) or OFFLINE, confirmed by
/// <see cref="StatusChanged"/>. A reason that is not a configured code is INVALID_ARGUMENT
/// "unknown_reason_code" listing the allowed codes; free text goes in the note.
/// </summary>
public sealed class StatusHandler(IDeskEngine engine, TimeProvider time, AgentReasonCodes reasons)
{
    public async Task<DeskAnswer> HandleAsync(AgentSession session, ChangeStatus command, CancellationToken cancellationToken)
    {
        var status = ProtoMapper.ToDomain(command.Status);
        DeskCommandValidator.Status(status, command.Reason);
        Core.Errors.RoutingErrors.ThrowIfTooLong(command.Note, DeskLimits.StatusReasonLength, "status.note");
        var reason = reasons.Require(command.Reason, "status.reason");

        var result = await engine.ChangeStatusAsync(session, status, reason, command.Note, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return result.Ok
            ? new(new ConnectResponse { StatusChanged = new StatusChanged { Status = command.Status, Reason = command.Reason } }, result.Events)
            : DeskAnswer.Refused(result, session.AgentId);
    }
}
