using Microsoft.Extensions.Options;
using Routing.Server.Configuration;

namespace Routing.Server.Hours;

/// <summary>Every calendar parses, every referenced calendar exists, every overflow names a queue.</summary>
public sealed class QueuesOptionsValidator(IOptionsMonitor<CalendarsOptions> calendars) : IValidateOptions<QueuesOptions>
{
    public ValidateOptionsResult Validate(string? name, QueuesOptions options)
    {
        var errors = new List<string>();
        foreach (var (calendarName, calendar) in calendars.CurrentValue)
        {
            Check($"Calendars:{calendarName}", calendar, errors);
        }

        foreach (var (queue, q) in options)
        {
            if (!string.IsNullOrWhiteSpace(q.Calendar) && !calendars.CurrentValue.ContainsKey(q.Calendar))
            {
                errors.Add($"Queues:{queue}:Calendar names '{q.Calendar}', which is not under Calendars.");
            }

            if (q.Hours is not null)
            {
                Check($"Queues:{queue}:Hours", q.Hours, errors);
            }

            if (q.DeadLetterAfter < TimeSpan.Zero)
            {
                errors.Add($"Queues:{queue}:DeadLetterAfter must not be negative.");
            }

            if (q.OutsideHours is { } o)
            {
                CheckAction($"Queues:{queue}:OutsideHours", o, o.Action, o.Queue, errors);
                foreach (var (channel, c) in o.Channels)
                {
                    CheckAction($"Queues:{queue}:OutsideHours:Channels:{channel}", c, c.Action, c.Queue ?? o.Queue, errors);
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(string path, CalendarOptions calendar, List<string> errors)
    {
        try
        {
            BusinessHours.Parse(calendar);
        }
        catch (FormatException ex)
        {
            errors.Add($"{path}: {ex.Message}.");
        }
    }

    private static void CheckAction(string path, OutsideHoursOptions _, OutsideHoursAction? action, string? queue, List<string> errors)
    {
        if (action == OutsideHoursAction.Overflow && string.IsNullOrWhiteSpace(queue))
        {
            errors.Add($"{path}: Overflow needs a Queue.");
        }
    }
}
