using Microsoft.Extensions.Options;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;
using static Routing.Server.Tests.HoursTestKit;

namespace Routing.Server.Tests;

/// <summary>
/// Business hours end to end (real Kestrel, real redis-server) with the server's clock standing
/// still where each test puts it: queue "general" opens 08:00-18:00 Europe/London on weekdays.
/// </summary>
public sealed class BusinessHoursTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static Dictionary<string, string?> Office(params (string Key, string Value)[] more)
    {
        var settings = DeskTestKit.FastEngine(
            ("Calendars:office:TimeZone", "Europe/London"),
            ("Calendars:office:Hours:Weekdays", "08:00-18:00"),
            ("Calendars:office:Holidays:0", "2026-12-25"),
            ("Queues:general:Calendar", "office"));
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Theory]
    // Autumn: closes Friday 18:00 BST (17:00 UTC), clocks go back Sunday, opens Monday 08:00 GMT = 08:00 UTC.
    [InlineData("2026-10-23T17:00:00", "2026-10-26T07:59:59", "2026-10-26T08:00:00")]
    // Spring: closes Friday 18:00 GMT, clocks go forward Sunday, opens Monday 08:00 BST = 07:00 UTC.
    [InlineData("2026-03-27T18:00:00", "2026-03-30T06:59:59", "2026-03-30T07:00:00")]
    public async Task Submit_AfterClosing_HoldsOfferedToNobody_UntilEightLocalAcrossTheClockChange_ThenOffersIt(string submitted, string justBefore, string opening)
    {
        var clock = new MovableClock(Utc(submitted));
        await using var host = await StartAsync(redis.ConnectionString, clock, Office());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");

        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("email"));

        Assert.Equal(OutsideHoursAction.Hold, receipt.OutsideHoursAction);
        Assert.Equal(Utc(opening), receipt.OpensAt.ToDateTimeOffset());
        Assert.Equal(ContactState.Queued, receipt.State);
        Assert.Equal(0, receipt.Position);
        Assert.Equal("", receipt.ClosedMessage);

        var db = redis.Connection.GetDatabase();
        clock.Now = Utc(justBefore);
        await SweptAtAsync(host, redis.Connection, "e2e-" + host.Tenant, clock.Now);
        Assert.Equal(ContactStates.Held, (string?)await db.HashGetAsync(host.Keys.Contact(receipt.ContactId), "state"));
        Assert.Equal(0, await db.SortedSetLengthAsync(host.Keys.Queue("general")));

        clock.Now = Utc(opening);
        var offer = await ada.NextOfferAsync();
        Assert.Equal(receipt.ContactId, offer.Contact.ContactId);

        var kinds = (await TimelineAsync(host, receipt.ContactId)).Events.Select(e => e.Kind).ToList();
        Assert.Equal(
            [TimelineEventKind.Received, TimelineEventKind.HeldOutsideHours, TimelineEventKind.ReleasedAtOpening, TimelineEventKind.Offered],
            kinds.Where(k => k != TimelineEventKind.Unspecified));

        var open = await host.SubmitAsync(DeskTestKit.NewCustomer("email"));
        Assert.Equal(OutsideHoursAction.Unspecified, open.OutsideHoursAction);
        Assert.Null(open.OpensAt);
    }

    [Fact]
    public async Task Submit_OnAHoliday_VoiceGetsTheClosedMessageAndIsFinished_EmailIsHeld()
    {
        var clock = new MovableClock(Utc("2026-12-25T10:00:00"));
        await using var host = await StartAsync(redis.ConnectionString, clock, Office(
            ("Queues:general:OutsideHours:Action", "Hold"),
            ("Queues:general:OutsideHours:Channels:voice:Action", "ClosedMessage"),
            ("Queues:general:OutsideHours:Channels:voice:Message", "We are closed for Christmas.")));

        var call = DeskTestKit.NewCustomer("voice");
        var voice = await host.SubmitAsync(call);
        var email = await host.SubmitAsync(DeskTestKit.NewCustomer("email"));

        Assert.Equal(OutsideHoursAction.ClosedMessage, voice.OutsideHoursAction);
        Assert.Equal("We are closed for Christmas.", voice.ClosedMessage);
        Assert.Equal(ContactState.Completed, voice.State);
        Assert.Equal("general", voice.ClosedQueue);
        Assert.Equal(OutsideHoursAction.Hold, email.OutsideHoursAction);
        Assert.Equal(Utc("2026-12-28T08:00:00"), email.OpensAt.ToDateTimeOffset());

        var db = redis.Connection.GetDatabase();
        Assert.Equal(ContactStates.Closed, (string?)await db.HashGetAsync(host.Keys.Contact(voice.ContactId), "state"));
        Assert.True(await db.KeyTimeToLiveAsync(host.Keys.Contact(voice.ContactId)) > TimeSpan.Zero, "a closed contact is finished: it expires after the retention");
        Assert.Null(await db.SortedSetScoreAsync(host.Keys.HeldUntilOpening, voice.ContactId));
        Assert.NotNull(await db.SortedSetScoreAsync(host.Keys.HeldUntilOpening, email.ContactId));
        Assert.Equal(0, await db.SortedSetLengthAsync(host.Keys.Queue("general")));
        Assert.Contains((await TimelineAsync(host, voice.ContactId)).Events, e => e.Kind == TimelineEventKind.ClosedOutsideHours);

        // A retried submit is the same contact, answered the same way.
        var again = await host.SubmitAsync(call);
        Assert.True(again.Duplicate);
        Assert.Equal(voice.ContactId, again.ContactId);
        Assert.Equal(OutsideHoursAction.ClosedMessage, again.OutsideHoursAction);
        Assert.Equal("We are closed for Christmas.", again.ClosedMessage);
    }

    [Fact]
    public async Task Submit_WhileClosed_OverflowsToTheNightQueue_WhoseAgentIsOffered()
    {
        var clock = new MovableClock(Utc("2026-11-02T19:30:00"));
        await using var host = await StartAsync(redis.ConnectionString, clock, Office(
            ("Queues:general:OutsideHours:Action", "Overflow"),
            ("Queues:general:OutsideHours:Queue", "night")));
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        await using var nina = await DeskClient.ConnectAsync(host, "nina", skills: ("night", 3, true));

        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));

        Assert.Equal(OutsideHoursAction.Overflow, receipt.OutsideHoursAction);
        Assert.Equal("night", receipt.Queue);
        Assert.Equal("general", receipt.ClosedQueue);
        Assert.Equal(receipt.ContactId, (await nina.NextOfferAsync()).Contact.ContactId);
        var overflow = Assert.Single((await TimelineAsync(host, receipt.ContactId)).Events, e => e.Kind == TimelineEventKind.OverflowedByHours);
        Assert.Contains("general closed", overflow.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WhileClosed_OverflowToAQueueClosedToo_HoldsByThatQueuesCalendar()
    {
        var clock = new MovableClock(Utc("2026-11-02T19:30:00"));
        await using var host = await StartAsync(redis.ConnectionString, clock, Office(
            ("Queues:general:OutsideHours:Action", "Overflow"),
            ("Queues:general:OutsideHours:Queue", "late"),
            ("Queues:late:Hours:TimeZone", "UTC"),
            ("Queues:late:Hours:Hours:Weekdays", "06:00-20:00")));

        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        Assert.Equal(OutsideHoursAction.Overflow, receipt.OutsideHoursAction);
        Assert.Equal("late", receipt.Queue);

        clock.Now = Utc("2026-11-02T20:30:00");
        var later = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        Assert.Equal(OutsideHoursAction.Hold, later.OutsideHoursAction);
        Assert.Equal("late", later.Queue);
        Assert.Equal(Utc("2026-11-03T06:00:00"), later.OpensAt.ToDateTimeOffset());
    }

    [Theory]
    [InlineData("Calendars:office:TimeZone", "Mars/Olympus", "Calendars:office: time zone 'Mars/Olympus' is not known")]
    [InlineData("Calendars:office:Hours:Monday", "18:00-08:00", "Calendars:office: Monday: '18:00-08:00' is not a range")]
    [InlineData("Queues:general:Calendar", "shop", "Queues:general:Calendar names 'shop', which is not under Calendars")]
    [InlineData("Queues:general:OutsideHours:Action", "Overflow", "Queues:general:OutsideHours: Overflow needs a Queue")]
    public async Task Start_InvalidHours_FailsSayingWhich(string key, string value, string expected)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => RoutingServerHost.StartAsync(redis.ConnectionString, Office((key, value))));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoNodes_HeldContactsOfBoth_AreEachReleasedExactlyOnce_AtOpening()
    {
        var tenant = TestTenant.New();
        var clock = new MovableClock(Utc("2026-11-02T07:00:00"));
        await using var nodeA = await StartAsync(redis.ConnectionString, clock, Office(), tenant, "node-a");
        await using var nodeB = await StartAsync(redis.ConnectionString, clock, Office(), tenant, "node-b");
        await using var ada = await DeskClient.ConnectAsync(nodeA, "ada");
        await using var bob = await DeskClient.ConnectAsync(nodeB, "bob");

        var receipts = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => (i % 2 == 0 ? nodeA : nodeB).SubmitAsync(DeskTestKit.NewCustomer("email"))));
        Assert.All(receipts, r => Assert.Equal(OutsideHoursAction.Hold, r.OutsideHoursAction));

        clock.Now = Utc("2026-11-02T08:00:00");
        var db = redis.Connection.GetDatabase();
        await SweptAtAsync(nodeA, redis.Connection, "node-a", clock.Now);
        await SweptAtAsync(nodeB, redis.Connection, "node-b", clock.Now);
        Assert.Equal(0, await db.SortedSetLengthAsync(nodeA.Keys.HeldUntilOpening));
        foreach (var r in receipts)
        {
            var timeline = await TimelineAsync(nodeA, r.ContactId);
            Assert.Single(timeline.Events, e => e.Kind == TimelineEventKind.ReleasedAtOpening);
            Assert.NotEqual(ContactStates.Held, (string?)await db.HashGetAsync(nodeA.Keys.Contact(r.ContactId), "state"));
        }

        // Every contact is in line or offered, none twice: waiting + offered = all of them.
        var waiting = await db.SortedSetLengthAsync(nodeA.Keys.Queue("general"));
        var offered = (await db.HashLengthAsync(nodeA.Keys.AgentHoldings("ada"))) + (await db.HashLengthAsync(nodeA.Keys.AgentHoldings("bob")));
        Assert.Equal(receipts.Length, waiting + offered);
        Assert.True(offered >= 2, "both agents were offered work at opening");
    }
}
