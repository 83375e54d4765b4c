namespace Routing.Server.Configuration;

/// <summary>How a queue handles a contact that arrives while it is closed.</summary>
public enum OutsideHoursAction
{
    /// <summary>Accept it and hold it, offered to nobody, until the queue opens.</summary>
    Hold,

    /// <summary>Route it to <see cref="OutsideHoursOptions.Queue"/> (which may have its own calendar).</summary>
    Overflow,

    /// <summary>Answer with <see cref="OutsideHoursOptions.Message"/>; the contact is recorded and finished.</summary>
    ClosedMessage,
}
