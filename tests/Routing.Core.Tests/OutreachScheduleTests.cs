using Routing.Core.Customers;
using Routing.Core.Outbound;

namespace Routing.Core.Tests;

/// <summary>
/// The whole outbound decision as tables: the channel (consent × preference × reply window) and,
/// for outreach, when it goes (communication limits × quiet hours × the caller's defer flag).
/// Times are hours relative to now; the customer lives in Europe/London, quiet 21:00-08:00.
/// </summary>
public sealed class OutreachScheduleTests
{
    // A Monday in winter: London is UTC.
    private static readonly DateTimeOffset Noon = new(2026, 1, 12, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static readonly QuietHours Evenings = QuietHours.Parse("21:00", "08:00");

    private static readonly CommunicationLimit[] HourAndDay = [new(1, TimeSpan.FromHours(1)), new(3, TimeSpan.FromDays(1))];

    private static DateTimeOffset[] Hours(string list) =>
        [.. list.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => Noon.AddHours(double.Parse(h, System.Globalization.CultureInfo.InvariantCulture)))];

    public static TheoryData<string, double, bool, string, double?, string> Table => new()
    {
        // sent or reserved (hours from noon), now (hours from noon), defer → timing, at (hours from noon), hold
        { "", 0, false, "Now", 0, "None" },
        { "-2", 0, false, "Now", 0, "None" },
        { "-0.5", 0, false, "Refused", 0.5, "CommunicationLimit" },
        { "-0.5", 0, true, "Deferred", 0.5, "CommunicationLimit" },
        { "-1", 0, false, "Now", 0, "None" },
        // Refused: it could go at 08:00 tomorrow (07:00 is still quiet).
        { "-5 -3 -2", 0, false, "Refused", 20, "CommunicationLimit" },
        // 3 in the day: the oldest leaves at 07:00 tomorrow, still quiet, so 08:00.
        { "-5 -3 -2", 0, true, "Deferred", 20, "CommunicationLimit" },
        { "-23 -3 -2", 0, false, "Refused", 1, "CommunicationLimit" },
        // 21:30 is quiet: deferred to 08:00 whatever the caller asked.
        { "", 9.5, false, "Deferred", 20, "QuietHours" },
        { "-2", 9.5, false, "Deferred", 20, "QuietHours" },
        // 20:30 with one sent at 20:00: the hour ends at 21:00, inside quiet hours.
        { "8", 8.5, false, "Refused", 20, "CommunicationLimit" },
        { "8", 8.5, true, "Deferred", 20, "CommunicationLimit" },
        // A deferred message reserved for 08:00 tomorrow: a second at 21:30 goes an hour later.
        { "20", 9.5, false, "Refused", 21, "CommunicationLimit" },
        { "20", 9.5, true, "Deferred", 21, "CommunicationLimit" },
        // Reserved future messages count: one at 12:30 blocks 12:00 until 13:30.
        { "0.5", 0, true, "Deferred", 1.5, "CommunicationLimit" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Decide_LimitsQuietHoursAndDefer_GiveTheTimeAndTheReason(string sent, double nowHours, bool defer, string timing, double? atHours, string hold)
    {
        var now = Noon.AddHours(nowHours);
        var periods = Evenings.OpenPeriods(now, "Europe/London", TimeZoneInfo.Utc, 8);

        var slot = OutreachSchedule.Decide(now, Hours(sent), HourAndDay, periods, defer);

        Assert.Equal((Enum.Parse<OutreachTiming>(timing), Enum.Parse<OutreachHold>(hold)), (slot.Timing, slot.Hold));
        Assert.Equal(atHours is { } h ? Noon.AddHours(h) : null, slot.At);
    }

    [Fact]
    public void Earliest_NeverPlacesMoreThanTheLimitInAnyWindow_WhenEveryMessageIsDeferred()
    {
        var sent = new List<DateTimeOffset>();
        var limits = new[] { new CommunicationLimit(2, TimeSpan.FromHours(1)), new CommunicationLimit(5, TimeSpan.FromDays(1)) };
        var now = Noon;
        for (var i = 0; i < 30; i++)
        {
            var periods = Evenings.OpenPeriods(now, "Europe/London", TimeZoneInfo.Utc, 16);
            var at = OutreachSchedule.Earliest(now, sent, limits, periods);
            Assert.NotNull(at);
            Assert.False(Evenings.IsQuiet(at.Value, "Europe/London", TimeZoneInfo.Utc));
            sent.Add(at.Value);
            now = now.AddMinutes(7);
        }

        foreach (var limit in limits)
        {
            foreach (var start in sent)
            {
                Assert.True(sent.Count(s => s >= start && s < start + limit.Window) <= limit.Count, $"more than {limit.Count} in {limit.Window} from {start:O}");
            }
        }
    }

    [Fact]
    public void Earliest_NoLimitsNoQuietHours_IsNow_AndNoSlotInThePeriods_IsNull()
    {
        Assert.Equal(Noon, OutreachSchedule.Earliest(Noon, Hours("-0.1 -0.2"), [], QuietHours.None.OpenPeriods(Noon, null, TimeZoneInfo.Utc, 1)));
        var oneShortPeriod = new[] { new OpenPeriod(Noon, Noon.AddMinutes(30)) };
        Assert.Null(OutreachSchedule.Earliest(Noon, Hours("-0.5"), HourAndDay, oneShortPeriod));
    }

    [Fact]
    public void OpenPeriods_FollowTheCustomersZone_AcrossDaylightSaving()
    {
        // London springs forward on 29 March 2026: 08:00 local is 07:00 UTC after it, 08:00 UTC before.
        var saturdayNight = new DateTimeOffset(2026, 3, 28, 22, 0, 0, TimeSpan.Zero);

        var periods = Evenings.OpenPeriods(saturdayNight, "Europe/London", TimeZoneInfo.Utc, 2);

        Assert.Equal(new OpenPeriod(new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 20, 0, 0, TimeSpan.Zero)), periods[0]);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), periods[1].Start);
        Assert.Equal(periods[0].Start, Evenings.NextAllowed(saturdayNight, "Europe/London", TimeZoneInfo.Utc));
        // No zone known: the tenant's fallback.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 8, 0, 0, TimeSpan.Zero), Evenings.OpenPeriods(saturdayNight, "Mars/Olympus", TimeZoneInfo.Utc, 1)[0].Start);
    }

    private static readonly Dictionary<string, TimeSpan> Windows = new() { ["whatsapp"] = TimeSpan.FromHours(24), ["email"] = TimeSpan.FromDays(14), ["chat"] = TimeSpan.FromHours(1) };

    private static readonly CustomerAddress[] Addresses = [new("whatsapp", "+447700900101"), new("email", "alice@example.com"), new("chat", "alice.m"), new("sms", "+447700900101")];

    public static TheoryData<string, string, string, string, double, string, bool, string> Whole => new()
    {
        // consent, preferred, wrote on (channel@hours ago), sent (hours from now), now (hours from noon), kind, defer → outcome
        { "whatsapp+ email+", "email", "whatsapp@2", "", 0, "reply", false, "whatsapp ReplyWindowOpen now" },
        { "whatsapp+ email+", "email", "whatsapp@25", "", 0, "reply", false, "email Preferred now" },
        { "whatsapp- email+", "email", "whatsapp@1", "", 0, "reply", false, "email Preferred now" },
        { "whatsapp- email- chat- sms-", "email", "whatsapp@1", "", 0, "reply", false, "refused no_permitted_channel whatsapp:OptedOut,email:OptedOut,chat:OptedOut,sms:OptedOut" },
        { "", "", "whatsapp@30", "", 0, "reply", false, "refused no_permitted_channel whatsapp:ReplyWindowClosed,chat:NoConsent,email:NoConsent,sms:NoConsent" },
        // Replies in a conversation the customer started are not held by limits or quiet hours.
        { "email+", "email", "email@1", "-0.5 -0.6 -0.7", 9.5, "reply", false, "email ReplyWindowOpen now" },
        { "sms+ email-", "email", "", "", 0, "outreach", false, "sms ConsentOrder now" },
        { "email+", "email", "", "-0.5", 0, "outreach", false, "email Preferred refused communication_limit +0.5" },
        { "email+", "email", "", "-0.5", 0, "outreach", true, "email Preferred deferred CommunicationLimit +0.5" },
        { "email+", "email", "", "", 9.5, "outreach", false, "email Preferred deferred QuietHours +10.5" },
        { "email+ whatsapp+", "email", "whatsapp@2", "", 0, "outreach", false, "whatsapp ReplyWindowOpen now" },
    };

    [Theory]
    [MemberData(nameof(Whole))]
    public void ChannelThenSchedule_WholeDecision(string consent, string preferred, string wrote, string sent, double nowHours, string kind, bool defer, string expected)
    {
        var now = Noon.AddHours(nowHours);
        var lastInbound = new Dictionary<string, DateTimeOffset>();
        string? inbound = null;
        if (wrote.Length > 0)
        {
            var (channel, ago) = (wrote.Split('@')[0], double.Parse(wrote.Split('@')[1], System.Globalization.CultureInfo.InvariantCulture));
            lastInbound[channel] = now.AddHours(-ago);
            inbound = kind == "reply" ? channel : null;
        }

        var reach = new CustomerReachability
        {
            Consent = consent.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToDictionary(c => c[..^1], c => c[^1] == '+'),
            PreferredChannel = preferred,
            ChannelOrder = ["chat", "email", "sms"],
            Addresses = Addresses,
        };
        var choice = ChannelPolicy.Choose(new ChannelPolicyRequest(reach, inbound, lastInbound, Windows, now));
        string outcome;
        if (!choice.Permitted)
        {
            outcome = "refused no_permitted_channel " + string.Join(",", choice.Refusals.Select(r => $"{r.Channel}:{r.Reason}"));
        }
        else if (kind == "reply")
        {
            outcome = $"{choice.Channel} {choice.Reason} now";
        }
        else
        {
            var slot = OutreachSchedule.Decide(now, [.. Hours(sent).Select(s => s.AddHours(nowHours))], HourAndDay, Evenings.OpenPeriods(now, "Europe/London", TimeZoneInfo.Utc, 8), defer);
            var at = slot.At is { } a && a != now ? $" +{(a - now).TotalHours.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";
            outcome = slot.Timing switch
            {
                OutreachTiming.Now => $"{choice.Channel} {choice.Reason} now",
                OutreachTiming.Deferred => $"{choice.Channel} {choice.Reason} deferred {slot.Hold}{at}",
                _ => $"{choice.Channel} {choice.Reason} refused communication_limit{at}",
            };
        }

        Assert.Equal(expected, outcome);
    }
}
