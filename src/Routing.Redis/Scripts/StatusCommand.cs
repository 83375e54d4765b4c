namespace Routing.Redis;

/// <summary>The agent changes its status (status.lua).</summary>
/// <param name="Reason">A reason code (or empty).</param>
public sealed record StatusCommand(string Tenant, string Node, string AgentId, string SessionId, EngineAgentStatus Status, string Reason, DateTimeOffset Now)
{
    /// <summary>How the reason counts in the queue figures: "away" or "wrap_up" ("" without a reason).</summary>
    public string ReasonKind { get; init; } = "";

    /// <summary>Free text beside the reason code.</summary>
    public string Note { get; init; } = "";
}
