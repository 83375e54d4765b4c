extern alias server;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Routing.Redis;
using Routing.Testing;
using StackExchange.Redis;
using Dispatcher = server::Routing.Server.Desk.EventDispatcher;

namespace Routing.Server.Tests;

/// <summary>The node's background loops under a store that throws what it should not: they outlive it, and say so once.</summary>
public sealed class BackgroundLoopTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const int LoopFailing = 5020;
    private const int LoopRecovered = 5021;
    private static readonly string[] Loops = ["sweeper", "crm-write-back", "offer-resync", "desk-event-dispatcher"];

    [Fact]
    public async Task StoreThrowsInvalidOperation_EveryLoopKeepsGoingAndTheHostRuns_EachLogsOnceFailingAndOnceRecovered()
    {
        var faults = new FaultyConnection();
        var logs = new LogCapture();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(("Engine:OfferResyncInterval", "00:00:00.200")), logs: logs, configure: builder =>
        {
            var real = builder.Services.Single(d => d.ServiceType == typeof(IConnectionMultiplexer));
            builder.Services.Remove(real);
            builder.Services.AddSingleton(sp => faults.Wrap((IConnectionMultiplexer)real.ImplementationFactory!(sp)));
        });
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        faults.Broken = true;
        // An event to deliver while Redis fails, so the dispatcher's workers meet the fault too.
        host.Services.GetRequiredService<Dispatcher>().Dispatch(host.Tenant,
            [new RoutingEvent(RoutingEventKind.Offer, "ada", ada.Welcome.Node, ada.Welcome.SessionId, "ct-lost", "of-ct-lost-1") { OfferReason = EngineOfferReason.Strategy }]);
        await Eventually.TrueAsync(() => Task.FromResult(Loops.All(l => Count(logs, LoopFailing, l) == 1)), TestTimeout.Short, "every loop met the fault");
        await Task.Delay(TimeSpan.FromSeconds(1)); // the outage lasts: many sweeps, a few write-back and resync passes
        faults.Broken = false;

        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        Assert.Equal(receipt.ContactId, (await ada.NextOfferAsync()).Contact.ContactId);
        await Eventually.TrueAsync(() => Task.FromResult(Loops.All(l => Count(logs, LoopRecovered, l) == 1)), TestTimeout.Short, "every loop logged its recovery");

        Assert.False(stopping.IsCancellationRequested, "the host kept running");
        Assert.All(Loops, l => Assert.Equal((1, 1), (Count(logs, LoopFailing, l), Count(logs, LoopRecovered, l))));
        var sweeps = logs.Entries.Single(e => e.EventId.Id == LoopRecovered && e.Message.StartsWith("Background loop sweeper ", StringComparison.Ordinal)).Message;
        Assert.Matches(@"after ([2-9]|\d\d+) failed iterations", sweeps);
    }

    private static int Count(LogCapture logs, int eventId, string loop) =>
        logs.Entries.Count(e => e.EventId.Id == eventId &&
            (e.Message.StartsWith($"Background loop {loop} is ", StringComparison.Ordinal) || e.Message.StartsWith($"Background loop {loop} recovered ", StringComparison.Ordinal)));
}
