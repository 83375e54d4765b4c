using Routing.Core.Hours;
using Routing.Core.Outbound;

namespace Routing.Core.Callbacks;

/// <summary>
/// The due time of a callback: the first moment of its window that is outside the customer's quiet
/// hours (in their own time zone) and inside the queue's business hours (when it has a calendar).
/// The window's end is exclusive. Pure: the caller passes the window and the calendars.
/// </summary>
public static class CallbackSchedule
{
    /// <summary>Quiet hours and opening hours alternate at most a few times a day; this bounds a window of many weeks.</summary>
    private const int MaxSteps = 512;

    public static CallbackDue Decide(CallbackWindow window, QuietHours quiet, TimeZoneInfo customerZone, BusinessCalendar? queueHours)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(quiet);
        ArgumentNullException.ThrowIfNull(customerZone);
        var at = window.Start;
        var refusal = CallbackRefusal.None;
        for (var step = 0; step < MaxSteps && at < window.End; step++)
        {
            var allowed = quiet.NextAllowed(at, null, customerZone);
            if (allowed > at)
            {
                (at, refusal) = (allowed, CallbackRefusal.QuietHours);
                continue;
            }

            if (queueHours is not null && !queueHours.IsOpen(at))
            {
                if (queueHours.NextOpening(at) is not { } opens)
                {
                    return new CallbackDue(null, CallbackRefusal.OutsideBusinessHours);
                }

                (at, refusal) = (opens, CallbackRefusal.OutsideBusinessHours);
                continue;
            }

            return new CallbackDue(at) { Deferred = at > window.Start };
        }

        return new CallbackDue(null, refusal == CallbackRefusal.None ? CallbackRefusal.QuietHours : refusal, at);
    }
}
