using Routing.Core.Telemetry;
using Routing.Protos.V1;
using Routing.Server.Outbound;

namespace Routing.Server.Desk.Commands;

/// <summary>
/// SendReply: the agent answers the customer of a contact assigned to it. The router picks the
/// channel and says which and why (<see cref="ReplyQueued"/>); the gateway's outcome follows as a
/// <see cref="ReplyDeliveryReport"/>. Not assigned to the agent, or no permitted channel, is
/// FAILED_PRECONDITION ("contact_not_assigned", "no_permitted_channel") and queues nothing.
/// </summary>
public sealed class SendReplyHandler(OutboundSender sender, RoutingMetrics metrics)
{
    public async Task<DeskAnswer> HandleAsync(AgentSession session, SendReply command, CancellationToken cancellationToken)
    {
        var (deliveryId, choice) = await sender.ReplyAsync(session.Tenant, session.AgentId, command.ContactId.Trim(), command.Text, [.. command.AttachmentRefs], cancellationToken).ConfigureAwait(false);
        metrics.Desk("replied", choice.Channel ?? "");
        return new(
            new ConnectResponse { ReplyQueued = new ReplyQueued { DeliveryId = deliveryId, ContactId = command.ContactId.Trim(), Channel = choice.Channel, Reason = choice.Reason } },
            []);
    }
}
