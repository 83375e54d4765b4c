namespace Routing.Core.Agents;

/// <summary>A queue (or skill) an agent serves, proficiency 1 (novice) to 5 (expert).</summary>
public sealed record AgentSkill(string Queue, int Proficiency, bool Primary);

/// <summary>Agent statuses as the engine stores them.</summary>
public static class AgentStatuses
{
    public const string Available = "available";
    public const string Away = "away";
    public const string Offline = "offline";
}

/// <summary>
/// An agent as its session announces it, with the server's per-channel defaults already applied:
/// capacity per channel, the channels each channel blocks while held, the total cap and the
/// channels whose contacts stay with the agent when its desk disconnects.
/// </summary>
public sealed record AgentProfile(
    string AgentId,
    string DisplayName,
    IReadOnlyList<AgentSkill> Skills,
    IReadOnlyDictionary<string, int> Capacity,
    int TotalCapacity,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Blocks,
    IReadOnlyList<string> KeepOnDisconnect,
    string InitialStatus);
