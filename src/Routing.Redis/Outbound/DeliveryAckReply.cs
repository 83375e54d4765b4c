namespace Routing.Redis.Outbound;

/// <summary>
/// outbound_ack.lua's answer: whether the ack changed anything (false for a repeated ack or an unknown
/// delivery), the delivery's state now, and whom to tell (its contact and agent).
/// </summary>
public sealed record DeliveryAckReply(bool Applied, bool Found, string State, string ContactId, string AgentId, string Channel, int Attempt);
