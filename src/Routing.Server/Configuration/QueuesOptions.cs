namespace Routing.Server.Configuration;

/// <summary>
/// Per-queue settings (section "Queues", keyed by queue name, case-insensitive): business hours,
/// what happens to a contact outside them, and when a waiting contact nobody can serve is a dead letter.
/// </summary>
public sealed class QueuesOptions : Dictionary<string, QueueOptions>
{
    public const string SectionName = "Queues";

    public QueuesOptions()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }
}
