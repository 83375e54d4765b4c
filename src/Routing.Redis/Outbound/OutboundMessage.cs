namespace Routing.Redis.Outbound;

/// <summary>One outbound message for a gateway: an agent's reply (with its contact) or an outreach.</summary>
public sealed record OutboundMessage(
    string DeliveryId,
    string Channel,
    string To,
    string ConversationId,
    string ContactId,
    string CustomerId,
    string Text,
    IReadOnlyList<string> Attachments,
    string AgentId,
    string Kind);
