namespace Routing.Redis;

/// <summary>The words the scripts store and emit for the engine's enums, both ways, in one place.</summary>
public static class EngineWords
{
    public static string ToWord(this EngineAgentStatus status) => status switch
    {
        EngineAgentStatus.Available => "available",
        EngineAgentStatus.Away => "away",
        EngineAgentStatus.Offline => "offline",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status a word names (Routing.Core's AgentStatuses are the same words); null for any other.</summary>
    public static EngineAgentStatus? ParseStatus(string? word) => word switch
    {
        "available" => EngineAgentStatus.Available,
        "away" => EngineAgentStatus.Away,
        "offline" => EngineAgentStatus.Offline,
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
