using Google.Protobuf.WellKnownTypes;
using Routing.Protos.V1;
using Routing.Redis;
using CoreInbound = Routing.Core.Contacts.InboundContact;

namespace Routing.Server.Grpc;

/// <summary>
/// Maps between the wire contract and the domain. No logic beyond shape, except that a wire value
/// the domain cannot hold (a timestamp past year 9999) is InvalidArgument naming the field.
/// </summary>
public static class ProtoMapper
{
    // The range google.protobuf.Timestamp defines: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;

    public static CoreInbound? ToDomain(InboundContact? contact) => contact is null
        ? null
        : new CoreInbound
        {
            Channel = contact.Channel,
            ExternalId = contact.ExternalId,
            From = contact.From,
            Subject = contact.Subject,
            Text = contact.Text,
            Intent = contact.Intent,
            Language = contact.Language,
            Attributes = contact.Attributes,
            ReceivedAt = ToDateTimeOffset(contact.ReceivedAt, "contact.received_at"),
        };

    public static ContactReceipt ToReceipt(EnqueueResult result)
    {
        var receipt = ToReceiptFields(result);
        Hours.HoursReceipt.Fill(receipt, result);
        Ingest.ParallelReceipt.Fill(receipt, result);
        if (result.Callback is { } callback)
        {
            receipt.CallbackDueAt = ToTimestamp(callback.DueAt);
            receipt.CallbackWindowStart = ToTimestamp(callback.WindowStart);
            receipt.CallbackWindowEnd = ToTimestamp(callback.WindowEnd);
            receipt.CallbackDeferred = callback.DueAt > callback.WindowStart;
            receipt.CallbackScheduled = result.State == ContactStates.Scheduled;
        }

        return receipt;
    }

    private static ContactReceipt ToReceiptFields(EnqueueResult result) => new()
    {
        ContactId = result.ContactId,
        ConversationId = result.ConversationId,
        Queue = result.Queue,
        Priority = result.Priority,
        Position = result.Position,
        Duplicate = result.Outcome == EnqueueOutcome.Duplicate,
        Merged = result.Outcome == EnqueueOutcome.Merged,
        NewConversation = result.NewConversation,
        CustomerId = result.CustomerId,
        CrmPartial = result.CrmPartial,
        State = ToState(result.State),
        Rule = result.Rule,
    };

    public static ContactState ToState(string state) => state switch
    {
        ContactStates.Queued => ContactState.Queued,
        ContactStates.Offered => ContactState.Offered,
        ContactStates.Assigned => ContactState.Assigned,
        ContactStates.Completed => ContactState.Completed,
        ContactStates.Cancelled => ContactState.Cancelled,
        ContactStates.Held => ContactState.Queued,
        ContactStates.Scheduled => ContactState.Queued,
        ContactStates.Closed => ContactState.Completed,
        _ => ContactState.Unspecified,
    };

    public static Timestamp ToTimestamp(DateTimeOffset at) => Timestamp.FromDateTimeOffset(at);

    public static OutreachSendResponse ToProto(Outbound.OutreachResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var response = new OutreachSendResponse
        {
            DeliveryId = result.DeliveryId,
            Channel = result.Channel,
            Reason = result.Reason,
            Existing = result.Existing,
            Duplicate = result.Duplicate,
            Deferred = result.Deferred,
            Hold = result.Hold,
            CustomerId = result.CustomerId,
        };
        if (result.SendAt is { } at)
        {
            response.SendAt = ToTimestamp(at);
        }

        return response;
    }

    public static DateTimeOffset? ToDateTimeOffset(Timestamp? at, string field)
    {
        if (at is null)
        {
            return null;
        }

        if (at.Nanos is < 0 or > 999_999_999 || at.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds)
        {
            Core.Errors.RoutingErrors.InvalidArgument(field, "is not a valid timestamp: seconds must fall in years 0001-9999 and nanos in 0-999999999");
        }

        return at.ToDateTimeOffset();
    }

