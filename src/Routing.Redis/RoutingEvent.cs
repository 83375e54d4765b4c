namespace Routing.Redis;

/// <summary>What a routing script decided that an agent's desk must hear, addressed to the node holding its session.</summary>
public enum RoutingEventKind
{
    /// <summary>A contact is offered to the agent (OfferId, Reason, Detail, ExpiresAt).</summary>
    Offer,

    /// <summary>An offer was taken back (OfferId, Reason: expired / cancelled / session_ended).</summary>
    Revoke,

    /// <summary>The router changed the agent's status (Reason: status, Detail: why).</summary>
    Status,

    /// <summary>A newer session of the same agent replaced this one (Reason: the new session id).</summary>
    Replaced,
}

/// <summary>One event for one agent session. The session must still be <see cref="Session"/> when delivered.</summary>
public sealed record RoutingEvent(
    RoutingEventKind Kind,
    string AgentId,
    string Node,
    string Session,
    string ContactId,
    string OfferId,
    string Reason,
    string Detail,
    long ExpiresAt)
{
    internal static RoutingEvent FromScript(StackExchange.Redis.RedisResult[] e) => new(
        (string)e[0]! switch
        {
            "offer" => RoutingEventKind.Offer,
            "revoke" => RoutingEventKind.Revoke,
            "status" => RoutingEventKind.Status,
            "replaced" => RoutingEventKind.Replaced,
            var other => throw new InvalidOperationException($"Unknown routing event '{other}'."),
        },
        (string)e[1]!,
        (string)e[2]!,
        (string)e[3]!,
        (string)e[4]!,
        (string)e[5]!,
        (string)e[6]!,
        (string)e[7]!,
        long.TryParse((string?)e[8], out var at) ? at : 0);
}
