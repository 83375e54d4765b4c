using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Routing.Core.Hours;
using Routing.Redis;
using Routing.Server.Configuration;

namespace Routing.Server.Hours;

/// <summary>
/// Decides, from the queues' calendars and the injected clock, whether a contact's queue is open
/// and what to do when it is not. Reads the configuration at every call (it reloads without a
/// restart); a calendar is parsed once per configuration instance.
/// </summary>
public sealed class BusinessHours(
    IOptionsMonitor<QueuesOptions> queues,
    IOptionsMonitor<CalendarsOptions> calendars,
    IOptionsMonitor<DeadLetterOptions> deadLetters)
{
    /// <summary>Overflows followed at most (a loop of closed queues ends in a hold).</summary>
    private const int MaxOverflows = 5;

    public const string DefaultClosedMessage = "We are closed now. Please contact us again during our opening hours.";

    private readonly ConditionalWeakTable<CalendarOptions, BusinessCalendar> _parsed = [];

    public HoursDecision Decide(string queue, string channel, DateTimeOffset now)
    {
        var from = queue;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { queue };
        for (var hop = 0; ; hop++)
        {
            var calendar = CalendarOf(queue);
            if (calendar is null || calendar.IsOpen(now))
            {
                return queue == from ? new HoursDecision(queue) : new HoursDecision(queue, OutsideHoursActions.Overflow, ClosedQueue: from);
            }

            var (action, target, message) = OutsideHoursFor(queue, channel);
            var opens = calendar.NextOpening(now);
            if (action == OutsideHoursAction.Overflow && !string.IsNullOrWhiteSpace(target) && hop < MaxOverflows && seen.Add(target))
            {
                queue = target;
                continue;
            }

            if (action == OutsideHoursAction.ClosedMessage || opens is null)
            {
                return new HoursDecision(queue, OutsideHoursActions.Closed, opens, queue, message ?? DefaultClosedMessage);
            }

            return new HoursDecision(queue, OutsideHoursActions.Hold, opens, queue == from ? queue : from);
        }
    }

    /// <summary>The closed message of the queue for the channel (for a repeated submit of a contact answered closed).</summary>
    public string ClosedMessage(string queue, string channel) => OutsideHoursFor(queue, channel).Message ?? DefaultClosedMessage;

    /// <summary>The queue's dead-letter threshold (zero: never flagged).</summary>
    public TimeSpan DeadLetterAfter(string queue) =>
        queues.CurrentValue.TryGetValue(queue, out var q) && q.DeadLetterAfter is { } after ? after : deadLetters.CurrentValue.After;

    /// <summary>The queue's calendar; null when it has none (always open).</summary>
    public BusinessCalendar? CalendarOf(string queue)
    {
        if (!queues.CurrentValue.TryGetValue(queue, out var q))
        {
            return null;
        }

        var options = !string.IsNullOrWhiteSpace(q.Calendar) ? calendars.CurrentValue.GetValueOrDefault(q.Calendar) : q.Hours;
        return options is null ? null : _parsed.GetValue(options, Parse);
    }

    public static BusinessCalendar Parse(CalendarOptions o) => BusinessCalendar.Create(o.TimeZone, o.Hours, o.Holidays);

    private (OutsideHoursAction Action, string? Queue, string? Message) OutsideHoursFor(string queue, string channel)
    {
        var o = queues.CurrentValue.GetValueOrDefault(queue)?.OutsideHours;
        var c = o?.Channels.GetValueOrDefault(channel);
        return (c?.Action ?? o?.Action ?? OutsideHoursAction.Hold, c?.Queue ?? o?.Queue, c?.Message ?? o?.Message);
    }
}
