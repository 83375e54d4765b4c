using Routing.Core.Agents;
using Routing.Core.Telemetry;
using Routing.Protos.V1;
using Routing.Redis;

namespace Routing.Server.Desk.Commands;

/// <summary>Transfer: a held contact goes to a queue or to another agent, confirmed by <see cref="ContactTransferred"/>.</summary>
public sealed class TransferHandler(IDeskEngine engine, RoutingMetrics metrics, TimeProvider time)
{
    public async Task<DeskAnswer> HandleAsync(AgentSession session, TransferContact command, CancellationToken cancellationToken)
    {
        var queue = command.TargetCase == TransferContact.TargetOneofCase.Queue ? command.Queue : null;
        var agentId = command.TargetCase == TransferContact.TargetOneofCase.AgentId ? command.AgentId.Trim() : null;
        DeskCommandValidator.Transfer(command.ContactId, queue, agentId, command.Note);

        var result = await engine.TransferAsync(session, command.ContactId, queue, agentId, command.Note, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!result.Ok)
        {
            return DeskAnswer.Refused(result, result.Code == DeskResultCode.AgentUnavailable ? agentId ?? "" : command.ContactId);
        }

        metrics.Desk("transferred");
        return new(
            new ConnectResponse { Transferred = new ContactTransferred { ContactId = command.ContactId, Queue = command.Queue, AgentId = command.AgentId } },
            result.Events);
    }
}
