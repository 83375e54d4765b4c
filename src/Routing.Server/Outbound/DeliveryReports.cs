using Routing.Protos.V1;
using Routing.Redis;
using Routing.Redis.Outbound;
using Routing.Server.Desk;

namespace Routing.Server.Outbound;

/// <summary>
/// Tells the agent who sent a reply what the gateway reported, at the desk the agent is connected
/// on now (on this node or another, through the desk event dispatcher). An agent not connected
/// hears nothing: the contact's timeline keeps the outcome.
/// </summary>
public sealed class DeliveryReports(OutboundStore store, IDeskEngine desks)
{
    public async Task TellAsync(string tenant, string deliveryId, DeliveryAckReply result, string reason)
    {
        if (result.AgentId.Length == 0)
        {
            return;
        }

        var (node, session) = await store.GetAgentSessionAsync(tenant, result.AgentId).ConfigureAwait(false);
        if (node.Length == 0)
        {
            return;
        }

        desks.Deliver(tenant, [new RoutingEvent(RoutingEventKind.DeliveryReport, result.AgentId, node, session, result.ContactId)
        {
            Delivery = new DeliveryReportFields(deliveryId, result.Channel, result.State, reason, result.Attempt),
        }]);
    }

    public static ReplyDeliveryReport ToProto(string contactId, DeliveryReportFields d) => new()
    {
        DeliveryId = d.DeliveryId,
        ContactId = contactId,
        Channel = d.Channel,
        Outcome = d.Outcome,
        Reason = d.Reason,
        Attempt = d.Attempt,
    };
}
