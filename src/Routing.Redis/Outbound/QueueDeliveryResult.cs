namespace Routing.Redis.Outbound;

public enum QueueDeliveryOutcome
{
    Queued,

    /// <summary>The source record names a delivery queued before: <see cref="QueueDeliveryResult.DeliveryId"/> is that one.</summary>
    Existing,

    /// <summary>The reply's contact is not assigned to the agent (<see cref="QueueDeliveryResult.ContactState"/>).</summary>
    NotAssigned,
}

public sealed record QueueDeliveryResult(QueueDeliveryOutcome Outcome, string DeliveryId, string ContactState = "");
