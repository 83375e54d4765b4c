namespace Routing.Server.Configuration;

/// <summary>What a closed queue does with a contact (section "Queues:{queue}:OutsideHours"), with per-channel overrides.</summary>
public sealed class OutsideHoursOptions
{
    /// <summary>Default <see cref="OutsideHoursAction.Hold"/>.</summary>
    public OutsideHoursAction? Action { get; set; }

    /// <summary>The queue to overflow to (Overflow).</summary>
    public string? Queue { get; set; }

    /// <summary>The text the gateway plays or sends (ClosedMessage).</summary>
    public string? Message { get; set; }

    /// <summary>Per channel ("voice", "email", …): only the keys set override the queue's.</summary>
    public Dictionary<string, OutsideHoursOptions> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
