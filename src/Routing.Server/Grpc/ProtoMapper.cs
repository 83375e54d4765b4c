using Google.Protobuf.WellKnownTypes;
using Routing.Protos.V1;
using Routing.Redis;
using CoreInbound = Routing.Core.Contacts.InboundContact;

namespace Routing.Server.Grpc;

/// <summary>Maps between the wire contract and the domain. No logic beyond shape.</summary>
public static class ProtoMapper
{
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
            ReceivedAt = contact.ReceivedAt?.ToDateTimeOffset(),
        };

    public static ContactReceipt ToReceipt(EnqueueResult result) => new()
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
        _ => ContactState.Unspecified,
    };

    public static Timestamp ToTimestamp(DateTimeOffset at) => Timestamp.FromDateTimeOffset(at);
}
