using Routing.Core.Callbacks;
using Routing.Core.Errors;
using Routing.Core.Hours;
using Routing.Core.Outbound;

namespace Routing.Core.Tests;

public sealed class CallbackScheduleTests
{
    private static readonly QuietHours Evenings = QuietHours.Parse("21:00", "08:00");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly DateTimeOffset Now = Utc("2026-12-01T10:00:00");

    // Weekdays 09:00-17:00 UTC.
    private static readonly BusinessCalendar Office = BusinessCalendar.Create(
        "UTC", new Dictionary<string, string?> { ["Weekdays"] = "09:00-17:00" }, []);

    private static DateTimeOffset Utc(string at) => DateTimeOffset.Parse(at + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Window start, end (London = UTC in December), queue calendar?, due or refusal, next possible.
    [InlineData("2026-12-01T11:00:00", "2026-12-01T12:00:00", false, "2026-12-01T11:00:00", "")]
    [InlineData("2026-12-01T22:00:00", "2026-12-02T09:00:00", false, "2026-12-02T08:00:00", "")]
    [InlineData("2026-12-01T20:30:00", "2026-12-01T23:00:00", false, "2026-12-01T20:30:00", "")]
    [InlineData("2026-12-01T21:00:00", "2026-12-02T08:00:00", false, "QuietHours", "2026-12-02T08:00:00")]
    [InlineData("2026-12-01T22:00:00", "2026-12-02T10:00:00", true, "2026-12-02T09:00:00", "")]
    // Friday 18:00 to Monday 08:30: the office is closed all along (opens Monday 09:00).
    [InlineData("2026-12-04T18:00:00", "2026-12-07T08:30:00", true, "OutsideBusinessHours", "2026-12-07T09:00:00")]
    // Saturday morning, not quiet, but the office is closed: due when it opens Monday.
    [InlineData("2026-12-05T10:00:00", "2026-12-07T12:00:00", true, "2026-12-07T09:00:00", "")]
    public void Decide_FirstMomentOutsideQuietHoursAndInsideBusinessHours(string start, string end, bool office, string expected, string next)
    {
        var due = CallbackSchedule.Decide(new CallbackWindow(Utc(start), Utc(end)), Evenings, London, office ? Office : null);

        if (Enum.TryParse<CallbackRefusal>(expected, out var refusal))
        {
            Assert.Null(due.DueAt);
            Assert.Equal(refusal, due.Refusal);
            Assert.Equal(Utc(next), due.NextPossible);
        }
        else
        {
            Assert.Equal(Utc(expected), due.DueAt);
            Assert.Equal(CallbackRefusal.None, due.Refusal);
            Assert.Equal(Utc(expected) > Utc(start), due.Deferred);
        }
    }

    [Fact]
    public void Decide_InTheCustomersOwnZone_NotTheServers()
    {
        // 02:00 UTC is 21:00 in New York (quiet there); 08:00 there is 13:00 UTC.
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var due = CallbackSchedule.Decide(new CallbackWindow(Utc("2026-12-02T02:00:00"), Utc("2026-12-02T20:00:00")), Evenings, newYork, null);
        Assert.Equal(Utc("2026-12-02T13:00:00"), due.DueAt);
    }

    [Fact]
    public void Decide_NoQuietHours_IsTheWindowsStart() =>
        Assert.Equal(Utc("2026-12-01T23:00:00"), CallbackSchedule.Decide(new CallbackWindow(Utc("2026-12-01T23:00:00"), Utc("2026-12-02T01:00:00")), QuietHours.None, London, null).DueAt);

    [Fact]
    public void Resolve_EmptyStart_IsNow_EmptyEnd_IsOpenAndLastsTheDefaultFromTheDueTime()
    {
        var window = CallbackWindow.Resolve(null, null, Now, TimeSpan.FromDays(30), TimeSpan.FromHours(2));

        Assert.Equal(Now, window.Start);
        Assert.True(window.OpenEnded);
        Assert.Equal(Now.AddDays(30), window.End);
        Assert.Equal(Now.AddHours(3), window.EndFor(Now.AddHours(1)));
    }

    [Fact]
    public void Resolve_StartAlreadyPast_CountsFromNow() =>
        Assert.Equal(Now, CallbackWindow.Resolve(Now.AddHours(-1), Now.AddHours(1), Now, TimeSpan.FromDays(30), TimeSpan.FromHours(2)).Start);

    [Theory]
    [InlineData(2.0, 1.0, "window_end", "must be after window_start")]
    [InlineData(-3.0, -1.0, "window_end", "is already over")]
    [InlineData(24.0 * 31, 24.0 * 31 + 1, "window_start", "more than 30 days ahead")]
    [InlineData(1.0, 24.0 * 31, "window_end", "more than 30 days ahead")]
    public void Resolve_BadWindow_IsInvalidArgumentNamingTheField(double startHours, double endHours, string field, string message)
    {
        var error = Assert.Throws<RoutingException>(() => CallbackWindow.Resolve(Now.AddHours(startHours), Now.AddHours(endHours), Now, TimeSpan.FromDays(30), TimeSpan.FromHours(2)));

        Assert.Equal(RoutingErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
