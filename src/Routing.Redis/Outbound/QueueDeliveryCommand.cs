namespace Routing.Redis.Outbound;

/// <summary>
/// Queue <see cref="Message"/> in its channel's outbox (outbound_queue.lua). <see cref="Source"/> and
/// <see cref="ExternalId"/> are the idempotency key; a reply (with a contact) is queued only while
/// the contact is assigned to <see cref="OutboundMessage.AgentId"/>.
/// </summary>
public sealed record QueueDeliveryCommand(string Tenant, OutboundMessage Message, string Source, string ExternalId, string Reason, TimeSpan SourceRetention, DateTimeOffset Now, string Node);
