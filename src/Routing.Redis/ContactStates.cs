namespace Routing.Redis;

/// <summary>The values of the contact hash's "state" field.</summary>
public static class ContactStates
{
    public const string Queued = "queued";
    public const string Offered = "offered";
    public const string Assigned = "assigned";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    /// <summary>Received outside its queue's business hours, held until the queue opens.</summary>
    public const string Held = "held";

    /// <summary>Received outside business hours and answered with the queue's closed message: finished.</summary>
    public const string Closed = "closed";

    /// <summary>A callback the customer asked for, waiting for its due time (offered to nobody until then).</summary>
    public const string Scheduled = "scheduled";
}
