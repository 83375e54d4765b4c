using Routing.Core.Agents;

namespace Routing.Redis;

/// <summary>An agent session's hello (connect.lua).</summary>
public sealed record ConnectCommand(string Tenant, string Node, string SessionId, AgentProfile Profile, DateTimeOffset Now);
