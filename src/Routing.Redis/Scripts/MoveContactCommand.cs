namespace Routing.Redis;

/// <summary>A supervisor moves a waiting contact to <see cref="Queue"/> or to <see cref="AgentId"/> (exactly one is given; move_contact.lua).</summary>
public sealed record MoveContactCommand(string Tenant, string Node, string ContactId, string? Queue, string? AgentId, string Supervisor, string Note, DateTimeOffset Now);
