using Grpc.Core;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>How a desk session starts and ends, end to end: hello checks and a desk that closes its side.</summary>
public sealed class AgentDeskSessionTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task HalfClosedStream_EndsTheSessionAtOnce_AndReturnsItsOffers()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await ada.NextOfferAsync();

        await ada.HalfCloseAsync();

        // The heartbeat limit is 90 s here: only the half-close can end the session within the wait.
        await ada.WaitEndedAsync();
        Assert.Equal(StatusCode.OK, ada.EndStatus?.StatusCode);
        var engine = new RoutingEngineStore(redis.Connection, new EngineSettings());
        Assert.False((await engine.GetAgentAsync(host.Tenant, "ada").WaitAsync(TestTimeout.Short))!.Connected);
        await using var bob = await DeskClient.ConnectAsync(host, "bob");
        Assert.Equal(receipt.ContactId, (await bob.NextOfferAsync()).Contact.ContactId);
    }

    [Fact]
    public async Task Hello_UnknownInitialStatus_IsInvalidArgumentNamingTheField_AndStoresNothing()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        using var call = new AgentDesk.AgentDeskClient(host.Channel).Connect(host.Credentials.AgentHeaders("bob"), deadline: DateTime.UtcNow.Add(TestTimeout.Short));
        await call.RequestStream.WriteAsync(new ConnectRequest { Hello = new Hello { AgentId = "bob", InitialStatus = (AgentStatus)42 } }).WaitAsync(TestTimeout.Short);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("hello.initial_status", error.Trailers.GetValue("routing-field"));
        Assert.Equal("invalid_argument", error.Trailers.GetValue("routing-error"));
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(host.Keys.Agent("bob")).WaitAsync(TestTimeout.Short));
    }
}
