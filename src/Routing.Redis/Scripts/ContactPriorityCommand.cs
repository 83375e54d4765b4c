namespace Routing.Redis;

/// <summary>A supervisor changes a waiting contact's priority (contact_priority.lua).</summary>
public sealed record ContactPriorityCommand(string Tenant, string Node, string ContactId, int Priority, string Supervisor, DateTimeOffset Now);
