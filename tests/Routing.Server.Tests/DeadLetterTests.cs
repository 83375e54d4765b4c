using System.Diagnostics.Metrics;
using Routing.Protos.V1;
using Routing.Testing;
using static Routing.Server.Tests.HoursTestKit;

namespace Routing.Server.Tests;

/// <summary>
/// Dead letters end to end: a contact waiting in a queue no logged-in agent can serve is flagged
/// after the queue's DeadLetterAfter (2 min here; the server's clock stands still where the test
/// puts it), listed, counted on the board, put on the timeline, and cleared when someone who can
/// serve it logs in.
/// </summary>
public sealed class DeadLetterTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly DateTimeOffset Start = Utc("2026-11-02T10:00:00");

    /// <param name="queue">Where the default rule sends contacts (a queue of the test's own: the meter is process-wide).</param>
    private static Dictionary<string, string?> Settings(string queue = "general") => DeskTestKit.FastEngine(
        ("RoutingRules:Default:Queue", queue),
        ("DeadLetters:After", "00:10:00"),
        ($"Queues:{queue}:DeadLetterAfter", "00:02:00"));

    private static void ChatOnly(Hello h) => h.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = 1 });

    private static void NoChat(Hello h) => h.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = 0 });

    [Fact]
    public async Task WaitingContact_NoLoggedInAgentServesItsQueueOrChannel_IsFlaggedAtTheThreshold_ListedShownCountedAndOnItsTimeline()
    {
        var queue = "dl-" + Guid.NewGuid().ToString("N")[..8];
        using var counted = new DeadLetterCounter(queue);
        var clock = new MovableClock(Start);
        await using var host = await StartAsync(redis.ConnectionString, clock, Settings(queue));
        var node = "e2e-" + host.Tenant;
        await using var billing = await DeskClient.ConnectAsync(host, "bill", skills: ("billing", 3, true));
        await using var voiceOnly = await DeskClient.ConnectAsync(host, "vic", NoChat, skills: (queue, 3, true));
        await using var watcher = QueueWatcher.Start(host.Channel, new WatchQueuesRequest { Queues = { queue } });

        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        clock.Now = Start + TimeSpan.FromMinutes(2) - TimeSpan.FromMilliseconds(1);
        await SweptAtAsync(host, redis.Connection, node, clock.Now);
        Assert.Empty((await DeadLettersAsync(host)).DeadLetters);

        clock.Now = Start + TimeSpan.FromMinutes(2);
        await SweptAtAsync(host, redis.Connection, node, clock.Now);
        var letter = Assert.Single((await DeadLettersAsync(host, queue)).DeadLetters);
        Assert.Equal(receipt.ContactId, letter.ContactId);
        Assert.Equal(queue, letter.Queue);
        Assert.Equal("chat", letter.Channel);
        Assert.Equal(TimeSpan.FromMinutes(2), letter.Waited.ToTimeSpan());
        Assert.Equal(clock.Now, letter.FlaggedAt.ToDateTimeOffset());
        Assert.Equal($"no logged-in agent serves {queue} on chat", letter.Why);
        await watcher.QueueAsync(queue, s => s.DeadLetters == 1);
        Assert.Single((await TimelineAsync(host, receipt.ContactId)).Events, e => e.Kind == TimelineEventKind.DeadLettered);
        await Eventually.TrueAsync(() => Task.FromResult(counted.Count == 1), TestTimeout.Short, $"routing.contacts.dead_lettered is {counted.Count}, not 1");

        // Checked again every threshold: still nobody, still one flag, not counted twice.
        clock.Now = Start + TimeSpan.FromMinutes(4);
        await SweptAtAsync(host, redis.Connection, node, clock.Now);
        Assert.Single((await DeadLettersAsync(host)).DeadLetters);
        var events = (await TimelineAsync(host, receipt.ContactId)).Events;
        Assert.Single(events, e => e.Kind == TimelineEventKind.DeadLettered);
        Assert.True(counted.Count == 1, $"counted {counted.Count}: {string.Join(", ", events.Select(e => e.Name + "@" + e.Node))}");
    }

    [Fact]
    public async Task WaitingContact_ASuitableAgentIsLoggedInButBusy_IsNotFlagged()
    {
        var clock = new MovableClock(Start);
        await using var host = await StartAsync(redis.ConnectionString, clock, Settings());
        await using var ada = await DeskClient.ConnectAsync(host, "ada", ChatOnly);
        var first = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        Assert.Equal(first.ContactId, (await ada.TakeNextAsync()).Contact.ContactId);
        var second = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        Assert.Equal(ContactState.Queued, second.State);

        clock.Now = Start + TimeSpan.FromMinutes(5);
        await SweptAtAsync(host, redis.Connection, "e2e-" + host.Tenant, clock.Now);

        Assert.Empty((await DeadLettersAsync(host)).DeadLetters);
        Assert.DoesNotContain((await TimelineAsync(host, second.ContactId)).Events, e => e.Kind == TimelineEventKind.DeadLettered);
    }

    [Fact]
    public async Task FlaggedContact_AnAgentWhoCanServeItLogsIn_TheFlagClears_AndTheCountDrops()
    {
        var clock = new MovableClock(Start);
        await using var host = await StartAsync(redis.ConnectionString, clock, Settings());
        await using var watcher = QueueWatcher.Start(host.Channel, new WatchQueuesRequest { Queues = { "general" } });
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        clock.Now = Start + TimeSpan.FromMinutes(2);
        await SweptAtAsync(host, redis.Connection, "e2e-" + host.Tenant, clock.Now);
        await watcher.QueueAsync("general", s => s.DeadLetters == 1);
        var flagged = System.Diagnostics.Stopwatch.GetTimestamp();

        // Logged in but away: nobody is offered it, yet it is no longer a contact nobody can serve.
        await using var ada = await DeskClient.ConnectAsync(host, "ada", status: AgentStatus.Away);

        Assert.Empty((await DeadLettersAsync(host)).DeadLetters);
        await watcher.QueueAsync("general", s => s.DeadLetters == 0, since: flagged);
        Assert.Contains((await TimelineAsync(host, receipt.ContactId)).Events, e => e.Name == "dead_letter_cleared");
        await ada.StatusAsync(AgentStatus.Available);
        Assert.Equal(receipt.ContactId, (await ada.NextOfferAsync()).Contact.ContactId);
    }

    [Fact]
    public async Task TwoNodes_ContactIsFlaggedOnce_ListedOnBoth_AndClearedByAnAgentOnTheOther()
    {
        var tenant = TestTenant.New();
        var clock = new MovableClock(Start);
        await using var nodeA = await StartAsync(redis.ConnectionString, clock, Settings(), tenant, "node-a");
        await using var nodeB = await StartAsync(redis.ConnectionString, clock, Settings(), tenant, "node-b");
        var receipt = await nodeA.SubmitAsync(DeskTestKit.NewCustomer("email"));

        clock.Now = Start + TimeSpan.FromMinutes(3);
        await SweptAtAsync(nodeA, redis.Connection, "node-a", clock.Now);
        await SweptAtAsync(nodeB, redis.Connection, "node-b", clock.Now);
        Assert.Single((await TimelineAsync(nodeA, receipt.ContactId)).Events, e => e.Kind == TimelineEventKind.DeadLettered);
        Assert.Equal(receipt.ContactId, Assert.Single((await DeadLettersAsync(nodeB)).DeadLetters).ContactId);

        await using var bob = await DeskClient.ConnectAsync(nodeB, "bob");
        Assert.Equal(receipt.ContactId, (await bob.NextOfferAsync()).Contact.ContactId);
        Assert.Empty((await DeadLettersAsync(nodeA)).DeadLetters);
    }

    /// <summary>routing.contacts.dead_lettered for one queue.</summary>
    private sealed class DeadLetterCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public DeadLetterCounter(string queue)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Routing" && instrument.Name == "routing.contacts.dead_lettered")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "queue" && Equals(tag.Value, queue))
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
