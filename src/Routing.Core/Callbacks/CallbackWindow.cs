using Routing.Core.Errors;

namespace Routing.Core.Callbacks;

/// <summary>
/// The window a customer gave for a callback, checked against the clock: an empty start is "as soon
/// as possible" (now), a start already past counts from now. An empty end leaves the window open
/// (<see cref="OpenEnded"/>): the due time may be found up to the furthest allowed, and the window
/// then lasts the default length from it (<see cref="EndFor"/>). Pure: the caller passes the time and the limits.
/// </summary>
public sealed record CallbackWindow(DateTimeOffset Start, DateTimeOffset End, bool OpenEnded = false, TimeSpan DefaultLength = default)
{
    /// <summary>The end of the window of a callback due at <paramref name="dueAt"/>: the given end, or for an open window the default length after the due time.</summary>
    public DateTimeOffset EndFor(DateTimeOffset dueAt) => OpenEnded ? (dueAt + DefaultLength < End ? dueAt + DefaultLength : End) : End;

    /// <summary>The window to use; INVALID_ARGUMENT naming window_start or window_end when it cannot be.</summary>
    public static CallbackWindow Resolve(DateTimeOffset? start, DateTimeOffset? end, DateTimeOffset now, TimeSpan maxAhead, TimeSpan defaultWindow)
    {
        if (start is { } s && end is { } e && e <= s)
        {
            RoutingErrors.InvalidArgument("window_end", "must be after window_start");
        }

        if (end is { } over && over <= now)
        {
            RoutingErrors.InvalidArgument("window_end", "is already over");
        }

        var latest = now + maxAhead;
        if (start is { } far && far > latest)
        {
            RoutingErrors.InvalidArgument("window_start", $"is more than {Describe(maxAhead)} ahead (Callbacks:MaxAhead)");
        }

        var from = start is { } given && given > now ? given : now;
        if (end is not { } to)
        {
            return new CallbackWindow(from, latest, OpenEnded: true, defaultWindow);
        }

        if (to > latest)
        {
            RoutingErrors.InvalidArgument("window_end", $"is more than {Describe(maxAhead)} ahead (Callbacks:MaxAhead)");
        }

        return new CallbackWindow(from, to);
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays:0} days" : $"{span.TotalHours:0.##} hours";
}
