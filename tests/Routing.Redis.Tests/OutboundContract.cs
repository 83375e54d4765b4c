using Routing.Redis.Outbound;
using Routing.Testing;
using StackExchange.Redis;
using static Routing.Redis.Tests.EngineTestKit;

namespace Routing.Redis.Tests;

/// <summary>
/// The outbound scripts (outbound_queue, _claim, _ack, _sweep) on every backend with an explicit
/// clock: queued once per source record, claimed by one stream, redelivered after the deadline with
/// attempt + 1, acknowledged idempotently, a late ack never lets a delivered message go out again.
/// </summary>
public abstract class OutboundContract(IConnectionMultiplexer redis)
{
    private readonly EngineTestKit _kit = new(redis);

    private OutboundStore Store => new(redis, _kit.Settings);

    private Task<QueueDeliveryResult> QueueOutreachAsync(string id, string channel = "sms", string source = "billing", string? externalId = null) =>
        Store.QueueAsync(new QueueDeliveryCommand(_kit.Tenant, new OutboundMessage(id, channel, "+442000000001", "cv-1", "", "cus-1", "Your bill", ["att-1", "att-2"], "", "outreach"),
            source, externalId ?? id, "reply_window_open", TimeSpan.FromDays(1), At(0), "n1"), CancellationToken.None).WaitAsync(TestTimeout.Short);

    private Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(double at, int max = 10, string stream = "st-1", params string[] channels) =>
        Store.ClaimAsync(_kit.Tenant, channels.Length == 0 ? ["sms"] : channels, max, stream, At(at + 30), At(at), "n1", CancellationToken.None).WaitAsync(TestTimeout.Short);

    private Task<DeliveryAckReply> AckAsync(string id, DeliveryAckOutcome outcome, double at, string reason = "") =>
        Store.AckAsync(_kit.Tenant, id, outcome, reason, TimeSpan.FromDays(1), At(at), "n1", CancellationToken.None).WaitAsync(TestTimeout.Short);

    private Task<DeliverySweepResult> SweepAsync(double at) => Store.SweepAsync(_kit.Tenant, 100, At(at), "n1", CancellationToken.None).WaitAsync(TestTimeout.Short);

    [Fact]
    public async Task Queue_SameSourceTwice_QueuesOnceAndAnswersTheFirstDelivery()
    {
        var first = await QueueOutreachAsync("dl-1", externalId: "inv-7");
        var again = await QueueOutreachAsync("dl-2", externalId: "inv-7");

        Assert.Equal(QueueDeliveryOutcome.Queued, first.Outcome);
        Assert.Equal(new QueueDeliveryResult(QueueDeliveryOutcome.Existing, "dl-1"), again);
        Assert.Equal(1, await _kit.Db.SortedSetLengthAsync(_kit.Keys.Outbox("sms")));
        Assert.False(await _kit.Db.KeyExistsAsync(_kit.Keys.Delivery("dl-2")));
    }

    [Fact]
    public async Task Claim_TwoStreams_EachDeliveryGoesToOneWithAttemptOne()
    {
        await QueueOutreachAsync("dl-1");
        await QueueOutreachAsync("dl-2");
        await QueueOutreachAsync("dl-3");

        var a = await ClaimAsync(1, max: 2, stream: "st-a");
        var b = await ClaimAsync(1, max: 2, stream: "st-b");

        Assert.Equal(["dl-1", "dl-2"], a.Select(d => d.Message.DeliveryId));
        Assert.Equal(["dl-3"], b.Select(d => d.Message.DeliveryId));
        Assert.All(a.Concat(b), d => Assert.Equal(1, d.Attempt));
        Assert.Equal(["att-1", "att-2"], a[0].Message.Attachments);
        Assert.Equal("+442000000001", a[0].Message.To);
        Assert.Equal(3, await _kit.Db.SortedSetLengthAsync(_kit.Keys.DeliveriesInFlight));
        Assert.Empty(await ClaimAsync(2));
    }

    [Fact]
    public async Task Sweep_AckDeadlinePassed_PutBackAndClaimedAgainWithAttemptTwoNotBefore()
    {
        await QueueOutreachAsync("dl-1");
        await ClaimAsync(0, stream: "st-a");

        Assert.Equal(0, (await SweepAsync(29.999)).PutBack);
        var swept = await SweepAsync(30);
        var again = Assert.Single(await ClaimAsync(31, stream: "st-b"));

        Assert.Equal(1, swept.PutBack);
        Assert.Equal(["sms"], swept.Channels);
        Assert.Equal(("dl-1", 2), (again.Message.DeliveryId, again.Attempt));
        Assert.Equal(0, (await SweepAsync(45)).PutBack);
    }

