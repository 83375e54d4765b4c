namespace Routing.Redis;

/// <summary>The agent changes its status (status.lua).</summary>
public sealed record StatusCommand(string Tenant, string Node, string AgentId, string SessionId, EngineAgentStatus Status, string Reason, DateTimeOffset Now);
