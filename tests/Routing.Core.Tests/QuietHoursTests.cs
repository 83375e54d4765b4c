using Routing.Core.Outbound;

namespace Routing.Core.Tests;

public sealed class QuietHoursTests
{
    private static readonly QuietHours Evenings = QuietHours.Parse("21:00", "08:00");

    private static DateTimeOffset Utc(string at) => DateTimeOffset.Parse(at + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Europe/London in summer (UTC+1): quiet 20:00-07:00 UTC.
    [InlineData("2026-07-01T19:59:59", "2026-07-01T19:59:59")]
    [InlineData("2026-07-01T20:00:00", "2026-07-02T07:00:00")]
    [InlineData("2026-07-01T23:30:00", "2026-07-02T07:00:00")]
    [InlineData("2026-07-02T06:59:59", "2026-07-02T07:00:00")]
    [InlineData("2026-07-02T07:00:00", "2026-07-02T07:00:00")]
    // In winter (UTC): quiet 21:00-08:00 UTC.
    [InlineData("2026-12-01T20:30:00", "2026-12-01T20:30:00")]
    [InlineData("2026-12-01T21:00:00", "2026-12-02T08:00:00")]
    public void NextAllowed_InTheCustomersZone(string now, string allowed) =>
        Assert.Equal(Utc(allowed), Evenings.NextAllowed(Utc(now), "Europe/London", TimeZoneInfo.Utc));

    [Fact]
    public void NightBeforeTheClocksGoBack_EndsAtEightLocal()
    {
        // Clocks go back Sunday 25 Oct 2026 02:00 BST; 08:00 GMT that morning is 08:00 UTC.
        Assert.Equal(Utc("2026-10-25T08:00:00"), Evenings.NextAllowed(Utc("2026-10-24T22:00:00"), "Europe/London", TimeZoneInfo.Utc));
    }

    [Fact]
    public void UnknownOrEmptyZone_UsesTheFallback()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        // 02:00 UTC on 1 Jul is 22:00 in New York (quiet) but 02:00 in UTC (quiet too); 14:00 UTC is 10:00 in New York.
        Assert.Equal(Utc("2026-07-01T12:00:00"), Evenings.NextAllowed(Utc("2026-07-01T02:00:00"), "", newYork));
        Assert.Equal(Utc("2026-07-01T12:00:00"), Evenings.NextAllowed(Utc("2026-07-01T02:00:00"), "Mars/Olympus", newYork));
        Assert.False(Evenings.IsQuiet(Utc("2026-07-01T14:00:00"), null, newYork));
    }

    [Fact]
    public void QuietInsideTheDay_StartBeforeEnd()
    {
        var siesta = QuietHours.Parse("13:00", "15:00");
        Assert.Equal(Utc("2026-07-01T15:00:00"), siesta.NextAllowed(Utc("2026-07-01T13:30:00"), "UTC", TimeZoneInfo.Utc));
        Assert.False(siesta.IsQuiet(Utc("2026-07-01T12:59:00"), "UTC", TimeZoneInfo.Utc));
        Assert.False(siesta.IsQuiet(Utc("2026-07-01T23:59:00"), "UTC", TimeZoneInfo.Utc));
        Assert.Equal(Utc("2026-07-01T06:00:00"), QuietHours.Parse("00:00", "06:00").NextAllowed(Utc("2026-07-01T00:00:00"), "UTC", TimeZoneInfo.Utc));
    }

    [Fact]
    public void NoneOrEqual_NeverDefers()
    {
        Assert.True(QuietHours.Parse(null, null).IsNone);
        Assert.True(QuietHours.Parse("08:00", "08:00").IsNone);
        Assert.Equal(Utc("2026-07-01T02:00:00"), QuietHours.None.NextAllowed(Utc("2026-07-01T02:00:00"), "UTC", TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("9pm", "08:00")]
    [InlineData("21:00", "")]
    [InlineData("25:00", "08:00")]
    public void BadTimes_SayWhatIsWrong(string start, string end) =>
        Assert.Contains("is not a time HH:mm", Assert.Throws<FormatException>(() => QuietHours.Parse(start, end)).Message);
}
