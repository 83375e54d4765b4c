namespace Routing.Core.Outbound;

/// <summary>What <see cref="OutreachSchedule.Decide"/> does with an outreach message.</summary>
public enum OutreachTiming
{
    /// <summary>It goes now.</summary>
    Now = 1,

    /// <summary>It waits, durably, and goes at <see cref="OutreachSlot.At"/>.</summary>
    Deferred = 2,

    /// <summary>Refused: over the communication limit and the caller did not ask to defer (<see cref="OutreachSlot.At"/> says when it may go, if known).</summary>
    Refused = 3,
}
