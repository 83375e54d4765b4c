namespace Routing.Server.Outbound;

/// <summary>The outbound pipeline ("Outbound" section), read at use time so a reload applies at once.</summary>
public sealed class OutboundOptions
{
    public const string SectionName = "Outbound";

    /// <summary>A delivery handed to a gateway stream and not acknowledged within this is delivered again.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Unacknowledged deliveries per gateway stream, at most (a stream may ask for fewer).</summary>
    public int MaxInFlight { get; set; } = 32;

    /// <summary>How often a gateway stream looks at its outboxes without a wake-up (a lost pub/sub message only delays).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a delivered or failed delivery is kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long Outreach.Send's (source, external id) answers a retry with the same delivery.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Expired in-flight deliveries put back per sweep pass, at most.</summary>
    public int SweepBatch { get; set; } = 100;

}
