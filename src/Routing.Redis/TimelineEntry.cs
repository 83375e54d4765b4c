namespace Routing.Redis;

/// <summary>One event of a contact's timeline, stored as JSON in the contact's timeline list.</summary>
public sealed record TimelineEntry(long At, string Kind, string Queue = "", string Agent = "", string Detail = "", string Node = "");
