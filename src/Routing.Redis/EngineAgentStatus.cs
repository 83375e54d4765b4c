namespace Routing.Redis;

/// <summary>An agent's status as the engine stores it ("available", "away", "offline" in the agent hash).</summary>
public enum EngineAgentStatus
{
    Available,
    Away,
    Offline,
}
