namespace Routing.Redis;

/// <summary>The agent declines an offer (decline.lua).</summary>
public sealed record DeclineCommand(string Tenant, string Node, string AgentId, string SessionId, string OfferId, string Reason, DateTimeOffset Now);
