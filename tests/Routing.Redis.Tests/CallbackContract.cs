using StackExchange.Redis;
using static Routing.Redis.Tests.EngineTestKit;

namespace Routing.Redis.Tests;

/// <summary>
/// Callbacks (Scripts/includes/callback.lua) on every backend with an explicit clock: scheduled and
/// offered to nobody until due, queued once at the due time whichever node sweeps, the window's end
/// marked once while it waits on, cancel and erasure take it out of "cbx".
/// </summary>
public abstract class CallbackContract(IConnectionMultiplexer redis)
{
    private readonly EngineTestKit _kit = new(redis);

    private static Func<EnqueueRequest, EnqueueRequest> Callback(double start, double end, double? due = null) =>
        r => r with { Callback = new ScheduledCallback(At(start), At(end), At(due ?? start)), MergeAllowed = false };

    [Fact]
    public async Task ScheduledCallback_IsOfferedToNobodyNorCountedWaiting_UntilDue_ThenQueuedOnceWhicheverNodeSweeps()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var callback = await _kit.SubmitAsync(at: 0, shape: Callback(100, 400));

        Assert.Equal(ContactStates.Scheduled, callback.State);
        Assert.Equal(0, callback.Position);
        Assert.Empty(callback.Events);
        Assert.Equal(new ScheduledCallback(At(100), At(400), At(100)), callback.Callback);
        Assert.Empty(await _kit.WaitingAsync());
        Assert.Equal(0L, await WaitingFigureAsync());
        Assert.Equal(At(100).ToUnixTimeMilliseconds(), await _kit.Db.SortedSetScoreAsync(_kit.Keys.CallbacksDue, callback.ContactId));

        Assert.Empty(await _kit.SweepAsync(at: 99.999));
        Assert.Equal(ContactStates.Scheduled, await _kit.StateAsync(callback.ContactId));

