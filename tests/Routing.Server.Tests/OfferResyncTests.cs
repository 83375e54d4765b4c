using System.Diagnostics;
using Routing.Core.Channels;
using Routing.Core.Contacts;
using Routing.Core.Customers;
using Routing.Core.Rules;
using Routing.Redis;
using Routing.Testing;
using Xunit.Abstractions;

namespace Routing.Server.Tests;

/// <summary>An offer committed in Redis whose pub/sub wake-up never came still reaches the desk, in seconds, not at its expiry.</summary>
public sealed class OfferResyncTests(RedisServerFixture redis, ITestOutputHelper output) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task OfferWhoseWakeUpWasLost_ReachesTheDeskWithinSeconds_NotAtItsExpiry()
    {
        // The production resync interval; the offer timeout is 30 s, so only the resync can explain a delivery in seconds.
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");

        // Another node enqueues and offers the contact to ada in one script, then dies before publishing:
        // the script's events are simply never sent.
        var store = new ContactQueueStore(redis.Connection, Microsoft.Extensions.Options.Options.Create(new RedisOptions()), new EngineSettings { OfferTimeout = TimeSpan.FromSeconds(30) });
        var now = DateTimeOffset.UtcNow;
        var contact = new ValidContact(new ChannelDefinition("chat", AddressKind.Handle, false), "lost-" + Guid.NewGuid().ToString("N"), "visitor-lost", "", "anyone there?", "", "en",
            new Dictionary<string, string>(), now);
        var committed = await store.EnqueueAsync(
            new EnqueueRequest(host.Tenant, contact, CustomerContext.Unknown, new RoutingDecision("default", "general", 10, [], TimeSpan.FromSeconds(120)),
                "chat:visitor-lost", false, TimeSpan.FromDays(1), TimeSpan.FromMinutes(1), now, "node-that-died"),
            CancellationToken.None).WaitAsync(TestTimeout.Short);
        var committedAt = Stopwatch.GetTimestamp();
        var lost = Assert.Single(committed.Events, e => e.Kind == RoutingEventKind.Offer && e.AgentId == "ada");

        var offer = await ada.NextOfferAsync(TimeSpan.FromSeconds(10));
        var heardAfter = Stopwatch.GetElapsedTime(committedAt);

        output.WriteLine($"the unheard offer reached the desk {heardAfter.TotalMilliseconds:F0} ms after it was committed (resync every 2 s, offers younger than 1 s left to pub/sub)");
        Assert.Equal((committed.ContactId, lost.OfferId), (offer.Contact.ContactId, offer.OfferId));
        Assert.True(heardAfter < TimeSpan.FromSeconds(5), $"heard after {heardAfter.TotalMilliseconds:F0} ms");
        Assert.NotNull((await ada.AcceptAsync(offer.OfferId)).Assigned);
    }

    [Fact]
    public async Task NodeDeclaredDeadWhileAlive_ItsDesksAreEnded_AndConnectAgainToWork()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(("Engine:OfferResyncInterval", "00:00:00.200")));
        await using var ada = await DeskClient.ConnectAsync(host, "ada");

        // Another node's sweeper judges this node dead (as after a long pause of this node): ada is disconnected in Redis
        // while her stream is open. Without a check she would wait for offers that can no longer come.
        var engine = new RoutingEngineStore(redis.Connection, new EngineSettings());
        await engine.SweepAsync(new SweepCommand(host.Tenant, "node-judging", 200, TimeSpan.FromMilliseconds(1), DateTimeOffset.UtcNow.AddSeconds(1)), CancellationToken.None).WaitAsync(TestTimeout.Short);
        Assert.False((await engine.GetAgentAsync(host.Tenant, "ada").WaitAsync(TestTimeout.Short))!.Connected);

        await ada.WaitEndedAsync();
        await using var again = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));

        Assert.Equal(receipt.ContactId, (await again.NextOfferAsync()).Contact.ContactId);
    }
}