    [Fact]
    public async Task Ack_Twice_SecondChangesNothing_AndAckedIsNeverRedelivered()
    {
        await QueueOutreachAsync("dl-1");
        await ClaimAsync(0);

        var first = await AckAsync("dl-1", DeliveryAckOutcome.Delivered, 1);
        var second = await AckAsync("dl-1", DeliveryAckOutcome.Failed, 2, "late");

        Assert.True(first.Applied);
        Assert.False(second.Applied);
        Assert.Equal("delivered", second.State);
        Assert.Equal(0, (await SweepAsync(100)).PutBack);
        Assert.Empty(await ClaimAsync(101));
        Assert.True((await _kit.Db.KeyTimeToLiveAsync(_kit.Keys.Delivery("dl-1"))) > TimeSpan.Zero);
    }

    [Fact]
    public async Task Ack_LateAfterPutBack_CountsAndTheOutboxNoLongerHoldsIt()
    {
        await QueueOutreachAsync("dl-1");
        await ClaimAsync(0, stream: "st-a");
        await SweepAsync(30);

        var late = await AckAsync("dl-1", DeliveryAckOutcome.Delivered, 31);

        Assert.True(late.Applied);
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.Outbox("sms")));
        Assert.Empty(await ClaimAsync(32, stream: "st-b"));
    }

    [Fact]
    public async Task Ack_Accepted_NoRedeliveryAndAFinalAckStillApplies()
    {
        await QueueOutreachAsync("dl-1");
        await ClaimAsync(0);

        Assert.True((await AckAsync("dl-1", DeliveryAckOutcome.Accepted, 1)).Applied);
        Assert.False((await AckAsync("dl-1", DeliveryAckOutcome.Accepted, 2)).Applied);
        Assert.Equal(0, (await SweepAsync(100)).PutBack);
        var final = await AckAsync("dl-1", DeliveryAckOutcome.Failed, 101, "number unreachable");

        Assert.True(final.Applied);
        Assert.Equal("failed", final.State);
    }

    [Fact]
    public async Task Ack_Unknown_NotFoundAndWritesNothing()
    {
        var reply = await AckAsync("dl-missing", DeliveryAckOutcome.Delivered, 1);

        Assert.False(reply.Found);
        Assert.False(await _kit.Db.KeyExistsAsync(_kit.Keys.Delivery("dl-missing")));
    }

    [Fact]
    public async Task Reply_ContactAssignedToTheAgent_QueuedWithTimeline_OtherAgentRefused()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var contact = await _kit.SubmitAsync(at: 0);
        await _kit.AssignAsync("a1", contact);
        OutboundMessage Reply(string id, string agent) => new(id, "chat", "alice", contact.ConversationId, contact.ContactId, "", "hi", [], agent, "reply");

        var refused = await Store.QueueAsync(new QueueDeliveryCommand(_kit.Tenant, Reply("dl-x", "a2"), "reply", "dl-x", "reply_window_open", TimeSpan.FromDays(1), At(1), "n1"), CancellationToken.None);
        var queued = await Store.QueueAsync(new QueueDeliveryCommand(_kit.Tenant, Reply("dl-1", "a1"), "reply", "dl-1", "reply_window_open", TimeSpan.FromDays(1), At(1), "n1"), CancellationToken.None);
        await Store.ClaimAsync(_kit.Tenant, ["chat"], 5, "st-1", At(31), At(1), "n1", CancellationToken.None);
        await Store.SweepAsync(_kit.Tenant, 10, At(31), "n1", CancellationToken.None);
        await Store.ClaimAsync(_kit.Tenant, ["chat"], 5, "st-2", At(62), At(32), "n1", CancellationToken.None);
        await AckAsync("dl-1", DeliveryAckOutcome.Delivered, 33);

        Assert.Equal(QueueDeliveryOutcome.NotAssigned, refused.Outcome);
        Assert.Equal(QueueDeliveryOutcome.Queued, queued.Outcome);
        var kinds = (await _kit.Store.GetTimelineAsync(_kit.Tenant, contact.ContactId, CancellationToken.None)).Select(e => e.Kind).ToList();
        Assert.Equal(["reply_queued", "reply_redelivering", "reply_delivered"], kinds.Where(k => k.StartsWith("reply_", StringComparison.Ordinal)));
    }
}

public sealed class OutboundOnRedisTests(RedisServerFixture redis)
    : OutboundContract(redis.Connection), IClassFixture<RedisServerFixture>;

public sealed class OutboundOnGarnetTests(GarnetFixture garnet)
    : OutboundContract(garnet.Connection), IClassFixture<GarnetFixture>;

[Collection(RedisClusterCollection.Name)]
public sealed class OutboundOnClusterTests(RedisClusterFixture cluster)
    : OutboundContract(cluster.Connection);