        // Two nodes sweep at the due time: one queues it and offers it, the other finds nothing.
        var first = await _kit.SweepAsync(at: 100, node: "n1");
        var second = await _kit.SweepAsync(at: 100, node: "n2");
        OfferIn(first, "a1");
        Assert.DoesNotContain(second, e => e.ContactId == callback.ContactId);
        Assert.Equal(ContactStates.Offered, await _kit.StateAsync(callback.ContactId));
        // Its wait counts from the due time, and its window's end is watched.
        Assert.Equal(At(100).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(callback.ContactId), "enq"));
        Assert.Equal(At(400).ToUnixTimeMilliseconds(), await _kit.Db.SortedSetScoreAsync(_kit.Keys.CallbacksDue, callback.ContactId));

        var kinds = (await _kit.Store.GetTimelineAsync(_kit.Tenant, callback.ContactId, CancellationToken.None)).Select(t => t.Kind).ToList();
        Assert.Equal(["received", "callback_scheduled", "callback_due", "offered"], kinds);
        var stored = await _kit.Store.GetContactAsync(_kit.Tenant, callback.ContactId, CancellationToken.None);
        Assert.Equal(new ScheduledCallback(At(100), At(400), At(100)), stored!.Callback);
    }

    [Fact]
    public async Task CallbackDueNow_IsQueuedAtOnce_AndItsWindowsEndIsMarkedOnce_WhileItGoesOnWaiting()
    {
        var callback = await _kit.SubmitAsync(at: 0, shape: Callback(0, 60));

        Assert.Equal(ContactStates.Queued, callback.State);
        Assert.Equal([callback.ContactId], await _kit.WaitingAsync());
        Assert.Equal(1L, await WaitingFigureAsync());

        await _kit.SweepAsync(at: 59);
        Assert.Null((string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(callback.ContactId), "cbm"));
        await _kit.SweepAsync(at: 60);
        await _kit.SweepAsync(at: 61);

        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(callback.ContactId));
        Assert.Equal([callback.ContactId], await _kit.WaitingAsync());
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.CallbacksDue));
        var timeline = await _kit.Store.GetTimelineAsync(_kit.Tenant, callback.ContactId, CancellationToken.None);
        Assert.Single(timeline, t => t.Kind == "callback_window_missed");
        Assert.True((await _kit.Store.GetContactAsync(_kit.Tenant, callback.ContactId, CancellationToken.None))!.Callback!.WindowMissed);

        // Still offered like any contact once someone comes.
        var connected = await _kit.ConnectAsync("a1", at: 62);
        OfferIn(connected, "a1");
    }

    [Fact]
    public async Task CallbackAccepted_BeforeItsWindowEnds_IsNotMarkedMissed()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var callback = await _kit.SubmitAsync(at: 0, shape: Callback(0, 60));
        await _kit.AssignAsync("a1", callback, at: 1);

        await _kit.SweepAsync(at: 60);

        var timeline = await _kit.Store.GetTimelineAsync(_kit.Tenant, callback.ContactId, CancellationToken.None);
        Assert.DoesNotContain(timeline, t => t.Kind == "callback_window_missed");
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.CallbacksDue));
    }

    [Fact]
    public async Task ScheduledCallback_Cancelled_LeavesCbx_IsNeverQueued_AndIsNoAbandon()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var callback = await _kit.SubmitAsync(at: 0, shape: Callback(100, 400));

        var cancelled = await _kit.Store.CancelAsync(new CancelCommand(_kit.Tenant, callback.ContactId, "no longer needed", At(10), "n1"), CancellationToken.None);

        Assert.True(cancelled.Cancelled);
        Assert.Equal(ContactStates.Scheduled, cancelled.PreviousState);
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.CallbacksDue));
        Assert.Empty(await _kit.SweepAsync(at: 100));
        Assert.Equal(ContactStates.Cancelled, await _kit.StateAsync(callback.ContactId));
        Assert.Empty(await _kit.WaitingAsync());
        Assert.Equal(0L, await WaitingFigureAsync());
        Assert.True(await _kit.Db.KeyTimeToLiveAsync(_kit.Keys.Contact(callback.ContactId)) > TimeSpan.Zero);
    }

    [Fact]
    public async Task ReleasedCallback_Cancelled_LeavesTheQueueAndCbx()
    {
        var callback = await _kit.SubmitAsync(at: 0, shape: Callback(100, 400));
        await _kit.SweepAsync(at: 100);
        Assert.Equal([callback.ContactId], await _kit.WaitingAsync());

        var cancelled = await _kit.Store.CancelAsync(new CancelCommand(_kit.Tenant, callback.ContactId, "caller reached us", At(110), "n1"), CancellationToken.None);

        Assert.True(cancelled.Cancelled);
        Assert.Empty(await _kit.WaitingAsync());
        Assert.Equal(0L, await WaitingFigureAsync());
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.CallbacksDue));
    }

    [Fact]
    public async Task Callback_RequestedAgain_IsTheSameContact()
    {
        var request = Callback(100, 400);
        var first = await _kit.SubmitAsync(at: 0, shape: r => request(r) with { Contact = r.Contact with { ExternalId = "cb-1" } });
        var again = await _kit.SubmitAsync(at: 5, shape: r => request(r) with { Contact = r.Contact with { ExternalId = "cb-1" } });

        Assert.Equal(EnqueueOutcome.Duplicate, again.Outcome);
        Assert.Equal(first.ContactId, again.ContactId);
        Assert.Equal(first.Callback, again.Callback);
        Assert.Equal(1, await _kit.Db.SortedSetLengthAsync(_kit.Keys.CallbacksDue));
    }

    [Fact]
    public async Task Erase_TakesAScheduledCallbackOutOfCbx()
    {
        var callback = await _kit.SubmitAsync(at: 0, customer: "cus-erase", shape: Callback(100, 400));

        var erased = await new CustomerDataStore(redis, _kit.Settings).EraseThreadAsync(new EraseCommand(_kit.Tenant, "cust:cus-erase", "erasure", At(10), "n1"), CancellationToken.None);

        Assert.Contains(callback.ContactId, erased.Erased);
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.CallbacksDue));
        Assert.False(await _kit.Db.KeyExistsAsync(_kit.Keys.Contact(callback.ContactId)));
        Assert.Empty(await _kit.SweepAsync(at: 100));
    }

    private async Task<long> WaitingFigureAsync() =>
        (long?)await _kit.Db.HashGetAsync(_kit.Keys.QueueWaiting("general"), "chat") ?? 0;
}

public sealed class CallbackOnRedisTests(Routing.Testing.RedisServerFixture redis)
    : CallbackContract(redis.Connection), IClassFixture<Routing.Testing.RedisServerFixture>;

public sealed class CallbackOnGarnetTests(Routing.Testing.GarnetFixture garnet)
    : CallbackContract(garnet.Connection), IClassFixture<Routing.Testing.GarnetFixture>;

[Collection(Routing.Testing.RedisClusterCollection.Name)]
public sealed class CallbackOnClusterTests(Routing.Testing.RedisClusterFixture cluster)
    : CallbackContract(cluster.Connection);
