namespace Routing.Redis;

public enum EnqueueOutcome
{
    /// <summary>A new contact was written and queued.</summary>
    Queued,

    /// <summary>The message joined the customer's contact still waiting on the same channel.</summary>
    Merged,

    /// <summary>(channel, external id) was submitted before: this is that contact, nothing changed.</summary>
    Duplicate,

    /// <summary>The queue already held <see cref="EnqueueRequest.MaxWaiting"/> waiting contacts: nothing was written, not even the external id.</summary>
    QueueFull,
}
