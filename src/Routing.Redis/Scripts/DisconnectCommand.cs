namespace Routing.Redis;

/// <summary>An agent session's stream ended (disconnect.lua).</summary>
public sealed record DisconnectCommand(string Tenant, string Node, string AgentId, string SessionId, DateTimeOffset Now);
