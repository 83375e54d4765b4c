using Routing.Core.Hours;

namespace Routing.Core.Outbound;

/// <summary>
/// The hours of the customer's own day when nothing is sent to them unasked (outreach, callbacks):
/// from <see cref="Start"/> to <see cref="End"/> local time in the customer's time zone, across
/// midnight when Start is later than End ("21:00" to "08:00"). A message due inside them is
/// deferred to their end, never dropped. Pure: the caller passes the time.
/// </summary>
public sealed class QuietHours
{
    private QuietHours(TimeOnly start, TimeOnly end)
    {
        Start = start;
        End = end;
    }

    /// <summary>No quiet hours: everything may go at once.</summary>
    public static QuietHours None { get; } = new(TimeOnly.MinValue, TimeOnly.MinValue);

    public TimeOnly Start { get; }

    public TimeOnly End { get; }

    public bool IsNone => Start == End;

    /// <summary>Quiet from <paramref name="start"/> to <paramref name="end"/> ("HH:mm"); equal or empty means none. Throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static QuietHours Parse(string? start, string? end)
    {
        if (string.IsNullOrWhiteSpace(start) && string.IsNullOrWhiteSpace(end))
        {
            return None;
        }

        var from = ParseTime(start, "start");
        var to = ParseTime(end, "end");
        return from == to ? None : new QuietHours(from, to);
    }

    /// <summary>
    /// When a message due at <paramref name="now"/> may go to a customer in <paramref name="timeZone"/>
    /// (an IANA id; empty or unknown: <paramref name="fallbackZone"/>): now itself outside quiet hours,
    /// else their end (local wall-clock time, so daylight-saving changes keep "08:00" at 08:00).
    /// </summary>
    public DateTimeOffset NextAllowed(DateTimeOffset now, string? timeZone, TimeZoneInfo fallbackZone)
    {
        ArgumentNullException.ThrowIfNull(fallbackZone);
        if (IsNone)
        {
            return now;
        }

        return Allowed(ResolveZone(timeZone, fallbackZone)).NextOpening(now) ?? now;
    }

    /// <summary>True when <paramref name="now"/> falls inside the customer's quiet hours.</summary>
    public bool IsQuiet(DateTimeOffset now, string? timeZone, TimeZoneInfo fallbackZone) => NextAllowed(now, timeZone, fallbackZone) > now;

    /// <summary>
    /// The next <paramref name="count"/> spans outside quiet hours from <paramref name="from"/> on, in
    /// order (the first starts at <paramref name="from"/> when it is not quiet). None: one endless span.
    /// </summary>
    public IReadOnlyList<OpenPeriod> OpenPeriods(DateTimeOffset from, string? timeZone, TimeZoneInfo fallbackZone, int count)
    {
        ArgumentNullException.ThrowIfNull(fallbackZone);
        if (IsNone)
        {
            return [new OpenPeriod(from, DateTimeOffset.MaxValue)];
        }

        var zone = ResolveZone(timeZone, fallbackZone);
        var calendar = Allowed(zone);
        var periods = new List<OpenPeriod>(count);
        var t = from;
        for (var i = 0; i < count; i++)
        {
            var start = calendar.NextOpening(t) ?? t;
            var end = NextQuietStart(start, zone);
            periods.Add(new OpenPeriod(start, end));
            t = end;
        }

        return periods;
    }

    /// <summary>The first start of quiet hours after <paramref name="open"/> (local wall-clock time in <paramref name="zone"/>).</summary>
    private DateTimeOffset NextQuietStart(DateTimeOffset open, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(open, zone).DateTime);
        for (var day = -1; day <= 2; day++)
        {
            var wall = today.AddDays(day).ToDateTime(Start);
            var at = new DateTimeOffset(wall, zone.GetUtcOffset(wall));
            if (at > open)
            {
                return at;
            }
        }

        return open.AddDays(1);
    }

    /// <summary>The customer's zone, or <paramref name="fallbackZone"/> when it is empty or not known on this machine.</summary>
    public static TimeZoneInfo ResolveZone(string? timeZone, TimeZoneInfo fallbackZone)
    {
        if (!string.IsNullOrWhiteSpace(timeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out var zone))
        {
            return zone;
        }

        return fallbackZone;
    }

    public override string ToString() => IsNone ? "none" : $"{Start:HH\\:mm}-{End:HH\\:mm}";

    /// <summary>The hours outside the quiet ones as a calendar open every day.</summary>
    private BusinessCalendar Allowed(TimeZoneInfo zone)
    {
        var ranges = Start > End
            ? $"{End:HH\\:mm}-{Start:HH\\:mm}"
            : Start > TimeOnly.MinValue ? $"00:00-{Start:HH\\:mm},{End:HH\\:mm}-24:00" : $"{End:HH\\:mm}-24:00";
        var week = Enum.GetValues<DayOfWeek>().ToDictionary(d => d.ToString(), _ => (string?)ranges);
        return BusinessCalendar.Create(zone.Id, week, []);
    }

    private static TimeOnly ParseTime(string? text, string what) =>
        TimeOnly.TryParseExact(text?.Trim(), "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
            ? time
            : throw new FormatException($"quiet hours {what} '{text}' is not a time HH:mm");
}