    public static Contact ToProto(StoredContact c)
    {
        var contact = new Contact
        {
            ContactId = c.ContactId,
            ConversationId = c.ConversationId,
            Channel = c.Channel,
            From = c.From,
            ExternalId = c.ExternalId,
            Subject = c.Subject,
            Text = c.Text,
            Intent = c.Intent,
            Language = c.Language,
            Queue = c.Queue,
            Priority = c.Priority,
            ServiceLevel = Duration.FromTimeSpan(c.ServiceLevel),
            ReceivedAt = ToTimestamp(c.ReceivedAt),
            EnqueuedAt = ToTimestamp(c.EnqueuedAt),
            MessageCount = c.MessageCount,
            State = ToState(c.State),
            Customer = ToProto(c.Customer),
            Rule = c.Rule,
        };
        foreach (var (k, v) in c.Attributes)
        {
            contact.Attributes[k] = v;
        }

        contact.RequiredSkills.Add(c.Skills);
        if (c.Callback is { } callback)
        {
            contact.Callback = true;
            contact.CallbackWindowStart = ToTimestamp(callback.WindowStart);
            contact.CallbackWindowEnd = ToTimestamp(callback.WindowEnd);
            contact.CallbackDueAt = ToTimestamp(callback.DueAt);
            contact.CallbackWindowMissed = callback.WindowMissed;
        }

        return contact;
    }

    public static CustomerContext ToProto(Core.Customers.CustomerContext c)
    {
        var customer = new CustomerContext
        {
            CustomerId = c.CustomerId ?? "",
            DisplayName = c.DisplayName,
            Tier = c.Tier,
            Language = c.Language,
            PreferredChannel = c.PreferredChannel,
            LastAgentId = c.LastAgentId,
            PreferredAgentId = c.PreferredAgentId,
            Known = c.Known,
            Partial = c.Partial,
        };
        foreach (var (k, v) in c.ChannelConsent)
        {
            customer.ChannelConsent[k] = v;
        }

        foreach (var (k, v) in c.Attributes)
        {
            customer.Attributes[k] = v;
        }

        customer.OpenCases.Add(c.OpenCases.Select(k => new CaseSummary
        {
            CaseId = k.CaseId,
            Subject = k.Subject,
            Status = k.Status,
            OpenedAt = k.OpenedAt is { } at ? ToTimestamp(at) : null,
        }));
        return customer;
    }

    public static ConversationMessage ToProto(HistoryItem h) => new()
    {
        ContactId = h.ContactId,
        Channel = h.Channel,
        At = ToTimestamp(h.At),
        Subject = h.Subject,
        Text = h.Text,
        AgentId = h.AgentId,
        State = ToState(h.State),
    };

    /// <summary>The domain's status; empty for UNSPECIFIED, and the number for a value this server does not know (which validation refuses).</summary>
    public static string ToDomain(AgentStatus status) => status switch
    {
        AgentStatus.Unspecified => "",
        AgentStatus.Available => Core.Agents.AgentStatuses.Available,
        AgentStatus.Away => Core.Agents.AgentStatuses.Away,
        AgentStatus.Offline => Core.Agents.AgentStatuses.Offline,
        _ => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static AgentStatus ToProtoStatus(string status) => status switch
    {
        Core.Agents.AgentStatuses.Available => AgentStatus.Available,
        Core.Agents.AgentStatuses.Away => AgentStatus.Away,
        Core.Agents.AgentStatuses.Offline => AgentStatus.Offline,
        _ => AgentStatus.Unspecified,
    };

    public static AgentStatus ToProtoStatus(Redis.EngineAgentStatus? status) => status switch
    {
        Redis.EngineAgentStatus.Available => AgentStatus.Available,
        Redis.EngineAgentStatus.Away => AgentStatus.Away,
        Redis.EngineAgentStatus.Offline => AgentStatus.Offline,
        _ => AgentStatus.Unspecified,
    };

    public static OfferReason ToOfferReason(Redis.EngineOfferReason? reason) => reason switch
    {
        Redis.EngineOfferReason.Strategy => OfferReason.Strategy,
        Redis.EngineOfferReason.Affinity => OfferReason.ConversationAffinity,
        Redis.EngineOfferReason.Preferred => OfferReason.PreferredAgent,
        Redis.EngineOfferReason.Last => OfferReason.LastAgent,
        Redis.EngineOfferReason.Transfer => OfferReason.Transfer,
        Redis.EngineOfferReason.Pull => OfferReason.AgentPull,
        _ => OfferReason.Unspecified,
    };

    public static RevokeReason ToRevokeReason(Redis.EngineRevokeReason? reason) => reason switch
    {
        Redis.EngineRevokeReason.Expired => RevokeReason.Expired,
        Redis.EngineRevokeReason.Cancelled => RevokeReason.Cancelled,
        Redis.EngineRevokeReason.SessionEnded => RevokeReason.SessionEnded,
        _ => RevokeReason.Unspecified,
    };
}
