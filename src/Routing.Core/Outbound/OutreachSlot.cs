namespace Routing.Core.Outbound;

/// <summary>The outcome of <see cref="OutreachSchedule.Decide"/>: when the message goes (or would), and why not now.</summary>
public sealed record OutreachSlot(OutreachTiming Timing, DateTimeOffset? At, OutreachHold Hold);
