namespace Routing.Redis;

/// <summary>A supervisor sets an agent away with a reason code, or logs it out (<see cref="EngineAgentStatus.Offline"/>; force_status.lua).</summary>
/// <param name="ReasonKind">"away" or "wrap_up": how the reason counts in the queue figures.</param>
public sealed record ForceStatusCommand(string Tenant, string Node, string AgentId, EngineAgentStatus Status, string Reason, string ReasonKind, string Note, string Supervisor, DateTimeOffset Now);
