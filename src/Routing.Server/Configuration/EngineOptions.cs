namespace Routing.Server.Configuration;

/// <summary>
/// How this node runs the routing engine ("Engine" section): sessions, sweeping, defaults. The
/// offer timings the Lua scripts apply (OfferTimeout, DeclineCooldown, MaxConsecutiveExpiries,
/// AffinityWait, PreferredAgentWait, WrapUp, ReconnectGrace, ScanLimit) are bound from the same
/// section into <see cref="Routing.Redis.EngineSettings"/>.
/// </summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    public static readonly IReadOnlyList<string> Strategies = ["longest_idle", "most_skilled", "least_occupied", "round_robin"];

    /// <summary>How often desks must send a heartbeat; a session silent for three intervals is ended.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the first message (hello) may take.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A node silent this long is dead: the surviving nodes return its agents' offers and (except on
    /// channels that stay with the agent) assignments. A node heartbeats on every sweep, so this is
    /// twelve missed sweeps at the default interval; with it a killed node's work is offered again
    /// within about 3.5 s.
    /// </summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often each node sweeps expired offers, affinity waits, wrap-ups and graces.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a node reads back its desks' open offers and sends those a desk has not heard (a lost pub/sub wake-up).</summary>
    public TimeSpan OfferResyncInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Items one sweep processes per kind.</summary>
    public int SweepBatch { get; set; } = 200;

    /// <summary>Cap across channels for agents whose hello gives none.</summary>
    public int DefaultTotalCapacity { get; set; } = 6;

    /// <summary>How far past the head of a queue matching looks for a suitable agent or contact.</summary>
    public int ScanLimit { get; set; } = 32;

    /// <summary>Earlier contacts of the conversation an offer carries.</summary>
    public int OfferHistory { get; set; } = 20;

    /// <summary>Selection strategy per queue: longest_idle (the default), most_skilled, least_occupied, round_robin.</summary>
    public Dictionary<string, string> QueueStrategies { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Interaction write-back to the CRM: retry delay after a failure.</summary>
    public TimeSpan WriteBackRetry { get; set; } = TimeSpan.FromSeconds(5);
}
