using Routing.Core.Outbound;
using Routing.Redis.Outbound;
using Routing.Testing;
using StackExchange.Redis;
using static Routing.Redis.Tests.EngineTestKit;

namespace Routing.Redis.Tests;

/// <summary>
/// The outreach scripts (outreach_queue, outreach_release) on every backend with an explicit clock:
/// communication limits counted and checked in one step (concurrent senders never exceed them),
/// the same search as Routing.Core's OutreachSchedule, quiet-hour deferral released once at its
/// time, identical content answered with the first delivery.
/// </summary>
public abstract class OutreachContract(IConnectionMultiplexer redis)
{
    private static readonly CommunicationLimit[] HourAndDay = [new(1, TimeSpan.FromHours(1)), new(3, TimeSpan.FromDays(1))];

    private readonly EngineTestKit _kit = new(redis);

    private OutboundStore Store => new(redis, _kit.Settings);

    private static OpenPeriod[] Always(double at) => [new(At(at), DateTimeOffset.MaxValue)];

    private Task<OutreachQueueResult> SendAsync(string id, double at, bool defer = false, string text = "Your bill", IReadOnlyList<CommunicationLimit>? limits = null, OpenPeriod[]? periods = null, string customer = "cus-1") =>
        Store.QueueOutreachAsync(
            new OutreachQueueCommand(_kit.Tenant, new OutboundMessage(id, "sms", "+442000000001", "", "", customer, text, [], "", "outreach"), "billing", id, "preferred",
                TimeSpan.FromDays(1), "h-" + text, TimeSpan.FromHours(24), defer, limits ?? HourAndDay, periods ?? Always(at), At(at), "n1"),
            CancellationToken.None).WaitAsync(TestTimeout.Short);

