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

    /// <summary>
    /// Outreach to one customer across all channels, at most (sliding windows; deferred messages
    /// count when they are deferred). Replies inside a conversation the customer started do not count.
    /// </summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>A tenant's own limits, by tenant ("Outbound:TenantLimits:acme:PerDay"), instead of <see cref="Limits"/>.</summary>
    public Dictionary<string, LimitsOptions> TenantLimits { get; set; } = [];

    /// <summary>The same text and attachments to the same customer within this is sent once (the second Send answers with the first delivery); zero: off.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The limits of <paramref name="tenant"/>.</summary>
    public IReadOnlyList<Routing.Core.Outbound.CommunicationLimit> LimitsFor(string tenant) =>
        (TenantLimits.GetValueOrDefault(tenant) ?? Limits).Resolve();

    public sealed class LimitsOptions
    {
        /// <summary>At most this many in any <see cref="Hour"/>; 0: no such limit.</summary>
        public int PerHour { get; set; } = 1;

        /// <summary>At most this many in any <see cref="Day"/>; 0: no such limit.</summary>
        public int PerDay { get; set; } = 3;

        public TimeSpan Hour { get; set; } = TimeSpan.FromHours(1);

        public TimeSpan Day { get; set; } = TimeSpan.FromDays(1);

        public IReadOnlyList<Routing.Core.Outbound.CommunicationLimit> Resolve() =>
            [.. new Routing.Core.Outbound.CommunicationLimit[] { new(PerHour, Hour), new(PerDay, Day) }.Where(l => l.Count > 0 && l.Window > TimeSpan.Zero)];
    }

    public sealed class QuietHoursOptions
    {
        public string Start { get; set; } = "21:00";

        public string End { get; set; } = "08:00";

        /// <summary>The parsed hours; throws <see cref="FormatException"/> saying what is wrong.</summary>
        public Routing.Core.Outbound.QuietHours Resolve() => Routing.Core.Outbound.QuietHours.Parse(Start, End);
    }
}
