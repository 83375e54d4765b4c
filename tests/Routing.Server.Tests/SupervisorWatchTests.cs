extern alias server;

using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Routing.Protos.V1;
using QueueBoards = server::Routing.Server.Supervisor.QueueBoards;
using QueueWatch = server::Routing.Server.Supervisor.QueueWatch;
using ServerWatchRequest = server::Routing.Protos.V1.WatchQueuesRequest;
using ServerWatchResponse = server::Routing.Protos.V1.WatchQueuesResponse;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>Supervisor.WatchQueues and the estimated wait, end to end: real Kestrel, real Redis, generated clients.</summary>
public sealed class SupervisorWatchTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task WatchQueues_ScriptedSequence_FiguresExactPerQueueAndChannel_ChangesWithinOneSecond()
    {
        // Every receipt reads the queue's answer rates afresh, so each estimate is exact at once.
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(("Supervisor:WaitEstimateRefresh", "00:00:00")));
        var ingest = new ContactIngest.ContactIngestClient(host.Channel);
        var c1 = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        var c2 = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        var s1 = await host.SubmitAsync(DeskTestKit.NewCustomer("sms"));
        var s2 = await host.SubmitAsync(DeskTestKit.NewCustomer("sms"));
        Assert.All(new[] { c1, c2, s1, s2 }, r => Assert.Equal("general", r.Queue));
        Assert.Null(c2.EstimatedWait); // nothing answered yet: no history to estimate from
        await ingest.CancelAsync(new CancelRequest { ContactId = s2.ContactId, Reason = "caller hung up" }).ResponseAsync.WaitAsync(TestTimeout.Short);

        await using var watch = QueueWatcher.Start(host.Channel, new WatchQueuesRequest { IncludeAgents = true });
        var snapshot = await watch.SnapshotAsync();
        var general = Assert.Single(snapshot.Queues);
        Assert.Equal(3, general.Waiting);
        Assert.Equal(2, general.WaitingByChannel["chat"]);
        Assert.Equal(1, general.WaitingByChannel["sms"]);
        Assert.Equal(4, general.Today.Queued);
        Assert.Equal(1, general.Abandoned);
        Assert.Equal(0, general.Offered);
        Assert.Equal(0, general.ServiceLevelPercent); // one abandoned, none answered
        Assert.Equal(1, general.Channels.Single(c => c.Channel == "sms").Today.Abandoned);
        Assert.Equal(0, general.Channels.Single(c => c.Channel == "chat").Today.Abandoned);

        // Ada takes one chat and one sms at a time: offered c1 and s1.
        var connected = Stopwatch.GetTimestamp();
        await using var ada = await DeskClient.ConnectAsync(host, "ada", h =>
        {
            h.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = 1 });
            h.Capacity.Add(new ChannelCapacity { Channel = "sms", MaxConcurrent = 1 });
        });
        var offers = new[] { await ada.NextOfferAsync(), await ada.NextOfferAsync() };
        var chatOffer = offers.Single(o => o.Contact.Channel == "chat");
        var smsOffer = offers.Single(o => o.Contact.Channel == "sms");
        Assert.Equal(c1.ContactId, chatOffer.Contact.ContactId);
        Assert.Equal(s1.ContactId, smsOffer.Contact.ContactId);
        var (offered, after) = await watch.QueueAsync("general", q => q.Offered == 2 && q.Waiting == 1, connected);
        Assert.True(after < OneSecond, $"the offers reached the watcher after {after}");
        Assert.Equal(1, offered.AgentsBusy + offered.AgentsAvailable + offered.AgentsWrapUp + offered.AgentsAway);

        // Declined: c1 goes back in line, ada (cooling down on c1) is offered c2.
        await ada.DeclineAsync(chatOffer.OfferId);
        var next = await ada.NextOfferAsync();
        Assert.Equal(c2.ContactId, next.Contact.ContactId);
        await ada.AcceptAsync(next.OfferId);
        var accepted = Stopwatch.GetTimestamp();
        await ada.AcceptAsync(smsOffer.OfferId);
        (_, after) = await watch.QueueAsync("general", q => q.Assigned == 2, accepted);
        Assert.True(after < OneSecond, $"the accepts reached the watcher after {after}");
        var busy = await watch.AgentAsync("ada", a => a.Contacts.Count == 2 && a.Activity == AgentActivity.Busy);
        Assert.Equal(1, busy.Load["chat"]);
        Assert.Equal(1, busy.Load["sms"]);
        Assert.Equal(AgentStatus.Available, busy.Status);

        await ada.CompleteAsync(c2.ContactId);
        await ada.CompleteAsync(s1.ContactId);
        var completed = Stopwatch.GetTimestamp();
        var (final, late) = await watch.QueueAsync("general", q => q.Handled == 2, completed);
        Assert.True(late < OneSecond, $"the completions reached the watcher after {late}");

        Assert.Equal(1, final.Waiting);
        Assert.Equal(1, final.WaitingByChannel["chat"]);
        Assert.Equal(0, final.WaitingByChannel["sms"]);
        Assert.Equal(3, final.Offered);
        Assert.Equal(2, final.Assigned);
        Assert.Equal(2, final.Handled);
        Assert.Equal(1, final.Abandoned);
        Assert.Equal(66.67, final.ServiceLevelPercent); // 2 answered within 120 s of 2 answered + 1 abandoned
        foreach (var window in new[] { final.Today, final.LastHour, final.Last15M })
        {
            Assert.Equal((4, 3, 2, 2, 1, 2), (window.Queued, window.Offered, window.Assigned, window.Handled, window.Abandoned, window.AnsweredWithinTarget));
        }

        var chat = final.Channels.Single(c => c.Channel == "chat");
        var sms = final.Channels.Single(c => c.Channel == "sms");
        Assert.Equal((2, 2, 1, 1, 0, 100.0), (chat.Today.Queued, chat.Today.Offered, chat.Today.Assigned, chat.Today.Handled, chat.Today.Abandoned, chat.Today.ServiceLevelPercent));
        Assert.Equal((2, 1, 1, 1, 1, 50.0), (sms.Today.Queued, sms.Today.Offered, sms.Today.Assigned, sms.Today.Handled, sms.Today.Abandoned, sms.Today.ServiceLevelPercent));
        Assert.Equal(1, chat.Waiting);
        Assert.Equal(0, sms.Waiting);

        // Averages: exactly the contacts' own times, as the engine stored them.
        var db = redis.Connection.GetDatabase();
        async Task<(long Wait, long Handle)> TimesAsync(string id)
        {
            var f = await db.HashGetAsync(host.Keys.Contact(id), ["enq", "accepted", "completed"]);
            return ((long)f[1] - (long)f[0], (long)f[2] - (long)f[1]);
        }

        var tc2 = await TimesAsync(c2.ContactId);
        var ts1 = await TimesAsync(s1.ContactId);
        Assert.Equal(TimeSpan.FromMilliseconds(Math.Round((tc2.Wait + ts1.Wait) / 2.0)), final.Today.AverageWait.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMilliseconds(Math.Round((tc2.Handle + ts1.Handle) / 2.0)), final.Today.AverageHandle.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMilliseconds(tc2.Wait), chat.Today.AverageWait.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMilliseconds(ts1.Handle), sms.Today.AverageHandle.ToTimeSpan());

        // Estimated wait: 2 answered in the last 15 min = 2/15 a minute; a contact second in line waits 2 / (2/15) min = 15 min.
        Assert.Equal(TimeSpan.FromMinutes(15), final.EstimatedWait.ToTimeSpan());
        await ada.StatusAsync(AgentStatus.Away, "lunch");
        var c3 = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        Assert.Equal(2, c3.Position);
        Assert.Equal(TimeSpan.FromMinutes(15), c3.EstimatedWait.ToTimeSpan());
        var away = await watch.AgentAsync("ada", a => a.Status == AgentStatus.Away);
        Assert.Equal("lunch", away.StatusReason);
        Assert.Empty(away.Contacts);
        Assert.Equal(1, (await watch.QueueAsync("general", q => q.Waiting == 2)).Stats.AgentsAway);

        // SubmitStream: items of one batch share the queue's figures, read once, each estimated from its own position.
        using var stream = new ContactIngest.ContactIngestClient(host.Channel).SubmitStream(deadline: DateTime.UtcNow.Add(TestTimeout.Short));
        await stream.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = DeskTestKit.NewCustomer("chat") });
        await stream.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = DeskTestKit.NewCustomer("chat") });
        await stream.RequestStream.CompleteAsync();
        var streamed = new List<ContactReceipt>();
        await foreach (var response in stream.ResponseStream.ReadAllAsync())
        {
            streamed.Add(response.Receipt);
        }

        // Replies come in the items' order. The items of one batch are enqueued concurrently (each after
        // its own CRM lookup), so either may take the line first: one is third, the other fourth, or
        // third as well when both got the same millisecond (equal scores) and its id sorts first.
        Assert.Equal(2, streamed.Count);
        Assert.Contains(streamed, r => r.Position == 3);
        Assert.All(streamed, r => Assert.InRange(r.Position, 3, 4));
        Assert.All(streamed, r => Assert.Equal(TimeSpan.FromSeconds(Math.Round(r.Position * 60 / (2 / 15.0))), r.EstimatedWait.ToTimeSpan()));
    }

    [Theory]
    [InlineData("01:00:00", false)]
    [InlineData("00:00:00", true)]
    public async Task SubmitReceipts_ReuseTheQueuesAnswerRates_WithinWaitEstimateRefresh(string refresh, bool estimatedAfterAnswers)
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(("Supervisor:WaitEstimateRefresh", refresh)));
        var first = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        Assert.Null(first.EstimatedWait); // nothing answered yet
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var offer = await ada.NextOfferAsync();
        await ada.AcceptAsync(offer.OfferId);
        await ada.CompleteAsync(first.ContactId);
        await ada.StatusAsync(AgentStatus.Away, "lunch"); // the next contacts wait in line

        await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        var third = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));

        // An hour's refresh still answers from the rates read with the first receipt (none answered);
        // zero reads them again: 1 answered in 15 min, second in line = 30 min.
        Assert.Equal(2, third.Position);
        Assert.Equal(estimatedAfterAnswers ? TimeSpan.FromMinutes(30) : null, third.EstimatedWait?.ToTimeSpan());
    }

    [Fact]
    public async Task WatchQueues_OnNodeB_SeesWhatHappensOnNodeA_WithinOneSecond()
    {
        var tenant = TestTenant.New();
        await using var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), tenant, "node-a");
        await using var nodeB = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), tenant, "node-b");
        await using var watch = QueueWatcher.Start(nodeB.Channel, new WatchQueuesRequest { Queues = { "general" }, IncludeAgents = true });
        var snapshot = await watch.SnapshotAsync();
        Assert.Equal(0, Assert.Single(snapshot.Queues).Waiting);

        var submitted = Stopwatch.GetTimestamp();
        await nodeA.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        var (_, after) = await watch.QueueAsync("general", q => q.Waiting == 1 && q.WaitingByChannel["chat"] == 1, submitted);
        Assert.True(after < OneSecond, $"node B's watcher saw node A's contact after {after}");

        await using var ada = await DeskClient.ConnectAsync(nodeA, "ada");
        var assignment = await ada.TakeNextAsync();
        var accepted = Stopwatch.GetTimestamp();
        (_, after) = await watch.QueueAsync("general", q => q.Waiting == 0 && q.Assigned == 1, accepted);
        Assert.True(after < OneSecond, $"node B's watcher saw node A's accept after {after}");
        var agent = await watch.AgentAsync("ada", a => a.Contacts.Contains(assignment.Contact.ContactId));
        Assert.Equal("node-a", agent.Node);
    }

    [Fact]
    public async Task WatchQueues_SupervisorOfAnotherTenant_SeesNothingOfThisOne()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await using var ada = await DeskClient.ConnectAsync(host, "ada", status: AgentStatus.Away);
        var other = TestTenant.New();
        var headers = TestCredentials.Bearer(TestCredentials.Mint(other, "other-supervisor", ["supervisor"]));
        await using var watch = QueueWatcher.Start(host.Channel, new WatchQueuesRequest { IncludeAgents = true }, headers);
        var snapshot = await watch.SnapshotAsync();
        Assert.Empty(snapshot.Queues);
        Assert.Empty(snapshot.Agents);

        // Asking for this tenant's queue by name shows the other tenant's (empty) queue of that name.
        await using var named = QueueWatcher.Start(host.Channel, new WatchQueuesRequest { Queues = { "general" } }, headers);
        Assert.Equal(0, Assert.Single((await named.SnapshotAsync()).Queues).Waiting);
        await host.SubmitAsync(DeskTestKit.NewCustomer("sms"));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.All(watch.Messages.Concat(named.Messages), m => Assert.True(
            m.Snapshot is not null || m.QueueChanged?.Waiting == 0, $"the other tenant's supervisor saw {m}"));
    }

    [Fact]
    public async Task WatchQueues_AgentToken_PermissionDenied()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        var call = new Protos.V1.Supervisor.SupervisorClient(host.Channel).WatchQueues(new WatchQueuesRequest(), host.Credentials.AgentHeaders("ada"));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task WatchQueues_WatcherThatStopsReading_HoldsOneBoard_AndGetsAFreshSnapshot()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(("Supervisor:PollInterval", "00:00:00.100")));
        var watch = host.Services.GetRequiredService<QueueWatch>();
        var boards = host.Services.GetRequiredService<QueueBoards>();
        var writer = new StalledWriter();
        using var stop = new CancellationTokenSource();
        var running = watch.RunAsync(host.Tenant, new ServerWatchRequest(), writer, stop.Token);

        await Eventually.TrueAsync(() => Task.FromResult(writer.Written.Count == 1 || running.IsCompleted), TestTimeout.Short, "no snapshot");
        Assert.False(running.IsCompleted, $"the watch ended: {running.Exception}");
        await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await Eventually.TrueAsync(() => Task.FromResult(writer.Stalled), TestTimeout.Short, "the first change was never written");

        // The reader is stuck; thirty more contacts arrive over many polls.
        for (var i = 0; i < 30; i++)
        {
            await host.SubmitAsync(DeskTestKit.NewCustomer(i % 2 == 0 ? "chat" : "sms"));
        }

        await Task.Delay(TimeSpan.FromMilliseconds(800));
        Assert.Equal(2, writer.Written.Count); // nothing queued behind the stalled write: the watcher holds the latest board only
        Assert.Equal(1, boards.ActiveBoards);

        writer.Release();
        await Eventually.TrueAsync(() => Task.FromResult(writer.Written.Count >= 3), TestTimeout.Short, "nothing after the reader came back");
        var fresh = writer.Written[2];
        Assert.Equal(ServerWatchResponse.KindOneofCase.Snapshot, fresh.KindCase);
        Assert.Equal(31, Assert.Single(fresh.Snapshot.Queues).Waiting);

        await stop.CancelAsync();
        await running.WaitAsync(TestTimeout.Short);
        Assert.Equal(0, boards.ActiveBoards);
    }

    /// <summary>A reader that stops reading after the snapshot: its second write waits until released.</summary>
    private sealed class StalledWriter : IServerStreamWriter<ServerWatchResponse>
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<ServerWatchResponse> _written = [];

        public WriteOptions? WriteOptions { get; set; }

        public bool Stalled { get; private set; }

        public IReadOnlyList<ServerWatchResponse> Written
        {
            get
            {
                lock (_written)
                {
                    return [.. _written];
                }
            }
        }

        public void Release() => _released.TrySetResult();

        public Task WriteAsync(ServerWatchResponse message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(ServerWatchResponse message, CancellationToken cancellationToken)
        {
            lock (_written)
            {
                _written.Add(message);
            }

            if (_written.Count == 2)
            {
                Stalled = true;
                await _released.Task.WaitAsync(cancellationToken);
            }
        }
    }
}
