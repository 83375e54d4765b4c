using Routing.Core.Agents;

namespace Routing.Redis;

/// <summary>The words the scripts store and emit for the engine's enums, both ways, in one place (statuses are Routing.Core's <see cref="AgentStatuses"/>).</summary>
public static class EngineWords
{
    public static string ToWord(this EngineAgentStatus status) => status switch
    {
        EngineAgentStatus.Available => AgentStatuses.Available,
        EngineAgentStatus.Away => AgentStatuses.Away,
        EngineAgentStatus.Offline => AgentStatuses.Offline,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status a word names; null for any other.</summary>
    public static EngineAgentStatus? ParseStatus(string? word) => word switch
    {
        AgentStatuses.Available => EngineAgentStatus.Available,
        AgentStatuses.Away => EngineAgentStatus.Away,
        AgentStatuses.Offline => EngineAgentStatus.Offline,
        _ => null,
    };

    /// <summary>The offer reason a word names (a timeline's "reason"); null for any other.</summary>
    public static EngineOfferReason? TryParseOfferReason(string? word) => word switch
    {
        "strategy" or "affinity" or "preferred" or "last" or "transfer" or "pull" => ParseOfferReason(word),
        _ => null,
    };

    internal static EngineOfferReason ParseOfferReason(string word) => word switch
    {
        "strategy" => EngineOfferReason.Strategy,
        "affinity" => EngineOfferReason.Affinity,
        "preferred" => EngineOfferReason.Preferred,
        "last" => EngineOfferReason.Last,
        "transfer" => EngineOfferReason.Transfer,
        "pull" => EngineOfferReason.Pull,
        _ => throw new InvalidOperationException($"Unknown offer reason '{word}'."),
    };

    internal static EngineRevokeReason ParseRevokeReason(string word) => word switch
    {
        "expired" => EngineRevokeReason.Expired,
        "cancelled" => EngineRevokeReason.Cancelled,
        "session_ended" => EngineRevokeReason.SessionEnded,
        _ => throw new InvalidOperationException($"Unknown revoke reason '{word}'."),
    };
}
