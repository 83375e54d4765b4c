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

    /// <summary>
    /// Local hours in the customer's time zone (the CRM's, else <c>Routing:TimeZone</c>) when nothing
    /// unasked goes to them: outreach and callbacks due then wait for the end ("HH:mm"; equal: none).
    /// Replies inside a conversation the customer started are not held.
    /// </summary>
    public QuietHoursOptions QuietHours { get; set; } = new();

    public sealed class QuietHoursOptions
    {
        public string Start { get; set; } = "21:00";

        public string End { get; set; } = "08:00";

        /// <summary>The parsed hours; throws <see cref="FormatException"/> saying what is wrong.</summary>
        public Routing.Core.Outbound.QuietHours Resolve() => Routing.Core.Outbound.QuietHours.Parse(Start, End);
    }
}
