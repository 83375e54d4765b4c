namespace Routing.Redis;

/// <summary>The values of the contact hash's "state" field.</summary>
public static class ContactStates
{
    public const string Queued = "queued";
    public const string Offered = "offered";
    public const string Assigned = "assigned";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
}
