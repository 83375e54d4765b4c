namespace Routing.Redis;

/// <summary>The agent accepts an offer (accept.lua).</summary>
public sealed record AcceptCommand(string Tenant, string Node, string AgentId, string SessionId, string OfferId, DateTimeOffset Now);
