namespace Routing.Server.Configuration;

/// <summary>Named calendars several queues can share (section "Calendars", referenced by "Queues:{queue}:Calendar").</summary>
public sealed class CalendarsOptions : Dictionary<string, CalendarOptions>
{
    public const string SectionName = "Calendars";

    public CalendarsOptions()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }
}
