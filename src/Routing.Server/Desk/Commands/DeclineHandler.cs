using Routing.Core.Agents;
using Routing.Core.Telemetry;
using Routing.Protos.V1;

namespace Routing.Server.Desk.Commands;

/// <summary>Decline: the contact goes back to its place in line, acknowledged by <see cref="OfferRevoked"/>.</summary>
public sealed class DeclineHandler(IDeskEngine engine, RoutingMetrics metrics, TimeProvider time)
{
    public async Task<DeskAnswer> HandleAsync(AgentSession session, DeclineOffer command, CancellationToken cancellationToken)
    {
        DeskCommandValidator.Decline(command.OfferId, command.Reason);

        var result = await engine.DeclineAsync(session, command.OfferId, command.Reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var offered = session.Forget(command.OfferId);
        if (!result.Ok)
        {
            return DeskAnswer.Refused(result, command.OfferId);
        }

        metrics.Desk("declined", offered?.Contact?.Channel ?? "");
        return new(
            new ConnectResponse { OfferRevoked = new OfferRevoked { OfferId = command.OfferId, ContactId = result.ContactId, Reason = RevokeReason.Unspecified } },
            result.Events);
    }
}
