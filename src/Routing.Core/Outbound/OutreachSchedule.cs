namespace Routing.Core.Outbound;

/// <summary>
/// When an outreach message to a customer may go: the earliest time, not before now, inside one of
/// the customer's open periods (outside quiet hours) at which one more message breaks no
/// communication limit. Pure. outreach_queue.lua runs the same search atomically over the
/// customer's sent and reserved messages, so two nodes sending at once cannot exceed a limit; this
/// copy is the specification its tests pin.
/// </summary>
/// <remarks>
/// A message may be placed at t when, for every limit, fewer than Count messages lie in
/// (t - Window, t + Window): every window of that length containing t lies inside that span, so no
/// window ever holds more than Count. Messages already reserved in the future (deferred ones)
/// count as well, which makes the check conservative only when such reservations exist.
/// </remarks>
public static class OutreachSchedule
{
    /// <summary>Candidate times tried at most; beyond them (or beyond the periods) no slot is given.</summary>
    public const int MaxSteps = 64;

    /// <summary>The earliest permitted time, or null when none is found within <paramref name="periods"/>.</summary>
    /// <param name="sent">When each message counted so far went or is reserved to go.</param>
    /// <param name="periods">The open periods from now on, in order (<see cref="QuietHours.OpenPeriods"/>).</param>
    public static DateTimeOffset? Earliest(DateTimeOffset now, IReadOnlyList<DateTimeOffset> sent, IReadOnlyList<CommunicationLimit> limits, IReadOnlyList<OpenPeriod> periods)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(periods);
        var t = now;
        for (var step = 0; step < MaxSteps; step++)
        {
            var period = periods.Where(p => p.End > t).Cast<OpenPeriod?>().FirstOrDefault();
            if (period is not { } open)
            {
                return null;
            }

            if (t < open.Start)
            {
                t = open.Start;
            }

            DateTimeOffset? next = null;
            foreach (var limit in limits.Where(l => l.Count > 0 && l.Window > TimeSpan.Zero))
            {
                var inWindow = sent.Where(e => e > t - limit.Window && e < t + limit.Window).Order().ToList();
                if (inWindow.Count < limit.Count)
                {
                    continue;
                }

                // The oldest messages must leave the window: the (n-1)-th newest of the past ones
                // leaves at its time + Window. Blocked by future reservations: after the last of them.
                var past = inWindow.Where(e => e <= t).ToList();
                var candidate = past.Count >= limit.Count ? past[past.Count - limit.Count] + limit.Window : inWindow[^1] + limit.Window;
                next = next is { } n && n > candidate ? n : candidate;
            }

            if (next is null)
            {
                return t;
            }

            t = next.Value;
        }

        return null;
    }

    /// <summary>
    /// Now, deferred (quiet hours always; a limit only when <paramref name="deferAllowed"/>), or
    /// refused with when it could go.
    /// </summary>
    public static OutreachSlot Decide(DateTimeOffset now, IReadOnlyList<DateTimeOffset> sent, IReadOnlyList<CommunicationLimit> limits, IReadOnlyList<OpenPeriod> periods, bool deferAllowed)
    {
        var at = Earliest(now, sent, limits, periods);
        if (at is not { } slot)
        {
            return new OutreachSlot(OutreachTiming.Refused, null, OutreachHold.CommunicationLimit);
        }

        if (slot == now)
        {
            return new OutreachSlot(OutreachTiming.Now, now, OutreachHold.None);
        }

        if (slot == Earliest(now, [], [], periods))
        {
            return new OutreachSlot(OutreachTiming.Deferred, slot, OutreachHold.QuietHours);
        }

        return deferAllowed
            ? new OutreachSlot(OutreachTiming.Deferred, slot, OutreachHold.CommunicationLimit)
            : new OutreachSlot(OutreachTiming.Refused, slot, OutreachHold.CommunicationLimit);
    }
}
