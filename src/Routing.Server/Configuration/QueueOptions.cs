namespace Routing.Server.Configuration;

/// <summary>One queue's settings (section "Queues:{queue}").</summary>
public sealed class QueueOptions
{
    /// <summary>The name of a shared calendar (section "Calendars:{name}"); <see cref="Hours"/> is used when it is not set.</summary>
    public string? Calendar { get; set; }

    /// <summary>The queue's own calendar. Neither this nor <see cref="Calendar"/>: always open.</summary>
    public CalendarOptions? Hours { get; set; }

    /// <summary>What happens to a contact that arrives while the queue is closed (default: hold until it opens).</summary>
    public OutsideHoursOptions? OutsideHours { get; set; }

    /// <summary>How long a contact may wait with no logged-in agent able to serve it before it is flagged (default DeadLetters:After; zero: never).</summary>
    public TimeSpan? DeadLetterAfter { get; set; }
}
