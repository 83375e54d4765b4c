using Routing.Core.Agents;
using Routing.Core.Telemetry;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Security;

namespace Routing.Server.Desk.Commands;

/// <summary>
/// Transfer: a held contact goes to a queue or to another agent, confirmed by <see cref="ContactTransferred"/>.
/// An agent may transfer to any agent of its tenant or to a queue the routing rules lead to (a rule's
/// or the default queue); a supervisor's desk to any queue. Anything else is PERMISSION_DENIED
/// "queue_not_allowed" and changes nothing.
/// </summary>
public sealed class TransferHandler(IDeskEngine engine, RoutingMetrics metrics, TimeProvider time, RoutingConfigurationHolder configuration)
{
    public async Task<DeskAnswer> HandleAsync(AgentSession session, TransferContact command, CancellationToken cancellationToken)
    {
        var queue = command.TargetCase == TransferContact.TargetOneofCase.Queue ? command.Queue : null;
        var agentId = command.TargetCase == TransferContact.TargetOneofCase.AgentId ? command.AgentId.Trim() : null;
        DeskCommandValidator.Transfer(command.ContactId, queue, agentId, command.Note);
        if (queue is not null && !session.MayTransferToAnyQueue && !IsRuleQueue(configuration.Current.Rules, queue))
        {
            AccessDenied.QueueNotAllowed(queue);
        }

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

    // The rules in force now: a queue a reload added may be transferred to at once.
    private static bool IsRuleQueue(RulesOptions rules, string queue) =>
        rules.Default.Queue == queue || rules.Rules.Exists(r => r.Queue == queue);
}
