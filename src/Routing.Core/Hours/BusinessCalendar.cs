using System.Globalization;

namespace Routing.Core.Hours;

/// <summary>
/// A queue's opening hours: weekly hours in one IANA (or Windows) time zone, and holidays (local
/// dates closed all day). Hours are local wall-clock times, so a queue open 08:00-18:00 opens at
/// 08:00 local on both sides of a daylight-saving change. Pure: the caller passes the time.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>How far ahead <see cref="NextOpening"/> looks (a calendar closed longer never opens).</summary>
    private const int HorizonDays = 400;

    private readonly IReadOnlyDictionary<DayOfWeek, IReadOnlyList<(TimeSpan From, TimeSpan To)>> _week;
    private readonly HashSet<DateOnly> _holidays;

    private BusinessCalendar(TimeZoneInfo zone, IReadOnlyDictionary<DayOfWeek, IReadOnlyList<(TimeSpan From, TimeSpan To)>> week, HashSet<DateOnly> holidays)
    {
        Zone = zone;
        _week = week;
        _holidays = holidays;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// Builds a calendar. <paramref name="hours"/>: day ("Monday" … "Sunday", or "Weekdays" for
    /// Monday to Friday, a named day overriding it) to "HH:mm-HH:mm" ranges separated by commas
    /// ("08:00-12:00,13:00-17:30"; "24:00" ends at midnight; empty: closed). A day not listed is
    /// closed. <paramref name="holidays"/>: local dates "yyyy-MM-dd". Throws
    /// <see cref="FormatException"/> saying what is wrong.
    /// </summary>
    public static BusinessCalendar Create(string? timeZone, IReadOnlyDictionary<string, string?> hours, IEnumerable<string> holidays)
    {
        TimeZoneInfo zone;
        try
        {
            zone = string.IsNullOrWhiteSpace(timeZone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(timeZone.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"time zone '{timeZone}' is not known (use an IANA id such as Europe/London)", ex);
        }

        var week = new Dictionary<DayOfWeek, IReadOnlyList<(TimeSpan, TimeSpan)>>();
        foreach (var (day, ranges) in hours.OrderBy(h => string.Equals(h.Key, "Weekdays", StringComparison.OrdinalIgnoreCase) ? 0 : 1))
        {
            var parsed = ParseRanges(day, ranges);
            if (string.Equals(day, "Weekdays", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var d in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
                {
                    week[d] = parsed;
                }
            }
            else if (Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var d) && Enum.IsDefined(d) && !int.TryParse(day, out _))
            {
                week[d] = parsed;
            }
            else
            {
                throw new FormatException($"'{day}' is not a day (Monday … Sunday, or Weekdays)");
            }
        }

        var closed = new HashSet<DateOnly>();
        foreach (var holiday in holidays)
        {
            if (!DateOnly.TryParseExact(holiday?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new FormatException($"holiday '{holiday}' is not a date yyyy-MM-dd");
            }

            closed.Add(date);
        }

        return new BusinessCalendar(zone, week, closed);
    }

    public bool IsOpen(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (_holidays.Contains(date) || !_week.TryGetValue(local.DayOfWeek, out var ranges))
        {
            return false;
        }

        var time = local.TimeOfDay;
        return ranges.Any(r => r.From <= time && time < r.To);
    }

    /// <summary>The next time the calendar opens after <paramref name="now"/> (now itself when open); null when it never opens within a year.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset now)
    {
        if (IsOpen(now))
        {
            return now;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);
        for (var i = 0; i <= HorizonDays; i++)
        {
            var date = today.AddDays(i);
            if (_holidays.Contains(date) || !_week.TryGetValue(date.DayOfWeek, out var ranges))
            {
                continue;
            }

            foreach (var (from, _) in ranges.OrderBy(r => r.From))
            {
                var opens = ToUtc(date.ToDateTime(TimeOnly.MinValue).Add(from));
                if (opens > now)
                {
                    return opens;
                }
            }
        }

        return null;
    }

    /// <summary>A local wall-clock time as UTC; a time skipped by a clock change opens when the clocks have moved on.</summary>
    private DateTimeOffset ToUtc(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(15);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, Zone), TimeSpan.Zero);
    }

    private static List<(TimeSpan, TimeSpan)> ParseRanges(string day, string? ranges)
    {
        var list = new List<(TimeSpan, TimeSpan)>();
        foreach (var range in (ranges ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = range.Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !TryTime(parts[0], out var from) || !TryTime(parts[1], out var to) || from >= to)
            {
                throw new FormatException($"{day}: '{range}' is not a range HH:mm-HH:mm (start before end, 24:00 at most)");
            }

            list.Add((from, to));
        }

        return list;
    }

    private static bool TryTime(string text, out TimeSpan time)
    {
        if (text == "24:00")
        {
            time = TimeSpan.FromHours(24);
            return true;
        }

        var ok = TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t);
        time = t.ToTimeSpan();
        return ok;
    }
}
