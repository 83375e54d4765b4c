namespace Routing.Redis;

/// <summary>How a contact received outside its queue's business hours is handled (the contact's "oh" field).</summary>
public static class OutsideHoursActions
{
    /// <summary>Stored, offered to nobody, queued when the queue opens.</summary>
    public const string Hold = "hold";

    /// <summary>Routed to another queue (which may have its own calendar).</summary>
    public const string Overflow = "overflow";

    /// <summary>Answered with the queue's closed message; recorded and finished.</summary>
    public const string Closed = "closed";
}
