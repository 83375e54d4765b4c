using System.Collections.Concurrent;
using Routing.Redis;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>Two server nodes on one Redis: agents on both, contacts submitted to both.</summary>
public sealed class TwoNodeTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task ContactsSubmittedToBothNodes_AreEachAssignedExactlyOnce_ToAgentsOnEitherNode()
    {
        const int ContactCount = 300;
        var tenant = TestTenant.New();
        await using var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), tenant, "node-a");
        await using var nodeB = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), tenant, "node-b");
        var accepted = new ConcurrentBag<(string Agent, string Contact)>();
        var desks = new List<DeskClient>();
        for (var i = 0; i < 20; i++)
        {
            desks.Add(await DeskClient.ConnectAsync(i % 2 == 0 ? nodeA : nodeB, $"agent-{i:D2}"));
        }

        Assert.All(desks.Select((d, i) => (d, i)), x => Assert.Equal(x.i % 2 == 0 ? "node-a" : "node-b", x.d.Welcome.Node));
        using var stop = new CancellationTokenSource(TestTimeout.Long);
        var workers = desks.Select(d => Task.Run(() => WorkAsync(d, accepted, stop.Token))).ToList();

        var channels = new[] { "chat", "email", "sms", "voice" };
        var receipts = await Task.WhenAll(Enumerable.Range(0, ContactCount).Select(i =>
            (i % 2 == 0 ? nodeA : nodeB).SubmitAsync(DeskTestKit.NewCustomer(channels[i % channels.Length]))));

        await Eventually.TrueAsync(() => Task.FromResult(accepted.Count >= ContactCount || workers.Any(w => w.IsFaulted)), TestTimeout.Long, "not every contact was assigned in time");
        Assert.DoesNotContain(workers, w => w.IsFaulted);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var ids = receipts.Select(r => r.ContactId).ToHashSet();
        Assert.Equal(ContactCount, ids.Count);
        Assert.Equal(ContactCount, accepted.Count);
        Assert.Equal(ids.Order(), accepted.Select(a => a.Contact).Order());
        Assert.True(accepted.Select(a => a.Agent).Distinct().Count() > 10, "work spread over the agents of both nodes");
        Assert.Contains(accepted, a => int.Parse(a.Agent[^2..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 1);
        Assert.Contains(accepted, a => int.Parse(a.Agent[^2..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0);
        var db = redis.Connection.GetDatabase();
        foreach (var id in ids)
        {
            Assert.Equal(ContactStates.Completed, (string?)await db.HashGetAsync(nodeA.Keys.Contact(id), "state"));
        }

        foreach (var desk in desks)
        {
            await desk.DisposeAsync();
        }
    }

    [Fact]
    public async Task NodeStops_ItsAgentsAssignmentsReturnAfterGrace_AndReachAgentsOnTheOtherNode()
    {
        var tenant = TestTenant.New();
        var settings = DeskTestKit.FastEngine(("Engine:ReconnectGrace", "00:00:00.500"));
        var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, settings, tenant, "node-a");
        await using var nodeB = await RoutingServerHost.StartAsync(redis.ConnectionString, settings, tenant, "node-b");
        var ada = await DeskClient.ConnectAsync(nodeA, "ada");
        var receipt = await nodeB.SubmitAsync(DeskTestKit.NewCustomer("email"));
        var assignment = await ada.TakeNextAsync();
        Assert.Equal(receipt.ContactId, assignment.Contact.ContactId);

        await nodeA.DisposeAsync();
        await using var bob = await DeskClient.ConnectAsync(nodeB, "bob");

        var offer = await bob.NextOfferAsync();
        Assert.Equal(receipt.ContactId, offer.Contact.ContactId);
        var store = new ContactQueueStore(redis.Connection, Microsoft.Extensions.Options.Options.Create(new RedisOptions()), new EngineSettings());
        var timeline = await store.GetTimelineAsync(tenant, receipt.ContactId, CancellationToken.None);
        Assert.Contains(timeline, t => t.Kind == "returned" && t.Agent == "ada" && t.Node == "node-b");
        await ada.DisposeAsync();
    }

    private static async Task WorkAsync(DeskClient desk, ConcurrentBag<(string, string)> accepted, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var offer = await desk.NextOfferAsync(TestTimeout.Long).WaitAsync(stop);
                var reply = await desk.AcceptAsync(offer.OfferId).WaitAsync(stop);
                if (reply.Assigned is { } assigned)
                {
                    accepted.Add((desk.AgentId, assigned.Assignment.Contact.ContactId));
                    await desk.CompleteAsync(assigned.Assignment.Contact.ContactId).WaitAsync(stop);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
