using Microsoft.Extensions.Options;
using Routing.Core.Conversations;
using Routing.Core.Errors;
using Routing.Core.Outbound;
using Routing.Redis;
using Routing.Redis.Outbound;
using Routing.Server.Configuration;

namespace Routing.Server.Outbound;

/// <summary>
/// Queues outbound messages: an agent's reply within an assigned contact's conversation, and a
/// system's outreach (idempotent by source and external id). The channel comes from
/// <see cref="OutboundChannelSeam"/>; none permitted is FAILED_PRECONDITION "no_permitted_channel"
/// with the reasons. Queued deliveries wake the gateway streams of their channel on every node.
/// </summary>
public sealed class OutboundSender(
    OutboundStore store,
    ContactQueueStore contacts,
    OutboundChannelSeam seam,
    OutboundSignals signals,
    IOptionsMonitor<OutboundOptions> options,
    IOptions<RoutingOptions> routing,
    TimeProvider time)
{
    public const string ReplySource = "reply";

    /// <summary>Queues the agent's reply; the contact must be assigned to the agent.</summary>
    public async Task<(string DeliveryId, OutboundChannelChoice Choice)> ReplyAsync(string tenant, string agentId, string contactId, string text, IReadOnlyList<string> attachments, CancellationToken cancellationToken)
    {
        OutboundMessageValidator.Id(contactId, "send_reply.contact_id");
        OutboundMessageValidator.Message(text, attachments, "send_reply.");
        var contact = await contacts.GetContactAsync(tenant, contactId, cancellationToken).ConfigureAwait(false);
        if (contact is null || contact.State != "assigned" || contact.AgentId != agentId)
        {
            NotAssigned(contactId);
        }

        var now = time.GetUtcNow();
        var choice = Permitted(seam.Choose(contact, now));
        var id = NewDeliveryId();
        var message = new OutboundMessage(id, choice.Channel!, choice.Address, contact.ConversationId, contact.ContactId, contact.Customer.CustomerId ?? "", text, attachments, agentId, "reply");
        var result = await store.QueueAsync(new QueueDeliveryCommand(tenant, message, ReplySource, id, choice.Reason, options.CurrentValue.IdempotencyWindow, now, routing.Value.Node), cancellationToken).ConfigureAwait(false);
        if (result.Outcome == QueueDeliveryOutcome.NotAssigned)
        {
            // Transferred, completed or returned between the read and the script.
            NotAssigned(contactId);
        }

        signals.Signal(tenant, choice.Channel!);
        return (id, choice);
    }

    /// <summary>Queues a system's message to a customer, or answers a retry with the delivery queued before.</summary>
    public async Task<(string DeliveryId, string Channel, string Reason, bool Existing)> OutreachAsync(
        string tenant, string customerId, string text, IReadOnlyList<string> attachments, string source, string externalId, CancellationToken cancellationToken)
    {
        OutboundMessageValidator.Id(customerId, "customer_id");
        OutboundMessageValidator.Id(source, "source");
        OutboundMessageValidator.Id(externalId, "external_id");
        OutboundMessageValidator.Message(text, attachments, "");
        if (await ExistingAsync(tenant, source, externalId).ConfigureAwait(false) is { } before)
        {
            return before;
        }

        var latest = await store.GetLatestContactAsync(tenant, ConversationThreading.CustomerThreadKey(customerId)).ConfigureAwait(false);
        var contact = latest is null ? null : await contacts.GetContactAsync(tenant, latest, cancellationToken).ConfigureAwait(false);
        if (contact is null)
        {
            throw new RoutingException(RoutingErrorKind.FailedPrecondition, "no_permitted_channel",
                "No channel is permitted: the customer has no contact on record, so no reply window is open.", "customer_id");
        }

        var now = time.GetUtcNow();
        var choice = Permitted(seam.Choose(contact, now));
        var id = NewDeliveryId();
        var message = new OutboundMessage(id, choice.Channel!, choice.Address, contact.ConversationId, "", customerId, text, attachments, "", "outreach");
        var result = await store.QueueAsync(new QueueDeliveryCommand(tenant, message, source, externalId, choice.Reason, options.CurrentValue.IdempotencyWindow, now, routing.Value.Node), cancellationToken).ConfigureAwait(false);
        if (result.Outcome == QueueDeliveryOutcome.Existing)
        {
            // A concurrent retry queued it first.
            return await ExistingAsync(tenant, source, externalId).ConfigureAwait(false) ?? (result.DeliveryId, "", "", true);
        }

        signals.Signal(tenant, choice.Channel!);
        return (id, choice.Channel!, choice.Reason, false);
    }

    private async Task<(string, string, string, bool)?> ExistingAsync(string tenant, string source, string externalId)
    {
        var id = await store.GetDeliveryBySourceAsync(tenant, source, externalId).ConfigureAwait(false);
        if (id is null)
        {
            return null;
        }

        var stored = await store.GetAsync(tenant, id).ConfigureAwait(false);
        return (id, stored.GetValueOrDefault("ch", ""), stored.GetValueOrDefault("why", ""), true);
    }

    private static OutboundChannelChoice Permitted(OutboundChannelChoice choice) => choice.Channel is not null
        ? choice
        : throw new RoutingException(RoutingErrorKind.FailedPrecondition, "no_permitted_channel", "No channel is permitted: " + string.Join("; ", choice.Refusals), "channel");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void NotAssigned(string contactId) =>
        throw new RoutingException(RoutingErrorKind.FailedPrecondition, "contact_not_assigned", $"Contact '{contactId}' is not assigned to you: only its agent may reply.", "send_reply.contact_id");

    private static string NewDeliveryId() => "dl-" + Guid.NewGuid().ToString("N");
}
