namespace Routing.Core.Callbacks;

/// <summary>
/// When a callback is due, or why it cannot be: <see cref="DueAt"/> is set when a moment of the
/// window may be used; else <see cref="Refusal"/> says what fills the whole window and
/// <see cref="NextPossible"/> when it ends (null when the queue never opens again).
/// </summary>
public sealed record CallbackDue(DateTimeOffset? DueAt, CallbackRefusal Refusal = CallbackRefusal.None, DateTimeOffset? NextPossible = null)
{
    /// <summary>True when the due time is later than the window's start (quiet hours or business hours moved it).</summary>
    public bool Deferred { get; init; }
}
