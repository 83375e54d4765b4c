using System.Diagnostics;
using Microsoft.Extensions.Options;
using Routing.Core.Contacts;
using Routing.Core.Conversations;
using Routing.Core.Errors;
using Routing.Core.Telemetry;
using Routing.Crm;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Tenants;

namespace Routing.Server.Ingest;

/// <summary>
/// The ingest pipeline, the same for every channel: validate, look the sender up in the CRM,
/// route by rules, then thread and queue in one atomic store write. Nothing is written before
/// validation passes; the reply is made only after the write.
/// </summary>
public sealed class ContactIngestor(
    RoutingConfigurationHolder configuration,
    CustomerLookup customers,
    ContactQueueStore store,
    RoutingMetrics metrics,
    TimeProvider time,
    Desk.EventDispatcher dispatcher,
    ActiveTenants tenants,
    IOptions<RoutingOptions> options,
    Hours.BusinessHours hours,
    ILogger<ContactIngestor> logger)
{
    public async Task<EnqueueResult> SubmitAsync(string tenant, InboundContact? inbound, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();

        // One configuration for the whole contact, even if a reload lands meanwhile.
        var config = configuration.Current;
        ValidContact contact;
        try
        {
            contact = config.Validator.Validate(inbound);
        }
        catch (RoutingException ex)
        {
            metrics.ContactRejected(inbound?.Channel ?? "", ex.Field ?? ex.Code);
            IngestLog.ContactRejected(logger, inbound?.Channel, inbound?.ExternalId, ex.Message);
            throw;
        }

        metrics.ContactReceived(contact.Channel.Name);
        var customer = await customers.LookupAsync(tenant, contact.Channel.Name, contact.From, cancellationToken).ConfigureAwait(false);
        if (customer.Partial)
        {
            metrics.CrmDegraded(contact.Channel.Name);
            IngestLog.QueuedWithPartialContext(logger, contact.Channel.Name, contact.ExternalId);
        }

        var decision = config.RuleEngine.Decide(contact, customer);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var open = hours.Decide(decision.Queue, contact.Channel.Name, now);
        decision = decision with { Queue = open.Queue };
        var request = new EnqueueRequest(
            tenant,
            contact,
            customer,
            decision,
            ConversationThreading.ThreadKey(customer, contact.Channel, contact.From),
            ConversationThreading.MergesWhileWaiting(contact.Channel, settings.Threading),
            settings.Threading.Window,
            settings.PriorityWeight,
            now,
            settings.Node)
        {
            MaxWaiting = config.Limits.MaxWaitingFor(decision.Queue),
            OutsideHours = open.Action,
            OpensAt = open.OpensAt,
            ClosedQueue = open.ClosedQueue,
            DeadLetterAfter = hours.DeadLetterAfter(decision.Queue),
        };

        // Before the first write of a tenant on this node, the tenant is in the registry every node sweeps.
        await tenants.EnsureAsync(tenant, cancellationToken).ConfigureAwait(false);
        var result = await store.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == EnqueueOutcome.QueueFull)
        {
            metrics.ContactRejected(contact.Channel.Name, "queue_full");
            IngestLog.QueueFull(logger, contact.Channel.Name, result.Queue, request.MaxWaiting);
            throw new RoutingException(RoutingErrorKind.ResourceExhausted, "queue_full",
                $"Queue {result.Queue} is full ({request.MaxWaiting} contacts waiting); nothing was written. Retry later with the same external_id.");
        }

        if (result.OutsideHours == Redis.OutsideHoursActions.Closed)
        {
            result = result with { ClosedMessage = hours.ClosedMessage(result.Queue, contact.Channel.Name) };
        }

        dispatcher.Dispatch(tenant, result.Events);
        metrics.ContactQueued(contact.Channel.Name, result.Queue, result.Outcome.ToString().ToLowerInvariant(), Stopwatch.GetElapsedTime(started));
        return result;
    }

    /// <summary>Cancels a waiting contact; NotFound or FailedPrecondition says why it could not be.</summary>
    public async Task<CancelResult> CancelAsync(string tenant, string? contactId, string? channel, string? externalId, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(contactId))
        {
            if (string.IsNullOrWhiteSpace(channel) || string.IsNullOrWhiteSpace(externalId))
            {
                RoutingErrors.InvalidArgument("target", "give contact_id, or external with both channel and external_id");
            }

            contactId = await store.FindByExternalIdAsync(tenant, channel.Trim().ToLowerInvariant(), externalId.Trim(), cancellationToken).ConfigureAwait(false);
            if (contactId is null)
            {
                RoutingErrors.NotFound("contact_not_found", $"No contact was submitted as {channel}/{externalId}.");
            }
        }

        RoutingErrors.ThrowIfTooLong(reason, 1_000, "reason");
        var result = await store.CancelAsync(new CancelCommand(tenant, contactId.Trim(), reason ?? "", time.GetUtcNow(), options.Value.Node), cancellationToken).ConfigureAwait(false);
        if (!result.Found)
        {
            RoutingErrors.NotFound("contact_not_found", $"Contact {contactId} does not exist.");
        }

        if (!result.Cancelled)
        {
            var code = result.PreviousState == ContactStates.Cancelled ? "contact_already_cancelled" : "contact_not_waiting";
            RoutingErrors.FailedPrecondition(code, $"Contact {contactId} is {result.PreviousState}, so it cannot be cancelled.");
        }

        dispatcher.Dispatch(tenant, result.Events);
        metrics.ContactCancelled(result.Channel);
        return result;
    }
}
