namespace Routing.Redis;

/// <summary>
/// An agent as a supervisor sees it, read from "a:{agent}" and "ah:{agent}": status and why, since
/// when, load per channel, the contacts it holds (contact id to o / a / w: offered, assigned, wrap-up).
/// </summary>
public sealed record AgentFigures(
    string AgentId,
    string DisplayName,
    EngineAgentStatus Status,
    string Reason,
    bool Connected,
    string Node,
    DateTimeOffset Since,
    IReadOnlyDictionary<string, int> Load,
    IReadOnlyDictionary<string, char> Holdings,
    IReadOnlyList<string> Queues)
{
    /// <summary>How the reason code counts: "away", "wrap_up" (counted with the agents in wrap-up), or "".</summary>
    public string ReasonKind { get; init; } = "";

    /// <summary>Free text given beside the reason code.</summary>
    public string ReasonNote { get; init; } = "";

    /// <summary>Who set the status when it was not the agent: a supervisor's id, or "router".</summary>
    public string ChangedBy { get; init; } = "";

    /// <summary>Available with nothing held.</summary>
    public bool IsIdle => Connected && Status == EngineAgentStatus.Available && Holdings.Count == 0;

    /// <summary>Holds only contacts in wrap-up.</summary>
    public bool IsWrapUp => Connected && Holdings.Count > 0 && Holdings.Values.All(h => h == 'w');

    public bool IsBusy => Connected && Holdings.Values.Any(h => h != 'w');
}
