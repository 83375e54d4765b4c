using Routing.Core.Agents;
using Routing.Core.Telemetry;
using Routing.Protos.V1;
using Routing.Server.Grpc;

namespace Routing.Server.Desk.Commands;

/// <summary>Complete: the contact is done with a disposition, confirmed by <see cref="ContactCompleted"/> with when the wrap-up ends.</summary>
public sealed class CompleteHandler(IDeskEngine engine, RoutingMetrics metrics, TimeProvider time)
{
    public async Task<DeskAnswer> HandleAsync(AgentSession session, CompleteContact command, CancellationToken cancellationToken)
    {
        DeskCommandValidator.Complete(command.ContactId, command.Disposition, command.Notes);

        var result = await engine.CompleteAsync(session, command.ContactId, command.Disposition, command.Notes, command.SkipWrapUp, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!result.Ok)
        {
            return DeskAnswer.Refused(result, command.ContactId);
        }

        metrics.Desk("completed");
        return new(
            new ConnectResponse { Completed = new ContactCompleted { ContactId = command.ContactId, WrapUpUntil = ProtoMapper.ToTimestamp(result.WrapUpUntil) } },
            result.Events);
    }
}
