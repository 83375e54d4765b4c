namespace Routing.Redis.Outbound;

/// <summary>outreach_queue.lua's answer. <see cref="Hold"/> is "quiet_hours" or "communication_limit" for a deferred message.</summary>
public sealed record OutreachQueueResult(OutreachQueueOutcome Outcome, string DeliveryId, DateTimeOffset? At, string Hold = "");
