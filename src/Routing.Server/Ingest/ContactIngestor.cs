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
    Callbacks.CallbackScheduler callbacks,
    ILogger<ContactIngestor> logger)
{
    /// <summary>The attribute every callback carries, so routing rules can match callbacks ("callback": "true").</summary>
    public const string CallbackAttribute = "callback";

    public Task<EnqueueResult> SubmitAsync(string tenant, InboundContact? inbound, CancellationToken cancellationToken) =>
        IngestAsync(tenant, inbound, callback: false, null, cancellationToken);

    /// <summary>
    /// A callback the customer asked for: the same pipeline as a contact, plus the window (checked
    /// first), consent on the channel and the due time (<see cref="Callbacks.CallbackScheduler"/>);
    /// it waits, offered to nobody, until due. A retry of a request already accepted answers with
    /// that contact, whatever its window says by now.
    /// </summary>
    public async Task<EnqueueResult> RequestCallbackAsync(string tenant, InboundContact? inbound, DateTimeOffset? windowStart, DateTimeOffset? windowEnd, CancellationToken cancellationToken)
    {
        var seen = false;
        if (inbound?.Channel is { } channel && inbound.ExternalId is { } externalId
            && !string.IsNullOrWhiteSpace(channel) && !string.IsNullOrWhiteSpace(externalId)
            && await store.FindByExternalIdAsync(tenant, channel.Trim().ToLowerInvariant(), externalId.Trim(), cancellationToken).ConfigureAwait(false) is not null)
        {
            // Accepted before: the enqueue script answers with that contact and writes nothing.
            seen = true;
        }

        var window = seen ? null : callbacks.Window(windowStart, windowEnd);
        var attributes = new Dictionary<string, string>(inbound?.Attributes ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [CallbackAttribute] = "true" };
        return await IngestAsync(tenant, inbound is null ? null : inbound with { Attributes = attributes }, callback: true, window, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="window">A callback's window; null for a callback already accepted (a retry).</param>
    private async Task<EnqueueResult> IngestAsync(string tenant, InboundContact? inbound, bool callback, Core.Callbacks.CallbackWindow? window, CancellationToken cancellationToken)
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
        // A callback is due when its queue is open (its due time is chosen so), so it is never held
        // or answered closed; an inbound contact is handled by the queue's hours now.
        var open = !callback ? hours.Decide(decision.Queue, contact.Channel.Name, now) : new Hours.HoursDecision(decision.Queue);
        decision = decision with { Queue = open.Queue };
        Redis.ScheduledCallback? scheduled = null;
        if (window is not null)
        {
            try
            {
                scheduled = await callbacks.ScheduleAsync(tenant, contact.Channel.Name, customer, decision.Queue, window, cancellationToken).ConfigureAwait(false);
            }
            catch (RoutingException ex)
            {
                metrics.ContactRejected(contact.Channel.Name, ex.Code);
                IngestLog.CallbackRefused(logger, contact.Channel.Name, ex.Code);
                throw;
            }
        }

        var request = new EnqueueRequest(
            tenant,
            contact,
            customer,
            decision,
            ConversationThreading.ThreadKey(customer, contact.Channel, contact.From),
            // A callback is a request of its own: never merged into a contact waiting on its channel.
            !callback && ConversationThreading.MergesWhileWaiting(contact.Channel, settings.Threading),
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
            Callback = scheduled,
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

        if (scheduled is not null && result.Outcome == EnqueueOutcome.Queued)
        {
            IngestLog.CallbackScheduled(logger, result.ContactId, contact.Channel.Name, scheduled.DueAt);
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
