namespace Routing.Redis;

/// <summary>One node's entry in the tenant's "ni" hash.</summary>
public sealed record NodeConfigurationRecord(string Node, long Version, string Hash, int AgentsConnected, DateTimeOffset AppliedAt, DateTimeOffset WrittenAt)
{
    /// <summary>The node's score in "nodes"; null once the sweeps declared it dead (or before its first heartbeat).</summary>
    public DateTimeOffset? LastHeartbeat { get; init; }
}