    [Fact]
    public async Task Queue_OverTheHourLimit_RefusedWithWhenItMayGo_OrDeferredWhenAsked_AndRefusedWritesNothing()
    {
        var first = await SendAsync("dl-1", 0);
        var second = await SendAsync("dl-2", 600, text: "other");
        var deferred = await SendAsync("dl-3", 600, defer: true, text: "third");

        Assert.Equal(OutreachQueueOutcome.Queued, first.Outcome);
        Assert.Equal(new OutreachQueueResult(OutreachQueueOutcome.Limited, "", At(3600)), second);
        Assert.Equal(new OutreachQueueResult(OutreachQueueOutcome.Deferred, "dl-3", At(3600), "communication_limit"), deferred);
        Assert.False(await _kit.Db.KeyExistsAsync(_kit.Keys.Delivery("dl-2")));
        Assert.False(await _kit.Db.KeyExistsAsync(_kit.Keys.DeliverySource("billing", "dl-2")));
        Assert.Equal(["dl-1"], (await _kit.Db.SortedSetRangeByRankAsync(_kit.Keys.Outbox("sms"))).Select(v => (string)v!));
        Assert.Equal(["dl-1", "dl-3"], (await _kit.Db.SortedSetRangeByRankAsync(_kit.Keys.OutreachSent("cus-1"))).Select(v => (string)v!));
        Assert.True(await _kit.Db.KeyTimeToLiveAsync(_kit.Keys.OutreachSent("cus-1")) > TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task Queue_InsideQuietHours_DeferredToTheirEnd_ReleasedOnceAtThatTime()
    {
        OpenPeriod[] tomorrowMorning = [new(At(36_000), At(80_000))];

        var deferred = await SendAsync("dl-1", 0, periods: tomorrowMorning);
        var early = await Store.ReleaseDeferredAsync(_kit.Tenant, 10, TimeSpan.FromDays(1), At(35_999), "n1", CancellationToken.None);
        var released = await Task.WhenAll(
            Store.ReleaseDeferredAsync(_kit.Tenant, 10, TimeSpan.FromDays(1), At(36_000), "n1", CancellationToken.None),
            Store.ReleaseDeferredAsync(_kit.Tenant, 10, TimeSpan.FromDays(1), At(36_000), "n2", CancellationToken.None));

        Assert.Equal(new OutreachQueueResult(OutreachQueueOutcome.Deferred, "dl-1", At(36_000), "quiet_hours"), deferred);
        Assert.Equal(0, early.PutBack);
        Assert.Equal(1, released.Sum(r => r.PutBack));
        Assert.Equal(["sms"], released.SelectMany(r => r.Channels));
        Assert.Equal("queued", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Delivery("dl-1"), "state"));
        Assert.Equal(1, await _kit.Db.SortedSetLengthAsync(_kit.Keys.Outbox("sms")));
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.DeferredOutreach));
    }

    [Fact]
    public async Task Release_CustomerOptedOutOfTheChannelMeanwhile_FailsInsteadOfGoing()
    {
        OpenPeriod[] tomorrowMorning = [new(At(36_000), At(80_000))];
        await SendAsync("dl-1", 0, periods: tomorrowMorning);
        await new ConsentStore(redis).UpdateAsync(_kit.Tenant, new ConsentOverride("cus-1", "sms", false, At(100)), At(100));

        var released = await Store.ReleaseDeferredAsync(_kit.Tenant, 10, TimeSpan.FromDays(1), At(36_000), "n1", CancellationToken.None);

        Assert.Equal(0, released.PutBack);
        Assert.Equal("failed", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Delivery("dl-1"), "state"));
        Assert.True(await _kit.Db.KeyTimeToLiveAsync(_kit.Keys.Delivery("dl-1")) is { } ttl && ttl <= TimeSpan.FromDays(1));
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.Outbox("sms")));
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.DeferredOutreach));
    }

    [Fact]
    public async Task Queue_SameContentWithinTheWindow_AnsweredWithTheFirst_AfterItQueuedAgain()
    {
        CommunicationLimit[] none = [];
        var first = await SendAsync("dl-1", 0, limits: none);
        var again = await SendAsync("dl-2", 60, limits: none);
        var other = await SendAsync("dl-3", 60, limits: none, customer: "cus-2");
        var later = await SendAsync("dl-4", 86_400, limits: none);

        Assert.Equal(OutreachQueueOutcome.Queued, first.Outcome);
        Assert.Equal(new OutreachQueueResult(OutreachQueueOutcome.Duplicate, "dl-1", null), again);
        Assert.Equal(OutreachQueueOutcome.Queued, other.Outcome);
        Assert.Equal(OutreachQueueOutcome.Queued, later.Outcome);
        Assert.False(await _kit.Db.KeyExistsAsync(_kit.Keys.Delivery("dl-2")));
    }

    [Fact]
    public async Task Queue_TwentySendersAtOnce_NeverMoreThanTheLimit()
    {
        CommunicationLimit[] threeADay = [new(3, TimeSpan.FromDays(1))];

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => SendAsync($"dl-{i}", 0, text: $"m{i}", limits: threeADay)));

        Assert.Equal(3, results.Count(r => r.Outcome == OutreachQueueOutcome.Queued));
        Assert.Equal(17, results.Count(r => r.Outcome == OutreachQueueOutcome.Limited && r.At == At(86_400)));
        Assert.Equal(3, await _kit.Db.SortedSetLengthAsync(_kit.Keys.Outbox("sms")));
    }

    [Fact]
    public async Task Queue_DeferredOneAfterAnother_TakesTheSameSlotsAsCoreOutreachSchedule()
    {
        var limits = new[] { new CommunicationLimit(2, TimeSpan.FromHours(1)), new CommunicationLimit(5, TimeSpan.FromDays(1)) };
        var periods = new[] { new OpenPeriod(At(0), At(30_000)), new OpenPeriod(At(86_400), At(120_000)), new OpenPeriod(At(172_800), At(210_000)) };
        var sent = new List<DateTimeOffset>();
        for (var i = 0; i < 12; i++)
        {
            var now = At(i * 700);
            var expected = OutreachSchedule.Earliest(now, sent, limits, [.. periods.Where(p => p.End > now)]);

            var result = await SendAsync($"dl-{i}", i * 700, defer: true, text: $"m{i}", limits: limits, periods: [.. periods.Where(p => p.End > now)]);

            Assert.Equal(expected, result.At);
            sent.Add(result.At!.Value);
        }
    }
}

public sealed class OutreachOnRedisTests(RedisServerFixture redis)
    : OutreachContract(redis.Connection), IClassFixture<RedisServerFixture>;

public sealed class OutreachOnGarnetTests(GarnetFixture garnet)
    : OutreachContract(garnet.Connection), IClassFixture<GarnetFixture>;

[Collection(RedisClusterCollection.Name)]
public sealed class OutreachOnClusterTests(RedisClusterFixture cluster)
    : OutreachContract(cluster.Connection);
