using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Routing.Core.Errors;
using Routing.Core.Outbound;
using Routing.Crm;
using Routing.Redis;
using Routing.Redis.Outbound;
using Routing.Server.Configuration;
using Routing.Server.Consent;
using Routing.Server.Supervisor;

namespace Routing.Server.Outbound;

/// <summary>
/// Queues outbound messages: an agent's reply within an assigned contact's conversation, and a
/// system's outreach (idempotent by source and external id). The channel comes from
/// <see cref="OutboundChannelSeam"/> (the customer's policy); none permitted is FAILED_PRECONDITION
/// "no_permitted_channel" with the reason per channel. Outreach is also held to the customer's
/// communication limits and quiet hours (one script: outreach_queue.lua); a reply in a
/// conversation the customer started is neither counted nor held. Queued deliveries wake the
/// gateway streams of their channel on every node.
/// </summary>
public sealed class OutboundSender(
    OutboundStore store,
    ContactQueueStore contacts,
    OutboundChannelSeam seam,
    CustomerConsent consent,
    CustomerLookup lookup,
    OutboundSignals signals,
    TenantTimeZones zones,
    Tenants.ActiveTenants tenants,
    IOptionsMonitor<OutboundOptions> options,
    IOptions<RoutingOptions> routing,
    TimeProvider time)
{
    public const string ReplySource = "reply";

    /// <summary>Open periods handed to outreach_queue.lua: a week and a day of the customer's days.</summary>
    public const int OpenPeriods = 8;

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
        var choice = Permitted(OutboundChannelSeam.Choose(await seam.ReplyRequestAsync(tenant, contact, now, cancellationToken).ConfigureAwait(false)));
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

    /// <summary>
    /// Queues (or defers) a system's message to a customer the CRM knows, whether or not they ever
    /// contacted the centre; answers a retry, or identical content, with the delivery queued before.
    /// A refusal by a communication limit is a result with <see cref="OutreachResult.NotBefore"/>.
    /// </summary>
    public async Task<OutreachResult> OutreachAsync(string tenant, OutreachOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        OutboundMessageValidator.Id(order.Source, "source");
        OutboundMessageValidator.Id(order.ExternalId, "external_id");
        OutboundMessageValidator.Message(order.Text, order.Attachments, "");
        var customerId = await CustomerIdAsync(tenant, order, cancellationToken).ConfigureAwait(false);
        if (await ExistingAsync(tenant, customerId, await store.GetDeliveryBySourceAsync(tenant, order.Source, order.ExternalId).ConfigureAwait(false), duplicate: false).ConfigureAwait(false) is { } before)
        {
            return before;
        }

        var effective = await consent.GetAsync(tenant, customerId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var choice = Permitted(OutboundChannelSeam.Choose(await seam.OutreachRequestAsync(tenant, effective, now).ConfigureAwait(false)));
        var settings = options.CurrentValue;
        var periods = settings.QuietHours.Resolve().OpenPeriods(now, effective.Customer.TimeZone, zones.For(tenant), OpenPeriods);
        // Every node's sweeper serves the registered tenants only, and it releases deferred outreach.
        await tenants.EnsureAsync(tenant, cancellationToken).ConfigureAwait(false);
        var id = NewDeliveryId();
        var message = new OutboundMessage(id, choice.Channel!, choice.Address, "", "", customerId, order.Text, order.Attachments, "", "outreach");
        var result = await store.QueueOutreachAsync(
            new OutreachQueueCommand(tenant, message, order.Source, order.ExternalId, choice.Reason, settings.IdempotencyWindow, ContentHash(order.Text, order.Attachments),
                settings.DuplicateWindow, order.Defer, settings.LimitsFor(tenant), periods, now, routing.Value.Node),
            cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case OutreachQueueOutcome.Queued:
                signals.Signal(tenant, choice.Channel!);
                return new OutreachResult(id, customerId, choice.Channel!, choice.Reason, false, false, false, result.At, "");
            case OutreachQueueOutcome.Deferred:
                return new OutreachResult(id, customerId, choice.Channel!, choice.Reason, false, false, true, result.At, result.Hold);
            case OutreachQueueOutcome.Limited:
                return new OutreachResult("", customerId, choice.Channel!, choice.Reason, false, false, false, null, "communication_limit", result.At, result.At - now);
            default:
                // A concurrent retry queued it first, or the same content went out within the window.
                return await ExistingAsync(tenant, customerId, result.DeliveryId, result.Outcome == OutreachQueueOutcome.Duplicate).ConfigureAwait(false)
                    ?? throw new RoutingException(RoutingErrorKind.Unavailable, "unavailable", "The earlier delivery expired meanwhile; retry.");
        }
    }

    /// <summary>The CRM customer the order names (by id, or by channel and address); NOT_FOUND when the CRM does not know them.</summary>
    private async Task<string> CustomerIdAsync(string tenant, OutreachOrder order, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(order.CustomerId) || string.IsNullOrWhiteSpace(order.Channel + order.Address))
        {
            OutboundMessageValidator.Id(order.CustomerId, "customer_id");
            return order.CustomerId;
        }

        var channel = consent.Channel(order.Channel, "channel");
        var address = consent.Address(channel, order.Address, "address");
        var customer = await lookup.LookupAsync(tenant, channel.Name, address, cancellationToken).ConfigureAwait(false);
        if (customer.Partial)
        {
            RoutingErrors.Unavailable("crm_unavailable", "the CRM did not answer in time");
        }

        if (customer.CustomerId is not { } id)
        {
            RoutingErrors.NotFound("customer_not_found", "the CRM knows no customer at this address on this channel");
            throw new InvalidOperationException("unreachable");
        }

        return id;
    }

    private async Task<OutreachResult?> ExistingAsync(string tenant, string customerId, string? deliveryId, bool duplicate)
    {
        if (deliveryId is null)
        {
            return null;
        }

        var stored = await store.GetAsync(tenant, deliveryId).ConfigureAwait(false);
        if (stored.Count == 0)
        {
            return null;
        }

        var deferred = stored.GetValueOrDefault("state") == "deferred";
        DateTimeOffset? at = long.TryParse(stored.GetValueOrDefault("qat"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
        return new OutreachResult(deliveryId, stored.GetValueOrDefault("cust", customerId), stored.GetValueOrDefault("ch", ""), stored.GetValueOrDefault("why", ""),
            !duplicate, duplicate, deferred, at, deferred ? stored.GetValueOrDefault("hold", "") : "");
    }

    /// <summary>What makes two outreach messages identical: the text and the attachment references, in order.</summary>
    public static string ContentHash(string text, IReadOnlyList<string> attachments) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text + "\n\u0001" + string.Join('\n', attachments))))[..32];

    private static OutboundChannelChoice Permitted(OutboundChannelChoice choice) => choice.Channel is not null
        ? choice
        : throw new RoutingException(RoutingErrorKind.FailedPrecondition, "no_permitted_channel", "No channel is permitted: " + string.Join("; ", choice.Refusals), "channel");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void NotAssigned(string contactId) =>
        throw new RoutingException(RoutingErrorKind.FailedPrecondition, "contact_not_assigned", $"Contact '{contactId}' is not assigned to you: only its agent may reply.", "send_reply.contact_id");

    private static string NewDeliveryId() => "dl-" + Guid.NewGuid().ToString("N");
}
