namespace Routing.Redis;

/// <summary>Why an offer was taken back.</summary>
public enum EngineRevokeReason
{
    Expired,
    Cancelled,

    /// <summary>The agent's session ended, logged out or was replaced.</summary>
    SessionEnded,
}
