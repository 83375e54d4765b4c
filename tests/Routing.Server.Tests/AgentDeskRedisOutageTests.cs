using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Server.Tests;

/// <summary>A desk through a Redis blip: its own redis-server, paused while a command is in flight.</summary>
public sealed class AgentDeskRedisOutageTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Command_WhileRedisIsPaused_IsAnsweredUnavailable_AndTheSessionGoesOn()
    {
        // Short client timeouts, so a paused Redis fails the command well within the pause.
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString + ",asyncTimeout=300,syncTimeout=300", DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");

        await redis.Connection.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "3000", "ALL").WaitAsync(TestTimeout.Short);
        var duringPause = await ada.StatusAsync(AgentStatus.Away, "break");
        var heartbeat = await ada.RequestAsync(new ConnectRequest { Heartbeat = new Heartbeat() });

        Assert.Equal(("unavailable", (int)StatusCode.Unavailable), (duringPause.Error?.Code, duringPause.Error?.StatusCode));
        Assert.NotNull(heartbeat.HeartbeatAck);
        await Eventually.TrueAsync(async () => (await ada.StatusAsync(AgentStatus.Available)).StatusChanged is not null, because: "the desk's next command after the pause never worked");
        Assert.Null(ada.EndStatus);
        var agent = await new RoutingEngineStore(redis.Connection, new EngineSettings()).GetAgentAsync(host.Tenant, "ada").WaitAsync(TestTimeout.Short);
        Assert.Equal((EngineAgentStatus.Available, true), (agent!.Status, agent.Connected));
    }

    [Fact]
    public async Task Hello_WhileRedisIsPaused_EndsTheCallUnavailable_AndConnectingAgainWorks()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString + ",asyncTimeout=300,syncTimeout=300", DeskTestKit.FastEngine());

        await redis.Connection.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "3000", "ALL").WaitAsync(TestTimeout.Short);
        using (var call = new AgentDesk.AgentDeskClient(host.Channel).Connect(host.Credentials.AgentHeaders("ada"), deadline: DateTime.UtcNow.Add(TestTimeout.Short)))
        {
            await call.RequestStream.WriteAsync(new ConnectRequest { Hello = new Hello { AgentId = "ada" } }).WaitAsync(TestTimeout.Short);
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));

            Assert.Equal((StatusCode.Unavailable, "unavailable"), (error.StatusCode, error.Trailers.GetValue("routing-error")));
            Assert.Contains("connect again", error.Status.Detail);
        }

        DeskClient? ada = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                ada = await DeskClient.ConnectAsync(host, "ada");
                return true;
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or System.Threading.Channels.ChannelClosedException)
            {
                return false;
            }
        }, because: "the desk could not connect after the pause");
        await using (ada)
        {
            Assert.Equal("ada", ada!.Welcome.AgentId);
        }
    }

    [Fact]
    public async Task StreamEnd_WhileTheStoreFails_IsRecordedOnceItWorks_SoTheAgentIsNotLeftConnected()
    {
        var faults = new FaultyConnection();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(("Engine:OfferResyncInterval", "00:00:00.200")),
            configure: builder =>
            {
                var real = builder.Services.Single(d => d.ServiceType == typeof(IConnectionMultiplexer));
                builder.Services.Remove(real);
                builder.Services.AddSingleton(sp => faults.Wrap((IConnectionMultiplexer)real.ImplementationFactory!(sp)));
            });
        var ada = await DeskClient.ConnectAsync(host, "ada");
        var engine = new RoutingEngineStore(redis.Connection, new EngineSettings());

        faults.Broken = true;
        await ada.DisposeAsync(); // the desk drops while the store cannot record it
        await Task.Delay(TimeSpan.FromSeconds(1)); // a few resync passes fail meanwhile
        Assert.True((await engine.GetAgentAsync(host.Tenant, "ada").WaitAsync(TestTimeout.Short))!.Connected);
        faults.Broken = false;

        // Without a retry Redis would hold ada as connected for good, with nobody to answer her offers.
        await Eventually.TrueAsync(async () => !(await engine.GetAgentAsync(host.Tenant, "ada").WaitAsync(TestTimeout.Short))!.Connected,
            because: "the end of ada's session was never recorded");
    }
}
