namespace Routing.Redis.Outbound;

/// <summary>What outreach_queue.lua did with an outreach message.</summary>
public enum OutreachQueueOutcome
{
    /// <summary>In its channel's outbox now.</summary>
    Queued,

    /// <summary>Waiting until <see cref="OutreachQueueResult.At"/> (quiet hours, or a limit the caller agreed to wait for).</summary>
    Deferred,

    /// <summary>(source, external id) was queued before: <see cref="OutreachQueueResult.DeliveryId"/> is that delivery.</summary>
    Existing,

    /// <summary>The same content went to the customer within the duplicate window: <see cref="OutreachQueueResult.DeliveryId"/> is the first.</summary>
    Duplicate,

    /// <summary>Over a communication limit: nothing written; <see cref="OutreachQueueResult.At"/> is when it could go (null: not within the periods given).</summary>
    Limited,
}
