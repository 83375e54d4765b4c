namespace Routing.Redis;

/// <summary>A gateway cancels a contact the customer abandoned (cancel.lua).</summary>
public sealed record CancelCommand(string Tenant, string ContactId, string Reason, DateTimeOffset Now, string Node);
