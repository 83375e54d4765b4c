namespace Routing.Server.Configuration;

/// <summary>Opening hours (section "Calendars:{name}" or "Queues:{queue}:Hours"); see <see cref="Core.Hours.BusinessCalendar.Create"/>.</summary>
public sealed class CalendarOptions
{
    /// <summary>An IANA time zone id, e.g. "Europe/London" (default UTC).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Day ("Monday" … "Sunday", "Weekdays") to local ranges, e.g. "08:00-18:00" or "08:00-12:00,13:00-17:00". A day not listed is closed.</summary>
    public Dictionary<string, string?> Hours { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Local dates closed all day, "yyyy-MM-dd".</summary>
    public List<string> Holidays { get; set; } = [];
}
