namespace Routing.Server.Configuration;

/// <summary>Dead letters' defaults (section "DeadLetters"); a queue may set its own "Queues:{queue}:DeadLetterAfter".</summary>
public sealed class DeadLetterOptions
{
    public const string SectionName = "DeadLetters";

    /// <summary>How long a waiting contact may have no logged-in agent able to serve it before it is flagged (zero: never).</summary>
    public TimeSpan After { get; set; } = TimeSpan.FromMinutes(5);
}
