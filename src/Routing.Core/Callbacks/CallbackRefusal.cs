namespace Routing.Core.Callbacks;

/// <summary>Why no moment of a callback's window may be used.</summary>
public enum CallbackRefusal
{
    None,

    /// <summary>The whole window falls in the customer's quiet hours.</summary>
    QuietHours,

    /// <summary>The queue is closed for the whole window (its business hours).</summary>
    OutsideBusinessHours,
}
