using Microsoft.Extensions.Options;
using Routing.Core.Callbacks;
using Routing.Core.Customers;
using Routing.Core.Errors;
using Routing.Core.Outbound;
using Routing.Redis;
using Routing.Server.Outbound;

namespace Routing.Server.Callbacks;

/// <summary>
/// Decides whether and when a callback a customer asked for may happen: never on a channel they
/// opted out of (the CRM's consent with the router's own changes over it, as everywhere), and at
/// the first moment of their window outside their quiet hours (their CRM time zone, else the
/// tenant's) and inside the queue's business hours. Asking to be called back on a channel whose
/// consent is unknown counts as consent for that callback only: nothing is recorded. Reads the
/// configuration at every call (it reloads without a restart).
/// </summary>
public sealed class CallbackScheduler(
    ConsentStore consents,
    Hours.BusinessHours hours,
    Supervisor.TenantTimeZones zones,
    IOptionsMonitor<OutboundOptions> outbound,
    IOptionsMonitor<CallbackOptions> options,
    TimeProvider time)
{
    /// <summary>The window to use (INVALID_ARGUMENT naming the field when it cannot be), before anything is read or written.</summary>
    public CallbackWindow Window(DateTimeOffset? start, DateTimeOffset? end)
    {
        var o = options.CurrentValue;
        return CallbackWindow.Resolve(start, end, time.GetUtcNow(), o.MaxAhead, o.DefaultWindow);
    }

    /// <summary>The callback's due time and window; FAILED_PRECONDITION when consent or the hours forbid the whole window.</summary>
    public async Task<ScheduledCallback> ScheduleAsync(string tenant, string channel, CustomerContext customer, string queue, CallbackWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(window);
        if (customer.Partial)
        {
            // Consent is not known: nothing may be promised on it. The request is idempotent, so the gateway retries.
            RoutingErrors.Unavailable("crm_unavailable", "the CRM did not answer in time, so the customer's consent is not known; request the callback again");
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (customer.CustomerId is { } customerId)
        {
            customer = Consent.CustomerConsent.Apply(customer, await consents.GetAsync(tenant, customerId).ConfigureAwait(false));
        }

        if (customer.ChannelConsent.TryGetValue(channel, out var optedIn) && !optedIn)
        {
            RoutingErrors.FailedPrecondition("opted_out", $"The customer opted out of {channel}: no callback may be made on it. Offer them another channel.");
        }

        var quiet = outbound.CurrentValue.QuietHours.Resolve();
        var zone = QuietHours.ResolveZone(customer.TimeZone, zones.For(tenant));
        var due = CallbackSchedule.Decide(window, quiet, zone, hours.CalendarOf(queue));
        if (due.DueAt is not { } dueAt)
        {
            var next = due.NextPossible is { } at ? $"; the next possible time is {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}" : "";
            if (due.Refusal == CallbackRefusal.OutsideBusinessHours)
            {
                RoutingErrors.FailedPrecondition("window_outside_business_hours", $"Queue {queue} is closed for the whole window{next}.");
            }

            RoutingErrors.FailedPrecondition("window_in_quiet_hours", $"The whole window falls in the customer's quiet hours ({quiet} in {zone.Id}){next}.");
            throw new InvalidOperationException("unreachable");
        }

        return new ScheduledCallback(window.Start, window.EndFor(dueAt), dueAt);
    }
}
