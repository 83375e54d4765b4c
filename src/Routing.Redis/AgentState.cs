namespace Routing.Redis;

/// <summary>An agent as the engine holds it: status, connection, load and capacity per channel, held contacts ("o|ch", "a|ch", "w|ch").</summary>
public sealed record AgentState(
    string AgentId,
    EngineAgentStatus Status,
    string Reason,
    bool Connected,
    string Node,
    string Session,
    IReadOnlyDictionary<string, int> Load,
    IReadOnlyDictionary<string, int> Capacity,
    int TotalLoad,
    int TotalCapacity,
    IReadOnlyDictionary<string, string> Holdings);
