using Routing.Core.Agents;

namespace Routing.Redis;

/// <summary>A supervisor replaces a connected agent's skills and capacity (agent_profile.lua); the profile is built as a hello's is.</summary>
public sealed record AgentProfileCommand(string Tenant, string Node, AgentProfile Profile, string Supervisor, DateTimeOffset Now);
