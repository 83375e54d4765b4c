using Routing.Core.Hours;

namespace Routing.Core.Tests;

public sealed class BusinessCalendarTests
{
    private static BusinessCalendar London(params string[] holidays) =>
        BusinessCalendar.Create("Europe/London", new Dictionary<string, string?> { ["Weekdays"] = "08:00-18:00" }, holidays);

    private static DateTimeOffset Utc(string at) => DateTimeOffset.Parse(at + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Summer time (BST, UTC+1): 08:00 local is 07:00 UTC; 18:00 local is 17:00 UTC.
    [InlineData("2026-10-23T06:59:59", false)]
    [InlineData("2026-10-23T07:00:00", true)]
    [InlineData("2026-10-23T16:59:59", true)]
    [InlineData("2026-10-23T17:00:00", false)]
    // Winter time (GMT): 08:00 local is 08:00 UTC.
    [InlineData("2026-10-26T07:59:59", false)]
    [InlineData("2026-10-26T08:00:00", true)]
    [InlineData("2026-10-26T17:59:59", true)]
    [InlineData("2026-10-26T18:00:00", false)]
    // Weekend.
    [InlineData("2026-10-24T12:00:00", false)]
    public void IsOpen_LocalHoursAcrossTheAutumnChange(string utc, bool open) => Assert.Equal(open, London().IsOpen(Utc(utc)));

    [Fact]
    public void NextOpening_AfterClosingOnFriday_BeforeTheClocksGoBack_IsMondayEightLocal_EightUtc()
    {
        // Friday 23 Oct 2026 18:00 BST = 17:00 UTC; clocks go back Sunday 25 Oct; Monday 08:00 GMT = 08:00 UTC.
        Assert.Equal(Utc("2026-10-26T08:00:00"), London().NextOpening(Utc("2026-10-23T17:00:00")));
    }

    [Fact]
    public void NextOpening_AfterClosingOnFriday_BeforeTheClocksGoForward_IsMondayEightLocal_SevenUtc()
    {
        // Friday 27 Mar 2026 18:00 GMT; clocks go forward Sunday 29 Mar; Monday 08:00 BST = 07:00 UTC.
        Assert.Equal(Utc("2026-03-30T07:00:00"), London().NextOpening(Utc("2026-03-27T18:00:00")));
        Assert.False(London().IsOpen(Utc("2026-03-30T06:59:59")));
        Assert.True(London().IsOpen(Utc("2026-03-30T07:00:00")));
    }

    [Fact]
    public void NextOpening_WhenOpen_IsNow_AndBeforeOpeningTheSameDay_IsToday()
    {
        Assert.Equal(Utc("2026-10-26T09:00:00"), London().NextOpening(Utc("2026-10-26T09:00:00")));
        Assert.Equal(Utc("2026-10-26T08:00:00"), London().NextOpening(Utc("2026-10-26T03:00:00")));
    }

    [Fact]
    public void Holidays_AreClosedAllDay_AndSkippedByTheNextOpening()
    {
        var calendar = London("2026-12-25", "2026-12-28");
        Assert.False(calendar.IsOpen(Utc("2026-12-25T10:00:00")));
        Assert.True(calendar.IsOpen(Utc("2026-12-24T10:00:00")));
        Assert.Equal(Utc("2026-12-29T08:00:00"), calendar.NextOpening(Utc("2026-12-24T18:00:00")));
    }

    [Fact]
    public void SplitHours_NamedDayOverridesWeekdays_AndUnlistedDaysAreClosed()
    {
        var calendar = BusinessCalendar.Create("UTC", new Dictionary<string, string?> { ["Weekdays"] = "09:00-12:00, 13:00-17:00", ["Friday"] = "09:00-12:00", ["Saturday"] = "10:00-24:00" }, []);
        Assert.True(calendar.IsOpen(Utc("2026-10-26T09:30:00")));
        Assert.False(calendar.IsOpen(Utc("2026-10-26T12:30:00")));
        Assert.Equal(Utc("2026-10-26T13:00:00"), calendar.NextOpening(Utc("2026-10-26T12:30:00")));
        Assert.False(calendar.IsOpen(Utc("2026-10-30T14:00:00")));
        Assert.True(calendar.IsOpen(Utc("2026-10-31T23:59:00")));
        Assert.Equal(Utc("2026-10-31T10:00:00"), calendar.NextOpening(Utc("2026-10-30T14:00:00")));
        Assert.False(calendar.IsOpen(Utc("2026-11-01T12:00:00")));
    }

    [Fact]
    public void OpeningInsideTheSpringGap_OpensWhenTheClocksHaveMovedOn()
    {
        // 01:30 local does not exist on 29 Mar 2026 in London (01:00 GMT -> 02:00 BST).
        var calendar = BusinessCalendar.Create("Europe/London", new Dictionary<string, string?> { ["Sunday"] = "01:30-05:00" }, []);
        Assert.Equal(Utc("2026-03-29T01:00:00"), calendar.NextOpening(Utc("2026-03-28T12:00:00")));
    }

    [Theory]
    [InlineData("Mars/Olympus", "Weekdays", "08:00-18:00", "time zone")]
    [InlineData("UTC", "Funday", "08:00-18:00", "Funday")]
    [InlineData("UTC", "Monday", "18:00-08:00", "18:00-08:00")]
    [InlineData("UTC", "Monday", "8am-6pm", "8am-6pm")]
    public void Create_BadInput_SaysWhatIsWrong(string zone, string day, string ranges, string mentioned)
    {
        var ex = Assert.Throws<FormatException>(() => BusinessCalendar.Create(zone, new Dictionary<string, string?> { [day] = ranges }, []));
        Assert.Contains(mentioned, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BadHoliday_SaysWhatIsWrong() =>
        Assert.Contains("25/12/2026", Assert.Throws<FormatException>(() => BusinessCalendar.Create("UTC", new Dictionary<string, string?>(), ["25/12/2026"])).Message, StringComparison.Ordinal);
}
