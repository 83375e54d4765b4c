using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Routing.Server.Configuration;
using Routing.Server.Desk;

namespace Routing.Server.UnitTests;

public sealed class HeartbeatWatchTests
{
    [Fact]
    public async Task Watch_EndsOnlyTheWelcomedSessionsThatFellSilent()
    {
        var registry = new AgentSessionRegistry();
        var silent = Session(registry, "ada", welcomed: true);
        var talking = Session(registry, "bob", welcomed: true);
        var notYetWelcomed = Session(registry, "carl", welcomed: false);

        // 1 s heartbeats: silent for more than 3 s ends a session; the watch looks every 500 ms. The
        // margin is wide so a loaded machine that starves this loop for a while cannot silence bob.
        using var watch = new HeartbeatWatch(registry, TimeProvider.System, Options.Create(new EngineOptions { HeartbeatInterval = TimeSpan.FromSeconds(1) }), NullLogger<HeartbeatWatch>.Instance);
        await watch.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!silent.Ending.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                talking.Touch();
                await Task.Delay(20);
            }

            Assert.True(silent.Ending.IsCancellationRequested);
            Assert.Equal("no heartbeat", silent.EndReason);
            Assert.False(talking.Ending.IsCancellationRequested);
            Assert.False(notYetWelcomed.Ending.IsCancellationRequested);
        }
        finally
        {
            await watch.StopAsync(CancellationToken.None);
        }
    }

    private static AgentSession Session(AgentSessionRegistry registry, string agent, bool welcomed)
    {
        var session = new AgentSession("t1", agent, "ses-" + agent, TimeProvider.System);
        registry.Add(session);
        if (welcomed)
        {
            session.WatchHeartbeats();
        }

        return session;
    }
}
