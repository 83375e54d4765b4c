using Routing.Core.Errors;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.DataProtection;
using Routing.Server.Grpc;

namespace Routing.Server.Supervisor;

/// <summary>
/// What supervisors read about contacts: one contact's timeline (every step the scripts recorded,
/// with time, node and reason) and a customer's journey across channels. The customer is found as
/// the Privacy export finds them (<see cref="CustomerDataRights.ResolveAsync"/>: the CRM customer,
/// their addresses, the customer and address threads); reads only, from the caller's tenant.
/// </summary>
public sealed class ContactHistory(ContactHistoryStore history, ContactQueueStore contacts, CustomerDataRights customers)
{
    public const int MaxContactIdLength = 128;
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    private static readonly SubjectFields JourneyFields = new("customer", "customer_id", "address.address", "address.channel");

    /// <summary>NOT_FOUND for a contact the tenant does not hold (another tenant's looks the same: it is not in this tenant's keys).</summary>
    public async Task<GetContactTimelineResponse> GetContactTimelineAsync(string tenant, GetContactTimelineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.ContactId))
        {
            RoutingErrors.InvalidArgument("contact_id", "is required");
        }

        RoutingErrors.ThrowIfTooLong(request.ContactId, MaxContactIdLength, "contact_id");
        // The timeline first, then the contact: a step written in between (e.g. the CRM write-back's) may
        // then show in the outcome but not yet in the steps, never a step whose outcome is missing.
        var timeline = await contacts.GetTimelineAsync(tenant, request.ContactId, cancellationToken).ConfigureAwait(false);
        var record = await history.GetContactAsync(tenant, request.ContactId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            RoutingErrors.NotFound("contact_not_found", $"Contact {request.ContactId} does not exist.");
        }

        var response = new GetContactTimelineResponse { Contact = ProtoMapper.ToProto(record.Contact), Outcome = HistoryMapper.ToProto(record.Outcome) };
        response.Events.Add(timeline.Select(HistoryMapper.ToProto));
        return response;
    }

    /// <summary>The customer's contacts on every channel, newest first, one page.</summary>
    public async Task<GetCustomerJourneyResponse> GetCustomerJourneyAsync(string tenant, GetCustomerJourneyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Limit is < 0 or > MaxPageSize)
        {
            RoutingErrors.InvalidArgument("limit", $"must be 0 (default {DefaultPageSize}) to {MaxPageSize}");
        }

        var subject = await customers.ResolveAsync(tenant, request.CustomerId, request.Address?.Address, request.Address?.Channel, cancellationToken, JourneyFields).ConfigureAwait(false);
        JourneyPage page;
        try
        {
            page = await history.GetJourneyAsync(tenant, subject.ThreadKeys, request.Limit == 0 ? DefaultPageSize : request.Limit, request.PageToken, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException)
        {
            RoutingErrors.InvalidArgument("page_token", "is not a token this server issued; start again with an empty one");
            throw;
        }

        var response = new GetCustomerJourneyResponse { CustomerId = subject.CustomerId ?? "", NextPageToken = page.NextPageToken };
        response.Entries.Add(page.Contacts.Select(HistoryMapper.ToProto));
        response.ConversationIds.Add(page.Contacts.Select(c => c.Contact.ConversationId).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal));
        return response;
    }
}
