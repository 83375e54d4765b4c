using Routing.Core.Errors;
using Routing.Core.Privacy;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.DataProtection;
using Routing.Server.Grpc;
using Routing.Server.Security;

namespace Routing.Server.Consent;

/// <summary>
/// The consent RPCs behind their services (Outreach.UpdateConsent / GetConsent,
/// ContactIngest.ReportOptOut): validate, apply through <see cref="CustomerConsent"/>, audit with ids only.
/// </summary>
public sealed class ConsentRequests(CustomerConsent consent, Crm.CustomerLookup lookup, AuditRecorder audit, TimeProvider time, ILogger<ConsentRequests> logger)
{
    public async Task<UpdateConsentResponse> UpdateAsync(Caller caller, UpdateConsentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var customerId = CustomerId(request.CustomerId);
        var channel = consent.Channel(request.Channel, "channel").Name;
        if (request.Status is not (ConsentStatus.OptedIn or ConsentStatus.OptedOut))
        {
            RoutingErrors.InvalidArgument("status", "must be CONSENT_STATUS_OPTED_IN or CONSENT_STATUS_OPTED_OUT");
        }

        RoutingErrors.ThrowIfTooLong(request.Reason, 200, "reason");
        // NOT_FOUND before anything is written: a change for a customer the CRM does not know could never be written back.
        await consent.GetAsync(caller.Tenant, customerId, cancellationToken).ConfigureAwait(false);
        var change = new ConsentOverride(customerId, channel, request.Status == ConsentStatus.OptedIn, time.GetUtcNow());
        var applied = await consent.ChangeAsync(caller.Tenant, change, cancellationToken).ConfigureAwait(false);
        var status = change.OptedIn ? "opted_in" : "opted_out";
        var auditId = await audit.RecordAsync(caller, AuditActions.ConsentChange, customerId, $"{channel} {status}{(applied ? "" : " (a later change held)")} by UpdateConsent: {request.Reason}", CancellationToken.None).ConfigureAwait(false);
        ConsentLog.Changed(logger, channel, caller.Tenant, status, caller.Subject);
        return new UpdateConsentResponse { Consent = ToProto(change), Applied = applied, AuditId = auditId };
    }

    public async Task<GetConsentResponse> GetAsync(Caller caller, GetConsentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var customerId = CustomerId(request.CustomerId);
        var effective = await consent.GetAsync(caller.Tenant, customerId, cancellationToken).ConfigureAwait(false);
        var response = new GetConsentResponse
        {
            CustomerId = customerId,
            PreferredChannel = effective.Customer.PreferredChannel,
            Language = effective.Customer.Language,
            TimeZone = effective.Customer.TimeZone,
        };
        response.ChannelOrder.Add(effective.Customer.ChannelOrder);
        foreach (var (channel, optedIn) in effective.Customer.ChannelConsent.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            response.Channels.Add(effective.Changes.TryGetValue(channel, out var change)
                ? ToProto(change)
                : new ChannelConsentState { Channel = channel, Status = optedIn ? ConsentStatus.OptedIn : ConsentStatus.OptedOut, Source = ConsentSource.Crm });
        }

        response.PermittedChannels.Add(consent.PermittedOutreachChannels(effective));
        response.AuditId = await audit.RecordAsync(caller, AuditActions.ConsentRead, customerId, "GetConsent", CancellationToken.None).ConfigureAwait(false);
        return response;
    }

    /// <summary>A gateway's opt-out: only on its own channels (PERMISSION_DENIED otherwise, before anything is read or written).</summary>
    public async Task<ReportOptOutResponse> ReportOptOutAsync(Caller caller, ReportOptOutRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var channel = consent.Channel(request.Channel, "channel");
        if (!caller.MaySubmitOn(channel.Name))
        {
            AccessDenied.ChannelNotAllowed(caller, channel.Name, "channel");
        }

        var address = consent.Address(channel, request.Address, "address");
        RoutingErrors.ThrowIfTooLong(request.Keyword, 64, "keyword");
        var customer = await lookup.LookupAsync(caller.Tenant, channel.Name, address, cancellationToken).ConfigureAwait(false);
        if (customer.Partial)
        {
            RoutingErrors.Unavailable("crm_unavailable", "the CRM did not answer in time; report the opt-out again");
        }

        if (customer.CustomerId is not { } customerId)
        {
            RoutingErrors.NotFound("customer_not_found", "the CRM knows no customer at this address on this channel");
            throw new InvalidOperationException("unreachable");
        }

        var at = request.At is null ? time.GetUtcNow() : request.At.ToDateTimeOffset();
        var change = new ConsentOverride(customerId, channel.Name, OptedIn: false, at);
        var applied = await consent.ChangeAsync(caller.Tenant, change, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, AuditActions.ConsentChange, customerId, $"{channel.Name} opted_out{(applied ? "" : " (a later change held)")} by the gateway ({request.Keyword})", CancellationToken.None).ConfigureAwait(false);
        ConsentLog.Changed(logger, channel.Name, caller.Tenant, "opted_out", caller.Subject);
        return new ReportOptOutResponse { CustomerId = customerId, Applied = applied };
    }

    private static string CustomerId(string? customerId)
    {
        if (string.IsNullOrWhiteSpace(customerId))
        {
            RoutingErrors.InvalidArgument("customer_id", "is required");
        }

        RoutingErrors.ThrowIfTooLong(customerId, CustomerDataRights.MaxCustomerIdLength, "customer_id");
        return customerId!.Trim();
    }

    private static ChannelConsentState ToProto(ConsentOverride change) => new()
    {
        Channel = change.Channel,
        Status = change.OptedIn ? ConsentStatus.OptedIn : ConsentStatus.OptedOut,
        Source = ConsentSource.Router,
        ChangedAt = ProtoMapper.ToTimestamp(change.ChangedAt),
    };
}
