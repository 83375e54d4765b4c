namespace Routing.Redis;

/// <summary>What a routing script decided that an agent's desk must hear, addressed to the node holding its session.</summary>
public enum RoutingEventKind
{
    /// <summary>A contact is offered to the agent (<see cref="RoutingEvent.OfferReason"/>, <see cref="RoutingEvent.OfferDetail"/>, <see cref="RoutingEvent.ExpiresAt"/>).</summary>
    Offer,

    /// <summary>An offer was taken back (<see cref="RoutingEvent.RevokeReason"/>).</summary>
    Revoke,

    /// <summary>The router changed the agent's status (<see cref="RoutingEvent.Status"/>, <see cref="RoutingEvent.StatusReason"/>).</summary>
    Status,

    /// <summary>A newer session of the same agent replaced this one (<see cref="RoutingEvent.NewSessionId"/>).</summary>
    Replaced,

    /// <summary>A supervisor logged the agent out (<see cref="RoutingEvent.StatusReason"/>, <see cref="RoutingEvent.ChangedBy"/>): the session ends.</summary>
    LoggedOut,

    /// <summary>A supervisor changed the agent's skills or capacity (<see cref="RoutingEvent.Queues"/>, <see cref="RoutingEvent.Capacities"/>, <see cref="RoutingEvent.TotalCapacity"/>).</summary>
    ProfileChanged,

    /// <summary>A gateway reported the outcome of the agent's reply (<see cref="RoutingEvent.Delivery"/>).</summary>
    DeliveryReport,
}

/// <summary>
/// One event for one agent session. The session must still be <see cref="Session"/> when
/// delivered. The fields after <see cref="OfferId"/> belong to one kind each and are null (or
/// empty) for the others.
/// </summary>
public sealed record RoutingEvent(
    RoutingEventKind Kind,
    string AgentId,
    string Node,
    string Session,
    string ContactId = "",
    string OfferId = "")
{
    public EngineOfferReason? OfferReason { get; init; }

    /// <summary>For an offer: what the reason refers to (the queue and strategy, who transferred it, ...).</summary>
    public string OfferDetail { get; init; } = "";

    /// <summary>For an offer: when it expires (Unix ms).</summary>
    public long ExpiresAt { get; init; }

    public EngineRevokeReason? RevokeReason { get; init; }

    public EngineAgentStatus? Status { get; init; }

    /// <summary>For a status change: why the router changed it.</summary>
    public string StatusReason { get; init; } = "";

    /// <summary>For a replaced session: the session that replaced it.</summary>
    public string NewSessionId { get; init; } = "";

    /// <summary>For a status change, logout or profile change not made by the agent: who made it (a supervisor, "router").</summary>
    public string ChangedBy { get; init; } = "";

    /// <summary>For a profile change: the queues as stored, "queue:proficiency:primary,...".</summary>
    public string Queues { get; init; } = "";

    /// <summary>For a delivery report: the delivery, its channel, outcome word, reason and attempt.</summary>
    public DeliveryReportFields? Delivery { get; init; }

    /// <summary>For a profile change: "channel:max,...".</summary>
    public string Capacities { get; init; } = "";

    public int TotalCapacity { get; init; }
}
